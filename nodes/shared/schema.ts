// Parsing at the edge: untrusted JSON in, typed values (with unknown fields kept) out.
import type { ZodType, ZodTypeDef } from 'zod';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Describes what was wrong in one readable line: `data.id: Expected number, received string`. */
export function describeIssues(issues: ReadonlyArray<{ path: Array<string | number>; message: string }>): string {
	return issues
		.slice(0, 5)
		.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
		.join('; ');
}

export function parseWith<T>(schema: ZodType<T, ZodTypeDef, unknown>, data: unknown): ParseResult<T> {
	const result = schema.safeParse(data);
	return result.success ? { ok: true, value: result.data } : { ok: false, problem: describeIssues(result.error.issues) };
}
