// People > Enrich and Wait and Company > Enrich and Wait against the fake Surfe, with a loopback
// "n8n" serving the execution's resume URL (test/support/waitingExecution.ts). That loopback is
// plain http, so the fake's HTTPS rule is off and the node runs with "Allow Plain-HTTP Resume URL"
// (one test shows the node refusing the http resume URL without it).
import type { IDataObject } from 'n8n-workflow';

import { Surfe } from '../../../nodes/Surfe/Surfe.node';
import { fakeEnrichedPerson, signSurfeBody, type FakeSurfe, type FakeSurfeOptions } from '../../fakes/surfe';
import { createWebhookContext } from '../../support/nodeContext';
import { WaitingExecution } from '../../support/waitingExecution';
import { API_KEY, credentialTypes, peopleItems, startFakeSurfe, WEBHOOK_SECRET } from './helpers';

jest.setTimeout(60_000);

const TIME_LIMIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const peopleParameters = (items: IDataObject[], options: IDataObject = {}) => (itemIndex: number) => ({
	resource: 'person',
	operation: 'enrichAndWait',
	firstName: items[itemIndex].firstName ?? '',
	lastName: items[itemIndex].lastName ?? '',
	companyDomain: items[itemIndex].companyDomain ?? '',
	include: ['email', 'mobile'],
	options: { allowPlainHttpWebhookUrl: true, ...options },
	timeLimit: TIME_LIMIT_MS / 1000,
	timeLimitUnit: 'seconds',
});

async function post(url: string, rawBody: string, headers: Record<string, string>) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: rawBody });
	return { status: response.status, body: (await response.json()) as IDataObject };
}

describe('Surfe "... and Wait"', () => {
	const fakes: FakeSurfe[] = [];
	const executions: WaitingExecution[] = [];

	async function setUp(executionId: string, parameters: (itemIndex: number) => IDataObject, fakeOptions: FakeSurfeOptions = {}, webhookSecret = WEBHOOK_SECRET) {
		const fake = await startFakeSurfe({ requireHttpsWebhooks: false, ...fakeOptions });
		const execution = await new WaitingExecution({
			node: new Surfe(),
			executionId,
			parameters,
			credentials: { enrichmentWebhooksSurfeApi: { apiKey: API_KEY, baseUrl: fake.baseUrl, webhookSecret } },
			credentialTypes,
		}).start();
		fakes.push(fake);
		executions.push(execution);
		return { fake, execution };
	}

	afterAll(async () => {
		await sleep(TIME_LIMIT_MS + 500); // let the time-limit timers run out
		for (const fake of fakes) await fake.close();
		for (const execution of executions) await execution.close();
	});

	it('250 people in 3 requests: forged events refused, per-person events gathered, resumes once with 250 paired items; no GET', async () => {
		const items = peopleItems(250);
		items[17].lastName = 'Unknown'; // the fake finds nobody with that name
		const { fake, execution } = await setUp('surfe-250', peopleParameters(items, { batchSize: 100 }));
		fake.holdCompletions = true;
		const output = await execution.execute(items);

		const posts = fake.requestsTo('POST', /^\/v2\/people\/enrich$/);
		expect(posts.map((request) => ((request.body as IDataObject).people as unknown[]).length)).toEqual([100, 100, 50]);
		for (const request of posts) expect((request.body as IDataObject).notificationOptions).toEqual({ webhookUrl: execution.resumeUrl });
		const sent = posts.flatMap((request) => (request.body as IDataObject).people as IDataObject[]);
		expect(sent.map((person) => person.externalID)).toEqual(items.map((_item, index) => `n8n-surfe-250-${index}`));
		expect(execution.state).toBe('waiting');
		expect(output.map((item) => item.json.status)).toEqual(items.map(() => 'waiting'));

		// Forged: another secret, a stale timestamp, no signature: 401, still waiting.
		const jobId = String(output[0].json.jobId);
		const forged = JSON.stringify({ eventType: 'person.enrichment.completed', data: { enrichmentID: jobId, person: { externalID: 'n8n-surfe-250-0', emails: [{ email: 'mallory@evil.example' }] } } });
		expect((await post(execution.resumeUrl, forged, { 'x-surfe-signature': signSurfeBody('whsec_other', forged, Date.now()) })).status).toBe(401);
		expect((await post(execution.resumeUrl, forged, { 'x-surfe-signature': fake.sign(forged, Date.now() - 60 * 60_000) })).status).toBe(401);
		expect((await post(execution.resumeUrl, forged, {})).status).toBe(401);
		// A genuine event for an externalID of another execution changes nothing.
		const stranger = JSON.stringify({ eventType: 'person.enrichment.completed', data: { enrichmentID: jobId, person: { externalID: 'n8n-other-0', emails: [{ email: 'x@y.example' }] } } });
		expect((await post(execution.resumeUrl, stranger, { 'x-surfe-signature': fake.sign(stranger) })).body).toMatchObject({ waitingFor: 250 });

		fake.releaseCompletions();
		const resumed = await execution.resumed(30_000);
		await fake.idle();
		expect(execution.calls.filter((call) => call.resumed)).toHaveLength(1);
		// Every event after the resume (here the batch events) was answered 409 by "n8n".
		const afterResume = fake.deliveries.filter((delivery) => delivery.attempts.every((attempt) => attempt.status === 409));
		expect(afterResume.length).toBeGreaterThanOrEqual(1);

		expect(resumed).toHaveLength(250);
		resumed.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		const expected = fakeEnrichedPerson({ ...items[3], externalID: 'n8n-surfe-250-3' }, { email: true, mobile: true });
		expect(resumed[3].json).toMatchObject({ status: 'found', personStatus: 'COMPLETED', externalID: 'n8n-surfe-250-3', email: (expected.emails as IDataObject[])[1].email, emailValidationStatus: 'VALID' });
		expect(resumed[17].json).toMatchObject({ status: 'notFound', personStatus: 'NOT_FOUND', message: expect.stringContaining('found no email') });
		expect(resumed.filter((item) => item.json.status === 'found')).toHaveLength(249);
		expect(fake.requests.filter((request) => request.method === 'GET')).toHaveLength(0);
	});

	it('refuses an http:// resume URL unless Allow Plain-HTTP Resume URL is on, before sending anything', async () => {
		const items = peopleItems(2);
		const { fake, execution } = await setUp('surfe-http', peopleParameters(items, { allowPlainHttpWebhookUrl: false }));
		await expect(execution.execute(items)).rejects.toThrow('Surfe only sends webhooks to HTTPS URLs, and this resume URL starts with http://');
		expect(fake.requestsTo('POST', /^\/v2\/people\/enrich$/)).toHaveLength(0);
		expect(execution.waits).toHaveLength(0);
	});

	it('without a webhook secret in the credential, events are accepted (as the trigger does) and the wait ends', async () => {
		const items = peopleItems(3);
		const { execution } = await setUp('surfe-no-secret', peopleParameters(items), {}, '');
		await execution.execute(items);
		const resumed = await execution.resumed();
		expect(resumed.map((item) => item.json.status)).toEqual(['found', 'found', 'found']);
	});

	it('a person that cannot be sent is a failed item (Continue On Fail); the others resume', async () => {
		const items: IDataObject[] = [...peopleItems(2), { firstName: 'Only' }];
		const { fake, execution } = await setUp('surfe-bad-input', peopleParameters(items));
		const output = await execution.execute(items, true);
		expect(output[2].json).toMatchObject({ status: 'failed', message: 'Item 2 does not identify a person' });
		expect(((fake.requestsTo('POST', /^\/v2\/people\/enrich$/)[0].body as IDataObject).people as unknown[]).length).toBe(2);
		const resumed = await execution.resumed();
		expect(resumed.map((item) => item.json.status)).toEqual(['found', 'found', 'failed']);
	});

	it('at the time limit, fetches the unfinished job once and marks its missing people timedOut', async () => {
		const items = peopleItems(40);
		const { fake, execution } = await setUp('surfe-time-limit', peopleParameters(items, { batchSize: 20 }));
		fake.stallJob = { job: 2, after: 10 }; // the 2nd request's job sends 10 events, then keeps running
		const output = await execution.execute(items);
		await fake.idle();
		expect(execution.state).toBe('waiting');

		const resumed = await execution.resumed(TIME_LIMIT_MS + 5_000);
		expect(execution.calls.find((call) => call.resumed)?.timeLimitCall).toBe(true);
		const secondJob = String(output[20].json.jobId);
		// The unfinished job is asked twice: by the early check (the first job had called back by
		// then), and at the time limit; the finished one never.
		expect(execution.calls.filter((call) => call.earlyCheck).map((call) => call.body)).toEqual([{ received: true, waitingFor: 10 }]);
		expect(fake.requests.filter((request) => request.method === 'GET').map((request) => request.path)).toEqual(Array(2).fill(`/v2/people/enrich/${secondJob}`));
		expect(resumed.slice(0, 30).every((item) => item.json.status === 'found')).toBe(true);
		expect(resumed.slice(30).map((item) => item.json.status)).toEqual(Array(10).fill('timedOut'));
		expect(resumed[35].json).toMatchObject({ jobId: secondJob, message: expect.stringContaining('before the time limit') });
	});

	it('Company > Enrich and Wait: one item per company, resumed by the per-company events', async () => {
		const domains = ['surfe.com', 'unknown-startup.io', 'https://www.acme.io/about'];
		const parameters = (itemIndex: number) => ({
			resource: 'company',
			operation: 'enrichAndWait',
			domain: domains[itemIndex],
			options: { allowPlainHttpWebhookUrl: true },
			timeLimit: 5,
			timeLimitUnit: 'seconds',
		});
		const { fake, execution } = await setUp('surfe-companies', parameters);
		await execution.execute(domains.map((domain) => ({ domain })));
		expect(((fake.requestsTo('POST', /^\/v2\/companies\/enrich$/)[0].body as IDataObject).companies as IDataObject[]).map((company) => company.domain)).toEqual([
			'surfe.com',
			'unknown-startup.io',
			'www.acme.io',
		]);
		const resumed = await execution.resumed();
		expect(resumed.map((item) => item.json.status)).toEqual(['found', 'notFound', 'found']);
		expect(resumed[0].json).toMatchObject({ name: 'Surfe', companyStatus: 'COMPLETED', externalID: 'n8n-surfe-companies-0', website: 'surfe.com' });
		expect(resumed[1].json).toMatchObject({ companyStatus: 'NOT_FOUND', message: 'Surfe found no company for this domain' });
	});
	it('the node\'s resume webhook answers 404 for an operation that does not wait', async () => {
		const hook = createWebhookContext({ rawBody: '{}', parameters: { resource: 'person', operation: 'enrich' }, credentials: { enrichmentWebhooksSurfeApi: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:1', webhookSecret: WEBHOOK_SECRET } }, credentialTypes });
		const answer = await new Surfe().webhook.call(hook.context);
		expect(hook.response.statusCode).toBe(404);
		expect(answer.workflowData).toBeUndefined();
	});
});
