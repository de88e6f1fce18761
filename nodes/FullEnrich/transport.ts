// How the FullEnrich node talks to FullEnrich: the ProviderApi for the shared transport (pace,
// 429 handling, error wording) and one helper that sends a request and parses the answer.
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { unexpectedResponseError } from '../shared/errors';
import { parseWith } from '../shared/schema';
import { apiRequest, commonHint, type ProviderApi, type ProviderError, type RequestContext } from '../shared/transport';
import { errorBodySchema } from './schemas';

export const FULLENRICH_DEFAULT_BASE_URL = 'https://app.fullenrich.com/api/v2';

/** What the user can do about each documented error code (v2 OpenAPI examples, official node). */
const HINTS: Record<string, string> = {
	'error.authorization.not_set': 'Check the API key in the FullEnrich credential (FullEnrich: Settings > API).',
	'error.authorization.not_bearer': 'Check the API key in the FullEnrich credential (FullEnrich: Settings > API).',
	'error.api.key': 'FullEnrich does not know this API key. Copy it again from Settings > API in FullEnrich.',
	'error.rate.limit':
		'FullEnrich allows 60 requests a minute per workspace, shared by every workflow and tool using it. The node waited and retried; run again later or send fewer requests.',
	'error.enrichment.name.empty': 'Set Options > Enrichment Name (or leave it unset for the default).',
	'error.enrichment.webhook_url': 'Webhook URLs must start with http:// or https://.',
	'error.enrichment.data.empty': 'The batch had no contacts.',
	'error.enrichment.first_name.empty': 'Each contact needs a LinkedIn URL, or a first name, last name and company domain or name.',
	'error.enrichment.last_name.empty': 'Each contact needs a LinkedIn URL, or a first name, last name and company domain or name.',
	'error.enrichment.domain.empty': 'Each contact needs a LinkedIn URL, or a first name, last name and company domain or name.',
	'error.enrichment.domain.invalid': 'Check the Company Domain (a bare domain such as example.com).',
	'error.enrichment.linkedin_url.invalid': 'Check the LinkedIn URL (https://www.linkedin.com/in/...).',
	'error.linkedin.malformated': 'Check the LinkedIn URL (https://www.linkedin.com/in/...).',
	'error.enrichment.enrich_fields.empty': 'Choose at least one of Fields to Enrich.',
	'error.enrichment.enrich_field.value': 'Fields to Enrich accepts work emails, personal emails and phones.',
	'error.enrichment.custom.key.exceeded': 'FullEnrich accepts at most 10 custom fields per contact, the correlation fields included.',
	'error.enrichment.custom.value.exceeded': 'FullEnrich accepts at most 100 characters per custom field value.',
	'error.enrichment.not_found': 'Check the enrichment ID. FullEnrich keeps results for 3 months.',
	'error.reverse.email.not_found': 'Check the enrichment ID of the reverse email lookup. FullEnrich keeps results for 3 months.',
	'error.enrichment.in_progress':
		'The enrichment has not finished. Let the FullEnrich Trigger receive the result, try later, or turn on Force Results to get what is found so far.',
	'error.reverse.email.empty': 'Each item needs an email address.',
	'error.reverse.email.invalid': 'Check the email address.',
};

/** FullEnrich's error body is `{ code, message }` (v2 OpenAPI `Error`). */
export function describeFullEnrichError(statusCode: number, body: unknown): ProviderError {
	const parsed = parseWith(errorBodySchema, body);
	const code = parsed.ok ? parsed.value.code : undefined;
	const message = parsed.ok ? parsed.value.message : undefined;
	const hint =
		(code ? HINTS[code] : undefined) ??
		(statusCode === 402 ? 'The FullEnrich workspace is out of credits; add credits in FullEnrich, then run again.' : commonHint('FullEnrich', statusCode));
	return { code, message, hint };
}

export const fullEnrichApi: ProviderApi = {
	displayName: 'FullEnrich',
	credentialType: 'enrichmentWebhooksFullEnrichApi',
	defaultBaseUrl: FULLENRICH_DEFAULT_BASE_URL,
	describeError: describeFullEnrichError,
	// docs.fullenrich.com/implement-in-product/speed-volume: 60 requests a minute per workspace,
	// every endpoint and polling included. The pacer keeps this process inside it.
	rateLimit: { maxRequests: 60, windowMs: 60_000 },
	// A 429 carries no Retry-After, only "Too many requests. Try again in 1m" (v2 OpenAPI).
	rateLimitedWaitMs: 60_000,
};

export interface FullEnrichRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex: number;
	/** Shown if the answer cannot be read: "FullEnrich answered <what> with data ...". */
	what: string;
}

/** Sends one request to FullEnrich and returns its body, parsed by `schema` (unknown fields kept). */
export async function fullEnrichRequest<T>(context: IExecuteFunctions, request: FullEnrichRequest, schema: ZodType<T, ZodTypeDef, unknown>): Promise<T> {
	const { what, ...apiCall } = request;
	const response = await apiRequest.call(context, fullEnrichApi, apiCall);
	return parseFullEnrichAnswer(context, schema, response.body, what, request.itemIndex);
}

export function parseFullEnrichAnswer<T>(context: RequestContext, schema: ZodType<T, ZodTypeDef, unknown>, body: unknown, what: string, itemIndex: number): T {
	const parsed = parseWith(schema, body);
	if (!parsed.ok) throw unexpectedResponseError(context.getNode(), 'FullEnrich', what, parsed.problem, itemIndex);
	return parsed.value;
}
