// What a waiting "start and wait" node must remember until it resumes, kept inside the waiting
// execution itself so that it survives an n8n restart and is visible to whichever process
// answers the callback.
//
// Where this lives in n8n 2.41 (proven in the real n8n 2.41.1):
// - When a node calls `putExecutionToWait`, n8n-core `execution-engine/workflow-execute.js` pushes
//   the node's stack entry back onto `nodeExecutionStack` WITH THE SAME input array that
//   `getInputData()` returned, and the execution (stack included) is saved.
// - In the waiting webhook, n8n-core `node-execution-context/webhook-context.js` uses that stored
//   input as the context's input, so `evaluateExpression('{{ $input.all() }}')` in `webhook()`
//   returns it. Workflow static data does NOT work for this: `n8n/dist/webhooks/waiting-webhooks.js`
//   builds the workflow from the execution's start-time snapshot (writes made in `execute()` are
//   invisible to `webhook()`) and never saves what `webhook()` writes.
// - When n8n's own wait limit (`waitTill`) passes, `handleWaitingState()` in workflow-execute.js
//   disables the node and passes that stored input through as the node's output; nothing of ours
//   runs. So the stored items are written to be exactly what the user should get then: one item
//   per input, paired with it, saying the time limit passed and the results were not fetched.
//
// We replace the CONTENTS of the input array with new item objects. Changing the objects in place
// would also change the previous node's recorded output (they are shared); the array is not.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { parseWith } from './schema';

/** Per-item statuses the shared wait mechanism gives to items without a provider result. */
export const MISSING_RESULT_STATUS = {
	/** Still waiting when the time limit passed, and the one fetch at the limit found no final result. */
	timedOut: 'timedOut',
	/** The provider said the job is finished but sent nothing for this item. */
	notReturned: 'notReturned',
	/** The one fetch at the time limit failed for this item's job. */
	fetchFailed: 'fetchFailed',
	/** n8n's own wait limit resumed the execution: results were not fetched (see `backstopItem`). */
	notFetched: 'notFetched',
} as const;

/**
 * One input item's part in the wait: a job still running, or a result already known. `sent` (what
 * the item asked the provider for) is stored with a pending item, for providers whose results must
 * be matched back to items by their content (a Wiza list's contacts); the user sees it too.
 */
export type WaitEntry = { jobId: string; sent?: IDataObject } | { result: IDataObject };

/** The stored form of one entry. `jobId` marks a pending item; without it, `json` is its final result. */
export interface StoredEntry {
	jobId?: string;
	json: IDataObject;
}

export interface WaitPlan {
	/** `<executionId>|<node name>|<waitingUntil>`: one wait of one node in one execution. */
	key: string;
	waitingUntil: Date;
	entries: StoredEntry[];
}

export function planKey(executionId: string, nodeName: string, waitingUntil: Date): string {
	return `${executionId}|${nodeName}|${waitingUntil.toISOString()}`;
}

/**
 * What the user gets for a pending item if n8n's own wait limit resumes the execution (our
 * in-process timer was lost, e.g. n8n restarted): no results were fetched; the job id lets the
 * user fetch them with the provider's "get" operation.
 */
export function backstopItem(provider: string, jobId: string, waitingUntil: Date): IDataObject {
	return {
		status: MISSING_RESULT_STATUS.notFetched,
		message: `No ${provider} result: the time limit (${waitingUntil.toISOString()}) passed and n8n resumed the workflow without fetching results (it may have restarted while waiting). Fetch job ${jobId} with the ${provider} "get" operation.`,
		jobId,
		waitingUntil: waitingUntil.toISOString(),
	};
}

/**
 * Stores the plan in the waiting execution by replacing the node's input items with one item per
 * input: the final result where it is already known, otherwise the backstop item (with the job id).
 */
export function storeWaitPlan(context: IExecuteFunctions, provider: string, entries: WaitEntry[], waitingUntil: Date): void {
	const input = context.getInputData();
	if (entries.length !== input.length) {
		throw new RangeError(`a wait plan needs one entry per input item (${input.length}), got ${entries.length}`);
	}
	const stored: INodeExecutionData[] = entries.map((entry, itemIndex) => ({
		json: 'jobId' in entry ? { ...backstopItem(provider, entry.jobId, waitingUntil), ...(entry.sent ? { sent: entry.sent } : {}) } : entry.result,
		pairedItem: { item: itemIndex },
	}));
	// Item by item: `splice(0, n, ...stored)` passes every item as an argument, which overflows the
	// call stack from about 100,000 items.
	stored.forEach((item, itemIndex) => (input[itemIndex] = item));
}

const storedItemsSchema = z.array(z.object({}).passthrough());

/** The plan as stored in the waiting execution: every stored item, copied out of n8n's expression engine. */
function readStoredPlan(context: IWebhookFunctions): WaitPlan {
	const stored = parseWith(storedItemsSchema, context.evaluateExpression('{{ $input.all().map(item => item.json) }}', 0));
	if (!stored.ok) throw new Error(`the waiting node's stored items are unreadable: ${stored.problem}`);
	let waitingUntil: Date | undefined;
	const entries: StoredEntry[] = stored.value.map((json) => {
		const pending = json.status === MISSING_RESULT_STATUS.notFetched && typeof json.jobId === 'string' && typeof json.waitingUntil === 'string';
		if (!pending) return { json: json as IDataObject };
		waitingUntil ??= new Date(json.waitingUntil as string);
		return { jobId: json.jobId as string, json: json as IDataObject };
	});
	if (waitingUntil === undefined || Number.isNaN(waitingUntil.getTime())) throw new Error('the waiting node has no pending items');
	return { key: planKey(context.getExecutionId(), context.getNode().name, waitingUntil), waitingUntil, entries };
}

// Plans already read by this process, so that a callback does not copy every stored item again.
// n8n gives `webhook()` the stored items only through its expression engine: reading all of them
// copies every item into an isolate and back (measured in test/bench/scale.bench.ts), and a wait
// of 10,000 contacts gets 100 FullEnrich callbacks. A cached plan is used only after one stored
// item proves the execution still holds it: the first pending item, read alone with `$json`
// (n8n hands an expression that one item, not all of them), must still carry the plan's job id
// and `waitingUntil`. A node that waits again in the same execution (inside a loop) stores new
// items with a new job and a new `waitingUntil`, so the check fails and the new plan is read.
// A process with no cached plan (another queue-mode webhook process, after a restart) reads the
// stored items once. Bounded: plans expire after their wait, and at most MAX_CACHED_PLANS plans
// and MAX_CACHED_ITEMS stored items are kept; the least recently used go first.

interface CachedPlan {
	plan: WaitPlan;
	/** Index of the first pending item: the one read to prove the plan is still stored. */
	checkIndex: number;
	expiresAtMs: number;
}

export const MAX_CACHED_PLANS = 20;
export const MAX_CACHED_ITEMS = 50_000;
/** A cached plan is dropped this long after its `waitingUntil` (the time-limit call comes at it). */
export const CACHED_PLAN_MARGIN_MS = 15 * 60_000;

/** By `<executionId>\u0000<node name>`: one wait per node per execution at a time. */
const cachedPlans = new Map<string, CachedPlan>();
let cachedItems = 0;
/** Plans read from every stored item, and from the cache, since this process started (diagnostics). */
const planReads = { stored: 0, cached: 0 };

function cacheKeyOf(context: IWebhookFunctions): string {
	return `${context.getExecutionId()}\u0000${context.getNode().name}`;
}

function dropCached(key: string): void {
	const cached = cachedPlans.get(key);
	if (!cached) return;
	cachedItems -= cached.plan.entries.length;
	cachedPlans.delete(key);
}

function cachePlan(key: string, plan: WaitPlan, nowMs: number): void {
	dropCached(key);
	const checkIndex = plan.entries.findIndex((entry) => entry.jobId !== undefined);
	// A plan larger than the whole cache is not kept: it would only push every other plan out.
	if (plan.entries.length > MAX_CACHED_ITEMS) return;
	for (const [cachedKey, cached] of cachedPlans) if (cached.expiresAtMs <= nowMs) dropCached(cachedKey);
	// Map keeps insertion order and a hit re-inserts its plan: the first keys are the least recently used.
	for (const cachedKey of cachedPlans.keys()) {
		if (cachedPlans.size < MAX_CACHED_PLANS && cachedItems + plan.entries.length <= MAX_CACHED_ITEMS) break;
		dropCached(cachedKey);
	}
	cachedPlans.set(key, { plan, checkIndex, expiresAtMs: plan.waitingUntil.getTime() + CACHED_PLAN_MARGIN_MS });
	cachedItems += plan.entries.length;
}

/** Whether the execution still stores `cached.plan`: its first pending item, read alone, is unchanged. */
function stillStored(context: IWebhookFunctions, cached: CachedPlan): boolean {
	const entry = cached.plan.entries[cached.checkIndex];
	try {
		const marker = context.evaluateExpression('{{ $json.jobId + "|" + $json.waitingUntil }}', cached.checkIndex);
		return marker === `${entry.jobId}|${entry.json.waitingUntil}`;
	} catch {
		return false;
	}
}

/**
 * Reads the plan back inside the waiting node's `webhook()`: from this process's cache when the
 * execution still stores it (one stored item read), otherwise every stored item. Throws when the
 * execution does not hold a plan (a callback to a node that never waited), so the caller can
 * refuse it.
 */
export function readWaitPlan(context: IWebhookFunctions, nowMs = Date.now()): WaitPlan {
	const key = cacheKeyOf(context);
	const cached = cachedPlans.get(key);
	if (cached && cached.expiresAtMs > nowMs && stillStored(context, cached)) {
		cachedPlans.delete(key);
		cachedPlans.set(key, cached);
		planReads.cached++;
		return cached.plan;
	}
	dropCached(key);
	planReads.stored++;
	const plan = readStoredPlan(context);
	cachePlan(key, plan, nowMs);
	return plan;
}

/**
 * Drops this wait's cached plan: the execution resumes, so no callback needs it any more (one
 * whose resume n8n did not carry out reads the stored items again).
 */
export function forgetWaitPlan(context: IWebhookFunctions): void {
	dropCached(cacheKeyOf(context));
}

/** How many plans and stored items this process keeps (for tests and diagnostics). */
export function cachedWaitPlans(): { plans: number; items: number } {
	return { plans: cachedPlans.size, items: cachedItems };
}

/** How many times this process read a plan from every stored item, and from the cache (diagnostics). */
export function waitPlanReads(): { stored: number; cached: number } {
	return { ...planReads };
}

/** Forgets every cached plan (tests). */
export function forgetCachedWaitPlans(): void {
	cachedPlans.clear();
	cachedItems = 0;
}

// Item indexes by job id, built once per plan (a plan never changes once read): a callback then
// finds its job's items without going through every stored item.
const itemsByJobOfPlan = new WeakMap<WaitPlan, Map<string, number[]>>();

/** The plan's pending items grouped by job id, jobs in the order of their first item. */
export function itemsByJob(plan: WaitPlan): ReadonlyMap<string, readonly number[]> {
	let index = itemsByJobOfPlan.get(plan);
	if (!index) {
		index = new Map();
		plan.entries.forEach((entry, itemIndex) => {
			if (entry.jobId === undefined) return;
			const items = index!.get(entry.jobId);
			if (items) items.push(itemIndex);
			else index!.set(entry.jobId, [itemIndex]);
		});
		itemsByJobOfPlan.set(plan, index);
	}
	return index;
}

/** Job ids of the plan's pending items, each once, in item order. */
export function pendingJobIds(plan: WaitPlan): string[] {
	return [...itemsByJob(plan).keys()];
}

/** Item indexes waiting on `jobId` (for providers that answer a job in input order). */
export function itemIndexesOfJob(plan: WaitPlan, jobId: string): number[] {
	return [...(itemsByJob(plan).get(jobId) ?? [])];
}
