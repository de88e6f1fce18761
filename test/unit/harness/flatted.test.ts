// The e2e harness reads n8n's execution data, which n8n stores in the `flatted` format.
import { parseFlatted } from '../../e2e/harness/flatted';

describe('parseFlatted', () => {
	it('resolves string entries and shared objects', () => {
		// flatted.stringify({ name: 'Ada', tags: ['x', 'x'], n: 1, ok: true, none: null })
		const text = '[{"name":"1","tags":"2","n":1,"ok":true,"none":null},"Ada",["3","3"],"x"]';
		expect(parseFlatted(text)).toEqual({ name: 'Ada', tags: ['x', 'x'], n: 1, ok: true, none: null });
	});

	it('keeps circular references circular', () => {
		// const a = { name: 'loop' }; a.self = a; flatted.stringify(a)
		const parsed = parseFlatted('[{"name":"1","self":"0"},"loop"]') as { name: string; self: unknown };
		expect(parsed.name).toBe('loop');
		expect(parsed.self).toBe(parsed);
	});

	it('returns a top-level primitive as is and rejects what is not flatted', () => {
		expect(parseFlatted('["plain"]')).toBe('plain');
		expect(() => parseFlatted('{"a":1}')).toThrow('flatted data must be a JSON array');
	});
});
