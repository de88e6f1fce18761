// Company > Get Enrichment: GET /v2/companies/enrich/:id (developers.surfe.com, "Enrich companies (get)").
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getEnrichmentProperties, getEnrichments } from '../getEnrichment';

export const description = updateDisplayOptions({ show: { resource: ['company'], operation: ['getEnrichment'] } }, getEnrichmentProperties('companies'));

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return getEnrichments(this, 'companies');
}
