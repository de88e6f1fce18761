// Fetching a finished (or running) enrichment or reverse email lookup by id. Both answer with the
// same envelope as the webhooks, so both are flattened by the trigger's own `enrichmentToItems`.
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { invalidInputError } from '../../../shared/errors';
import { apiRequest, type RequestContext } from '../../../shared/transport';
import { enrichmentToItems } from '../../flatten';
import { enrichmentPayloadSchema, type EnrichmentPayload } from '../../schemas';
import { fullEnrichApi, parseFullEnrichAnswer } from '../../transport';

export interface GetResultRequest {
	/** `/contact/enrich/bulk` or `/contact/reverse/email/bulk`; the id is appended. */
	basePath: string;
	what: string;
	qs?: IDataObject;
	raw: boolean;
}

/**
 * One enrichment (or reverse email lookup) by id, parsed. A 402 answer (out of credits) carries
 * the result in the same schema (v2 OpenAPI): it is returned like a 200, its status saying
 * CREDITS_INSUFFICIENT, instead of an error. Used by the Get operations and by the one fetch of a
 * waiting operation at its time limit.
 */
export async function fetchEnrichment(
	context: RequestContext,
	request: { basePath: string; enrichmentId: string; what: string; qs?: IDataObject; itemIndex?: number },
): Promise<EnrichmentPayload> {
	let body: unknown;
	try {
		const path = `${request.basePath}/${encodeURIComponent(request.enrichmentId)}`;
		body = (await apiRequest.call(context, fullEnrichApi, { method: 'GET', path, qs: request.qs, itemIndex: request.itemIndex })).body;
	} catch (error) {
		const paymentRequired = error instanceof NodeApiError && error.httpCode === '402' && enrichmentPayloadSchema.safeParse(error.errorResponse).success;
		if (!paymentRequired) throw new NodeApiError(context.getNode(), error as JsonObject); // returns `error` itself when it is one
		body = (error as NodeApiError).errorResponse;
	}
	return parseFullEnrichAnswer(context, enrichmentPayloadSchema, body, request.what, request.itemIndex ?? 0);
}

/** One item per contact (or the raw payload as one item). */
export async function getResult(context: IExecuteFunctions, itemIndex: number, request: GetResultRequest): Promise<IDataObject[]> {
	const enrichmentId = String(context.getNodeParameter('enrichmentId', itemIndex, '') ?? '').trim();
	if (enrichmentId === '') {
		throw invalidInputError(context.getNode(), 'Enrichment ID is empty', 'Map it to the enrichment_id the Enrich or Start operation returned.', itemIndex);
	}
	const payload = await fetchEnrichment(context, { basePath: request.basePath, enrichmentId, what: request.what, qs: request.qs, itemIndex });
	return request.raw ? [payload as IDataObject] : enrichmentToItems(payload);
}
