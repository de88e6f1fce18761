// FullEnrich end to end in a real n8n with the packed package installed:
// workflow A (Webhook -> Split Out -> FullEnrich Contact > Enrich, batch webhook = the trigger's
// production URL) gets 250 contacts and must make exactly 3 bulk POSTs to the fake FullEnrich;
// the fake calls back once per batch, signed with X-Signature-SHA1; workflow B (FullEnrich
// Trigger, defaults) runs once per callback, and its items, 250 in all, each carry the custom
// fields of the contact they belong to. Forged or altered callbacks get 401 and start nothing.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { deliverCallback } from '../fakes/fakeServer';
import { FakeFullEnrich, FULLENRICH_CALLBACK_RETRIES, signFullEnrichBody } from '../fakes/fullenrich';
import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(300_000);

const API_KEY = `fe-e2e-${randomUUID()}`;
const CONTACT_COUNT = 250;

let n8n: N8nClient;
let fake: FakeFullEnrich;
let credential: { id: string; name: string };
let triggerWorkflowId: string;
let callbackUrl: string;

const counts = { bulkPosts: 0, postSizes: [] as number[], triggerExecutions: 0, itemsReceived: 0, forgedRefused: 0, forgedAttempts: 0 };

beforeAll(async () => {
	n8n = await connectN8n();
	fake = await new FakeFullEnrich({ apiKeys: { [API_KEY]: randomUUID() }, callbackRetryDelayMs: 500 }).start();
	credential = await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey: API_KEY, baseUrl: fake.baseUrl });

	const triggerWebhookId = randomUUID();
	const trigger = node({
		name: 'FullEnrich Trigger',
		type: n8n.nodeType('fullEnrichTrigger'),
		webhookId: triggerWebhookId,
		credentials: { enrichmentWebhooksFullEnrichApi: { id: credential.id, name: credential.name } },
		// No parameters: the defaults listen for both events and every batch status.
	});
	const workflowB = await n8n.createWorkflow({
		name: `fullenrich trigger ${triggerWebhookId}`,
		nodes: [trigger, noOpNode('Received')],
		connections: connect('FullEnrich Trigger', 'Received'),
	});
	triggerWorkflowId = workflowB.id;
	await n8n.activateWorkflow(triggerWorkflowId);
	callbackUrl = n8n.productionWebhookUrl(triggerWebhookId, 'webhook');
});

afterAll(async () => {
	await fake?.close();
	console.log(
		`[fullenrich e2e] bulk POSTs made: ${counts.bulkPosts} (${counts.postSizes.join('/')}); trigger executions: ${counts.triggerExecutions}; ` +
			`items received: ${counts.itemsReceived}; forged/altered callbacks refused with 401: ${counts.forgedRefused} ` +
			`(plus one forged callback delivered FullEnrich-style: ${counts.forgedAttempts} attempts, all 401)`,
	);
});

async function postJson(url: string, body: string | unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, text: await response.text() };
}

const people = Array.from({ length: CONTACT_COUNT }, (_unused, index) => ({
	first_name: `Ada${index}`,
	last_name: `Lovelace${index}`,
	domain: `analytical${index % 9}.example`,
	crm_id: `crm-${index}-${randomUUID().slice(0, 6)}`,
}));

describe('FullEnrich node -> fake FullEnrich -> FullEnrich Trigger', () => {
	it('packs 250 contacts into 3 POSTs, and the callbacks bring 250 items back, each with its own custom fields', async () => {
		const start = webhookStartNode({ name: 'Start' });
		const fullEnrich = node({
			name: 'FullEnrich',
			type: n8n.nodeType('fullEnrich'),
			credentials: { enrichmentWebhooksFullEnrichApi: { id: credential.id, name: credential.name } },
			parameters: {
				resource: 'contact',
				operation: 'enrich',
				firstName: '={{ $json.first_name }}',
				lastName: '={{ $json.last_name }}',
				companyDomain: '={{ $json.domain }}',
				enrichFields: ['contact.work_emails', 'contact.phones'],
				options: {
					enrichmentName: 'e2e batch',
					webhookUrl: callbackUrl,
					customFields: { field: [{ key: 'crm_id', value: '={{ $json.crm_id }}' }] },
				},
			},
		});
		const workflowA = await n8n.createWorkflow({
			name: `fullenrich enrich ${randomUUID()}`,
			nodes: [start, splitOutNode('Items', 'body'), fullEnrich],
			connections: connect('Start', 'Items', 'FullEnrich'),
		});
		await n8n.activateWorkflow(workflowA.id);
		const before = (await n8n.listExecutions(triggerWorkflowId)).length;

		expect((await postJson(n8n.productionWebhookUrl(start.webhookId!, 'start'), people)).status).toBe(200);

		// Workflow A: one output item per contact, paired, with its batch's enrichment id.
		const [runA] = await n8n.waitForExecutions(workflowA.id, 1);
		expect(runA.status).toBe('success');
		const started = await n8n.nodeItems(runA.id, 'FullEnrich');
		expect(started).toHaveLength(CONTACT_COUNT);
		expect(started.map((item) => item.pairedItem)).toEqual(people.map((_person, item) => ({ item })));
		const enrichmentIds = [...new Set(started.map((item) => item.json.enrichment_id))];
		expect(enrichmentIds).toHaveLength(3);

		// The fake saw exactly 3 bulk POSTs: 100, 100, 50 contacts, authenticated with the key.
		const posts = fake.bulkPosts();
		counts.bulkPosts = posts.length;
		counts.postSizes = posts.map((post) => ((post.body as IDataObject).data as unknown[]).length);
		expect(counts.postSizes).toEqual([100, 100, 50]);
		expect(posts.every((post) => post.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
		expect(posts[0].body).toMatchObject({ name: 'e2e batch', webhook_url: `${callbackUrl}?event=batch_finished` });

		// Workflow B: one execution per batch callback, 250 items in all.
		const runsB = (await n8n.waitForExecutions(triggerWorkflowId, before + 3, { timeoutMs: 180_000 })).slice(before);
		expect(runsB.map((run) => run.status)).toEqual(['success', 'success', 'success']);
		const received: IDataObject[] = [];
		for (const run of runsB) received.push(...(await n8n.nodeOutput(run.id, 'FullEnrich Trigger')));
		counts.triggerExecutions = runsB.length;
		counts.itemsReceived = received.length;
		expect(received).toHaveLength(CONTACT_COUNT);

		// Each item carries the custom fields of the contact it belongs to: matched by the
		// correlation key, and the input fields agree.
		const seen = new Set<number>();
		for (const item of received) {
			const custom = item.custom as IDataObject;
			const index = custom.n8n_item_index as number;
			expect(typeof index).toBe('number');
			seen.add(index);
			const person = people[index];
			expect(custom).toEqual({ crm_id: person.crm_id, n8n_item_index: index, n8n_execution_id: String(runA.id) });
			expect(item.input).toMatchObject({ first_name: person.first_name, last_name: person.last_name, company_domain: person.domain });
			expect(item).toMatchObject({
				event: 'batch_finished',
				enrichment_status: 'FINISHED',
				enrichment_name: 'e2e batch',
				enrichment_id: started[index].json.enrichment_id,
				work_email: `ada${index}.lovelace${index}@${person.domain}`,
				work_email_status: 'DELIVERABLE',
				phone: expect.stringMatching(/^\+1555\d{7}$/),
			});
		}
		expect(seen.size).toBe(CONTACT_COUNT);

		// FullEnrich's side: 3 deliveries, each accepted at the first attempt.
		await fake.whenIdle();
		expect(fake.deliveries.map((delivery) => [delivery.kind, delivery.attempts.map((attempt) => attempt.status)])).toEqual([
			['batch', [200]],
			['batch', [200]],
			['batch', [200]],
		]);

		// The API key and the signatures never land in stored executions.
		const stored = JSON.stringify(await n8n.getExecution(runsB[0].id));
		expect(stored).not.toContain(API_KEY);
		for (const delivery of fake.deliveries) expect(stored).not.toContain(delivery.signature);

		await n8n.deactivateWorkflow(workflowA.id);
	});

	it('answers 401 to a forged signature, a body changed after signing, or no signature, and starts nothing', async () => {
		const genuine = JSON.stringify({
			id: randomUUID(),
			name: 'forgery target',
			status: 'FINISHED',
			data: [{ input: { first_name: 'Mallory' }, custom: { crm_id: 'crm-x', n8n_item_index: '0' }, contact_info: { most_probable_work_email: { email: 'mallory@acme.example', status: 'DELIVERABLE' } } }],
			cost: { credits: 1 },
		});
		const signature = signFullEnrichBody(genuine, API_KEY);
		const before = await n8n.listExecutions(triggerWorkflowId);

		const forged = await postJson(callbackUrl, genuine, { 'x-signature-sha1': signFullEnrichBody(genuine, 'not-the-api-key') });
		const altered = await postJson(callbackUrl, genuine.replace('mallory@acme.example', 'attacker@evil.example'), { 'x-signature-sha1': signature });
		const unsigned = await postJson(callbackUrl, genuine);
		const statuses = [forged.status, altered.status, unsigned.status];
		counts.forgedRefused = statuses.filter((status) => status === 401).length;
		expect(statuses).toEqual([401, 401, 401]);

		// As FullEnrich would retry a refused callback: every minute (scaled), 5 times.
		const attempts = await deliverCallback(callbackUrl, genuine, { 'x-signature-sha1': signFullEnrichBody(genuine, 'still-not-the-key') }, { retries: FULLENRICH_CALLBACK_RETRIES, retryDelayMs: 50 });
		counts.forgedAttempts = attempts.length;
		expect(attempts.map((attempt) => attempt.status)).toEqual(Array(1 + FULLENRICH_CALLBACK_RETRIES).fill(401));

		// The genuine callback afterwards is the only new execution.
		expect((await postJson(callbackUrl, genuine, { 'x-signature-sha1': signature })).status).toBe(200);
		const after = await n8n.waitForExecutions(triggerWorkflowId, before.length + 1);
		expect(await n8n.listExecutions(triggerWorkflowId)).toHaveLength(before.length + 1);
		const items = await n8n.nodeOutput(after[after.length - 1].id, 'FullEnrich Trigger');
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ work_email: 'mallory@acme.example', custom: { crm_id: 'crm-x', n8n_item_index: 0 } });
	});

	it('the example workflow uses only installed node types and n8n accepts it', async () => {
		const example = JSON.parse(readFileSync(join(__dirname, '../../examples/fullenrich-enrich-to-trigger.json'), 'utf8'));
		const installed = new Set(await n8n.nodeTypeNames());
		const used: string[] = example.nodes.map((entry: { type: string }) => entry.type);
		expect(used.filter((type) => !installed.has(type))).toEqual([]);
		// No webhookId in the example: n8n gives each import its own (test/e2e/examples.test.ts).
		const created = await n8n.createWorkflow({ name: `${example.name} ${randomUUID()}`, nodes: example.nodes, connections: example.connections });
		expect(created.id).toEqual(expect.any(String));
	});
});
