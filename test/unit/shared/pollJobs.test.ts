// The polling loop on its own, with a scripted provider: every open job asked in the same round,
// the growing schedule, results and statuses as the callback path gives them, the request budget,
// the time limit.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CallbackDelivery } from '../../../nodes/shared/callbackResults';
import { pollJobsWithReport, POLL_SCHEDULE, roundDueMs, type JobFetcher } from '../../../nodes/shared/pollJobs';
import type { WaitEntry } from '../../../nodes/shared/waitPlan';
import { createExecuteContext } from '../../support/nodeContext';

jest.setTimeout(30_000);

const context = (): IExecuteFunctions => createExecuteContext({ items: [{}], parameters: {}, executionId: 'poll-test' }).context;

/** A provider whose job `id` is done at its `doneAtCheck`-th check (never when undefined); records when each check came. */
function scriptedProvider(doneAtCheck: Record<string, number | undefined>, fail: Set<string> = new Set()) {
	const checks: Array<{ jobId: string; at: number }> = [];
	const fetcher: JobFetcher = {
		provider: 'Scripted',
		jobsDoneWhen: 'itemResults',
		fetchJob: async (_context, jobId, plan): Promise<CallbackDelivery> => {
			checks.push({ jobId, at: Date.now() });
			if (fail.has(jobId)) throw new Error(`job ${jobId} cannot be read`);
			const count = checks.filter((check) => check.jobId === jobId).length;
			const done = doneAtCheck[jobId] !== undefined && count >= doneAtCheck[jobId]!;
			const results = done ? plan.entries.flatMap((entry, itemIndex) => (entry.jobId === jobId ? [{ itemIndex, json: { status: 'found', jobId } as IDataObject }] : [])) : [];
			return { jobId, jobDone: done, results };
		},
	};
	return { fetcher, checks };
}

describe('the polling schedule', () => {
	it('checks 3 s after the start, then 1.5 times further apart each round, never more than 5 minutes apart', () => {
		expect([0, 1, 2, 3, 4].map((round) => roundDueMs(round))).toEqual([3000, 7500, 14250, 24375, 39562.5]);
		const gaps = Array.from({ length: 40 }, (_unused, round) => roundDueMs(round + 1) - roundDueMs(round));
		expect(Math.max(...gaps)).toBe(POLL_SCHEDULE.maxGapMs);
		// A job that takes T is seen by the first round at or after T; up to about 1.5 T for the T of the target (20 s).
		const seenAt = (jobMs: number) => roundDueMs([...Array(60).keys()].find((round) => roundDueMs(round) >= jobMs)!);
		expect(seenAt(20_000)).toBe(24375);
		expect([...Array(60).keys()].filter((round) => roundDueMs(round) < 20_000).length + 1).toBe(4);
		// In general, by 1.5 T + 3 s at the latest, as long as the gaps grow (below the 5-minute cap).
		for (const jobMs of [1, 3001, 7501, 14_251, 20_000, 24_376, 60_000, 200_000]) expect(seenAt(jobMs)).toBeLessThanOrEqual(1.5 * jobMs + 3000);
	});
});

describe('pollJobs', () => {
	it('asks every open job in the same round, stops asking a job once it is in, and returns one paired item per entry', async () => {
		const { fetcher, checks } = scriptedProvider({ a: 1, b: 2 });
		const entries: WaitEntry[] = [{ jobId: 'a' }, { result: { status: 'failed', message: 'bad input' } }, { jobId: 'b' }, { jobId: 'a' }];
		const startedAt = Date.now();
		const { items, report } = await pollJobsWithReport(context(), fetcher, { provider: 'Scripted', entries, timeLimitMs: 60_000, maxChecksPerJob: 10 });

		expect(items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['found', { item: 0 }],
			['failed', { item: 1 }],
			['found', { item: 2 }],
			['found', { item: 3 }],
		]);
		// Round 1 asked a and b together (job a once, though two items wait on it); round 2 only b.
		expect(checks.map((check) => check.jobId)).toEqual(['a', 'b', 'b']);
		expect(checks[1].at - checks[0].at).toBeLessThan(500);
		expect(checks[0].at - startedAt).toBeGreaterThanOrEqual(2900);
		expect(checks[2].at - startedAt).toBeGreaterThanOrEqual(7400);
		expect(report).toEqual({ rounds: 2, checks: new Map([['a', 1], ['b', 2]]), stoppedBy: 'done' });
	});

	it('stops at the request budget: the open items get timedOut with a message naming the budget', async () => {
		const { fetcher, checks } = scriptedProvider({ a: 1, never: undefined });
		const { items, report } = await pollJobsWithReport(context(), fetcher, { provider: 'Scripted', entries: [{ jobId: 'a' }, { jobId: 'never' }], timeLimitMs: 60_000, maxChecksPerJob: 1 });
		expect(checks.map((check) => check.jobId)).toEqual(['a', 'never']);
		expect(report.stoppedBy).toBe('budget');
		expect(items[0].json.status).toBe('found');
		expect(items[1].json).toEqual({ status: 'timedOut', jobId: 'never', message: 'No Scripted result after 1 checks of job never (Max Checks per Job): it had not finished this item' });
	});

	it('makes its last check at the time limit; a job that never finishes is timedOut, one whose checks all failed is fetchFailed', async () => {
		const { fetcher, checks } = scriptedProvider({ never: undefined }, new Set(['broken']));
		const startedAt = Date.now();
		const { items, report } = await pollJobsWithReport(context(), fetcher, { provider: 'Scripted', entries: [{ jobId: 'never' }, { jobId: 'broken' }], timeLimitMs: 5_000, maxChecksPerJob: 20 });
		const tookMs = Date.now() - startedAt;
		expect(report.stoppedBy).toBe('timeLimit');
		// Rounds at 3 s and at the 5 s limit.
		expect(checks.map((check) => check.jobId)).toEqual(['never', 'broken', 'never', 'broken']);
		expect(tookMs).toBeGreaterThanOrEqual(5_000);
		expect(tookMs).toBeLessThan(7_000);
		expect(items[0].json).toMatchObject({ status: 'timedOut', jobId: 'never', message: expect.stringContaining('before the time limit') });
		expect(items[1].json).toMatchObject({ status: 'fetchFailed', jobId: 'broken', message: expect.stringContaining('job broken cannot be read') });
	});

	it('with nothing to wait for, returns the known results at once without asking', async () => {
		const { fetcher, checks } = scriptedProvider({});
		const { items } = await pollJobsWithReport(context(), fetcher, { provider: 'Scripted', entries: [{ result: { status: 'failed' } }], timeLimitMs: 60_000, maxChecksPerJob: 5 });
		expect(items).toEqual([{ json: { status: 'failed' }, pairedItem: { item: 0 } }]);
		expect(checks).toEqual([]);
	});
});
