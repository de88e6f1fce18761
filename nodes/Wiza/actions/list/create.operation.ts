// List: Create. Every input item becomes one row of ONE Wiza list (POST /api/lists), so a whole
// sheet of people costs one request; the output is one item describing the list, paired with
// every input item it holds. Wiza calls the callback URL when the whole list is finished.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../../shared/items';
import { invalidInputError } from '../../../shared/errors';
import { throwOnBillingIssue } from '../../billing';
import { listToItem } from '../../flatten';
import { listEnvelopeSchema, type ListData } from '../../schemas';
import { wizaRequest } from '../../transport';
import { callbackUrlField, contactInputFields, emailOptionsField, enrichmentLevelField, readContactInput, readJobSettings } from '../fields';

/** Shared with Create and Wait. */
export const listNameField: INodeProperties = {
	displayName: 'List Name',
	name: 'listName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Leads from n8n',
	description: 'The name the list gets in Wiza. Read from the first input item.',
};

const properties: INodeProperties[] = [
	{
		displayName:
			'Every input item becomes one person in a single Wiza list. Map the fields below with expressions, e.g. {{ $json.linkedin_url }}: they are read from each item in turn.',
		name: 'listNotice',
		type: 'notice',
		default: '',
	},
	listNameField,
	...contactInputFields,
	enrichmentLevelField,
	emailOptionsField(true),
	callbackUrlField,
];

export const description = updateDisplayOptions({ show: { resource: ['list'], operation: ['create'] } }, properties);

/** The rows of a list: one person per input item, each read on its own. */
export interface ListRows {
	rows: IDataObject[];
	/** The input item of each row. */
	rowItemIndexes: number[];
	/** Items that could not become a row (Continue On Fail). */
	failed: Array<{ itemIndex: number; error: unknown }>;
}

/**
 * Reads each item's person. Under Continue On Fail a bad row is noted for that input alone and the
 * others still make the list; otherwise it stops the node, naming the item. Shared with Create and Wait.
 */
export function readListRows(context: IExecuteFunctions): ListRows {
	const count = context.getInputData().length;
	const result: ListRows = { rows: [], rowItemIndexes: [], failed: [] };
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			result.rows.push(readContactInput(context, itemIndex));
			result.rowItemIndexes.push(itemIndex);
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
			result.failed.push({ itemIndex, error });
		}
	}
	return result;
}

/**
 * Creates the list. Name and settings are read from the first row's item; `callbackUrl`, when
 * given, replaces the Callback URL parameter. A list Wiza accepts but marks failed for billing is an error.
 */
export async function postList(context: IExecuteFunctions, rows: IDataObject[], firstIndex: number, callbackUrl?: string): Promise<ListData> {
	const name = String(context.getNodeParameter('listName', firstIndex, '') ?? '').trim();
	if (!name) throw invalidInputError(context.getNode(), 'List Name is empty', 'Give the list a name; Wiza shows it in its Lists page.', firstIndex);
	// Wiza's body: `{ list: { name, enrichment_level, email_options, items, callback_url } }`
	// (shape from third-party clients; the list endpoints are not on the docs pages we read).
	const list: IDataObject = { name, ...readJobSettings(context, firstIndex), ...(callbackUrl ? { callback_url: callbackUrl } : {}), items: rows };
	const envelope = await wizaRequest(context, { method: 'POST', path: '/api/lists', body: { list }, itemIndex: firstIndex, what: 'the new list' }, listEnvelopeSchema);
	throwOnBillingIssue(context, envelope.data, 'list', firstIndex);
	return envelope.data;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { rows, rowItemIndexes, failed } = readListRows(this);
	const output: INodeExecutionData[] = failed.map(({ itemIndex, error }) => errorItem(error, itemIndex));
	if (rows.length === 0) return output;

	const pairedItem = rowItemIndexes.map((item) => ({ item }));
	const firstIndex = rowItemIndexes[0];
	try {
		const list = await postList(this, rows, firstIndex);
		output.push({ json: { ...listToItem(list), items_sent: rows.length }, pairedItem });
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError(this, error, firstIndex);
		output.push({ ...errorItem(error, firstIndex), pairedItem });
	}
	return output;
}
