import {
	applyDelivery,
	claimResume,
	forgetRecord,
	itemsStillOpen,
	type JobsDoneWhen,
	MAX_RECORDS,
	openItemCount,
	openJobs,
	RECLAIM_AFTER_MS,
	RECORD_MARGIN_MS,
	recordFor,
	rememberedWaits,
} from '../../../nodes/shared/callbackResults';
import { itemsByJob, type WaitPlan } from '../../../nodes/shared/waitPlan';

const plan: WaitPlan = {
	key: 'plan',
	waitingUntil: new Date('2030-01-01T00:00:00Z'),
	entries: [{ jobId: 'a', json: {} }, { jobId: 'a', json: {} }, { json: { status: 'failed' } }, { jobId: 'b', json: {} }],
};
let keyNumber = 0;
const freshRecord = () => recordFor(`test-${keyNumber++}`, new Date(Date.now() + 60_000));

describe('callback results', () => {
	it('adds results only for items pending on the delivered job', () => {
		const record = freshRecord();
		const applied = applyDelivery(record, plan, {
			jobId: 'a',
			jobDone: false,
			results: [
				{ itemIndex: 0, json: { v: 0 } },
				{ itemIndex: 2, json: { v: 2 } }, // already final: not pending
				{ itemIndex: 3, json: { v: 3 } }, // belongs to job b
				{ itemIndex: 99, json: { v: 99 } }, // no such item
			],
		});
		expect(applied).toBe(1);
		expect([...record.results.keys()]).toEqual([0]);
		expect(record.doneJobs.size).toBe(0);
	});

	it('ignores a delivery for a job the plan does not know', () => {
		const record = freshRecord();
		expect(applyDelivery(record, plan, { jobId: 'zzz', jobDone: true, results: [{ itemIndex: 0, json: {} }] })).toBeUndefined();
		expect(record.results.size).toBe(0);
		expect(record.doneJobs.size).toBe(0);
	});

	it('"all in" by job callbacks waits for every job, whatever items arrived', () => {
		const record = freshRecord();
		applyDelivery(record, plan, { jobId: 'a', jobDone: false, results: [{ itemIndex: 0, json: {} }, { itemIndex: 1, json: {} }] });
		applyDelivery(record, plan, { jobId: 'b', jobDone: false, results: [{ itemIndex: 3, json: {} }] });
		expect(itemsStillOpen(record, plan, 'jobCallback')).toEqual([0, 1, 3]);
		expect(itemsStillOpen(record, plan, 'itemResults')).toEqual([]);
		applyDelivery(record, plan, { jobId: 'a', jobDone: true, results: [] });
		expect(itemsStillOpen(record, plan, 'jobCallback')).toEqual([3]);
	});

	it('"all in" by item results ignores job completion without the items', () => {
		const record = freshRecord();
		applyDelivery(record, plan, { jobId: 'a', jobDone: true, results: [{ itemIndex: 1, json: {} }] });
		expect(itemsStillOpen(record, plan, 'itemResults')).toEqual([0, 3]);
	});

	it('"either": an item is in with its result or when its job is done', () => {
		const record = freshRecord();
		applyDelivery(record, plan, { jobId: 'b', jobDone: false, results: [{ itemIndex: 3, json: {} }] });
		expect(itemsStillOpen(record, plan, 'either')).toEqual([0, 1]);
		applyDelivery(record, plan, { jobId: 'a', jobDone: true, results: [] });
		expect(itemsStillOpen(record, plan, 'either')).toEqual([]);
	});

	it.each<JobsDoneWhen>(['jobCallback', 'itemResults', 'either'])('keeps the open items up to date delivery by delivery ("%s"), as counting them afresh would', (doneWhen) => {
		// 2,000 items over 40 jobs, some already final; deliveries in a scrambled order, some
		// repeated, some for items of another job.
		const entries: WaitPlan['entries'] = Array.from({ length: 2_000 }, (_unused, itemIndex) => (itemIndex % 97 === 0 ? { json: { status: 'failed' } } : { jobId: `job-${itemIndex % 40}`, json: {} }));
		const big: WaitPlan = { key: 'big', waitingUntil: new Date('2030-01-01T00:00:00Z'), entries };
		const fresh = (record: ReturnType<typeof freshRecord>) => {
			const copy = { ...record, open: undefined };
			// Another rule counted on the same record must not disturb this one.
			openItemCount(record, big, doneWhen === 'either' ? 'itemResults' : 'either');
			return { count: openItemCount(copy, big, doneWhen), items: itemsStillOpen(copy, big, doneWhen), jobs: openJobs(copy, big, doneWhen) };
		};
		const record = freshRecord();
		expect(openItemCount(record, big, doneWhen)).toBe(2_000 - 21);
		let seed = 7;
		const random = (below: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % below;
		for (let step = 0; step < 300; step++) {
			const job = random(40);
			const results = Array.from({ length: random(5) }, () => ({ itemIndex: random(2_000), json: { step } }));
			applyDelivery(record, big, { jobId: `job-${job}`, jobDone: random(10) === 0, results });
			expect({ count: openItemCount(record, big, doneWhen), items: itemsStillOpen(record, big, doneWhen), jobs: openJobs(record, big, doneWhen) }).toEqual(fresh(record));
		}
		for (let job = 0; job < 40; job++) applyDelivery(record, big, { jobId: `job-${job}`, jobDone: true, results: (itemsByJob(big).get(`job-${job}`) ?? []).map((itemIndex) => ({ itemIndex, json: {} })) });
		expect(openItemCount(record, big, doneWhen)).toBe(0);
		expect(openJobs(record, big, doneWhen)).toEqual([]);
	});

	it('lists the jobs with open items once each, in the order of their first item', () => {
		const record = freshRecord();
		expect(openJobs(record, plan, 'either')).toEqual(['a', 'b']);
		applyDelivery(record, plan, { jobId: 'a', jobDone: true, results: [] });
		expect(openJobs(record, plan, 'either')).toEqual(['b']);
		expect(openItemCount(record, plan, 'either')).toBe(1);
	});

	it('lets one resume through, and another only after a resume that did not happen', () => {
		const record = freshRecord();
		expect(claimResume(record, 1_000)).toBe(true);
		expect(claimResume(record, 2_000)).toBe(false);
		expect(claimResume(record, 1_000 + RECLAIM_AFTER_MS)).toBe(true);
	});

	it('returns the same record for the same wait and forgets it on request', () => {
		const endsAt = new Date(Date.now() + 60_000);
		const record = recordFor('same-wait', endsAt);
		expect(recordFor('same-wait', endsAt)).toBe(record);
		forgetRecord('same-wait');
		expect(recordFor('same-wait', endsAt)).not.toBe(record);
	});

	it('drops records after their wait ended (plus the margin)', () => {
		const now = Date.now();
		const record = recordFor('short-wait', new Date(now + 1_000), now);
		expect(recordFor('short-wait', new Date(now + 1_000), now + 1_000 + RECORD_MARGIN_MS - 1)).toBe(record);
		expect(recordFor('short-wait', new Date(now + 1_000), now + 1_000 + RECORD_MARGIN_MS)).not.toBe(record);
	});

	it('keeps at most MAX_RECORDS waits, dropping the oldest', () => {
		const endsAt = new Date(Date.now() + 60_000);
		const first = recordFor('bounded-0', endsAt);
		for (let i = 1; i <= MAX_RECORDS + 5; i++) recordFor(`bounded-${i}`, endsAt);
		recordFor('bounded-last', endsAt);
		expect(rememberedWaits()).toBeLessThanOrEqual(MAX_RECORDS + 1);
		expect(recordFor('bounded-0', endsAt)).not.toBe(first);
	});
});
