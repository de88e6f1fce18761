// List: Create. Every input item becomes one row of ONE Wiza list (POST /api/lists), so a whole
// sheet of people costs one request; the output is one item describing the list, paired with
// every input item it holds. Wiza calls the callback URL when the whole list is finished.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../../shared/items';
import { invalidInputError } from '../../../shared/errors';
import { throwOnBillingIssue } from '../../billing';
import { listToItem } from '../../flatten';
import { listEnvelopeSchema } from '../../schemas';
import { wizaRequest } from '../../transport';
import { callbackUrlField, contactInputFields, emailOptionsField, enrichmentLevelField, readContactInput, readJobSettings } from '../fields';

const properties: INodeProperties[] = [
	{
		displayName: 'List Name',
		name: 'listName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Leads from n8n',
		description: 'The name the list gets in Wiza. Read from the first input item.',
	},
	{
		displayName:
			'Every input item becomes one person in a single Wiza list. Map the fields below with expressions, e.g. {{ $json.linkedin_url }}: they are read from each item in turn.',
		name: 'listNotice',
		type: 'notice',
		default: '',
	},
	...contactInputFields,
	enrichmentLevelField,
	emailOptionsField(true),
	callbackUrlField,
];

export const description = updateDisplayOptions({ show: { resource: ['list'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const output: INodeExecutionData[] = [];
	const rows: IDataObject[] = [];
	const rowItemIndexes: number[] = [];

	// Each item's person is read on its own; under Continue On Fail a bad row becomes an error
	// item for that input alone and the others still make the list.
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			rows.push(readContactInput(this, itemIndex));
			rowItemIndexes.push(itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}
	if (rows.length === 0) return output;

	const pairedItem = rowItemIndexes.map((item) => ({ item }));
	const firstIndex = rowItemIndexes[0];
	try {
		const name = String(this.getNodeParameter('listName', firstIndex, '') ?? '').trim();
		if (!name) throw invalidInputError(this.getNode(), 'List Name is empty', 'Give the list a name; Wiza shows it in its Lists page.', firstIndex);
		// Wiza's body: `{ list: { name, enrichment_level, email_options, items, callback_url } }`
		// (shape from third-party clients; the list endpoints are not on the docs pages we read).
		const list: IDataObject = { name, ...readJobSettings(this, firstIndex), items: rows };
		const envelope = await wizaRequest(this, { method: 'POST', path: '/api/lists', body: { list }, itemIndex: firstIndex, what: 'the new list' }, listEnvelopeSchema);
		throwOnBillingIssue(this, envelope.data, 'list', firstIndex);
		output.push({ json: { ...listToItem(envelope.data), items_sent: rows.length }, pairedItem });
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError(this, error, firstIndex);
		output.push({ ...errorItem(error, firstIndex), pairedItem });
	}
	return output;
}
