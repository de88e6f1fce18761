// Individual Reveal: Get. GET /api/individual_reveals/:id, the same record the callback carries.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { throwOnBillingIssue } from '../../billing';
import { revealToItem } from '../../flatten';
import { revealEnvelopeSchema } from '../../schemas';
import { wizaRequest } from '../../transport';
import { readRecordId } from '../recordId';

const properties: INodeProperties[] = [
	{
		displayName: 'Reveal ID',
		name: 'revealId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 123456',
		description: 'The ID Wiza gave the reveal (the Start operation outputs it as reveal_id)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['individualReveal'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readRecordId(this, 'revealId', 'Reveal ID', itemIndex);
	const envelope = await wizaRequest(this, { method: 'GET', path: `/api/individual_reveals/${id}`, itemIndex, what: `reveal ${id}` }, revealEnvelopeSchema);
	throwOnBillingIssue(this, envelope.data, 'reveal', itemIndex);
	return revealToItem(envelope.data);
}
