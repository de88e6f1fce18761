// List: Get Contacts. GET /api/lists/:id/contacts?segment=...: one output item per contact.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listContactsSchema } from '../../schemas';
import { wizaRequest } from '../../transport';
import { readRecordId } from '../recordId';
import { listIdField } from './listId';

const properties: INodeProperties[] = [
	listIdField,
	{
		displayName: 'Segment',
		name: 'segment',
		type: 'options',
		default: 'people',
		description: 'Which people of the list to return, by the status of their email',
		// Segment names are Wiza's own (`people`, `valid`, `risky`), as its list export offers them.
		options: [
			{ name: 'People', value: 'people', description: 'Every person in the list' },
			{ name: 'Risky Emails', value: 'risky', description: 'People whose email Wiza marks as risky' },
			{ name: 'Valid Emails', value: 'valid', description: 'People with an email Wiza verified as valid' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['list'], operation: ['getContacts'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = readRecordId(this, 'listId', 'List ID', itemIndex);
	const segment = this.getNodeParameter('segment', itemIndex) as string;
	const response = await wizaRequest(
		this,
		{ method: 'GET', path: `/api/lists/${id}/contacts`, qs: { segment }, itemIndex, what: `the contacts of list ${id}` },
		listContactsSchema,
	);
	return response.data as IDataObject[];
}
