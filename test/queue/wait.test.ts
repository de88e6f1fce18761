// The "... and Wait" operations in n8n's queue mode: the execution runs on a worker and the fake
// provider's callbacks reach the resume URL through the round-robin load balancer, so they are
// split across the two webhook processes, and neither webhook process started the wait. A process
// that gets a job-completion callback without having seen the whole wait asks the provider about
// the jobs it has not seen finish, so the execution resumes right after the last callback (not at
// the time limit), once, with every result. The tests release the provider's results only after the
// early check (2 s after the wait is saved, one GET per open job) has run, so that what they show
// is the catch-up across processes:
// - FullEnrich Contact > Enrich and Wait, 250 contacts in 3 batches;
// - Wiza Individual Reveal > Reveal and Wait, 10 reveals finishing together, and 10 finishing one
//   by one (a catch-up stops at the first reveal still running);
// - Surfe Person > Enrich and Wait, 30 people: per-person events, then a batch-completed event that
//   carries no people (its payload is undocumented), so the process it reaches lacks half the results;
// - FullEnrich, 250 contacts in 3 batches finishing at once, so their callbacks come before the wait
//   is saved and n8n answers them 409, with FullEnrich's retry a minute later: the early check (a
//   call of the worker to the resume URL once the wait is saved) resumes it;
// - FullEnrich, 250 contacts in 3 batches, with main, both workers and both webhook processes
//   restarted after batches 1 and 2 called back (PostgreSQL and Redis stay up).
// Each prints executions, items by status, duplicates, GETs and the time from the last callback to
// the resume. The assertions are about correctness (one execution, every item found, GETs within
// the catch-up's budget); the times are printed, not asserted beyond "before the time limit".
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { FakeFullEnrich } from '../fakes/fullenrich';
import { FakeSurfe } from '../fakes/surfe';
import { FakeWiza } from '../fakes/wiza';
import type { N8nClient } from '../e2e/harness/n8n';
import type { RecordedRequest } from '../fakes/fakeServer';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from '../e2e/harness/workflows';
import { connectQueue, queueConnectionFile, restartEveryN8nProcess, type QueueConnection } from './harness/queue';

jest.setTimeout(20 * 60_000);

const FULLENRICH_KEY = `fe-queue-wait-${randomUUID()}`;
const WIZA_KEY = `wiza-queue-wait-${randomUUID()}`;
const SURFE_KEY = `surfe-queue-wait-${randomUUID()}`;
const SURFE_SECRET = `whsec_queue_${randomUUID().replace(/-/g, '')}`;
const WEBHOOK_PROCESSES = 2;
const say = (line: string) => process.stdout.write(`[queue wait e2e] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describeQueue = queueConnectionFile() === undefined ? describe.skip : describe;

let n8n: N8nClient;
let connection: QueueConnection;
const closers: Array<() => Promise<void>> = [];

/** Start -> Items (Split Out) -> <provider node> -> Next, published; returns its start URL on the load balancer. */
async function waitWorkflow(providerNode: ReturnType<typeof node>): Promise<{ workflowId: string; startUrl: string }> {
	const start = webhookStartNode({ name: 'Start' });
	const workflow = await n8n.createWorkflow({
		name: `queue wait ${providerNode.name} ${randomUUID()}`,
		nodes: [start, splitOutNode('Items', 'body'), providerNode, noOpNode('Next')],
		connections: connect('Start', 'Items', providerNode.name, 'Next'),
	});
	await n8n.activateWorkflow(workflow.id);
	return { workflowId: workflow.id, startUrl: `${connection.webhookBase}/webhook/${start.webhookId}/start` };
}

async function startExecution(startUrl: string, input: unknown[]): Promise<void> {
	const posted = await fetch(startUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
	expect(posted.status).toBe(200);
}

interface Outcome {
	executions: string[];
	items: IDataObject[];
	statuses: string;
	resumedAfterS: number;
}

/** What the finished workflow shows: its executions, the Next node's items, and seconds from `lastCallbackAt` to the end of the resumed run. */
async function outcomeOf(workflowId: string, lastCallbackAt: number, timeoutMs = 240_000): Promise<Outcome> {
	const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs });
	const detail = await n8n.getExecution(finished.id);
	const items = await n8n.nodeOutput(finished.id, 'Next');
	const counts = new Map<string, number>();
	for (const item of items) counts.set(String(item.status), (counts.get(String(item.status)) ?? 0) + 1);
	const executions = (await n8n.listExecutions(workflowId)).map((execution) => execution.status);
	return { executions, items, statuses: JSON.stringify([...counts]), resumedAfterS: (new Date(String(detail.stoppedAt)).getTime() - lastCallbackAt) / 1000 };
}

const getsOf = (requests: RecordedRequest[]) => requests.filter((request) => request.method === 'GET').map((request) => request.path.split('/').pop() ?? '');

/** GET count per job (the last path segment). */
function perJob(gets: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const job of gets) counts.set(job, (counts.get(job) ?? 0) + 1);
	return counts;
}

function report(label: string, outcome: Outcome, gets: string[], extra = ''): void {
	say(
		`${label}: executions ${outcome.executions.length} (${outcome.executions.join(',')}), duplicates ${outcome.executions.length - 1}; items ${outcome.items.length} ${outcome.statuses}; ` +
			`GETs ${gets.length} (${[...perJob(gets)].map(([job, count]) => `${job} x${count}`).join(', ') || 'none'}); ` +
			`resumed ${outcome.resumedAfterS.toFixed(1)} s after the last callback${extra ? `; ${extra}` : ''}`,
	);
}

/**
 * Waits for the early check (the worker calls the resume URL 2 s after the wait is saved, and the
 * webhook process that gets the call asks the provider about every open job once), so that the
 * callbacks a test releases afterwards meet a wait whose early check is done: the figures then
 * show the catch-up across processes, not the early check. Returns the early check's GETs.
 */
async function earlyCheckDone(requests: () => RecordedRequest[], jobs: number): Promise<number> {
	const deadline = Date.now() + 60_000;
	while (getsOf(requests()).length < jobs && Date.now() < deadline) await sleep(250);
	await sleep(500);
	return getsOf(requests()).length;
}

/**
 * How many GETs the catch-up may make (waitForCallbacks.ts catchUp): each webhook process asks
 * about a job once after it ended, plus about one job still running per completion callback it gets.
 */
const getBudget = (jobs: number, completionCallbacks: number) => jobs * WEBHOOK_PROCESSES + completionCallbacks;
/** The early check's GETs (one per open job) and then the catch-up's budget. */
const getBudgetWithEarlyCheck = (jobs: number, completionCallbacks: number) => jobs + getBudget(jobs, completionCallbacks);

/** One execution, resumed once, every one of `count` items found, within the GET budget. */
function expectResumedOnceWithAll(outcome: Outcome, count: number, gets: string[], budget: number): void {
	expect(outcome.executions).toEqual(['success']);
	expect(outcome.items).toHaveLength(count);
	expect(outcome.items.filter((item) => item.status !== 'found')).toEqual([]);
	expect(gets.length).toBeLessThanOrEqual(budget);
}

const contacts = (count: number) =>
	Array.from({ length: count }, (_unused, index) => ({ first_name: `Ada${index}`, last_name: `Lovelace${index}`, domain: `analytical${index % 9}.example`, crm_id: `crm-${index}` }));

async function fullEnrichWait(fake: FakeFullEnrich, timeLimitMinutes: number) {
	const credential = await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey: FULLENRICH_KEY, baseUrl: fake.baseUrl });
	return waitWorkflow(
		node({
			name: 'FullEnrich',
			type: n8n.nodeType('fullEnrich'),
			credentials: { enrichmentWebhooksFullEnrichApi: { id: credential.id, name: credential.name } },
			parameters: {
				resource: 'contact',
				operation: 'enrichAndWait',
				firstName: '={{ $json.first_name }}',
				lastName: '={{ $json.last_name }}',
				companyDomain: '={{ $json.domain }}',
				enrichFields: ['contact.work_emails'],
				options: { enrichmentName: 'queue wait' },
				timeLimit: timeLimitMinutes,
				timeLimitUnit: 'minutes',
			},
		}),
	);
}

async function wizaWait(fake: FakeWiza) {
	const credential = await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: WIZA_KEY, baseUrl: fake.baseUrl });
	return waitWorkflow(
		node({
			name: 'Wiza',
			type: n8n.nodeType('wiza'),
			credentials: { enrichmentWebhooksWizaApi: { id: credential.id, name: credential.name } },
			parameters: { resource: 'individualReveal', operation: 'revealAndWait', inputType: 'linkedinUrl', profileUrl: '={{ $json.linkedin }}', enrichmentLevel: 'partial', timeLimit: 2, timeLimitUnit: 'minutes' },
		}),
	);
}

const linkedinPeople = (count: number) => Array.from({ length: count }, (_unused, index) => ({ linkedin: `https://www.linkedin.com/in/queue-${index}-${randomUUID().slice(0, 6)}` }));

/** When each FullEnrich batch callback was first answered 2xx (the moment its results reached n8n). */
const acceptedAt = (fake: FakeFullEnrich) => fake.deliveries.map((delivery) => delivery.attempts.find((attempt) => typeof attempt.status === 'number' && attempt.status >= 200 && attempt.status < 300)?.at ?? 0);
const attemptsOf = (deliveries: Array<{ attempts: Array<{ status: number | string }> }>) => deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status).join(',')).join(' | ');

describeQueue('queue mode: "... and Wait" with callbacks split across webhook processes', () => {
	beforeAll(async () => {
		({ n8n, connection } = await connectQueue());
	});

	afterAll(async () => {
		for (const close of closers) await close();
	});

	it('FullEnrich, 250 contacts in 3 batches: resumes once, soon after the last callback, with 250 found items', async () => {
		const fake = await new FakeFullEnrich({ apiKeys: { [FULLENRICH_KEY]: randomUUID() }, autoProcess: false, callbackRetryDelayMs: 1000 }).start();
		closers.push(() => fake.close());
		const { workflowId, startUrl } = await fullEnrichWait(fake, 2);
		await startExecution(startUrl, contacts(250));

		await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 180_000 });
		expect(fake.bulkPosts()).toHaveLength(3);
		const early = await earlyCheckDone(() => fake.requests, 3);
		fake.processAll();
		await fake.whenIdle();
		const outcome = await outcomeOf(workflowId, Math.max(...acceptedAt(fake)));
		const gets = getsOf(fake.requests);
		report('FullEnrich 250 contacts, 3 batches (time limit 120 s)', outcome, gets, `early check GETs ${early}, catch-up GETs ${gets.length - early}; batch callback attempts [${attemptsOf(fake.deliveries)}]`);
		expectResumedOnceWithAll(outcome, 250, gets, getBudgetWithEarlyCheck(3, 3));
		expect(outcome.resumedAfterS).toBeLessThan(60);
	});

	it('Wiza Reveal and Wait, 10 reveals finishing together: resumes once, soon after the last callback, with 10 found items', async () => {
		const fake = await new FakeWiza({ apiKey: WIZA_KEY, completeAfterMs: 50, callbackRetryDelayMs: 1000 }).start();
		closers.push(() => fake.close());
		fake.holdCompletions = true;
		const { workflowId, startUrl } = await wizaWait(fake);
		await startExecution(startUrl, linkedinPeople(10));

		await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 180_000 });
		expect(fake.requestsTo('POST', /^\/api\/individual_reveals$/)).toHaveLength(10);
		const early = await earlyCheckDone(() => fake.requests, 10);
		fake.releaseCompletions();
		await fake.settled();
		// The last reveal's callback as it first reached n8n (later attempts are retries of callbacks answered 409 after the resume).
		const lastCallbackAt = Math.max(...fake.deliveries.map((delivery) => delivery.attempts[0]?.at ?? 0));
		const outcome = await outcomeOf(workflowId, lastCallbackAt);
		const gets = getsOf(fake.requests);
		report('Wiza Reveal and Wait, 10 reveals (time limit 120 s)', outcome, gets, `early check GETs ${early}, catch-up GETs ${gets.length - early}; callback attempts [${attemptsOf(fake.deliveries)}]`);
		expectResumedOnceWithAll(outcome, 10, gets, getBudgetWithEarlyCheck(10, 10));
		expect(outcome.resumedAfterS).toBeLessThan(60);
	});

	it('Wiza Reveal and Wait, 10 reveals finishing one by one 1.5 s apart: resumes once with 10 found items, about two GETs per callback', async () => {
		const fake = await new FakeWiza({ apiKey: WIZA_KEY, completeAfterMs: 50, callbackRetryDelayMs: 1000 }).start();
		closers.push(() => fake.close());
		fake.holdCompletions = true;
		const { workflowId, startUrl } = await wizaWait(fake);
		await startExecution(startUrl, linkedinPeople(10));

		await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 180_000 });
		expect(fake.requestsTo('POST', /^\/api\/individual_reveals$/)).toHaveLength(10);
		const early = await earlyCheckDone(() => fake.requests, 10);
		for (let reveal = 0; reveal < 10; reveal++) {
			fake.releaseCompletions(1);
			await sleep(1500);
		}
		await fake.settled();
		const lastCallbackAt = Math.max(...fake.deliveries.map((delivery) => delivery.attempts[0]?.at ?? 0));
		const outcome = await outcomeOf(workflowId, lastCallbackAt);
		const gets = getsOf(fake.requests);
		report('Wiza Reveal and Wait, 10 reveals 1.5 s apart (time limit 120 s)', outcome, gets, `early check GETs ${early}, catch-up GETs ${gets.length - early}; callback attempts [${attemptsOf(fake.deliveries)}]`);
		// A catch-up stops at the first reveal still running: about one reveal found ended and one still
		// running per callback (asking every open reveal at every callback made 53 in the same test).
		expectResumedOnceWithAll(outcome, 10, gets, getBudgetWithEarlyCheck(10, 10));
		expect(outcome.resumedAfterS).toBeLessThan(60);
	});

	it('Surfe Enrich and Wait, 30 people, batch-completed event without people: resumes once with 30 found items', async () => {
		const fake = await new FakeSurfe({ apiKey: SURFE_KEY, webhookSecret: SURFE_SECRET, requireHttpsWebhooks: false, batchEvent: 'statusOnly', callbackRetryDelayMs: 1000 }).start();
		closers.push(() => fake.close());
		fake.holdCompletions = true;
		const credential = await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey: SURFE_KEY, baseUrl: fake.baseUrl, webhookSecret: SURFE_SECRET });
		const { workflowId, startUrl } = await waitWorkflow(
			node({
				name: 'Surfe',
				type: n8n.nodeType('surfe'),
				credentials: { enrichmentWebhooksSurfeApi: { id: credential.id, name: credential.name } },
				parameters: {
					resource: 'person',
					operation: 'enrichAndWait',
					firstName: '={{ $json.firstName }}',
					lastName: '={{ $json.lastName }}',
					companyDomain: '={{ $json.companyDomain }}',
					include: ['email', 'mobile'],
					options: { allowPlainHttpWebhookUrl: true },
					timeLimit: 2,
					timeLimitUnit: 'minutes',
				},
			}),
		);
		await startExecution(startUrl, Array.from({ length: 30 }, (_unused, index) => ({ firstName: `Ada${index}`, lastName: `Lovelace${index}`, companyDomain: `engines${index % 7}.com` })));

		await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 180_000 });
		// After the early check (the job still runs then), so that the batch event is what ends the wait.
		const early = await earlyCheckDone(() => fake.requests, 1);
		fake.releaseCompletions();
		await fake.idle();
		const batchEvents = fake.deliveries.filter((delivery) => delivery.eventType === 'person.batch-enrichment.completed');
		const lastCallbackAt = Math.max(...fake.deliveries.map((delivery) => delivery.attempts[0]?.at ?? 0));
		const outcome = await outcomeOf(workflowId, lastCallbackAt);
		const gets = getsOf(fake.requests);
		report(
			'Surfe Enrich and Wait, 30 people, 1 job, batch event without people (time limit 120 s)',
			outcome,
			gets,
			`early check GETs ${early}, catch-up GETs ${gets.length - early}; events ${fake.deliveries.length} (${batchEvents.length} batch-completed), attempts by status ${JSON.stringify(fake.deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.status)).reduce<Record<string, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {}))}`,
		);
		expect(batchEvents).toHaveLength(1);
		expectResumedOnceWithAll(outcome, 30, gets, getBudgetWithEarlyCheck(1, 1));
		expect(outcome.resumedAfterS).toBeLessThan(60);
	});

	it("FullEnrich, 250 contacts in 3 batches finishing at once (callbacks answered 409), FullEnrich's retry a minute later: the early check resumes it once with 250 found items", async () => {
		const retryDelayMs = 60_000;
		const fake = await new FakeFullEnrich({ apiKeys: { [FULLENRICH_KEY]: randomUUID() }, callbackRetryDelayMs: retryDelayMs }).start();
		closers.push(() => fake.close());
		const { workflowId, startUrl } = await fullEnrichWait(fake, 15);
		await startExecution(startUrl, contacts(250));

		// Only the early check can resume it before FullEnrich's first retry.
		const outcome = await outcomeOf(workflowId, 0, retryDelayMs - 5_000);
		fake.stopRetrying();
		await fake.whenIdle();
		const lastResultAt = Math.max(...[...fake.enrichments.values()].map((batch) => batch.endedAt ?? 0));
		outcome.resumedAfterS -= lastResultAt / 1000;
		const gets = getsOf(fake.requests);
		const refused = fake.deliveries.filter((delivery) => delivery.attempts[0]?.status === 409).length;
		report(
			`FullEnrich 250 contacts, 3 batches finishing at once, FullEnrich retries ${retryDelayMs / 1000} s apart (time limit 15 min)`,
			outcome,
			gets,
			`${refused} of ${fake.deliveries.length} batch callbacks refused 409; attempts [${attemptsOf(fake.deliveries)}]; the time above is from the last batch's end at FullEnrich`,
		);
		// The case: callbacks came before the wait was saved and were refused, and no retry came before the resume.
		expect(refused).toBeGreaterThan(0);
		expect(fake.deliveries.every((delivery) => delivery.attempts.length === 1)).toBe(true);
		// The early check asks each open batch once; a callback answered 200 after the save may catch up too.
		expectResumedOnceWithAll(outcome, 250, gets, getBudgetWithEarlyCheck(3, 3 - refused));
	});

	it('FullEnrich, 250 contacts in 3 batches, every n8n process restarted after batches 1 and 2: resumes once at batch 3 with 250 found items', async () => {
		const fake = await new FakeFullEnrich({ apiKeys: { [FULLENRICH_KEY]: randomUUID() }, autoProcess: false, callbackRetryDelayMs: 1000 }).start();
		closers.push(() => fake.close());
		// A time limit well past the restart (several minutes on 2 shared cores), so only callbacks can resume it.
		const { workflowId, startUrl } = await fullEnrichWait(fake, 15);
		await startExecution(startUrl, contacts(250));

		await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 180_000 });
		const batches = [...fake.enrichments.keys()];
		expect(batches).toHaveLength(3);
		const early = await earlyCheckDone(() => fake.requests, 3);
		for (const batch of batches.slice(0, 2)) {
			fake.processEnrichment(batch);
			await fake.whenIdle();
		}
		expect((await n8n.listExecutions(workflowId)).map((execution) => execution.status)).toEqual(['waiting']);
		const getsBefore = getsOf(fake.requests);

		const restartStarted = Date.now();
		await restartEveryN8nProcess(say);
		const restartS = (Date.now() - restartStarted) / 1000;
		expect((await n8n.listExecutions(workflowId)).map((execution) => execution.status)).toEqual(['waiting']);

		fake.processEnrichment(batches[2]);
		await fake.whenIdle();
		const outcome = await outcomeOf(workflowId, Math.max(...acceptedAt(fake)));
		const gets = getsOf(fake.requests);
		const getsAfter = gets.slice(getsBefore.length);
		report('FullEnrich 250 contacts, 3 batches, every process restarted after batch 2 (time limit 15 min)', outcome, gets, `GETs before the restart ${getsBefore.length} (early check ${early}), after ${getsAfter.length}; restart of 5 processes took ${restartS.toFixed(0)} s; batch callback attempts [${attemptsOf(fake.deliveries)}]`);
		expectResumedOnceWithAll(outcome, 250, gets, getBudgetWithEarlyCheck(3, 3));
		// The restarted processes know nothing of batches 1 and 2: the one that gets batch 3 asks about each once.
		expect(getsAfter.sort()).toEqual(batches.slice(0, 2).sort());
		expect(outcome.resumedAfterS).toBeLessThan(60);
	});
});
