// Contact > Enrich against the fake FullEnrich: packing, per-item validation, custom fields and the
// correlation round trip through the fake's signed callbacks into the trigger's items.
import type { IDataObject } from 'n8n-workflow';

import { FakeFullEnrich } from '../../fakes/fullenrich';
import { contacts, ENRICH_PARAMETERS, runNode, TriggerReceiver } from './support';

describe('FullEnrich Contact > Enrich', () => {
	let fake: FakeFullEnrich;

	beforeEach(async () => {
		fake = await new FakeFullEnrich({ autoProcess: false }).start();
	});
	afterEach(async () => {
		await fake.close();
	});

	it('packs 250 items into exactly 3 bulk POSTs of 100, 100 and 50, one output item per input', async () => {
		const items = contacts(250);
		const output = await runNode(fake, { items, parameters: ENRICH_PARAMETERS(items) });

		const posts = fake.bulkPosts();
		expect(posts.map((post) => ((post.body as IDataObject).data as unknown[]).length)).toEqual([100, 100, 50]);
		expect(output).toHaveLength(250);
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_item, index) => ({ item: index })));

		const ids = [...fake.enrichments.keys()];
		expect(ids).toHaveLength(3);
		expect(output.slice(0, 100).every((item) => item.json.enrichment_id === ids[0])).toBe(true);
		expect(output.slice(100, 200).every((item) => item.json.enrichment_id === ids[1])).toBe(true);
		expect(output.slice(200).every((item) => item.json.enrichment_id === ids[2])).toBe(true);
		expect(output[237].json).toMatchObject({ batch_number: 3, batch_count: 3, batch_size: 50 });

		// Each contact went out with the node's correlation keys, as strings, in its input order.
		const sent = posts.flatMap((post) => (post.body as IDataObject).data as IDataObject[]);
		expect(sent.map((contact) => (contact.custom as IDataObject).n8n_item_index)).toEqual(items.map((_item, index) => String(index)));
		expect(sent[42]).toMatchObject({ first_name: 'First42', last_name: 'Last42', domain: 'company0.example', enrich_fields: ['contact.work_emails'] });
	});

	it('makes an invalid contact an error item of its own and still sends the valid ones (continueOnFail)', async () => {
		const items = contacts(5);
		items[1] = { first_name: 'Only', last_name: '', domain: 'example.com' };
		items[3] = { linkedin: 'https://twitter.com/someone' };
		const output = await runNode(fake, { items, parameters: ENRICH_PARAMETERS(items), continueOnFail: true });

		expect(output).toHaveLength(5);
		expect(output[1]).toMatchObject({ json: { error: expect.stringContaining('last name') }, pairedItem: { item: 1 } });
		expect(output[3]).toMatchObject({ json: { error: expect.stringContaining('not a LinkedIn profile URL') }, pairedItem: { item: 3 } });
		expect([0, 2, 4].map((index) => typeof output[index].json.enrichment_id)).toEqual(['string', 'string', 'string']);

		const [post] = fake.bulkPosts();
		expect(fake.bulkPosts()).toHaveLength(1);
		const sent = (post.body as IDataObject).data as IDataObject[];
		expect(sent.map((contact) => (contact.custom as IDataObject).n8n_item_index)).toEqual(['0', '2', '4']);
	});

	it('stops before sending anything when a contact is invalid and continueOnFail is off', async () => {
		const items = contacts(3);
		items[2] = { first_name: 'Jane', last_name: 'Doe' };
		await expect(runNode(fake, { items, parameters: ENRICH_PARAMETERS(items) })).rejects.toMatchObject({
			message: expect.stringContaining('company domain or company name missing'),
			context: expect.objectContaining({ itemIndex: 2 }),
		});
		expect(fake.bulkPosts()).toHaveLength(0);
	});

	it('accepts a LinkedIn URL alone, and cuts a pasted website down to its domain', async () => {
		const items: IDataObject[] = [{ linkedin: 'www.linkedin.com/in/jane-doe' }, { first_name: 'Ann', last_name: 'Lee', domain: 'https://www.acme.io/about?x=1' }];
		const output = await runNode(fake, { items, parameters: ENRICH_PARAMETERS(items) });
		expect(output.map((item) => item.json.sent)).toEqual([
			expect.objectContaining({ linkedin_url: 'https://www.linkedin.com/in/jane-doe' }),
			expect.objectContaining({ domain: 'www.acme.io', first_name: 'Ann' }),
		]);
	});

	it('stringifies custom values and checks the limits, counting the correlation keys', async () => {
		const items = contacts(3);
		const customRows = (itemIndex: number) => {
			if (itemIndex === 0) return [{ key: 'crm_id', value: 12584 }, { key: 'flags', value: { vip: true } }];
			if (itemIndex === 1) return Array.from({ length: 9 }, (_unused, index) => ({ key: `k${index}`, value: 'v' }));
			return [{ key: 'note', value: 'x'.repeat(101) }];
		};
		const output = await runNode(fake, {
			items,
			parameters: (itemIndex) => ({ ...ENRICH_PARAMETERS(items)(itemIndex), options: { customFields: { field: customRows(itemIndex) } } }),
			continueOnFail: true,
		});

		expect(output[0].json.sent).toMatchObject({ custom: { crm_id: '12584', flags: '{"vip":true}', n8n_item_index: '0', n8n_execution_id: 'test-execution' } });
		// 9 of the user's + 2 correlation keys = 11 > 10: the message says the node's keys count too.
		expect(output[1].json.error).toContain('at most 10 per contact, this one has 11');
		expect(output[1].json.errorDescription).toContain('9 of yours plus the 2 the node adds');
		expect(output[1].json.errorDescription).toContain('Add Correlation Fields');
		expect(output[2].json.error).toContain('"note" is 101 characters long');
		expect(fake.bulkPosts()).toHaveLength(1);
	});

	it('leaves the correlation keys out when turned off, which frees two custom fields', async () => {
		const items = contacts(1);
		const rows = Array.from({ length: 10 }, (_unused, index) => ({ key: `k${index}`, value: `v${index}` }));
		const output = await runNode(fake, {
			items,
			parameters: (itemIndex) => ({ ...ENRICH_PARAMETERS(items)(itemIndex), options: { addCorrelation: false, customFields: { field: rows } } }),
		});
		const custom = (output[0].json.sent as IDataObject).custom as IDataObject;
		expect(Object.keys(custom)).toHaveLength(10);
		expect(custom).not.toHaveProperty('n8n_item_index');
	});

	it('refuses a user field named like a correlation key', async () => {
		const items = contacts(1);
		await expect(
			runNode(fake, {
				items,
				parameters: (itemIndex) => ({ ...ENRICH_PARAMETERS(items)(itemIndex), options: { customFields: { field: [{ key: 'n8n_item_index', value: '7' }] } } }),
			}),
		).rejects.toThrow('"n8n_item_index" is reserved');
	});

	it('sends the name and both webhook URLs, each tagged with its event', async () => {
		const items = contacts(2);
		await runNode(fake, {
			items,
			parameters: (itemIndex) => ({
				...ENRICH_PARAMETERS(items)(itemIndex),
				options: { enrichmentName: 'Q3 leads', webhookUrl: 'https://n8n.example/webhook/abc/webhook', contactFinishedUrl: 'https://n8n.example/webhook/abc/webhook' },
			}),
		});
		expect(fake.bulkPosts()[0].body).toMatchObject({
			name: 'Q3 leads',
			webhook_url: 'https://n8n.example/webhook/abc/webhook?event=batch_finished',
			webhook_events: { contact_finished: 'https://n8n.example/webhook/abc/webhook?event=contact_finished' },
		});
	});

	it('splits items whose batch settings differ into separate requests', async () => {
		const items = contacts(4);
		const output = await runNode(fake, {
			items,
			parameters: (itemIndex) => ({ ...ENRICH_PARAMETERS(items)(itemIndex), options: { enrichmentName: itemIndex % 2 === 0 ? 'even' : 'odd' } }),
		});
		expect(fake.bulkPosts().map((post) => (post.body as IDataObject).name)).toEqual(['even', 'odd']);
		expect(output.map((item) => item.json.enrichment_name)).toEqual(['even', 'odd', 'even', 'odd']);
	});

	// A LinkedIn URL with a port passes our check (LinkedIn host, a path) but the fake, like
	// FullEnrich, refuses it: a refusal only the provider can make.
	const withProviderRefusal = (count: number, badIndex: number) => {
		const items = contacts(count);
		items[badIndex] = { linkedin: 'http://linkedin.com:8080/in/odd' };
		return items;
	};

	it('turns a batch FullEnrich refuses into error items for that batch only (continueOnFail)', async () => {
		const items = withProviderRefusal(150, 120);
		const output = await runNode(fake, { items, parameters: ENRICH_PARAMETERS(items), continueOnFail: true });

		expect(fake.bulkPosts()).toHaveLength(2);
		expect(output).toHaveLength(150);
		expect(output.slice(0, 100).every((item) => typeof item.json.enrichment_id === 'string')).toBe(true);
		for (const item of output.slice(100)) {
			expect(item.json).toMatchObject({ error: 'FullEnrich: LinkedIn URL is invalid [error.enrichment.linkedin_url.invalid]', httpCode: '400' });
		}
	});

	it('with Skip Contacts FullEnrich Rejects, the refused contact is skipped and its batch still goes', async () => {
		const items = withProviderRefusal(150, 120);
		const output = await runNode(fake, {
			items,
			parameters: (itemIndex) => ({ ...ENRICH_PARAMETERS(items)(itemIndex), options: { silentFail: true } }),
		});
		expect(fake.bulkPosts().map((post) => post.query.get('silentFail'))).toEqual(['true', 'true']);
		expect(output.every((item) => typeof item.json.enrichment_id === 'string')).toBe(true);
		expect([...fake.enrichments.values()].map((enrichment) => enrichment.contacts.length)).toEqual([100, 49]);
	});

	it('stops on a provider refusal, with its code, and says which batches were already accepted', async () => {
		const items = withProviderRefusal(150, 120);
		await expect(runNode(fake, { items, parameters: ENRICH_PARAMETERS(items) })).rejects.toMatchObject({
			message: 'FullEnrich: LinkedIn URL is invalid [error.enrichment.linkedin_url.invalid]',
			description: expect.stringContaining('1 earlier request(s) with 100 contact(s) were already accepted'),
		});
	});

	it('reports an unknown API key with FullEnrich\'s code', async () => {
		const items = contacts(2);
		await expect(runNode(fake, { items, parameters: ENRICH_PARAMETERS(items), apiKey: 'not-a-key' })).rejects.toMatchObject({
			message: 'FullEnrich: Unknown api key [error.api.key]',
		});
		expect(fake.enrichments.size).toBe(0);
	});

	it('round-trips the correlation through the signed batch callbacks into the trigger items', async () => {
		const receiver = await new TriggerReceiver().start();
		try {
			const items = contacts(120);
			const output = await runNode(fake, {
				items,
				executionId: '4711',
				parameters: (itemIndex) => ({
					...ENRICH_PARAMETERS(items)(itemIndex),
					options: { webhookUrl: receiver.url, customFields: { field: [{ key: 'crm_id', value: items[itemIndex].crm_id }] } },
				}),
			});
			fake.processAll();
			await fake.whenIdle();

			expect(receiver.calls.map((call) => call.statusCode)).toEqual([200, 200]);
			const received = receiver.items;
			expect(received).toHaveLength(120);
			for (const item of received) {
				const custom = item.custom as IDataObject;
				const index = custom.n8n_item_index as number;
				expect(typeof index).toBe('number');
				expect(custom).toEqual({ crm_id: items[index].crm_id, n8n_item_index: index, n8n_execution_id: '4711' });
				expect(item.input).toMatchObject({ first_name: items[index].first_name, last_name: items[index].last_name });
				expect(item).toMatchObject({ event: 'batch_finished', enrichment_status: 'FINISHED', enrichment_id: output[index].json.enrichment_id });
				expect(item.work_email).toBe(`first${index}.last${index}@${items[index].domain}`);
			}
			expect(new Set(received.map((item) => (item.custom as IDataObject).n8n_item_index)).size).toBe(120);
		} finally {
			await receiver.close();
		}
	});
});
