import type { INodeExecutionData } from 'n8n-workflow';

import {
	CACHED_PLAN_MARGIN_MS,
	cachedWaitPlans,
	forgetCachedWaitPlans,
	forgetWaitPlan,
	itemIndexesOfJob,
	itemsByJob,
	MAX_CACHED_ITEMS,
	MAX_CACHED_PLANS,
	MISSING_RESULT_STATUS,
	pendingJobIds,
	readWaitPlan,
	storeWaitPlan,
	type WaitEntry,
	waitPlanReads,
} from '../../../nodes/shared/waitPlan';
import { createExecuteContext, createWebhookContext } from '../../support/nodeContext';

const until = new Date('2030-05-01T10:00:00.000Z');

describe('wait plan', () => {
	it('replaces the input array contents (not the objects) with one stored item per input', () => {
		const { context } = createExecuteContext({ items: [{ a: 1 }, { a: 2 }, { a: 3 }], parameters: {}, executionId: 'e1' });
		const input = context.getInputData();
		const before = input.map((item) => item.json);
		storeWaitPlan(context, 'Acme', [{ jobId: 'j1' }, { result: { status: 'failed' } }, { jobId: 'j2' }], until);
		expect(context.getInputData()).toBe(input);
		expect(before).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
		expect(input[0]).toEqual({
			json: {
				status: MISSING_RESULT_STATUS.notFetched,
				message: expect.stringContaining('Fetch job j1 with the Acme "get" operation'),
				jobId: 'j1',
				waitingUntil: until.toISOString(),
			},
			pairedItem: { item: 0 },
		});
		expect(input[1]).toEqual({ json: { status: 'failed' }, pairedItem: { item: 1 } });
	});

	it('stores a plan for 200,000 items (more than a function call takes as arguments)', () => {
		const count = 200_000;
		const { context } = createExecuteContext({ items: Array.from({ length: count }, (_unused, index) => ({ index })), parameters: {}, executionId: 'e-big' });
		storeWaitPlan(context, 'Acme', Array.from({ length: count }, (_unused, index) => ({ jobId: `j${index % 2000}` })), until);
		const input = context.getInputData();
		expect(input).toHaveLength(count);
		expect(input[count - 1]).toEqual({ json: expect.objectContaining({ jobId: 'j1999', status: MISSING_RESULT_STATUS.notFetched }), pairedItem: { item: count - 1 } });
	});

	it('refuses a plan that does not cover every input item', () => {
		const { context } = createExecuteContext({ items: [{}, {}], parameters: {} });
		expect(() => storeWaitPlan(context, 'Acme', [{ jobId: 'j' }], until)).toThrow(RangeError);
	});

	it('reads back, in the waiting webhook, what execute() stored', () => {
		const { context } = createExecuteContext({ items: [{}, {}, {}, {}], parameters: {}, executionId: 'e2' });
		storeWaitPlan(context, 'Acme', [{ jobId: 'j1' }, { result: { status: 'failed' } }, { jobId: 'j2' }, { jobId: 'j1' }], until);
		const hook = createWebhookContext({ rawBody: '{}', executionId: 'e2', inputItems: context.getInputData() });
		const plan = readWaitPlan(hook.context);
		expect(plan.key).toBe(`e2|Node Under Test|${until.toISOString()}`);
		expect(plan.waitingUntil).toEqual(until);
		expect(plan.entries.map((entry) => entry.jobId)).toEqual(['j1', undefined, 'j2', 'j1']);
		expect(plan.entries[1].json).toEqual({ status: 'failed' });
		expect(pendingJobIds(plan)).toEqual(['j1', 'j2']);
		expect(itemIndexesOfJob(plan, 'j1')).toEqual([0, 3]);
	});

	it('throws when the waiting node stored no pending item', () => {
		const hook = createWebhookContext({ rawBody: '{}', inputItems: [{ json: { anything: true } }] });
		expect(() => readWaitPlan(hook.context)).toThrow(/no pending items/);
	});
});

describe('wait plan cache (one process)', () => {
	const READ_ALL = '{{ $input.all().map(item => item.json) }}';
	beforeEach(() => forgetCachedWaitPlans());

	/** What execute() stores for `entries` in execution `executionId`, as a waiting webhook sees it. */
	function storedItems(executionId: string, entries: WaitEntry[], waitingUntil = until) {
		const { context } = createExecuteContext({ items: entries.map(() => ({})), parameters: {}, executionId });
		storeWaitPlan(context, 'Acme', entries, waitingUntil);
		return context.getInputData();
	}
	const callback = (executionId: string, inputItems: INodeExecutionData[], node?: { name: string }) => createWebhookContext({ rawBody: '{}', executionId, inputItems, node });

	it('reads every stored item once, then only the first pending item to prove the plan is still stored', () => {
		const items = storedItems('c1', [{ result: { status: 'failed' } }, { jobId: 'j1' }, { jobId: 'j2' }]);
		const first = callback('c1', items);
		const plan = readWaitPlan(first.context);
		expect(first.expressions).toEqual([READ_ALL]);
		const second = callback('c1', items);
		expect(readWaitPlan(second.context)).toBe(plan);
		expect(second.expressions).toEqual(['{{ $json.jobId + "|" + $json.waitingUntil }}']);
		const reads = waitPlanReads();
		readWaitPlan(callback('c1', items).context);
		expect(waitPlanReads()).toEqual({ stored: reads.stored, cached: reads.cached + 1 });
		expect(cachedWaitPlans()).toEqual({ plans: 1, items: 3 });
	});

	it('reads the new plan when the node waits again in the same execution (a loop)', () => {
		const firstWait = readWaitPlan(callback('c2', storedItems('c2', [{ jobId: 'j1' }, { jobId: 'j1' }])).context);
		// Same execution, same node, a second wait: new jobs and a new waitingUntil.
		const later = new Date(until.getTime() + 60_000);
		const secondItems = storedItems('c2', [{ jobId: 'k1' }, { jobId: 'k2' }], later);
		const hook = callback('c2', secondItems);
		const secondWait = readWaitPlan(hook.context);
		expect(hook.expressions).toContain(READ_ALL);
		expect(secondWait).not.toBe(firstWait);
		expect(secondWait.key).toBe(`c2|Node Under Test|${later.toISOString()}`);
		expect(pendingJobIds(secondWait)).toEqual(['k1', 'k2']);
		expect(cachedWaitPlans().plans).toBe(1);
	});

	it('reads the new plan when the same job and time limit come back with the first pending item elsewhere', () => {
		readWaitPlan(callback('c3', storedItems('c3', [{ jobId: 'j1' }, { jobId: 'j2' }])).context);
		// Item 0 (the one checked) is now a known result: the check fails, every item is read.
		const hook = callback('c3', storedItems('c3', [{ result: { status: 'failed' } }, { jobId: 'j1' }]));
		expect(pendingJobIds(readWaitPlan(hook.context))).toEqual(['j1']);
		expect(hook.expressions).toContain(READ_ALL);
	});

	it('never serves one execution or node the plan of another', () => {
		const items = storedItems('c4', [{ jobId: 'j1' }]);
		const planOfC4 = readWaitPlan(callback('c4', items).context);
		// Identical stored items in another execution, and in another node of the same execution.
		const other = callback('c5', items);
		expect(readWaitPlan(other.context).key).toBe(`c5|Node Under Test|${until.toISOString()}`);
		expect(other.expressions).toEqual([READ_ALL]);
		const otherNode = callback('c4', items, { name: 'Other Node' });
		expect(readWaitPlan(otherNode.context)).not.toBe(planOfC4);
		expect(otherNode.expressions).toEqual([READ_ALL]);
		expect(readWaitPlan(callback('c4', items).context)).toBe(planOfC4);
	});

	it('reads every item again when the check cannot be evaluated', () => {
		const items = storedItems('c6', [{ jobId: 'j1' }]);
		readWaitPlan(callback('c6', items).context);
		// The execution now stores fewer items than the checked index: the check throws.
		const hook = callback('c6', storedItems('c6', [{ result: { status: 'failed' } }]).slice(0, 0));
		expect(() => readWaitPlan(hook.context)).toThrow(/no pending items/);
		expect(cachedWaitPlans().plans).toBe(0);
	});

	it('forgets a plan when its wait resumes', () => {
		const items = storedItems('c9', [{ jobId: 'j1' }]);
		readWaitPlan(callback('c9', items).context);
		readWaitPlan(callback('c9-other', storedItems('c9-other', [{ jobId: 'j1' }])).context);
		forgetWaitPlan(callback('c9', items).context);
		expect(cachedWaitPlans()).toEqual({ plans: 1, items: 1 });
		const again = callback('c9', items);
		readWaitPlan(again.context);
		expect(again.expressions).toEqual([READ_ALL]);
	});

	it('drops a plan after its wait (plus the margin)', () => {
		const items = storedItems('c7', [{ jobId: 'j1' }]);
		const now = Date.now();
		const plan = readWaitPlan(callback('c7', items).context, now);
		expect(readWaitPlan(callback('c7', items).context, until.getTime() + CACHED_PLAN_MARGIN_MS - 1)).toBe(plan);
		const expired = callback('c7', items);
		expect(readWaitPlan(expired.context, until.getTime() + CACHED_PLAN_MARGIN_MS)).not.toBe(plan);
		expect(expired.expressions).toEqual([READ_ALL]);
	});

	it(`keeps at most ${MAX_CACHED_PLANS} plans and ${MAX_CACHED_ITEMS} items, dropping the least recently used`, () => {
		const itemsOf = new Map<string, INodeExecutionData[]>();
		for (let i = 0; i <= MAX_CACHED_PLANS; i++) {
			const executionId = `lru-${i}`;
			itemsOf.set(executionId, storedItems(executionId, [{ jobId: `j${i}` }]));
			readWaitPlan(callback(executionId, itemsOf.get(executionId)!).context);
			// lru-0 is used again after every new plan: it stays, lru-1 is the least recently used.
			readWaitPlan(callback('lru-0', itemsOf.get('lru-0')!).context);
		}
		expect(cachedWaitPlans().plans).toBe(MAX_CACHED_PLANS);
		const stillCached = callback('lru-0', itemsOf.get('lru-0')!);
		readWaitPlan(stillCached.context);
		expect(stillCached.expressions).not.toContain(READ_ALL);
		const dropped = callback('lru-1', itemsOf.get('lru-1')!);
		readWaitPlan(dropped.context);
		expect(dropped.expressions).toEqual([READ_ALL]);

		// Items: two plans of just over half the bound cannot both stay.
		forgetCachedWaitPlans();
		const half = Math.floor(MAX_CACHED_ITEMS / 2) + 1;
		readWaitPlan(callback('big-1', storedItems('big-1', Array.from({ length: half }, () => ({ jobId: 'j' })))).context);
		readWaitPlan(callback('big-2', storedItems('big-2', Array.from({ length: half }, () => ({ jobId: 'j' })))).context);
		expect(cachedWaitPlans()).toEqual({ plans: 1, items: half });
		// A plan larger than the whole cache is read every time and not kept.
		const huge = storedItems('huge', Array.from({ length: MAX_CACHED_ITEMS + 1 }, () => ({ jobId: 'j' })));
		readWaitPlan(callback('huge', huge).context);
		expect(cachedWaitPlans()).toEqual({ plans: 1, items: half });
	});

	it('indexes items by job once per plan', () => {
		const plan = readWaitPlan(callback('c8', storedItems('c8', [{ jobId: 'a' }, { jobId: 'b' }, { result: {} }, { jobId: 'a' }])).context);
		expect([...itemsByJob(plan)]).toEqual([
			['a', [0, 3]],
			['b', [1]],
		]);
		expect(itemsByJob(plan)).toBe(itemsByJob(plan));
		expect(itemIndexesOfJob(plan, 'zzz')).toEqual([]);
	});
});
