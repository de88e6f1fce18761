// The "... and Wait" form of a bulk start (Contact > Enrich and Wait, Reverse Email > Start and
// Wait). The contacts, their checks, the packing by 100 and `custom` are the plain start's own
// (../../bulk.ts and the operation's prepare function); what changes:
// - every batch's `webhook_url` is this execution's resume URL (../../../shared/resumeWebhook.ts),
//   tagged `?event=batch_finished` like the URLs the plain start sends. No per-contact URL: one
//   callback per batch (3 for 250 contacts) is all the wait needs;
// - the correlation fields are always written: they are how a result finds its input item;
// - the execution then waits (../../../shared/waitForCallbacks.ts) and resumes once, when every
//   batch has called back, with one item per input item. At the time limit each unfinished batch is
//   fetched once (GET with forceResults) and the contacts still missing are marked.
// With Wait By: Polling, no webhook URL is sent and the node asks for the batches itself
// (../../../shared/pollJobs.ts) with that same GET, all batches each round.
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IWebhookFunctions, JsonObject } from 'n8n-workflow';

import type { CallbackDelivery } from '../../../shared/callbackResults';
import { pollJobs, type JobFetcher } from '../../../shared/pollJobs';
import { readMaxChecksPerJob, readWaitBy, WHEN_WAITING_BY_CALLBACKS } from '../../../shared/waitBy';

import { resumeUrlOf } from '../../../shared/resumeWebhook';
import { readTimeLimitMs } from '../../../shared/timeLimit';
import { waitForCallbacks, type ResumeAdapter } from '../../../shared/waitForCallbacks';
import { asFailedResult } from '../../../shared/waitOutput';
import type { WaitEntry } from '../../../shared/waitPlan';
import { rawBodyOf } from '../../../shared/webhook';
import { startInBatches, type BatchSettings, type PreparedContact } from '../../bulk';
import { parsedCallbackOf } from '../../callbackBody';
import { callbackEventOf, withEventTag } from '../../callbacks';
import { verifyFullEnrichSignature } from '../../signature';
import { deliveryOf, enrichmentEnded, type LookupKind } from '../../waitResults';
import { batchSettingsFor, bulkOptionProperties, withItemOptions } from './bulkOptions';
import { fetchEnrichment } from './getResult';

const PROVIDER = 'FullEnrich';

/** Of the plain start's options, those that still mean something while waiting (no webhook URLs, correlation always on). */
const WAIT_OPTION_NAMES = ['customFields', 'enrichmentName'];
export const waitBulkOptionProperties = bulkOptionProperties.filter((property) => WAIT_OPTION_NAMES.includes(property.name));

export const waitNotice = (what: string): INodeProperties => ({
	displayName: `Each input item is one ${what}, sent in bulk requests of up to 100. The workflow pauses until FullEnrich has called back every batch (or the time limit passes), then continues with one item per input item: its result, or a status saying why there is none.`,
	name: 'waitNotice',
	type: 'notice',
	default: '',
	displayOptions: WHEN_WAITING_BY_CALLBACKS,
});

export interface BulkWait {
	kind: LookupKind;
	/** `/contact/enrich/bulk` or `/contact/reverse/email/bulk`; results are fetched below it. */
	path: string;
	what: string;
	/** The plain start's own prepare function. */
	prepare: (context: IExecuteFunctions, itemIndex: number, options: IDataObject, settings: BatchSettings) => PreparedContact;
	/** Query of the one fetch at the time limit. */
	fetchQuery?: IDataObject;
}

/** The wait's part for one started item: its batch's enrichment, or why it has none (Continue On Fail). */
function entryOf(item: INodeExecutionData): WaitEntry {
	const enrichmentId = item.json.enrichment_id;
	return typeof enrichmentId === 'string' ? { jobId: enrichmentId } : { result: asFailedResult(item.json) };
}

export async function startAndWait(context: IExecuteFunctions, bulk: BulkWait): Promise<INodeExecutionData[]> {
	const timeLimitMs = readTimeLimitMs(context);
	const waitBy = readWaitBy(context);
	const maxChecksPerJob = waitBy === 'polling' ? readMaxChecksPerJob(context) : 0;
	const webhookUrl = waitBy === 'callbacks' ? withEventTag(resumeUrlOf(context), 'batch_finished') : undefined;
	const started = await startInBatches(context, {
		path: bulk.path,
		what: bulk.what,
		prepare: (itemIndex) =>
			withItemOptions(context, itemIndex, (options) => {
				const settings = { ...batchSettingsFor(context, itemIndex, { enrichmentName: options.enrichmentName }), webhookUrl };
				return bulk.prepare(context, itemIndex, { ...options, addCorrelation: true }, settings);
			}),
	});
	const entries = started.map(entryOf);
	if (waitBy === 'polling') return await pollJobs(context, jobFetcherFor(bulk), { provider: PROVIDER, entries, timeLimitMs, maxChecksPerJob });
	const [items] = await waitForCallbacks(context, { provider: PROVIDER, entries, timeLimitMs });
	return items;
}

/** FullEnrich's "not ready" answer to a GET without forceResults: nothing final yet, not a failure. */
function isInProgressError(error: unknown): boolean {
	const response = (error as { errorResponse?: { code?: unknown } })?.errorResponse;
	return response?.code === 'error.enrichment.in_progress';
}

/**
 * One GET of a batch: the contacts found so far (with forceResults) or all of them once it has
 * ended; "not ready" (no forceResults) is nothing yet, not a failure.
 */
function fetchBatchOf(bulk: Pick<BulkWait, 'kind' | 'path' | 'fetchQuery'>) {
	return async (context: IExecuteFunctions | IWebhookFunctions, jobId: string): Promise<CallbackDelivery> => {
		try {
			const payload = await fetchEnrichment(context, { basePath: bulk.path, enrichmentId: jobId, what: `enrichment ${jobId}`, qs: bulk.fetchQuery });
			const ended = enrichmentEnded(payload.status);
			return deliveryOf(payload, { kind: bulk.kind, executionId: context.getExecutionId(), jobDone: ended, onlyFound: !ended });
		} catch (error) {
			if (isInProgressError(error)) return { jobId, jobDone: false, results: [] };
			throw new NodeApiError(context.getNode(), error as JsonObject); // returns `error` itself when it is one
		}
	};
}

/** How the polling loop asks FullEnrich about the batches: the same GET. */
export function jobFetcherFor(bulk: Pick<BulkWait, 'kind' | 'path' | 'fetchQuery'>): JobFetcher {
	return { provider: PROVIDER, jobsDoneWhen: 'jobCallback', fetchJob: fetchBatchOf(bulk) };
}

/** How the resume webhook reads FullEnrich callbacks and fetches results for a waiting `bulk`. */
export function resumeAdapterFor(bulk: Pick<BulkWait, 'kind' | 'path' | 'fetchQuery'>): ResumeAdapter {
	return {
		provider: PROVIDER,
		// FullEnrich's webhook_url fires once per batch when it ends; only that closes its items.
		jobsDoneWhen: 'jobCallback',
		verify: verifyFullEnrichSignature,
		parseCallback: async (context) => {
			const parsed = parsedCallbackOf(await rawBodyOf(context), context.getBodyData());
			if (!parsed.ok) throw new Error(parsed.problem);
			const event = callbackEventOf(context.getQueryData() as IDataObject, parsed.value.status);
			return deliveryOf(parsed.value, { kind: bulk.kind, executionId: context.getExecutionId(), jobDone: event === 'batch_finished', onlyFound: false });
		},
		fetchJob: fetchBatchOf(bulk),
	};
}
