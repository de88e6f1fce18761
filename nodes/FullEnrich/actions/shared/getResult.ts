// Fetching a finished (or running) enrichment or reverse email lookup by id. Both answer with the
// same envelope as the webhooks, so both are flattened by the trigger's own `enrichmentToItems`.
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { invalidInputError } from '../../../shared/errors';
import { apiRequest } from '../../../shared/transport';
import { enrichmentToItems } from '../../flatten';
import { enrichmentPayloadSchema } from '../../schemas';
import { fullEnrichApi, parseFullEnrichAnswer } from '../../transport';

export interface GetResultRequest {
	/** `/contact/enrich/bulk` or `/contact/reverse/email/bulk`; the id is appended. */
	basePath: string;
	what: string;
	qs?: IDataObject;
	raw: boolean;
}

/**
 * One item per contact (or the raw payload as one item). A 402 answer (out of credits) carries
 * the result in the same schema (v2 OpenAPI): its contacts are returned, each marked
 * CREDITS_INSUFFICIENT, instead of an error.
 */
export async function getResult(context: IExecuteFunctions, itemIndex: number, request: GetResultRequest): Promise<IDataObject[]> {
	const enrichmentId = String(context.getNodeParameter('enrichmentId', itemIndex, '') ?? '').trim();
	if (enrichmentId === '') {
		throw invalidInputError(context.getNode(), 'Enrichment ID is empty', 'Map it to the enrichment_id the Enrich or Start operation returned.', itemIndex);
	}
	let body: unknown;
	try {
		body = (await apiRequest.call(context, fullEnrichApi, { method: 'GET', path: `${request.basePath}/${encodeURIComponent(enrichmentId)}`, qs: request.qs, itemIndex })).body;
	} catch (error) {
		const paymentRequired = error instanceof NodeApiError && error.httpCode === '402' && enrichmentPayloadSchema.safeParse(error.errorResponse).success;
		if (!paymentRequired) throw new NodeApiError(context.getNode(), error as JsonObject); // returns `error` itself when it is one
		body = (error as NodeApiError).errorResponse;
	}
	const payload = parseFullEnrichAnswer(context, enrichmentPayloadSchema, body, request.what, itemIndex);
	return request.raw ? [payload as IDataObject] : enrichmentToItems(payload);
}
