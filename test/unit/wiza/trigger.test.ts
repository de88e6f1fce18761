import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { WizaTrigger } from '../../../nodes/Wiza/WizaTrigger.node';
import { fakeContactFor } from '../../fakes/wiza';
import { API_KEY, webhookContext } from './helpers';

const trigger = new WizaTrigger();
const authKey = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');

const contact = fakeContactFor({ profile_url: 'https://www.linkedin.com/in/stephen-x-5babb21b0' }, 'full');
const finishedReveal = {
	status: { code: 200, message: 'Single reveal finished' },
	type: 'individual_reveal',
	data: { id: 123456, status: 'finished', is_complete: true, enrichment_level: 'full', ...contact, brand_new_field: 'kept' },
};
const failedReveal = {
	status: { code: 400, message: 'Single reveal failed' },
	type: 'individual_reveal',
	data: { id: 123457, status: 'failed', fail_error: 'billing_issue' },
};
const finishedList = { status: { code: 200, message: 'List finished' }, type: 'list', data: { id: 77, name: 'Leads', status: 'finished' } };

async function call(options: { body: unknown; headers?: Record<string, unknown>; parameters?: IDataObject; workflowId?: string; staticData?: IDataObject }) {
	const webhook = webhookContext(options);
	const result = await trigger.webhook.call(webhook.context);
	return { result, response: webhook.response };
}

describe('Wiza Trigger webhook()', () => {
	describe('verification comes first', () => {
		const refused: Array<[string, Record<string, unknown>]> = [
			['no key', {}],
			['an empty key', { 'x-auth-key': '' }],
			['the key of another API key', { 'x-auth-key': authKey('another-key') }],
			['a key of another length', { 'x-auth-key': authKey(API_KEY).slice(0, 40) }],
			['a longer key', { 'x-auth-key': `${authKey(API_KEY)}00` }],
			['a non-hex key of the right length', { 'x-auth-key': 'z'.repeat(64) }],
			['the API key itself instead of its hash', { 'x-auth-key': API_KEY }],
			['a repeated header', { 'x-auth-key': [authKey(API_KEY), authKey(API_KEY)] }],
			['a repeated header as Node joins it', { 'x-auth-key': `${authKey(API_KEY)}, ${authKey(API_KEY)}` }],
			['a huge header', { 'x-auth-key': 'a'.repeat(100_000) }],
			['unicode', { 'x-auth-key': 'é'.repeat(64) }],
		];

		it.each(refused)('answers 401 and starts nothing for %s', async (_case, headers) => {
			const { result, response } = await call({ body: finishedReveal, headers });
			expect(response.statusCode).toBe(401);
			expect(result.workflowData).toBeUndefined();
			expect(result.noWebhookResponse).toBe(true);
			expect(JSON.stringify(response.body)).not.toContain(authKey(API_KEY));
		});

		it('answers 401 even for a body that is not JSON, without parsing it', async () => {
			const { result, response } = await call({ body: 'not json {', headers: { 'x-auth-key': 'nope' } });
			expect(response.statusCode).toBe(401);
			expect(result.workflowData).toBeUndefined();
		});

		it('reads neither body nor parameters of a request that fails verification', async () => {
			const webhook = webhookContext({ body: finishedReveal, headers: { 'x-auth-key': authKey('other') } });
			const getBodyData = jest.spyOn(webhook.context, 'getBodyData');
			const getNodeParameter = jest.spyOn(webhook.context, 'getNodeParameter');
			await trigger.webhook.call(webhook.context);
			expect(getBodyData).not.toHaveBeenCalled();
			expect(getNodeParameter).not.toHaveBeenCalled();
		});

		it('marks x-auth-key as consumed so n8n redacts it', async () => {
			const webhook = webhookContext({ body: finishedReveal, headers: { 'x-auth-key': authKey(API_KEY) } });
			await trigger.webhook.call(webhook.context);
			const request = webhook.context.getRequestObject() as unknown as Record<symbol, unknown>;
			expect(request[Symbol.for('n8n.consumedAuth')]).toEqual(['x-auth-key']);
		});

		it('accepts the key in upper-case hex (the docs do not name the case)', async () => {
			const { result } = await call({ body: finishedReveal, headers: { 'x-auth-key': authKey(API_KEY).toUpperCase() } });
			expect(result.workflowData).toHaveLength(1);
		});
	});

	describe('a verified reveal', () => {
		const headers = { 'x-auth-key': authKey(API_KEY) };

		it("emits one item with the contact's fields at the top level", async () => {
			const { result, response } = await call({ body: finishedReveal, headers });
			// The trigger leaves the answer to n8n, sent once the execution is stored (acceptAndStart).
			expect(response.ended).toBe(false);
			expect(result.noWebhookResponse).toBeUndefined();
			const items = result.workflowData![0];
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({
				event: 'reveal.finished',
				reveal_id: 123456,
				status: 'finished',
				is_complete: true,
				enrichment_level: 'full',
				name: contact.name,
				title: contact.title,
				company: contact.company,
				location: contact.location,
				linkedin_profile_url: contact.linkedin_profile_url,
				email: contact.email,
				email_type: contact.email_type,
				email_status: contact.email_status,
				emails: contact.emails,
				mobile_phone: contact.mobile_phone,
				phone_number: contact.phone_number,
				phone_status: contact.phone_status,
				phones: contact.phones,
				credits: contact.credits,
				company_domain: contact.company_domain,
				brand_new_field: 'kept',
			});
		});

		it('never copies the auth header into the item', async () => {
			const { result } = await call({ body: finishedReveal, headers });
			expect(JSON.stringify(result.workflowData)).not.toContain(authKey(API_KEY));
		});

		it('marks a failed reveal as reveal.failed with fail_error', async () => {
			const { result } = await call({ body: failedReveal, headers });
			expect(result.workflowData![0][0].json).toEqual({ event: 'reveal.failed', reveal_id: 123457, status: 'failed', fail_error: 'billing_issue' });
		});

		it.each([
			['status.code 400 alone', { ...finishedReveal, status: { code: 400, message: 'x' } }],
			['data.status failed alone', { ...finishedReveal, status: { code: 200 }, data: { ...finishedReveal.data, status: 'failed' } }],
			['fail_error alone', { status: { code: 200 }, type: 'individual_reveal', data: { id: 1, fail_error: 'no_match' } }],
		])('counts %s as failed', async (_case, body) => {
			const { result } = await call({ body, headers });
			expect(result.workflowData![0][0].json.event).toBe('reveal.failed');
		});

		it('tells a reveal without a type apart by its shape', async () => {
			const untyped: Record<string, unknown> = { ...finishedReveal };
			delete untyped.type;
			const { result } = await call({ body: untyped, headers });
			expect(result.workflowData![0][0].json).toMatchObject({ event: 'reveal.finished', reveal_id: 123456 });
		});

		it('emits the body exactly as sent with Raw Payload', async () => {
			const { result } = await call({ body: finishedReveal, headers, parameters: { options: { rawPayload: true } } });
			expect(result.workflowData![0][0].json).toEqual(finishedReveal);
		});
	});

	describe('a verified list callback (undocumented payload)', () => {
		const headers = { 'x-auth-key': authKey(API_KEY) };

		it('passes a typed list callback through as one item', async () => {
			const { result } = await call({ body: finishedList, headers });
			expect(result.workflowData![0]).toEqual([{ json: { event: 'list.finished', ...finishedList } }]);
		});

		it('recognises the data_json shape seen in third-party code', async () => {
			const body = { data_json: { id: 5, status: 'finished' } };
			const { result } = await call({ body, headers });
			expect(result.workflowData![0][0].json).toEqual({ event: 'list.finished', ...body });
		});

		it('reads an untyped data object without reveal fields as a list', async () => {
			const body = { status: { code: 200 }, data: { id: 5, name: 'Q3', status: 'finished' } };
			const { result } = await call({ body, headers });
			expect(result.workflowData![0][0].json.event).toBe('list.finished');
		});
	});

	describe('events filter', () => {
		const headers = { 'x-auth-key': authKey(API_KEY) };

		it('answers 200 and starts nothing for an event the user did not select', async () => {
			const { result, response } = await call({ body: failedReveal, headers, parameters: { events: ['reveal.finished'] } });
			expect(response.statusCode).toBe(200);
			expect(result.workflowData).toBeUndefined();
		});

		it('starts the workflow for a selected event only', async () => {
			const parameters = { events: ['list.finished'] };
			expect((await call({ body: finishedList, headers, parameters })).result.workflowData).toHaveLength(1);
			expect((await call({ body: finishedReveal, headers, parameters })).result.workflowData).toBeUndefined();
		});

		it('listens to every documented event by default', () => {
			const events = trigger.description.properties.find((property) => property.name === 'events');
			expect(events?.default).toEqual(['reveal.finished', 'reveal.failed', 'list.finished']);
			expect(events?.options?.map((option) => (option as { value: string }).value).sort()).toEqual([...(events?.default as string[])].sort());
		});
	});

	describe('a delivery Wiza sends again (it retries up to 3 times without a 2xx)', () => {
		const headers = { 'x-auth-key': authKey(API_KEY) };

		/** One request to the trigger of `workflowId`; `answer` is what n8n answered (the trigger leaves it to n8n). */
		async function deliver(workflowId: string, body: unknown, answer?: number, staticData: IDataObject = {}) {
			const webhook = webhookContext({ body, headers, workflowId, staticData });
			const result = await trigger.webhook.call(webhook.context);
			if (answer !== undefined && !webhook.response.ended) webhook.context.getResponseObject().status(answer).json({});
			return { started: result.workflowData !== undefined, response: webhook.response, staticData };
		}

		it('starts no second execution for the same bytes, answered 2xx and marked as a repeat', async () => {
			const workflowId = `wiza-repeat-${Date.now()}`;
			expect((await deliver(workflowId, finishedReveal, 200)).started).toBe(true);
			const again = await deliver(workflowId, finishedReveal, 200);
			expect(again.started).toBe(false);
			expect(again.response.statusCode).toBe(200);
			expect(again.response.body).toEqual({ received: true, ignored: 'repeat of a delivery already accepted (same body)' });
		});

		it('refuses a repeat that arrives while the first delivery is still waiting for its answer', async () => {
			const workflowId = `wiza-pending-${Date.now()}`;
			expect((await deliver(workflowId, failedReveal)).started).toBe(true);
			expect((await deliver(workflowId, failedReveal)).started).toBe(false);
		});

		it('accepts the retry of a delivery n8n answered with an error (the execution was not stored)', async () => {
			const workflowId = `wiza-retry-${Date.now()}`;
			expect((await deliver(workflowId, finishedList, 500)).started).toBe(true);
			expect((await deliver(workflowId, finishedList, 200)).started).toBe(true);
			expect((await deliver(workflowId, finishedList, 200)).started).toBe(false);
		});

		it('tells deliveries apart by their bytes, not by data.id: a reveal and a list with the same id both start', async () => {
			const workflowId = `wiza-ids-${Date.now()}`;
			const reveal = { ...finishedReveal, data: { ...finishedReveal.data, id: 77 } };
			const list = { ...finishedList, data: { ...finishedList.data, id: 77 } };
			expect((await deliver(workflowId, reveal, 200)).started).toBe(true);
			expect((await deliver(workflowId, list, 200)).started).toBe(true);
			expect((await deliver(workflowId, { ...reveal, data: { ...reveal.data, title: 'CTO' } }, 200)).started).toBe(true);
		});

		it("keeps accepted deliveries in the workflow's static data, which another n8n process reads", async () => {
			const shared: IDataObject = {};
			const first = await deliver(`wiza-process-a-${Date.now()}`, finishedReveal, 200, shared);
			expect(first.started).toBe(true);
			expect(Array.isArray(shared.acceptedDeliveries) && shared.acceptedDeliveries.length).toBe(1);
			// Another process (nothing in its memory: another workflow scope here) loads that static data.
			expect((await deliver(`wiza-process-b-${Date.now()}`, finishedReveal, 200, { ...shared })).started).toBe(false);
		});

		it('keeps workflows apart: the same delivery to another Wiza Trigger starts it', async () => {
			expect((await deliver(`wiza-one-${Date.now()}`, failedReveal, 200)).started).toBe(true);
			expect((await deliver(`wiza-two-${Date.now()}`, failedReveal, 200)).started).toBe(true);
		});

		it('remembers nothing for a request it refused or ignored', async () => {
			const workflowId = `wiza-ignored-${Date.now()}`;
			const staticData: IDataObject = {};
			await call({ body: finishedReveal, headers: { 'x-auth-key': authKey('other') }, workflowId, staticData });
			await call({ body: failedReveal, headers, parameters: { events: ['reveal.finished'] }, workflowId, staticData });
			await call({ body: {}, headers, workflowId, staticData });
			expect(staticData).toEqual({});
			expect((await deliver(workflowId, finishedReveal, 200)).started).toBe(true);
			expect((await deliver(workflowId, failedReveal, 200)).started).toBe(true);
		});
	});

	describe('authenticated bodies that are not Wiza callbacks', () => {
		const headers = { 'x-auth-key': authKey(API_KEY) };

		it.each([
			['an empty object', {}],
			['an array', [finishedReveal]],
			['a JSON string', '"hello"'],
			['an unknown type', { type: 'company_enrichment', data: { id: 1 } }],
			['a reveal without an id', { type: 'individual_reveal', data: { status: 'finished' } }],
			['a reveal whose emails are not a list', { type: 'individual_reveal', data: { id: 1, emails: 'a@b.c' } }],
			['a status that is not an object', { status: 'ok', data: { id: 1, is_complete: true } }],
		])('acknowledges %s with 200 and starts nothing', async (_case, body) => {
			const { result, response } = await call({ body, headers });
			expect(response.statusCode).toBe(200);
			expect(result.workflowData).toBeUndefined();
		});
	});
});
