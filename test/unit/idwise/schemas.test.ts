// IDWise payloads at the edge: documented shapes parse with unknown fields kept; hostile input is
// refused cleanly or passed through harmlessly, never thrown.
import { eventToItem } from '../../../nodes/IDWise/eventItem';
import { journeySummarySchema, startJourneyResponseSchema, webhookEnvelopeSchema } from '../../../nodes/IDWise/schemas';
import { describeIdwiseError } from '../../../nodes/IDWise/transport';
import { parseWith } from '../../../nodes/shared/schema';
import { DOCUMENTED_EVENT_NAMES, idwiseEvent } from '../../fakes/idwiseSender';

describe('webhook envelope', () => {
	it.each(DOCUMENTED_EVENT_NAMES)('parses the documented "%s" payload into one flat item', (name) => {
		const envelope = idwiseEvent(name);
		const parsed = parseWith(webhookEnvelopeSchema, envelope);
		if (!parsed.ok) throw new Error(parsed.problem);
		const item = eventToItem(parsed.value);
		expect(item).toMatchObject({ event: name, eventId: envelope.body.eventId, journeyId: '6568c0f1a2b3c4d5e6f7db3c', referenceNo: 'customer-1' });
		for (const key of ['systemDecision', 'manualDecision', 'finalDecision']) expect(item).toHaveProperty(key, envelope.body[key] ?? null);
		// every other documented field of the type is on the item as sent
		for (const [key, value] of Object.entries(envelope.body)) expect(item[key]).toEqual(value);
	});

	it('keeps fields IDWise adds later, in the body and around it', () => {
		const parsed = parseWith(webhookEnvelopeSchema, { event: 'Finished Journey', version: 3, body: { eventId: 'e1', journeyId: 'j1', referenceNo: 'r', newField: { a: 1 } } });
		if (!parsed.ok) throw new Error(parsed.problem);
		expect(eventToItem(parsed.value)).toMatchObject({ newField: { a: 1 }, version: 3, event: 'Finished Journey' });
	});

	it('never lets body fields overwrite the routing fields', () => {
		const parsed = parseWith(webhookEnvelopeSchema, { event: 'Finished Journey', body: { eventId: 'e1', event: 'Forged' } });
		if (!parsed.ok) throw new Error(parsed.problem);
		expect(eventToItem(parsed.value).event).toBe('Finished Journey');
	});

	it('gives absent ids and decisions as null, and numeric ids as text', () => {
		const parsed = parseWith(webhookEnvelopeSchema, { event: 'KYC Renewal Deadline Exceeded', body: { eventId: 12345, journeyId: 678 } });
		if (!parsed.ok) throw new Error(parsed.problem);
		expect(eventToItem(parsed.value)).toMatchObject({ eventId: '12345', journeyId: '678', referenceNo: null, systemDecision: null, manualDecision: null, finalDecision: null });
	});

	it.each([
		['nothing', undefined],
		['an empty object', {}],
		['a string', 'hello'],
		['an array', [{ event: 'Finished Journey', body: {} }]],
		['no body', { event: 'Finished Journey' }],
		['a body that is a string', { event: 'Finished Journey', body: 'x' }],
		['a body that is null', { event: 'Finished Journey', body: null }],
		['an empty event name', { event: '  ', body: {} }],
		['an event name that is a number', { event: 7, body: {} }],
		['a huge event name', { event: 'x'.repeat(10_000), body: {} }],
		['an eventId that is an object', { event: 'Finished Journey', body: { eventId: { $gt: '' } } }],
		['a huge eventId', { event: 'Finished Journey', body: { eventId: 'e'.repeat(5000) } }],
		['an empty eventId', { event: 'Finished Journey', body: { eventId: '' } }],
		['Infinity as eventId', { event: 'Finished Journey', body: { eventId: Number.POSITIVE_INFINITY } }],
	])('refuses %s without throwing', (_label, input) => {
		const parsed = parseWith(webhookEnvelopeSchema, input);
		expect(parsed.ok).toBe(false);
	});

	it('does not let "__proto__" in a payload change any prototype', () => {
		const hostile = JSON.parse('{"event":"Finished Journey","body":{"eventId":"e1","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}');
		const parsed = parseWith(webhookEnvelopeSchema, hostile);
		if (!parsed.ok) throw new Error(parsed.problem);
		const item = eventToItem(parsed.value);
		expect((item as Record<string, unknown>).polluted).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
	});
});

describe('API answers', () => {
	it('reads the documented summary and keeps its details', () => {
		const parsed = parseWith(journeySummarySchema, {
			journey_id: '6568c0f1a2b3c4d5e6f7db3c',
			is_completed: true,
			step_summaries: [{ definition: { step_id: 0, step_type: 'Document', step_title: 'Photo ID' }, result: { has_passed_rules: true, status: 'Submitted' } }],
			result: { interim_rule_assessment: 'Failed', interim_rule_details: { under_age: { name: 'Under Age', result: 'Failed' } } },
		});
		expect(parsed.ok && parsed.value.result).toMatchObject({ interim_rule_details: { under_age: { result: 'Failed' } } });
	});

	it('refuses a summary whose steps are not a list, and a start answer without journey_id', () => {
		expect(parseWith(journeySummarySchema, { step_summaries: 'none' }).ok).toBe(false);
		expect(parseWith(startJourneyResponseSchema, { reference_no: 'x' }).ok).toBe(false);
		expect(parseWith(startJourneyResponseSchema, null).ok).toBe(false);
	});

	it.each([
		[{ message: 'Journey not found.', error_code: 'journey_not_found' }, 'Journey not found.', 'journey_not_found'],
		[{ detail: 'Invalid username/password.' }, 'Invalid username/password.', undefined],
		[{ error: { message: 'Bad flow', code: 12 } }, 'Bad flow', '12'],
		[{ error: 'bad_request' }, 'bad_request', undefined],
		['<html>502 Bad Gateway</html>', undefined, undefined],
		[null, undefined, undefined],
	])('reads the error body %j', (body, message, code) => {
		const described = describeIdwiseError(404, body);
		expect(described.message).toBe(message);
		expect(described.code).toBe(code);
		expect(described.hint).toMatch(/journey ID/);
	});

	it('cuts an enormous error message', () => {
		expect(describeIdwiseError(500, { message: 'x'.repeat(100_000) }).message).toHaveLength(500);
	});
});
