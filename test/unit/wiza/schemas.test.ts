import { classifyCallback } from '../../../nodes/Wiza/callbacks';
import { revealToItem, listToItem } from '../../../nodes/Wiza/flatten';
import { creditsResponseSchema, listContactsSchema, revealDataSchema, revealEnvelopeSchema, wizaErrorBodySchema } from '../../../nodes/Wiza/schemas';
import { describeWizaError } from '../../../nodes/Wiza/transport';

describe('Wiza schemas', () => {
	describe('reveal data', () => {
		it('keeps fields it does not know', () => {
			const parsed = revealDataSchema.parse({ id: 1, status: 'finished', company_industry: 'Software', nested: { a: [1] } });
			expect(parsed).toMatchObject({ company_industry: 'Software', nested: { a: [1] } });
		});

		it('accepts nulls where Wiza leaves a field empty', () => {
			expect(revealDataSchema.safeParse({ id: 1, email: null, emails: null, phones: null, credits: null, fail_error: null }).success).toBe(true);
		});

		it.each([
			['no id', { status: 'finished' }],
			['a negative id', { id: -1 }],
			['a fractional id', { id: 1.5 }],
			['an empty string id', { id: '' }],
			['an object id', { id: { $gt: 0 } }],
			['a number for a name', { id: 1, name: 42 }],
			['emails as a string', { id: 1, emails: 'a@b.c' }],
			['an email entry without email', { id: 1, emails: [{ email_type: 'work' }] }],
			['phones as an object', { id: 1, phones: { number: '1' } }],
			['is_complete as a string', { id: 1, is_complete: 'true' }],
			['credits as a number', { id: 1, credits: 3 }],
		])('rejects %s', (_case, data) => {
			expect(revealDataSchema.safeParse(data).success).toBe(false);
		});

		it.each([null, undefined, 42, 'text', [], true])('rejects a non-object (%p)', (value) => {
			expect(revealDataSchema.safeParse(value).success).toBe(false);
		});

		it('does not let a __proto__ key change the prototype of the parsed value', () => {
			const hostile = JSON.parse('{"id": 1, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
			const parsed = revealDataSchema.parse(hostile);
			expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			expect((parsed as Record<string, unknown>).polluted).toBeUndefined();
		});

		it('copes with a huge string and a deep object without throwing', () => {
			let deep: Record<string, unknown> = { end: true };
			for (let level = 0; level < 500; level++) deep = { deep };
			const result = revealDataSchema.safeParse({ id: 1, name: 'x'.repeat(1_000_000), deep });
			expect(result.success).toBe(true);
		});
	});

	describe('envelope', () => {
		it('reads a numeric-string status code as a number', () => {
			const parsed = revealEnvelopeSchema.parse({ status: { code: '400' }, data: { id: 1 } });
			expect(parsed.status?.code).toBe(400);
		});

		it.each([{ code: 'abc' }, { code: 20.5 }, { code: '2000' }, { message: 5 }])('rejects a malformed status %p', (status) => {
			expect(revealEnvelopeSchema.safeParse({ status, data: { id: 1 } }).success).toBe(false);
		});
	});

	describe('error body', () => {
		it("reads Wiza's message and code", () => {
			expect(describeWizaError(401, { status: { code: 401, message: 'Invalid API key.' } })).toMatchObject({ message: 'Invalid API key.', code: '401' });
		});

		it.each([undefined, null, 'Bad Gateway', '<html>oops</html>', [], { status: 'error' }, { status: { code: 500 } }, { message: 'flat' }])(
			'gives no provider message for a body that is not Wiza-shaped (%p) and still a hint',
			(body) => {
				const described = describeWizaError(502, body);
				expect(described.message).toBeUndefined();
				expect(described.hint).toMatch(/Wiza had a server error/);
				expect(wizaErrorBodySchema.safeParse(body).success).toBe(false);
			},
		);
	});

	describe('credits and contacts', () => {
		it('accepts "unlimited" and object-shaped api_credits', () => {
			expect(creditsResponseSchema.safeParse({ credits: { email_credits: 'unlimited', api_credits: { total: 3 } } }).success).toBe(true);
		});

		it('rejects a contacts answer whose data is not a list of objects', () => {
			expect(listContactsSchema.safeParse({ data: { id: 1 } }).success).toBe(false);
			expect(listContactsSchema.safeParse({ data: [1, 2] }).success).toBe(false);
			expect(listContactsSchema.safeParse({ data: [] }).success).toBe(true);
		});
	});

	describe('flattening', () => {
		it('renames id to reveal_id, orders contact fields first and drops an empty fail_error', () => {
			const item = revealToItem(revealDataSchema.parse({ zeta: 1, id: 9, fail_error: null, email: 'a@b.co', name: 'A B', status: 'finished' }));
			expect(Object.keys(item)).toEqual(['reveal_id', 'status', 'name', 'email', 'zeta']);
		});

		it('renames a list id to list_id and keeps a real fail_error', () => {
			expect(listToItem({ id: 3, name: 'L', status: 'failed', fail_error: 'billing_issue' })).toEqual({ list_id: 3, name: 'L', status: 'failed', fail_error: 'billing_issue' });
		});
	});

	describe('callback classification', () => {
		it('never throws on hostile bodies', () => {
			const bodies: unknown[] = [undefined, null, 0, NaN, '', 'x', [], [{}], { type: 5 }, { type: 'individual_reveal' }, { data: [] }, { data: null }, { data_json: 'x' }, { type: 'x'.repeat(100_000), data: {} }];
			for (const body of bodies) {
				const result = classifyCallback(body);
				expect(result.recognised).toBe(false);
				if (!result.recognised) expect(result.problem.length).toBeLessThan(500);
			}
		});

		it('calls a prospect list callback a list', () => {
			expect(classifyCallback({ type: 'prospect_list', data: { id: 1 } })).toMatchObject({ recognised: true, event: 'list.finished' });
		});
	});
});
