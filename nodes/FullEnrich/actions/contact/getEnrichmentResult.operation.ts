// Contact > Get Enrichment Result: the result of one bulk enrichment, one item per contact,
// flattened exactly like the FullEnrich Trigger's items. FullEnrich advises webhooks over polling
// (polling shares the 60 requests/minute); this is for a one-off look or a late re-read.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { getResult } from '../shared/getResult';
import { rawPayloadOption } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Enrichment ID',
		name: 'enrichmentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c',
		description: 'The enrichment_id that Contact > Enrich returned',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Force Results',
				name: 'forceResults',
				type: 'boolean',
				default: false,
				description: 'Whether to return what is found so far while the enrichment is still running (FullEnrich otherwise answers "not ready")',
			},
			rawPayloadOption("Whether to return FullEnrich's answer as one item instead of one item per contact"),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['getEnrichmentResult'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem(this, async (itemIndex) => {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return await getResult(this, itemIndex, {
			basePath: '/contact/enrich/bulk',
			what: 'the enrichment result',
			qs: options.forceResults === true ? { forceResults: true } : undefined,
			raw: options.rawPayload === true,
		});
	});
}
