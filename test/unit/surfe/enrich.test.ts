import type { IDataObject } from 'n8n-workflow';

import { Surfe } from '../../../nodes/Surfe/Surfe.node';
import type { FakeSurfe } from '../../fakes/surfe';
import { API_KEY, enrichPeopleParameters, executeContext, failureOf, peopleItems, startFakeSurfe } from './helpers';

const node = new Surfe();
const enrichRequests = (fake: FakeSurfe) => fake.requestsTo('POST', /^\/v2\/people\/enrich$/);
const sentPeople = (fake: FakeSurfe) => enrichRequests(fake).map((request) => (request.body as { people: IDataObject[] }).people);

async function runEnrich(fake: FakeSurfe, items: IDataObject[], extra: IDataObject = {}, options: { continueOnFail?: boolean; apiKey?: string } = {}) {
	const { context } = executeContext(fake, { items, parameters: enrichPeopleParameters(items, extra), ...options });
	const [output] = await node.execute.call(context);
	return output;
}

describe('Surfe People > Enrich against the fake Surfe', () => {
	let fake: FakeSurfe;
	afterEach(async () => {
		await fake?.close();
	});

	it('sends the documented body (request casing linkedinUrl) and outputs one paired item per input with its enrichment', async () => {
		fake = await startFakeSurfe();
		const items: IDataObject[] = [
			{ firstName: 'David', lastName: 'Chevalier', companyName: 'Surfe', companyDomain: 'surfe.com' },
			{ linkedinUrl: 'https://www.linkedin.com/in/grace-hopper' },
		];
		const output = await runEnrich(fake, items, {
			include: ['email', 'mobile', 'jobHistory'],
			webhookUrl: 'https://n8n.example.com/webhook/abc/webhook',
			options: { acceptedEmailType: 'professional', skipMobileEnrichmentIfNoEmailFound: true },
		});

		const [request] = enrichRequests(fake);
		expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(request.headers['x-request-origin']).toBe('n8n-nodes-enrichment-webhooks');
		expect(request.body).toEqual({
			include: { email: true, mobile: true, linkedInUrl: false, jobHistory: true },
			enrichmentOptions: { acceptedEmailType: 'professional', skipMobileEnrichmentIfNoEmailFound: true },
			notificationOptions: { webhookUrl: 'https://n8n.example.com/webhook/abc/webhook' },
			people: [
				{ firstName: 'David', lastName: 'Chevalier', companyName: 'Surfe', companyDomain: 'surfe.com', externalID: 'n8n-4242-0' },
				{ linkedinUrl: 'https://www.linkedin.com/in/grace-hopper', externalID: 'n8n-4242-1' },
			],
		});
		expect(output).toHaveLength(2);
		const enrichmentID = output[0].json.enrichmentID as string;
		expect(fake.jobs.has(enrichmentID)).toBe(true);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output.map((item) => item.json.externalID)).toEqual(['n8n-4242-0', 'n8n-4242-1']);
		expect(output[1].json).toMatchObject({ enrichmentID, linkedinUrl: 'https://www.linkedin.com/in/grace-hopper', enrichmentCallbackURL: `${fake.baseUrl}/v2/people/enrich/${enrichmentID}` });
	});

	it('packs items into requests of "People per Request" and keeps each output on its own input', async () => {
		fake = await startFakeSurfe();
		const items = peopleItems(25);
		const output = await runEnrich(fake, items, { options: { batchSize: 10 } });

		expect(sentPeople(fake).map((people) => people.length)).toEqual([10, 10, 5]);
		expect(sentPeople(fake).flat().map((person) => person.firstName)).toEqual(items.map((item) => item.firstName));
		expect(output).toHaveLength(25);
		const ids = new Set(output.map((item) => item.json.enrichmentID));
		expect(ids.size).toBe(3);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.firstName).toBe(items[index].firstName);
			const batch = Math.floor(index / 10);
			expect(item.json.enrichmentID).toBe(output[batch * 10].json.enrichmentID);
		});
	});

	it('uses 1,000 people per request by default', async () => {
		fake = await startFakeSurfe({ credits: { email: 5000 } });
		const output = await runEnrich(fake, peopleItems(1001));
		expect(sentPeople(fake).map((people) => people.length)).toEqual([1000, 1]);
		expect(output).toHaveLength(1001);
	});

	it('refuses a batch size above Surfe\'s 10,000 limit before sending anything', async () => {
		fake = await startFakeSurfe();
		await expect(runEnrich(fake, peopleItems(2), { options: { batchSize: 10_001 } })).rejects.toThrow('People per Request must be a whole number from 1 to 10000');
		expect(enrichRequests(fake)).toHaveLength(0);
	});

	it('sends items whose expressions give other settings in their own request', async () => {
		fake = await startFakeSurfe();
		const items = peopleItems(4);
		const { context } = executeContext(fake, {
			items,
			parameters: (itemIndex) => ({ ...enrichPeopleParameters(items)(itemIndex), include: itemIndex % 2 === 0 ? ['email'] : ['mobile'] }),
		});
		const [output] = await node.execute.call(context);
		const bodies = enrichRequests(fake).map((request) => request.body as { include: IDataObject; people: IDataObject[] });
		expect(bodies.map((body) => [body.include.email, body.people.map((person) => person.externalID)])).toEqual([
			[true, ['n8n-4242-0', 'n8n-4242-2']],
			[false, ['n8n-4242-1', 'n8n-4242-3']],
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});

	it('requires at least one Include choice, with an error that says which', async () => {
		fake = await startFakeSurfe();
		const failure = runEnrich(fake, peopleItems(1), { include: [] });
		await expect(failure).rejects.toThrow('Choose at least one thing for Surfe to include');
		await expect(failure).rejects.toMatchObject({ description: expect.stringContaining('Email, Mobile Phone, LinkedIn URL or Job History') });
		expect(enrichRequests(fake)).toHaveLength(0);
	});

	describe('the HTTPS rule', () => {
		it('refuses an http:// webhook URL and says how to give n8n an HTTPS one', async () => {
			fake = await startFakeSurfe();
			const failure = runEnrich(fake, peopleItems(1), { webhookUrl: 'http://localhost:5678/webhook/abc/webhook' });
			await expect(failure).rejects.toThrow('Surfe only sends webhooks to HTTPS URLs, and this Webhook URL starts with http://');
			const error = await failureOf(failure);
			expect(error.description).toContain('N8N_WEBHOOK_URL');
			expect(error.description).toContain('WEBHOOK_URL in older n8n versions');
			expect(error.description).toContain('reverse proxy that terminates TLS');
			expect(error.description).toContain('localhost, which Surfe\'s servers cannot reach');
			expect(enrichRequests(fake)).toHaveLength(0);
		});

		it('refuses other schemes and text that is not a URL', async () => {
			fake = await startFakeSurfe();
			await expect(runEnrich(fake, peopleItems(1), { webhookUrl: 'ftp://files.example.com/x' })).rejects.toThrow('must start with https://, not ftp://');
			await expect(runEnrich(fake, peopleItems(1), { webhookUrl: 'n8n webhook please' })).rejects.toThrow('The Webhook URL is not a valid URL');
			expect(enrichRequests(fake)).toHaveLength(0);
		});

		it('sends http:// only when "Allow Plain-HTTP Webhook URL" is on, and then Surfe itself refuses it', async () => {
			fake = await startFakeSurfe();
			const failure = runEnrich(fake, peopleItems(1), { webhookUrl: 'http://relay.internal/hook', options: { allowPlainHttpWebhookUrl: true } });
			await expect(failure).rejects.toThrow('Surfe: notificationOptions.webhookUrl must use HTTPS');
			await expect(failure).rejects.toMatchObject({ httpCode: '400' });
			expect(enrichRequests(fake)).toHaveLength(1);
		});

		it('lets a test server that accepts http take the URL when the option is on', async () => {
			fake = await startFakeSurfe({ requireHttpsWebhooks: false });
			const output = await runEnrich(fake, peopleItems(1), { webhookUrl: 'http://127.0.0.1:9/hook', options: { allowPlainHttpWebhookUrl: true } });
			expect((enrichRequests(fake)[0].body as IDataObject).notificationOptions).toEqual({ webhookUrl: 'http://127.0.0.1:9/hook' });
			expect(output[0].json.enrichmentID).toEqual(expect.any(String));
		});
	});

	describe('external IDs', () => {
		it('sends the user\'s own External ID when one is mapped', async () => {
			fake = await startFakeSurfe();
			const items = [{ ...peopleItems(1)[0], externalId: 'crm-row-17' }];
			const output = await runEnrich(fake, items);
			expect(sentPeople(fake)[0][0].externalID).toBe('crm-row-17');
			expect(output[0].json.externalID).toBe('crm-row-17');
		});

		it('refuses an External ID used twice in one run, naming both items', async () => {
			fake = await startFakeSurfe();
			const items = peopleItems(3).map((item, index) => ({ ...item, externalId: index === 2 ? 'dup' : index === 0 ? 'dup' : 'other' }));
			await expect(runEnrich(fake, items)).rejects.toThrow('External ID "dup" is used by item 0 and item 2');
			expect(enrichRequests(fake)).toHaveLength(0);
		});
	});

	describe('items that cannot be sent', () => {
		it('names the item and what it has when a person cannot be identified', async () => {
			fake = await startFakeSurfe();
			const failure = runEnrich(fake, [{ firstName: 'Ada', companyName: 'Engines' }]);
			await expect(failure).rejects.toThrow('Item 0 does not identify a person');
			await expect(failure).rejects.toMatchObject({ description: expect.stringContaining('This item has firstName, companyName') });
		});

		it('under continueOnFail, turns a bad item into an error item and still sends the others', async () => {
			fake = await startFakeSurfe();
			const items = [...peopleItems(2), { firstName: 'Nameless' }];
			const output = await runEnrich(fake, items, {}, { continueOnFail: true });
			expect(sentPeople(fake)[0]).toHaveLength(2);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(output[2].json.error).toBe('Item 2 does not identify a person');
			expect(output[0].json.enrichmentID).toEqual(expect.any(String));
		});
	});

	describe('Surfe errors', () => {
		it('402 for credits names the empty pool and is not retried', async () => {
			fake = await startFakeSurfe({ credits: { email: 0 } });
			const failure = runEnrich(fake, peopleItems(2), { include: ['email', 'linkedInUrl'] });
			await expect(failure).rejects.toThrow('Surfe: You are out of email credits');
			const error = await failureOf(failure);
			expect(error.httpCode).toBe('402');
			expect(error.description).toContain('because email credits ran out');
			expect(error.description).toContain('not retried');
			expect(enrichRequests(fake)).toHaveLength(1);
		});

		it('402 for the daily quota names the quota and when it resets', async () => {
			fake = await startFakeSurfe({ dailyQuota: { peopleEnrichment: 5 } });
			const failure = runEnrich(fake, peopleItems(6));
			await expect(failure).rejects.toThrow('Surfe: Daily quota exceeded');
			const error = await failureOf(failure);
			expect(error.description).toContain('because the daily people enrichment quota ran out');
			expect(error.description).toContain('reset at midnight');
			expect(enrichRequests(fake)).toHaveLength(1);
		});

		it('waits out a 429 (Retry-After) and retries, so every item still gets its enrichment', async () => {
			fake = await startFakeSurfe({ rateLimit: { perSecond: 4, burst: 1 }, retryAfterSeconds: 0.3 });
			const output = await runEnrich(fake, peopleItems(2), { options: { batchSize: 1 } });
			expect(enrichRequests(fake).length).toBeGreaterThanOrEqual(3);
			expect(fake.jobs.size).toBe(2);
			expect(new Set(output.map((item) => item.json.enrichmentID)).size).toBe(2);
		});

		it('waits out a 429 without Retry-After too (Surfe sends none) with backoff', async () => {
			fake = await startFakeSurfe({ rateLimit: { perSecond: 2, burst: 1 } });
			const output = await runEnrich(fake, peopleItems(2), { options: { batchSize: 1 } });
			expect(enrichRequests(fake).length).toBeGreaterThanOrEqual(3);
			expect(output.every((item) => typeof item.json.enrichmentID === 'string')).toBe(true);
		});

		it('401 says to check the API key, and never shows the key', async () => {
			fake = await startFakeSurfe();
			const failure = runEnrich(fake, peopleItems(1), {}, { apiKey: 'wrong-key-9f8e7d' });
			await expect(failure).rejects.toThrow('Surfe: Unauthorized: missing or invalid API key');
			const error = await failureOf(failure);
			expect(error.description).toContain('Check the API key in the Surfe credential');
			expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain('wrong-key-9f8e7d');
		});

		it('403 says the plan lacks the feature', async () => {
			fake = await startFakeSurfe({ forbidden: ['people.enrich'] });
			const failure = runEnrich(fake, peopleItems(1));
			await expect(failure).rejects.toThrow('Surfe: Your plan does not include people enrich');
			await expect(failure).rejects.toMatchObject({ description: expect.stringContaining('plan behind this API key does not include this feature') });
		});

		it('a failing later request says which earlier requests Surfe already accepted', async () => {
			fake = await startFakeSurfe({ dailyQuota: { peopleEnrichment: 3 } });
			const failure = runEnrich(fake, peopleItems(5), { options: { batchSize: 3 } });
			await expect(failure).rejects.toThrow('Daily quota exceeded');
			const [accepted] = [...fake.jobs.keys()];
			await expect(failure).rejects.toMatchObject({ description: expect.stringContaining(`earlier request(s) of this run (enrichment ID ${accepted})`) });
		});

		it('under continueOnFail, gives every item of a refused request an error item', async () => {
			fake = await startFakeSurfe({ dailyQuota: { peopleEnrichment: 3 } });
			const output = await runEnrich(fake, peopleItems(5), { options: { batchSize: 3 } }, { continueOnFail: true });
			expect(output).toHaveLength(5);
			expect(output.slice(0, 3).every((item) => typeof item.json.enrichmentID === 'string')).toBe(true);
			expect(output.slice(3).map((item) => [item.pairedItem, item.json.httpCode])).toEqual([
				[{ item: 3 }, '402'],
				[{ item: 4 }, '402'],
			]);
			expect(output[3].json.error).toContain('Daily quota exceeded');
		});
	});
});

describe('Surfe Company > Enrich against the fake Surfe', () => {
	let fake: FakeSurfe;
	afterEach(async () => {
		await fake?.close();
	});

	const companyParameters = (domains: string[], extra: IDataObject = {}) => (itemIndex: number): IDataObject => ({
		resource: 'company',
		operation: 'enrich',
		domain: domains[itemIndex],
		externalId: '',
		webhookUrl: '',
		options: {},
		...extra,
	});

	it('packs up to 500 companies per request and sends only the host of a URL', async () => {
		fake = await startFakeSurfe();
		const domains = Array.from({ length: 501 }, (_unused, index) => (index === 0 ? 'https://www.Surfe.com/about' : `company${index}.com`));
		const { context } = executeContext(fake, { items: domains.map(() => ({})), parameters: companyParameters(domains) });
		const [output] = await node.execute.call(context);
		const bodies = fake.requestsTo('POST', /^\/v2\/companies\/enrich$/).map((request) => request.body as { companies: IDataObject[] });
		expect(bodies.map((body) => body.companies.length)).toEqual([500, 1]);
		expect(bodies[0].companies[0]).toEqual({ domain: 'www.surfe.com', externalID: 'n8n-4242-0' });
		expect(output).toHaveLength(501);
		expect(output[500].pairedItem).toEqual({ item: 500 });
		expect(output[500].json.enrichmentID).not.toBe(output[0].json.enrichmentID);
	});

	it('refuses more than 500 companies per request', async () => {
		fake = await startFakeSurfe();
		const { context } = executeContext(fake, { parameters: companyParameters(['surfe.com'], { options: { batchSize: 501 } }) });
		await expect(node.execute.call(context)).rejects.toThrow('Companies per Request must be a whole number from 1 to 500');
	});

	it('says what to map when an item has no domain', async () => {
		fake = await startFakeSurfe();
		const { context } = executeContext(fake, { parameters: companyParameters(['  ']) });
		await expect(node.execute.call(context)).rejects.toThrow('Item 0 has no usable company domain');
	});

	it('applies the HTTPS rule to company webhooks too', async () => {
		fake = await startFakeSurfe();
		const { context } = executeContext(fake, { parameters: companyParameters(['surfe.com'], { webhookUrl: 'http://n8n.example.com/webhook/x/webhook' }) });
		await expect(node.execute.call(context)).rejects.toThrow('Surfe only sends webhooks to HTTPS URLs');
	});
});
