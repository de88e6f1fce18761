// n8n stores and returns execution data in the `flatted` format (npm package `flatted`, used by
// n8n's ExecutionRepository): a JSON array whose first entry is the root value; inside objects and
// arrays every string is the index (as a string) of the entry holding the real value, which lets
// shared and circular references survive. This is flatted's `parse` without a reviver.

/** Parses a flatted string back into the value it encodes (circular references included). */
export function parseFlatted(text: string): unknown {
	const input: unknown = JSON.parse(text);
	if (!Array.isArray(input)) throw new Error('flatted data must be a JSON array');
	const revived = new Map<number, unknown>();

	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const raw: unknown = input[index];
		// Entries that are not objects are plain values (strings included, at this level).
		if (typeof raw !== 'object' || raw === null) return raw;
		const output: Record<string, unknown> | unknown[] = Array.isArray(raw) ? [] : {};
		revived.set(index, output);
		for (const [key, value] of Object.entries(raw)) {
			(output as Record<string, unknown>)[key] = typeof value === 'string' ? revive(Number(value)) : value;
		}
		return output;
	};

	return input.length === 0 ? undefined : revive(0);
}
