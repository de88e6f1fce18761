// People > Get Enrichment: GET /v2/people/enrich/:id (developers.surfe.com, "Enrich people (get)").
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getEnrichmentProperties, getEnrichments } from '../getEnrichment';

export const description = updateDisplayOptions({ show: { resource: ['person'], operation: ['getEnrichment'] } }, getEnrichmentProperties('people'));

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return getEnrichments(this, 'people');
}
