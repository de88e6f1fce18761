import type { IDataObject } from 'n8n-workflow';

import { Wiza } from '../../../nodes/Wiza/Wiza.node';
import { fakeContactFor, type FakeWiza } from '../../fakes/wiza';
import { API_KEY, executeContext, startFakeWiza } from './helpers';

const node = new Wiza();

const revealStart = (extra: IDataObject = {}): IDataObject => ({
	resource: 'individualReveal',
	operation: 'start',
	inputType: 'linkedinUrl',
	profileUrl: 'https://www.linkedin.com/in/jane-doe-1a2b3c',
	enrichmentLevel: 'partial',
	emailOptions: {},
	callbackUrl: '',
	...extra,
});

describe('Wiza node against the fake Wiza', () => {
	let fake: FakeWiza;

	beforeEach(async () => {
		fake = await startFakeWiza();
	});

	afterEach(async () => {
		await fake.close();
	});

	describe('Individual Reveal: Start', () => {
		it('sends the documented body and outputs the queued reveal, paired with its input', async () => {
			const { context } = executeContext(fake, {
				parameters: revealStart({ enrichmentLevel: 'full', emailOptions: { acceptWork: true, acceptPersonal: false }, callbackUrl: 'https://n8n.example.com/webhook/abc/webhook' }),
			});
			const [output] = await node.execute.call(context);

			const [request] = fake.requestsTo('POST', /^\/api\/individual_reveals$/);
			expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
			expect(request.body).toEqual({
				individual_reveal: { profile_url: 'https://www.linkedin.com/in/jane-doe-1a2b3c' },
				enrichment_level: 'full',
				email_options: { accept_work: true, accept_personal: false },
				callback_url: 'https://n8n.example.com/webhook/abc/webhook',
			});
			expect(output).toHaveLength(1);
			expect(output[0].pairedItem).toEqual({ item: 0 });
			const revealId = output[0].json.reveal_id as number;
			expect(fake.reveals.has(revealId)).toBe(true);
			expect(output[0].json).toMatchObject({ status: 'queued', is_complete: false, enrichment_level: 'full' });
		});

		it('reads each item on its own: name + company and name + domain', async () => {
			const people = [
				{ name: 'Ada Lovelace', company: 'Analytical Engines', domain: '' },
				{ name: 'Grace Hopper', company: '', domain: 'navy.mil' },
			];
			const { context } = executeContext(fake, {
				items: people,
				parameters: (i) => revealStart({ inputType: 'nameAndCompany', fullName: people[i].name, company: people[i].company, domain: people[i].domain }),
			});
			const [output] = await node.execute.call(context);

			const bodies = fake.requestsTo('POST', /^\/api\/individual_reveals$/).map((request) => (request.body as IDataObject).individual_reveal);
			expect(bodies).toEqual([
				{ full_name: 'Ada Lovelace', company: 'Analytical Engines' },
				{ full_name: 'Grace Hopper', domain: 'navy.mil' },
			]);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		it('Any Combination sends every filled-in identifier in one reveal, and leaves empty ones out', async () => {
			const people = [
				{ profileUrl: 'https://www.linkedin.com/in/ada-lovelace', email: 'ada@engines.example', fullName: 'Ada Lovelace', company: 'Analytical Engines', domain: 'engines.example' },
				{ profileUrl: '', email: 'grace@navy.example', fullName: 'Grace Hopper', company: '', domain: '' },
				{ profileUrl: '', email: '', fullName: 'Alan Turing', company: '', domain: 'bletchley.example' },
			];
			const { context } = executeContext(fake, { items: people, parameters: (i) => revealStart({ inputType: 'combined', ...people[i] }) });
			const [output] = await node.execute.call(context);

			const bodies = fake.requestsTo('POST', /^\/api\/individual_reveals$/).map((request) => request.body as IDataObject);
			expect(bodies.map((body) => body.individual_reveal)).toEqual([
				{ profile_url: 'https://www.linkedin.com/in/ada-lovelace', email: 'ada@engines.example', full_name: 'Ada Lovelace', company: 'Analytical Engines', domain: 'engines.example' },
				{ email: 'grace@navy.example', full_name: 'Grace Hopper' },
				{ full_name: 'Alan Turing', domain: 'bletchley.example' },
			]);
			expect(bodies.map((body) => body.enrichment_level)).toEqual(['partial', 'partial', 'partial']);
			// The fake accepted all three (it refuses what Wiza's documented body does not allow).
			expect(output.map((item) => typeof item.json.reveal_id)).toEqual(['number', 'number', 'number']);
		});

		it.each([
			['nothing at all', {}, /No identifier in item 0/],
			['a name without company or domain', { fullName: 'Kim Lee' }, /Not enough to identify the person in item 0 \(only full_name\)/],
			['a company alone', { company: 'Northwind' }, /Not enough to identify the person in item 0 \(only company\)/],
			['a bad LinkedIn URL beside a good email', { profileUrl: 'https://twitter.com/kim', email: 'kim@northwind.example' }, /is not a LinkedIn profile URL/],
			['a bad email beside a name and company', { email: 'kim at northwind', fullName: 'Kim Lee', company: 'Northwind' }, /is not an email address/],
		])('Any Combination refuses %s before calling Wiza', async (_case, fields, message) => {
			const { context } = executeContext(fake, { parameters: revealStart({ inputType: 'combined', profileUrl: '', email: '', fullName: '', company: '', domain: '', ...fields }) });
			await expect(node.execute.call(context)).rejects.toThrow(message);
			expect(fake.requests).toHaveLength(0);
		});

		it('does not send email_options when none are chosen, nor an empty callback_url', async () => {
			const { context } = executeContext(fake, { parameters: revealStart({ inputType: 'email', email: 'sam@acme.io' }) });
			await node.execute.call(context);
			const [request] = fake.requestsTo('POST', /^\/api\/individual_reveals$/);
			expect(request.body).toEqual({ individual_reveal: { email: 'sam@acme.io' }, enrichment_level: 'partial' });
		});

		it('refuses an empty LinkedIn URL before calling Wiza, naming the field', async () => {
			const { context } = executeContext(fake, { parameters: revealStart({ profileUrl: '  ' }) });
			await expect(node.execute.call(context)).rejects.toThrow(/LinkedIn URL is empty/);
			expect(fake.requests).toHaveLength(0);
		});

		it('refuses a callback URL that is not http(s)', async () => {
			const { context } = executeContext(fake, { parameters: revealStart({ callbackUrl: 'ftp://example.com/x' }) });
			await expect(node.execute.call(context)).rejects.toThrow(/Callback URL .* is not an http\(s\) URL/);
			expect(fake.requests).toHaveLength(0);
		});

		it("turns Wiza's 400 into an error carrying Wiza's own message", async () => {
			// The node passes the level through (an expression could yield anything); Wiza, and
			// the fake, refuse an unknown one.
			const { context } = executeContext(fake, { parameters: revealStart({ enrichmentLevel: 'everything' }) });
			await expect(node.execute.call(context)).rejects.toThrow('Wiza: enrichment_level must be one of none, partial, phone, full [400]');
		});

		it('treats an HTTP 200 billing_issue reveal as an error that says to add credits', async () => {
			fake.billingIssue = true;
			const { context } = executeContext(fake, { parameters: revealStart() });
			const error = await node.execute.call(context).then(
				() => undefined,
				(thrown: Error & { description?: string }) => thrown,
			);
			expect(error?.message).toMatch(/billing issue \[billing_issue\]/);
			expect(error?.description).toMatch(/Add API credits or fix the billing details in Wiza/);
		});

		it('under Continue On Fail gives one error item per failing input and keeps the rest', async () => {
			const urls = ['https://www.linkedin.com/in/ok-one', 'not a url', 'https://www.linkedin.com/in/ok-two'];
			const { context } = executeContext(fake, {
				items: urls.map((url) => ({ url })),
				parameters: (i) => revealStart({ profileUrl: urls[i] }),
				continueOnFail: true,
			});
			const [output] = await node.execute.call(context);
			expect(output).toHaveLength(3);
			expect(output[0].json.reveal_id).toEqual(expect.any(Number));
			expect(output[1].json.error).toMatch(/"not a url" is not a LinkedIn profile URL \(item 1\)/);
			expect(output[1].pairedItem).toEqual({ item: 1 });
			expect(output[2].json.reveal_id).toEqual(expect.any(Number));
			expect(fake.requestsTo('POST', /individual_reveals/)).toHaveLength(2);
		});

		it('waits out a 429 (Retry-After) and then succeeds', async () => {
			fake.rateLimit = { maxRequests: 1, windowMs: 400, retryAfterSeconds: 0.4 };
			const { context } = executeContext(fake, { items: [{}, {}], parameters: revealStart() });
			const [output] = await node.execute.call(context);
			expect(output.map((item) => typeof item.json.reveal_id)).toEqual(['number', 'number']);
			// Two reveals, three requests: the second was refused once with 429 and sent again.
			expect(fake.requestsTo('POST', /individual_reveals/)).toHaveLength(3);
			expect(fake.reveals.size).toBe(2);
		});

		it("reports 401 with Wiza's message and never the key", async () => {
			const wrongKey = 'wrong-secret-key-777777';
			const { context } = executeContext(fake, { parameters: revealStart(), apiKey: wrongKey });
			const error = await node.execute.call(context).then(
				() => undefined,
				(thrown: Error & { description?: string }) => thrown,
			);
			expect(error?.message).toBe('Wiza: Invalid API key. [401]');
			expect(error?.description).toMatch(/Check the API key in the Wiza credential/);
			expect(JSON.stringify({ message: error?.message, description: error?.description })).not.toContain(wrongKey);
			expect(fake.requests).toHaveLength(1);
		});

		it('reports 403 without retrying', async () => {
			fake.forbidden = true;
			const { context } = executeContext(fake, { parameters: revealStart() });
			await expect(node.execute.call(context)).rejects.toThrow('Wiza: Your account does not have API access. [403]');
			expect(fake.requests).toHaveLength(1);
		});
	});

	describe('Individual Reveal: Get', () => {
		it('outputs the finished contact with its fields at the top level', async () => {
			const input = { profile_url: 'https://www.linkedin.com/in/lin-mei-42' };
			const start = executeContext(fake, { parameters: revealStart({ profileUrl: input.profile_url, enrichmentLevel: 'full' }) });
			const [[started]] = await node.execute.call(start.context);
			await fake.settled();

			const get = executeContext(fake, { parameters: { resource: 'individualReveal', operation: 'get', revealId: String(started.json.reveal_id) } });
			const [[item]] = await node.execute.call(get.context);
			const expected = fakeContactFor(input, 'full');
			expect(item.json).toMatchObject({
				reveal_id: started.json.reveal_id,
				status: 'finished',
				is_complete: true,
				name: expected.name,
				title: expected.title,
				company: expected.company,
				email: expected.email,
				emails: expected.emails,
				phone_number: expected.phone_number,
				mobile_phone: expected.mobile_phone,
				phones: expected.phones,
				linkedin_profile_url: input.profile_url,
				credits: expected.credits,
			});
			expect(item.json).not.toHaveProperty('fail_error');
			expect(item.json).not.toHaveProperty('id');
		});

		it('keeps a non-billing failure as output (the reveal did run) with fail_error', async () => {
			fake.revealFailure = 'profile_not_found';
			const start = executeContext(fake, { parameters: revealStart() });
			const [[started]] = await node.execute.call(start.context);
			await fake.settled();
			const get = executeContext(fake, { parameters: { resource: 'individualReveal', operation: 'get', revealId: String(started.json.reveal_id) } });
			const [[item]] = await node.execute.call(get.context);
			expect(item.json).toMatchObject({ status: 'failed', fail_error: 'profile_not_found' });
		});

		it('reports an unknown id as a 404 with a hint', async () => {
			const { context } = executeContext(fake, { parameters: { resource: 'individualReveal', operation: 'get', revealId: '424242' } });
			await expect(node.execute.call(context)).rejects.toThrow('Wiza: Individual reveal not found. [404]');
		});

		it('refuses an id that is not a number before calling Wiza', async () => {
			const { context } = executeContext(fake, { parameters: { resource: 'individualReveal', operation: 'get', revealId: '../meta/credits' } });
			await expect(node.execute.call(context)).rejects.toThrow(/is not a Wiza ID/);
			expect(fake.requests).toHaveLength(0);
		});
	});

	describe('List: Create', () => {
		const people = Array.from({ length: 25 }, (_unused, index) => ({ linkedin: `https://www.linkedin.com/in/person-${index}-x${index * 7}` }));
		const listParameters = (i: number): IDataObject => ({
			resource: 'list',
			operation: 'create',
			listName: 'From n8n',
			inputType: 'linkedinUrl',
			profileUrl: people[i]?.linkedin ?? '',
			enrichmentLevel: 'partial',
			emailOptions: { acceptGeneric: false, acceptWork: true },
			callbackUrl: 'https://n8n.example.com/webhook/list/webhook',
		});

		it('sends every input item in ONE request and outputs one item paired with all inputs', async () => {
			const { context } = executeContext(fake, { items: people, parameters: listParameters });
			const [output] = await node.execute.call(context);

			const requests = fake.requestsTo('POST', /^\/api\/lists$/);
			expect(requests).toHaveLength(1);
			expect(requests[0].body).toEqual({
				list: {
					name: 'From n8n',
					enrichment_level: 'partial',
					email_options: { accept_generic: false, accept_work: true },
					callback_url: 'https://n8n.example.com/webhook/list/webhook',
					items: people.map((person) => ({ profile_url: person.linkedin })),
				},
			});
			expect(output).toHaveLength(1);
			expect(output[0].json).toMatchObject({ list_id: expect.any(Number), name: 'From n8n', status: 'queued', items_sent: 25 });
			expect(output[0].pairedItem).toEqual(people.map((_person, item) => ({ item })));
		});

		it('under Continue On Fail leaves bad rows out, as their own error items', async () => {
			const rows = [{ linkedin: 'https://www.linkedin.com/in/a-1' }, { linkedin: '' }, { linkedin: 'https://www.linkedin.com/in/c-3' }];
			const { context } = executeContext(fake, {
				items: rows,
				parameters: (i) => ({ ...listParameters(i), profileUrl: rows[i].linkedin }),
				continueOnFail: true,
			});
			const [output] = await node.execute.call(context);
			expect(output).toHaveLength(2);
			expect(output[0]).toMatchObject({ json: { error: 'LinkedIn URL is empty in item 1' }, pairedItem: { item: 1 } });
			expect(output[1].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
			expect(((fake.requestsTo('POST', /^\/api\/lists$/)[0].body as IDataObject).list as IDataObject).items).toHaveLength(2);
		});

		it('without Continue On Fail stops on the first bad row and sends nothing', async () => {
			const rows = [{ linkedin: 'https://www.linkedin.com/in/a-1' }, { linkedin: '' }];
			const { context } = executeContext(fake, { items: rows, parameters: (i) => ({ ...listParameters(i), profileUrl: rows[i].linkedin }) });
			await expect(node.execute.call(context)).rejects.toThrow('LinkedIn URL is empty in item 1');
			expect(fake.requests).toHaveLength(0);
		});

		it('treats a billing_issue list as an error', async () => {
			fake.billingIssue = true;
			const { context } = executeContext(fake, { items: people.slice(0, 2), parameters: listParameters });
			await expect(node.execute.call(context)).rejects.toThrow(/list failed because of a billing issue/);
		});
	});

	describe('List: Get and Get Contacts', () => {
		async function finishedList(rows: Array<{ linkedin: string }>) {
			const { context } = executeContext(fake, {
				items: rows,
				parameters: (i) => ({ resource: 'list', operation: 'create', listName: 'Segments', inputType: 'linkedinUrl', profileUrl: rows[i].linkedin, enrichmentLevel: 'partial', callbackUrl: '' }),
			});
			const [[created]] = await node.execute.call(context);
			await fake.settled();
			return String(created.json.list_id);
		}

		it('gets the finished list', async () => {
			const listId = await finishedList([{ linkedin: 'https://www.linkedin.com/in/q-1' }]);
			const { context } = executeContext(fake, { parameters: { resource: 'list', operation: 'get', listId } });
			const [[item]] = await node.execute.call(context);
			expect(item.json).toMatchObject({ list_id: Number(listId), name: 'Segments', status: 'finished' });
		});

		it('outputs one item per contact of the chosen segment, paired with the input', async () => {
			const rows = Array.from({ length: 12 }, (_unused, index) => ({ linkedin: `https://www.linkedin.com/in/seg-${index}` }));
			const listId = await finishedList(rows);
			const expected = rows.map((row) => fakeContactFor({ profile_url: row.linkedin }, 'partial'));

			for (const segment of ['people', 'valid', 'risky'] as const) {
				const { context } = executeContext(fake, { parameters: { resource: 'list', operation: 'getContacts', listId, segment } });
				const [output] = await node.execute.call(context);
				const wanted = segment === 'people' ? expected : expected.filter((contact) => contact.email_status === segment);
				expect(output.map((item) => item.json.email)).toEqual(wanted.map((contact) => contact.email));
				expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
				expect(fake.requests.at(-1)?.query.get('segment')).toBe(segment);
			}
			// The seeded data must hold both kinds, or the segment assertions above prove nothing.
			expect(new Set(expected.map((contact) => contact.email_status))).toEqual(new Set(['valid', 'risky']));
		});
	});

	describe('Account: Get Credits', () => {
		it('outputs the credits object', async () => {
			const { context } = executeContext(fake, { parameters: { resource: 'account', operation: 'getCredits' } });
			const [[item]] = await node.execute.call(context);
			expect(item.json).toEqual({ email_credits: 'unlimited', phone_credits: 250, export_credits: 100, api_credits: fake.apiCredits });
			expect(fake.requests[0].path).toBe('/api/meta/credits');
		});
	});
});
