import { liveEntries, storedFormOf } from '../../../nodes/shared/seenIds';
import { acceptAndStart, providerCallbackWebhooks } from '../../../nodes/shared/webhook';

const WINDOW_MS = 60_000;

describe('liveEntries', () => {
	it('keeps the entries inside the window, in their order, and drops the expired ones', () => {
		const stored = [['a', 0], ['b', 30_000], ['c', 59_000]];
		expect(liveEntries(stored, 60_001, WINDOW_MS)).toEqual([['b', 30_000], ['c', 59_000]]);
		expect(liveEntries(stored, 59_500, WINDOW_MS)).toEqual(stored);
	});

	it('survives a JSON round trip (how n8n stores static data) and ignores malformed storage', () => {
		const stored = JSON.parse(JSON.stringify([['a', 1]])) as unknown;
		expect(liveEntries(stored, 2, WINDOW_MS)).toEqual([['a', 1]]);
		for (const junk of ['x', 5, null, undefined, { a: 1 }]) expect(liveEntries(junk, 1, WINDOW_MS)).toEqual([]);
		expect(liveEntries([['a'], [1, 2], [{ id: 'a' }], ['a', 'not a time'], ['b', 1]], 1, WINDOW_MS)).toEqual([['b', 1]]);
	});

	it('drops an entry dated further in the future than the window (a clock that jumped, or tampered storage)', () => {
		expect(liveEntries([['a', 10 * WINDOW_MS]], 0, WINDOW_MS)).toEqual([]);
	});
});

describe('storedFormOf', () => {
	it('keeps short ids readable and stores a huge one as a short digest, the same each time', () => {
		expect(storedFormOf('evt-1')).toBe('evt-1');
		const huge = 'e'.repeat(100_000);
		expect(storedFormOf(huge)).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(storedFormOf(huge)).toBe(storedFormOf(huge));
		expect(storedFormOf(`${huge}f`)).not.toBe(storedFormOf(huge));
	});
});

describe('acceptAndStart', () => {
	it('leaves the answer to n8n (sent once the execution is stored) and hands it the items', () => {
		expect(acceptAndStart([{ json: { a: 1 } }])).toEqual({ workflowData: [[{ json: { a: 1 } }]] });
		expect(providerCallbackWebhooks[0]).toMatchObject({ responseMode: 'onReceived', responseData: '={{ { "received": true } }}' });
	});
});
