// FullEnrich Trigger webhook(): signature checks over the exact bytes, event and status filters,
// and the items it emits.
import { FULLENRICH_TEST_KEY, signFullEnrichBody } from '../../fakes/fullenrich';
import { callTrigger } from './support';

const record = (index: number, extra: Record<string, unknown> = {}) => ({
	input: { first_name: `First${index}`, last_name: `Last${index}`, company_domain: 'acme.example' },
	custom: { crm_id: `crm-${index}`, n8n_item_index: String(index), n8n_execution_id: '99' },
	contact_info: {
		most_probable_work_email: { email: `first${index}@acme.example`, status: 'DELIVERABLE' },
		most_probable_personal_email: { email: `p${index}@gmail.example`, status: 'HIGH_PROBABILITY' },
		most_probable_phone: { number: '+15550000000', region: 'US' },
		work_emails: [{ email: `first${index}@acme.example`, status: 'DELIVERABLE' }],
		personal_emails: [{ email: `p${index}@gmail.example`, status: 'HIGH_PROBABILITY' }],
		phones: [{ number: '+15550000000', region: 'US' }],
	},
	profile: { full_name: `First${index} Last${index}` },
	...extra,
});

const batchBody = (status = 'FINISHED', count = 2) =>
	JSON.stringify({ id: 'enr-1', name: 'Q3 leads', status, data: Array.from({ length: count }, (_unused, index) => record(index)), cost: { credits: 7 } });

const signed = (rawBody: string, key = FULLENRICH_TEST_KEY) => ({ rawBody, headers: { 'content-type': 'application/json', 'X-Signature-SHA1': signFullEnrichBody(rawBody, key) } });

describe('FullEnrich Trigger: signature', () => {
	it('accepts a body signed with the credential API key and emits one item per contact', async () => {
		const call = await callTrigger(signed(batchBody()));
		expect(call.statusCode).toBe(200);
		expect(call.items).toHaveLength(2);
		expect(call.items![1]).toEqual({
			event: 'batch_finished',
			enrichment_id: 'enr-1',
			enrichment_name: 'Q3 leads',
			enrichment_status: 'FINISHED',
			enrichment_credits: 7,
			work_email: 'first1@acme.example',
			work_email_status: 'DELIVERABLE',
			personal_email: 'p1@gmail.example',
			personal_email_status: 'HIGH_PROBABILITY',
			phone: '+15550000000',
			phone_region: 'US',
			work_emails: [{ email: 'first1@acme.example', status: 'DELIVERABLE' }],
			personal_emails: [{ email: 'p1@gmail.example', status: 'HIGH_PROBABILITY' }],
			phones: [{ number: '+15550000000', region: 'US' }],
			input: { first_name: 'First1', last_name: 'Last1', company_domain: 'acme.example' },
			profile: { full_name: 'First1 Last1' },
			// The correlation the action node wrote, with the item index a number again.
			custom: { crm_id: 'crm-1', n8n_item_index: 1, n8n_execution_id: '99' },
		});
	});

	it('accepts the signature in upper-case hex', async () => {
		const rawBody = batchBody();
		const call = await callTrigger({ rawBody, headers: { 'x-signature-sha1': signFullEnrichBody(rawBody, FULLENRICH_TEST_KEY).toUpperCase() } });
		expect(call.statusCode).toBe(200);
	});

	it('hashes the bytes received: the same JSON with other whitespace, signed as sent, passes', async () => {
		const rawBody = JSON.stringify(JSON.parse(batchBody()), null, 3);
		const call = await callTrigger(signed(rawBody));
		expect(call.items).toHaveLength(2);
	});

	const refusals: Array<[string, () => { rawBody: string; headers: Record<string, string> }]> = [
		['a signature made with another key (forged)', () => signed(batchBody(), 'someone-elses-key')],
		[
			'a body changed after signing',
			() => {
				const original = signed(batchBody());
				return { ...original, rawBody: original.rawBody.replace('first0@acme.example', 'attacker@evil.example') };
			},
		],
		[
			'a body re-serialised after signing (same JSON, other bytes)',
			() => {
				const original = signed(batchBody());
				return { ...original, rawBody: JSON.stringify(JSON.parse(original.rawBody), null, 1) };
			},
		],
		['no signature header', () => ({ rawBody: batchBody(), headers: {} })],
		['an empty signature', () => ({ rawBody: batchBody(), headers: { 'x-signature-sha1': '' } })],
		['a signature of the wrong length', () => ({ rawBody: batchBody(), headers: { 'x-signature-sha1': signFullEnrichBody(batchBody(), FULLENRICH_TEST_KEY).slice(0, 38) } })],
		['a non-hex signature of the right length', () => ({ rawBody: batchBody(), headers: { 'x-signature-sha1': 'z'.repeat(40) } })],
		['a SHA-256 signature instead of SHA-1', () => ({ rawBody: batchBody(), headers: { 'x-signature-sha1': 'a'.repeat(64) } })],
		['a huge signature header', () => ({ rawBody: batchBody(), headers: { 'x-signature-sha1': 'f'.repeat(100_000) } })],
		['a unicode signature header', () => ({ rawBody: batchBody(), headers: { 'x-signature-sha1': 'é'.repeat(40) } })],
	];

	it.each(refusals)('answers 401 and starts nothing for %s', async (_name, build) => {
		const call = await callTrigger(build());
		expect(call.statusCode).toBe(401);
		expect(call.items).toBeUndefined();
		expect(JSON.stringify(call.responseBody)).not.toContain(FULLENRICH_TEST_KEY);
	});

	it('refuses everything when the credential has no API key', async () => {
		const call = await callTrigger(signed(batchBody(), ''), {}, '');
		expect(call.statusCode).toBe(401);
	});

	it('with verification turned off, takes an unsigned call', async () => {
		const call = await callTrigger({ rawBody: batchBody(), headers: {} }, { options: { verifySignature: false } });
		expect(call.items).toHaveLength(2);
	});
});

describe('FullEnrich Trigger: events and statuses', () => {
	const contactBody = (status = 'IN_PROGRESS') => JSON.stringify({ id: 'enr-1', name: 'Q3 leads', status, data: [record(4)], cost: { credits: 1 } });

	it('reads an IN_PROGRESS one-contact payload as a contact_finished event', async () => {
		const call = await callTrigger(signed(contactBody()));
		expect(call.items).toHaveLength(1);
		expect(call.items![0]).toMatchObject({ event: 'contact_finished', enrichment_status: 'IN_PROGRESS', custom: { n8n_item_index: 4 } });
	});

	it('lets the ?event tag decide, whatever the status says', async () => {
		const asContact = await callTrigger({ ...signed(contactBody('FINISHED')), query: { event: 'contact_finished' } });
		expect(asContact.items![0].event).toBe('contact_finished');
		const asBatch = await callTrigger({ ...signed(batchBody('FINISHED')), query: { event: 'batch_finished' } });
		expect(asBatch.items![0].event).toBe('batch_finished');
	});

	it('ignores (200, no execution) an event that is not selected', async () => {
		const batchOnly = await callTrigger(signed(contactBody()), { events: ['batch_finished'] });
		expect(batchOnly).toMatchObject({ statusCode: 200, items: undefined, responseBody: { ignored: 'event contact_finished is not selected' } });
		const contactOnly = await callTrigger(signed(batchBody()), { events: ['contact_finished'] });
		expect(contactOnly).toMatchObject({ statusCode: 200, items: undefined });
	});

	it('ignores a batch status that is not selected, and the status filter leaves contact events alone', async () => {
		const canceled = await callTrigger(signed(batchBody('CANCELED')), { batchStatuses: ['FINISHED'] });
		expect(canceled).toMatchObject({ statusCode: 200, items: undefined, responseBody: { ignored: 'batch status CANCELED is not selected' } });
		const contact = await callTrigger(signed(contactBody()), { batchStatuses: ['FINISHED'] });
		expect(contact.items).toHaveLength(1);
	});

	it.each(['CREDITS_INSUFFICIENT', 'CANCELED'])('a %s batch still emits its finished contacts, each with the batch status', async (status) => {
		const call = await callTrigger(signed(batchBody(status, 3)));
		expect(call.items).toHaveLength(3);
		expect(call.items!.every((item) => item.enrichment_status === status && item.event === 'batch_finished')).toBe(true);
	});

	it('emits one item with the batch fields when a batch ended with no contact', async () => {
		const call = await callTrigger(signed(JSON.stringify({ id: 'enr-2', name: 'n', status: 'CANCELED', data: [], cost: { credits: 0 } })));
		expect(call.items).toEqual([{ event: 'batch_finished', enrichment_id: 'enr-2', enrichment_name: 'n', enrichment_status: 'CANCELED', enrichment_credits: 0, contact_count: 0 }]);
	});

	it('emits the raw payload as one item when asked', async () => {
		const rawBody = batchBody();
		const call = await callTrigger(signed(rawBody), { options: { rawPayload: true } });
		expect(call.items).toEqual([{ event: 'batch_finished', ...JSON.parse(rawBody) }]);
	});
});

describe('FullEnrich Trigger: hostile payloads (signed, so from FullEnrich, but malformed)', () => {
	it.each([
		['not JSON', 'id=1&status=FINISHED'],
		['a JSON array', '[1,2,3]'],
		['no id', JSON.stringify({ status: 'FINISHED', data: [] })],
		['data not an array', JSON.stringify({ id: 'x', status: 'FINISHED', data: 'all of them' })],
		['a status that is a number', JSON.stringify({ id: 'x', status: 3, data: [] })],
	])('acknowledges %s with 200 and starts nothing (a retry would not change it)', async (_name, rawBody) => {
		const call = await callTrigger(signed(rawBody));
		expect(call).toMatchObject({ statusCode: 200, items: undefined, responseBody: { ignored: 'not a FullEnrich enrichment payload' } });
	});

	it('keeps unknown fields, odd custom values and a __proto__ key harmless', async () => {
		const rawBody =
			'{"id":"x","status":"FINISHED","new_top":1,"data":[{"custom":{"__proto__":{"polluted":"yes"},"n8n_item_index":"12abc","nested":{"a":1}},"contact_info":{"most_probable_work_email":null,"work_emails":null},"extra_field":"kept"}]}';
		const call = await callTrigger(signed(rawBody));
		const [item] = call.items!;
		expect(item).toMatchObject({ work_email: null, work_emails: [], extra_field: 'kept', custom: { n8n_item_index: '12abc', nested: { a: 1 } } });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(item.custom)).toBe(Object.prototype);
	});
});
