// The shared "start, wait, resume once" mechanism, driven the way n8n drives it: `execute()` with
// a real input array, then the waiting node's `webhook()` once per callback, with the items the
// waiting execution stored as its input. The provider here is a made-up one ("Acme") shaped like
// FullEnrich: batches, an HMAC-SHA1 body signature, `custom` echoed back, a GET for results.
import { createHmac } from 'crypto';
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { forgetRecord, type CallbackDelivery, type JobsDoneWhen } from '../../../nodes/shared/callbackResults';
import { EARLY_CHECK_DELAY_MS, EARLY_CHECK_HEADER } from '../../../nodes/shared/earlyCheck';
import { TIME_LIMIT_CALL_HEADER } from '../../../nodes/shared/resumeWebhook';
import { BACKSTOP_MS } from '../../../nodes/shared/timeLimit';
import { rawBodyOf } from '../../../nodes/shared/webhook';
import { verifyHmacSha1Body } from '../../../nodes/shared/verification';
import { resumeOnCallback, type ResumeAdapter, waitForCallbacks } from '../../../nodes/shared/waitForCallbacks';
import { MISSING_RESULT_STATUS, type WaitEntry } from '../../../nodes/shared/waitPlan';
import { FakeServer } from '../../fakes/fakeServer';
import { createExecuteContext, createWebhookContext } from '../../support/nodeContext';

const API_KEY = 'acme-secret-key';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AcmeContact {
	custom: { n8n_item: string };
	contact?: IDataObject;
}
interface AcmeJob {
	id: string;
	status: 'IN_PROGRESS' | 'FINISHED';
	data: AcmeContact[];
}

function acmeAdapter(baseUrl: string, jobsDoneWhen: JobsDoneWhen): ResumeAdapter {
	const toDelivery = (job: AcmeJob): CallbackDelivery => ({
		jobId: job.id,
		jobDone: job.status === 'FINISHED',
		results: job.data.filter((entry) => entry.contact).map((entry) => ({ itemIndex: Number(entry.custom.n8n_item), json: { status: 'found', ...entry.contact } })),
	});
	return {
		provider: 'Acme',
		jobsDoneWhen,
		verify: async (context) =>
			verifyHmacSha1Body({ secret: API_KEY, rawBody: await rawBodyOf(context), presentedSignature: context.getHeaderData()['x-signature'], check: { header: 'x-signature', digest: 'the HMAC-SHA1 of the body' } }),
		parseCallback: async (context) => toDelivery(context.getBodyData() as unknown as AcmeJob),
		fetchJob: async (context, jobId) => toDelivery((await context.helpers.httpRequest({ method: 'GET', url: `${baseUrl}/jobs/${jobId}`, json: true })) as AcmeJob),
	};
}

const contactFor = (itemIndex: number): AcmeContact => ({ custom: { n8n_item: String(itemIndex) }, contact: { email: `person${itemIndex}@example.com` } });

function signed(body: unknown): { rawBody: string; headers: Record<string, string> } {
	const rawBody = JSON.stringify(body);
	return { rawBody, headers: { 'x-signature': createHmac('sha1', API_KEY).update(rawBody).digest('hex') } };
}

describe('waitForCallbacks + resumeOnCallback', () => {
	const provider = new FakeServer();
	const jobsOnServer = new Map<string, AcmeJob>();
	let timeLimitFailsWith = 0;
	/** Jobs whose GET the fake answers only after this long (to order concurrent catch-ups). */
	const slowJobs = new Map<string, number>();

	beforeAll(async () => {
		provider.route('GET', '/jobs/:id', async (_request, params) => {
			await sleep(slowJobs.get(params.id) ?? 0);
			const job = jobsOnServer.get(params.id);
			if (timeLimitFailsWith) return { status: timeLimitFailsWith, body: { message: 'down' } };
			return job ? { status: 200, body: job } : { status: 404, body: { message: 'not found' } };
		});
		// Stands in for n8n's /webhook-waiting/ route: records our own time-limit calls.
		provider.route('POST', '/webhook-waiting/:executionId', () => ({ status: 200, body: {} }));
		await provider.start();
	});
	afterAll(async () => {
		await sleep(1200); // let the short time-limit timers of these tests run out
		await provider.close();
	});

	/** Runs execute() for `entries`; returns what the waiting execution stores and a webhook caller. */
	async function startWaiting(executionId: string, entries: WaitEntry[], timeLimitMs: number, jobsDoneWhen: JobsDoneWhen = 'jobCallback') {
		const items = entries.map((_, i) => ({ row: i }));
		const resumeUrl = `${provider.baseUrl}/webhook-waiting/${executionId}?signature=resume-token-${executionId}`;
		const { context, waits } = createExecuteContext({ items, parameters: {}, executionId, resumeUrl });
		const originalJson = context.getInputData().map((item) => item.json);
		const output = await waitForCallbacks(context, { provider: 'Acme', entries, timeLimitMs });
		const stored: INodeExecutionData[] = context.getInputData();
		const adapter = acmeAdapter(provider.baseUrl, jobsDoneWhen);
		const call = async (rawBody: string, headers: Record<string, string>) => {
			const hook = createWebhookContext({ rawBody, headers, executionId, resumeUrl, inputItems: stored });
			const answer = await resumeOnCallback(hook.context as IWebhookFunctions, adapter);
			return { answer, status: hook.response.statusCode, body: hook.response.body as IDataObject };
		};
		/** Like `call`, through another adapter (e.g. one whose check fails to run). */
		const callWith = async (otherAdapter: ResumeAdapter, rawBody: string, headers: Record<string, string>) => {
			const hook = createWebhookContext({ rawBody, headers, executionId, resumeUrl, inputItems: stored });
			const answer = await resumeOnCallback(hook.context as IWebhookFunctions, otherAdapter);
			return { answer, status: hook.response.statusCode, body: hook.response.body as IDataObject };
		};
		return { output, waits, stored, originalJson, call, callWith, resumeUrl, executionId };
	}

	it('250 contacts in 3 batches: per-contact callbacks do not resume; the last batch resumes once with every item, paired', async () => {
		const jobOf = (i: number) => (i < 100 ? 'job-1' : i < 200 ? 'job-2' : 'job-3');
		// Item 7 could not be started (bad input, continueOnFail): its result is known already.
		const entries: WaitEntry[] = Array.from({ length: 250 }, (_, i) => (i === 7 ? { result: { status: 'failed', error: 'no name' } } : { jobId: jobOf(i) }));
		const started = Date.now();
		const run = await startWaiting('exec-250', entries, 900);

		// n8n's own limit is the backstop, after ours.
		expect(run.waits).toHaveLength(1);
		expect(run.waits[0].getTime()).toBeGreaterThanOrEqual(started + 900 + BACKSTOP_MS);
		expect(run.output[0]).toHaveLength(250);
		expect(run.output[0][0]).toEqual({ json: expect.objectContaining({ status: 'waiting', jobId: 'job-1' }), pairedItem: { item: 0 } });
		expect(run.output[0][7].json).toEqual({ status: 'failed', error: 'no name' });
		// The stored input is what n8n passes through if it resumes on its own; the previous node's items are untouched.
		expect(run.stored[0]).toEqual({ json: expect.objectContaining({ status: MISSING_RESULT_STATUS.notFetched, jobId: 'job-1' }), pairedItem: { item: 0 } });
		expect(run.stored[249].json.jobId).toBe('job-3');
		expect(run.originalJson[0]).toEqual({ row: 0 });

		// A forged callback: 401, nothing resumes.
		const forged = await run.call(JSON.stringify({ id: 'job-1', status: 'FINISHED', data: [] }), { 'x-signature': 'ab'.repeat(20) });
		expect(forged.status).toBe(401);
		expect(forged.answer.workflowData).toBeUndefined();

		// Per-contact callbacks for every contact of job 1: results gathered, no resume.
		for (let i = 0; i < 100; i++) {
			if (i === 7) continue;
			const perContact = signed({ id: 'job-1', status: 'IN_PROGRESS', data: [contactFor(i)] });
			const answer = await run.call(perContact.rawBody, perContact.headers);
			expect(answer.answer.workflowData).toBeUndefined();
			expect(answer.status).toBe(200);
		}
		// Batch callbacks: job 1 finished without item 5; job 2 twice (a provider retry); job 3 last.
		const batch = (id: string, from: number, to: number, skip: number[] = []) =>
			signed({ id, status: 'FINISHED', data: Array.from({ length: to - from }, (_, k) => from + k).filter((i) => !skip.includes(i)).map(contactFor) });
		for (const [id, from, to, skip, stillOpen] of [['job-1', 0, 100, [5, 7], 150], ['job-2', 100, 200, [], 50], ['job-2', 100, 200, [], 50]] as const) {
			const { rawBody, headers } = batch(id, from, to, [...skip]);
			const answer = await run.call(rawBody, headers);
			expect(answer.answer.workflowData).toBeUndefined();
			expect(answer.body).toMatchObject({ received: true, waitingFor: stillOpen });
		}
		const stranger = signed({ id: 'job-99', status: 'FINISHED', data: [contactFor(1)] });
		expect((await run.call(stranger.rawBody, stranger.headers)).body).toMatchObject({ received: true, ignored: 'the job is not part of this wait' });

		const last = batch('job-3', 200, 250);
		const resumed = await run.call(last.rawBody, last.headers);
		expect(resumed.status).toBe(200);
		const items = resumed.answer.workflowData![0];
		expect(items).toHaveLength(250);
		items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		expect(items[0].json).toEqual({ status: 'found', email: 'person0@example.com' });
		expect(items[249].json).toEqual({ status: 'found', email: 'person249@example.com' });
		// Item 5 had a per-contact result before its batch finished: kept.
		expect(items[5].json).toEqual({ status: 'found', email: 'person5@example.com' });
		expect(items[7].json).toEqual({ status: 'failed', error: 'no name' });

		// A retry of the last batch does not resume a second time.
		const again = await run.call(last.rawBody, last.headers);
		expect(again.answer.workflowData).toBeUndefined();

		// Our time limit passes later: the wait already ended, so no time-limit call and no GET.
		await sleep(1100);
		expect(provider.requestsTo('POST', /^\/webhook-waiting\/exec-250/)).toHaveLength(0);
		expect(provider.requestsTo('GET', /^\/jobs\//)).toHaveLength(0);
	});

	it('a finished batch without some items marks them notReturned', async () => {
		const run = await startWaiting('exec-not-returned', [{ jobId: 'b-1' }, { jobId: 'b-1' }, { jobId: 'b-1' }], 600);
		const { rawBody, headers } = signed({ id: 'b-1', status: 'FINISHED', data: [contactFor(0), contactFor(2)] });
		const items = (await run.call(rawBody, headers)).answer.workflowData![0];
		expect(items.map((item) => item.json.status)).toEqual(['found', MISSING_RESULT_STATUS.notReturned, 'found']);
		expect(items[1].json).toMatchObject({ jobId: 'b-1', message: expect.stringContaining('Acme finished job b-1 without a result') });
	});

	it('at the time limit, calls itself with the key, fetches each unfinished job once, and marks the rest', async () => {
		jobsOnServer.set('t-b', { id: 't-b', status: 'IN_PROGRESS', data: [contactFor(3)] });
		const entries: WaitEntry[] = [{ jobId: 't-a' }, { jobId: 't-a' }, { jobId: 't-a' }, { jobId: 't-b' }, { jobId: 't-b' }];
		const run = await startWaiting('exec-time-limit', entries, 300);
		const finishedA = signed({ id: 't-a', status: 'FINISHED', data: [contactFor(0), contactFor(2)] });
		expect((await run.call(finishedA.rawBody, finishedA.headers)).answer.workflowData).toBeUndefined();

		// The timer POSTs to the resume URL (here the fake stands in for n8n's route).
		await sleep(600);
		const timeLimitCalls = provider.requestsTo('POST', /^\/webhook-waiting\/exec-time-limit$/);
		expect(timeLimitCalls).toHaveLength(1);
		expect(timeLimitCalls[0].query.get('signature')).toBe('resume-token-exec-time-limit');
		const key = timeLimitCalls[0].headers[TIME_LIMIT_CALL_HEADER] as string;
		expect(key).toMatch(/^[0-9a-f]{64}$/);

		// A wrong key is refused like a forged callback.
		const wrong = await run.call('{}', { [TIME_LIMIT_CALL_HEADER]: '0'.repeat(64) });
		expect(wrong.status).toBe(401);
		expect(wrong.answer.workflowData).toBeUndefined();

		// n8n routes the call to webhook(): one GET for the unfinished job only, then resume.
		const resumed = await run.call('{}', { [TIME_LIMIT_CALL_HEADER]: key });
		expect(provider.requestsTo('GET', /^\/jobs\/t-b$/)).toHaveLength(1);
		expect(provider.requestsTo('GET', /^\/jobs\/t-a$/)).toHaveLength(0);
		const items = resumed.answer.workflowData![0];
		expect(items.map((item) => item.json.status)).toEqual(['found', MISSING_RESULT_STATUS.notReturned, 'found', 'found', MISSING_RESULT_STATUS.timedOut]);
		expect(items[4].json).toMatchObject({ jobId: 't-b', message: expect.stringContaining('before the time limit') });
		items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));

		// A second time-limit call (another process's timer) neither fetches nor resumes again.
		const second = await run.call('{}', { [TIME_LIMIT_CALL_HEADER]: key });
		expect(second.answer.workflowData).toBeUndefined();
		expect(provider.requestsTo('GET', /^\/jobs\/t-b$/)).toHaveLength(1);
	});

	it('a fetch that fails at the time limit marks its items fetchFailed and still resumes', async () => {
		const run = await startWaiting('exec-fetch-fails', [{ jobId: 'f-1' }, { result: { status: 'failed' } }], 500);
		timeLimitFailsWith = 503;
		try {
			const key = createWebhookContext({ rawBody: '{}', executionId: run.executionId, resumeUrl: run.resumeUrl }).context.getSignedResumeUrl({ purpose: 'enrichment-time-limit' });
			const resumed = await run.call('{}', { [TIME_LIMIT_CALL_HEADER]: new URL(key).searchParams.get('signature')! });
			const items = resumed.answer.workflowData![0];
			expect(items[0].json).toMatchObject({ status: MISSING_RESULT_STATUS.fetchFailed, jobId: 'f-1', message: expect.stringContaining('503') });
			expect(items[1].json).toEqual({ status: 'failed' });
		} finally {
			timeLimitFailsWith = 0;
		}
	});

	it('one job per item (Wiza-like): resumes when every item has its result', async () => {
		const run = await startWaiting('exec-per-item', [{ jobId: 'r-0' }, { jobId: 'r-1' }, { jobId: 'r-2' }], 600, 'itemResults');
		for (const i of [2, 0]) {
			const { rawBody, headers } = signed({ id: `r-${i}`, status: 'FINISHED', data: [contactFor(i)] });
			expect((await run.call(rawBody, headers)).answer.workflowData).toBeUndefined();
		}
		const { rawBody, headers } = signed({ id: 'r-1', status: 'FINISHED', data: [contactFor(1)] });
		const items = (await run.call(rawBody, headers)).answer.workflowData![0];
		expect(items.map((item) => item.json.email)).toEqual(['person0@example.com', 'person1@example.com', 'person2@example.com']);
	});

	it('a callback whose check cannot run (its credential read failed) gets 503 and the wait goes on; its retry resumes', async () => {
		const run = await startWaiting('exec-503', [{ jobId: 'c-1' }, { jobId: 'c-1' }], 600);
		const { rawBody, headers } = signed({ id: 'c-1', status: 'FINISHED', data: [contactFor(0), contactFor(1)] });
		const failing: ResumeAdapter = {
			...acmeAdapter(provider.baseUrl, 'jobCallback'),
			verify: async () => {
				throw new Error('operation timed out for an unknown reason');
			},
		};
		const first = await run.callWith(failing, rawBody, headers);
		expect(first.status).toBe(503);
		expect(first.answer).toEqual({ noWebhookResponse: true });
		expect(first.body).toEqual({ message: 'The callback could not be checked right now; send it again later' });
		// The provider's retry, once the credential can be read again.
		const retry = await run.call(rawBody, headers);
		expect(retry.status).toBe(200);
		expect(retry.answer.workflowData![0].map((item) => item.json.email)).toEqual(['person0@example.com', 'person1@example.com']);
	});

	it('a result for an item of another job is ignored', async () => {
		const run = await startWaiting('exec-cross', [{ jobId: 'x-1' }, { jobId: 'x-2' }], 600, 'itemResults');
		const { rawBody, headers } = signed({ id: 'x-1', status: 'FINISHED', data: [contactFor(0), contactFor(1)] });
		expect((await run.call(rawBody, headers)).body).toMatchObject({ waitingFor: 1 });
	});

	it('a process that did not start the wait takes over the time-limit timer', async () => {
		// execute() ran in another process (its timer calls a different address here); then that
		// process is gone and this one, which knows nothing of the wait, gets a callback.
		const elsewhere = `${provider.baseUrl}/webhook-waiting/elsewhere?signature=t`;
		const { context } = createExecuteContext({ items: [{}, {}], parameters: {}, executionId: 'exec-takeover', resumeUrl: elsewhere });
		await waitForCallbacks(context, { provider: 'Acme', entries: [{ jobId: 'o-1' }, { jobId: 'o-2' }], timeLimitMs: 400 });
		const stored = context.getInputData();
		forgetRecord(`exec-takeover|Node Under Test|${String(stored[0].json.waitingUntil)}`);
		const resumeUrl = `${provider.baseUrl}/webhook-waiting/exec-takeover?signature=t`;
		const { rawBody, headers } = signed({ id: 'o-1', status: 'FINISHED', data: [contactFor(0)] });
		const hook = createWebhookContext({ rawBody, headers, executionId: 'exec-takeover', resumeUrl, inputItems: stored });
		await resumeOnCallback(hook.context, acmeAdapter(provider.baseUrl, 'itemResults'));
		expect(hook.response.body).toMatchObject({ waitingFor: 1 });
		await sleep(700);
		expect(provider.requestsTo('POST', /^\/webhook-waiting\/exec-takeover$/)).toHaveLength(1);
	});

	it('a process that did not see the whole wait asks the provider once about the jobs it has not seen finish, at a completion callback', async () => {
		// Another process started the wait and got job c-1's callback; this one (a second webhook
		// process, or this one after a restart) gets c-2's. The provider holds c-1's results.
		const elsewhere = `${provider.baseUrl}/webhook-waiting/elsewhere-catch-up?signature=t`;
		const { context } = createExecuteContext({ items: [{}, {}, {}], parameters: {}, executionId: 'exec-catch-up', resumeUrl: elsewhere });
		await waitForCallbacks(context, { provider: 'Acme', entries: [{ jobId: 'c-1' }, { jobId: 'c-2' }, { jobId: 'c-3' }], timeLimitMs: 60_000 });
		const stored = context.getInputData();
		forgetRecord(`exec-catch-up|Node Under Test|${String(stored[0].json.waitingUntil)}`);
		jobsOnServer.set('c-1', { id: 'c-1', status: 'FINISHED', data: [contactFor(0)] });
		jobsOnServer.set('c-3', { id: 'c-3', status: 'IN_PROGRESS', data: [] });
		const resumeUrl = `${provider.baseUrl}/webhook-waiting/exec-catch-up?signature=t`;
		const adapter = acmeAdapter(provider.baseUrl, 'jobCallback');
		const deliver = async (body: AcmeJob) => {
			const { rawBody, headers } = signed(body);
			const hook = createWebhookContext({ rawBody, headers, executionId: 'exec-catch-up', resumeUrl, inputItems: stored });
			const answer = await resumeOnCallback(hook.context, adapter);
			return { answer, body: hook.response.body as IDataObject };
		};
		const gets = () => provider.requestsTo('GET', /^\/jobs\/c-/).map((request) => request.path);

		// A per-contact (not a completion) callback asks nothing.
		expect((await deliver({ id: 'c-2', status: 'IN_PROGRESS', data: [contactFor(1)] })).body).toMatchObject({ waitingFor: 3 });
		expect(gets()).toEqual([]);
		// c-2's completion: c-1 and c-3 are asked about once; c-1 is finished, c-3 still runs.
		expect((await deliver({ id: 'c-2', status: 'FINISHED', data: [contactFor(1)] })).body).toMatchObject({ waitingFor: 1 });
		expect(gets().sort()).toEqual(['/jobs/c-1', '/jobs/c-3']);
		// c-3's completion reaches this process: nothing left to ask, it resumes with every result.
		const last = await deliver({ id: 'c-3', status: 'FINISHED', data: [contactFor(2)] });
		expect(gets()).toHaveLength(2);
		expect(last.answer.workflowData![0].map((item) => item.json.email)).toEqual(['person0@example.com', 'person1@example.com', 'person2@example.com']);
	});

	it('jobs finishing one by one: a catch-up stops at the first job still running, so it costs about two GETs, not one per open job', async () => {
		// Six one-item jobs (Wiza-like); another process started the wait and gets the other callbacks.
		const elsewhere = `${provider.baseUrl}/webhook-waiting/elsewhere-rounds?signature=t`;
		const { context } = createExecuteContext({ items: Array.from({ length: 6 }, () => ({})), parameters: {}, executionId: 'exec-rounds', resumeUrl: elsewhere });
		await waitForCallbacks(context, { provider: 'Acme', entries: Array.from({ length: 6 }, (_unused, index) => ({ jobId: `q-${index}` })), timeLimitMs: 60_000 });
		const stored = context.getInputData();
		forgetRecord(`exec-rounds|Node Under Test|${String(stored[0].json.waitingUntil)}`);
		const finish = (...indexes: number[]) => indexes.forEach((index) => jobsOnServer.set(`q-${index}`, { id: `q-${index}`, status: 'FINISHED', data: [contactFor(index)] }));
		for (let index = 0; index < 6; index++) jobsOnServer.set(`q-${index}`, { id: `q-${index}`, status: 'IN_PROGRESS', data: [] });
		const resumeUrl = `${provider.baseUrl}/webhook-waiting/exec-rounds?signature=t`;
		const adapter = acmeAdapter(provider.baseUrl, 'itemResults');
		const deliver = async (index: number) => {
			const { rawBody, headers } = signed({ id: `q-${index}`, status: 'FINISHED', data: [contactFor(index)] });
			const hook = createWebhookContext({ rawBody, headers, executionId: 'exec-rounds', resumeUrl, inputItems: stored });
			const answer = await resumeOnCallback(hook.context, adapter);
			return { answer, body: hook.response.body as IDataObject };
		};
		const gets = () => provider.requestsTo('GET', /^\/jobs\/q-/).map((request) => request.path.replace('/jobs/', ''));

		// q-0 and q-1 ended (q-1 called back elsewhere); q-0's callback comes here: q-1 is asked (ended),
		// then q-2 (running): the catch-up stops there, q-3 to q-5 are not asked.
		finish(0, 1);
		expect((await deliver(0)).body).toMatchObject({ waitingFor: 4 });
		expect(gets()).toEqual(['q-1', 'q-2']);
		// q-2 and q-3 end; q-2's callback comes here: q-3 (ended), then q-4 (running).
		finish(2, 3);
		expect((await deliver(2)).body).toMatchObject({ waitingFor: 2 });
		expect(gets()).toEqual(['q-1', 'q-2', 'q-3', 'q-4']);
		// Everything ends; q-5's callback comes here: q-4, found running last time, is asked first, and it resumes.
		finish(4, 5);
		const last = await deliver(5);
		expect(gets()).toEqual(['q-1', 'q-2', 'q-3', 'q-4', 'q-4']);
		expect(last.answer.workflowData![0].map((item) => item.json.email)).toEqual([0, 1, 2, 3, 4, 5].map((index) => `person${index}@example.com`));
	});

	it('every job ended when the first callback reaches a process that saw none: asked in rounds of 1, 1, 2, 4... each once', async () => {
		const elsewhere = `${provider.baseUrl}/webhook-waiting/elsewhere-all-ended?signature=t`;
		const { context } = createExecuteContext({ items: Array.from({ length: 9 }, () => ({})), parameters: {}, executionId: 'exec-all-ended', resumeUrl: elsewhere });
		await waitForCallbacks(context, { provider: 'Acme', entries: Array.from({ length: 9 }, (_unused, index) => ({ jobId: `z-${index}` })), timeLimitMs: 60_000 });
		const stored = context.getInputData();
		forgetRecord(`exec-all-ended|Node Under Test|${String(stored[0].json.waitingUntil)}`);
		for (let index = 0; index < 9; index++) jobsOnServer.set(`z-${index}`, { id: `z-${index}`, status: 'FINISHED', data: [contactFor(index)] });
		const { rawBody, headers } = signed({ id: 'z-0', status: 'FINISHED', data: [contactFor(0)] });
		const hook = createWebhookContext({ rawBody, headers, executionId: 'exec-all-ended', resumeUrl: `${provider.baseUrl}/webhook-waiting/exec-all-ended?signature=t`, inputItems: stored });
		const answer = await resumeOnCallback(hook.context, acmeAdapter(provider.baseUrl, 'itemResults'));
		const gets = provider.requestsTo('GET', /^\/jobs\/z-/).map((request) => request.path.replace('/jobs/', ''));
		expect(gets.sort()).toEqual(['z-1', 'z-2', 'z-3', 'z-4', 'z-5', 'z-6', 'z-7', 'z-8']);
		expect(answer.workflowData![0]).toHaveLength(9);
	});

	it('a job settled by another callback while a catch-up was asking about an earlier one is not asked again in its next round', async () => {
		// Every job ended; this process saw none. v-0's callback asks v-1 (slow to answer); meanwhile
		// v-1's callback comes and its catch-up asks v-2. When v-1's answer comes, v-0's catch-up
		// would ask v-2 in its next round: v-2 is settled by then, so it is not asked a second time.
		const elsewhere = `${provider.baseUrl}/webhook-waiting/elsewhere-settled?signature=t`;
		const { context } = createExecuteContext({ items: [{}, {}, {}], parameters: {}, executionId: 'exec-settled', resumeUrl: elsewhere });
		await waitForCallbacks(context, { provider: 'Acme', entries: [0, 1, 2].map((index) => ({ jobId: `v-${index}` })), timeLimitMs: 60_000 });
		const stored = context.getInputData();
		forgetRecord(`exec-settled|Node Under Test|${String(stored[0].json.waitingUntil)}`);
		for (const index of [0, 1, 2]) jobsOnServer.set(`v-${index}`, { id: `v-${index}`, status: 'FINISHED', data: [contactFor(index)] });
		slowJobs.set('v-1', 300);
		const adapter = acmeAdapter(provider.baseUrl, 'itemResults');
		const deliver = async (index: number) => {
			const { rawBody, headers } = signed({ id: `v-${index}`, status: 'FINISHED', data: [contactFor(index)] });
			const hook = createWebhookContext({ rawBody, headers, executionId: 'exec-settled', resumeUrl: `${provider.baseUrl}/webhook-waiting/exec-settled?signature=t`, inputItems: stored });
			return await resumeOnCallback(hook.context, adapter);
		};
		const first = deliver(0);
		await sleep(100);
		const second = await deliver(1);
		const answers = [await first, second];
		slowJobs.delete('v-1');
		const gets = provider.requestsTo('GET', /^\/jobs\/v-/).map((request) => request.path.replace('/jobs/', ''));
		expect(gets.sort()).toEqual(['v-1', 'v-2']);
		// One of the two callbacks resumed the execution with every result.
		const resumed = answers.filter((answer) => answer.workflowData !== undefined);
		expect(resumed).toHaveLength(1);
		expect(resumed[0].workflowData![0].map((item) => item.json.email)).toEqual([0, 1, 2].map((index) => `person${index}@example.com`));
	});

	it("Surfe-like ('either'): a job-ended event without results reaching a process that missed the per-item events asks for that job once", async () => {
		// Another process started the wait and got the per-item events of items 0 and 1; this one
		// gets item 2's, then the job-ended events, which carry no results. The provider holds them.
		const elsewhere = `${provider.baseUrl}/webhook-waiting/elsewhere-either?signature=t`;
		const { context } = createExecuteContext({ items: [{}, {}, {}, {}], parameters: {}, executionId: 'exec-either', resumeUrl: elsewhere });
		await waitForCallbacks(context, { provider: 'Acme', entries: [{ jobId: 's-1' }, { jobId: 's-1' }, { jobId: 's-1' }, { jobId: 's-2' }], timeLimitMs: 60_000 });
		const stored = context.getInputData();
		forgetRecord(`exec-either|Node Under Test|${String(stored[0].json.waitingUntil)}`);
		// s-1 ended with results for items 0 and 2 (none for item 1); s-2 still runs.
		jobsOnServer.set('s-1', { id: 's-1', status: 'FINISHED', data: [contactFor(0), contactFor(2)] });
		jobsOnServer.set('s-2', { id: 's-2', status: 'IN_PROGRESS', data: [] });
		const resumeUrl = `${provider.baseUrl}/webhook-waiting/exec-either?signature=t`;
		const adapter = acmeAdapter(provider.baseUrl, 'either');
		const deliver = async (body: AcmeJob) => {
			const { rawBody, headers } = signed(body);
			const hook = createWebhookContext({ rawBody, headers, executionId: 'exec-either', resumeUrl, inputItems: stored });
			const answer = await resumeOnCallback(hook.context, adapter);
			return { answer, body: hook.response.body as IDataObject };
		};
		const gets = () => provider.requestsTo('GET', /^\/jobs\/s-/).map((request) => request.path);

		expect((await deliver({ id: 's-1', status: 'IN_PROGRESS', data: [contactFor(2)] })).body).toMatchObject({ waitingFor: 3 });
		expect(gets()).toEqual([]);
		// s-1's ended event, without results: s-1 and s-2 are asked about once; item 0 comes from s-1's
		// answer (it would otherwise be closed without its result), item 1 stays without one (s-1 ended
		// without it), s-2 still runs.
		expect((await deliver({ id: 's-1', status: 'FINISHED', data: [] })).body).toMatchObject({ waitingFor: 1 });
		expect(gets().sort()).toEqual(['/jobs/s-1', '/jobs/s-2']);
		// s-2's ended event resumes; s-1 is not asked about again (it had ended when asked).
		const last = await deliver({ id: 's-2', status: 'FINISHED', data: [contactFor(3)] });
		expect(gets()).toHaveLength(2);
		const resumed = last.answer.workflowData![0].map((item) => item.json);
		expect(resumed.map((json) => json.email)).toEqual(['person0@example.com', undefined, 'person2@example.com', 'person3@example.com']);
		expect(resumed[1].status).toBe(MISSING_RESULT_STATUS.notReturned);
	});

	it('early check: execute() calls the resume URL itself after the wait is saved; webhook() asks once about each open job it has not seen finish, and resumes when all are in', async () => {
		// e-1 finished at once: its callback came before n8n saved the wait (409) and never reached
		// webhook(). e-2's callback arrives after the save. e-3 still runs at the check.
		jobsOnServer.set('e-1', { id: 'e-1', status: 'FINISHED', data: [contactFor(0), contactFor(1)] });
		jobsOnServer.set('e-3', { id: 'e-3', status: 'IN_PROGRESS', data: [] });
		const run = await startWaiting('exec-early', [{ jobId: 'e-1' }, { jobId: 'e-1' }, { jobId: 'e-2' }, { jobId: 'e-3' }], 60_000);
		const gets = () => provider.requestsTo('GET', /^\/jobs\/e-/).map((request) => request.path);
		const e2 = signed({ id: 'e-2', status: 'FINISHED', data: [contactFor(2)] });
		expect((await run.call(e2.rawBody, e2.headers)).body).toMatchObject({ waitingFor: 3 });

		// The self-call comes EARLY_CHECK_DELAY_MS after execute() returned (here the fake answers for n8n).
		const selfCalls = () => provider.requestsTo('POST', /^\/webhook-waiting\/exec-early$/);
		for (let waited = 0; selfCalls().length === 0 && waited < EARLY_CHECK_DELAY_MS + 3000; waited += 100) await sleep(100);
		expect(selfCalls()).toHaveLength(1);
		const [selfCall] = selfCalls();
		expect(selfCall.headers[EARLY_CHECK_HEADER]).toBe('1');
		expect(selfCall.query.get('signature')).toBe('resume-token-exec-early');
		const headers = { [TIME_LIMIT_CALL_HEADER]: selfCall.headers[TIME_LIMIT_CALL_HEADER] as string, [EARLY_CHECK_HEADER]: '1' };

		// A wrong key is refused like a forged callback, and asks nothing.
		expect((await run.call('{}', { ...headers, [TIME_LIMIT_CALL_HEADER]: '0'.repeat(64) })).status).toBe(401);
		expect(gets()).toEqual([]);

		// n8n routes the check to webhook(): e-1 and e-3 are asked once, e-2 (seen finish) is not.
		const check = await run.call('{}', headers);
		expect(check.status).toBe(200);
		expect(check.answer.workflowData).toBeUndefined();
		expect(check.body).toMatchObject({ waitingFor: 1 });
		expect(gets().sort()).toEqual(['/jobs/e-1', '/jobs/e-3']);
		// Once per wait per process.
		expect((await run.call('{}', headers)).body).toMatchObject({ earlyCheck: 'done already' });
		expect(gets()).toHaveLength(2);

		const e3 = signed({ id: 'e-3', status: 'FINISHED', data: [contactFor(3)] });
		const last = await run.call(e3.rawBody, e3.headers);
		expect(gets()).toHaveLength(2);
		expect(last.answer.workflowData![0].map((item) => item.json.email)).toEqual(['person0@example.com', 'person1@example.com', 'person2@example.com', 'person3@example.com']);
	});

	it('early check: when every job had finished before the wait was saved, the check resumes the execution', async () => {
		jobsOnServer.set('a-1', { id: 'a-1', status: 'FINISHED', data: [contactFor(0)] });
		jobsOnServer.set('a-2', { id: 'a-2', status: 'FINISHED', data: [contactFor(1)] });
		const run = await startWaiting('exec-early-all', [{ jobId: 'a-1' }, { jobId: 'a-2' }], 60_000, 'itemResults');
		const key = new URL(createWebhookContext({ rawBody: '{}', executionId: run.executionId, resumeUrl: run.resumeUrl }).context.getSignedResumeUrl({ purpose: 'enrichment-time-limit' })).searchParams.get('signature')!;
		const resumed = await run.call('{}', { [TIME_LIMIT_CALL_HEADER]: key, [EARLY_CHECK_HEADER]: '1' });
		expect(resumed.body).toEqual({ received: true, resumed: true });
		expect(resumed.answer.workflowData![0].map((item) => [item.json.email, item.pairedItem])).toEqual([
			['person0@example.com', { item: 0 }],
			['person1@example.com', { item: 1 }],
		]);
		expect(provider.requestsTo('GET', /^\/jobs\/a-/)).toHaveLength(2);
		// The wait ended in this process: execute()'s self-call is not made.
		await sleep(EARLY_CHECK_DELAY_MS + 300);
		expect(provider.requestsTo('POST', /^\/webhook-waiting\/exec-early-all$/)).toHaveLength(0);
	});

	it('early check at a process that already caught up (queue mode): jobs it fetched since the save are not asked again', async () => {
		// The wait was started elsewhere (a worker); this webhook process got d-2's completion and
		// caught up on d-1 (finished) and d-3 (running; the catch-up stops there, d-4 is not asked).
		// The worker's early check then lands here.
		const elsewhere = `${provider.baseUrl}/webhook-waiting/elsewhere-early?signature=t`;
		const { context } = createExecuteContext({ items: [{}, {}, {}, {}], parameters: {}, executionId: 'exec-early-queue', resumeUrl: elsewhere });
		await waitForCallbacks(context, { provider: 'Acme', entries: [{ jobId: 'd-1' }, { jobId: 'd-2' }, { jobId: 'd-3' }, { jobId: 'd-4' }], timeLimitMs: 60_000 });
		const stored = context.getInputData();
		forgetRecord(`exec-early-queue|Node Under Test|${String(stored[0].json.waitingUntil)}`);
		jobsOnServer.set('d-1', { id: 'd-1', status: 'FINISHED', data: [contactFor(0)] });
		jobsOnServer.set('d-3', { id: 'd-3', status: 'IN_PROGRESS', data: [] });
		jobsOnServer.set('d-4', { id: 'd-4', status: 'IN_PROGRESS', data: [] });
		const resumeUrl = `${provider.baseUrl}/webhook-waiting/exec-early-queue?signature=t`;
		const adapter = acmeAdapter(provider.baseUrl, 'jobCallback');
		const hookWith = async (rawBody: string, headers: Record<string, string>) => {
			const hook = createWebhookContext({ rawBody, headers, executionId: 'exec-early-queue', resumeUrl, inputItems: stored });
			const answer = await resumeOnCallback(hook.context, adapter);
			return { answer, body: hook.response.body as IDataObject };
		};
		const gets = () => provider.requestsTo('GET', /^\/jobs\/d-/).map((request) => request.path).sort();
		const d2 = signed({ id: 'd-2', status: 'FINISHED', data: [contactFor(1)] });
		expect((await hookWith(d2.rawBody, d2.headers)).body).toMatchObject({ waitingFor: 2 });
		expect(gets()).toEqual(['/jobs/d-1', '/jobs/d-3']);

		const key = new URL(createWebhookContext({ rawBody: '{}', executionId: 'exec-early-queue', resumeUrl }).context.getSignedResumeUrl({ purpose: 'enrichment-time-limit' })).searchParams.get('signature')!;
		// d-4 finishes meanwhile; its callback goes to another process. The early check asks about d-4
		// only: d-3 was fetched by this process after the save.
		jobsOnServer.set('d-4', { id: 'd-4', status: 'FINISHED', data: [contactFor(3)] });
		expect((await hookWith('{}', { [TIME_LIMIT_CALL_HEADER]: key, [EARLY_CHECK_HEADER]: '1' })).body).toMatchObject({ waitingFor: 1 });
		expect(gets()).toEqual(['/jobs/d-1', '/jobs/d-3', '/jobs/d-4']);

		// d-3's completion reaches this process: nothing is left to ask, it resumes.
		const d3 = signed({ id: 'd-3', status: 'FINISHED', data: [contactFor(2)] });
		const last = await hookWith(d3.rawBody, d3.headers);
		expect(gets()).toEqual(['/jobs/d-1', '/jobs/d-3', '/jobs/d-4']);
		expect(last.answer.workflowData![0].map((item) => item.json.email)).toEqual(['person0@example.com', 'person1@example.com', 'person2@example.com', 'person3@example.com']);
	});

	it('does not wait when no item has a job', async () => {
		const { context, waits } = createExecuteContext({ items: [{ a: 1 }], parameters: {}, resumeUrl: 'http://127.0.0.1:1/webhook-waiting/1?signature=t' });
		const output = await waitForCallbacks(context, { provider: 'Acme', entries: [{ result: { status: 'failed' } }], timeLimitMs: 60_000 });
		expect(waits).toHaveLength(0);
		expect(output).toEqual([[{ json: { status: 'failed' }, pairedItem: { item: 0 } }]]);
	});

	it('answers 500 and keeps waiting when the execution holds no wait plan', async () => {
		const hook = createWebhookContext({ rawBody: '{}', inputItems: [{ json: { row: 1 } }], resumeUrl: 'http://127.0.0.1:1/webhook-waiting/1?signature=t' });
		const answer = await resumeOnCallback(hook.context, acmeAdapter(provider.baseUrl, 'jobCallback'));
		expect(hook.response.statusCode).toBe(500);
		expect(answer.workflowData).toBeUndefined();
	});
});

describe('resumeWaitingOperation', () => {
	it('answers 404 and resumes nothing for an operation that never waits, naming the provider', async () => {
		const { resumeWaitingOperation } = await import('../../../nodes/shared/waitForCallbacks');
		const { createWebhookContext } = await import('../../support/nodeContext');
		const seen: string[] = [];
		const { context, response } = createWebhookContext({ rawBody: '{}', parameters: { resource: 'account', operation: 'getCredits' } });
		const result = await resumeWaitingOperation(context, 'Wiza', (resource, operation) => {
			seen.push(`${resource}:${operation}`);
			return undefined;
		});
		expect(seen).toEqual(['account:getCredits']);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(404);
		expect(response.body).toEqual({ message: 'This Wiza operation does not wait for callbacks' });
	});
});
