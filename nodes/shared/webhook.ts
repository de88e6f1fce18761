// Answers shared by every trigger's `webhook()`.
import { recordConsumedAuth } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INodeExecutionData, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

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

/**
 * The one POST endpoint every trigger listens on (`/webhook/<webhookId>/webhook`), answered as soon
 * as it is received. `responseData` is needed: without it n8n 2.41 answers an accepted delivery
 * with the literal text "firstEntryJson" (n8n/dist/webhooks/webhook-helpers.js evaluates
 * responseData with that default and sends it as the body).
 */
export const providerCallbackWebhooks: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '={{ { "received": true } }}', path: 'webhook' },
];

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
 * Answers 200 `{received: true}` itself and starts the execution with `items`. Every trigger
 * accepts this way, for two reasons seen in n8n 2.41.1:
 * - Static data: n8n saves a production webhook's static data in the callback that sends its
 *   answer (webhooks/live-webhooks.js). When n8n answers for the node ("onReceived"), that runs
 *   after the execution was set up, and setting it up (workflow-runner.js,
 *   establishContextForPersistence) wraps the static data again and clears its "changed" flag:
 *   the change is silently not saved. Answering here runs the save first (test/e2e/idwise.test.ts).
 * - Cost: n8n evaluates the webhook's `responseData` expression in an isolate for every request
 *   it answers itself; answering here skips that (test/bench/, `npm run bench:n8n`).
 * The provider gets its 200 a few milliseconds before n8n records the execution.
 */
export function answerAndStart(context: IWebhookFunctions, items: INodeExecutionData[], body: IDataObject = { received: true }): IWebhookResponseData {
	context.getResponseObject().status(200).json(body);
	return { noWebhookResponse: true, workflowData: [items] };
}
