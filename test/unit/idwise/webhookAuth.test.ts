// The IDWise webhook credential: each method accepts exactly the configured values and refuses
// wrong, missing and malformed ones without throwing; the local credential test catches values
// that could never match.
import { checkWebhookCredential, credentialProblems, verifyWebhookRequest } from '../../../nodes/IDWise/webhookAuth';

const basic = { authType: 'basicAuth', username: 'idwise', password: 'p4ss:word é' };
const bearer = { authType: 'bearerToken', token: 'tok_8d7f6e5d4c3b2a1' };
const headers = {
	authType: 'customHeaders',
	headers: { values: [{ name: 'X-Webhook-Key', value: 'k-123' }, { name: 'X-Tenant', value: 'acme' }] },
};

const basicHeader = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

describe('Basic auth', () => {
	it('accepts the configured username and password (a colon and non-ASCII in the password included)', () => {
		const outcome = verifyWebhookRequest(basic, { authorization: basicHeader('idwise', 'p4ss:word é') });
		expect(outcome.result).toEqual({ verified: true });
		expect(outcome.authHeaders).toEqual(['authorization']);
	});

	it.each([
		['wrong password', { authorization: basicHeader('idwise', 'p4ss:word e') }],
		['wrong username', { authorization: basicHeader('IDWise', 'p4ss:word é') }],
		['no header', {}],
		['empty header', { authorization: '' }],
		['Bearer instead of Basic', { authorization: 'Bearer p4ss' }],
		['not base64', { authorization: 'Basic ***' }],
		['no colon inside', { authorization: `Basic ${Buffer.from('idwise').toString('base64')}` }],
		['repeated header', { authorization: [basicHeader('idwise', 'p4ss:word é'), basicHeader('x', 'y')] }],
		['huge header', { authorization: `Basic ${'A'.repeat(100_000)}` }],
		['a number', { authorization: 42 }],
	])('refuses %s', (_label, requestHeaders) => {
		const outcome = verifyWebhookRequest(basic, requestHeaders as Record<string, unknown>);
		expect(outcome.result.verified).toBe(false);
	});

	it('refuses everything when the credential has an empty password', () => {
		const outcome = verifyWebhookRequest({ ...basic, password: '' }, { authorization: basicHeader('idwise', '') });
		expect(outcome.result.verified).toBe(false);
	});
});

describe('Bearer token', () => {
	it('accepts the configured token, whatever the case of "Bearer"', () => {
		expect(verifyWebhookRequest(bearer, { authorization: 'Bearer tok_8d7f6e5d4c3b2a1' }).result).toEqual({ verified: true });
		expect(verifyWebhookRequest(bearer, { authorization: 'bearer tok_8d7f6e5d4c3b2a1' }).result).toEqual({ verified: true });
	});

	it.each([
		['another token', { authorization: 'Bearer tok_8d7f6e5d4c3b2a2' }],
		['a prefix of the token', { authorization: 'Bearer tok_8d7f' }],
		['the token without "Bearer"', { authorization: 'tok_8d7f6e5d4c3b2a1' }],
		['Basic auth', { authorization: basicHeader('tok_8d7f6e5d4c3b2a1', '') }],
		['no header', {}],
		['"Bearer" alone', { authorization: 'Bearer ' }],
		['the token in another header', { 'x-token': 'tok_8d7f6e5d4c3b2a1' }],
	])('refuses %s', (_label, requestHeaders) => {
		expect(verifyWebhookRequest(bearer, requestHeaders as Record<string, unknown>).result.verified).toBe(false);
	});

	it('says what was wrong without repeating the secret', () => {
		const outcome = verifyWebhookRequest(bearer, { authorization: 'Bearer tok_8d7f6e5d4c3b2a2' });
		expect(outcome.result).toEqual({ verified: false, reason: 'Bearer token: the token does not match the credential' });
	});
});

describe('custom headers', () => {
	it('accepts a request carrying every configured header (names are case-insensitive)', () => {
		const outcome = verifyWebhookRequest(headers, { 'x-webhook-key': 'k-123', 'x-tenant': 'acme', 'x-other': 'anything' });
		expect(outcome.result).toEqual({ verified: true });
		expect(outcome.authHeaders).toEqual(['x-webhook-key', 'x-tenant']);
	});

	it.each([
		['one header missing', { 'x-webhook-key': 'k-123' }],
		['one value wrong', { 'x-webhook-key': 'k-123', 'x-tenant': 'acme2' }],
		['values swapped', { 'x-webhook-key': 'acme', 'x-tenant': 'k-123' }],
		['value differs in case', { 'x-webhook-key': 'K-123', 'x-tenant': 'acme' }],
		['no headers', {}],
		['a header repeated', { 'x-webhook-key': ['k-123', 'k-123'], 'x-tenant': 'acme' }],
	])('refuses %s', (_label, requestHeaders) => {
		expect(verifyWebhookRequest(headers, requestHeaders as Record<string, unknown>).result.verified).toBe(false);
	});

	it('refuses everything when no header is configured', () => {
		const outcome = verifyWebhookRequest({ authType: 'customHeaders', headers: { values: [] } }, { 'x-anything': '1' });
		expect(outcome.result.verified).toBe(false);
	});

	it('refuses everything for a credential of unknown shape', () => {
		for (const credential of [{}, { authType: 'oauth' }, { authType: 'customHeaders', headers: 'x' }, { authType: 'customHeaders', headers: { values: [null, 7] } }]) {
			expect(verifyWebhookRequest(credential as never, { authorization: 'Bearer x', 'x-anything': '1' }).result.verified).toBe(false);
		}
	});
});

describe('the local credential test', () => {
	it('passes complete values and says that IDWise itself cannot be asked', async () => {
		for (const credential of [basic, bearer, headers]) {
			const result = await checkWebhookCredential(credential);
			expect(result.status).toBe('OK');
			expect(result.message).toMatch(/Test Webhook/);
		}
	});

	it.each([
		['empty basic fields', { authType: 'basicAuth', username: '', password: '' }, /Username is empty.*Password is empty/],
		['a colon in the username', { authType: 'basicAuth', username: 'a:b', password: 'x' }, /":"/],
		['an empty token', { authType: 'bearerToken', token: '   ' }, /Token is empty/],
		['a token with outer spaces', { authType: 'bearerToken', token: ' abc' }, /spaces/],
		['no headers', { authType: 'customHeaders', headers: { values: [] } }, /No headers/],
		['a bad header name', { authType: 'customHeaders', headers: { values: [{ name: 'X Key', value: 'v' }] } }, /cannot have/],
		['a reserved header', { authType: 'customHeaders', headers: { values: [{ name: 'Content-Type', value: 'v' }] } }, /set by IDWise/],
		['a duplicate header', { authType: 'customHeaders', headers: { values: [{ name: 'X-A', value: '1' }, { name: 'x-a', value: '2' }] } }, /twice/],
		['an empty value', { authType: 'customHeaders', headers: { values: [{ name: 'X-A', value: '' }] } }, /empty value/],
		['a value with a line break', { authType: 'customHeaders', headers: { values: [{ name: 'X-A', value: 'a\nb' }] } }, /control characters/],
		['no authentication type', {}, /Choose an authentication type/],
	])('fails %s', async (_label, credential, message) => {
		const result = await checkWebhookCredential(credential);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	it('never puts a secret value in its messages', () => {
		const problems = credentialProblems({ authType: 'customHeaders', headers: { values: [{ name: 'X-A', value: ' s3cret-value ' }] } });
		expect(problems.join(' ')).not.toContain('s3cret-value');
	});
});
