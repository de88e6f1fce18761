import { chunk } from '../../../nodes/shared/batching';

describe('chunk', () => {
	it('packs 250 items into 100, 100 and 50, in order', () => {
		const items = Array.from({ length: 250 }, (_, index) => index);
		const groups = chunk(items, 100);
		expect(groups.map((group) => group.length)).toEqual([100, 100, 50]);
		expect(groups.flat()).toEqual(items);
	});

	it('gives no groups for no items and one group for fewer than the cap', () => {
		expect(chunk([], 100)).toEqual([]);
		expect(chunk(['a', 'b'], 100)).toEqual([['a', 'b']]);
	});

	it.each([0, -1, 1.5, Number.NaN])('refuses a group size of %p', (size) => {
		expect(() => chunk([1, 2, 3], size)).toThrow(RangeError);
	});
});
