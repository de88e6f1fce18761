// The fake FullEnrich itself keeps the documented contract (so the node tests prove something).
import { FakeFullEnrich, FULLENRICH_TEST_KEY } from '../../fakes/fullenrich';

describe('fake FullEnrich contract', () => {
	let fake: FakeFullEnrich;
	beforeEach(async () => {
		fake = await new FakeFullEnrich({ autoProcess: false, rateLimit: { maxRequests: 60, windowMs: 60_000 } }).start();
	});
	afterEach(async () => fake.close());

	const call = async (method: string, path: string, body?: unknown, authorization: string | null = `Bearer ${FULLENRICH_TEST_KEY}`) => {
		const response = await fetch(`${fake.baseUrl}${path}`, {
			method,
			headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};
	const contact = { first_name: 'Jane', last_name: 'Doe', domain: 'acme.io', enrich_fields: ['contact.work_emails'] };
	const enrich = (overrides: Record<string, unknown>) => call('POST', '/contact/enrich/bulk', { name: 'n', data: [contact], ...overrides });

	it.each([
		[null, 'error.authorization.not_set'],
		['Token abc', 'error.authorization.not_bearer'],
		['Bearer wrong', 'error.api.key'],
	])('answers 401 with the documented code for Authorization %p', async (authorization, code) => {
		expect(await call('GET', '/account/keys/verify', undefined, authorization)).toMatchObject({ status: 401, body: { code } });
	});

	it('verifies the key and reports credits', async () => {
		expect(await call('GET', '/account/keys/verify')).toMatchObject({ status: 200, body: { workspace_id: expect.any(String) } });
		expect(await call('GET', '/account/credits')).toEqual({ status: 200, body: { balance: 5000 } });
	});

	it.each([
		['an empty name', { name: ' ' }, 'error.enrichment.name.empty'],
		['no data', { data: [] }, 'error.enrichment.data.empty'],
		['101 contacts', { data: Array.from({ length: 101 }, () => contact) }, 'error.enrichment.data.exceeded'],
		['a missing first name', { data: [{ ...contact, first_name: '' }] }, 'error.enrichment.first_name.empty'],
		['a missing last name', { data: [{ ...contact, last_name: undefined }] }, 'error.enrichment.last_name.empty'],
		['no domain nor company', { data: [{ ...contact, domain: '' }] }, 'error.enrichment.domain.empty'],
		['no enrich fields', { data: [{ ...contact, enrich_fields: [] }] }, 'error.enrichment.enrich_fields.empty'],
		['a bad enrich field', { data: [{ ...contact, enrich_fields: ['contact.emails'] }] }, 'error.enrichment.enrich_field.value'],
		['11 custom keys', { data: [{ ...contact, custom: Object.fromEntries(Array.from({ length: 11 }, (_u, i) => [`k${i}`, 'v'])) }] }, 'error.enrichment.custom.key.exceeded'],
		['a 101-character custom value', { data: [{ ...contact, custom: { a: 'x'.repeat(101) } }] }, 'error.enrichment.custom.value.exceeded'],
		['a number in custom', { data: [{ ...contact, custom: { a: 1 } }] }, 'error.enrichment.custom.value.type'],
		['a non-http webhook URL', { webhook_url: 'ftp://x' }, 'error.enrichment.webhook_url'],
		['a bad LinkedIn URL', { data: [{ linkedin_url: 'https://example.com/in/x', enrich_fields: ['contact.phones'] }] }, 'error.enrichment.linkedin_url.invalid'],
	])('refuses %s with 400 %s', async (_name, overrides, code) => {
		expect(await enrich(overrides)).toMatchObject({ status: 400, body: { code, message: expect.any(String) } });
		expect(fake.enrichments.size).toBe(0);
	});

	it('accepts exactly 100 contacts, 10 custom keys and 100-character values', async () => {
		const custom = Object.fromEntries(Array.from({ length: 10 }, (_u, i) => [`k${i}`, 'x'.repeat(100)]));
		expect(await enrich({ data: Array.from({ length: 100 }, () => ({ ...contact, custom })) })).toMatchObject({ status: 200, body: { enrichment_id: expect.any(String) } });
	});

	it('refuses reverse lookups with empty or bad emails', async () => {
		expect(await call('POST', '/contact/reverse/email/bulk', { name: 'n', data: [{ email: '' }] })).toMatchObject({ status: 400, body: { code: 'error.reverse.email.empty' } });
		expect(await call('POST', '/contact/reverse/email/bulk', { name: 'n', data: [{ email: 'nope' }] })).toMatchObject({ status: 400, body: { code: 'error.reverse.email.invalid' } });
	});

	it('answers 429 error.rate.limit past 60 requests a minute, without Retry-After', async () => {
		const statuses: number[] = [];
		for (let index = 0; index < 61; index++) statuses.push((await call('GET', '/account/credits')).status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(60);
		const response = await fetch(`${fake.baseUrl}/account/credits`, { headers: { authorization: `Bearer ${FULLENRICH_TEST_KEY}` } });
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBeNull();
		expect(await response.json()).toEqual({ code: 'error.rate.limit', message: 'Too many requests. Try again in 1m' });
	});
});
