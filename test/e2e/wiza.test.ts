// Wiza end to end in a real n8n with the packed package installed: workflow A (Webhook -> Wiza,
// Individual Reveal: Start with the trigger's production URL as callback) starts a reveal on the
// fake Wiza; the fake calls back with x-auth-key; workflow B (Wiza Trigger) runs and holds the
// contact. Callbacks that fail verification get 401 and start nothing.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { fakeContactFor, FakeWiza, sha256hex } from '../fakes/wiza';
import { deliverCallback } from '../fakes/fakeServer';
import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(300_000);

const API_KEY = `wiza-e2e-${randomUUID()}`;

let n8n: N8nClient;
let fake: FakeWiza;
let credential: { id: string; name: string };
let triggerWorkflowId: string;
let callbackUrl: string;

beforeAll(async () => {
	n8n = await connectN8n();
	// Long enough for workflow A to finish before the callback; callbacks retried quickly.
	fake = await new FakeWiza({ apiKey: API_KEY, completeAfterMs: 300, callbackRetryDelayMs: 200 }).start();
	credential = await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: API_KEY, baseUrl: fake.baseUrl });

	const triggerWebhookId = randomUUID();
	const trigger = node({
		name: 'Wiza Trigger',
		type: n8n.nodeType('wizaTrigger'),
		webhookId: triggerWebhookId,
		credentials: { enrichmentWebhooksWizaApi: { id: credential.id, name: credential.name } },
		// No parameters: the defaults must listen for every documented event.
	});
	const workflowB = await n8n.createWorkflow({ name: `wiza trigger ${triggerWebhookId}`, nodes: [trigger, noOpNode('Received')], connections: connect('Wiza Trigger', 'Received') });
	triggerWorkflowId = workflowB.id;
	await n8n.activateWorkflow(triggerWorkflowId);
	callbackUrl = n8n.productionWebhookUrl(triggerWebhookId, 'webhook');
});

afterAll(async () => {
	await fake?.close();
});

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: response.status, text: await response.text() };
}

describe('the enrichmentWebhooksWizaApi credential', () => {
	async function testCredential(apiKey: string) {
		const created = await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey, baseUrl: fake.baseUrl });
		return n8n.request<{ status: string; message: string }>('POST', '/rest/credentials/test', {
			credentials: { id: created.id, name: created.name, type: 'enrichmentWebhooksWizaApi', data: { apiKey, baseUrl: fake.baseUrl } },
		});
	}

	it("passes n8n's credential test (GET /api/meta/credits on the credential's base URL) and fails with a wrong key", async () => {
		const creditsCalls = () => fake.requestsTo('GET', /^\/api\/meta\/credits$/);
		const callsBefore = creditsCalls().length;
		expect(await testCredential(API_KEY)).toMatchObject({ status: 'OK' });
		expect((await testCredential('wrong-key')).status).toBe('Error');
		const authorizations = new Set(creditsCalls().slice(callsBefore).map((request) => request.headers.authorization));
		expect(authorizations).toEqual(new Set([`Bearer ${API_KEY}`, 'Bearer wrong-key']));
	});
});

describe('Wiza node -> fake Wiza -> Wiza Trigger', () => {
	it("starts a reveal with the trigger's URL as callback, and the trigger's execution holds the contact", async () => {
		const start = webhookStartNode({ name: 'Start' });
		const wiza = node({
			name: 'Wiza',
			type: n8n.nodeType('wiza'),
			credentials: { enrichmentWebhooksWizaApi: { id: credential.id, name: credential.name } },
			parameters: {
				resource: 'individualReveal',
				operation: 'start',
				inputType: 'linkedinUrl',
				profileUrl: '={{ $json.body.linkedin }}',
				enrichmentLevel: 'full',
				callbackUrl,
			},
		});
		const workflowA = await n8n.createWorkflow({ name: `wiza start ${randomUUID()}`, nodes: [start, wiza], connections: connect('Start', 'Wiza') });
		await n8n.activateWorkflow(workflowA.id);

		const before = (await n8n.listExecutions(triggerWorkflowId)).length;
		const input = { profile_url: `https://www.linkedin.com/in/ada-lovelace-${randomUUID().slice(0, 8)}` };
		const posted = await postJson(n8n.productionWebhookUrl(start.webhookId!, 'start'), { linkedin: input.profile_url });
		expect(posted.status).toBe(200);

		// Workflow A ran and the Wiza node output the queued reveal.
		const [runA] = await n8n.waitForExecutions(workflowA.id, 1);
		expect(runA.status).toBe('success');
		const [started] = await n8n.nodeOutput(runA.id, 'Wiza');
		expect(started).toMatchObject({ reveal_id: expect.any(Number), status: 'queued', is_complete: false });

		// The fake saw exactly the documented request, authenticated with the credential's key.
		const revealRequests = fake.requestsTo('POST', /^\/api\/individual_reveals$/);
		expect(revealRequests).toHaveLength(1);
		expect(revealRequests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(revealRequests[0].body).toEqual({ individual_reveal: input, enrichment_level: 'full', callback_url: callbackUrl });

		// Workflow B ran once, from the callback, and holds the contact the fake produced.
		const runsB = await n8n.waitForExecutions(triggerWorkflowId, before + 1);
		const runB = runsB[runsB.length - 1];
		expect(runB.status).toBe('success');
		const items = await n8n.nodeOutput(runB.id, 'Wiza Trigger');
		const expected = fakeContactFor(input, 'full');
		expect(items).toEqual([
			{
				event: 'reveal.finished',
				reveal_id: started.reveal_id,
				status: 'finished',
				is_complete: true,
				enrichment_level: 'full',
				name: expected.name,
				title: expected.title,
				company: expected.company,
				location: expected.location,
				linkedin_profile_url: input.profile_url,
				email: expected.email,
				email_type: expected.email_type,
				email_status: expected.email_status,
				emails: expected.emails,
				mobile_phone: expected.mobile_phone,
				phone_number: expected.phone_number,
				phone_status: expected.phone_status,
				phones: expected.phones,
				credits: expected.credits,
				company_domain: expected.company_domain,
			},
		]);
		expect(await n8n.nodeOutput(runB.id, 'Received')).toEqual(items);

		// Wiza's side: one delivery, accepted at the first attempt, carrying x-auth-key.
		await fake.settled();
		const delivery = fake.deliveries.find((entry) => entry.recordId === started.reveal_id);
		expect(delivery?.url).toBe(callbackUrl);
		expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([200]);

		// The auth key never lands in the stored execution.
		const stored = JSON.stringify(await n8n.getExecution(runB.id));
		expect(stored).not.toContain(fake.authKey);
		expect(stored).not.toContain(API_KEY);

		await n8n.deactivateWorkflow(workflowA.id);
	});

	it('turns many items into ONE Wiza list, and the list callback reaches the trigger as one item', async () => {
		const start = webhookStartNode({ name: 'Start' });
		const wiza = node({
			name: 'Wiza',
			type: n8n.nodeType('wiza'),
			credentials: { enrichmentWebhooksWizaApi: { id: credential.id, name: credential.name } },
			parameters: {
				resource: 'list',
				operation: 'create',
				listName: 'e2e list',
				inputType: 'linkedinUrl',
				profileUrl: '={{ $json.linkedin }}',
				enrichmentLevel: 'partial',
				emailOptions: { acceptGeneric: false },
				callbackUrl,
			},
		});
		const workflowA = await n8n.createWorkflow({
			name: `wiza list ${randomUUID()}`,
			nodes: [start, splitOutNode('Items', 'body'), wiza],
			connections: connect('Start', 'Items', 'Wiza'),
		});
		await n8n.activateWorkflow(workflowA.id);

		const before = (await n8n.listExecutions(triggerWorkflowId)).length;
		const people = Array.from({ length: 7 }, (_unused, index) => ({ linkedin: `https://www.linkedin.com/in/list-person-${index}-${randomUUID().slice(0, 6)}` }));
		expect((await postJson(n8n.productionWebhookUrl(start.webhookId!, 'start'), people)).status).toBe(200);

		const [runA] = await n8n.waitForExecutions(workflowA.id, 1);
		expect(runA.status).toBe('success');
		const [listItem] = await n8n.nodeItems(runA.id, 'Wiza');
		expect(listItem.json).toMatchObject({ list_id: expect.any(Number), name: 'e2e list', status: 'queued', items_sent: 7 });
		expect(listItem.pairedItem).toEqual(people.map((_person, item) => ({ item })));

		const listRequests = fake.requestsTo('POST', /^\/api\/lists$/);
		expect(listRequests).toHaveLength(1);
		expect(listRequests[0].body).toEqual({
			list: { name: 'e2e list', enrichment_level: 'partial', email_options: { accept_generic: false }, callback_url: callbackUrl, items: people.map((person) => ({ profile_url: person.linkedin })) },
		});

		const runsB = await n8n.waitForExecutions(triggerWorkflowId, before + 1);
		const items = await n8n.nodeOutput(runsB[runsB.length - 1].id, 'Wiza Trigger');
		await fake.settled();
		const delivery = fake.deliveries.find((entry) => entry.kind === 'list' && entry.recordId === listItem.json.list_id);
		expect(items).toEqual([{ event: 'list.finished', ...delivery?.body }]);
		expect(items[0]).toMatchObject({ type: 'list', data: { id: listItem.json.list_id, status: 'finished' } });

		await n8n.deactivateWorkflow(workflowA.id);
	});

	it('answers 401 to callbacks with a wrong key, a key of another length, or no key, and starts nothing', async () => {
		const body = { status: { code: 200, message: 'Single reveal finished' }, type: 'individual_reveal', data: { id: 1, status: 'finished', is_complete: true, name: 'Mallory' } };
		const before = await n8n.listExecutions(triggerWorkflowId);

		const wrongKey = await postJson(callbackUrl, body, { 'x-auth-key': sha256hex('not-the-key') });
		const otherLength = await postJson(callbackUrl, body, { 'x-auth-key': fake.authKey.slice(0, 32) });
		const noKey = await postJson(callbackUrl, body);
		expect([wrongKey.status, otherLength.status, noKey.status]).toEqual([401, 401, 401]);

		// Like Wiza would: a refused callback is retried 3 times (401 is not a stop status).
		const attempts = await deliverCallback(callbackUrl, JSON.stringify(body), { 'x-auth-key': sha256hex('forged') }, { retries: 3, retryDelayMs: 50, stopOn: [403, 404] });
		expect(attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401, 401]);

		// A genuine callback afterwards is the only new execution.
		const genuine = { ...body, data: { ...body.data, id: 2, name: 'Genuine' } };
		expect((await postJson(callbackUrl, genuine, { 'x-auth-key': fake.authKey })).status).toBe(200);
		const after = await n8n.waitForExecutions(triggerWorkflowId, before.length + 1);
		const all = await n8n.listExecutions(triggerWorkflowId);
		expect(all).toHaveLength(before.length + 1);
		const newest = after[after.length - 1];
		expect(await n8n.nodeOutput(newest.id, 'Wiza Trigger')).toEqual([{ event: 'reveal.finished', reveal_id: 2, status: 'finished', is_complete: true, name: 'Genuine' }]);
	});
});

describe('examples/wiza-reveal-to-trigger.json', () => {
	it("is accepted by n8n, and its trigger branch turns a genuine callback into the Contact fields", async () => {
		const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'wiza-reveal-to-trigger.json'), 'utf8')) as { name: string; nodes: INode[]; connections: Record<string, never> };
		const loaded = await n8n.nodeTypeNames();
		for (const exampleNode of example.nodes) expect(loaded).toContain(exampleNode.type);

		// As a user would after importing: choose the credential on both Wiza nodes.
		const nodes = example.nodes.map((exampleNode) =>
			exampleNode.type.endsWith('.wiza') || exampleNode.type.endsWith('.wizaTrigger') ? { ...exampleNode, credentials: { enrichmentWebhooksWizaApi: { id: credential.id, name: credential.name } } } : exampleNode,
		);
		const { id } = await n8n.createWorkflow({ name: example.name, nodes, connections: example.connections });
		await n8n.activateWorkflow(id);

		// The example carries no webhookId: n8n gives each import its own.
		const trigger = (await n8n.workflowNodes(id)).find((saved) => saved.name === 'Wiza Trigger')!;
		const body = { status: { code: 200, message: 'Single reveal finished' }, type: 'individual_reveal', data: { id: 31, status: 'finished', is_complete: true, name: 'Ada Example', email: 'ada@example.com', linkedin_profile_url: 'https://www.linkedin.com/in/ada-example' } };
		expect((await postJson(n8n.productionWebhookUrl(trigger.webhookId!, 'webhook'), body, { 'x-auth-key': fake.authKey })).status).toBe(200);

		const [run] = await n8n.waitForExecutions(id, 1);
		expect(await n8n.nodeOutput(run.id, 'Contact')).toEqual([{ name: 'Ada Example', email: 'ada@example.com', linkedin: 'https://www.linkedin.com/in/ada-example', outcome: 'found' }]);
		await n8n.deactivateWorkflow(id);
	});
});
