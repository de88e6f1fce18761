import { z } from 'zod';

import { parseWith } from '../../../nodes/shared/schema';

const reveal = z.object({ data: z.object({ id: z.number(), name: z.string().optional() }).passthrough() }).passthrough();

describe('parseWith', () => {
	it('keeps unknown fields at every level', () => {
		const result = parseWith(reveal, { data: { id: 7, extra: { deep: true } }, meta: 'kept' });
		expect(result).toEqual({ ok: true, value: { data: { id: 7, extra: { deep: true } }, meta: 'kept' } });
	});

	it('names the path and the problem of a bad payload', () => {
		const result = parseWith(reveal, { data: { id: 'seven' } });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem).toMatch(/^data\.id: Expected number, received string/);
	});

	it.each([null, undefined, 42, 'text', [], { data: null }])('refuses %p without throwing', (payload) => {
		expect(parseWith(reveal, payload).ok).toBe(false);
	});
});
