// Answers shared by every trigger's `webhook()`.
import { recordConsumedAuth } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INodeExecutionData, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { VerificationResult } from './verification';

/** The exact bytes received; signatures are computed over these, never over re-serialised JSON. */
export async function rawBodyOf(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = context.getRequestObject();
	if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
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
 * The one POST endpoint every trigger listens on (`/webhook/<webhookId>/webhook`). Every trigger
 * answers each request itself (answerAndStart, rejectUnverified, acknowledgeIgnored), so n8n's own
 * answer is never sent. `responseData` is still read by n8n 2.41 for every request, before
 * `webhook()` runs (n8n/dist/webhooks/webhook-helpers.js, evaluateResponseOptions), so it must not
 * be an expression: an expression there costs an expression isolate per request, which n8n can
 * otherwise skip (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, see docs/benchmarks.md). 'noData' (an
 * empty body) rather than n8n's default 'firstEntryJson', which it would send as literal text.
 */
export const providerCallbackWebhooks: IWebhookDescription[] = [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' }];

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
 * Answers 200 `{received: true}` itself and starts the execution with `items`. Every trigger
 * accepts this way, for two reasons seen in n8n 2.41.1:
 * - Static data: n8n saves a production webhook's static data in the callback that sends its
 *   answer (webhooks/live-webhooks.js). When n8n answers for the node ("onReceived"), that runs
 *   after the execution was set up, and setting it up (workflow-runner.js,
 *   establishContextForPersistence) wraps the static data again and clears its "changed" flag:
 *   the change is silently not saved. Answering here runs the save first (test/e2e/idwise.test.ts).
 * - Control: the answer is ours (200 `{received: true}`), whatever n8n would send by default.
 * The provider gets its 200 a few milliseconds before n8n records the execution.
 */
export function answerAndStart(context: IWebhookFunctions, items: INodeExecutionData[], body: IDataObject = { received: true }): IWebhookResponseData {
	context.getResponseObject().status(200).json(body);
	return { noWebhookResponse: true, workflowData: [items] };
}
