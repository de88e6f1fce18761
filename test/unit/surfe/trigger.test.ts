import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Surfe } from '../../../nodes/Surfe/Surfe.node';
import { SurfeTrigger } from '../../../nodes/Surfe/SurfeTrigger.node';
import { fakeEnrichedCompany, fakeEnrichedPerson, signSurfeBody, type FakeSurfe } from '../../fakes/surfe';
import { enrichPeopleParameters, executeContext, peopleItems, startFakeSurfe, WEBHOOK_SECRET, webhookContext } from './helpers';

const trigger = new SurfeTrigger();
const ALL_DOCUMENTED = ['person.enrichment.completed', 'person.batch-enrichment.completed', 'company.enrichment.completed'];

const ada = fakeEnrichedPerson({ firstName: 'Ada', lastName: 'Lovelace', companyDomain: 'engines.com', externalID: 'row-1' }, { email: true, mobile: true });
const grace = fakeEnrichedPerson({ firstName: 'Grace', lastName: 'Hopper', companyName: 'Navy', externalID: 'row-2' }, { email: true });
const personEvent = { eventType: 'person.enrichment.completed', data: { enrichmentID: 'enr-1', person: ada } };
const batchEvent = { eventType: 'person.batch-enrichment.completed', data: { enrichmentID: 'enr-1', status: 'COMPLETED', percentCompleted: 100, people: [ada, grace] } };

interface Call {
	rawBody?: string | Buffer;
	body?: unknown;
	headers?: Record<string, unknown>;
	parameters?: IDataObject;
	webhookSecret?: string;
	/** Sign with this timestamp (ms) unless `headers` already has a signature. */
	signedAt?: number;
}

async function deliver(call: Call) {
	const rawBody = call.rawBody ?? JSON.stringify(call.body);
	const headers = { ...call.headers };
	if (!('x-surfe-signature' in headers)) headers['x-surfe-signature'] = signSurfeBody(WEBHOOK_SECRET, rawBody, call.signedAt ?? Date.now());
	const webhook = webhookContext({ rawBody, headers, parameters: call.parameters, webhookSecret: call.webhookSecret });
	const result = await trigger.webhook.call(webhook.context);
	return { result, response: webhook.response, items: (result.workflowData?.[0] ?? []).map((item: INodeExecutionData) => item.json) };
}

describe('Surfe Trigger webhook()', () => {
	describe('signature verification (x-surfe-signature: t=<ms>,v0=<hex>)', () => {
		it('accepts a correctly signed delivery and emits the person', async () => {
			const { result, response, items } = await deliver({ body: personEvent });
			// The trigger leaves the answer to n8n, sent once the execution is stored (acceptAndStart).
			expect(response.ended).toBe(false);
			expect(result.noWebhookResponse).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ eventType: 'person.enrichment.completed', externalID: 'row-1', enrichmentID: 'enr-1', signatureVerified: true });
		});

		const raw = JSON.stringify(personEvent);
		const refused: Array<[string, Call]> = [
			['no signature header', { rawBody: raw, headers: { 'x-surfe-signature': undefined } }],
			['an empty header', { rawBody: raw, headers: { 'x-surfe-signature': '' } }],
			['a signature made with another secret', { rawBody: raw, headers: { 'x-surfe-signature': signSurfeBody('another-secret', raw, Date.now()) } }],
			['a body changed after signing', { rawBody: raw.replace('row-1', 'row-9'), headers: { 'x-surfe-signature': signSurfeBody(WEBHOOK_SECRET, raw, Date.now()) } }],
			['the same JSON re-serialised with other spacing', { rawBody: JSON.stringify(personEvent, null, 2), headers: { 'x-surfe-signature': signSurfeBody(WEBHOOK_SECRET, raw, Date.now()) } }],
			['a signature over the body without the timestamp', { rawBody: raw, headers: { 'x-surfe-signature': `t=${Date.now()},v0=${signSurfeBody(WEBHOOK_SECRET, raw, 0).split('v0=')[1]}` } }],
			['a timestamp changed after signing', { rawBody: raw, headers: { 'x-surfe-signature': signSurfeBody(WEBHOOK_SECRET, raw, Date.now()).replace(/^t=\d+/, `t=${Date.now() + 1}`) } }],
			['a stale timestamp (10 minutes old)', { rawBody: raw, signedAt: Date.now() - 10 * 60_000 }],
			['a timestamp 10 minutes in the future', { rawBody: raw, signedAt: Date.now() + 10 * 60_000 }],
			['a stale timestamp given in seconds', { rawBody: raw, signedAt: Math.floor((Date.now() - 10 * 60_000) / 1000) }],
			['only v0, no t', { rawBody: raw, headers: { 'x-surfe-signature': `v0=${'a'.repeat(64)}` } }],
			['a non-hex signature', { rawBody: raw, headers: { 'x-surfe-signature': `t=${Date.now()},v0=${'z'.repeat(64)}` } }],
			['a truncated signature', { rawBody: raw, headers: { 'x-surfe-signature': signSurfeBody(WEBHOOK_SECRET, raw, Date.now()).slice(0, -2) } }],
			['a non-numeric timestamp', { rawBody: raw, headers: { 'x-surfe-signature': `t=soon,v0=${'a'.repeat(64)}` } }],
			['a huge header', { rawBody: raw, headers: { 'x-surfe-signature': `t=${Date.now()},v0=${'a'.repeat(100_000)}` } }],
			['a repeated header', { rawBody: raw, headers: { 'x-surfe-signature': [signSurfeBody(WEBHOOK_SECRET, raw, Date.now()), signSurfeBody(WEBHOOK_SECRET, raw, Date.now())] } }],
		];

		it.each(refused)('answers 401 and starts nothing for %s', async (_case, call) => {
			const { result, response } = await deliver(call);
			expect(response.statusCode).toBe(401);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(JSON.stringify(response.body)).not.toContain(WEBHOOK_SECRET);
		});

		it('accepts a timestamp given in seconds when it is fresh', async () => {
			const { items } = await deliver({ body: personEvent, signedAt: Math.floor(Date.now() / 1000) });
			expect(items).toHaveLength(1);
		});

		it('takes its tolerance from the option', async () => {
			const eightMinutesAgo = Date.now() - 8 * 60_000;
			expect((await deliver({ body: personEvent, signedAt: eightMinutesAgo })).response.statusCode).toBe(401);
			expect((await deliver({ body: personEvent, signedAt: eightMinutesAgo, parameters: { options: { toleranceSeconds: 600 } } })).items).toHaveLength(1);
		});

		it('checks the signature before anything else: a forged unknown event is 401, not "ignored"', async () => {
			const { response } = await deliver({ body: { eventType: 'something.else', data: {} }, headers: { 'x-surfe-signature': `t=${Date.now()},v0=${'0'.repeat(64)}` } });
			expect(response.statusCode).toBe(401);
		});

		it('without a secret in the credential, accepts deliveries unverified and says so on every item', async () => {
			const { items } = await deliver({ body: personEvent, webhookSecret: '', headers: { 'x-surfe-signature': 'anything' } });
			expect(items).toHaveLength(1);
			expect(items[0].signatureVerified).toBe(false);
			const unsigned = await deliver({ body: personEvent, webhookSecret: '', headers: { 'x-surfe-signature': undefined } });
			expect(unsigned.items[0].signatureVerified).toBe(false);
		});

		it('says plainly in the node that callbacks are unverified without the secret', () => {
			const notice = trigger.description.properties.find((property) => property.type === 'notice');
			expect(notice?.displayName).toContain('UNVERIFIED');
			expect(notice?.displayName).toContain('Webhook Signing Secret');
		});
	});

	describe('events', () => {
		it('listens to every documented event by default', () => {
			const events = trigger.description.properties.find((property) => property.name === 'events');
			expect(events?.default).toEqual(ALL_DOCUMENTED);
		});

		it('acknowledges an undocumented event with 200 and starts nothing', async () => {
			const { result, response } = await deliver({ body: { eventType: 'person.enrichment.failed', data: { enrichmentID: 'x' } } });
			expect(response.statusCode).toBe(200);
			expect(response.body).toEqual({ received: true, ignored: 'event "person.enrichment.failed" is not selected in the Surfe Trigger' });
			expect(result.workflowData).toBeUndefined();
		});

		it('emits an undocumented event when "any event" is chosen', async () => {
			const { items } = await deliver({ body: { eventType: 'person.enrichment.failed', data: { enrichmentID: 'x', reason: 'boom' } }, parameters: { events: ['*'] } });
			expect(items).toEqual([{ eventType: 'person.enrichment.failed', enrichmentID: 'x', reason: 'boom', signatureVerified: true }]);
		});

		it('ignores a documented event the user did not pick', async () => {
			const { response, result } = await deliver({ body: batchEvent, parameters: { events: ['person.enrichment.completed'] } });
			expect(response.statusCode).toBe(200);
			expect(result.workflowData).toBeUndefined();
		});
	});

	describe('items', () => {
		it('flattens a person: best email with its status, phones by confidence, job, company, LinkedIn URL', async () => {
			const { items } = await deliver({ body: personEvent });
			expect(items[0]).toEqual({
				eventType: 'person.enrichment.completed',
				externalID: 'row-1',
				enrichmentID: 'enr-1',
				status: 'COMPLETED',
				firstName: 'Ada',
				lastName: 'Lovelace',
				jobTitle: ada.jobTitle,
				companyName: 'Engines',
				companyDomain: 'engines.com',
				linkedInUrl: null,
				location: 'Paris, Île-de-France',
				country: 'France',
				email: 'ada.lovelace@engines.com',
				emailValidationStatus: 'VALID',
				mobilePhone: (ada.mobilePhones as IDataObject[])[1].mobilePhone,
				mobilePhoneConfidence: 0.92,
				emails: ada.emails,
				mobilePhones: [(ada.mobilePhones as IDataObject[])[1], (ada.mobilePhones as IDataObject[])[0]],
				departments: ada.departments,
				seniorities: ada.seniorities,
				signatureVerified: true,
			});
		});

		it('gives one item per person for a batch event carrying people[]', async () => {
			const { items } = await deliver({ body: batchEvent });
			expect(items.map((item) => [item.eventType, item.externalID, item.enrichmentID, item.firstName])).toEqual([
				['person.batch-enrichment.completed', 'row-1', 'enr-1', 'Ada'],
				['person.batch-enrichment.completed', 'row-2', 'enr-1', 'Grace'],
			]);
		});

		it('gives one summary item for a batch event without people', async () => {
			const { items } = await deliver({ body: { eventType: 'person.batch-enrichment.completed', data: { enrichmentID: 'enr-2', status: 'COMPLETED', percentCompleted: 100 } } });
			expect(items).toEqual([{ eventType: 'person.batch-enrichment.completed', enrichmentID: 'enr-2', status: 'COMPLETED', percentCompleted: 100, signatureVerified: true }]);
		});

		it('reads companies as data.company or data.companies[]', async () => {
			const surfe = fakeEnrichedCompany({ domain: 'surfe.com', externalID: 'acct-1' });
			const other = fakeEnrichedCompany({ domain: 'other.io', externalID: 'acct-2' });
			const single = await deliver({ body: { eventType: 'company.enrichment.completed', data: { enrichmentID: 'enr-c', company: surfe } } });
			expect(single.items).toEqual([expect.objectContaining({ externalID: 'acct-1', enrichmentID: 'enr-c', name: 'Surfe', website: 'surfe.com', industry: 'Software' })]);
			const list = await deliver({ body: { eventType: 'company.enrichment.completed', data: { enrichmentID: 'enr-c2', companies: [surfe, other] } } });
			expect(list.items.map((item) => item.externalID)).toEqual(['acct-1', 'acct-2']);
		});

		it('emits Surfe\'s own objects when Simplify is off', async () => {
			const { items } = await deliver({ body: personEvent, parameters: { options: { simplify: false } } });
			expect(items).toEqual([{ eventType: 'person.enrichment.completed', enrichmentID: 'enr-1', ...ada, signatureVerified: true }]);
		});

		it('answers 400 and starts nothing for a signed body that is not a Surfe event', async () => {
			for (const rawBody of ['not json', '[]', '{"data":{}}', '{"eventType":"","data":{}}', '{"eventType":"person.enrichment.completed","data":[]}']) {
				const { response, result } = await deliver({ rawBody });
				expect([rawBody, response.statusCode]).toEqual([rawBody, 400]);
				expect(result).toEqual({ noWebhookResponse: true });
			}
			const { response } = await deliver({ body: { eventType: 'person.enrichment.completed', data: { person: { emails: 'x' } } } });
			expect(response.statusCode).toBe(400);
			expect(response.body).toEqual({ message: 'Not a Surfe webhook event', problem: expect.stringContaining('data.person.emails') });
		});

		it('never copies the signature header into items', async () => {
			const { items } = await deliver({ body: batchEvent });
			expect(JSON.stringify(items)).not.toContain('v0=');
		});
	});
});

describe('the fake Surfe calling a Surfe Trigger (real HTTP, signed deliveries, retries)', () => {
	let fake: FakeSurfe;
	let receiver: Server;
	let receiverUrl: string;
	const executions: IDataObject[][] = [];
	const statuses: number[] = [];
	let failNext = 0;

	beforeAll(async () => {
		// A stand-in for n8n's webhook endpoint: each POST runs the trigger's webhook() once.
		receiver = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', async () => {
				if (failNext > 0) {
					failNext--;
					response.writeHead(503).end();
					return;
				}
				const webhook = webhookContext({ rawBody: Buffer.concat(chunks), headers: request.headers as Record<string, unknown> });
				const result = await trigger.webhook.call(webhook.context);
				if (result.workflowData) executions.push(result.workflowData[0].map((item) => item.json));
				const status = webhook.response.statusCode ?? 200;
				statuses.push(status);
				response.writeHead(status).end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/abc/webhook`;
	});

	afterAll(async () => {
		await new Promise((resolve) => receiver.close(resolve));
	});

	afterEach(async () => {
		await fake?.close();
		executions.length = 0;
		statuses.length = 0;
	});

	it('delivers one signed event per person plus one batch event, matched to the inputs by externalID', async () => {
		fake = await startFakeSurfe({ requireHttpsWebhooks: false });
		const people = peopleItems(12);
		const { context } = executeContext(fake, {
			items: people,
			parameters: enrichPeopleParameters(people, { include: ['email', 'mobile'], webhookUrl: receiverUrl, options: { allowPlainHttpWebhookUrl: true } }),
		});
		const [started] = await new Surfe().execute.call(context);
		await fake.idle();

		expect(fake.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status))).toEqual(Array.from({ length: 13 }, () => [200]));
		const perPerson = executions.filter((items) => items[0].eventType === 'person.enrichment.completed');
		const batches = executions.filter((items) => items[0].eventType === 'person.batch-enrichment.completed');
		expect(perPerson).toHaveLength(12);
		expect(perPerson.every((items) => items.length === 1)).toBe(true);
		expect(batches).toHaveLength(1);
		expect(batches[0]).toHaveLength(12);
		for (const [index, input] of started.entries()) {
			const [person] = perPerson.find((items) => items[0].externalID === input.json.externalID)!;
			expect([person.firstName, person.lastName, person.enrichmentID]).toEqual([people[index].firstName, people[index].lastName, input.json.enrichmentID]);
			expect(person.email).toBe(`${String(people[index].firstName).toLowerCase()}.${String(people[index].lastName).toLowerCase()}@${people[index].companyDomain}`);
		}
	});

	it('retries a delivery answered with an error, and the retry is accepted once', async () => {
		fake = await startFakeSurfe({ requireHttpsWebhooks: false, batchEvent: false });
		failNext = 1;
		const people = peopleItems(2);
		const { context } = executeContext(fake, { items: people, parameters: enrichPeopleParameters(people, { webhookUrl: receiverUrl, options: { allowPlainHttpWebhookUrl: true } }) });
		await new Surfe().execute.call(context);
		await fake.idle();
		expect(fake.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status))).toEqual([[503, 200], [200]]);
		expect(executions).toHaveLength(2);
	});

	it('a delivery whose signature is stale gets 401 on every attempt and starts nothing', async () => {
		fake = await startFakeSurfe({ requireHttpsWebhooks: false, batchEvent: false, callbackRetries: 2 });
		fake.signatureTimestamp = () => Date.now() - 60 * 60_000;
		const people = peopleItems(1);
		const { context } = executeContext(fake, { items: people, parameters: enrichPeopleParameters(people, { webhookUrl: receiverUrl, options: { allowPlainHttpWebhookUrl: true } }) });
		await new Surfe().execute.call(context);
		await fake.idle();
		expect(fake.deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401]);
		expect(executions).toHaveLength(0);
	});
});
