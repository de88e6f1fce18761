import type { IDataObject } from 'n8n-workflow';

import { Surfe } from '../../../nodes/Surfe/Surfe.node';
import { fakeEnrichedPerson, type FakeSurfe } from '../../fakes/surfe';
import { enrichPeopleParameters, executeContext, failureOf, peopleItems, startFakeSurfe, startOddSurfe } from './helpers';

const node = new Surfe();

async function run(fake: { baseUrl: string }, items: IDataObject[], parameters: IDataObject | ((itemIndex: number) => IDataObject), continueOnFail = false) {
	const { context } = executeContext(fake, { items, parameters, continueOnFail });
	const [output] = await node.execute.call(context);
	return output;
}

describe('Surfe People > Get Enrichment', () => {
	let fake: FakeSurfe;
	afterEach(async () => {
		await fake?.close();
	});

	it('after Enrich: one request per enrichment, one flat item per person, paired with the row that asked', async () => {
		fake = await startFakeSurfe();
		const people = [...peopleItems(3), { firstName: 'Nobody', lastName: 'Unknown', companyDomain: 'void.com' }];
		const started = await run(fake, people, enrichPeopleParameters(people, { include: ['email', 'mobile', 'linkedInUrl'] }));
		await fake.idle();
		// Reverse the items: pairing must follow externalID, not position.
		const inputs = [...started].reverse().map((item) => item.json);
		const output = await run(fake, inputs, (itemIndex) => ({ resource: 'person', operation: 'getEnrichment', enrichmentId: inputs[itemIndex].enrichmentID, simplify: true }));

		expect(fake.requestsTo('GET', /^\/v2\/people\/enrich\//)).toHaveLength(1);
		expect(output).toHaveLength(4);
		for (const item of output) {
			const asker = inputs[(item.pairedItem as { item: number }).item];
			expect(item.json.externalID).toBe(asker.externalID);
			expect(item.json.firstName).toBe(asker.firstName);
		}
		const ada = output.find((item) => item.json.firstName === 'Ada0')!.json;
		expect(ada).toMatchObject({
			enrichmentID: started[0].json.enrichmentID,
			enrichmentStatus: 'COMPLETED',
			percentCompleted: 100,
			status: 'COMPLETED',
			// Surfe listed a CATCH_ALL address first: the VALID one is the best email.
			email: 'ada0.lovelace0@engines0.com',
			emailValidationStatus: 'VALID',
			mobilePhone: expect.stringMatching(/^\+33 6 /),
			mobilePhoneConfidence: 0.92,
			companyDomain: 'engines0.com',
			linkedInUrl: 'https://www.linkedin.com/in/ada0-lovelace0',
		});
		expect(ada.emails).toHaveLength(2);
		expect((ada.mobilePhones as IDataObject[]).map((phone) => phone.confidenceScore)).toEqual([0.92, 0.55]);
		const nobody = output.find((item) => item.json.lastName === 'Unknown')!.json;
		expect(nobody).toMatchObject({ status: 'NOT_FOUND', email: null, emailValidationStatus: null, mobilePhone: null, jobTitle: null });
	});

	it('raw output is Surfe\'s own person object', async () => {
		fake = await startFakeSurfe();
		const people = peopleItems(1);
		const [started] = await run(fake, people, enrichPeopleParameters(people, { include: ['email', 'jobHistory'] }));
		await fake.idle();
		const [item] = await run(fake, [started.json], { resource: 'person', operation: 'getEnrichment', enrichmentId: started.json.enrichmentID, simplify: false });
		const expected = fakeEnrichedPerson({ ...people[0], externalID: started.json.externalID }, { email: true, jobHistory: true });
		expect(item.json).toEqual({ enrichmentID: started.json.enrichmentID, ...expected, enrichmentStatus: 'COMPLETED', percentCompleted: 100 });
	});

	it('while nothing is finished, says so in one item instead of returning nothing', async () => {
		fake = await startFakeSurfe({ completeAfterMs: 60_000 });
		const people = peopleItems(2);
		const started = await run(fake, people, enrichPeopleParameters(people));
		const output = await run(fake, started.map((item) => item.json), (itemIndex) => ({ resource: 'person', operation: 'getEnrichment', enrichmentId: started[itemIndex].json.enrichmentID, simplify: true }));
		expect(output).toEqual([{ json: { enrichmentID: started[0].json.enrichmentID, enrichmentStatus: 'IN_PROGRESS', percentCompleted: 0, people: 0 }, pairedItem: { item: 0 } }]);
	});

	it('an unknown ID is a Surfe error with its message; an empty ID says what to map', async () => {
		fake = await startFakeSurfe();
		const failure = await failureOf(run(fake, [{}], { resource: 'person', operation: 'getEnrichment', enrichmentId: 'no-such-id', simplify: true }));
		expect(failure.message).toBe('Surfe: No people enrichment with ID no-such-id');
		expect(failure.httpCode).toBe('404');
		await expect(run(fake, [{}], { resource: 'person', operation: 'getEnrichment', enrichmentId: ' ', simplify: true })).rejects.toThrow('Item 0 has no Enrichment ID');
	});

	it('refuses an answer it cannot read, naming the field', async () => {
		const odd = await startOddSurfe((server) =>
			server.route('GET', '/v2/people/enrich/broken', () => ({ status: 200, body: { status: 'COMPLETED', people: [{ emails: 'not-a-list' }] } })),
		);
		const failure = await failureOf(run(odd, [{}], { resource: 'person', operation: 'getEnrichment', enrichmentId: 'broken', simplify: true }));
		await odd.close();
		expect(failure.message).toBe('Surfe answered an enrichment with data this node does not understand');
		expect(failure.description).toContain('people.0.emails');
	});
});

describe('Surfe Company > Get Enrichment', () => {
	let fake: FakeSurfe;
	afterEach(async () => {
		await fake?.close();
	});

	it('gives one item per company, led by its external ID and website, nested details kept', async () => {
		fake = await startFakeSurfe();
		const domains = ['surfe.com', 'unknown-co.io'];
		const started = await run(fake, domains.map(() => ({})), (itemIndex) => ({ resource: 'company', operation: 'enrich', domain: domains[itemIndex], externalId: `acct-${itemIndex}`, webhookUrl: '', options: {} }));
		await fake.idle();
		const output = await run(fake, started.map((item) => item.json), (itemIndex) => ({ resource: 'company', operation: 'getEnrichment', enrichmentId: started[itemIndex].json.enrichmentID, simplify: true }));
		expect(output.map((item) => [item.json.externalID, item.pairedItem])).toEqual([
			['acct-0', { item: 0 }],
			['acct-1', { item: 1 }],
		]);
		expect(output[0].json).toMatchObject({ name: 'Surfe', website: 'surfe.com', industry: 'Software', status: 'COMPLETED', enrichmentStatus: 'COMPLETED' });
		expect(output[0].json.fundingRounds).toEqual([expect.objectContaining({ name: 'Seed' })]);
		expect(output[1].json).toMatchObject({ status: 'NOT_FOUND', name: null, website: 'unknown-co.io' });
	});
});

describe('Surfe People > Search and Company > Search', () => {
	let fake: FakeSurfe;
	afterEach(async () => {
		await fake?.close();
	});

	const searchPeople = (extra: IDataObject) => ({ resource: 'person', operation: 'search', returnAll: false, limit: 50, filters: {}, ...extra });

	it('sends the v2 filter shape and stops at the limit', async () => {
		fake = await startFakeSurfe();
		const output = await run(fake, [{}], searchPeople({
			limit: 4,
			filters: { companyDomains: 'company0.com, company1.com', jobTitles: ['CEO', 'Head'], employeeCountFrom: 10, employeeCountTo: 500, peoplePerCompany: 2, seniorities: '' },
		}));
		const [request] = fake.requestsTo('POST', /^\/v2\/people\/search$/);
		expect(request.body).toEqual({
			companies: { domains: ['company0.com', 'company1.com'], employeeCount: { from: 10, to: 500 } },
			people: { jobTitles: ['CEO', 'Head'] },
			peoplePerCompany: 2,
			limit: 4,
			pageToken: '',
		});
		expect(output.length).toBeLessThanOrEqual(4);
		expect(output.length).toBeGreaterThan(0);
		expect(output.every((item) => ['company0.com', 'company1.com'].includes(item.json.companyDomain as string))).toBe(true);
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Return All follows nextPageToken in pages of 200 until the last page', async () => {
		fake = await startFakeSurfe({ searchDatasetSize: 450, dailyQuota: { peopleSearch: 10_000 } });
		const output = await run(fake, [{}], searchPeople({ returnAll: true }));
		const pages = fake.requestsTo('POST', /^\/v2\/people\/search$/).map((request) => request.body as IDataObject);
		expect(pages.map((page) => page.limit)).toEqual([200, 200, 200]);
		expect(pages[0].pageToken).toBe('');
		expect(pages[1].pageToken).not.toBe('');
		expect(output).toHaveLength(450);
		expect(new Set(output.map((item) => item.json.linkedInUrl)).size).toBe(450);
	});

	it('a limit above one page asks for exactly what is left on the last page', async () => {
		fake = await startFakeSurfe({ searchDatasetSize: 450, dailyQuota: { peopleSearch: 10_000 } });
		const output = await run(fake, [{}], searchPeople({ limit: 250 }));
		expect(fake.requestsTo('POST', /^\/v2\/people\/search$/).map((request) => (request.body as IDataObject).limit)).toEqual([200, 50]);
		expect(output).toHaveLength(250);
	});

	it('402 when the daily search quota runs out mid-way names the people search quota', async () => {
		fake = await startFakeSurfe({ searchDatasetSize: 450, dailyQuota: { peopleSearch: 200 } });
		const failure = await failureOf(run(fake, [{}], searchPeople({ returnAll: true })));
		expect(failure.httpCode).toBe('402');
		expect(failure.description).toContain('because the daily people search quota ran out');
		expect(fake.requestsTo('POST', /^\/v2\/people\/search$/)).toHaveLength(2);
	});

	it('stops on a server that repeats a page token instead of looping', async () => {
		let calls = 0;
		const looping = await startOddSurfe((server) =>
			server.route('POST', '/v2/companies/search', () => {
				calls++;
				return { status: 200, body: { companies: [{ name: `C${calls}` }], companyDomains: [], nextPageToken: 'same' } };
			}),
		);
		const failure = await failureOf(run(looping, [{}], { resource: 'company', operation: 'search', returnAll: true, filters: {} }));
		await looping.close();
		expect(failure.description).toContain('nextPageToken repeats a page already read');
		expect(calls).toBe(2);
	});

	it('Company > Search sends `filters` and returns the companies, one item each', async () => {
		fake = await startFakeSurfe();
		const output = await run(fake, [{ row: 1 }, { row: 2 }], (itemIndex) => ({
			resource: 'company',
			operation: 'search',
			returnAll: false,
			limit: 3,
			filters: itemIndex === 0 ? { countries: 'fr', industries: 'Software' } : { domains: 'company7.com' },
		}));
		const bodies = fake.requestsTo('POST', /^\/v2\/companies\/search$/).map((request) => request.body);
		expect(bodies).toEqual([
			{ filters: { countries: ['fr'], industries: ['Software'] }, limit: 3, pageToken: '' },
			{ filters: { domains: ['company7.com'] }, limit: 3, pageToken: '' },
		]);
		expect(output.filter((item) => (item.pairedItem as { item: number }).item === 0)).toHaveLength(3);
		expect(output.filter((item) => (item.pairedItem as { item: number }).item === 1).map((item) => item.json.domain)).toEqual(['company7.com']);
	});
});

describe('Surfe Account > Get Credits and the credential test', () => {
	let fake: FakeSurfe;
	afterEach(async () => {
		await fake?.close();
	});

	it('returns the balances as Surfe sends them, including the "out of credits" message', async () => {
		fake = await startFakeSurfe({ credits: { email: 0, mobile: 12, search: 3 } });
		const [item] = await run(fake, [{}], { resource: 'account', operation: 'getCredits' });
		expect(item.json).toEqual({ totalEmail: 0, totalMobile: 12, totalSearch: 3, message: 'You are out of email credits, buy more here: https://surfe.com/buy-credits' });
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});
