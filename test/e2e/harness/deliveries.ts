// Sending many signed callbacks at once and counting what n8n made of them: shared by the
// regular-mode and queue-mode delivery tests (test/e2e/delivery.test.ts, test/queue/).
import { randomInt, randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { signFullEnrichBody } from '../../fakes/fullenrich';
import { authHeadersFor, idwiseEvent, type IdwiseSenderAuth } from '../../fakes/idwiseSender';
import { signSurfeBody } from '../../fakes/surfe';
import { sha256hex } from '../../fakes/wiza';
import type { N8nClient } from './n8n';
import { connect, node, noOpNode } from './workflows';

export interface Answer {
	status: number;
	body: string;
}

/** POSTs raw bytes; a network error counts as status 0 (the sender would retry). */
export async function post(url: string, rawBody: string, headers: Record<string, string>): Promise<Answer> {
	try {
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: rawBody, signal: AbortSignal.timeout(120_000) });
		return { status: response.status, body: await response.text() };
	} catch {
		return { status: 0, body: '' };
	}
}

/** Runs `task` for every element, at most `concurrency` at once; results in input order. */
export async function inParallel<T, R>(inputs: T[], concurrency: number, task: (input: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(inputs.length);
	let next = 0;
	const lanes = Array.from({ length: Math.min(concurrency, inputs.length) }, async () => {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	});
	await Promise.all(lanes);
	return results;
}

export const is2xx = (answer: Answer) => answer.status >= 200 && answer.status < 300;

/** One signed callback, ready to send again byte for byte. */
export interface Delivery {
	/** What identifies it in the item n8n stores (to count executions per delivery). */
	key: string;
	rawBody: string;
	headers: () => Record<string, string>;
}

export const FULLENRICH_KEY = `fe-delivery-${randomUUID()}`;
export const SURFE_SECRET = `surfe-delivery-${randomUUID()}`;
export const WIZA_KEY = `wiza-delivery-${randomUUID()}`;
export const IDWISE_AUTH: IdwiseSenderAuth = { type: 'bearer', token: `idwise-delivery-${randomUUID()}` };

/** A FullEnrich batch_finished callback with one contact; `key` is its enrichment id. */
export function fullEnrichDelivery(): Delivery {
	const id = randomUUID();
	const rawBody = JSON.stringify({
		id,
		name: 'delivery test',
		status: 'FINISHED',
		data: [{ input: { first_name: 'Ada' }, custom: { n8n_item_index: '0' }, contact_info: { most_probable_work_email: { email: `ada-${id.slice(0, 8)}@acme.example`, status: 'DELIVERABLE' } } }],
		cost: { credits: 1 },
	});
	return { key: id, rawBody, headers: () => ({ 'x-signature-sha1': signFullEnrichBody(rawBody, FULLENRICH_KEY) }) };
}

/** An IDWise event; `key` is its eventId. */
export function idwiseDelivery(): Delivery {
	const envelope = idwiseEvent('Finished Journey');
	const rawBody = JSON.stringify(envelope);
	return { key: String(envelope.body.eventId), rawBody, headers: () => authHeadersFor(IDWISE_AUTH) };
}

/** A Surfe person.enrichment.completed event; `key` is its enrichmentID. */
export function surfeDelivery(): Delivery {
	const externalID = randomUUID();
	const enrichmentID = randomUUID();
	const rawBody = JSON.stringify({
		eventType: 'person.enrichment.completed',
		data: { enrichmentID, person: { externalID, firstName: 'Ada', lastName: 'Lovelace', emails: [{ email: `ada-${externalID.slice(0, 8)}@acme.example`, validationStatus: 'VALID' }] } },
	});
	const timestamp = Date.now();
	return { key: enrichmentID, rawBody, headers: () => ({ 'x-surfe-signature': signSurfeBody(SURFE_SECRET, rawBody, timestamp) }) };
}

/** A Wiza reveal.finished callback (x-auth-key: SHA-256 of the API key); `key` is its reveal id. */
export function wizaDelivery(): Delivery {
	const id = randomInt(1, 2 ** 47);
	const rawBody = JSON.stringify({
		status: { code: 200, message: 'Single reveal finished' },
		type: 'individual_reveal',
		data: { id, status: 'finished', is_complete: true, enrichment_level: 'partial', name: 'Ada Lovelace', email: `ada-${id}@acme.example`, email_status: 'valid' },
	});
	return { key: String(id), rawBody, headers: () => ({ 'x-auth-key': sha256hex(WIZA_KEY) }) };
}

export type TriggerProvider = 'fullEnrich' | 'idwise' | 'surfe' | 'wiza';

/** Where each trigger's item carries the key of the delivery that started it. */
export const DELIVERY_KEY_OF: Record<TriggerProvider, (item: IDataObject) => string | undefined> = {
	fullEnrich: (item) => item.enrichment_id as string | undefined,
	idwise: (item) => item.eventId as string | undefined,
	surfe: (item) => item.enrichmentID as string | undefined,
	wiza: (item) => (item.reveal_id === undefined ? undefined : String(item.reveal_id)),
};

export interface TriggerWorkflow {
	workflowId: string;
	url: string;
}

/** `<Trigger> -> NoOp "Received"`, published; its production URL on `webhookBase`. */
export async function triggerWorkflow(n8n: N8nClient, provider: TriggerProvider, webhookBase: string): Promise<TriggerWorkflow> {
	const webhookId = randomUUID();
	let trigger;
	if (provider === 'fullEnrich') {
		const credential = await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey: FULLENRICH_KEY });
		trigger = node({ name: 'Trigger', type: n8n.nodeType('fullEnrichTrigger'), webhookId, credentials: { enrichmentWebhooksFullEnrichApi: credential } });
	} else if (provider === 'idwise') {
		const credential = await n8n.createCredential('enrichmentWebhooksIdwiseWebhookApi', { authType: 'bearerToken', token: (IDWISE_AUTH as { token: string }).token });
		trigger = node({ name: 'Trigger', type: n8n.nodeType('idwiseTrigger'), webhookId, parameters: { authentication: 'enrichmentWebhooksIdwiseWebhookApi' }, credentials: { enrichmentWebhooksIdwiseWebhookApi: credential } });
	} else if (provider === 'wiza') {
		const credential = await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: WIZA_KEY });
		trigger = node({ name: 'Trigger', type: n8n.nodeType('wizaTrigger'), webhookId, credentials: { enrichmentWebhooksWizaApi: credential } });
	} else {
		const credential = await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey: 'unused', webhookSecret: SURFE_SECRET });
		trigger = node({ name: 'Trigger', type: n8n.nodeType('surfeTrigger'), webhookId, parameters: { events: ['person.enrichment.completed'] }, credentials: { enrichmentWebhooksSurfeApi: credential } });
	}
	const workflow = await n8n.createWorkflow({ name: `delivery ${provider} ${webhookId}`, nodes: [trigger, noOpNode('Received')], connections: connect('Trigger', 'Received') });
	await n8n.activateWorkflow(workflow.id);
	return { workflowId: workflow.id, url: `${webhookBase}/webhook/${webhookId}/webhook` };
}

/** Executions per delivery key (read from each execution's stored items), and the executions that hold none. */
export async function executionsPerKey(n8n: N8nClient, workflowId: string, keyOf: (item: IDataObject) => string | undefined): Promise<{ perKey: Map<string, number>; executions: number; unreadable: number }> {
	const listed = await n8n.listExecutions(workflowId);
	// n8n 2.41's list pages by id but sorts by start time, so executions started out of id order
	// can fall between pages: every id inside the listed range that the list left out is read too.
	const ids = new Set(listed.map((execution) => Number(execution.id)));
	const gaps: string[] = [];
	for (let id = Math.min(...ids); id <= Math.max(...ids); id++) if (!ids.has(id)) gaps.push(String(id));
	const found = await inParallel(gaps, 6, async (id) => {
		const execution = await n8n.getExecution(id).catch(() => undefined);
		return execution && String(execution.workflowId) === String(workflowId) ? id : undefined;
	});
	const all = [...ids].map(String).concat(found.filter((id): id is string => id !== undefined));
	const perKey = new Map<string, number>();
	let unreadable = 0;
	await inParallel(all, 6, async (executionId) => {
		const items = await n8n.nodeOutput(executionId, 'Trigger').catch(() => []);
		const keys = new Set(items.map(keyOf).filter((key): key is string => typeof key === 'string'));
		if (keys.size === 0) unreadable++;
		for (const key of keys) perKey.set(key, (perKey.get(key) ?? 0) + 1);
	});
	return { perKey, executions: all.length, unreadable };
}

/** Waits until the workflow's execution count stops growing (n8n stores them asynchronously). */
export async function settledExecutionCount(n8n: N8nClient, workflowId: string, { quietMs = 4000, timeoutMs = 180_000 } = {}): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let since = Date.now();
	for (;;) {
		const all = await n8n.listExecutions(workflowId);
		const unfinished = all.filter((execution) => execution.status === 'new' || execution.status === 'running').length;
		if (all.length !== last) {
			last = all.length;
			since = Date.now();
		} else if (unfinished === 0 && Date.now() - since >= quietMs) {
			return last;
		}
		if (Date.now() > deadline) return last;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

/** Sends every delivery until it gets 2xx (at most `attempts` times), `concurrency` at once. */
export async function deliverAll(url: string, deliveries: Delivery[], concurrency: number, attempts = 1): Promise<Answer[][]> {
	return inParallel(deliveries, concurrency, async (delivery) => {
		const answers: Answer[] = [];
		for (let attempt = 0; attempt < attempts; attempt++) {
			const answer = await post(url, delivery.rawBody, delivery.headers());
			answers.push(answer);
			if (is2xx(answer)) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return answers;
	});
}
