import { itemIndexesOfJob, MISSING_RESULT_STATUS, pendingJobIds, readWaitPlan, storeWaitPlan } from '../../../nodes/shared/waitPlan';
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
