// Pure pieces with hostile input: payload schemas, callback parsing, custom fields, contact checks,
// callback classification, error descriptions.
import { BATCH_END_STATUSES, callbackEventOf, withEventTag } from '../../../nodes/FullEnrich/callbacks';
import { parsedCallbackOf } from '../../../nodes/FullEnrich/callbackBody';
import { enrichContactFrom, normalizeDomain, normalizeLinkedinUrl, reverseEmailContactFrom } from '../../../nodes/FullEnrich/contacts';
import { buildCustom, customValueAsString, restoreCustom } from '../../../nodes/FullEnrich/custom';
import { enrichmentToItems } from '../../../nodes/FullEnrich/flatten';
import { enrichmentPayloadSchema, errorBodySchema, startedSchema } from '../../../nodes/FullEnrich/schemas';
import { describeFullEnrichError } from '../../../nodes/FullEnrich/transport';

describe('FullEnrich payload schema', () => {
	it('accepts the documented example and keeps unknown fields', () => {
		const parsed = enrichmentPayloadSchema.parse({
			id: '2db5ea61-1752-42cf-8ea1-ab1da060cd0a',
			name: 'Sales Operations in London',
			status: 'FINISHED',
			cost: { credits: 14, currency_hint: 'x' },
			data: [{ input: { first_name: 'John' }, custom: { user_id: '12584' }, contact_info: { most_probable_phone: { number: '+1 555-123-4567', region: 'US' } }, brand_new: true }],
			new_top_level: 1,
		});
		expect(parsed).toMatchObject({ new_top_level: 1, cost: { currency_hint: 'x' }, data: [{ brand_new: true }] });
	});

	it.each([
		['null', null],
		['a string', 'FINISHED'],
		['an array', []],
		['no id', { status: 'FINISHED', data: [] }],
		['an empty id', { id: '', status: 'FINISHED' }],
		['a numeric status', { id: 'a', status: 1 }],
		['data as an object', { id: 'a', status: 'FINISHED', data: { 0: {} } }],
		['a record that is a string', { id: 'a', status: 'FINISHED', data: ['john@example.com'] }],
		['an email entry that is a number', { id: 'a', status: 'FINISHED', data: [{ contact_info: { work_emails: [42] } }] }],
		['credits as text', { id: 'a', status: 'FINISHED', cost: { credits: 'many' } }],
		['a 200 kB name', { id: 'a', status: 'FINISHED', name: 'n'.repeat(200_000) }],
	])('refuses %s', (_name, value) => {
		expect(enrichmentPayloadSchema.safeParse(value).success).toBe(false);
	});

	it('reads nulls as "nothing found" and flattens them to null / []', () => {
		const payload = enrichmentPayloadSchema.parse({
			id: 'a',
			status: 'FINISHED',
			name: null,
			cost: null,
			data: [{ input: null, custom: null, contact_info: { most_probable_work_email: null, work_emails: null, phones: null }, profile: null }],
		});
		expect(enrichmentToItems(payload)).toEqual([
			{
				enrichment_id: 'a',
				enrichment_name: null,
				enrichment_status: 'FINISHED',
				enrichment_credits: null,
				work_email: null,
				work_email_status: null,
				personal_email: null,
				personal_email_status: null,
				phone: null,
				phone_region: null,
				work_emails: [],
				personal_emails: [],
				phones: [],
				input: {},
				profile: null,
				custom: {},
			},
		]);
	});

	it('parses the start answer and the error body', () => {
		expect(startedSchema.safeParse({ enrichment_id: 'x' }).success).toBe(true);
		expect(startedSchema.safeParse({ enrichment_id: '' }).success).toBe(false);
		expect(startedSchema.safeParse({}).success).toBe(false);
		expect(errorBodySchema.safeParse({ code: 3 }).success).toBe(false);
	});
});

describe('parsedCallbackOf', () => {
	it('parses the raw bytes, not the body n8n parsed', () => {
		const raw = Buffer.from(JSON.stringify({ id: 'from-bytes', status: 'FINISHED', data: [] }));
		const parsed = parsedCallbackOf(raw, { id: 'from-n8n', status: 'FINISHED' });
		expect(parsed).toMatchObject({ ok: true, value: { id: 'from-bytes' } });
	});

	it('falls back to n8n\'s parsed body only when there are no bytes', () => {
		expect(parsedCallbackOf(undefined, { id: 'from-n8n', status: 'FINISHED' })).toMatchObject({ ok: true, value: { id: 'from-n8n' } });
		expect(parsedCallbackOf(Buffer.alloc(0), { id: 'x', status: 'FINISHED' })).toMatchObject({ ok: true });
	});

	it('reports invalid UTF-8 / JSON and wrong shapes as problems, never throws', () => {
		expect(parsedCallbackOf(Buffer.from([0xff, 0xfe, 0x00]), undefined)).toMatchObject({ ok: false, problem: 'the body is not JSON' });
		expect(parsedCallbackOf(Buffer.from('{"id":'), undefined)).toMatchObject({ ok: false });
		expect(parsedCallbackOf(Buffer.from('{"id":"x"}'), undefined)).toMatchObject({ ok: false, problem: expect.stringContaining('status') });
	});
});

describe('custom fields', () => {
	it('turns every value into the string FullEnrich requires', () => {
		expect([12584, 0, true, null, undefined, { a: [1] }, 'text', BigInt(7)].map(customValueAsString)).toEqual(['12584', '0', 'true', '', '', '{"a":[1]}', 'text', '7']);
	});

	it('adds the correlation keys last and allows exactly 10 in all', () => {
		const rows = Array.from({ length: 8 }, (_u, index) => ({ key: `k${index}`, value: index }));
		const custom = buildCustom(rows, { itemIndex: 41, executionId: '123' });
		expect(Object.keys(custom)).toHaveLength(10);
		expect(custom).toMatchObject({ k0: '0', k7: '7', n8n_item_index: '41', n8n_execution_id: '123' });
	});

	it('says the correlation keys count when they push it over 10', () => {
		const rows = Array.from({ length: 9 }, (_u, index) => ({ key: `k${index}`, value: 'v' }));
		expect(() => buildCustom(rows, { itemIndex: 0, executionId: '1' })).toThrow(expect.objectContaining({ description: expect.stringContaining('count toward the limit') }));
		expect(() => buildCustom([...rows, { key: 'k9', value: 'v' }, { key: 'k10', value: 'v' }], undefined)).toThrow('this one has 11');
	});

	it('accepts exactly 100 characters and refuses 101, naming the field', () => {
		expect(buildCustom([{ key: 'a', value: 'x'.repeat(100) }], undefined).a).toHaveLength(100);
		expect(() => buildCustom([{ key: 'note', value: 'é'.repeat(101) }], undefined)).toThrow('"note" is 101 characters long');
	});

	it('skips empty rows, refuses nameless values and duplicates', () => {
		expect(buildCustom([{ key: '', value: '' }, { key: ' id ', value: 'x' }], undefined)).toEqual({ id: 'x' });
		expect(() => buildCustom([{ key: '', value: 'orphan' }], undefined)).toThrow('Custom field 1 has a value but no name');
		expect(() => buildCustom([{ key: 'a', value: '1' }, { key: 'a', value: '2' }], undefined)).toThrow('"a" is set twice');
	});

	it('keys like __proto__ stay plain data', () => {
		const custom = buildCustom([{ key: '__proto__', value: 'x' }], undefined);
		expect(Object.getPrototypeOf(custom)).toBe(Object.prototype);
		expect(Object.keys(custom)).toEqual(['__proto__']);
	});

	it('restores the item index as a number only when it is one', () => {
		expect(restoreCustom({ n8n_item_index: '17', n8n_execution_id: '17', other: '5' })).toEqual({ n8n_item_index: 17, n8n_execution_id: '17', other: '5' });
		expect(restoreCustom({ n8n_item_index: '-1' })).toEqual({ n8n_item_index: '-1' });
		expect(restoreCustom({ n8n_item_index: '1e3' })).toEqual({ n8n_item_index: '1e3' });
		expect(restoreCustom({ n8n_item_index: '99999999999999999999' })).toEqual({ n8n_item_index: '99999999999999999999' });
		expect(restoreCustom(null)).toEqual({});
	});
});

describe('contact checks', () => {
	const fields = { enrichFields: ['contact.work_emails'] };

	it.each([
		[{ linkedinUrl: 'https://www.linkedin.com/in/jane' }],
		[{ linkedinUrl: 'https://www.linkedin.com/sales/lead/ACwAA,NAME' }],
		[{ firstName: 'Jane', lastName: 'Doe', companyDomain: 'acme.io' }],
		[{ firstName: 'Jane', lastName: 'Doe', companyName: 'Acme' }],
		[{ firstName: 'José', lastName: 'Nuñez', companyDomain: 'münchen.de' }],
	])('accepts %j', (contact) => {
		expect(() => enrichContactFrom({ ...fields, ...contact })).not.toThrow();
	});

	it.each([
		[{}, 'first name, last name, company domain or company name missing'],
		[{ firstName: '  ', lastName: 'Doe', companyName: 'Acme' }, 'first name missing'],
		[{ firstName: 'Jane', lastName: 'Doe' }, 'company domain or company name missing'],
		[{ linkedinUrl: 'https://linkedin.evil.com/in/x' }, 'not a LinkedIn profile URL'],
		[{ linkedinUrl: 'https://www.linkedin.com/' }, 'not a LinkedIn profile URL'],
		[{ linkedinUrl: 'javascript:alert(1)' }, 'not a LinkedIn profile URL'],
		[{ firstName: 'J', lastName: 'D', companyDomain: 'not a domain' }, 'not a company domain'],
		[{ firstName: 'J', lastName: 'D', companyDomain: 'jane@acme.io' }, 'not a company domain'],
		[{ firstName: 'J', lastName: 'D', companyDomain: 'localhost' }, 'not a company domain'],
	])('refuses %j', (contact, message) => {
		expect(() => enrichContactFrom({ ...fields, ...contact })).toThrow(message);
	});

	it('refuses no or unknown fields to enrich, and de-duplicates', () => {
		const person = { linkedinUrl: 'linkedin.com/in/x' };
		expect(() => enrichContactFrom({ ...person, enrichFields: [] })).toThrow('No field to enrich');
		expect(() => enrichContactFrom({ ...person, enrichFields: ['contact.emails'] })).toThrow('Unknown field to enrich: contact.emails');
		expect(enrichContactFrom({ ...person, enrichFields: ['contact.phones', 'contact.phones'] }).enrich_fields).toEqual(['contact.phones']);
	});

	it('normalizes domains and LinkedIn URLs', () => {
		expect(normalizeDomain('HTTPS://Acme.IO/path?q=1')).toBe('acme.io');
		expect(normalizeDomain('acme.io.')).toBe('acme.io');
		expect(normalizeDomain(`${'a'.repeat(64)}.com`)).toBeUndefined();
		expect(normalizeLinkedinUrl('linkedin.com/in/jane')).toBe('https://linkedin.com/in/jane');
	});

	it('checks reverse-lookup emails', () => {
		expect(reverseEmailContactFrom(' jane@acme.io ')).toEqual({ email: 'jane@acme.io' });
		expect(() => reverseEmailContactFrom('')).toThrow('empty');
		expect(() => reverseEmailContactFrom('jane@acme')).toThrow('not an email address');
		expect(() => reverseEmailContactFrom({ email: 'x' })).toThrow('empty');
	});
});

describe('callback classification', () => {
	it.each(BATCH_END_STATUSES.map((status) => [status]))('an untagged %s payload is a batch callback', (status) => {
		expect(callbackEventOf({}, status)).toBe('batch_finished');
	});

	it.each([['IN_PROGRESS'], ['CREATED'], ['RATE_LIMIT'], ['UNKNOWN'], ['finished']])('an untagged %s payload is a contact callback', (status) => {
		expect(callbackEventOf(undefined, status)).toBe('contact_finished');
	});

	it('the event tag wins; an unknown tag is ignored', () => {
		expect(callbackEventOf({ event: 'contact_finished' }, 'FINISHED')).toBe('contact_finished');
		expect(callbackEventOf({ event: ['batch_finished'] }, 'IN_PROGRESS')).toBe('batch_finished');
		expect(callbackEventOf({ event: 'surprise' }, 'IN_PROGRESS')).toBe('contact_finished');
	});

	it('tags a URL once, keeping its own query', () => {
		expect(withEventTag('https://n8n.example/webhook/x/webhook?a=1', 'contact_finished')).toBe('https://n8n.example/webhook/x/webhook?a=1&event=contact_finished');
		expect(withEventTag('https://n8n.example/hook?event=mine', 'batch_finished')).toBe('https://n8n.example/hook?event=mine');
	});
});

describe('describeFullEnrichError', () => {
	it('uses FullEnrich\'s code and message with a hint', () => {
		expect(describeFullEnrichError(429, { code: 'error.rate.limit', message: 'Too many requests. Try again in 1m' })).toMatchObject({
			code: 'error.rate.limit',
			message: 'Too many requests. Try again in 1m',
			hint: expect.stringContaining('60 requests a minute'),
		});
	});

	it('copes with bodies that are not the documented shape', () => {
		expect(describeFullEnrichError(502, '<html>bad gateway</html>')).toMatchObject({ code: undefined, message: undefined, hint: expect.stringContaining('server error') });
		expect(describeFullEnrichError(402, {})).toMatchObject({ hint: expect.stringContaining('out of credits') });
	});
});
