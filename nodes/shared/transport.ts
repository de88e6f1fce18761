// The one way nodes talk HTTP to a provider: credential auth through n8n's helpers, client-side
// pacing, retries with backoff on 429/5xx (honouring Retry-After), and provider errors turned into
// NodeApiError with the provider's own message and code. Error texts never contain a secret: they
// are built from the provider's answer and our own words, never from the request options.
import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';

import { CLIENT_HEADERS } from './clientIdentity';
import { pacerFor, type RateLimit } from './pacing';

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export interface ProviderError {
	message?: string;
	code?: string;
	/** What the user can do about it, shown as the error's description. */
	hint?: string;
	/** False stops retrying a status that is normally retried (e.g. a 429 that means "quota"). */
	retryable?: boolean;
}

export interface ProviderApi {
	/** Shown in error messages: "Wiza: Invalid API key." */
	displayName: string;
	credentialType: string;
	/**
	 * The provider's real API address, used when the credential has no `baseUrl` (a credential saved
	 * by another version, or one whose type another package also declares).
	 */
	defaultBaseUrl: string;
	/** Reads the provider's error body; each provider words its errors differently. */
	describeError: (statusCode: number, body: unknown) => ProviderError;
	rateLimit?: RateLimit;
	/** Attempts in all, for retryable failures. */
	maxAttempts?: number;
	/** Wait before retrying a 429 that carries no Retry-After (FullEnrich says "try again in 1m"). */
	rateLimitedWaitMs?: number;
	/** Extra headers on every request (a provider's own client header; the User-Agent is added for all). */
	headers?: Record<string, string>;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's base URL, starting with `/`. */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	itemIndex?: number;
	/** Pace on a narrower key too (IDWise: one summary call per 2 s per journey). */
	extraPace?: { key: string; limit: RateLimit };
}

export interface ApiResponse<T = unknown> {
	statusCode: number;
	body: T;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_WAIT_MS = 65_000;

export function baseUrlOf(credentials: IDataObject, fallback: string): string {
	const configured = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== '' ? credentials.baseUrl : fallback;
	return configured.trim().replace(/\/+$/, '');
}

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), if it has one. */
export function retryAfterMs(headerValue: unknown, nowMs = Date.now()): number | undefined {
	const value = Array.isArray(headerValue) ? headerValue[0] : headerValue;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	// An HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT") has letters; bare junk like "-5" would
	// otherwise parse as a year.
	if (!/[A-Za-z]/.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function backoffMs(attempt: number): number {
	return Math.min(1000 * 2 ** (attempt - 1), 30_000) + Math.floor(Math.random() * 250);
}

const isRetryableStatus = (status: number) => status === 429 || status >= 500;

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** Sends one request and returns the parsed body and status; throws NodeApiError on failure. */
export async function apiRequest<T = unknown>(this: RequestContext, api: ProviderApi, request: ApiRequest): Promise<ApiResponse<T>> {
	const credentials = await this.getCredentials(api.credentialType, request.itemIndex);
	const baseUrl = baseUrlOf(credentials, api.defaultBaseUrl);
	const accountKey = String(credentials.apiKey ?? credentials.username ?? baseUrl);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		json: true,
		headers: { Accept: 'application/json', ...CLIENT_HEADERS, ...api.headers },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const maxAttempts = api.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

	for (let attempt = 1; ; attempt++) {
		if (api.rateLimit) await pacerFor(`${api.credentialType}:${baseUrl}`, accountKey, api.rateLimit).acquire();
		if (request.extraPace) await pacerFor(`${api.credentialType}:${baseUrl}:${request.extraPace.key}`, accountKey, request.extraPace.limit).acquire();

		let response: FullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, api.credentialType, options)) as FullResponse;
		} catch (error) {
			// No HTTP answer at all (refused, reset, DNS): retried like a 5xx.
			if (attempt < maxAttempts) {
				await sleep(backoffMs(attempt));
				continue;
			}
			throw new NodeApiError(this.getNode(), { message: (error as Error).message } as JsonObject, {
				message: `${api.displayName} could not be reached at ${baseUrl}`,
				description: `${(error as Error).message}. Check the Base URL in the ${api.displayName} credential and the network between n8n and ${api.displayName}.`,
				itemIndex: request.itemIndex,
			});
		}

		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) return { statusCode, body: response.body as T };

		const described = api.describeError(statusCode, response.body);
		const retryable = isRetryableStatus(statusCode) && described.retryable !== false;
		if (retryable && attempt < maxAttempts) {
			const waitMs = retryAfterMs(response.headers['retry-after']) ?? (statusCode === 429 && api.rateLimitedWaitMs ? api.rateLimitedWaitMs : backoffMs(attempt));
			await sleep(Math.min(waitMs, MAX_WAIT_MS));
			continue;
		}
		throw providerError(this, api, statusCode, response.body, described, request.itemIndex, attempt);
	}
}

function providerError(
	context: RequestContext,
	api: ProviderApi,
	statusCode: number,
	body: unknown,
	described: ProviderError,
	itemIndex: number | undefined,
	attempts: number,
): NodeApiError {
	const providerMessage = described.message ?? `HTTP ${statusCode}`;
	const code = described.code ? ` [${described.code}]` : '';
	const retried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	return new NodeApiError(context.getNode(), (typeof body === 'object' && body !== null ? body : { body: String(body ?? '') }) as JsonObject, {
		message: `${api.displayName}: ${providerMessage}${code}`,
		description: `${api.displayName} answered HTTP ${statusCode}${retried}.${described.hint ? ` ${described.hint}` : ''}`,
		httpCode: String(statusCode),
		itemIndex,
	});
}

/** Default hints for the statuses every provider shares. */
export function commonHint(displayName: string, statusCode: number): string | undefined {
	switch (statusCode) {
		case 401:
			return `Check the API key in the ${displayName} credential.`;
		case 403:
			return `The ${displayName} account behind this credential may not have access to this feature.`;
		case 404:
			return 'Check the ID: the record does not exist or belongs to another account.';
		case 429:
			return `${displayName} rate limit reached and retries ran out; run again later or send fewer requests.`;
		default:
			return statusCode >= 500 ? `${displayName} had a server error; retries ran out, try again later.` : undefined;
	}
}
