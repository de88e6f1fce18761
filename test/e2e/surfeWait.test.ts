// Surfe People > Enrich and Wait end to end in the real n8n, against the fake Surfe:
// Webhook start -> Split Out -> Surfe (Enrich and Wait) -> NoOp. The execution waits, the fake's
// signed per-person and batch events reach the execution's resume URL, and it resumes exactly
// once: the NoOp gets one item per person, paired with its input. Forged events are refused. A
// time limit that passes with a job unfinished fetches that job once and marks what is missing.
//
// Surfe only calls https:// URLs and this n8n listens on plain http://127.0.0.1, so the fake's
// HTTPS rule is off and the node runs with "Allow Plain-HTTP Resume URL" (the unit tests show the
// node refusing the http resume URL without it).
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FakeSurfe, signSurfeBody, type FakeSurfeOptions } from '../fakes/surfe';
import { connectN8n, type N8nClient } from './harness/n8n';
import { until } from './harness/until';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(300_000);

const API_KEY = `surfe-wait-e2e-${randomUUID()}`;
const WEBHOOK_SECRET = `whsec_wait_${randomUUID().replace(/-/g, '')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let n8n: N8nClient;
const fakes: FakeSurfe[] = [];
const seen: string[] = [];

beforeAll(async () => {
	n8n = await connectN8n();
});

afterAll(async () => {
	for (const fake of fakes) await fake.close();
	console.log(`[surfe wait e2e]\n${seen.join('\n')}`);
});

const people = (count: number) => Array.from({ length: count }, (_unused, index) => ({ firstName: `Ada${index}`, lastName: `Lovelace${index}`, companyDomain: `engines${index % 7}.com` }));

async function post(url: string, rawBody: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: rawBody });
	return { status: response.status, text: await response.text() };
}

/** A fake Surfe, a credential for it and an active workflow Start -> Items -> Surfe -> Next. */
async function enrichAndWaitWorkflow(fakeOptions: FakeSurfeOptions, timeLimit: { amount: number; unit: string }, batchSize: number) {
	const fake = await new FakeSurfe({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, requireHttpsWebhooks: false, ...fakeOptions }).start();
	fakes.push(fake);
	const credential = await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey: API_KEY, baseUrl: fake.baseUrl, webhookSecret: WEBHOOK_SECRET });
	const start = webhookStartNode({ name: 'Start' });
	const surfe = node({
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
			options: { allowPlainHttpWebhookUrl: true, batchSize },
			timeLimit: timeLimit.amount,
			timeLimitUnit: timeLimit.unit,
		},
	});
	const workflow = await n8n.createWorkflow({
		name: `surfe enrich and wait ${randomUUID()}`,
		nodes: [start, splitOutNode('Items', 'body'), surfe, noOpNode('Next')],
		connections: connect('Start', 'Items', 'Surfe', 'Next'),
	});
	await n8n.activateWorkflow(workflow.id);
	return { fake, workflowId: workflow.id, startUrl: n8n.productionWebhookUrl(start.webhookId!, 'start') };
}

/** Surfe's output items and the NoOp's, checked to be paired with their inputs in order. */
async function resumedItems(executionId: string, count: number): Promise<INodeExecutionData[]> {
	const output = await n8n.nodeItems(executionId, 'Surfe');
	const next = await n8n.nodeItems(executionId, 'Next');
	const paired = Array.from({ length: count }, (_unused, item) => ({ item }));
	expect(output.map((item) => item.pairedItem)).toEqual(paired);
	expect(next.map((item) => item.pairedItem)).toEqual(paired);
	expect(next.map((item) => item.json)).toEqual(output.map((item) => item.json));
	return output;
}

const attemptSummary = (fake: FakeSurfe) => {
	const counts = new Map<string, number>();
	for (const delivery of fake.deliveries) {
		const key = `${delivery.eventType}: ${delivery.attempts.map((attempt) => attempt.status).join(',')}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts].map(([key, count]) => `${count}x ${key}`).join('; ');
};

describe('Surfe People > Enrich and Wait in n8n', () => {
	it('250 people in 3 requests: waits, refuses forged events, resumes once with 250 paired items; 3 POSTs, 1 GET per job (the early check)', async () => {
		const { fake, workflowId, startUrl } = await enrichAndWaitWorkflow({ completeAfterMs: 50, callbackRetryDelayMs: 500 }, { amount: 10, unit: 'minutes' }, 100);
		fake.holdCompletions = true;
		const input = people(250);
		expect((await post(startUrl, JSON.stringify(input))).status).toBe(200);

		const [waiting] = await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 120_000 });
		const posts = fake.requestsTo('POST', /^\/v2\/people\/enrich$/);
		expect(posts.map((request) => ((request.body as IDataObject).people as unknown[]).length)).toEqual([100, 100, 50]);
		const resumeUrl = ((posts[0].body as IDataObject).notificationOptions as IDataObject).webhookUrl as string;
		expect(resumeUrl).toMatch(new RegExp(`/webhook-waiting/${waiting.id}\\?signature=[0-9a-f]+$`));

		// Forged: another secret (our webhook's 401) and a wrong token (n8n's 401).
		const jobId = [...fake.jobs.keys()][0];
		const forgedBody = JSON.stringify({ eventType: 'person.enrichment.completed', data: { enrichmentID: jobId, person: { externalID: `n8n-${waiting.id}-0`, emails: [{ email: 'mallory@evil.example' }] } } });
		const forged = await post(resumeUrl, forgedBody, { 'x-surfe-signature': signSurfeBody('whsec_not_the_secret', forgedBody, Date.now()) });
		const wrongToken = await post(resumeUrl.replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(64)}`), forgedBody, { 'x-surfe-signature': fake.sign(forgedBody) });
		expect([forged.status, wrongToken.status]).toEqual([401, 401]);
		await sleep(1000);
		expect((await n8n.listExecutions(workflowId)).map((execution) => execution.status)).toEqual(['waiting']);

		// The early check (shortly after the wait was saved) asks about each running job once.
		const jobGets = () => fake.requests.filter((request) => request.method === 'GET');
		await until(() => jobGets().length >= 3, 60_000, 'the early check asking about the 3 jobs');
		expect(await n8n.listExecutions(workflowId)).toHaveLength(1);

		const releasedAt = Date.now();
		fake.releaseCompletions();
		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 240_000 });
		const tookMs = Date.now() - releasedAt;
		await fake.idle();
		const executions = await n8n.listExecutions(workflowId);
		expect(executions.map((execution) => [execution.id, execution.status])).toEqual([[waiting.id, 'success']]);

		const items = await resumedItems(finished.id, 250);
		items.forEach((item, index) => expect(item.json).toMatchObject({ status: 'found', externalID: `n8n-${waiting.id}-${index}`, firstName: input[index].firstName, emailValidationStatus: 'VALID' }));
		// One GET per job, all at the early check; none when the events came.
		const gets = fake.requests.filter((request) => request.method === 'GET');
		expect(gets.map((request) => request.path).sort()).toEqual([...fake.jobs.keys()].map((id) => `/v2/people/enrich/${id}`).sort());
		seen.push(
			`  250 people (People per Request 100): POSTs ${posts.length} (${posts.map((request) => ((request.body as IDataObject).people as unknown[]).length).join('/')}), GETs ${gets.length} (the early check, 1 per job); ` +
				`forged events answered ${forged.status} (bad signature) and ${wrongToken.status} (bad token); executions ${executions.length} (${executions.map((e) => e.status).join(',')}), resumed ${Math.round(tookMs / 1000)} s after Surfe started calling back; ` +
				`deliveries ${fake.deliveries.length}: ${attemptSummary(fake)}; NoOp items ${items.length}, paired 0..249 in order, all found`,
		);
	});

	it('at a 10 s time limit with a job unfinished: early events covered, that job fetched (early check, time limit), its missing people timedOut', async () => {
		// Jobs complete at once (events may arrive while the execution still runs: n8n answers 409 and
		// the fake retries); the 2nd job sends 10 of its 20 events and keeps running.
		const { fake, workflowId, startUrl } = await enrichAndWaitWorkflow({ completeAfterMs: 200, callbackRetryDelayMs: 700 }, { amount: 10, unit: 'seconds' }, 20);
		fake.stallJob = { job: 2, after: 10 };
		const input = people(40);
		const postedAt = Date.now();
		expect((await post(startUrl, JSON.stringify(input))).status).toBe(200);

		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 150_000 });
		const tookMs = Date.now() - postedAt;
		expect(finished.status).toBe('success');
		expect(await n8n.listExecutions(workflowId)).toHaveLength(1);
		const items = await resumedItems(finished.id, 40);
		const statuses = items.map((item) => item.json.status);
		expect(statuses.slice(0, 30)).toEqual(Array(30).fill('found'));
		expect(statuses.slice(30)).toEqual(Array(10).fill('timedOut'));
		const secondJob = [...fake.jobs.keys()][1];
		expect(items[39].json).toMatchObject({ jobId: secondJob, message: expect.stringContaining('before the time limit') });

		// The stalled job is asked twice: by the early check and at the time limit; the finished one
		// at most once (by the early check, when events had been refused before the wait was saved).
		const gets = fake.requests.filter((request) => request.method === 'GET').map((request) => request.path);
		const firstJob = [...fake.jobs.keys()][0];
		expect(gets.filter((path) => path === `/v2/people/enrich/${secondJob}`)).toHaveLength(2);
		expect(gets.filter((path) => path === `/v2/people/enrich/${firstJob}`).length).toBeLessThanOrEqual(1);
		expect(gets.every((path) => path === `/v2/people/enrich/${secondJob}` || path === `/v2/people/enrich/${firstJob}`)).toBe(true);
		seen.push(
			`  time limit 10 s, 40 people in 2 requests, job 2 stalls after 10 events: executions 1 (${finished.status}) after ${Math.round(tookMs / 1000)} s; POSTs 2; GETs ${gets.length} (${gets.join(', ')}); ` +
				`deliveries: ${attemptSummary(fake)}; items: ${statuses.filter((s) => s === 'found').length} found, ${statuses.filter((s) => s === 'timedOut').length} timedOut`,
		);
	});
});
