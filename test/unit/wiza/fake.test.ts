// The fake Wiza's callback behaviour is part of the contract the e2e test relies on: prove it.
import { FakeServer, type FakeResponse } from '../../fakes/fakeServer';
import { fakeContactFor, sha256hex, type FakeWiza } from '../../fakes/wiza';
import { API_KEY, startFakeWiza } from './helpers';

async function receiver(answer: () => FakeResponse) {
	return new FakeServer().route('POST', '/hook', answer).start();
}

async function startReveal(fake: FakeWiza, extra: Record<string, unknown> = {}) {
	const response = await fetch(`${fake.baseUrl}/api/individual_reveals`, {
		method: 'POST',
		headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify({ individual_reveal: { email: 'kim@northwind.test' }, enrichment_level: 'partial', ...extra }),
	});
	return { status: response.status, body: (await response.json()) as { data: { id: number } } };
}

describe('fake Wiza callbacks', () => {
	let fake: FakeWiza;
	let hook: FakeServer;

	afterEach(async () => {
		await fake?.close();
		await hook?.close();
	});

	it('POSTs the finished reveal to callback_url with x-auth-key = sha256hex(API key)', async () => {
		hook = await receiver(() => ({ status: 200 }));
		fake = await startFakeWiza();
		const started = await startReveal(fake, { callback_url: `${hook.baseUrl}/hook` });
		await fake.settled();

		expect(hook.requests).toHaveLength(1);
		expect(hook.requests[0].headers['x-auth-key']).toBe(sha256hex(API_KEY));
		expect(hook.requests[0].headers['content-type']).toBe('application/json');
		expect(hook.requests[0].body).toEqual({
			status: { code: 200, message: 'Single reveal finished' },
			type: 'individual_reveal',
			data: { id: started.body.data.id, status: 'finished', is_complete: true, enrichment_level: 'partial', ...fakeContactFor({ email: 'kim@northwind.test' }, 'partial') },
		});
	});

	it("uses the account's default webhook URL when the request has none", async () => {
		hook = await receiver(() => ({ status: 200 }));
		fake = await startFakeWiza({ defaultCallbackUrl: `${hook.baseUrl}/hook` });
		await startReveal(fake);
		await fake.settled();
		expect(hook.requests).toHaveLength(1);
	});

	it('retries a non-2xx answer 3 times (4 attempts in all)', async () => {
		hook = await receiver(() => ({ status: 500 }));
		fake = await startFakeWiza();
		await startReveal(fake, { callback_url: `${hook.baseUrl}/hook` });
		await fake.settled();
		expect(fake.deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500, 500]);
	});

	it.each([404, 403])('stops retrying at once on %i', async (status) => {
		hook = await receiver(() => ({ status }));
		fake = await startFakeWiza();
		await startReveal(fake, { callback_url: `${hook.baseUrl}/hook` });
		await fake.settled();
		expect(fake.deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([status]);
	});

	it('sends a failed reveal as status.code 400 with fail_error', async () => {
		hook = await receiver(() => ({ status: 200 }));
		fake = await startFakeWiza();
		fake.billingIssue = true;
		const started = await startReveal(fake, { callback_url: `${hook.baseUrl}/hook` });
		expect(started.status).toBe(200);
		await fake.settled();
		expect(hook.requests[0].body).toMatchObject({ status: { code: 400 }, data: { status: 'failed', fail_error: 'billing_issue' } });
	});

	it('accepts every documented identifier together in one reveal (email, LinkedIn URL, full name, company, domain)', async () => {
		fake = await startFakeWiza();
		const person = { profile_url: 'https://www.linkedin.com/in/kim-lee', email: 'kim@northwind.test', full_name: 'Kim Lee', company: 'Northwind', domain: 'northwind.test' };
		const started = await startReveal(fake, { individual_reveal: person });
		expect(started.status).toBe(200);
		expect([...fake.reveals.values()].map((reveal) => reveal.input)).toEqual([person]);
	});

	it.each([
		['no person', { individual_reveal: {} }],
		['a name without company or domain', { individual_reveal: { full_name: 'Kim' } }],
		['a misspelt identifier', { individual_reveal: { linkedin_url: 'https://www.linkedin.com/in/kim' } }],
		['a bad email beside a good LinkedIn URL', { individual_reveal: { profile_url: 'https://www.linkedin.com/in/kim', email: 'kim at northwind' } }],
		['a number for a name', { individual_reveal: { full_name: 42, company: 'Northwind' } }],
		['a bad callback_url', { individual_reveal: { email: 'kim@northwind.test' }, callback_url: 'javascript:alert(1)' }],
		['a bad email option', { individual_reveal: { email: 'kim@northwind.test' }, email_options: { accept_work: 'yes' } }],
	])('answers 400 with Wiza\'s error body for %s', async (_case, body) => {
		fake = await startFakeWiza();
		const response = await fetch(`${fake.baseUrl}/api/individual_reveals`, {
			method: 'POST',
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ enrichment_level: 'partial', ...body }),
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ status: { code: 400, message: expect.any(String) } });
		expect(fake.reveals.size).toBe(0);
	});
});
