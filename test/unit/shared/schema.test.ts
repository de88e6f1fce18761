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

describe('jsonBodyOf', () => {
	it('reads the exact bytes, not n8n parse, when there are bytes', async () => {
		const { jsonBodyOf } = await import('../../../nodes/shared/webhook');
		expect(jsonBodyOf(Buffer.from('{"id":"from-bytes"}'), { id: 'from-n8n' })).toEqual({ ok: true, value: { id: 'from-bytes' } });
	});

	it('falls back to n8n parse when there are no bytes', async () => {
		const { jsonBodyOf } = await import('../../../nodes/shared/webhook');
		expect(jsonBodyOf(undefined, { id: 'from-n8n' })).toEqual({ ok: true, value: { id: 'from-n8n' } });
		expect(jsonBodyOf(Buffer.alloc(0), { id: 'from-n8n' })).toEqual({ ok: true, value: { id: 'from-n8n' } });
	});

	it.each([['{"id":'], ['not json'], ['\u00ff\u00fe']])('says %p is not JSON, without throwing', async (text) => {
		const { jsonBodyOf } = await import('../../../nodes/shared/webhook');
		expect(jsonBodyOf(Buffer.from(text, 'latin1'), { id: 'from-n8n' })).toEqual({ ok: false });
	});
});
