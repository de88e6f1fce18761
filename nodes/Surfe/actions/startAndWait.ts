// The "... and Wait" form of People > Enrich and Company > Enrich. The items, their checks and the
// packing are the plain operation's own (./startEnrichments.ts and the operation's spec); what
// changes:
// - `notificationOptions.webhookUrl` is this execution's resume URL (../../shared/resumeWebhook.ts),
//   checked like the Webhook URL field: Surfe only calls https:// URLs, so an http:// resume URL
//   (n8n without a public HTTPS address) is refused unless Allow Plain-HTTP is on;
// - every item's `externalID` is the node's own `n8n-<execution id>-<item index>` (the External ID
//   field is not offered): Surfe echoes it on each result, and it is how a result finds its item;
// - the execution then waits (../../shared/waitForCallbacks.ts) and resumes once, when every item
//   has its result (Surfe's per-person or per-company events) or its job has said it is done (the
//   batch event). At the time limit each unfinished job is fetched once and the rest marked.
// With Wait By: Polling, no webhook URL is sent (so no HTTPS address is needed) and the node asks
// for the jobs itself (../../shared/pollJobs.ts) with that same GET, all jobs each round.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import type { CallbackDelivery } from '../../shared/callbackResults';
import { pollJobs, type JobFetcher } from '../../shared/pollJobs';
import { readMaxChecksPerJob, readWaitBy, WHEN_WAITING_BY_CALLBACKS } from '../../shared/waitBy';

import { invalidInputError } from '../../shared/errors';
import { resumeUrlOf } from '../../shared/resumeWebhook';
import { readTimeLimitMs } from '../../shared/timeLimit';
import { waitForCallbacks, type ResumeAdapter } from '../../shared/waitForCallbacks';
import { asFailedResult } from '../../shared/waitOutput';
import type { WaitEntry } from '../../shared/waitPlan';
import { callbackBodyOf, verifySurfeCallback } from '../callbackAuth';
import { itemsForEvent } from '../events';
import { ExternalIds } from '../externalIds';
import { deliveryOf } from '../waitResults';
import { checkWebhookUrl, RESUME_URL } from '../webhookUrl';
import { fetchJob, type Kind } from './getEnrichment';
import { startEnrichments, type EnrichmentSpec, type EnrichTarget } from './startEnrichments';
import { allowPlainHttpOption } from './webhookFields';

const PROVIDER = 'Surfe';

/** The plain-HTTP escape hatch, worded for the resume URL (same parameter, read by the same code). */
export const allowPlainHttpResumeUrlOption: INodeProperties = {
	...allowPlainHttpOption,
	displayName: 'Allow Plain-HTTP Resume URL',
	description:
		"Whether to send this execution's resume URL to Surfe even when it starts with http:// (n8n has no public HTTPS address). Only for a Surfe-compatible test server or an internal relay: Surfe itself refuses http:// URLs.",
};

export const waitNotice = (what: string): INodeProperties => ({
	displayName: `Each input item is one ${what}. The workflow pauses until Surfe has returned every result (or the time limit passes), then continues with one item per input item: its result, or a status saying why there is none. Surfe only calls https:// URLs: n8n needs a public HTTPS address (N8N_WEBHOOK_URL).`,
	name: 'waitNotice',
	type: 'notice',
	default: '',
	displayOptions: WHEN_WAITING_BY_CALLBACKS,
});

function checkedResumeUrl(context: IExecuteFunctions, resumeUrl: string, itemIndex: number, allowPlainHttp: boolean): string {
	const checked = checkWebhookUrl(resumeUrl, allowPlainHttp, RESUME_URL);
	if (!checked.ok) throw invalidInputError(context.getNode(), checked.message, checked.description, itemIndex);
	return checked.url;
}

/** The wait's part for one started item: its job, or why it has none (Continue On Fail). */
function entryOf(item: INodeExecutionData): WaitEntry {
	const enrichmentID = item.json.enrichmentID;
	return typeof enrichmentID === 'string' ? { jobId: enrichmentID } : { result: asFailedResult(item.json) };
}

export async function enrichAndWait(context: IExecuteFunctions, kind: Kind, specOf: (context: IExecuteFunctions, target: EnrichTarget) => EnrichmentSpec): Promise<INodeExecutionData[]> {
	const timeLimitMs = readTimeLimitMs(context);
	const waitBy = readWaitBy(context);
	const maxChecksPerJob = waitBy === 'polling' ? readMaxChecksPerJob(context) : 0;
	const resumeUrl = waitBy === 'callbacks' ? resumeUrlOf(context) : undefined;
	const externalIds = new ExternalIds(context.getNode(), context.getExecutionId());
	const started = await startEnrichments(
		context,
		specOf(context, {
			notificationOptions: (itemIndex, options) =>
				resumeUrl === undefined ? undefined : { webhookUrl: checkedResumeUrl(context, resumeUrl, itemIndex, options.allowPlainHttpWebhookUrl === true) },
			externalIdOf: (itemIndex) => externalIds.idFor(itemIndex, ''),
		}),
	);
	const entries = started.map(entryOf);
	if (waitBy === 'polling') return await pollJobs(context, jobFetcherFor(kind), { provider: PROVIDER, entries, timeLimitMs, maxChecksPerJob });
	const [items] = await waitForCallbacks(context, { provider: PROVIDER, entries, timeLimitMs });
	return items;
}

/** The events that say a whole job has ended (the batch event's payload is undocumented; a job-level `status` is read too). */
const BATCH_EVENT = 'person.batch-enrichment.completed';
const JOB_ENDED = /^(COMPLETED|FAILED)$/i;

/** One GET of a job: what is found so far, or every entry once the job has ended. */
function fetchJobOf(kind: Kind) {
	return async (context: IExecuteFunctions | IWebhookFunctions, jobId: string): Promise<CallbackDelivery> => {
		const job = await fetchJob(context, kind, jobId);
		const ended = typeof job.status === 'string' && JOB_ENDED.test(job.status);
		return deliveryOf(kind, jobId, ended, job.entries, context.getExecutionId(), !ended);
	};
}

/** How the polling loop asks Surfe about the jobs: the same GET. */
export function jobFetcherFor(kind: Kind): JobFetcher {
	return { provider: PROVIDER, jobsDoneWhen: 'either', fetchJob: fetchJobOf(kind) };
}

/** How the resume webhook reads Surfe's events and fetches an unfinished job at the time limit. */
export function resumeAdapterFor(kind: Kind): ResumeAdapter {
	return {
		provider: PROVIDER,
		// Per-person (per-company) events bring each item's result; the batch event says the job
		// ended, which closes items Surfe returned nothing for.
		jobsDoneWhen: 'either',
		verify: async (context) => (await verifySurfeCallback(context)).result,
		parseCallback: async (context) => {
			const body = await callbackBodyOf(context);
			const parsed = itemsForEvent(body, true);
			if (!parsed.ok) throw new Error(parsed.problem);
			const data = (body as { data: IDataObject }).data;
			if (typeof data.enrichmentID !== 'string') throw new Error('the event has no enrichmentID');
			// The event's items, without the `eventType` that each carries (the resumed items say `status`).
			const entries = parsed.items.map((item) => Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'eventType')) as IDataObject);
			const jobDone = parsed.eventType === BATCH_EVENT || (typeof data.status === 'string' && JOB_ENDED.test(data.status));
			return deliveryOf(kind, data.enrichmentID, jobDone, entries, context.getExecutionId());
		},
		fetchJob: fetchJobOf(kind),
	};
}
