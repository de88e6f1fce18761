// Reverse Email > Start: every input item is one email to look up; packed into bulk requests of up
// to 100 exactly like Contact > Enrich (see ../../bulk.ts).
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { startInBatches, type BatchSettings, type PreparedContact } from '../../bulk';
import { reverseEmailContactFrom } from '../../contacts';
import { batchSettingsFor, bulkOptionProperties, customFor, withItemOptions } from '../shared/bulkOptions';

/** The email to look up, shared with Reverse Email > Start and Wait. */
export const emailField: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'e.g. ada@example.com',
	required: true,
	default: '',
	description: 'Email address to find the person behind. Each input item is one lookup; items are sent 100 per request.',
};

const properties: INodeProperties[] = [
	emailField,
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

/** The path of reverse email lookup starts, and how a refused start is named in errors. */
export const reverseEmailBulk = { path: '/contact/reverse/email/bulk', what: 'the reverse email lookup start' };

/** One input item as an entry of a reverse email lookup, in the batch `settings` give; shared with Start and Wait. */
export function prepareReverseEmail(context: IExecuteFunctions, itemIndex: number, options: IDataObject, settings: BatchSettings): PreparedContact {
	const contact = reverseEmailContactFrom(context.getNodeParameter('email', itemIndex, ''));
	const custom = customFor(context, itemIndex, options);
	if (Object.keys(custom).length > 0) contact.custom = custom;
	return { settings, contact };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await startInBatches(this, {
		...reverseEmailBulk,
		prepare: (itemIndex) => withItemOptions(this, itemIndex, (options) => prepareReverseEmail(this, itemIndex, options, batchSettingsFor(this, itemIndex, options))),
	});
}
