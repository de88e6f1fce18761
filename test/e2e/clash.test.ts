// The providers' own packages installed beside ours: `@wizaco/n8n-nodes-wiza` and
// `n8n-nodes-fullenrich` declare credential types named `wizaApi` and `fullEnrichApi` with only an
// `apiKey` field. Credential type names are global in n8n and the last package loaded wins
// (n8n load-nodes-and-credentials.js: `known.credentials[type]` is overwritten loader by loader,
// `getCredential` returns the last loader's class). The e2e harness installs a fixture package
// (test/fixtures/clashing-credentials-package) that declares both, scoped so that n8n loads it
// after ours (n8n-core scan-directory-for-packages.js globs `n8n-nodes-*`, then `@*/n8n-nodes-*`),
// into the n8n every e2e test uses. This file proves the clash is live in that n8n and that every
// node of ours still works in it: each action node calls its fake provider, each trigger accepts
// a genuine callback.
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FakeFullEnrich, signFullEnrichBody } from '../fakes/fullenrich';
import { FakeIdwise } from '../fakes/idwise';
import { authHeadersFor, idwiseEvent } from '../fakes/idwiseSender';
import { FakeSurfe, signSurfeBody } from '../fakes/surfe';
import { FakeWiza, sha256hex } from '../fakes/wiza';
import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, node, noOpNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(300_000);

const FIXTURE = '@enrichment-webhooks-test/n8n-nodes-clashing-credentials';
const KEY = `clash-${randomUUID()}`;
const SURFE_SECRET = `whsec_${randomUUID().replace(/-/g, '')}`;

let n8n: N8nClient;
const closers: Array<() => Promise<void>> = [];
const saw = (line: string) => process.stdout.write(`[clash e2e] ${line}\n`);

interface CredentialTypeInfo {
	name: string;
	displayName: string;
	properties: Array<{ name: string }>;
}

beforeAll(async () => {
	n8n = await connectN8n();
});

afterAll(async () => {
	for (const close of closers) await close();
});

async function credential(type: string, data: IDataObject) {
	const created = await n8n.createCredential(type, data);
	return { [type]: { id: created.id, name: created.name } };
}

describe('with a package declaring wizaApi and fullEnrichApi loaded after ours', () => {
	it('n8n loads the clashing package after ours, and its wizaApi and fullEnrichApi (apiKey only) are the ones n8n uses', async () => {
		expect(n8n.connection.extraPackages.map((extra) => extra.name)).toContain(FIXTURE);
		const types = await n8n.request<CredentialTypeInfo[]>('GET', '/types/credentials.json');
		const names = types.map((type) => type.name);
		const position = (name: string) => names.lastIndexOf(name);
		const ours = ['enrichmentWebhooksWizaApi', 'enrichmentWebhooksFullEnrichApi', 'enrichmentWebhooksSurfeApi', 'enrichmentWebhooksIdwiseApi', 'enrichmentWebhooksIdwiseWebhookApi'];
		for (const name of ours) expect(position(name)).toBeGreaterThanOrEqual(0);
		// n8n lists credential types loader by loader: the fixture's come after every one of ours.
		for (const clashing of ['wizaApi', 'fullEnrichApi']) {
			expect(position(clashing)).toBeGreaterThan(Math.max(...ours.map(position)));
			// The fixture's class (n8n adds its own domain-restriction fields to every credential type).
			const fields = types[position(clashing)].properties.map((property) => property.name);
			expect(types[position(clashing)].displayName).toMatch(/clashing test package/);
			expect(fields).toContain('apiKey');
			expect(fields).not.toContain('baseUrl');
		}
		// Ours keep their own fields (the Base URL the old shared names lost).
		const wiza = types.find((type) => type.name === 'enrichmentWebhooksWizaApi')!;
		expect(wiza.properties.map((property) => property.name)).toEqual(expect.arrayContaining(['apiKey', 'baseUrl']));
		saw(`credential types in n8n's order: ours at ${ours.map(position).join(', ')}; wizaApi at ${position('wizaApi')}, fullEnrichApi at ${position('fullEnrichApi')} (the fixture's: apiKey, no baseUrl)`);
	});

	it('every action node reaches its provider through its own credential: Wiza, FullEnrich, Surfe, IDWise in one workflow', async () => {
		const wiza = await new FakeWiza({ apiKey: KEY }).start();
		const fullEnrich = await new FakeFullEnrich({ apiKeys: { [KEY]: randomUUID() }, creditBalance: 4321 }).start();
		const surfe = await new FakeSurfe({ apiKey: KEY, webhookSecret: SURFE_SECRET, rateLimit: false }).start();
		const idwise = await new FakeIdwise({ apiKey: KEY, apiSecret: SURFE_SECRET }).start();
		closers.push(() => wiza.close(), () => fullEnrich.close(), () => surfe.close(), () => idwise.close());

		const start = webhookStartNode({ name: 'Start', respond: 'lastNode' });
		const nodes = [
			start,
			node({ name: 'Wiza', type: n8n.nodeType('wiza'), credentials: await credential('enrichmentWebhooksWizaApi', { apiKey: KEY, baseUrl: wiza.baseUrl }), parameters: { resource: 'account', operation: 'getCredits' } }),
			node({ name: 'FullEnrich', type: n8n.nodeType('fullEnrich'), credentials: await credential('enrichmentWebhooksFullEnrichApi', { apiKey: KEY, baseUrl: fullEnrich.baseUrl }), parameters: { resource: 'account', operation: 'getCredits' } }),
			node({ name: 'Surfe', type: n8n.nodeType('surfe'), credentials: await credential('enrichmentWebhooksSurfeApi', { apiKey: KEY, baseUrl: surfe.baseUrl, webhookSecret: SURFE_SECRET }), parameters: { resource: 'account', operation: 'getCredits' } }),
			node({
				name: 'IDWise',
				type: n8n.nodeType('idwise'),
				credentials: await credential('enrichmentWebhooksIdwiseApi', { region: 'custom', customBaseUrl: idwise.baseUrl, apiKey: KEY, apiSecret: SURFE_SECRET }),
				parameters: { resource: 'journey', operation: 'start', flowId: 'flow-clash', referenceNo: 'clash-1' } as INodeParameters,
			}),
			noOpNode('Done'),
		];
		const workflow = await n8n.createWorkflow({ name: `clash actions ${randomUUID()}`, nodes, connections: connect('Start', 'Wiza', 'FullEnrich', 'Surfe', 'IDWise', 'Done') });
		await n8n.activateWorkflow(workflow.id);
		const response = await fetch(n8n.productionWebhookUrl(start.webhookId!, 'start'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(response.status).toBe(200);
		const [execution] = await n8n.waitForExecutions(workflow.id, 1);
		expect(execution.status).toBe('success');

		const outputs: Record<string, IDataObject[]> = {};
		for (const name of ['Wiza', 'FullEnrich', 'Surfe', 'IDWise']) outputs[name] = await n8n.nodeOutput(execution.id, name);
		expect(outputs.FullEnrich[0]).toMatchObject({ balance: 4321 });
		for (const name of Object.keys(outputs)) expect(outputs[name]).toHaveLength(1);
		// Each fake saw our request with the key of our credential (none fell back to an empty address).
		expect(wiza.requestsTo('GET', /^\/api\/meta\/credits$/)).toHaveLength(1);
		expect(fullEnrich.requests.filter((request) => request.path === '/api/v2/account/credits')).toHaveLength(1);
		expect(surfe.requestsTo('GET', /^\/v1\/credits$/)).toHaveLength(1);
		expect(idwise.journeys.size).toBe(1);
		saw(`actions: Wiza ${JSON.stringify(outputs.Wiza[0]).slice(0, 120)}; FullEnrich ${JSON.stringify(outputs.FullEnrich[0])}; Surfe ${JSON.stringify(outputs.Surfe[0]).slice(0, 120)}; IDWise ${JSON.stringify(outputs.IDWise[0]).slice(0, 120)}`);
	});

	it('every trigger verifies a genuine callback with its own credential and starts one execution', async () => {
		const body = (value: unknown) => JSON.stringify(value);
		const cases: Array<{ type: string; credentials: Record<string, { id: string; name: string }>; parameters?: INodeParameters; payload: string; headers: (payload: string) => Record<string, string> }> = [
			{
				type: 'wizaTrigger',
				credentials: await credential('enrichmentWebhooksWizaApi', { apiKey: KEY }),
				payload: body({ status: { code: 200 }, type: 'individual_reveal', data: { id: 1, status: 'finished', is_complete: true, email: 'ada@example.com' } }),
				headers: () => ({ 'x-auth-key': sha256hex(KEY) }),
			},
			{
				type: 'fullEnrichTrigger',
				credentials: await credential('enrichmentWebhooksFullEnrichApi', { apiKey: KEY }),
				payload: body({ id: randomUUID(), name: 'clash', status: 'FINISHED', data: [{ custom: { row: '1' }, contact_info: { most_probable_work_email: { email: 'ada@example.com', status: 'DELIVERABLE' } } }] }),
				headers: (payload) => ({ 'x-signature-sha1': signFullEnrichBody(payload, KEY) }),
			},
			{
				type: 'surfeTrigger',
				credentials: await credential('enrichmentWebhooksSurfeApi', { apiKey: KEY, webhookSecret: SURFE_SECRET }),
				payload: body({ eventType: 'person.enrichment.completed', data: { enrichmentID: randomUUID(), person: { externalID: 'x', firstName: 'Ada', emails: [{ email: 'ada@example.com' }] } } }),
				headers: (payload) => ({ 'x-surfe-signature': signSurfeBody(SURFE_SECRET, payload, Date.now()) }),
			},
			{
				type: 'idwiseTrigger',
				credentials: await credential('enrichmentWebhooksIdwiseWebhookApi', { authType: 'bearerToken', token: KEY }),
				parameters: { authentication: 'enrichmentWebhooksIdwiseWebhookApi' },
				payload: body(idwiseEvent('Finished Journey')),
				headers: () => authHeadersFor({ type: 'bearer', token: KEY }),
			},
		];
		for (const trigger of cases) {
			const webhookId = randomUUID();
			const workflow = await n8n.createWorkflow({
				name: `clash ${trigger.type} ${webhookId}`,
				nodes: [node({ name: 'Trigger', type: n8n.nodeType(trigger.type), webhookId, credentials: trigger.credentials, parameters: trigger.parameters ?? {} }), noOpNode('Received')],
				connections: connect('Trigger', 'Received'),
			});
			await n8n.activateWorkflow(workflow.id);
			const response = await fetch(n8n.productionWebhookUrl(webhookId, 'webhook'), { method: 'POST', headers: { 'content-type': 'application/json', ...trigger.headers(trigger.payload) }, body: trigger.payload });
			expect(response.status).toBe(200);
			const [execution] = await n8n.waitForExecutions(workflow.id, 1);
			expect(execution.status).toBe('success');
			const items = await n8n.nodeOutput(execution.id, 'Received');
			expect(items.length).toBeGreaterThan(0);
			saw(`${trigger.type}: genuine callback -> ${response.status}, execution ${execution.id} (${execution.status}), ${items.length} item(s)`);
		}
	});
});
