// Surfe end to end in a real n8n with the packed package installed. Workflow A (Webhook -> Split
// Out -> Surfe, People > Enrich) sends 30 people to the fake Surfe with the Surfe Trigger's
// production URL as webhook; the fake calls back once per person and once for the batch, each
// signed with x-surfe-signature; workflow B (Surfe Trigger -> NoOp) runs once per delivery.
// Deliveries with a bad signature or a stale timestamp get 401 and start nothing.
//
// Surfe only calls https:// URLs and this n8n listens on plain http://127.0.0.1, so the fake's
// HTTPS rule is off here and the Surfe node runs with "Allow Plain-HTTP Webhook URL"; the third
// test shows the node refusing the same http URL when that option is off.
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FakeSurfe, signSurfeBody } from '../fakes/surfe';
import { connectN8n, type ExecutionSummary, type N8nClient } from './harness/n8n';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(300_000);

const API_KEY = `surfe-e2e-${randomUUID()}`;
const WEBHOOK_SECRET = `whsec_e2e_${randomUUID().replace(/-/g, '')}`;
const PEOPLE_COUNT = 30;

let n8n: N8nClient;
let fake: FakeSurfe;
let credential: { id: string; name: string };
let triggerWorkflowId: string;
let callbackUrl: string;

beforeAll(async () => {
	n8n = await connectN8n();
	fake = await new FakeSurfe({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, requireHttpsWebhooks: false, completeAfterMs: 500, callbackRetryDelayMs: 200 }).start();
	credential = await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey: API_KEY, baseUrl: fake.baseUrl, webhookSecret: WEBHOOK_SECRET });

	const triggerWebhookId = randomUUID();
	const trigger = node({
		name: 'Surfe Trigger',
		type: n8n.nodeType('surfeTrigger'),
		webhookId: triggerWebhookId,
		credentials: { enrichmentWebhooksSurfeApi: { id: credential.id, name: credential.name } },
		// No parameters: the defaults must listen for every documented event.
	});
	const workflowB = await n8n.createWorkflow({ name: `surfe trigger ${triggerWebhookId}`, nodes: [trigger, noOpNode('Received')], connections: connect('Surfe Trigger', 'Received') });
	triggerWorkflowId = workflowB.id;
	await n8n.activateWorkflow(triggerWorkflowId);
	callbackUrl = n8n.productionWebhookUrl(triggerWebhookId, 'webhook');
});

afterAll(async () => {
	await fake?.close();
});

async function post(url: string, rawBody: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: rawBody });
	return { status: response.status, text: await response.text() };
}

function surfeNode(parameters: INodeParameters) {
	return node({ name: 'Surfe', type: n8n.nodeType('surfe'), credentials: { enrichmentWebhooksSurfeApi: { id: credential.id, name: credential.name } }, parameters });
}

/** Executions of workflow B created after `before`, with their trigger output. */
async function newTriggerRuns(before: number, count: number) {
	const runs = (await n8n.waitForExecutions(triggerWorkflowId, before + count, { timeoutMs: 120_000 })).slice(before);
	return Promise.all(runs.map(async (run: ExecutionSummary) => ({ run, items: await n8n.nodeOutput(run.id, 'Surfe Trigger') })));
}

describe('the enrichmentWebhooksSurfeApi credential', () => {
	it("passes n8n's credential test (GET /v1/credits, which costs nothing) and fails with a wrong key", async () => {
		const test = async (apiKey: string) => {
			const created = await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey, baseUrl: fake.baseUrl });
			return n8n.request<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: { id: created.id, name: created.name, type: 'enrichmentWebhooksSurfeApi', data: { apiKey, baseUrl: fake.baseUrl } },
			});
		};
		const before = fake.requestsTo('GET', /^\/v1\/credits$/).length;
		expect(await test(API_KEY)).toMatchObject({ status: 'OK' });
		expect((await test('wrong-key')).status).toBe('Error');
		// (n8n may send a failing credential test more than once.)
		expect(new Set(fake.requestsTo('GET', /^\/v1\/credits$/).slice(before).map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${API_KEY}`, 'Bearer wrong-key']));
	});
});

describe('Surfe node -> fake Surfe -> Surfe Trigger', () => {
	it(`enriches ${PEOPLE_COUNT} people; the trigger's executions hold each of them, matched by externalID, and the batch once`, async () => {
		const start = webhookStartNode({ name: 'Start' });
		const surfe = surfeNode({
			resource: 'person',
			operation: 'enrich',
			firstName: '={{ $json.firstName }}',
			lastName: '={{ $json.lastName }}',
			companyDomain: '={{ $json.domain }}',
			include: ['email', 'mobile'],
			webhookUrl: callbackUrl,
			options: { allowPlainHttpWebhookUrl: true },
		});
		const workflowA = await n8n.createWorkflow({ name: `surfe enrich ${randomUUID()}`, nodes: [start, splitOutNode('Items', 'body'), surfe], connections: connect('Start', 'Items', 'Surfe') });
		await n8n.activateWorkflow(workflowA.id);

		const before = (await n8n.listExecutions(triggerWorkflowId)).length;
		const run = randomUUID().slice(0, 6);
		const people = Array.from({ length: PEOPLE_COUNT }, (_unused, index) => ({ firstName: `Ada${index}`, lastName: `Lovelace${run}`, domain: `engines${index % 4}.com` }));
		expect((await post(n8n.productionWebhookUrl(start.webhookId!, 'start'), JSON.stringify(people))).status).toBe(200);

		// Workflow A: one Surfe request for all 30, one output item per input with its externalID.
		const [runA] = await n8n.waitForExecutions(workflowA.id, 1);
		expect(runA.status).toBe('success');
		const started = await n8n.nodeItems(runA.id, 'Surfe');
		expect(started).toHaveLength(PEOPLE_COUNT);
		const enrichRequests = fake.requestsTo('POST', /^\/v2\/people\/enrich$/);
		expect(enrichRequests).toHaveLength(1);
		const sent = enrichRequests[0].body as { include: IDataObject; notificationOptions: IDataObject; people: IDataObject[] };
		expect(sent.notificationOptions).toEqual({ webhookUrl: callbackUrl });
		expect(sent.include).toEqual({ email: true, mobile: true, linkedInUrl: false, jobHistory: false });
		const enrichmentID = started[0].json.enrichmentID;
		started.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ enrichmentID, externalID: `n8n-${runA.id}-${index}`, firstName: people[index].firstName });
		});

		// Surfe's side: 30 per-person deliveries and one batch delivery, each accepted at once.
		await fake.idle();
		const deliveries = fake.deliveries.filter((delivery) => delivery.enrichmentID === enrichmentID);
		expect(deliveries.map((delivery) => delivery.eventType).sort()).toEqual([...Array(PEOPLE_COUNT).fill('person.enrichment.completed'), 'person.batch-enrichment.completed'].sort());
		expect(deliveries.every((delivery) => delivery.url === callbackUrl && delivery.attempts.map((attempt) => attempt.status).join() === '200')).toBe(true);

		// Workflow B: 31 executions; 30 hold one person each, one (the batch) holds all 30.
		const runsB = await newTriggerRuns(before, PEOPLE_COUNT + 1);
		expect(runsB.every(({ run }) => run.status === 'success')).toBe(true);
		const perPerson = runsB.filter(({ items }) => items[0]?.eventType === 'person.enrichment.completed');
		const batches = runsB.filter(({ items }) => items[0]?.eventType === 'person.batch-enrichment.completed');
		expect(perPerson).toHaveLength(PEOPLE_COUNT);
		expect(batches).toHaveLength(1);
		expect(perPerson.every(({ items }) => items.length === 1)).toBe(true);
		expect(batches[0].items).toHaveLength(PEOPLE_COUNT);

		const receivedByExternalId = new Map(perPerson.map(({ items }) => [items[0].externalID as string, items[0]]));
		const batchByExternalId = new Map(batches[0].items.map((item) => [item.externalID as string, item]));
		started.forEach((item, index) => {
			const input = people[index];
			const received = receivedByExternalId.get(item.json.externalID as string);
			expect(received).toMatchObject({
				enrichmentID,
				firstName: input.firstName,
				lastName: input.lastName,
				companyDomain: input.domain,
				email: `${input.firstName}.${input.lastName}@${input.domain}`.toLowerCase(),
				emailValidationStatus: 'VALID',
				mobilePhone: expect.stringMatching(/^\+33 6 /),
				mobilePhoneConfidence: 0.92,
				signatureVerified: true,
			});
			expect(batchByExternalId.get(item.json.externalID as string)).toMatchObject({ firstName: input.firstName, email: received?.email });
		});

		// Nothing secret reaches the stored executions.
		const stored = JSON.stringify(await n8n.getExecution(perPerson[0].run.id));
		expect(stored).not.toContain(WEBHOOK_SECRET);
		expect(stored).not.toContain(API_KEY);
		expect(stored).not.toContain('v0=');

		console.log(
			[
				`Surfe e2e: workflow A execution ${runA.id} sent ${sent.people.length} people in 1 request (enrichment ${String(enrichmentID)}),`,
				`externalIDs n8n-${runA.id}-0 .. n8n-${runA.id}-${PEOPLE_COUNT - 1}.`,
				`Fake Surfe delivered ${deliveries.length} signed callbacks to ${callbackUrl}, each answered 200 at the first attempt.`,
				`Workflow B ran ${runsB.length} executions (all success): ${perPerson.length} person.enrichment.completed with 1 item each,`,
				`${batches.length} person.batch-enrichment.completed with ${batches[0].items.length} items; every externalID matched its input row.`,
				`Example item: ${JSON.stringify(perPerson[0].items[0])}`,
			].join('\n'),
		);
		await n8n.deactivateWorkflow(workflowA.id);
	});

	it('refuses deliveries with a bad signature or a stale timestamp (401) and starts nothing', async () => {
		const before = (await n8n.listExecutions(triggerWorkflowId)).length;
		const event = (externalID: string) => JSON.stringify({ eventType: 'person.enrichment.completed', data: { enrichmentID: `enr-${randomUUID()}`, person: { externalID, firstName: 'Eve', lastName: 'Forger' } } });

		const forged = event('forged');
		const badSignature = await post(callbackUrl, forged, { 'x-surfe-signature': signSurfeBody('not-the-secret', forged, Date.now()) });
		const stale = event('stale');
		const staleTimestamp = await post(callbackUrl, stale, { 'x-surfe-signature': signSurfeBody(WEBHOOK_SECRET, stale, Date.now() - 10 * 60_000) });
		const unsigned = await post(callbackUrl, event('unsigned'));
		const unknownEvent = JSON.stringify({ eventType: 'person.enrichment.failed', data: { enrichmentID: 'x' } });
		const ignored = await post(callbackUrl, unknownEvent, { 'x-surfe-signature': signSurfeBody(WEBHOOK_SECRET, unknownEvent, Date.now()) });
		expect([badSignature.status, staleTimestamp.status, unsigned.status, ignored.status]).toEqual([401, 401, 401, 200]);

		// A genuine delivery starts one execution (the refused ones were answered before it).
		const genuine = event('genuine');
		const accepted = await post(callbackUrl, genuine, { 'x-surfe-signature': signSurfeBody(WEBHOOK_SECRET, genuine, Date.now()) });
		expect([accepted.status, JSON.parse(accepted.text)]).toEqual([200, { received: true }]);
		const runs = await newTriggerRuns(before, 1);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect((await n8n.listExecutions(triggerWorkflowId)).length).toBe(before + 1);
		expect(runs.map(({ items }) => items.map((item) => item.externalID))).toEqual([['genuine']]);
		console.log(
			`Surfe e2e: bad signature -> ${badSignature.status} ${badSignature.text}; stale timestamp -> ${staleTimestamp.status} ${staleTimestamp.text}; ` +
				`no signature -> ${unsigned.status}; unknown event -> ${ignored.status} ${ignored.text}; genuine -> ${accepted.status} ${accepted.text}; ` +
				`executions before ${before}, after ${before + 1} (only the genuine delivery).`,
		);
	});

	it('the Surfe node refuses an http:// webhook URL in a real n8n, saying how to get HTTPS', async () => {
		const start = webhookStartNode({ name: 'Start' });
		const surfe = surfeNode({ resource: 'person', operation: 'enrich', linkedinUrl: 'https://www.linkedin.com/in/ada-lovelace', include: ['email'], webhookUrl: callbackUrl });
		const workflow = await n8n.createWorkflow({ name: `surfe http refused ${randomUUID()}`, nodes: [start, surfe], connections: connect('Start', 'Surfe') });
		await n8n.activateWorkflow(workflow.id);
		const requestsBefore = fake.requestsTo('POST', /^\/v2\/people\/enrich$/).length;
		expect((await post(n8n.productionWebhookUrl(start.webhookId!, 'start'), '{}')).status).toBe(200);
		const [run] = await n8n.waitForExecutions(workflow.id, 1);
		expect(run.status).toBe('error');
		const error = (await n8n.getExecution(run.id)).data.resultData.error as IDataObject;
		expect(error.message).toBe('Surfe only sends webhooks to HTTPS URLs, and this Webhook URL starts with http://');
		expect(String(error.description)).toContain('N8N_WEBHOOK_URL');
		expect(fake.requestsTo('POST', /^\/v2\/people\/enrich$/)).toHaveLength(requestsBefore);
		console.log(`Surfe e2e: http webhook URL refused by the node: ${String(error.message)} / ${String(error.description)}`);
		await n8n.deactivateWorkflow(workflow.id);
	});
});
