// A FullEnrich callback body -> a parsed enrichment payload, read from the exact bytes that the
// signature was checked over (n8n's own parsed body only when there are none). A v1-era body
// (`datas`, as FullEnrich's own n8n trigger accepts) is read as the v2 payload it corresponds to.
import { parseWith } from '../shared/schema';
import { jsonBodyOf } from '../shared/webhook';
import { v1PayloadSchema, v1PayloadToV2 } from './officialFormats';
import { enrichmentPayloadSchema, type EnrichmentPayload } from './schemas';

export type ParsedCallback = { ok: true; value: EnrichmentPayload } | { ok: false; problem: string };

export function parsedCallbackOf(rawBody: Buffer | undefined, parsedByN8n: unknown): ParsedCallback {
	const body = jsonBodyOf(rawBody, parsedByN8n);
	if (!body.ok) return { ok: false, problem: 'the body is not JSON' };
	const value = body.value as { data?: unknown; datas?: unknown } | null;
	if (value && typeof value === 'object' && value.data === undefined && Array.isArray(value.datas)) {
		const v1 = parseWith(v1PayloadSchema, value);
		if (!v1.ok) return v1;
		return parseWith(enrichmentPayloadSchema, v1PayloadToV2(v1.value));
	}
	return parseWith(enrichmentPayloadSchema, value);
}
