// The whole loop on loopback: the node starts batches on the fake FullEnrich, the fake calls back
// (signed, with retries) to a stand-in for n8n's production URL, and the trigger turns the
// callbacks into items.
import type { IDataObject } from 'n8n-workflow';

import { FakeFullEnrich, FULLENRICH_CALLBACK_RETRIES } from '../../fakes/fullenrich';
import { contacts, ENRICH_PARAMETERS, runNode, TriggerReceiver } from './support';

const withWebhooks = (items: IDataObject[], options: IDataObject) => (itemIndex: number) => ({ ...ENRICH_PARAMETERS(items)(itemIndex), options });

describe('FullEnrich callbacks into the trigger', () => {
	let receiver: TriggerReceiver | undefined;
	afterEach(async () => {
		await receiver?.close();
		receiver = undefined;
	});

	it('one trigger URL for both callbacks: a per-contact item for each contact, then the batch', async () => {
		const fake = await new FakeFullEnrich().start();
		receiver = await new TriggerReceiver().start();
		const items = contacts(5);
		await runNode(fake, { items, parameters: withWebhooks(items, { webhookUrl: receiver.url, contactFinishedUrl: receiver.url }) });
		await fake.close();

		expect(fake.deliveries.map((delivery) => delivery.kind)).toEqual(['contact', 'contact', 'contact', 'contact', 'contact', 'batch']);
		const perCall = receiver.calls.map((call) => call.items?.map((item) => `${item.event}:${(item.custom as IDataObject).n8n_item_index}`));
		expect(perCall).toEqual([
			['contact_finished:0'],
			['contact_finished:1'],
			['contact_finished:2'],
			['contact_finished:3'],
			['contact_finished:4'],
			['batch_finished:0', 'batch_finished:1', 'batch_finished:2', 'batch_finished:3', 'batch_finished:4'],
		]);
	});

	it('a trigger listening for contact_finished only acknowledges the batch callback without a run', async () => {
		const fake = await new FakeFullEnrich().start();
		receiver = await new TriggerReceiver({ events: ['contact_finished'] }).start();
		const items = contacts(3);
		await runNode(fake, { items, parameters: withWebhooks(items, { webhookUrl: receiver.url, contactFinishedUrl: receiver.url }) });
		await fake.close();

		expect(receiver.calls.filter((call) => call.items !== undefined)).toHaveLength(3);
		expect(receiver.calls.at(-1)).toMatchObject({ statusCode: 200, items: undefined });
		// A 200 is success for FullEnrich: no retry of the ignored callback.
		expect(fake.deliveries.every((delivery) => delivery.attempts.length === 1)).toBe(true);
	});

	it('FullEnrich retries a callback answered with non-2xx, up to 5 times', async () => {
		const fake = await new FakeFullEnrich({ callbackRetryDelayMs: 5 }).start();
		receiver = await new TriggerReceiver({}, undefined, { count: 2, status: 503 }).start();
		const items = contacts(2);
		await runNode(fake, { items, parameters: withWebhooks(items, { webhookUrl: receiver.url }) });
		await fake.close();

		const [delivery] = fake.deliveries;
		expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 200]);
		expect(receiver.items).toHaveLength(2);
	});

	it('a callback the trigger refuses (signed with another workspace key) is retried 5 times and never runs', async () => {
		const fake = await new FakeFullEnrich({ callbackRetryDelayMs: 1 }).start();
		receiver = await new TriggerReceiver({}, 'a-different-api-key').start();
		const items = contacts(1);
		await runNode(fake, { items, parameters: withWebhooks(items, { webhookUrl: receiver.url }) });
		await fake.close();

		expect(fake.deliveries[0].attempts).toHaveLength(1 + FULLENRICH_CALLBACK_RETRIES);
		expect(fake.deliveries[0].attempts.every((attempt) => attempt.status === 401)).toBe(true);
		expect(receiver.items).toHaveLength(0);
	});

	it('credits running out after N contacts: the batch ends CREDITS_INSUFFICIENT and delivers the finished ones', async () => {
		const fake = await new FakeFullEnrich({ creditsInsufficientAfter: 130 }).start();
		receiver = await new TriggerReceiver().start();
		const items = contacts(200);
		await runNode(fake, { items, parameters: withWebhooks(items, { webhookUrl: receiver.url }) });
		await fake.close();

		const statuses = receiver.calls.map((call) => [call.items?.[0].enrichment_status, call.items?.length]);
		expect(statuses).toEqual([
			['FINISHED', 100],
			['CREDITS_INSUFFICIENT', 30],
		]);
		expect(receiver.items.map((item) => (item.custom as IDataObject).n8n_item_index)).toEqual(Array.from({ length: 130 }, (_unused, index) => index));
	});

	it('a cancelled batch delivers the contacts it finished, and contacts not found come back empty', async () => {
		const fake = await new FakeFullEnrich({ cancelAfter: 3, outcome: (contact) => (contact.first_name === 'First1' ? 'not_found' : 'found') }).start();
		receiver = await new TriggerReceiver().start();
		const items = contacts(5);
		await runNode(fake, { items, parameters: withWebhooks(items, { webhookUrl: receiver.url }) });
		await fake.close();

		expect(receiver.items).toHaveLength(3);
		expect(receiver.items.map((item) => [item.enrichment_status, item.work_email])).toEqual([
			['CANCELED', 'first0.last0@company0.example'],
			['CANCELED', null],
			['CANCELED', 'first2.last2@company2.example'],
		]);
	});

	it('the fake signs the exact bytes it sends', async () => {
		const fake = await new FakeFullEnrich().start();
		receiver = await new TriggerReceiver().start();
		const items = contacts(1);
		await runNode(fake, { items, parameters: withWebhooks(items, { webhookUrl: receiver.url }) });
		await fake.close();

		const [callback] = receiver.server.requests;
		expect(callback.rawBody.toString('utf8')).toBe(fake.deliveries[0].rawBody);
		expect(callback.headers['x-signature-sha1']).toBe(fake.deliveries[0].signature);
		expect(callback.query.get('event')).toBe('batch_finished');
	});
});
