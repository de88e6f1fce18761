// How the Wiza node talks to Wiza: the ProviderApi for the shared transport, and one helper that
// sends a request and parses the answer with a schema.
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { unexpectedResponseError } from '../shared/errors';
import { parseWith } from '../shared/schema';
import { apiRequest, commonHint, type ProviderApi, type ProviderError, type RequestContext } from '../shared/transport';
import { wizaErrorBodySchema } from './schemas';

export const WIZA_DEFAULT_BASE_URL = 'https://wiza.co';

/** Wiza's error body is `{ status: { code, message } }` (docs.wiza.co status codes page). */
export function describeWizaError(statusCode: number, body: unknown): ProviderError {
	const parsed = wizaErrorBodySchema.safeParse(body);
	const message = parsed.success ? parsed.data.status.message : undefined;
	const code = parsed.success && parsed.data.status.code !== undefined ? String(parsed.data.status.code) : undefined;
	return { message, code, hint: wizaHint(statusCode) };
}

function wizaHint(statusCode: number): string | undefined {
	switch (statusCode) {
		case 400:
			return 'Wiza did not accept the request: check the input fields (a LinkedIn URL, an email, or a full name with a company or domain).';
		case 401:
			return 'Check the API key in the Wiza credential (Wiza: Settings > API).';
		case 403:
			return 'Your Wiza plan or API key does not allow this request; check API access in Wiza.';
		default:
			return commonHint('Wiza', statusCode);
	}
}

export const wizaApi: ProviderApi = {
	displayName: 'Wiza',
	credentialType: 'enrichmentWebhooksWizaApi',
	defaultBaseUrl: WIZA_DEFAULT_BASE_URL,
	describeError: describeWizaError,
	// Wiza publishes no rate limit, only "429 = usage limits exceeded". 5 requests a second per
	// API key keeps a large input from hammering the API (the official Wiza node polls far slower)
	// while a normal workflow never notices; a 429 is still waited out by the shared transport.
	rateLimit: { maxRequests: 5, windowMs: 1000 },
};

/** Sends one request to Wiza and returns its body, parsed by `schema` (unknown fields kept). */
export async function wizaRequest<T>(
	context: RequestContext,
	request: { method: IHttpRequestMethods; path: string; body?: IDataObject; qs?: IDataObject; itemIndex: number; what: string },
	schema: ZodType<T, ZodTypeDef, unknown>,
): Promise<T> {
	const response = await apiRequest.call(context, wizaApi, request);
	const parsed = parseWith(schema, response.body);
	if (!parsed.ok) throw unexpectedResponseError(context.getNode(), 'Wiza', request.what, parsed.problem, request.itemIndex);
	return parsed.value;
}
