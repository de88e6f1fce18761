// Wiza "... and Wait" end to end in the real n8n, against the fake Wiza:
// Webhook start -> Split Out -> Wiza (Individual Reveal: Reveal and Wait, or List: Create and
// Wait) -> NoOp. The execution waits, the fake's callbacks (x-auth-key) reach the execution's
// resume URL, and it resumes exactly once: the NoOp gets one item per person, paired with its
// input. Forged callbacks are refused. A time limit that passes with a reveal still running
// fetches that reveal once and marks it.
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { fakeContactFor, FakeWiza, sha256hex } from '../fakes/wiza';
import { connectN8n, type N8nClient } from './harness/n8n';
import { until } from './harness/until';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(300_000);

const API_KEY = `wiza-wait-e2e-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let n8n: N8nClient;
const fakes: FakeWiza[] = [];
const seen: string[] = [];

beforeAll(async () => {
	n8n = await connectN8n();
});

afterAll(async () => {
	for (const fake of fakes) await fake.close();
	console.log(`[wiza wait e2e]\n${seen.join('\n')}`);
});

const people = (count: number) => Array.from({ length: count }, (_unused, index) => ({ linkedin: `https://www.linkedin.com/in/person-${index}-${randomUUID().slice(0, 6)}`, row: index }));

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: response.status, text: await response.text() };
}

/** A fake Wiza, a credential for it and an active workflow Start -> Items -> Wiza -> Next. */
async function waitWorkflow(fake: FakeWiza, parameters: IDataObject) {
	fakes.push(await fake.start());
	const credential = await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: API_KEY, baseUrl: fake.baseUrl });
	const start = webhookStartNode({ name: 'Start' });
	const wiza = node({
		name: 'Wiza',
		type: n8n.nodeType('wiza'),
		credentials: { enrichmentWebhooksWizaApi: { id: credential.id, name: credential.name } },
		parameters: { inputType: 'linkedinUrl', profileUrl: '={{ $json.linkedin }}', enrichmentLevel: 'partial', ...parameters },
	});
	const workflow = await n8n.createWorkflow({
		name: `wiza wait ${randomUUID()}`,
		nodes: [start, splitOutNode('Items', 'body'), wiza, noOpNode('Next')],
		connections: connect('Start', 'Items', 'Wiza', 'Next'),
	});
	await n8n.activateWorkflow(workflow.id);
	return { workflowId: workflow.id, startUrl: n8n.productionWebhookUrl(start.webhookId!, 'start') };
}

/** Wiza's output items and the NoOp's, checked to be paired with their inputs in order. */
async function resumedItems(executionId: string, count: number): Promise<INodeExecutionData[]> {
	const output = await n8n.nodeItems(executionId, 'Wiza');
	const next = await n8n.nodeItems(executionId, 'Next');
	const paired = Array.from({ length: count }, (_unused, item) => ({ item }));
	expect(output.map((item) => item.pairedItem)).toEqual(paired);
	expect(next.map((item) => item.pairedItem)).toEqual(paired);
	expect(next.map((item) => item.json)).toEqual(output.map((item) => item.json));
	return output;
}

const statusCounts = (items: INodeExecutionData[]) =>
	Object.entries(items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [String(item.json.status)]: (counts[String(item.json.status)] ?? 0) + 1 }), {}))
		.map(([status, count]) => `${count} ${status}`)
		.join(', ');

describe('Wiza "... and Wait" in n8n', () => {
	it('Reveal and Wait, 8 people: waits, refuses forged callbacks, resumes once when the 8 reveals call back; the NoOp gets 8 paired items; 8 POSTs, 1 GET per reveal (the early check)', async () => {
		const fake = new FakeWiza({ apiKey: API_KEY, completeAfterMs: 50, callbackRetryDelayMs: 500 });
		fake.holdCompletions = true;
		const { workflowId, startUrl } = await waitWorkflow(fake, { resource: 'individualReveal', operation: 'revealAndWait', timeLimit: 10, timeLimitUnit: 'minutes' });
		const input = people(8);
		expect((await postJson(startUrl, input)).status).toBe(200);

		const [waiting] = await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 120_000 });
		const posts = fake.requestsTo('POST', /^\/api\/individual_reveals$/);
		expect(posts).toHaveLength(8);
		const resumeUrl = (posts[0].body as IDataObject).callback_url as string;
		expect(resumeUrl).toMatch(new RegExp(`/webhook-waiting/${waiting.id}\\?signature=[0-9a-f]+$`));

		// Forged: a wrong x-auth-key (our webhook's 401) and a wrong token (n8n's 401).
		const revealId = [...fake.reveals.keys()][0];
		const forgedBody = { status: { code: 200 }, type: 'individual_reveal', data: { id: revealId, status: 'finished', is_complete: true, email: 'mallory@evil.example' } };
		const forged = await postJson(resumeUrl, forgedBody, { 'x-auth-key': sha256hex('not-the-key') });
		const wrongToken = await postJson(resumeUrl.replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(64)}`), forgedBody, { 'x-auth-key': fake.authKey });
		expect([forged.status, wrongToken.status]).toEqual([401, 401]);
		await sleep(1000);
		expect((await n8n.listExecutions(workflowId)).map((execution) => execution.status)).toEqual(['waiting']);

		// The early check (shortly after the wait was saved) asks about each running reveal once.
		const revealGets = () => fake.requests.filter((request) => request.method === 'GET');
		await until(() => revealGets().length >= 8, 60_000, 'the early check asking about the 8 reveals');
		expect(await n8n.listExecutions(workflowId)).toHaveLength(1);

		fake.releaseCompletions();
		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 120_000 });
		await fake.settled();
		const executions = await n8n.listExecutions(workflowId);
		expect(executions.map((execution) => [execution.id, execution.status])).toEqual([[waiting.id, 'success']]);

		const items = await resumedItems(finished.id, 8);
		items.forEach((item, index) => {
			const expected = fakeContactFor({ profile_url: input[index].linkedin }, 'partial');
			expect(item.json).toMatchObject({ status: 'found', linkedin_profile_url: input[index].linkedin, email: expected.email, reveal_status: 'finished' });
		});
		// One GET per reveal, all at the early check; none when the callbacks came.
		const gets = fake.requests.filter((request) => request.method === 'GET');
		expect(gets.map((request) => request.path).sort()).toEqual([...fake.reveals.keys()].map((id) => `/api/individual_reveals/${id}`).sort());
		const attempts = fake.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status).join(','));
		expect(attempts).toEqual(Array(8).fill('200'));
		seen.push(
			`  Reveal and Wait, 8 people: reveal POSTs ${posts.length}, GETs ${gets.length}; forged callbacks answered ${forged.status} (bad x-auth-key) and ${wrongToken.status} (bad token); ` +
				`executions ${executions.length} (${executions.map((e) => e.status).join(',')}); callback attempts [${attempts.join(' | ')}]; NoOp items ${items.length}, paired 0..7 in order, ${statusCounts(items)}`,
		);
	});

	it('Reveal and Wait at a 10 s time limit with one reveal still running: early callbacks covered, that reveal fetched (early check, time limit) and marked timedOut', async () => {
		// Reveals finish while the execution may still be running (n8n answers 409, Wiza retries 3 times).
		const fake = new FakeWiza({ apiKey: API_KEY, completeAfterMs: 100, callbackRetryDelayMs: 1000 });
		const input = people(5);
		fake.stallReveal = (person) => person.profile_url === input[3].linkedin;
		const { workflowId, startUrl } = await waitWorkflow(fake, { resource: 'individualReveal', operation: 'revealAndWait', timeLimit: 10, timeLimitUnit: 'seconds' });
		const postedAt = Date.now();
		expect((await postJson(startUrl, input)).status).toBe(200);

		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 150_000 });
		const tookMs = Date.now() - postedAt;
		expect(finished.status).toBe('success');
		expect(await n8n.listExecutions(workflowId)).toHaveLength(1);
		const items = await resumedItems(finished.id, 5);
		expect(items.map((item) => item.json.status)).toEqual(['found', 'found', 'found', 'timedOut', 'found']);
		const stalledId = String([...fake.reveals.values()].find((reveal) => reveal.input.profile_url === input[3].linkedin)!.id);
		expect(items[3].json).toMatchObject({ jobId: stalledId, message: expect.stringContaining('before the time limit') });

		// The stalled reveal is asked twice: by the early check and at the time limit; each other
		// reveal at most once (by the early check, when its callback had been refused before the
		// wait was saved and Wiza's retry had not come yet).
		const gets = fake.requests.filter((request) => request.method === 'GET').map((request) => request.path);
		const perReveal = [...fake.reveals.keys()].map((id) => [String(id), gets.filter((path) => path === `/api/individual_reveals/${id}`).length] as const);
		expect(perReveal.filter(([id]) => id === stalledId).map(([, count]) => count)).toEqual([2]);
		expect(perReveal.filter(([id]) => id !== stalledId).every(([, count]) => count <= 1)).toBe(true);
		expect(gets).toHaveLength(perReveal.reduce((sum, [, count]) => sum + count, 0));
		const attempts = fake.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status).join(','));
		seen.push(
			`  Reveal and Wait, time limit 10 s, 5 people, 1 reveal never finishes: executions 1 (${finished.status}) after ${Math.round(tookMs / 1000)} s; reveal POSTs ${fake.requestsTo('POST', /^\/api\/individual_reveals$/).length}; ` +
				`GETs ${gets.length} (stalled reveal ${perReveal.find(([id]) => id === stalledId)![1]}: early check + time limit; others ${perReveal.filter(([id]) => id !== stalledId).map(([, count]) => count).join('/')}); callback attempts [${attempts.join(' | ')}]; items: ${statusCounts(items)}`,
		);
	});

	it('List: Create and Wait, 6 people: one list, resumes once with one GET of its contacts (and at most one of the list, the early check); 6 paired items', async () => {
		const fake = new FakeWiza({ apiKey: API_KEY, completeAfterMs: 1500, callbackRetryDelayMs: 700 });
		const { workflowId, startUrl } = await waitWorkflow(fake, { resource: 'list', operation: 'createAndWait', listName: 'e2e wait list', timeLimit: 10, timeLimitUnit: 'minutes' });
		const input = people(6);
		expect((await postJson(startUrl, input)).status).toBe(200);

		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 120_000 });
		expect(finished.status).toBe('success');
		expect(await n8n.listExecutions(workflowId)).toHaveLength(1);
		const [create] = fake.requestsTo('POST', /^\/api\/lists$/);
		expect(((create.body as { list: IDataObject }).list.items as unknown[]).length).toBe(6);
		const listId = String([...fake.lists.keys()][0]);

		const items = await resumedItems(finished.id, 6);
		items.forEach((item, index) => expect(item.json).toMatchObject({ status: 'found', list_id: listId, linkedin_profile_url: input[index].linkedin }));
		// The contacts once (at the list's callback, or at the early check if that callback was
		// refused before the wait was saved); the list itself at most once, by the early check.
		const gets = fake.requests.filter((request) => request.method === 'GET').map((request) => `${request.path}?${request.query.toString()}`);
		expect(gets.filter((get) => get === `/api/lists/${listId}/contacts?segment=people`)).toHaveLength(1);
		expect(gets.filter((get) => get === `/api/lists/${listId}?`).length).toBeLessThanOrEqual(1);
		expect(gets.every((get) => get.startsWith(`/api/lists/${listId}`))).toBe(true);
		const attempts = fake.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status).join(','));
		seen.push(
			`  List: Create and Wait, 6 people: list POSTs 1 (6 rows), GETs ${gets.length} (${gets.join(', ')}); executions 1 (${finished.status}); list callback attempts [${attempts.join(' | ')}]; NoOp items ${items.length}, paired 0..5, ${statusCounts(items)}`,
		);
	});
});
