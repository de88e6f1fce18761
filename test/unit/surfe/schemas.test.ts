import { describeSurfeError, exhaustedAllowance, surfeMessageOf } from '../../../nodes/Surfe/errors';
import { itemsForEvent } from '../../../nodes/Surfe/events';
import { bestEmail, flattenCompany, flattenPerson, phonesByConfidence } from '../../../nodes/Surfe/flatten';
import { enrichedPersonSchema, enrichmentStartedSchema, peopleEnrichmentSchema, webhookEventSchema } from '../../../nodes/Surfe/schemas';
import { checkWebhookUrl } from '../../../nodes/Surfe/webhookUrl';
import { parseWith } from '../../../nodes/shared/schema';

describe('Surfe schemas with hostile input', () => {
	it('keeps unknown fields and reads numbers or null where Surfe documents text', () => {
		const parsed = parseWith(enrichedPersonSchema, { externalID: 17, firstName: null, jobTitle: 'CEO', brandNew: { deep: true }, mobilePhones: [{ mobilePhone: '+33 6', confidenceScore: '0.8' }] });
		expect(parsed).toEqual({
			ok: true,
			value: expect.objectContaining({ externalID: '17', firstName: undefined, jobTitle: 'CEO', brandNew: { deep: true }, mobilePhones: [{ mobilePhone: '+33 6', confidenceScore: 0.8 }] }),
		});
	});

	const refused: Array<[string, unknown, string]> = [
		['emails that is not a list', { emails: 'a@b.c' }, 'emails'],
		['an email entry without an address', { emails: [{ validationStatus: 'VALID' }] }, 'emails.0.email'],
		['a phone that is a number', { mobilePhones: [{ mobilePhone: 33612345678 }] }, 'mobilePhones.0.mobilePhone'],
		['a confidence score that is not a number', { mobilePhones: [{ mobilePhone: '+1', confidenceScore: 'high' }] }, 'mobilePhones.0.confidenceScore'],
		['a job history that is an object', { jobHistory: { companyName: 'x' } }, 'jobHistory'],
		['an object where text belongs', { firstName: { $gt: '' } }, 'firstName'],
	];
	it.each(refused)('refuses a person with %s, naming the field', (_case, person, field) => {
		const parsed = parseWith(enrichedPersonSchema, person);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.problem).toContain(field);
	});

	it('drops a __proto__ key instead of letting it reach an object\'s prototype', () => {
		const hostile = JSON.parse('{"firstName":"Eve","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
		const parsed = parseWith(enrichedPersonSchema, hostile);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const item = flattenPerson(parsed.value, 'e');
		expect((item as Record<string, unknown>).polluted).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
	});

	it('needs an enrichmentID in a start answer', () => {
		expect(parseWith(enrichmentStartedSchema, { message: 'started' }).ok).toBe(false);
		expect(parseWith(enrichmentStartedSchema, { enrichmentID: '' }).ok).toBe(false);
		expect(parseWith(enrichmentStartedSchema, { enrichmentID: 'abc', surprise: 1 })).toEqual({ ok: true, value: { enrichmentID: 'abc', surprise: 1 } });
	});

	it('reads a job with people null (nothing yet) and refuses people that is not a list', () => {
		expect(parseWith(peopleEnrichmentSchema, { status: 'IN_PROGRESS', people: null }).ok).toBe(true);
		expect(parseWith(peopleEnrichmentSchema, { status: 'COMPLETED', people: {} }).ok).toBe(false);
	});

	it('webhook envelope: needs a non-empty eventType (at most 200 characters) and an object data', () => {
		expect(parseWith(webhookEventSchema, { eventType: 'x', data: {} }).ok).toBe(true);
		for (const body of [null, 'text', [], {}, { eventType: '', data: {} }, { eventType: 'x'.repeat(201), data: {} }, { eventType: 'x', data: [] }, { eventType: 'x', data: 'y' }, { eventType: 5, data: {} }]) {
			expect(parseWith(webhookEventSchema, body).ok).toBe(false);
		}
	});

	it('events: a person and a people list in one delivery give one item each, in order', () => {
		const parsed = itemsForEvent({ eventType: 'e', data: { enrichmentID: 'x', person: { externalID: 'a' }, people: [{ externalID: 'b' }, { externalID: 'c' }] } }, true);
		expect(parsed.ok && parsed.items.map((item) => item.externalID)).toEqual(['a', 'b', 'c']);
	});
});

describe('Surfe flattening', () => {
	it('best email: VALID over CATCH_ALL over unknown statuses; never an INVALID one', () => {
		expect(bestEmail([{ email: 'a', validationStatus: 'CATCH_ALL' }, { email: 'b', validationStatus: 'VALID' }])?.email).toBe('b');
		expect(bestEmail([{ email: 'a', validationStatus: 'SOMETHING_NEW' }, { email: 'b', validationStatus: 'catch_all' }])?.email).toBe('b');
		expect(bestEmail([{ email: 'a', validationStatus: undefined }, { email: 'b', validationStatus: 'INVALID' }])?.email).toBe('a');
		expect(bestEmail([{ email: 'a', validationStatus: 'INVALID' }])).toBeUndefined();
		expect(bestEmail([])).toBeUndefined();
	});

	it('phones: highest confidence first, unscored last, Surfe\'s order kept among equals', () => {
		const phones = [
			{ mobilePhone: 'none', confidenceScore: undefined },
			{ mobilePhone: 'low', confidenceScore: 0.2 },
			{ mobilePhone: 'high1', confidenceScore: 0.9 },
			{ mobilePhone: 'high2', confidenceScore: 0.9 },
		];
		expect(phonesByConfidence(phones).map((phone) => phone.mobilePhone)).toEqual(['high1', 'high2', 'low', 'none']);
	});

	it('a person with nothing found still has every key (null), and no jobHistory unless sent', () => {
		const item = flattenPerson({ externalID: 'x' } as never, undefined);
		expect(item).toMatchObject({ externalID: 'x', enrichmentID: null, email: null, emailValidationStatus: null, mobilePhone: null, jobTitle: null, emails: [], mobilePhones: [] });
		expect('jobHistory' in item).toBe(false);
		expect(Object.keys(item)).toHaveLength(19);
	});

	it('a company leads with its website and keeps nested details', () => {
		expect(flattenCompany({ externalID: 'c', name: 'Surfe', websites: ['surfe.com', 'leadjet.io'], fundingRounds: [{ name: 'A' }] } as never, 'e')).toEqual({
			externalID: 'c',
			enrichmentID: 'e',
			status: null,
			name: 'Surfe',
			website: 'surfe.com',
			websites: ['surfe.com', 'leadjet.io'],
			fundingRounds: [{ name: 'A' }],
		});
	});
});

describe('Surfe errors', () => {
	it.each([
		['You are out of email credits, buy more here: https://surfe.com/buy-credits', 'email credits'],
		['You are out of email and mobile credits, buy more here', 'email and mobile credits'],
		['Not enough search credits', 'search credits'],
		['Insufficient credits', 'credits'],
		['Daily quota exceeded: people enrichment is limited to 2000 profiles per day', 'the daily people enrichment quota'],
		['Daily quota exceeded: people search is limited to 200 results per day', 'the daily people search quota'],
		['You reached your daily quota for company search', 'the daily company search quota'],
		['Quota exceeded for organization enrichment', 'the daily company enrichment quota'],
		['quota exceeded', 'a daily quota'],
		['Payment required', undefined],
	])('reads "%s" as %s', (message, expected) => {
		expect(exhaustedAllowance(message)).toBe(expected);
	});

	it('402 is never retried; its hint names what ran out', () => {
		const described = describeSurfeError(402, { code: 402, message: 'You are out of mobile credits' });
		expect(described).toMatchObject({ message: 'You are out of mobile credits', code: undefined, retryable: false });
		expect(described.hint).toContain('because mobile credits ran out');
		expect(describeSurfeError(402, {}).hint).toContain('for lack of credits or daily quota');
	});

	it('reads messages from odd bodies without throwing, and cuts long ones', () => {
		expect(surfeMessageOf(null)).toEqual({});
		expect(surfeMessageOf([1, 2])).toEqual({});
		expect(surfeMessageOf('plain text')).toEqual({ message: 'plain text' });
		expect(surfeMessageOf({ error: ['a', 'b'], code: 'E1' })).toEqual({ message: 'a; b', code: 'E1' });
		expect(surfeMessageOf({ message: 'x'.repeat(5000) }).message).toHaveLength(300);
		expect(surfeMessageOf({ message: { nested: true } })).toEqual({ message: undefined, code: undefined });
	});

	it('keeps a code that says more than the HTTP status', () => {
		expect(describeSurfeError(400, { code: 'INVALID_INCLUDE', message: 'bad' }).code).toBe('INVALID_INCLUDE');
		expect(describeSurfeError(400, { code: 400, message: 'bad' }).code).toBeUndefined();
	});
});

describe('Surfe webhook URL rule', () => {
	it('takes https as is', () => {
		expect(checkWebhookUrl(' https://n8n.example.com/webhook/a/webhook ', false)).toEqual({ ok: true, url: 'https://n8n.example.com/webhook/a/webhook' });
	});

	it.each(['http://localhost:5678/webhook/a/webhook', 'http://127.0.0.1:5678/x', 'http://192.168.1.20/x', 'http://[::1]:5678/x'])('refuses %s, saying Surfe cannot reach it', (url) => {
		const checked = checkWebhookUrl(url, false);
		expect(checked.ok).toBe(false);
		if (!checked.ok) expect(checked.description).toContain('cannot reach from the internet');
	});

	it('refuses a public http URL with the way to get HTTPS, and without claiming it is unreachable', () => {
		const checked = checkWebhookUrl('http://n8n.example.com/webhook/a/webhook', false);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.message).toBe('Surfe only sends webhooks to HTTPS URLs, and this Webhook URL starts with http://');
		expect(checked.description).toContain('N8N_WEBHOOK_URL');
		expect(checked.description).not.toContain('cannot reach');
	});

	it('allows http only with the option, and never another scheme', () => {
		expect(checkWebhookUrl('http://127.0.0.1:5678/x', true)).toEqual({ ok: true, url: 'http://127.0.0.1:5678/x' });
		expect(checkWebhookUrl('javascript:alert(1)', true).ok).toBe(false);
		expect(checkWebhookUrl('', true).ok).toBe(false);
	});
});
