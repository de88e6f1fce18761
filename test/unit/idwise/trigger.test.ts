// The IDWise Trigger's webhook(): auth first (401, no execution), then the body, the event filter,
// the eventId memory, and the optional journey summary from the (fake) IDWise API.
import type { IDataObject } from 'n8n-workflow';

import { ANY_EVENT } from '../../../nodes/IDWise/events';
import { FakeIdwise } from '../../fakes/idwise';
import { authHeadersFor, DOCUMENTED_EVENT_NAMES, idwiseEvent, type IdwiseSenderAuth } from '../../fakes/idwiseSender';
import { callTrigger } from './triggerHarness';

const withBasic = {
	parameters: { authentication: 'enrichmentWebhooksIdwiseWebhookApi' },
	credentials: { enrichmentWebhooksIdwiseWebhookApi: { authType: 'basicAuth', username: 'idwise', password: 'hook-pass' } },
};
const withBearer = {
	parameters: { authentication: 'enrichmentWebhooksIdwiseWebhookApi' },
	credentials: { enrichmentWebhooksIdwiseWebhookApi: { authType: 'bearerToken', token: 'hook-token-123' } },
};
const withHeaders = {
	parameters: { authentication: 'enrichmentWebhooksIdwiseWebhookApi' },
	credentials: { enrichmentWebhooksIdwiseWebhookApi: { authType: 'customHeaders', headers: { values: [{ name: 'X-Idwise-Key', value: 'key-1' }, { name: 'X-Env', value: 'live' }] } } },
};
const noAuth = { parameters: { authentication: 'none' } };

const body = (event = 'Finished Journey', fields: IDataObject = {}) => JSON.stringify(idwiseEvent(event, fields));

describe.each([
	['Basic auth', withBasic, { type: 'basic', username: 'idwise', password: 'hook-pass' }, [
		['a wrong password', { type: 'basic', username: 'idwise', password: 'hook-pasS' }],
		['a wrong username', { type: 'basic', username: 'idwis', password: 'hook-pass' }],
		['the bearer token scheme', { type: 'bearer', token: 'hook-pass' }],
	]],
	['Bearer token', withBearer, { type: 'bearer', token: 'hook-token-123' }, [
		['a wrong token', { type: 'bearer', token: 'hook-token-124' }],
		['the token as Basic password', { type: 'basic', username: '', password: 'hook-token-123' }],
		['the token in a custom header', { type: 'headers', headers: { authorization: 'hook-token-123' } }],
	]],
	['custom headers', withHeaders, { type: 'headers', headers: { 'X-Idwise-Key': 'key-1', 'X-Env': 'live' } }, [
		['one header wrong', { type: 'headers', headers: { 'X-Idwise-Key': 'key-1', 'X-Env': 'sandbox' } }],
		['one header missing', { type: 'headers', headers: { 'X-Idwise-Key': 'key-1' } }],
	]],
] as Array<[string, IDataObject, IdwiseSenderAuth, Array<[string, IdwiseSenderAuth]>]>)('%s', (_label, setup, right, wrongs) => {
	it('starts an execution for the right credentials and redacts the auth headers n8n stores', async () => {
		const outcome = await callTrigger(setup, body(), authHeadersFor(right));
		expect(outcome.statusCode).toBe(200);
		expect(outcome.items).toHaveLength(1);
		expect(outcome.items?.[0].json.event).toBe('Finished Journey');
		for (const name of Object.keys(authHeadersFor(right))) expect(outcome.storedHeaders[name.toLowerCase()]).toBe('**hidden**');
		expect(JSON.stringify(outcome.items)).not.toMatch(/hook-pass|hook-token-123|key-1/);
	});

	it.each(wrongs)('answers 401 and starts nothing for %s', async (_wrong, auth) => {
		const outcome = await callTrigger(setup, body(), authHeadersFor(auth));
		expect(outcome.statusCode).toBe(401);
		expect(outcome.items).toBeUndefined();
		expect(JSON.stringify(outcome.body)).not.toMatch(/hook-pass|hook-token-123|key-1/);
	});

	it('answers 401 and starts nothing without credentials or with malformed ones', async () => {
		for (const headers of [{}, { authorization: '' }, { authorization: 'Basic %%%' }, { authorization: 'Bearer' }, { 'x-idwise-key': '' }] as Array<Record<string, string>>) {
			const outcome = await callTrigger(setup, body(), headers);
			expect(outcome.statusCode).toBe(401);
			expect(outcome.items).toBeUndefined();
		}
	});

	it("checks auth before the body: IDWise's Test Webhook request with wrong credentials gets 401", async () => {
		const outcome = await callTrigger(setup, '', {});
		expect(outcome.statusCode).toBe(401);
	});
});

describe('authentication settings', () => {
	it('with None, accepts a request that has no credentials', async () => {
		const outcome = await callTrigger(noAuth, body());
		expect(outcome.statusCode).toBe(200);
		expect(outcome.items).toHaveLength(1);
	});

	it('defaults to requiring the credential, and fails closed (401) when none is set', async () => {
		const outcome = await callTrigger({ parameters: {} }, body(), { authorization: 'Bearer anything' });
		expect(outcome.statusCode).toBe(401);
		expect(outcome.items).toBeUndefined();
	});
});

describe('the emitted item', () => {
	it('has the routing fields and everything else IDWise sent', async () => {
		const envelope = idwiseEvent('Verification Update Required', { referenceNo: 'cust-9', futureField: 'kept' });
		const outcome = await callTrigger(noAuth, JSON.stringify(envelope));
		expect(outcome.items?.[0].json).toEqual({
			event: 'Verification Update Required',
			eventId: envelope.body.eventId,
			journeyId: '6568c0f1a2b3c4d5e6f7db3c',
			referenceNo: 'cust-9',
			systemDecision: 'Complete',
			manualDecision: null,
			finalDecision: 'Complete',
			trigger: 'KYC Renewal',
			requiredSteps: [{ stepId: '0', reasonCode: 'DOCUMENT_EXPIRED' }],
			futureField: 'kept',
		});
	});
});

describe('event filter', () => {
	it.each(DOCUMENTED_EVENT_NAMES)('starts on "%s" with the default selection (every documented event)', async (event) => {
		const outcome = await callTrigger(noAuth, body(event));
		expect(outcome.items?.[0].json.event).toBe(event);
	});

	it('acknowledges an unselected event with 200 and starts nothing', async () => {
		const outcome = await callTrigger({ parameters: { authentication: 'none', events: ['Manually Reviewed'] } }, body('Finished Journey'));
		expect(outcome.statusCode).toBe(200);
		expect(outcome.items).toBeUndefined();
		expect(outcome.body).toMatchObject({ ignored: expect.stringContaining('not selected') });
	});

	it('acknowledges an undocumented event by default, and starts on it with "Any Event"', async () => {
		const unknownEvent = body('Journey Archived');
		expect((await callTrigger(noAuth, unknownEvent)).items).toBeUndefined();
		expect((await callTrigger({ parameters: { authentication: 'none', events: [ANY_EVENT] } }, unknownEvent)).items).toHaveLength(1);
	});
});

describe("IDWise's Test Webhook request (body undocumented)", () => {
	it.each([
		['an empty body', ''],
		['an empty object', '{}'],
		['a test flag', '{"test":true}'],
		['a list', '[1,2]'],
		['text', 'ping'],
		['an event without body', '{"event":"Test Webhook"}'],
		['null', 'null'],
	])('gets 200 and starts nothing for %s (with correct credentials)', async (_label, raw) => {
		const outcome = await callTrigger(withBearer, raw, authHeadersFor({ type: 'bearer', token: 'hook-token-123' }));
		expect(outcome.statusCode).toBe(200);
		expect(outcome.items).toBeUndefined();
	});

	it('is treated like any event when it looks like one: an unselected event name is acknowledged', async () => {
		const outcome = await callTrigger(noAuth, JSON.stringify({ event: 'Test Webhook', body: { eventId: 'test' } }));
		expect(outcome.statusCode).toBe(200);
		expect(outcome.items).toBeUndefined();
	});
});

describe('retries with the same eventId', () => {
	it('start one execution; the repeats get 200 and start nothing', async () => {
		const staticData: IDataObject = {};
		const raw = body('Finished Journey', { eventId: 'evt-1' });
		const first = await callTrigger({ ...noAuth, staticData }, raw);
		const second = await callTrigger({ ...noAuth, staticData }, raw);
		const third = await callTrigger({ ...noAuth, staticData }, raw);
		expect(first.items).toHaveLength(1);
		for (const repeat of [second, third]) {
			expect(repeat.statusCode).toBe(200);
			expect(repeat.items).toBeUndefined();
			expect(repeat.body).toMatchObject({ ignored: expect.stringContaining('repeat') });
		}
		expect((await callTrigger({ ...noAuth, staticData }, body('Finished Journey', { eventId: 'evt-2' }))).items).toHaveLength(1);
	});

	it('remember only accepted events: a refused (401) or unselected delivery is not remembered', async () => {
		const staticData: IDataObject = {};
		const raw = body('Finished Journey', { eventId: 'evt-3' });
		expect((await callTrigger({ ...withBearer, staticData }, raw, {})).statusCode).toBe(401);
		expect((await callTrigger({ parameters: { authentication: 'none', events: ['Manually Reviewed'] }, staticData }, raw)).items).toBeUndefined();
		expect((await callTrigger({ ...withBearer, staticData }, raw, authHeadersFor({ type: 'bearer', token: 'hook-token-123' }))).items).toHaveLength(1);
	});

	it('start an execution each time when the memory is turned off (0 hours) or the event has no eventId', async () => {
		const staticData: IDataObject = {};
		const off = { parameters: { authentication: 'none', options: { eventIdMemoryHours: 0 } }, staticData };
		const raw = body('Finished Journey', { eventId: 'evt-4' });
		expect((await callTrigger(off, raw)).items).toHaveLength(1);
		expect((await callTrigger(off, raw)).items).toHaveLength(1);
		const noId = JSON.stringify({ event: 'Finished Step', body: { journeyId: 'j', stepId: '1' } });
		expect((await callTrigger({ ...noAuth, staticData }, noId)).items).toHaveLength(1);
		expect((await callTrigger({ ...noAuth, staticData }, noId)).items).toHaveLength(1);
	});

	it('keep the ids in the node static data, where n8n persists them', async () => {
		const staticData: IDataObject = {};
		await callTrigger({ ...noAuth, staticData }, body('Finished Journey', { eventId: 'evt-5' }));
		expect(JSON.stringify(staticData)).toContain('evt-5');
	});
});

describe('Attach Journey Summary', () => {
	let idwise: FakeIdwise;
	beforeAll(async () => {
		idwise = await new FakeIdwise().start();
	});
	afterAll(async () => {
		await idwise.close();
	});

	const withSummary = (apiSecret = 'server-secret-1') => ({
		parameters: { authentication: 'none', attachSummary: true },
		credentials: { enrichmentWebhooksIdwiseApi: { region: 'custom', customBaseUrl: idwise.baseUrl, baseUrl: idwise.baseUrl, apiKey: 'server-key-1', apiSecret } },
	});

	it('fetches the summary with Basic auth and attaches it', async () => {
		const journey = idwise.addJourney({ systemDecision: 'Refer' });
		const outcome = await callTrigger(withSummary(), body('Finished Journey', { journeyId: journey.journeyId }));
		const item = outcome.items?.[0].json as IDataObject;
		expect(item.summary).toMatchObject({ journey_id: journey.journeyId, is_completed: true, result: { interim_rule_assessment: 'Failed' } });
		expect(item.summaryError).toBeUndefined();
		const [request] = idwise.summaryRequests(journey.journeyId);
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from('server-key-1:server-secret-1').toString('base64')}`);
	});

	it("keeps to IDWise's one summary call per 2 s per journey: two quick events for one journey cause no 429", async () => {
		const journey = idwise.addJourney();
		const before = idwise.rateLimitedSummaryCalls;
		const first = await callTrigger(withSummary(), body('Finished User Steps', { journeyId: journey.journeyId }));
		const second = await callTrigger(withSummary(), body('Finished Journey', { journeyId: journey.journeyId }));
		expect(first.items?.[0].json.summary).toBeTruthy();
		expect(second.items?.[0].json.summary).toBeTruthy();
		expect(idwise.rateLimitedSummaryCalls).toBe(before);
		expect(idwise.summaryRequests(journey.journeyId)).toHaveLength(2);
	});

	it('still emits the event when the summary cannot be fetched, saying why (never the secret)', async () => {
		const missing = await callTrigger(withSummary(), body('Finished Journey', { journeyId: 'ffffffffffffffffffffffff' }));
		expect(missing.statusCode).toBe(200);
		expect(missing.items?.[0].json).toMatchObject({ summary: null, summaryError: 'IDWise: Journey not found. [journey_not_found]' });

		const refused = await callTrigger(withSummary('wrong-secret-xyz'), body('Finished Journey', { journeyId: idwise.addJourney().journeyId }));
		expect(refused.items?.[0].json).toMatchObject({ summary: null, summaryError: expect.stringContaining('Invalid API key or secret') });
		expect(JSON.stringify(refused.items)).not.toContain('wrong-secret-xyz');

		const noJourney = await callTrigger(withSummary(), JSON.stringify({ event: 'Finished Journey', body: { eventId: 'x-no-journey' } }));
		expect(noJourney.items?.[0].json).toMatchObject({ summary: null, summaryError: expect.stringContaining('no journeyId') });
	});
});
