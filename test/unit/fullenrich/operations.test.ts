// The other operations against the fake FullEnrich: results by id, reverse email, search paging,
// credits; and the 429 wait-and-retry.
import type { IDataObject } from 'n8n-workflow';

import { fullEnrichApi } from '../../../nodes/FullEnrich/transport';
import { FakeFullEnrich } from '../../fakes/fullenrich';
import { contacts, ENRICH_PARAMETERS, runNode } from './support';

async function enrichNow(fake: FakeFullEnrich, count: number): Promise<string> {
	const items = contacts(count);
	const output = await runNode(fake, { items, parameters: ENRICH_PARAMETERS(items) });
	await fake.whenIdle();
	return output[0].json.enrichment_id as string;
}

describe('FullEnrich Contact > Get Enrichment Result', () => {
	let fake: FakeFullEnrich;
	afterEach(async () => fake.close());

	const getResult = (enrichmentId: string, options: IDataObject = {}, continueOnFail = false) =>
		runNode(fake, { items: [{}], parameters: { resource: 'contact', operation: 'getEnrichmentResult', enrichmentId, options }, continueOnFail });

	it('returns one item per contact, flattened like the trigger, paired with the input', async () => {
		fake = await new FakeFullEnrich().start();
		const id = await enrichNow(fake, 3);
		const output = await getResult(id);
		expect(output).toHaveLength(3);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		expect(output[2].json).toMatchObject({
			enrichment_id: id,
			enrichment_status: 'FINISHED',
			work_email: 'first2.last2@company2.example',
			work_email_status: 'DELIVERABLE',
			custom: { n8n_item_index: 2 },
		});
		expect(output[2].json).not.toHaveProperty('event');
	});

	it('returns the raw payload as one item when asked', async () => {
		fake = await new FakeFullEnrich().start();
		const id = await enrichNow(fake, 2);
		const output = await getResult(id, { rawPayload: true });
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ id, status: 'FINISHED', data: [expect.any(Object), expect.any(Object)] });
	});

	it('explains a result that is not ready, and Force Results returns what is there', async () => {
		fake = await new FakeFullEnrich({ autoProcess: false }).start();
		const id = await enrichNow(fake, 2);
		await expect(getResult(id)).rejects.toMatchObject({
			message: 'FullEnrich: Enrichment not ready, try again in 30 seconds [error.enrichment.in_progress]',
			description: expect.stringContaining('Force Results'),
		});
		const forced = await getResult(id, { forceResults: true });
		expect(fake.requests.at(-1)?.query.get('forceResults')).toBe('true');
		expect(forced).toEqual([{ json: expect.objectContaining({ enrichment_id: id, enrichment_status: 'CREATED', contact_count: 0 }), pairedItem: { item: 0 } }]);
	});

	it('a 402 (out of credits) still returns the contacts, marked CREDITS_INSUFFICIENT', async () => {
		fake = await new FakeFullEnrich({ creditsInsufficientAfter: 2 }).start();
		const id = await enrichNow(fake, 4);
		const output = await getResult(id);
		expect(output.map((item) => item.json.enrichment_status)).toEqual(['CREDITS_INSUFFICIENT', 'CREDITS_INSUFFICIENT']);
	});

	it('an unknown id is a 404 with FullEnrich\'s code; under continueOnFail an error item', async () => {
		fake = await new FakeFullEnrich().start();
		const output = await getResult('no-such-id', {}, true);
		expect(output).toEqual([{ json: expect.objectContaining({ error: 'FullEnrich: Enrichment ID not found [error.enrichment.not_found]', httpCode: '404' }), pairedItem: { item: 0 } }]);
	});

	it('an empty id is an input error, not a request', async () => {
		fake = await new FakeFullEnrich().start();
		await expect(getResult('  ')).rejects.toThrow('Enrichment ID is empty');
		expect(fake.requests).toHaveLength(0);
	});
});

describe('FullEnrich Reverse Email', () => {
	let fake: FakeFullEnrich;
	afterEach(async () => fake.close());

	it('Start packs emails 100 per request, with a bad email as its own error item; Get Result returns the people', async () => {
		fake = await new FakeFullEnrich().start();
		const emails = Array.from({ length: 130 }, (_unused, index) => (index === 7 ? 'not-an-email' : `person${index}@acme.example`));
		const started = await runNode(fake, {
			items: emails.map((email) => ({ email })),
			parameters: (itemIndex) => ({ resource: 'reverseEmail', operation: 'start', email: emails[itemIndex], options: { customFields: { field: [{ key: 'row', value: itemIndex }] } } }),
			continueOnFail: true,
		});
		expect(fake.bulkPosts('reverse').map((post) => ((post.body as IDataObject).data as unknown[]).length)).toEqual([100, 29]);
		expect(started[7].json.error).toContain('"not-an-email" is not an email address');
		expect(started[8].json).toMatchObject({ sent: { email: 'person8@acme.example', custom: { row: '8', n8n_item_index: '8' } } });
		await fake.whenIdle();

		const result = await runNode(fake, { items: [{}], parameters: { resource: 'reverseEmail', operation: 'getResult', enrichmentId: started[0].json.enrichment_id, options: {} } });
		expect(result).toHaveLength(100);
		// Item 7 never went, so the first batch holds items 0-6 and 8-100.
		expect(result.map((item) => (item.json.custom as IDataObject).n8n_item_index)).toEqual([...Array.from({ length: 7 }, (_u, i) => i), ...Array.from({ length: 93 }, (_u, i) => i + 8)]);
		expect(result[7].json).toMatchObject({ input: { email: 'person8@acme.example' }, profile: { full_name: 'person8' }, custom: { row: '8', n8n_item_index: 8 }, work_email: null });
	});
});

describe('FullEnrich search', () => {
	let fake: FakeFullEnrich;
	afterEach(async () => fake.close());

	const people = Array.from({ length: 235 }, (_unused, index) => ({ id: `p${index}`, full_name: `Person ${index}`, company_domain: index % 2 === 0 ? 'even.example' : 'odd.example', title: 'VP Sales' }));

	it('Return All follows the cursor page by page (100 per page) until the last result', async () => {
		fake = await new FakeFullEnrich({ people }).start();
		const output = await runNode(fake, { items: [{}], parameters: { resource: 'person', operation: 'search', returnAll: true, filters: {} } });
		expect(output).toHaveLength(235);
		expect(output.map((item) => item.json.id)).toEqual(people.map((person) => person.id));
		const bodies = fake.server.requestsTo('POST', /\/people\/search$/).map((request) => request.body as IDataObject);
		expect(bodies.map((body) => [body.limit, body.offset, body.search_after === undefined ? undefined : 'cursor'])).toEqual([
			[100, 0, undefined],
			[100, undefined, 'cursor'],
			[100, undefined, 'cursor'],
		]);
	});

	it('Limit stops at the limit and sends the filters FullEnrich expects', async () => {
		fake = await new FakeFullEnrich({ people }).start();
		const output = await runNode(fake, {
			items: [{}],
			parameters: { resource: 'person', operation: 'search', returnAll: false, limit: 30, filters: { companyDomains: 'even.example, ', jobTitles: 'VP Sales', exactMatch: true } },
		});
		expect(output).toHaveLength(30);
		expect(output.every((item) => item.json.company_domain === 'even.example')).toBe(true);
		expect(fake.requests[0].body).toEqual({
			current_company_domains: [{ value: 'even.example', exact_match: true }],
			current_position_titles: [{ value: 'VP Sales', exact_match: true }],
			limit: 30,
			offset: 0,
		});
	});

	it('Company search merges headcount and JSON filters, and refuses bad JSON before sending', async () => {
		const companies = [{ id: 'c1', name: 'Acme', domain: 'acme.example' }];
		fake = await new FakeFullEnrich({ companies }).start();
		const output = await runNode(fake, {
			items: [{}],
			parameters: {
				resource: 'company',
				operation: 'search',
				returnAll: false,
				limit: 5,
				filters: { names: 'Acme', headcountMin: 10, additionalFilters: '{"industries":[{"value":"Software Development","exclude":true}]}' },
			},
		});
		expect(output.map((item) => item.json)).toEqual(companies);
		expect(fake.requests[0].body).toEqual({
			headcounts: [{ min: 10 }],
			names: [{ value: 'Acme' }],
			industries: [{ value: 'Software Development', exclude: true }],
			limit: 5,
			offset: 0,
		});

		await expect(
			runNode(fake, { items: [{}], parameters: { resource: 'company', operation: 'search', returnAll: true, filters: { additionalFilters: '{"names": [' } } }),
		).rejects.toThrow('Additional Filters is not valid JSON');
		expect(fake.requests).toHaveLength(1);
	});
});

describe('FullEnrich Account > Get Credits and the rate limit', () => {
	let fake: FakeFullEnrich;
	afterEach(async () => {
		jest.restoreAllMocks();
		await fake.close();
	});

	it('returns the balance', async () => {
		fake = await new FakeFullEnrich({ creditBalance: 1234.5 }).start();
		const output = await runNode(fake, { items: [{}], parameters: { resource: 'account', operation: 'getCredits' } });
		expect(output).toEqual([{ json: { balance: 1234.5 }, pairedItem: { item: 0 } }]);
	});

	it('waits out a 429 error.rate.limit (no Retry-After) and retries instead of failing', async () => {
		// The fake's window and the node's wait are both scaled down from one minute.
		fake = await new FakeFullEnrich({ rateLimit: { maxRequests: 2, windowMs: 400 }, autoProcess: false }).start();
		jest.replaceProperty(fullEnrichApi, 'rateLimitedWaitMs', 450);
		const items = contacts(250);
		const output = await runNode(fake, { items, parameters: ENRICH_PARAMETERS(items) });

		expect(fake.rateLimited).toEqual([{ method: 'POST', path: '/api/v2/contact/enrich/bulk' }]);
		const posts = fake.bulkPosts();
		expect(posts).toHaveLength(4);
		expect(fake.enrichments.size).toBe(3);
		expect(output).toHaveLength(250);
		expect(new Set(output.map((item) => item.json.enrichment_id)).size).toBe(3);
		expect(output.every((item) => typeof item.json.enrichment_id === 'string')).toBe(true);
	});
});
