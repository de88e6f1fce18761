// Answers shared by every trigger's `webhook()`.
import { recordConsumedAuth, WEBHOOK_RESOLVERS } from 'n8n-workflow';

import type { IHookFunctions, INodeExecutionData, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { markPendingDeliveriesChanged } from './deliveryMemory';
import type { VerificationResult } from './verification';

/**
 * The exact bytes received; signatures are computed over these, never over re-serialised JSON.
 * `undefined` when n8n kept no bytes, and never throws: n8n 2.41 parses a `multipart/form-data`
 * request itself before the node runs (webhooks/webhook-helpers.js `parseRequestBody`, formidable),
 * which consumes the stream, and its `readRawBody` then throws "Request body stream was aborted or
 * is not readable". A throw here would become n8n's 500 and an error execution; without bytes the
 * signature check refuses the request (401) instead.
 */
export async function rawBodyOf(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = context.getRequestObject();
	if (request.rawBody) return request.rawBody;
	if (typeof request.readRawBody !== 'function') return undefined;
	try {
		await request.readRawBody();
	} catch {
		return undefined;
	}
	return request.rawBody;
}

/**
 * The body as JSON, read from the exact bytes received (the bytes a signature was checked over);
 * n8n's own parse is used only when there are no bytes. `ok: false` when the bytes are not JSON.
 */
export function jsonBodyOf(rawBody: Buffer | undefined, parsedByN8n: unknown): { ok: true; value: unknown } | { ok: false } {
	if (rawBody === undefined || rawBody.length === 0) return { ok: true, value: parsedByN8n };
	try {
		return { ok: true, value: JSON.parse(rawBody.toString('utf8')) };
	} catch {
		return { ok: false };
	}
}

/** 401 with no execution: the request could not prove it came from the provider. */
export function rejectUnverified(context: IWebhookFunctions, result: VerificationResult & { verified: false }, provider: string): IWebhookResponseData {
	context.logger.debug(`${provider} webhook refused: ${result.reason}`);
	const response = context.getResponseObject();
	response.status(401).json({ message: 'Unauthorized', reason: result.reason });
	return { noWebhookResponse: true };
}

/**
 * Marks the auth headers as consumed so n8n redacts them from anything it stores about this
 * request (n8n-workflow `auth-redaction`). Our items never copy headers either.
 */
export function markAuthHeadersConsumed(context: IWebhookFunctions, headerNames: string[]): void {
	recordConsumedAuth(context.getRequestObject(), headerNames);
}

/** 200 and no execution: a genuine call for an event the user did not select. */
export function acknowledgeIgnored(context: IWebhookFunctions, reason: string): IWebhookResponseData {
	context.getResponseObject().status(200).json({ received: true, ignored: reason });
	return { noWebhookResponse: true };
}

const RECEIVED_TEMPLATE = '={{ { "received": true } }}';

/**
 * The one POST endpoint every trigger listens on (`/webhook/<webhookId>/webhook`). n8n answers an
 * accepted delivery itself ("onReceived"), and only once the execution is stored
 * (n8n/dist/webhooks/webhook-helpers.js awaits WorkflowRunner.run before it answers; when storing
 * fails it answers 500 and the provider retries).
 * - `responseData` is needed: without it n8n answers with the literal text "firstEntryJson".
 *   A native resolver gives n8n the value without its expression engine when the node's
 *   parameters hold no expression.
 * - `responseData` is read again right after the execution is stored and just before n8n saves
 *   the workflow's static data (webhooks/live-webhooks.js): that read is the moment changes made
 *   by `webhook()` can be marked again, after n8n's run set-up cleared their "changed" flag
 *   (see ./deliveryMemory.ts).
 */
const callbackWebhook: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	path: 'webhook',
	[WEBHOOK_RESOLVERS]: { responseData: { template: RECEIVED_TEMPLATE, resolve: () => ({ received: true }) } },
};
Object.defineProperty(callbackWebhook, 'responseData', {
	enumerable: true,
	get() {
		markPendingDeliveriesChanged();
		return RECEIVED_TEMPLATE;
	},
});

export const providerCallbackWebhooks: IWebhookDescription[] = [callbackWebhook];

/**
 * The type versions of every trigger. Version 2 behaves exactly like version 1 for our triggers;
 * it exists because n8n 2.41 evaluates an expression for every request to a version-1 start node
 * (`$parameter["options"]["binaryData"]`, parseRequestBody in n8n/dist/webhooks/webhook-helpers.js),
 * which takes an expression isolate even when n8n is told to take isolates only when an
 * expression needs one (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true). From version 2 on, a request
 * costs no isolate there (docs/benchmarks.md). Workflows saved with version 1 keep it and work.
 */
export const triggerVersions = { version: [1, 2], defaultVersion: 2 };

/**
 * Lifecycle of a webhook the user pastes into the provider (none of our providers has an API to
 * register one): there is nothing to check, create or delete on the provider's side.
 */
export const webhookPastedIntoProvider = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};

/**
 * Accepts the delivery: n8n stores the execution with `items`, then answers 200
 * `{"received": true}`; if it cannot store it (database busy or down, queue unreachable) it
 * answers 500, so the provider retries. A 2xx therefore means the execution is stored.
 */
export function acceptAndStart(items: INodeExecutionData[]): IWebhookResponseData {
	return { workflowData: [items] };
}
