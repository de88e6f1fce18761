import { SlidingWindowPacer } from '../../../nodes/shared/pacing';

/** A clock that only moves when the pacer waits, so the test sees exactly when it would send. */
function virtualClock() {
	let now = 0;
	const waits: number[] = [];
	return {
		now: () => now,
		wait: async (ms: number) => {
			waits.push(ms);
			now += ms;
		},
		waits,
	};
}

describe('SlidingWindowPacer', () => {
	it('lets the first maxRequests through at once and delays the next until the window frees', async () => {
		const clock = virtualClock();
		const pacer = new SlidingWindowPacer({ maxRequests: 3, windowMs: 1000 }, clock.now, clock.wait);
		const sentAt: number[] = [];
		for (let request = 0; request < 7; request++) {
			await pacer.acquire();
			sentAt.push(clock.now());
		}
		expect(sentAt).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
	});

	it('never allows more than maxRequests in any window, whatever the arrival pattern', async () => {
		const clock = virtualClock();
		const limit = { maxRequests: 60, windowMs: 60_000 };
		const pacer = new SlidingWindowPacer(limit, clock.now, clock.wait);
		const sentAt: number[] = [];
		for (let request = 0; request < 250; request++) {
			if (request % 7 === 0) await clock.wait(333);
			await pacer.acquire();
			sentAt.push(clock.now());
		}
		for (let i = limit.maxRequests; i < sentAt.length; i++) {
			expect(sentAt[i] - sentAt[i - limit.maxRequests]).toBeGreaterThanOrEqual(limit.windowMs);
		}
	});

	it('does not wait at all while under the limit', async () => {
		const clock = virtualClock();
		const pacer = new SlidingWindowPacer({ maxRequests: 10, windowMs: 1000 }, clock.now, clock.wait);
		for (let request = 0; request < 10; request++) await pacer.acquire();
		expect(clock.waits).toEqual([]);
	});
});

describe('pacerFor', () => {
	it('keeps one pacer per scope and account, and drops idle ones once there are many', async () => {
		const { pacerFor, pacerCount } = await import('../../../nodes/shared/pacing');
		const limit = { maxRequests: 1, windowMs: 60_000 };
		const first = pacerFor('journey:a', 'secret', limit);
		expect(pacerFor('journey:a', 'secret', limit)).toBe(first);
		expect(pacerFor('journey:a', 'other-secret', limit)).not.toBe(first);
		// Never used, so idle: creating more than the bound prunes them instead of growing forever.
		for (let journey = 0; journey < 2500; journey++) pacerFor(`journey:${journey}`, 'secret', limit);
		expect(pacerCount()).toBeLessThanOrEqual(1001);
		// A pacer that sent within its window is busy and survives pruning.
		const busy = pacerFor('journey:busy', 'secret', limit);
		await busy.acquire();
		for (let journey = 0; journey < 2500; journey++) pacerFor(`journey:more-${journey}`, 'secret', limit);
		expect(pacerFor('journey:busy', 'secret', limit)).toBe(busy);
	});
});
