// Results that callbacks bring to one waiting execution, gathered until every item is in.
//
// Why in process memory (proven in the real n8n 2.41.1): n8n gives a waiting webhook no place to
// save anything without resuming. `n8n/dist/webhooks/waiting-webhooks.js` neither saves the
// execution nor the workflow's static data after a `webhook()` that returns no `workflowData`, and
// it reads static data from the execution's start-time snapshot. So the results of non-final
// callbacks (3 FullEnrich batches, 250 Surfe per-person events) stay here, keyed by wait, until
// the last one resumes the execution with all of them. In n8n's regular mode one process answers
// every webhook; with several webhook processes (queue mode) or after a restart a process may miss
// earlier callbacks. The provider keeps every result, so this memory is only a cache: a process
// that did not see the whole wait asks the provider about the jobs it has not seen finish when a
// job-completion callback reaches it (waitForCallbacks.ts catchUp).
//
// Bounded: records expire after their wait (plus a margin) and at most MAX_RECORDS are kept.
import type { IDataObject } from 'n8n-workflow';

import { itemsByJob, type WaitPlan } from './waitPlan';

/** What one verified callback (or the one fetch at the time limit) tells about one job. */
export interface CallbackDelivery {
	/** The provider's job id; a delivery for a job the plan does not know is ignored. */
	jobId: string;
	/** True when the provider says the job ended (FullEnrich FINISHED, a Wiza reveal's callback). */
	jobDone: boolean;
	/** Final results only (not "in progress"), by input item index. */
	results: Array<{ itemIndex: number; json: IDataObject }>;
}

/**
 * When a pending item counts as "in":
 * - 'jobCallback': its job's own completion callback came (FullEnrich `webhook_url`: one POST per
 *   batch when it ends). Results that came earlier (per-contact events) are kept, never resume.
 * - 'itemResults': it has a final result (Wiza: one reveal per item).
 * - 'either': it has a result, or its job said it is done (Surfe: per-person events, and a
 *   batch-completed event whose payload is not documented).
 */
export type JobsDoneWhen = 'jobCallback' | 'itemResults' | 'either';

export interface CallbackRecord {
	results: Map<number, IDataObject>;
	doneJobs: Set<string>;
	/** A time-limit timer runs for this wait in this process. */
	timerArmed: boolean;
	/**
	 * This process started the wait (ran `execute()`) and has been up since, so every callback of
	 * the wait reached it unless n8n has several webhook processes. False: callbacks may have gone
	 * to another process (queue mode) or before a restart; see waitForCallbacks.ts catchUp.
	 */
	startedHere?: boolean;
	/** This process answered the wait's early check (earlyCheck.ts); it does that once. */
	earlyChecked?: boolean;
	/** Fetches of a job running now in this process (two callbacks at once share one GET). */
	fetching?: Map<string, Promise<CallbackDelivery>>;
	/** Jobs this process asked the provider about and found ended: it has all they will give. */
	askedAfterEnd?: Set<string>;
	/**
	 * Jobs this process found still running when it last asked (asked first next time). With
	 * askedAfterEnd, every job this process fetched since the wait was saved (every `webhook()` runs
	 * after the save, so such a fetch saw whatever a callback refused before it carried).
	 */
	runningWhenAsked?: Set<string>;
	/** When a resume was handed to n8n; n8n lets only one resume through (see claimResume). */
	resumeClaimedAt?: number;
	/** The items still open per rule of "all in", kept up to date by applyDelivery once first counted (see openItemsOf). */
	open?: Map<JobsDoneWhen, OpenItems>;
	expiresAt: number;
}

/** The pending items that still lack what "all in" needs, by job, and how many there are. */
interface OpenItems {
	byJob: Map<string, Set<number>>;
	count: number;
}

export const MAX_RECORDS = 500;
/** Kept after the wait ends, to answer late duplicates and to let a failed resume be retried. */
export const RECORD_MARGIN_MS = 15 * 60_000;
/** A claimed resume that n8n did not carry out (the execution still waits) may be claimed again. */
export const RECLAIM_AFTER_MS = 60_000;

const records = new Map<string, CallbackRecord>();

function evictExpired(nowMs: number): void {
	for (const [key, record] of records) if (record.expiresAt <= nowMs) records.delete(key);
	// Map keeps insertion order: the first keys are the oldest waits.
	for (const key of records.keys()) {
		if (records.size <= MAX_RECORDS) break;
		records.delete(key);
	}
}

/** The record of one wait, created on first use. `endsAt` is when n8n itself gives up waiting. */
export function recordFor(key: string, endsAt: Date, nowMs = Date.now()): CallbackRecord {
	evictExpired(nowMs);
	let record = records.get(key);
	if (!record) {
		record = { results: new Map(), doneJobs: new Set(), timerArmed: false, startedHere: false, fetching: new Map(), askedAfterEnd: new Set(), runningWhenAsked: new Set(), expiresAt: endsAt.getTime() + RECORD_MARGIN_MS };
		records.set(key, record);
	}
	return record;
}

export function forgetRecord(key: string): void {
	records.delete(key);
}

/** Forgets every wait (tests and diagnostics: the scale benchmark measures what they hold). */
export function forgetAllRecords(): void {
	records.clear();
}

/** How many waits this process remembers (for tests and diagnostics). */
export function rememberedWaits(): number {
	return records.size;
}

/**
 * Adds a delivery. Results for items that are not pending on that job are ignored (a retried,
 * stale or mis-addressed callback cannot overwrite another item). Returns how many results it added
 * or replaced, or `undefined` when the job is not part of this wait. Its cost is that of the
 * delivery (its results, or its job's items when the job is done), not that of the whole wait.
 */
export function applyDelivery(record: CallbackRecord, plan: WaitPlan, delivery: CallbackDelivery): number | undefined {
	if (!itemsByJob(plan).has(delivery.jobId)) return undefined;
	let applied = 0;
	for (const { itemIndex, json } of delivery.results) {
		if (plan.entries[itemIndex]?.jobId !== delivery.jobId) continue;
		record.results.set(itemIndex, json);
		applied++;
		for (const [doneWhen, open] of record.open ?? []) if (doneWhen !== 'jobCallback') closeItem(open, delivery.jobId, itemIndex);
	}
	if (delivery.jobDone) {
		record.doneJobs.add(delivery.jobId);
		for (const [doneWhen, open] of record.open ?? []) if (doneWhen !== 'itemResults') closeJob(open, delivery.jobId);
	}
	return applied;
}

function closeItem(open: OpenItems, jobId: string, itemIndex: number): void {
	const items = open.byJob.get(jobId);
	if (!items?.delete(itemIndex)) return;
	open.count--;
	if (items.size === 0) open.byJob.delete(jobId);
}

function closeJob(open: OpenItems, jobId: string): void {
	const items = open.byJob.get(jobId);
	if (!items) return;
	open.count -= items.size;
	open.byJob.delete(jobId);
}

/**
 * The record's open items, counted from the plan the first time (one pass over the pending items
 * per wait and process) and then kept up to date by applyDelivery.
 */
function openItemsOf(record: CallbackRecord, plan: WaitPlan, doneWhen: JobsDoneWhen): OpenItems {
	const counted = record.open?.get(doneWhen);
	if (counted) return counted;
	const open: OpenItems = { byJob: new Map(), count: 0 };
	for (const [jobId, itemIndexes] of itemsByJob(plan)) {
		const jobDone = record.doneJobs.has(jobId);
		const items = new Set<number>();
		for (const itemIndex of itemIndexes) {
			const hasResult = record.results.has(itemIndex);
			const closed = doneWhen === 'jobCallback' ? jobDone : doneWhen === 'itemResults' ? hasResult : jobDone || hasResult;
			if (!closed) items.add(itemIndex);
		}
		if (items.size > 0) {
			open.byJob.set(jobId, items);
			open.count += items.size;
		}
	}
	(record.open ??= new Map()).set(doneWhen, open);
	return open;
}

/** How many pending items still lack what "all in" needs (0: every item is in). */
export function openItemCount(record: CallbackRecord, plan: WaitPlan, doneWhen: JobsDoneWhen): number {
	return openItemsOf(record, plan, doneWhen).count;
}

/** Jobs with items still open, each once, in the order of their first item. */
export function openJobs(record: CallbackRecord, plan: WaitPlan, doneWhen: JobsDoneWhen): string[] {
	return [...openItemsOf(record, plan, doneWhen).byJob.keys()];
}

/** Pending items (by index) that still lack what "all in" needs, in item order. */
export function itemsStillOpen(record: CallbackRecord, plan: WaitPlan, doneWhen: JobsDoneWhen): number[] {
	return [...openItemsOf(record, plan, doneWhen).byJob.values()].flatMap((items) => [...items]).sort((a, b) => a - b);
}

/**
 * The jobs a process that did not see the whole wait asks the provider about at a job-completion
 * callback: those with a pending item it cannot close from what reached it, except jobs it already
 * asked about after they ended. With 'either' only results count here: a job-ended event that
 * reached this process without the results (Surfe's batch event may carry none) would close items
 * whose results went to another process, and they would come out `notReturned`.
 */
export function jobsToCatchUp(record: CallbackRecord, plan: WaitPlan, doneWhen: JobsDoneWhen): string[] {
	const jobs = openJobs(record, plan, doneWhen === 'either' ? 'itemResults' : doneWhen);
	return jobs.filter((jobId) => !record.askedAfterEnd?.has(jobId) && (doneWhen === 'either' || !record.doneJobs.has(jobId)));
}

/**
 * Claims the one resume of this wait in this process, so that two callbacks completing at the
 * same moment do not both hand n8n a resume (n8n would run one and answer the other 500: proven,
 * `n8n/dist/active-executions.js` updates the execution only while it is still `waiting`).
 */
export function claimResume(record: CallbackRecord, nowMs = Date.now()): boolean {
	if (record.resumeClaimedAt !== undefined && nowMs - record.resumeClaimedAt < RECLAIM_AFTER_MS) return false;
	record.resumeClaimedAt = nowMs;
	return true;
}
