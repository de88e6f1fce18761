import type { IDataObject } from 'n8n-workflow';

import { rememberFirstSighting } from '../../../nodes/shared/seenIds';
import { acceptAndStart, providerCallbackWebhooks } from '../../../nodes/shared/webhook';

const policy = { windowMs: 60_000, maxEntries: 3 };

describe('rememberFirstSighting', () => {
	it('is true the first time and false for repeats inside the window', () => {
		const store: IDataObject = {};
		expect(rememberFirstSighting(store, 'ids', 'a', policy, 1_000)).toBe(true);
		expect(rememberFirstSighting(store, 'ids', 'a', policy, 2_000)).toBe(false);
		expect(rememberFirstSighting(store, 'ids', 'b', policy, 3_000)).toBe(true);
	});

	it('forgets an id once the window has passed since its first sighting (a repeat does not extend it)', () => {
		const store: IDataObject = {};
		rememberFirstSighting(store, 'ids', 'a', policy, 0);
		expect(rememberFirstSighting(store, 'ids', 'a', policy, 59_000)).toBe(false);
		expect(rememberFirstSighting(store, 'ids', 'a', policy, 60_001)).toBe(true);
	});

	it('keeps at most maxEntries ids, dropping the oldest', () => {
		const store: IDataObject = {};
		for (const [index, id] of ['a', 'b', 'c', 'd'].entries()) rememberFirstSighting(store, 'ids', id, policy, index);
		expect((store.ids as unknown as unknown[]).length).toBe(3);
		expect(rememberFirstSighting(store, 'ids', 'a', policy, 10)).toBe(true);
		expect(rememberFirstSighting(store, 'ids', 'd', policy, 11)).toBe(false);
	});

	it('assigns a new value each call, which is how n8n notices static data changed', () => {
		const store: IDataObject = {};
		rememberFirstSighting(store, 'ids', 'a', policy, 0);
		const first = store.ids;
		rememberFirstSighting(store, 'ids', 'b', policy, 1);
		expect(store.ids).not.toBe(first);
	});

	it('survives a JSON round trip (how n8n stores static data) and ignores malformed storage', () => {
		const store: IDataObject = {};
		rememberFirstSighting(store, 'ids', 'a', policy, 0);
		const reloaded = JSON.parse(JSON.stringify(store)) as IDataObject;
		expect(rememberFirstSighting(reloaded, 'ids', 'a', policy, 1)).toBe(false);
		for (const junk of ['x', 5, null, [['a']], [[1, 2]], [{ id: 'a' }], [['a', 'not a time']]]) {
			const corrupted: IDataObject = { ids: junk as never };
			expect(rememberFirstSighting(corrupted, 'ids', 'a', policy, 1)).toBe(true);
		}
	});

	it('stores a huge id as a short digest and still recognises it; keys like __proto__ are plain ids', () => {
		const store: IDataObject = {};
		const huge = 'e'.repeat(100_000);
		expect(rememberFirstSighting(store, 'ids', huge, policy, 0)).toBe(true);
		expect(JSON.stringify(store).length).toBeLessThan(200);
		expect(rememberFirstSighting(store, 'ids', huge, policy, 1)).toBe(false);
		expect(rememberFirstSighting(store, 'ids', '__proto__', policy, 2)).toBe(true);
		expect(rememberFirstSighting(store, 'ids', '__proto__', policy, 3)).toBe(false);
		expect(Object.getPrototypeOf(store)).toBe(Object.prototype);
	});
});

describe('acceptAndStart', () => {
	it('leaves the answer to n8n (sent once the execution is stored) and hands it the items', () => {
		expect(acceptAndStart([{ json: { a: 1 } }])).toEqual({ workflowData: [[{ json: { a: 1 } }]] });
		expect(providerCallbackWebhooks[0]).toMatchObject({ responseMode: 'onReceived', responseData: '={{ { "received": true } }}' });
	});
});
