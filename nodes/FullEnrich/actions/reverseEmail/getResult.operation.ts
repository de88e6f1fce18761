// Reverse Email > Get Result: one item per email looked up, flattened like the trigger's items
// (the person is in `profile`; a reverse lookup has no contact_info, so the email fields are null).
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
		description: 'The enrichment_id that Reverse Email > Start returned',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			rawPayloadOption("Whether to return FullEnrich's answer as one item instead of one item per email"),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['reverseEmail'], operation: ['getResult'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem(this, async (itemIndex) => {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return await getResult(this, itemIndex, { basePath: '/contact/reverse/email/bulk', what: 'the reverse email result', raw: options.rawPayload === true });
	});
}
