// IDWise end to end in a real n8n (2.41.1) with the packed package installed. Trigger workflows
// (IDWise Trigger -> NoOp) for each authentication of IDWise's webhook wizard receive events from
// the fake IDWise sender (which retries at 5/10/15 "minutes" like IDWise); a wrong credential gets
// 401 and starts nothing; a retried eventId starts one execution; the summary option attaches the
// summary from the fake IDWise API; the IDWise node starts a journey on it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { FakeIdwise } from '../fakes/idwise';
import { authHeadersFor, deliverIdwiseWebhook, idwiseEvent, postOnce, type IdwiseSenderAuth } from '../fakes/idwiseSender';
import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, node, noOpNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(300_000);

const API_KEY = `idwise-key-${randomUUID().slice(0, 8)}`;
const API_SECRET = `idwise-secret-${randomUUID()}`;
// IDWise waits 5, 10 and 15 minutes between tries; here a "minute" is 40 ms.
const MS_PER_MINUTE = 40;

let n8n: N8nClient;
let idwise: FakeIdwise;
let apiCredential: { id: string; name: string };

interface TriggerUnderTest {
	workflowId: string;
	url: string;
	right: IdwiseSenderAuth;
	wrong: IdwiseSenderAuth[];
}

const saw = (line: string) => process.stdout.write(`[idwise e2e] ${line}\n`);

async function triggerWorkflow(name: string, parameters: INodeParameters, credentials: INode['credentials']): Promise<{ workflowId: string; url: string }> {
	const webhookId = randomUUID();
	const trigger = node({ name: 'IDWise Trigger', type: n8n.nodeType('idwiseTrigger'), webhookId, parameters, credentials });
	const workflow = await n8n.createWorkflow({ name: `idwise ${name} ${webhookId}`, nodes: [trigger, noOpNode('Received')], connections: connect('IDWise Trigger', 'Received') });
	await n8n.activateWorkflow(workflow.id);
	return { workflowId: workflow.id, url: n8n.productionWebhookUrl(webhookId, 'webhook') };
}

async function webhookCredential(data: IDataObject) {
	const created = await n8n.createCredential('enrichmentWebhooksIdwiseWebhookApi', data);
	return { enrichmentWebhooksIdwiseWebhookApi: { id: created.id, name: created.name } };
}

/** Executions of a workflow after `count` others, once a sentinel event sent last has run. */
async function executionsAfterSentinel(trigger: { workflowId: string; url: string }, right: IdwiseSenderAuth, before: number) {
	const sentinel = idwiseEvent('Finished Step', { stepId: 'sentinel' });
	const [attempt] = await deliverIdwiseWebhook(trigger.url, sentinel, right, { msPerMinute: MS_PER_MINUTE });
	expect(attempt.status).toBe(200);
	const runs = await n8n.waitForExecutions(trigger.workflowId, before + 1);
	const all = await n8n.listExecutions(trigger.workflowId);
	const [last] = await n8n.nodeOutput(all[all.length - 1].id, 'Received');
	expect(last.eventId).toBe(sentinel.body.eventId);
	return { runs, all };
}

const triggers: Record<string, TriggerUnderTest> = {};

beforeAll(async () => {
	n8n = await connectN8n();
	idwise = await new FakeIdwise({ apiKey: API_KEY, apiSecret: API_SECRET }).start();
	apiCredential = await n8n.createCredential('enrichmentWebhooksIdwiseApi', { region: 'custom', customBaseUrl: idwise.baseUrl, apiKey: API_KEY, apiSecret: API_SECRET });

	const basic = await triggerWorkflow('basic', { authentication: 'enrichmentWebhooksIdwiseWebhookApi' }, await webhookCredential({ authType: 'basicAuth', username: 'idwise-hooks', password: 'b4sic-pass' }));
	triggers.basic = {
		...basic,
		right: { type: 'basic', username: 'idwise-hooks', password: 'b4sic-pass' },
		wrong: [{ type: 'basic', username: 'idwise-hooks', password: 'b4sic-pasS' }, { type: 'none' }, { type: 'bearer', token: 'b4sic-pass' }],
	};
	const bearer = await triggerWorkflow('bearer', { authentication: 'enrichmentWebhooksIdwiseWebhookApi' }, await webhookCredential({ authType: 'bearerToken', token: 'bearer-token-7f3a' }));
	triggers.bearer = {
		...bearer,
		right: { type: 'bearer', token: 'bearer-token-7f3a' },
		wrong: [{ type: 'bearer', token: 'bearer-token-7f3b' }, { type: 'none' }, { type: 'basic', username: 'x', password: 'bearer-token-7f3a' }],
	};
	const headers = await triggerWorkflow(
		'headers',
		{ authentication: 'enrichmentWebhooksIdwiseWebhookApi' },
		await webhookCredential({ authType: 'customHeaders', headers: { values: [{ name: 'X-Idwise-Key', value: 'hdr-key-1' }, { name: 'X-Idwise-Env', value: 'live' }] } }),
	);
	triggers.headers = {
		...headers,
		right: { type: 'headers', headers: { 'X-Idwise-Key': 'hdr-key-1', 'X-Idwise-Env': 'live' } },
		wrong: [{ type: 'headers', headers: { 'X-Idwise-Key': 'hdr-key-1', 'X-Idwise-Env': 'sandbox' } }, { type: 'headers', headers: { 'X-Idwise-Key': 'hdr-key-1' } }, { type: 'none' }],
	};
});

afterAll(async () => {
	await idwise?.close();
});

describe.each(['basic', 'bearer', 'headers'])('IDWise Trigger with %s authentication', (method) => {
	it('accepts the right credentials (one execution holding the event) and refuses wrong ones with 401 and no execution', async () => {
		const trigger = triggers[method];
		const before = (await n8n.listExecutions(trigger.workflowId)).length;

		const envelope = idwiseEvent('Manually Reviewed', { referenceNo: `ref-${method}` });
		const attempts = await deliverIdwiseWebhook(trigger.url, envelope, trigger.right, { msPerMinute: MS_PER_MINUTE });
		expect(attempts.map((attempt) => attempt.status)).toEqual([200]);
		const runs = await n8n.waitForExecutions(trigger.workflowId, before + 1);
		const [item] = await n8n.nodeOutput(runs[runs.length - 1].id, 'Received');
		expect(item).toMatchObject({ event: 'Manually Reviewed', eventId: envelope.body.eventId, referenceNo: `ref-${method}`, manualDecision: 'Approved', finalDecision: 'Approved' });
		saw(`${method}: right credentials -> HTTP 200 once, execution ${runs[runs.length - 1].id} (${runs[runs.length - 1].status}) holds ${JSON.stringify(item)}`);

		for (const wrong of trigger.wrong) {
			const refused = await deliverIdwiseWebhook(trigger.url, idwiseEvent('Finished Journey'), wrong, { msPerMinute: MS_PER_MINUTE });
			expect(refused.map((attempt) => attempt.status)).toEqual([401, 401, 401, 401]);
			saw(`${method}: wrong (${wrong.type}) -> ${refused.map((attempt) => attempt.status).join(', ')}; body ${refused[0].body}`);
		}
		// Nothing started by the refused deliveries: the next execution is the sentinel's.
		const { all } = await executionsAfterSentinel(trigger, trigger.right, before + 1);
		expect(all).toHaveLength(before + 2);
		saw(`${method}: after ${trigger.wrong.length * 4} refused posts, executions ${before} -> ${all.length} (the accepted event and the sentinel)`);
	});

	it("answers IDWise's Test Webhook request 200 with the right credentials, 401 without, and starts nothing", async () => {
		const trigger = triggers[method];
		const before = (await n8n.listExecutions(trigger.workflowId)).length;
		const answers: string[] = [];
		for (const raw of ['', '{}', '{"test":true}']) {
			const accepted = await postOnce(trigger.url, raw, authHeadersFor(trigger.right));
			expect(accepted.status).toBe(200);
			const refused = await postOnce(trigger.url, raw, {});
			expect(refused.status).toBe(401);
			answers.push(`${JSON.stringify(raw)}: ${accepted.status} ${accepted.body} / no auth ${refused.status}`);
		}
		const { all } = await executionsAfterSentinel(trigger, trigger.right, before);
		expect(all).toHaveLength(before + 1);
		saw(`${method}: test-webhook bodies -> ${answers.join('; ')}; no execution started`);
	});
});

describe('a retried eventId', () => {
	it('makes one execution, not two, and the remembered id is saved with the workflow (it survives deactivate/activate)', async () => {
		const trigger = triggers.bearer;
		const before = (await n8n.listExecutions(trigger.workflowId)).length;
		const envelope = idwiseEvent('Finished Journey', { referenceNo: 'retried' });
		// IDWise retries an event whose 200 it did not get (timeout, lost connection) with the same
		// eventId, 5 and then 10 minutes later (here 1 s and 2 s).
		const answers: number[] = [];
		for (const minutesLater of [0, 5, 10]) {
			await new Promise((resolve) => setTimeout(resolve, minutesLater * 200));
			const [attempt] = await deliverIdwiseWebhook(trigger.url, envelope, trigger.right, { msPerMinute: MS_PER_MINUTE });
			answers.push(attempt.status as number);
		}
		expect(answers).toEqual([200, 200, 200]);
		const { all } = await executionsAfterSentinel(trigger, trigger.right, before + 1);
		expect(all).toHaveLength(before + 2);
		const firstRun = all[before];
		expect((await n8n.nodeOutput(firstRun.id, 'Received'))[0].eventId).toBe(envelope.body.eventId);
		saw(`retry: 3 deliveries of eventId ${envelope.body.eventId} -> ${answers.join(', ')}; executions ${before} -> ${all.length} (one for the event, one sentinel)`);

		// Where the memory lives: the workflow's static data in n8n's database.
		const stored = await n8n.request<{ staticData?: IDataObject }>('GET', `/rest/workflows/${trigger.workflowId}`);
		expect(JSON.stringify(stored.staticData ?? {})).toContain(String(envelope.body.eventId));
		saw(`retry: workflow static data in the database: ${JSON.stringify(stored.staticData).slice(0, 300)}`);

		await n8n.deactivateWorkflow(trigger.workflowId);
		await n8n.activateWorkflow(trigger.workflowId);
		const [again] = await deliverIdwiseWebhook(trigger.url, envelope, trigger.right, { msPerMinute: MS_PER_MINUTE });
		expect(again.status).toBe(200);
		const after = await executionsAfterSentinel(trigger, trigger.right, before + 2);
		expect(after.all).toHaveLength(before + 3);
		saw(`retry after deactivate/activate -> ${again.status} ${again.body}; still no second execution (${after.all.length} = previous + sentinel)`);
	});

	it('is retried by IDWise until accepted when the first delivery was refused, and then runs once', async () => {
		const trigger = triggers.basic;
		const before = (await n8n.listExecutions(trigger.workflowId)).length;
		const envelope = idwiseEvent('Updated Journey');
		// The first try is refused (the wizard's credentials were wrong and get fixed); IDWise's
		// retry 5 "minutes" later carries the right ones and the same eventId.
		const attempts = await deliverIdwiseWebhook(trigger.url, envelope, (attemptIndex) => (attemptIndex === 0 ? trigger.wrong[0] : trigger.right), {
			msPerMinute: MS_PER_MINUTE,
		});
		const statuses = attempts.map((attempt) => attempt.status);
		expect(statuses).toEqual([401, 200]);
		const runs = await n8n.waitForExecutions(trigger.workflowId, before + 1);
		const { all } = await executionsAfterSentinel(trigger, trigger.right, before + 1);
		expect(all).toHaveLength(before + 2);
		saw(`refused then retried: ${statuses.join(' -> ')}; one execution (${runs[runs.length - 1].id})`);
	});
});

describe('Attach Journey Summary', () => {
	it('attaches the summary fetched from the (fake) IDWise API, with the enrichmentWebhooksIdwiseApi credential and Basic auth', async () => {
		const trigger = await triggerWorkflow('summary', { authentication: 'none', attachSummary: true }, { enrichmentWebhooksIdwiseApi: { id: apiCredential.id, name: apiCredential.name } });
		const journey = idwise.addJourney({ referenceNo: 'cust-summary', systemDecision: 'Refer' });
		const first = idwiseEvent('Finished User Steps', { journeyId: journey.journeyId, referenceNo: 'cust-summary', systemDecision: 'Incomplete' });
		const second = idwiseEvent('Finished Journey', { journeyId: journey.journeyId, referenceNo: 'cust-summary', systemDecision: 'Refer' });
		const limitedBefore = idwise.rateLimitedSummaryCalls;
		for (const envelope of [first, second]) {
			const [attempt] = await deliverIdwiseWebhook(trigger.url, envelope, { type: 'none' }, { msPerMinute: MS_PER_MINUTE });
			expect(attempt.status).toBe(200);
		}
		const runs = await n8n.waitForExecutions(trigger.workflowId, 2);
		const items = await Promise.all(runs.map(async (run) => (await n8n.nodeOutput(run.id, 'Received'))[0]));
		for (const item of items) {
			expect(item.summary).toMatchObject({ journey_id: journey.journeyId, is_completed: true, result: { interim_rule_assessment: 'Failed' } });
			expect(item.summaryError).toBeUndefined();
		}
		const calls = idwise.summaryRequests(journey.journeyId);
		expect(calls).toHaveLength(2);
		expect(calls[0].headers.authorization).toBe(`Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`);
		expect(idwise.rateLimitedSummaryCalls).toBe(limitedBefore);
		saw(`summary: two events for journey ${journey.journeyId}; fake API saw ${calls.length} summary calls, no 429; item.summary = ${JSON.stringify(items[0].summary).slice(0, 200)}...`);
	});
});

describe('the credentials in n8n', () => {
	it("enrichmentWebhooksIdwiseApi's test reaches the custom base URL: a good key (IDWise's 'not found' comes after the key check) shows as success, a bad one says what to check", async () => {
		const test = async (apiSecret: string) => {
			const data = { region: 'custom', customBaseUrl: idwise.baseUrl, apiKey: API_KEY, apiSecret };
			const created = await n8n.createCredential('enrichmentWebhooksIdwiseApi', data);
			return n8n.request<{ status: string; message: string }>('POST', '/rest/credentials/test', { credentials: { id: created.id, name: created.name, type: 'enrichmentWebhooksIdwiseApi', data } });
		};
		const good = await test(API_SECRET);
		const bad = await test('wrong-secret');
		expect(good).toEqual({ status: 'OK', message: expect.stringMatching(/IDWise accepted the credential/) });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/IDWise refused the credential \(401\)\. Check the API key and secret, the region/);
		saw(`credential test: good key -> ${good.status}: ${good.message} | bad key -> ${bad.status}: ${bad.message}`);
	});

	it("enrichmentWebhooksIdwiseWebhookApi's local test (testedBy on the trigger) passes complete values and explains incomplete ones", async () => {
		const test = async (data: IDataObject) => {
			const created = await n8n.createCredential('enrichmentWebhooksIdwiseWebhookApi', data);
			return n8n.request<{ status: string; message: string }>('POST', '/rest/credentials/test', { credentials: { id: created.id, name: created.name, type: 'enrichmentWebhooksIdwiseWebhookApi', data } });
		};
		const good = await test({ authType: 'bearerToken', token: 'abc' });
		const bad = await test({ authType: 'customHeaders', headers: { values: [{ name: 'Content-Type', value: 'x' }] } });
		expect(good.status).toBe('OK');
		expect(bad.status).toBe('Error');
		saw(`webhook credential test: ${good.status}: ${good.message} | ${bad.status}: ${bad.message}`);
	});
});

describe('IDWise node', () => {
	it('starts a journey on the (fake) IDWise API and reads its result', async () => {
		const start = webhookStartNode({ name: 'Start' });
		const credentials = { enrichmentWebhooksIdwiseApi: { id: apiCredential.id, name: apiCredential.name } };
		const startJourney = node({
			name: 'Start Journey',
			type: n8n.nodeType('idwise'),
			credentials,
			parameters: { resource: 'journey', operation: 'start', flowId: 'flow-e2e', referenceNo: 'e2e-customer-1', applicantDetails: { fullName: 'Ada Lovelace', birthDate: '1815-12-10', sex: 'female' } },
		});
		const getResult = node({
			name: 'Get Result',
			type: n8n.nodeType('idwise'),
			credentials,
			parameters: { resource: 'journey', operation: 'getResult', journeyId: '={{ $json.journey_id }}' },
		});
		const workflow = await n8n.createWorkflow({ name: `idwise node ${randomUUID()}`, nodes: [start, startJourney, getResult], connections: connect('Start', 'Start Journey', 'Get Result') });
		await n8n.activateWorkflow(workflow.id);
		const posted = await postOnce(n8n.productionWebhookUrl(start.webhookId!, 'start'), '{}', {});
		expect(posted.status).toBe(200);
		const [run] = await n8n.waitForExecutions(workflow.id, 1);
		expect(run.status).toBe('success');
		const [started] = await n8n.nodeOutput(run.id, 'Start Journey');
		const [result] = await n8n.nodeOutput(run.id, 'Get Result');
		expect(started).toMatchObject({ journey_id: expect.any(String), reference_no: 'e2e-customer-1' });
		expect(result).toMatchObject({ journey_id: started.journey_id, reference_number: 'e2e-customer-1', applicant: { full_name: 'Ada Lovelace', birth_date: '1815-12-10', sex: 'female' } });
		saw(`node: Start Journey -> ${JSON.stringify(started)}; Get Result -> journey ${String(result.journey_id)}, system_decision ${String(result.system_decision)}`);
	});
});

describe('examples/idwise-journey-webhook.json', () => {
	it('is accepted by n8n, and its trigger branch turns a verified IDWise event into a Decision (once per eventId)', async () => {
		const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'idwise-journey-webhook.json'), 'utf8')) as { name: string; nodes: INode[]; connections: Record<string, never> };
		const loaded = await n8n.nodeTypeNames();
		for (const exampleNode of example.nodes) expect(loaded).toContain(exampleNode.type);

		// As a user would after importing: choose the credentials.
		const webhookCredentials = await webhookCredential({ authType: 'bearerToken', token: 'example-token' });
		const nodes = example.nodes.map((exampleNode) => {
			if (exampleNode.type.endsWith('.idwiseTrigger')) return { ...exampleNode, credentials: webhookCredentials };
			if (exampleNode.type.endsWith('.idwise')) return { ...exampleNode, credentials: { enrichmentWebhooksIdwiseApi: { id: apiCredential.id, name: apiCredential.name } } };
			return exampleNode;
		});
		const { id } = await n8n.createWorkflow({ name: example.name, nodes, connections: example.connections });
		await n8n.activateWorkflow(id);

		// The example carries no webhookId: n8n gives each import its own.
		const trigger = (await n8n.workflowNodes(id)).find((saved) => saved.name === 'IDWise Trigger')!;
		const url = n8n.productionWebhookUrl(trigger.webhookId!, 'webhook');
		const journey = idwise.addJourney({ referenceNo: 'customer-1234', systemDecision: 'Refer', manualDecision: 'Approved' });
		const envelope = idwiseEvent('Manually Reviewed', { journeyId: journey.journeyId, referenceNo: 'customer-1234' });
		const auth: IdwiseSenderAuth = { type: 'bearer', token: 'example-token' };
		expect((await deliverIdwiseWebhook(url, envelope, auth, { msPerMinute: MS_PER_MINUTE }))[0].status).toBe(200);
		const [run] = await n8n.waitForExecutions(id, 1);
		expect(await n8n.nodeOutput(run.id, 'Decision')).toEqual([{ customerId: 'customer-1234', event: 'Manually Reviewed', decision: 'Approved', action: 'activate account' }]);

		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect((await deliverIdwiseWebhook(url, envelope, auth, { msPerMinute: MS_PER_MINUTE }))[0].status).toBe(200);
		const ignoredFor = Date.now() + 3000;
		while (Date.now() < ignoredFor) await new Promise((resolve) => setTimeout(resolve, 500));
		expect(await n8n.listExecutions(id)).toHaveLength(1);
		saw(`example: Decision = ${JSON.stringify(await n8n.nodeOutput(run.id, 'Decision'))}; the repeated event started nothing`);
		await n8n.deactivateWorkflow(id);
	});
});
