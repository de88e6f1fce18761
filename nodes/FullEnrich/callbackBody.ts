// A FullEnrich callback body -> a parsed enrichment payload, read from the exact bytes that the
// signature was checked over (n8n's own parsed body only when there are none).
import { parseWith } from '../shared/schema';
import { jsonBodyOf } from '../shared/webhook';
import { enrichmentPayloadSchema, type EnrichmentPayload } from './schemas';

export type ParsedCallback = { ok: true; value: EnrichmentPayload } | { ok: false; problem: string };

export function parsedCallbackOf(rawBody: Buffer | undefined, parsedByN8n: unknown): ParsedCallback {
	const body = jsonBodyOf(rawBody, parsedByN8n);
	if (!body.ok) return { ok: false, problem: 'the body is not JSON' };
	return parseWith(enrichmentPayloadSchema, body.value);
}
