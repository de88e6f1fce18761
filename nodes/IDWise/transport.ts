// How the IDWise nodes talk to IDWise's server API: the ProviderApi for the shared transport (Basic
// auth and base URL from the `enrichmentWebhooksIdwiseApi` credential), the documented paths, and IDWise's one
// published limit: at most one summary call every 2 seconds per journey.
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { unexpectedResponseError } from '../shared/errors';
import type { RateLimit } from '../shared/pacing';
import { parseWith } from '../shared/schema';
import { apiRequest, commonHint, type ProviderApi, type ProviderError, type RequestContext } from '../shared/transport';
import { idwiseErrorBodySchema, journeyResultSchema, journeySummarySchema } from './schemas';
import { IDWISE_REGION_BASE_URLS } from './regions';

export const START_JOURNEY_PATH = '/journey/v2/start-journey';

export const journeySummaryPath = (journeyId: string) => `/journey/v2/summary/${encodeURIComponent(journeyId)}`;

// UNCERTAIN PATH, the one place to change it. IDWise's reference has a "Get Journey Result" page
// (docs.idwise.com/reference/get-journey-result) but no stored copy shows its URL. Every documented
// v2 call lives under /journey/v2/ and names its object (`/journey/v2/summary/{id}`,
// `/journey/v2/start-journey`); the v1 call it replaced was `/journey/get/{id}` (legacy
// idwise.github.io sequence diagrams). `/journey/v2/result/{id}` follows the v2 pattern; if IDWise
// answers 404 for a journey that exists, try `/journey/v2/get/${id}` here.
export const journeyResultPath = (journeyId: string) => `/journey/v2/result/${encodeURIComponent(journeyId)}`;

/**
 * "The API should be called with an interval of at least 2 seconds" (get-journey-summary). The
 * pacer spaces the moments we send; IDWise measures the moments requests arrive, and a first
 * request that also opens the connection (TLS) arrives later than the next one on that
 * connection. 500 ms of margin keeps the arrivals 2 s apart too.
 */
export const PER_JOURNEY_LIMIT: RateLimit = { maxRequests: 1, windowMs: 2500 };

/**
 * The pace key for one journey. The summary and the result share it: the limit is documented for
 * the summary, and the result is the same journey's data, so both wait their turn together.
 */
export const journeyPace = (journeyId: string) => ({ key: `journey:${journeyId}`, limit: PER_JOURNEY_LIMIT });

export function describeIdwiseError(statusCode: number, body: unknown): ProviderError {
	const parsed = idwiseErrorBodySchema.safeParse(body);
	let message: string | undefined;
	let code: string | undefined;
	if (parsed.success) {
		const { error } = parsed.data;
		message = parsed.data.message ?? parsed.data.detail ?? parsed.data.error_message ?? (typeof error === 'string' ? error : error?.message);
		const rawCode = parsed.data.error_code ?? parsed.data.code ?? (typeof error === 'object' ? error?.code : undefined);
		if (rawCode !== undefined) code = String(rawCode);
	}
	return { message: message?.slice(0, 500), code: code?.slice(0, 100), hint: idwiseHint(statusCode) };
}

function idwiseHint(statusCode: number): string | undefined {
	switch (statusCode) {
		case 401:
			return 'Check the API key and secret in the IDWise credential (a Server key from IDWise Studio: Admin > API Keys) and its region.';
		case 403:
			return 'The key may be limited to other IP addresses (IDWise Studio: Whitelist IPs), be a Client key, or belong to another environment.';
		case 404:
			return 'Check the journey ID and the region: a journey only exists in the region (and environment) where it was started.';
		case 429:
			return 'IDWise asks for at least 2 seconds between calls for the same journey; retries ran out, try again later.';
		default:
			return commonHint('IDWise', statusCode);
	}
}

export const idwiseApi: ProviderApi = {
	displayName: 'IDWise',
	credentialType: 'enrichmentWebhooksIdwiseApi',
	defaultBaseUrl: IDWISE_REGION_BASE_URLS.eu,
	describeError: describeIdwiseError,
	// IDWise publishes no account-wide limit, only the per-journey one above (paced per call with
	// `journeyPace`). 5 requests a second per key keeps a large input modest.
	rateLimit: { maxRequests: 5, windowMs: 1000 },
};

/**
 * Inside a webhook the caller (IDWise) is waiting for our 200, so the trigger's summary fetch
 * retries less: a failure is reported on the item instead (see IdwiseTrigger.node.ts).
 */
export const idwiseApiForWebhooks: ProviderApi = { ...idwiseApi, maxAttempts: 3 };

export interface IdwiseCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	itemIndex?: number;
	/** Pace on one journey (IDWise: one call per 2 s per journey). */
	journeyId?: string;
	/** What the call is, for an error about an answer we cannot read ("the summary of journey X"). */
	what: string;
}

/** Sends one request to IDWise and returns its body, parsed by `schema` (unknown fields kept). */
export async function idwiseRequest<T>(
	this: RequestContext,
	call: IdwiseCall,
	schema: ZodType<T, ZodTypeDef, unknown>,
	api: ProviderApi = idwiseApi,
): Promise<T> {
	const { body } = await apiRequest.call(this, api, {
		method: call.method,
		path: call.path,
		body: call.body,
		itemIndex: call.itemIndex,
		extraPace: call.journeyId === undefined ? undefined : journeyPace(call.journeyId),
	});
	const parsed = parseWith(schema, body);
	if (!parsed.ok) throw unexpectedResponseError(this.getNode(), 'IDWise', call.what, parsed.problem, call.itemIndex);
	return parsed.value;
}

export async function getJourneySummary(this: RequestContext, journeyId: string, itemIndex?: number, api?: ProviderApi) {
	return await idwiseRequest.call(
		this,
		{ method: 'GET', path: journeySummaryPath(journeyId), itemIndex, journeyId, what: `the summary of journey ${journeyId}` },
		journeySummarySchema,
		api,
	);
}

export async function getJourneyResult(this: RequestContext, journeyId: string, itemIndex?: number) {
	return await idwiseRequest.call(
		this,
		{ method: 'GET', path: journeyResultPath(journeyId), itemIndex, journeyId, what: `the result of journey ${journeyId}` },
		journeyResultSchema,
	);
}
