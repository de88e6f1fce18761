// List: Create and Wait. All input items become ONE Wiza list, exactly like Create (same fields,
// checks and request, ./create.operation.ts), with this execution's resume URL as the list's
// callback_url. The execution then waits (../../../shared/waitForCallbacks.ts) and resumes once,
// when Wiza calls back that the list is finished, with one item per input item: the list contact
// that matches what the item sent (../../waitResults.ts `contactMatcher`).
// Wiza's list callback carries no contacts (third-party code; the list endpoints are not in Wiza's
// docs), so the contacts are fetched once, when the list is finished: one
// GET /api/lists/:id/contacts?segment=people. At the time limit an unfinished list is looked at once
// (GET /api/lists/:id) and, if it has finished by then, its contacts fetched once.
// With Wait By: Polling, no callback_url is sent and the node asks for the list itself
// (../../../shared/pollJobs.ts) with that same GET, then fetches the contacts once.
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
import { itemIndexesOfJob, pendingJobIds, type WaitEntry, type WaitPlan } from '../../../shared/waitPlan';
import type { RequestContext } from '../../../shared/transport';
import { verifyWizaCallback } from '../../callbackAuth';
import { classifyCallback } from '../../callbacks';
import { failErrorOf } from '../../flatten';
import { listContactsSchema, listDataSchema, listEnvelopeSchema, type ListData } from '../../schemas';
import { wizaRequest } from '../../transport';
import { failedListResult, listContactResult, contactMatcher } from '../../waitResults';
import { contactInputFields, emailOptionsField, enrichmentLevelField } from '../fields';
import { listNameField, postList, readListRows } from './create.operation';

const PROVIDER = 'Wiza';

const displayOptions = { show: { resource: ['list'], operation: ['createAndWait'] } };

const properties: INodeProperties[] = [
	{
		displayName:
			'Every input item becomes one person in a single Wiza list. The workflow pauses until Wiza has finished the list (or the time limit passes), then continues with one item per input item: the contact that matches it, or a status saying why there is none.',
		name: 'listWaitNotice',
		type: 'notice',
		default: '',
		displayOptions: WHEN_WAITING_BY_CALLBACKS,
	},
	pollingNotice('Wiza', 'person in one Wiza list'),
	listNameField,
	...contactInputFields,
	enrichmentLevelField,
	emailOptionsField(true),
];

export const description = [...updateDisplayOptions(displayOptions, properties), ...waitByProperties(PROVIDER, displayOptions), ...timeLimitProperties(displayOptions)];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const timeLimitMs = readTimeLimitMs(this);
	const waitBy = readWaitBy(this);
	const maxChecksPerJob = waitBy === 'polling' ? readMaxChecksPerJob(this) : 0;
	const resumeUrl = waitBy === 'callbacks' ? resumeUrlOf(this) : undefined;
	const entries: WaitEntry[] = new Array(this.getInputData().length);
	const { rows, rowItemIndexes, failed } = readListRows(this);
	for (const { itemIndex, error } of failed) entries[itemIndex] = { result: failedResult(error) };

	if (rows.length > 0) {
		const firstIndex = rowItemIndexes[0];
		try {
			const list = await postList(this, rows, firstIndex, resumeUrl);
			// Each row keeps what it sent: that is how the list's contacts are matched back to it.
			rowItemIndexes.forEach((itemIndex, row) => (entries[itemIndex] = { jobId: String(list.id), sent: rows[row] }));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, firstIndex);
			for (const itemIndex of rowItemIndexes) entries[itemIndex] = { result: failedResult(error) };
		}
	}
	if (waitBy === 'polling') return await pollJobs(this, listFetcher, { provider: PROVIDER, entries, timeLimitMs, maxChecksPerJob });
	const [items] = await waitForCallbacks(this, { provider: PROVIDER, entries, timeLimitMs });
	return items;
}

/**
 * What a list tells its waiting items. `calledBack`: Wiza calls back when a list is finished, so a
 * callback counts as finished unless it says failed; a fetched list must say `finished`.
 */
async function listDelivery(context: RequestContext, plan: WaitPlan, list: ListData, calledBack: boolean): Promise<CallbackDelivery> {
	const jobId = String(list.id);
	const itemIndexes = itemIndexesOfJob(plan, jobId);
	const failError = failErrorOf(list);
	if (list.status === 'failed' || failError !== undefined) {
		return { jobId, jobDone: true, results: itemIndexes.map((itemIndex) => ({ itemIndex, json: failedListResult(jobId, failError) })) };
	}
	if (!calledBack && list.status !== 'finished') return { jobId, jobDone: false, results: [] };

	const path = `/api/lists/${encodeURIComponent(jobId)}/contacts`;
	const contacts = (await wizaRequest(context, { method: 'GET', path, qs: { segment: 'people' }, itemIndex: 0, what: `the contacts of list ${jobId}` }, listContactsSchema)).data as IDataObject[];
	const match = contactMatcher(contacts);
	const results = itemIndexes.flatMap((itemIndex) => {
		const contact = match((plan.entries[itemIndex].json.sent ?? {}) as IDataObject);
		return contact ? [{ itemIndex, json: listContactResult(jobId, contact, list.enrichment_level) }] : [];
	});
	return { jobId, jobDone: true, results };
}

/** One GET of a list; when it is finished (or failed), what it tells its items. */
async function fetchList(context: IExecuteFunctions | IWebhookFunctions, jobId: string, plan: WaitPlan): Promise<CallbackDelivery> {
	const envelope = await wizaRequest(context, { method: 'GET', path: `/api/lists/${encodeURIComponent(jobId)}`, itemIndex: 0, what: `list ${jobId}` }, listEnvelopeSchema);
	return await listDelivery(context, plan, envelope.data, false);
}

/** How the resume webhook reads Wiza's list callback and looks at an unfinished list at the time limit. */
export const resumeAdapter: ResumeAdapter = {
	provider: PROVIDER,
	// One list for every item: the items are in when the list's callback came.
	jobsDoneWhen: 'jobCallback',
	verify: verifyWizaCallback,
	parseCallback: async (context, plan) => {
		const callback = classifyCallback(context.getBodyData());
		if (!callback.recognised) throw new Error(callback.problem);
		if (callback.event !== 'list.finished') return undefined;
		const list = listDataSchema.safeParse(callback.body.data ?? callback.body.data_json);
		if (!list.success) throw new Error('the list callback has no list id');
		// Never fetch the contacts of a list this execution is not waiting for.
		const jobId = String(list.data.id);
		if (!pendingJobIds(plan).includes(jobId)) return { jobId, jobDone: false, results: [] };
		return await listDelivery(context, plan, list.data, true);
	},
	fetchJob: fetchList,
};

/** How the polling loop asks Wiza about the list: the same GET. */
const listFetcher: JobFetcher = { provider: PROVIDER, jobsDoneWhen: 'jobCallback', fetchJob: fetchList };
