// The items a "start and wait" node resumes with: one per input item, paired with it, holding the
// provider's result or a per-item status saying why there is none.
// Pairing is kept by n8n as given: items returned from `webhook()` with `pairedItem: {item: i}`
// reach the next node paired to the waiting node's input item i (proven in n8n 2.41.1).
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { CallbackRecord } from './callbackResults';
import { errorItem, pairedJson } from './items';
import { MISSING_RESULT_STATUS, type WaitPlan } from './waitPlan';

export interface WaitOutcome {
	provider: string;
	/** Jobs whose one fetch at the time limit failed, with a secret-free reason. */
	fetchErrors: Map<string, string>;
}

function missingResult(plan: WaitPlan, record: CallbackRecord, jobId: string, outcome: WaitOutcome): IDataObject {
	const fetchError = outcome.fetchErrors.get(jobId);
	if (fetchError !== undefined) {
		return {
			status: MISSING_RESULT_STATUS.fetchFailed,
			message: `No ${outcome.provider} result: the time limit passed and fetching job ${jobId} failed: ${fetchError}`,
			jobId,
		};
	}
	if (record.doneJobs.has(jobId)) {
		return {
			status: MISSING_RESULT_STATUS.notReturned,
			message: `${outcome.provider} finished job ${jobId} without a result for this item`,
			jobId,
		};
	}
	return {
		status: MISSING_RESULT_STATUS.timedOut,
		message: `No ${outcome.provider} result before the time limit (${plan.waitingUntil.toISOString()}): job ${jobId} had not finished this item`,
		jobId,
	};
}

export function resumedItems(plan: WaitPlan, record: CallbackRecord, outcome: WaitOutcome): INodeExecutionData[] {
	return plan.entries.map((entry, itemIndex) => {
		if (entry.jobId === undefined) return pairedJson(entry.json, itemIndex);
		const result = record.results.get(itemIndex);
		return pairedJson(result ?? missingResult(plan, record, entry.jobId, outcome), itemIndex);
	});
}

/** What the node shows as its output while the execution waits (replaced when it resumes). */
export function waitingItem(jobId: string, waitingUntil: Date): IDataObject {
	return { status: 'waiting', jobId, waitingUntil: waitingUntil.toISOString() };
}

/**
 * Per-item statuses a provider's adapter gives to the results it has, beside the shared ones for
 * items without a result (`MISSING_RESULT_STATUS`): every resumed item carries one `status`.
 */
export const RESULT_STATUS = {
	/** The provider returned what was asked for (an email, a phone, a profile...). */
	found: 'found',
	/** The provider finished the item and found nothing. */
	notFound: 'notFound',
	/** The item could not be started (bad input, a refused request) or the provider failed it. */
	failed: 'failed',
} as const;

/**
 * `record` as a resumed item: our `status` (and `message`) first. A `status` field of the
 * provider's own (a reveal's `finished`, a person's `COMPLETED`) is kept under `providerStatusKey`
 * rather than overwritten.
 */
export function resultItem(status: string, message: string | undefined, record: IDataObject, providerStatusKey: string): IDataObject {
	const { status: providerStatus, ...fields } = record;
	return {
		status,
		...(message === undefined ? {} : { message }),
		...(providerStatus === undefined ? {} : { [providerStatusKey]: providerStatus }),
		...fields,
	};
}

/**
 * The result of an item whose job could not be started (Continue On Fail): the error's message
 * and details, under the same `status` / `message` keys as every other resumed item.
 */
export function failedResult(error: unknown): IDataObject {
	return asFailedResult(errorItem(error, 0).json);
}

/** An error item's json (`{ error, errorDescription?, httpCode? }`, see items.ts) as a failed result. */
export function asFailedResult(errorJson: IDataObject): IDataObject {
	const { error: message, ...details } = errorJson;
	return { status: RESULT_STATUS.failed, message, ...details };
}

/**
 * The editor's tooltip on a waiting "start and wait" node (`waitingNodeTooltip`, an expression
 * n8n evaluates with the node's parameters, as its Wait node does).
 */
export function waitingTooltip(provider: string): string {
	return `={{ "Waiting for ${provider} to call back with every result. The node continues when all are in, or after its time limit (" + $parameter["timeLimit"] + " " + $parameter["timeLimitUnit"] + "), with the missing ones marked." }}`;
}
