// The workflows the n8n benchmark fires at, each `<start node> -> NoOp 'Received'`: n8n's own Webhook
// node (the reference, without and with Basic auth) and our four triggers. The callback bodies are
// the ones the fake providers send: each fake is asked once to call back a capture server, and its
// bytes are reused with a fresh id per request (re-signed with the fakes' own signing helpers where
// the signature covers the body), so every execution can be traced to the one request that made it.
import { randomUUID } from 'node:crypto';

import type { IDataObject, INode } from 'n8n-workflow';

import { FakeServer } from '../fakes/fakeServer';
import { FakeFullEnrich, signFullEnrichBody } from '../fakes/fullenrich';
import { authHeadersFor, idwiseEvent } from '../fakes/idwiseSender';
import { FakeSurfe, signSurfeBody } from '../fakes/surfe';
import { FakeWiza, sha256hex } from '../fakes/wiza';
import type { N8nClient } from '../e2e/harness/n8n';
import { connect, node, noOpNode, webhookStartNode } from '../e2e/harness/workflows';
import { genericWorkflow, needsRawBody, type GenericCheck } from './generic';
import type { BenchRequest } from './load';

/** The type version our triggers are measured at (BENCH_TRIGGER_VERSION, default 2). */
const TRIGGER_VERSION = Number(process.env.BENCH_TRIGGER_VERSION ?? 2);

/** The node every start node feeds; executions are read back from its output. */
export const OUTPUT_NODE = 'Received';

/** The reference (n8n's Webhook node), our trigger, or the generic way for the same provider. */
export type Way = 'reference' | 'ours' | 'generic';

export interface BenchTarget {
	label: string;
	way: Way;
	/** The provider whose callbacks it receives (the reference has none). */
	provider?: string;
	workflowId: string;
	url: string;
	/** The answer to a refused request: 401 from our triggers and Basic auth, 200 from the generic way. */
	refusedStatus: number;
	/** Whether a refused request still starts an execution (the generic way: its IF node ends it). */
	refusalStartsExecution: boolean;
	/** Items one accepted request puts on the output node. */
	itemsPerExecution: number;
	/** A request the start node accepts (200) and turns into one execution carrying `id`. */
	accepted(id: string): BenchRequest;
	/** A request it must refuse (undefined: the node checks nothing). */
	refused?(id: string): BenchRequest;
	/** The request id carried by each item of the output node. */
	idOf(item: IDataObject): string;
}

type Credential = { id: string; name: string };

/** The API base URL of the credentials: never called, the triggers make no API request here. */
const UNUSED_API = 'http://127.0.0.1:9';

const text = (value: unknown) => String(value);

/** Starts a capture server, lets `send` make a fake call back to it, and returns the fake's result. */
async function withCaptureUrl<T>(send: (callbackUrl: string) => Promise<T>): Promise<T> {
	const capture = await new FakeServer().route('POST', '/callback', () => ({ status: 200, body: {} })).start();
	try {
		return await send(`${capture.baseUrl}/callback`);
	} finally {
		await capture.close();
	}
}

async function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<void> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	if (!response.ok) throw new Error(`fake answered ${response.status} to POST ${url}: ${await response.text()}`);
}

/** A finished Wiza individual reveal (level full), as the fake Wiza calls back. */
async function wizaRevealCallback(apiKey: string): Promise<{ body: IDataObject; authKey: string }> {
	const fake = await new FakeWiza({ apiKey, completeAfterMs: 5 }).start();
	try {
		await withCaptureUrl(async (callbackUrl) => {
			await postJson(
				`${fake.baseUrl}/api/individual_reveals`,
				{ individual_reveal: { profile_url: 'https://www.linkedin.com/in/ada-lovelace-bench' }, enrichment_level: 'full', callback_url: callbackUrl },
				{ authorization: `Bearer ${apiKey}` },
			);
			await fake.settled();
		});
		const [delivery] = fake.deliveries;
		return { body: delivery.body as IDataObject, authKey: fake.authKey };
	} finally {
		await fake.close();
	}
}

/** A FullEnrich batch_finished callback for `contacts` contacts (work emails, phones, a custom field). */
async function fullEnrichBatchCallback(apiKey: string, contacts: number): Promise<{ rawBody: string; enrichmentId: string }> {
	const fake = await new FakeFullEnrich({ apiKeys: { [apiKey]: randomUUID() } }).start();
	try {
		await withCaptureUrl(async (callbackUrl) => {
			const data = Array.from({ length: contacts }, (_unused, index) => ({
				first_name: `Ada${index}`,
				last_name: `Lovelace${index}`,
				domain: `engines${index % 5}.example`,
				enrich_fields: ['contact.work_emails', 'contact.phones'],
				custom: { crm_id: `crm-${index}` },
			}));
			await postJson(`${fake.baseUrl}/contact/enrich/bulk`, { name: 'bench batch', webhook_url: callbackUrl, data }, { authorization: `Bearer ${apiKey}` });
			await fake.whenIdle();
		});
		const delivery = fake.deliveries.find((entry) => entry.kind === 'batch');
		if (!delivery) throw new Error('the fake FullEnrich made no batch callback');
		return { rawBody: delivery.rawBody, enrichmentId: delivery.enrichmentId };
	} finally {
		await fake.close();
	}
}

/** A person.enrichment.completed event, and the fake Surfe (closed; its sign() still signs like the account). */
async function surfePersonCallback(apiKey: string, webhookSecret: string): Promise<{ event: IDataObject; fake: FakeSurfe }> {
	const fake = await new FakeSurfe({ apiKey, webhookSecret, requireHttpsWebhooks: false, completeAfterMs: 5, batchEvent: false }).start();
	try {
		await withCaptureUrl(async (callbackUrl) => {
			await postJson(
				`${fake.baseUrl}/v2/people/enrich`,
				{
					include: { email: true, mobile: true, linkedInUrl: true, jobHistory: true },
					people: [{ firstName: 'Ada', lastName: 'Lovelace', companyDomain: 'analytical-engines.example', externalID: 'bench' }],
					notificationOptions: { webhookUrl: callbackUrl },
				},
				{ authorization: `Bearer ${apiKey}` },
			);
			await fake.idle();
		});
		const delivery = fake.deliveries.find((entry) => entry.eventType === 'person.enrichment.completed');
		if (!delivery) throw new Error('the fake Surfe made no person callback');
		return { event: JSON.parse(delivery.rawBody) as IDataObject, fake };
	} finally {
		await fake.close();
	}
}

async function activate(n8n: N8nClient, label: string, start: INode): Promise<string> {
	const { id } = await n8n.createWorkflow({ name: `bench ${label} ${randomUUID()}`, nodes: [start, noOpNode(OUTPUT_NODE)], connections: connect(start.name, OUTPUT_NODE) });
	await n8n.activateWorkflow(id);
	return id;
}

/** Activates the generic way for `check` and returns it as a target sharing `ours`' requests and ids. */
async function genericTarget(n8n: N8nClient, ours: BenchTarget, check: GenericCheck): Promise<BenchTarget> {
	const { webhook, nodes, connections } = genericWorkflow(check, noOpNode(OUTPUT_NODE));
	const { id } = await n8n.createWorkflow({ name: `bench generic ${check.kind} ${randomUUID()}`, nodes, connections });
	await n8n.activateWorkflow(id);
	return {
		...ours,
		label: `generic ${ours.provider}${needsRawBody(check) ? ' (raw body)' : ''}`,
		way: 'generic',
		workflowId: id,
		url: n8n.productionWebhookUrl(webhook.webhookId!, 'webhook'),
		refusedStatus: 200,
		refusalStartsExecution: true,
	};
}

/** Our trigger at its current type version (2: n8n evaluates no expression per request for it, see nodes/shared/webhook.ts). */
function triggerNode(n8n: N8nClient, name: string, type: string, credentials: Record<string, Credential>, parameters: IDataObject = {}): INode {
	return node({ name, type: n8n.nodeType(type), typeVersion: TRIGGER_VERSION, webhookId: randomUUID(), credentials, parameters: parameters as INode['parameters'] });
}

/** Creates the credentials and workflows, activates them, and returns them in the order to measure. */
export async function createTargets(n8n: N8nClient): Promise<{ targets: BenchTarget[]; bodyBytes: Record<string, number> }> {
	const targets: BenchTarget[] = [];
	const bodyBytes: Record<string, number> = {};

	// The Wiza reveal callback is also the body posted to n8n's Webhook node.
	const wizaKey = `wiza-bench-${randomUUID()}`;
	const wiza = await wizaRevealCallback(wizaKey);
	const wizaBody = (id: string) => JSON.stringify({ ...wiza.body, data: { ...(wiza.body.data as IDataObject), id: Number(id) } });
	bodyBytes.wiza = Buffer.byteLength(wizaBody('1000'));
	const webhookIdOf = (item: IDataObject) => text(((item.body as IDataObject).data as IDataObject).id);

	const plain = webhookStartNode({ name: 'Webhook', path: 'webhook' });
	targets.push({
		label: 'Webhook node',
		way: 'reference',
		refusedStatus: 401,
		refusalStartsExecution: false,
		workflowId: await activate(n8n, 'webhook', plain),
		url: n8n.productionWebhookUrl(plain.webhookId!, 'webhook'),
		itemsPerExecution: 1,
		accepted: (id) => ({ id, body: wizaBody(id), headers: {} }),
		idOf: webhookIdOf,
	});

	// n8n's Webhook node with Basic auth: its 401 is the reference for our triggers' refusals.
	const basic = { username: 'bench-user', password: `bench-${randomUUID()}` };
	const basicCredential = await n8n.createCredential('httpBasicAuth', { user: basic.username, password: basic.password });
	const guarded = webhookStartNode({ name: 'Webhook', path: 'webhook' });
	guarded.parameters = { ...guarded.parameters, authentication: 'basicAuth' };
	guarded.credentials = { httpBasicAuth: basicCredential };
	targets.push({
		label: 'Webhook node, Basic auth',
		way: 'reference',
		refusedStatus: 401,
		refusalStartsExecution: false,
		workflowId: await activate(n8n, 'webhook basic auth', guarded),
		url: n8n.productionWebhookUrl(guarded.webhookId!, 'webhook'),
		itemsPerExecution: 1,
		accepted: (id) => ({ id, body: wizaBody(id), headers: authHeadersFor({ type: 'basic', ...basic }) }),
		refused: (id) => ({ id, body: wizaBody(id), headers: authHeadersFor({ type: 'basic', username: basic.username, password: 'wrong-password' }) }),
		idOf: webhookIdOf,
	});

	const wizaTrigger = triggerNode(n8n, 'Wiza Trigger', 'wizaTrigger', { enrichmentWebhooksWizaApi: await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: wizaKey, baseUrl: UNUSED_API }) });
	targets.push({
		label: 'Wiza Trigger',
		...ours('wiza'),
		workflowId: await activate(n8n, 'wiza', wizaTrigger),
		url: n8n.productionWebhookUrl(wizaTrigger.webhookId!, 'webhook'),
		itemsPerExecution: 1,
		accepted: (id) => ({ id, body: wizaBody(id), headers: { 'x-auth-key': wiza.authKey } }),
		refused: (id) => ({ id, body: wizaBody(id), headers: { 'x-auth-key': sha256hex('not-the-api-key') } }),
		idOf: (item) => text(item.reveal_id),
	});

	const fullEnrichKey = `fe-bench-${randomUUID()}`;
	const batch = await fullEnrichBatchCallback(fullEnrichKey, 20);
	// The fake's exact bytes with the enrichment id swapped (it occurs once, as "id").
	const batchBody = (id: string) => batch.rawBody.replace(`"id":"${batch.enrichmentId}"`, `"id":"bench-${id}"`);
	bodyBytes.fullEnrich = Buffer.byteLength(batchBody('1000'));
	const fullEnrichTrigger = triggerNode(n8n, 'FullEnrich Trigger', 'fullEnrichTrigger', {
		enrichmentWebhooksFullEnrichApi: await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey: fullEnrichKey, baseUrl: `${UNUSED_API}/api/v2` }),
	});
	targets.push({
		label: 'FullEnrich Trigger (20 contacts)',
		...ours('fullEnrich'),
		workflowId: await activate(n8n, 'fullenrich', fullEnrichTrigger),
		url: n8n.productionWebhookUrl(fullEnrichTrigger.webhookId!, 'webhook'),
		itemsPerExecution: 20,
		accepted: (id) => {
			const body = batchBody(id);
			return { id, body, headers: { 'x-signature-sha1': signFullEnrichBody(body, fullEnrichKey) } };
		},
		refused: (id) => {
			const body = batchBody(id);
			return { id, body, headers: { 'x-signature-sha1': signFullEnrichBody(body, 'not-the-api-key') } };
		},
		idOf: (item) => text(item.enrichment_id).replace(/^bench-/, ''),
	});

	const surfeKey = `surfe-bench-${randomUUID()}`;
	const surfeSecret = `whsec_bench_${randomUUID().replace(/-/g, '')}`;
	const surfe = await surfePersonCallback(surfeKey, surfeSecret);
	const surfeData = surfe.event.data as IDataObject;
	const surfeBody = (id: string) => JSON.stringify({ ...surfe.event, data: { ...surfeData, person: { ...(surfeData.person as IDataObject), externalID: id } } });
	bodyBytes.surfe = Buffer.byteLength(surfeBody('1000'));
	const surfeTrigger = triggerNode(n8n, 'Surfe Trigger', 'surfeTrigger', {
		enrichmentWebhooksSurfeApi: await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey: surfeKey, baseUrl: UNUSED_API, webhookSecret: surfeSecret }),
	});
	targets.push({
		label: 'Surfe Trigger',
		...ours('surfe'),
		workflowId: await activate(n8n, 'surfe', surfeTrigger),
		url: n8n.productionWebhookUrl(surfeTrigger.webhookId!, 'webhook'),
		itemsPerExecution: 1,
		// Signed when the request is built, just before it is sent (the timestamp is checked).
		accepted: (id) => {
			const body = surfeBody(id);
			return { id, body, headers: { 'x-surfe-signature': surfe.fake.sign(body) } };
		},
		refused: (id) => {
			const body = surfeBody(id);
			return { id, body, headers: { 'x-surfe-signature': signSurfeBody('not-the-secret', body, Date.now()) } };
		},
		idOf: (item) => text(item.externalID),
	});

	const token = `idwise-bench-${randomUUID()}`;
	const idwiseCredential = await n8n.createCredential('enrichmentWebhooksIdwiseWebhookApi', { authType: 'bearerToken', token });
	const idwiseTrigger = triggerNode(n8n, 'IDWise Trigger', 'idwiseTrigger', { enrichmentWebhooksIdwiseWebhookApi: idwiseCredential }, { authentication: 'enrichmentWebhooksIdwiseWebhookApi' });
	// Each request is a new event (its own eventId): the trigger drops repeats of an eventId.
	const idwiseBody = (id: string) => JSON.stringify(idwiseEvent('Finished Journey', { eventId: id }));
	bodyBytes.idwise = Buffer.byteLength(idwiseBody('1000'));
	targets.push({
		label: 'IDWise Trigger (Bearer)',
		...ours('idwise'),
		workflowId: await activate(n8n, 'idwise', idwiseTrigger),
		url: n8n.productionWebhookUrl(idwiseTrigger.webhookId!, 'webhook'),
		itemsPerExecution: 1,
		accepted: (id) => ({ id, body: idwiseBody(id), headers: authHeadersFor({ type: 'bearer', token }) }),
		refused: (id) => ({ id, body: idwiseBody(id), headers: authHeadersFor({ type: 'bearer', token: `${token}-wrong` }) }),
		idOf: (item) => text(item.eventId),
	});

	// The generic way for each provider, fed the same requests as our trigger.
	const checks: GenericCheck[] = [
		{ kind: 'wiza', apiKey: wizaKey },
		{ kind: 'fullEnrich', apiKey: fullEnrichKey },
		{ kind: 'surfe', webhookSecret: surfeSecret, toleranceSeconds: 300 },
		{ kind: 'idwise', bearerToken: token },
	];
	for (const check of checks) {
		const oursForProvider = targets.find((target) => target.way === 'ours' && target.provider === check.kind)!;
		targets.push(await genericTarget(n8n, oursForProvider, check));
	}

	return { targets, bodyBytes };
}

/** The fields every one of our triggers shares: 401 and no execution for a refused request. */
function ours(provider: string): Pick<BenchTarget, 'way' | 'provider' | 'refusedStatus' | 'refusalStartsExecution'> {
	return { way: 'ours', provider, refusedStatus: 401, refusalStartsExecution: false };
}
