// "Start jobs, then ask the provider until every result is in", for any provider: the polling
// side of an "... and Wait" operation, inside `execute()` (no resume URL, no callback: n8n need
// not be reachable from the provider).
//
//   execute():  start the provider's jobs without a callback URL ->
//               return await pollJobs(this, fetcher, { provider, entries, timeLimitMs, maxChecksPerJob })
//
// Each round asks about every open job of the execution at once (not item after item); the
// provider's transport paces the requests to its published rate limit and waits out a 429's
// Retry-After (transport.ts, pacing.ts). Rounds come 3 s after the start and then space out by
// half each time (3, 7.5, 14.3, 24.4, 39.6 s ...): a job that takes T is seen done by 1.5 T + 3 s at the latest (round k+1 = 1.5 x round k + 3 s),
// after a handful of checks, however long T is. The last round comes at the time limit. The
// output is the callback path's: the same per-item statuses (waitOutput.ts) from the same
// provider deliveries (callbackResults.ts), one item per input item, paired.
import { sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { applyDelivery, type CallbackDelivery, type CallbackRecord, type JobsDoneWhen, openJobs } from './callbackResults';
import { errorMessageOf } from './errors';
import { pairedJson } from './items';
import { MISSING_RESULT_STATUS, planKey, type WaitEntry, type WaitPlan } from './waitPlan';
import { resumedItems } from './waitOutput';

/** What a provider's "... and Wait" operation tells the polling loop. */
export interface JobFetcher {
	provider: string;
	jobsDoneWhen: JobsDoneWhen;
	/** One check of a job (the same GET the callback path makes at its time limit); results may be partial. */
	fetchJob(context: IExecuteFunctions, jobId: string, plan: WaitPlan): Promise<CallbackDelivery>;
}

export interface PollOptions {
	provider: string;
	/** One per input item: the job that will deliver its result, or a result known already. */
	entries: WaitEntry[];
	timeLimitMs: number;
	/** The request budget: checks per job. */
	maxChecksPerJob: number;
}

/** The rounds' schedule: first check, growth of the gap, longest gap. */
export const POLL_SCHEDULE = { firstMs: 3_000, growth: 1.5, maxGapMs: 5 * 60_000 } as const;

/** Milliseconds after the start at which round `round` (0-based) is due, before the time limit is applied. */
export function roundDueMs(round: number): number {
	let due = 0;
	let gap: number = POLL_SCHEDULE.firstMs;
	for (let index = 0; index <= round; index++) {
		due += gap;
		gap = Math.min(gap * POLL_SCHEDULE.growth, POLL_SCHEDULE.maxGapMs);
	}
	return due;
}

export interface PollReport {
	rounds: number;
	/** Checks made per job id. */
	checks: Map<string, number>;
	stoppedBy: 'done' | 'timeLimit' | 'budget' | 'cancelled';
}

function planOf(context: IExecuteFunctions, entries: WaitEntry[], waitingUntil: Date): WaitPlan {
	return {
		key: planKey(context.getExecutionId(), context.getNode().name, waitingUntil),
		waitingUntil,
		// A pending entry keeps what it sent (a Wiza list row is matched by it), as the stored plan does.
		entries: entries.map((entry) => ('jobId' in entry ? { jobId: entry.jobId, json: entry.sent ? { sent: entry.sent } : {} } : { json: entry.result })),
	};
}

/** Waits until `atMs` (epoch), in steps, returning early when the execution is cancelled. */
async function sleepUntil(atMs: number, cancelled: () => boolean): Promise<void> {
	for (let remaining = atMs - Date.now(); remaining > 0 && !cancelled(); remaining = atMs - Date.now()) {
		await sleep(Math.min(remaining, 1_000));
	}
}

/**
 * Asks the provider about the entries' jobs until all are done, the time limit passes, or the
 * budget is spent; returns one item per entry, paired, like a resumed callback wait.
 */
export async function pollJobs(context: IExecuteFunctions, fetcher: JobFetcher, options: PollOptions): Promise<INodeExecutionData[]> {
	const { items } = await pollJobsWithReport(context, fetcher, options);
	return items;
}

export async function pollJobsWithReport(context: IExecuteFunctions, fetcher: JobFetcher, options: PollOptions): Promise<{ items: INodeExecutionData[]; report: PollReport }> {
	const { entries } = options;
	const report: PollReport = { rounds: 0, checks: new Map(), stoppedBy: 'done' };
	if (!entries.some((entry) => 'jobId' in entry)) {
		return { items: entries.map((entry, itemIndex) => pairedJson('result' in entry ? entry.result : {}, itemIndex)), report };
	}
	const startedAt = Date.now();
	const deadline = startedAt + options.timeLimitMs;
	const plan = planOf(context, entries, new Date(deadline));
	const record: CallbackRecord = { results: new Map(), doneJobs: new Set(), timerArmed: false, expiresAt: deadline };
	const fetchErrors = new Map<string, string>();
	const signal = context.getExecutionCancelSignal?.();
	const cancelled = () => signal?.aborted === true;

	for (let round = 0; ; round++) {
		await sleepUntil(Math.min(startedAt + roundDueMs(round), deadline), cancelled);
		if (cancelled()) {
			report.stoppedBy = 'cancelled';
			break;
		}
		const due = openJobs(record, plan, fetcher.jobsDoneWhen).filter((jobId) => (report.checks.get(jobId) ?? 0) < options.maxChecksPerJob);
		report.rounds++;
		// Every open job at once; the transport paces them to the provider's rate limit.
		await Promise.all(
			due.map(async (jobId) => {
				report.checks.set(jobId, (report.checks.get(jobId) ?? 0) + 1);
				try {
					applyDelivery(record, plan, await fetcher.fetchJob(context, jobId, plan));
					fetchErrors.delete(jobId);
				} catch (error) {
					// Kept for the output if no later check succeeds; the transport already retried it.
					fetchErrors.set(jobId, errorMessageOf(error));
				}
			}),
		);
		const stillOpen = openJobs(record, plan, fetcher.jobsDoneWhen);
		if (stillOpen.length === 0) break;
		if (Date.now() >= deadline) {
			report.stoppedBy = 'timeLimit';
			break;
		}
		if (stillOpen.every((jobId) => (report.checks.get(jobId) ?? 0) >= options.maxChecksPerJob)) {
			report.stoppedBy = 'budget';
			break;
		}
	}
	const items = resumedItems(plan, record, { provider: fetcher.provider, fetchErrors });
	return { items: report.stoppedBy === 'done' ? items : items.map((item) => explainStop(item, fetcher.provider, report)), report };
}

/** Says why an open item has no result when polling stopped for the budget or a cancellation (the shared message names the time limit). */
function explainStop(item: INodeExecutionData, provider: string, report: PollReport): INodeExecutionData {
	const json = item.json as IDataObject;
	if (json.status !== MISSING_RESULT_STATUS.timedOut || typeof json.jobId !== 'string') return item;
	if (report.stoppedBy === 'budget') {
		return { ...item, json: { ...json, message: `No ${provider} result after ${report.checks.get(json.jobId) ?? 0} checks of job ${json.jobId} (Max Checks per Job): it had not finished this item` } };
	}
	if (report.stoppedBy === 'cancelled') return { ...item, json: { ...json, message: `No ${provider} result: the execution was cancelled while job ${json.jobId} was running` } };
	return item;
}
