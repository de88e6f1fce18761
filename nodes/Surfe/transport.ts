// Surfe's side of the shared transport: auth by the `enrichmentWebhooksSurfeApi` credential, base URL from it,
// Surfe's rate limit kept client-side, and responses parsed at the edge.
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { unexpectedResponseError } from '../shared/errors';
import { parseWith } from '../shared/schema';
import { apiRequest, type ProviderApi, type RequestContext } from '../shared/transport';
import { describeSurfeError } from './errors';

export const SURFE_DEFAULT_BASE_URL = 'https://api.surfe.com';

export const surfeApi: ProviderApi = {
	displayName: 'Surfe',
	credentialType: 'enrichmentWebhooksSurfeApi',
	defaultBaseUrl: SURFE_DEFAULT_BASE_URL,
	describeError: describeSurfeError,
	// "10 requests per second per user, with bursts up to 20" (developers.surfe.com, rate limits):
	// pacing at the sustained rate never needs the burst allowance. A 429 that still happens (other
	// workflows on the same key) is waited out by the transport; Surfe sends no Retry-After.
	rateLimit: { maxRequests: 10, windowMs: 1000 },
	// Surfe documents an optional `X-Request-Origin` header to tell request sources apart.
	headers: { 'X-Request-Origin': 'n8n-nodes-enrichment-webhooks' },
};

export interface SurfeCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	itemIndex?: number;
	/** What the call is, for an error about an answer we cannot read ("the enrichment start"). */
	what: string;
}

/** Sends one request to Surfe; returns its body parsed by `schema` (unknown fields kept) and as received. */
export async function surfeRequestWithRaw<T>(
	context: RequestContext,
	call: SurfeCall,
	schema: ZodType<T, ZodTypeDef, unknown>,
): Promise<{ parsed: T; raw: unknown }> {
	const { body } = await apiRequest.call(context, surfeApi, { method: call.method, path: call.path, body: call.body, itemIndex: call.itemIndex });
	const parsed = parseWith(schema, body);
	if (!parsed.ok) throw unexpectedResponseError(context.getNode(), 'Surfe', call.what, parsed.problem, call.itemIndex);
	return { parsed: parsed.value, raw: body };
}

export async function surfeRequest<T>(context: RequestContext, call: SurfeCall, schema: ZodType<T, ZodTypeDef, unknown>): Promise<T> {
	return (await surfeRequestWithRaw(context, call, schema)).parsed;
}
