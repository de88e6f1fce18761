// A FullEnrich callback body -> a parsed enrichment payload. It reads the exact bytes that the
// signature was checked over; n8n's own parsed body is only a fallback when no bytes are
// available (verification off and no raw body).
import { parseWith } from '../shared/schema';
import { enrichmentPayloadSchema, type EnrichmentPayload } from './schemas';

export type ParsedCallback = { ok: true; value: EnrichmentPayload } | { ok: false; problem: string };

export function parsedCallbackOf(rawBody: Buffer | undefined, parsedByN8n: unknown): ParsedCallback {
	let body: unknown = parsedByN8n;
	if (rawBody !== undefined && rawBody.length > 0) {
		const text = rawBody.toString('utf8');
		try {
			body = JSON.parse(text);
		} catch {
			return { ok: false, problem: 'the body is not JSON' };
		}
	}
	const parsed = parseWith(enrichmentPayloadSchema, body);
	return parsed;
}
