import type { ICredentialType } from 'n8n-workflow';

import { apiRequest, backoffMs, baseUrlOf, commonHint, retryAfterMs, type ProviderApi } from '../../../nodes/shared/transport';
import { FakeServer, type FakeResponse } from '../../fakes/fakeServer';
import { createExecuteContext } from '../../support/nodeContext';

const API_KEY = 'transport-test-secret-9d8c7b';

const tinyCredential: ICredentialType = {
	name: 'tinyApi',
	displayName: 'Tiny API',
	properties: [],
	authenticate: { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } } },
};

/** A provider whose error body is `{ error: { text, code } }`, read by its own describeError. */
function tinyApi(overrides: Partial<ProviderApi> = {}): ProviderApi {
	return {
		displayName: 'Tiny',
		credentialType: 'tinyApi',
		defaultBaseUrl: 'http://127.0.0.1:9',
		describeError: (statusCode, body) => {
			const error = (body as { error?: { text?: string; code?: string } } | undefined)?.error;
			return { message: error?.text, code: error?.code, hint: commonHint('Tiny', statusCode) };
		},
		...overrides,
	};
}

/** Answers each request to /thing with the next scripted response (the last one repeats). */
async function scriptedServer(script: FakeResponse[]) {
	const server = new FakeServer();
	let calls = 0;
	server.route('GET', '/thing', () => script[Math.min(calls++, script.length - 1)]);
	server.route('POST', '/thing', (request) => ({ status: 201, body: { echoed: request.body, query: Object.fromEntries(request.query) } }));
	return server.start();
}

function contextFor(baseUrl: string | undefined) {
	return createExecuteContext({
		items: [{}],
		parameters: {},
		credentials: { tinyApi: baseUrl === undefined ? { apiKey: API_KEY } : { apiKey: API_KEY, baseUrl: `${baseUrl}/` } },
		credentialTypes: { tinyApi: tinyCredential },
	}).context;
}

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string; httpCode?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string; httpCode?: string };
	}
	throw new Error('expected the request to fail');
}

describe('apiRequest', () => {
	let server: FakeServer;

	afterEach(async () => {
		await server?.close();
	});

	it('authenticates with the credential type, joins the base URL and sends body and query', async () => {
		server = await scriptedServer([]);
		const response = await apiRequest.call(contextFor(server.baseUrl), tinyApi(), { method: 'POST', path: '/thing', body: { a: 1 }, qs: { segment: 'valid' } });
		expect(response).toEqual({ statusCode: 201, body: { echoed: { a: 1 }, query: { segment: 'valid' } } });
		expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(server.requests[0].path).toBe('/thing');
	});

	it("uses the provider's default address when the credential has no Base URL (another package's credential of the same name)", async () => {
		server = await scriptedServer([{ status: 200, body: { ok: 'default' } }]);
		const response = await apiRequest.call(contextFor(undefined), tinyApi({ defaultBaseUrl: server.baseUrl }), { method: 'GET', path: '/thing' });
		expect(response.body).toEqual({ ok: 'default' });
		expect(server.requests).toHaveLength(1);
	});

	it('waits out a 429 with Retry-After and returns the success', async () => {
		server = await scriptedServer([{ status: 429, headers: { 'retry-after': '0.05' }, body: { error: { text: 'slow down' } } }, { status: 200, body: { ok: true } }]);
		const response = await apiRequest.call(contextFor(server.baseUrl), tinyApi(), { method: 'GET', path: '/thing' });
		expect(response.body).toEqual({ ok: true });
		expect(server.requests).toHaveLength(2);
	});

	it('retries a 5xx (with backoff) and returns the success', async () => {
		server = await scriptedServer([{ status: 503, body: { error: { text: 'maintenance' } } }, { status: 200, body: { ok: 1 } }]);
		const response = await apiRequest.call(contextFor(server.baseUrl), tinyApi(), { method: 'GET', path: '/thing' });
		expect(response.body).toEqual({ ok: 1 });
		expect(server.requests).toHaveLength(2);
	});

	it('gives up after maxAttempts and says how many attempts it made', async () => {
		server = await scriptedServer([{ status: 429, headers: { 'retry-after': '0' }, body: { error: { text: 'quota', code: 'rate_limited' } } }]);
		const error = await failure(apiRequest.call(contextFor(server.baseUrl), tinyApi({ maxAttempts: 3 }), { method: 'GET', path: '/thing' }));
		expect(server.requests).toHaveLength(3);
		expect(error.message).toBe('Tiny: quota [rate_limited]');
		expect(error.description).toBe('Tiny answered HTTP 429 (after 3 attempts). Tiny rate limit reached and retries ran out; run again later or send fewer requests.');
		expect(error.httpCode).toBe('429');
	});

	it('does not retry a 429 the provider marks as not retryable', async () => {
		server = await scriptedServer([{ status: 429, headers: { 'retry-after': '0' }, body: { error: { text: 'monthly quota used' } } }]);
		const api = tinyApi({ describeError: () => ({ message: 'monthly quota used', retryable: false }) });
		await expect(apiRequest.call(contextFor(server.baseUrl), api, { method: 'GET', path: '/thing' })).rejects.toThrow('Tiny: monthly quota used');
		expect(server.requests).toHaveLength(1);
	});

	it.each([400, 401, 403, 404, 422])('does not retry %i and maps it to the provider message and hint', async (status) => {
		server = await scriptedServer([{ status, body: { error: { text: `refused ${status}`, code: `E${status}` } } }]);
		const error = await failure(apiRequest.call(contextFor(server.baseUrl), tinyApi(), { method: 'GET', path: '/thing', itemIndex: 0 }));
		expect(server.requests).toHaveLength(1);
		expect(error.message).toBe(`Tiny: refused ${status} [E${status}]`);
		expect(error.description).toContain(`Tiny answered HTTP ${status}.`);
		expect(error.httpCode).toBe(String(status));
		expect(`${error.message} ${error.description}`).not.toContain(API_KEY);
	});

	it('falls back to "HTTP <status>" when the body is not the provider shape', async () => {
		server = await scriptedServer([{ status: 400, body: '<html>bad gateway</html>' }]);
		const error = await failure(apiRequest.call(contextFor(server.baseUrl), tinyApi(), { method: 'GET', path: '/thing' }));
		expect(error.message).toBe('Tiny: HTTP 400');
	});

	it('retries a refused connection, then says the provider could not be reached, without the key', async () => {
		server = await scriptedServer([]);
		const baseUrl = server.baseUrl;
		await server.close();
		const error = await failure(apiRequest.call(contextFor(baseUrl), tinyApi({ maxAttempts: 2 }), { method: 'GET', path: '/thing' }));
		expect(error.message).toBe(`Tiny could not be reached at ${baseUrl}`);
		expect(error.description).toMatch(/Check the Base URL in the Tiny credential/);
		expect(`${error.message} ${error.description}`).not.toContain(API_KEY);
	});
});

describe('retryAfterMs', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');

	it.each([
		['seconds', '3', 3000],
		['fractional seconds', '0.25', 250],
		['a number', 2, 2000],
		['an HTTP date', 'Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
		['a past HTTP date', 'Wed, 31 Dec 2025 23:59:00 GMT', 0],
		['an array (first value wins)', ['1', '9'], 1000],
	])('reads %s', (_case, value, expected) => {
		expect(retryAfterMs(value, now)).toBe(expected);
	});

	it.each([undefined, null, '', 'soon', '-5', '1e3', {}, []])('ignores %p', (value) => {
		expect(retryAfterMs(value, now)).toBeUndefined();
	});
});

describe('small helpers', () => {
	it('baseUrlOf trims trailing slashes and falls back when empty', () => {
		expect(baseUrlOf({ baseUrl: 'https://api.example.com///' }, 'x')).toBe('https://api.example.com');
		expect(baseUrlOf({ baseUrl: '  ' }, 'https://fallback.example.com/')).toBe('https://fallback.example.com');
		expect(baseUrlOf({}, 'https://fallback.example.com')).toBe('https://fallback.example.com');
	});

	it('backoffMs grows and is capped', () => {
		expect(backoffMs(1)).toBeGreaterThanOrEqual(1000);
		expect(backoffMs(3)).toBeGreaterThanOrEqual(4000);
		expect(backoffMs(30)).toBeLessThan(30_250);
	});

	it('commonHint covers the shared statuses and 5xx', () => {
		expect(commonHint('Tiny', 401)).toMatch(/API key/);
		expect(commonHint('Tiny', 502)).toMatch(/server error/);
		expect(commonHint('Tiny', 418)).toBeUndefined();
	});
});
