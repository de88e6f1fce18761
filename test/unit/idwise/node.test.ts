// The IDWise node against the fake IDWise API: Journey Start / Get Summary / Get Result, bad input
// as clear errors, API errors with IDWise's message, pacing per journey, Continue On Fail.
import type { IDataObject } from 'n8n-workflow';

import { Idwise } from '../../../nodes/IDWise/Idwise.node';
import { FakeIdwise } from '../../fakes/idwise';
import { createExecuteContext } from '../../support/nodeContext';
import { credentialTypes } from './triggerHarness';

let idwise: FakeIdwise;
beforeAll(async () => {
	idwise = await new FakeIdwise().start();
});
afterAll(async () => {
	await idwise.close();
});

const credentialsWith = (apiSecret = 'server-secret-1') => ({
	enrichmentWebhooksIdwiseApi: { region: 'custom', customBaseUrl: idwise.baseUrl, baseUrl: idwise.baseUrl, apiKey: 'server-key-1', apiSecret },
});

async function run(parameters: IDataObject | ((itemIndex: number) => IDataObject), options: { items?: IDataObject[]; continueOnFail?: boolean; apiSecret?: string } = {}) {
	const { context } = createExecuteContext({
		items: options.items ?? [{}],
		parameters,
		credentials: credentialsWith(options.apiSecret),
		credentialTypes,
		continueOnFail: options.continueOnFail,
	});
	return (await new Idwise().execute.call(context))[0];
}

const start = (fields: IDataObject) => ({ resource: 'journey', operation: 'start', flowId: 'flow-aml', referenceNo: 'customer-42', ...fields });

describe('Journey: Start', () => {
	it('starts a journey with Basic auth and returns its journey_id', async () => {
		const [item] = await run(start({}));
		expect(item.json).toMatchObject({ journey_id: expect.stringMatching(/^[0-9a-f]{24}$/), reference_no: 'customer-42', is_completed: false });
		expect(item.pairedItem).toEqual({ item: 0 });
		const request = idwise.server.requestsTo('POST', /start-journey$/).at(-1)!;
		expect(request.body).toEqual({ flow_id: 'flow-aml', reference_no: 'customer-42' });
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from('server-key-1:server-secret-1').toString('base64')}`);
	});

	it('sends applicant details for AML journeys in IDWise field names', async () => {
		await run(
			start({
				referenceNo: '  ref/7+a@b.c  ',
				applicantDetails: { fullName: 'Jane Q Doe', birthDate: '1990-02-28T00:00:00.000Z', sex: 'female', nationalityCode: 'gbr', address: '1 High St, London' },
			}),
		);
		expect(idwise.server.requestsTo('POST', /start-journey$/).at(-1)!.body).toEqual({
			flow_id: 'flow-aml',
			reference_no: 'ref/7+a@b.c',
			applicant_details: { full_name: 'Jane Q Doe', birth_date: '1990-02-28', sex: 'female', nationality_code: 'GBR', address: '1 High St, London' },
		});
	});

	it.each([
		['an empty flow ID', { flowId: ' ' }, /Flow ID is empty/],
		['an empty reference', { referenceNo: '' }, /Reference Number is empty/],
		['a reference with spaces inside', { referenceNo: 'customer 42' }, /characters IDWise does not accept/],
		['applicant details without a name', { applicantDetails: { birthDate: '1990-01-01' } }, /need a Full Name/],
		['an impossible birth date', { applicantDetails: { fullName: 'A', birthDate: '1990-02-30' } }, /not a date/],
		['a birth date in another format', { applicantDetails: { fullName: 'A', birthDate: '01/02/1990' } }, /not a date/],
		['an unknown sex', { applicantDetails: { fullName: 'A', sex: 'x' } }, /not male or female/],
		['a 2-letter nationality', { applicantDetails: { fullName: 'A', nationalityCode: 'GB' } }, /3-letter/],
	])('refuses %s before calling IDWise', async (_label, fields, message) => {
		const before = idwise.server.requests.length;
		await expect(run(start(fields))).rejects.toThrow(message);
		expect(idwise.server.requests.length).toBe(before);
	});

	it('reports an IDWise refusal with its message, never the secret', async () => {
		const error = await run(start({}), { apiSecret: 'not-the-secret-987' }).catch((caught: Error) => caught);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe('IDWise: Invalid API key or secret. [authentication_failed]');
		expect((error as { description?: string }).description).toMatch(/Server key/);
		expect(JSON.stringify(error)).not.toContain('not-the-secret-987');
	});

	it('with Continue On Fail, turns a bad item into an error item and runs the others', async () => {
		const output = await run((itemIndex) => start({ referenceNo: itemIndex === 1 ? 'bad ref' : `ok-${itemIndex}` }), { items: [{}, {}, {}], continueOnFail: true });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.reference_no).toBe('ok-0');
		expect(output[1].json.error).toMatch(/Reference Number/);
		expect(output[2].json.reference_no).toBe('ok-2');
	});
});

describe('Journey: Get Summary and Get Result', () => {
	it('gets the summary of a journey', async () => {
		const journey = idwise.addJourney();
		const [item] = await run({ resource: 'journey', operation: 'getSummary', journeyId: journey.journeyId });
		expect(item.json).toMatchObject({ journey_id: journey.journeyId, is_completed: true, step_summaries: expect.any(Array) });
	});

	it('gets the full result of a journey from the one result path', async () => {
		const journey = idwise.addJourney({ systemDecision: 'Refer', manualDecision: 'Approved' });
		const [item] = await run({ resource: 'journey', operation: 'getResult', journeyId: journey.journeyId });
		expect(item.json).toMatchObject({ journey_id: journey.journeyId, system_decision: 'Refer', manual_decision: 'Approved', final_decision: 'Approved', selfie: { is_live: true } });
		expect(idwise.server.requestsTo('GET', new RegExp(`^/journey/v2/result/${journey.journeyId}$`))).toHaveLength(1);
	});

	it('says which journey IDWise did not find, with a hint', async () => {
		const error = await run({ resource: 'journey', operation: 'getResult', journeyId: 'abcdefabcdefabcdefabcdef' }).catch((caught: Error) => caught);
		expect((error as Error).message).toBe('IDWise: Journey not found. [journey_not_found]');
		expect((error as { description?: string }).description).toMatch(/region/);
	});

	it.each([[''], ['../admin'], ['a b'], ['x'.repeat(129)], ['id?x=1']])('refuses the journey id %j without calling IDWise', async (journeyId) => {
		const before = idwise.server.requests.length;
		await expect(run({ resource: 'journey', operation: 'getSummary', journeyId })).rejects.toThrow(/Journey ID/);
		expect(idwise.server.requests.length).toBe(before);
	});

	it("keeps to one summary call per 2 s per journey: three items for one journey get three summaries and no 429", async () => {
		const journey = idwise.addJourney();
		const before = idwise.rateLimitedSummaryCalls;
		const output = await run({ resource: 'journey', operation: 'getSummary', journeyId: journey.journeyId }, { items: [{}, {}, {}] });
		expect(output.map((item) => item.json.journey_id)).toEqual([journey.journeyId, journey.journeyId, journey.journeyId]);
		expect(idwise.summaryRequests(journey.journeyId)).toHaveLength(3);
		expect(idwise.rateLimitedSummaryCalls).toBe(before);
	}, 20_000);

	it('waits out a 429 from IDWise (another client called the summary just before) and succeeds', async () => {
		const journey = idwise.addJourney();
		await fetch(`${idwise.baseUrl}/journey/v2/summary/${journey.journeyId}`, { headers: { authorization: `Basic ${Buffer.from('server-key-1:server-secret-1').toString('base64')}` } });
		const before = idwise.rateLimitedSummaryCalls;
		const [item] = await run({ resource: 'journey', operation: 'getSummary', journeyId: journey.journeyId });
		expect(item.json.journey_id).toBe(journey.journeyId);
		expect(idwise.rateLimitedSummaryCalls).toBeGreaterThan(before);
	}, 20_000);
});
