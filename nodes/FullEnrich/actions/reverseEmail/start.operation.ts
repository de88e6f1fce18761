// Reverse Email > Start: every input item is one email to look up; packed into bulk requests of up
// to 100 exactly like Contact > Enrich (see ../../bulk.ts).
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { startInBatches } from '../../bulk';
import { reverseEmailContactFrom } from '../../contacts';
import { asInputError, batchSettingsFor, bulkOptionProperties, customFor } from '../shared/bulkOptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'Email address to find the person behind. Each input item is one lookup; items are sent 100 per request.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: bulkOptionProperties,
	},
];

export const description = updateDisplayOptions({ show: { resource: ['reverseEmail'], operation: ['start'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await startInBatches(this, {
		path: '/contact/reverse/email/bulk',
		what: 'the reverse email lookup start',
		prepare: (itemIndex) => {
			try {
				const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
				const contact = reverseEmailContactFrom(this.getNodeParameter('email', itemIndex, ''));
				const custom = customFor(this, itemIndex, options);
				if (Object.keys(custom).length > 0) contact.custom = custom;
				return { settings: batchSettingsFor(this, itemIndex, options), contact };
			} catch (error) {
				throw asInputError(this, error, itemIndex);
			}
		},
	});
}
