import type { IDataObject } from 'n8n-workflow';

import { acceptOnce, deliveryIdOfBytes, markPendingDeliveriesChanged } from '../../../nodes/shared/deliveryMemory';
import { createWebhookContext } from '../../support/nodeContext';

const policy = { windowMs: 60_000, maxEntries: 100 };
const KEY = 'accepted';

/** One request of the workflow `workflowId`, with the static data it loaded. */
function request(workflowId: string, staticData: IDataObject = {}) {
	return createWebhookContext({ rawBody: '{}', workflowId, staticData });
}

const ids = (store: IDataObject) => (store[KEY] as unknown as Array<[string, number]>).map(([id]) => id);

describe('acceptOnce', () => {
	it('accepts a delivery once; a repeat while the first waits for its answer, or after a 2xx, is refused', () => {
		const first = request('wf-1');
		expect(acceptOnce(first.context, KEY, 'event-1', policy)).toBe(true);
		expect(acceptOnce(request('wf-1').context, KEY, 'event-1', policy)).toBe(false);
		first.context.getResponseObject().status(200).json({ received: true });
		expect(acceptOnce(request('wf-1').context, KEY, 'event-1', policy)).toBe(false);
	});

	it('forgets a delivery n8n answered with an error (not stored), so the provider retry is accepted', () => {
		const first = request('wf-2');
		expect(acceptOnce(first.context, KEY, 'event-1', policy)).toBe(true);
		first.context.getResponseObject().status(500).json({ message: 'Error in workflow' });
		expect(acceptOnce(request('wf-2').context, KEY, 'event-1', policy)).toBe(true);
	});

	it('writes every id this process saw accepted into the static data each request loaded (last writer wins there)', () => {
		const a = request('wf-3');
		acceptOnce(a.context, KEY, 'event-a', policy);
		a.context.getResponseObject().status(200).json({});
		// Loaded before event-a was saved, from another process: holds event-x only.
		const loaded: IDataObject = { [KEY]: [['event-x', Date.now()]] as unknown as IDataObject[] };
		const b = request('wf-3', loaded);
		expect(acceptOnce(b.context, KEY, 'event-b', policy)).toBe(true);
		expect(ids(loaded).sort()).toEqual(['event-a', 'event-b', 'event-x']);
		// What another process recorded counts from now on in this one.
		expect(acceptOnce(request('wf-3').context, KEY, 'event-x', policy)).toBe(false);
	});

	it('does not write a delivery still waiting for its answer into another request\'s static data', () => {
		acceptOnce(request('wf-4').context, KEY, 'pending', policy);
		const other: IDataObject = {};
		acceptOnce(request('wf-4', other).context, KEY, 'mine', policy);
		expect(ids(other)).toEqual(['mine']);
	});

	it('keeps workflows apart', () => {
		acceptOnce(request('wf-5').context, KEY, 'same-id', policy);
		expect(acceptOnce(request('wf-6').context, KEY, 'same-id', policy)).toBe(true);
	});

	it('assigns the static data of deliveries awaiting their answer again when n8n reads responseData', () => {
		const store: IDataObject = {};
		acceptOnce(request('wf-7', store).context, KEY, 'event-1', policy);
		const written = store[KEY];
		markPendingDeliveriesChanged();
		expect(store[KEY]).not.toBe(written);
		expect(ids(store)).toEqual(['event-1']);
	});
});

describe('deliveryIdOfBytes', () => {
	it('is the same for the same bytes and event, different otherwise', () => {
		const body = Buffer.from('{"id":"x"}');
		expect(deliveryIdOfBytes(body, 'batch_finished')).toBe(deliveryIdOfBytes(Buffer.from('{"id":"x"}'), 'batch_finished'));
		expect(deliveryIdOfBytes(body, 'contact_finished')).not.toBe(deliveryIdOfBytes(body, 'batch_finished'));
		expect(deliveryIdOfBytes(Buffer.from('{"id": "x"}'), 'batch_finished')).not.toBe(deliveryIdOfBytes(body, 'batch_finished'));
	});
});

describe('acceptOnce repairs static data that lost ids to another process', () => {
	it('writes the ids this process accepted back when a repeat loads static data without them', () => {
		const first = request('wf-repair');
		acceptOnce(first.context, KEY, 'event-1', policy);
		first.context.getResponseObject().status(200).json({});
		const overwritten: IDataObject = { [KEY]: [['event-other', Date.now()]] as unknown as IDataObject[] };
		expect(acceptOnce(request('wf-repair', overwritten).context, KEY, 'event-1', policy)).toBe(false);
		expect(ids(overwritten).sort()).toEqual(['event-1', 'event-other']);
		const complete: IDataObject = { [KEY]: [...(overwritten[KEY] as unknown as unknown[])] as unknown as IDataObject[] };
		const before = complete[KEY];
		acceptOnce(request('wf-repair', complete).context, KEY, 'event-1', policy);
		expect(complete[KEY]).toBe(before);
	});
});
