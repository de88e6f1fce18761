// Individual Reveal: Reveal and Wait. One reveal per input item, exactly like Start (same fields,
// checks and request body, ./start.operation.ts) but with this execution's resume URL as each
// reveal's callback_url. The execution then waits (../../../shared/waitForCallbacks.ts) and resumes
// once, when Wiza has called back every reveal, with one item per input item. At the time limit
// each reveal still open is fetched once (GET /api/individual_reveals/:id) and the rest marked.
// With Wait By: Polling, no callback_url is sent and the node asks for the open reveals itself
// (../../../shared/pollJobs.ts), with the same GET and the same output.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import type { CallbackDelivery } from '../../../shared/callbackResults';
import { asNodeError } from '../../../shared/items';
import { pollJobs, type JobFetcher } from '../../../shared/pollJobs';
import { resumeUrlOf } from '../../../shared/resumeWebhook';
import { readTimeLimitMs, timeLimitProperties } from '../../../shared/timeLimit';
import { waitForCallbacks, type ResumeAdapter } from '../../../shared/waitForCallbacks';
import { pollingNotice, readMaxChecksPerJob, readWaitBy, WHEN_WAITING_BY_CALLBACKS, waitByProperties } from '../../../shared/waitBy';
import { failedResult } from '../../../shared/waitOutput';
import { itemIndexesOfJob, type WaitEntry, type WaitPlan } from '../../../shared/waitPlan';
import { verifyWizaCallback } from '../../callbackAuth';
import { classifyCallback } from '../../callbacks';
import { revealEnvelopeSchema, type RevealData } from '../../schemas';
import { wizaRequest } from '../../transport';
import { revealIsDone, revealResult } from '../../waitResults';
import { revealInputFields, emailOptionsField, enrichmentLevelField } from '../fields';
import { postReveal, revealRequestOf } from './start.operation';

const PROVIDER = 'Wiza';

const displayOptions = { show: { resource: ['individualReveal'], operation: ['revealAndWait'] } };

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item is one reveal. The workflow pauses until Wiza has called back every reveal (or the time limit passes), then continues with one item per input item: its contact details, or a status saying why there are none.',
		name: 'revealWaitNotice',
		type: 'notice',
		default: '',
		displayOptions: WHEN_WAITING_BY_CALLBACKS,
	},
	pollingNotice('Wiza', 'reveal'),
	...revealInputFields,
	enrichmentLevelField,
	emailOptionsField(false),
];

export const description = [...updateDisplayOptions(displayOptions, properties), ...waitByProperties(PROVIDER, displayOptions), ...timeLimitProperties(displayOptions)];

/** Says, on an error that stops the node, that some reveals were already started (and will be charged). */
function noteStartedReveals(error: Error, started: number): Error {
	if (started === 0) return error;
	const note = ` ${started} reveal(s) of earlier items were already started; their results will not reach this workflow. Fetch them with Individual Reveal: Get, or use Continue On Fail.`;
	const withDescription = error as Error & { description?: string | null };
	withDescription.description = `${withDescription.description ?? ''}${note}`;
	return error;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const timeLimitMs = readTimeLimitMs(this);
	const waitBy = readWaitBy(this);
	const maxChecksPerJob = waitBy === 'polling' ? readMaxChecksPerJob(this) : 0;
	// Polling sends no callback_url (Wiza then calls the account's default webhook URL, if one is set).
	const callback = waitBy === 'callbacks' ? { callback_url: resumeUrlOf(this) } : {};
	const count = this.getInputData().length;
	const entries: WaitEntry[] = new Array(count);

	// Every item is read before anything is sent: without Continue On Fail a bad item stops the
	// node before any reveal (and any charge) starts.
	const requests = new Map<number, IDataObject>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			requests.set(itemIndex, { ...revealRequestOf(this, itemIndex), ...callback });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			entries[itemIndex] = { result: failedResult(error) };
		}
	}

	let started = 0;
	for (const [itemIndex, body] of requests) {
		try {
			const reveal = await postReveal(this, body, itemIndex);
			started++;
			entries[itemIndex] = revealIsDone(reveal) ? { result: revealResult(reveal) } : { jobId: String(reveal.id) };
		} catch (error) {
			if (!this.continueOnFail()) throw noteStartedReveals(asNodeError(this, error, itemIndex), started);
			entries[itemIndex] = { result: failedResult(error) };
		}
	}
	if (waitBy === 'polling') return await pollJobs(this, revealFetcher, { provider: PROVIDER, entries, timeLimitMs, maxChecksPerJob });
	const [items] = await waitForCallbacks(this, { provider: PROVIDER, entries, timeLimitMs });
	return items;
}

function revealDelivery(reveal: RevealData, plan: WaitPlan): CallbackDelivery {
	const jobId = String(reveal.id);
	const json = revealResult(reveal);
	return { jobId, jobDone: true, results: itemIndexesOfJob(plan, jobId).map((itemIndex) => ({ itemIndex, json })) };
}

/** One GET of a reveal: its result when done (finished or failed), nothing yet otherwise. */
async function fetchReveal(context: IExecuteFunctions | IWebhookFunctions, jobId: string, plan: WaitPlan): Promise<CallbackDelivery> {
	const path = `/api/individual_reveals/${encodeURIComponent(jobId)}`;
	const envelope = await wizaRequest(context, { method: 'GET', path, itemIndex: 0, what: `reveal ${jobId}` }, revealEnvelopeSchema);
	return revealIsDone(envelope.data) ? revealDelivery(envelope.data, plan) : { jobId, jobDone: false, results: [] };
}

/** How the resume webhook reads Wiza's reveal callbacks and fetches an open reveal at the time limit. */
export const resumeAdapter: ResumeAdapter = {
	provider: PROVIDER,
	// One reveal per item: an item is in when its reveal has called back (finished or failed).
	jobsDoneWhen: 'itemResults',
	verify: verifyWizaCallback,
	parseCallback: async (context, plan) => {
		const callback = classifyCallback(context.getBodyData());
		if (!callback.recognised) throw new Error(callback.problem);
		// Wiza calls back when a reveal completes or fails (docs), so a reveal callback is final.
		return callback.event === 'list.finished' ? undefined : revealDelivery(callback.reveal, plan);
	},
	fetchJob: fetchReveal,
};

/** How the polling loop asks Wiza about the open reveals: the same GET. */
const revealFetcher: JobFetcher = { provider: PROVIDER, jobsDoneWhen: 'itemResults', fetchJob: fetchReveal };
