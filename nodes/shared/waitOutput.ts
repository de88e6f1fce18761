// The items a "start and wait" node resumes with: one per input item, paired with it, holding the
// provider's result or a per-item status saying why there is none.
// Pairing is kept by n8n as given: items returned from `webhook()` with `pairedItem: {item: i}`
// reach the next node paired to the waiting node's input item i (proven in n8n 2.41.1).
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { CallbackRecord } from './callbackResults';
import { pairedJson } from './items';
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
