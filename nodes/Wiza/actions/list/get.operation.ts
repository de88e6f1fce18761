// List: Get. GET /api/lists/:id: the list's status (`queued` ... `finished`) and its counts.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { throwOnBillingIssue } from '../../billing';
import { listToItem } from '../../flatten';
import { listEnvelopeSchema } from '../../schemas';
import { wizaRequest } from '../../transport';
import { readRecordId } from '../recordId';
import { listIdField } from './listId';

export const description = updateDisplayOptions({ show: { resource: ['list'], operation: ['get'] } }, [listIdField]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readRecordId(this, 'listId', 'List ID', itemIndex);
	const envelope = await wizaRequest(this, { method: 'GET', path: `/api/lists/${id}`, itemIndex, what: `list ${id}` }, listEnvelopeSchema);
	throwOnBillingIssue(this, envelope.data, 'list', itemIndex);
	return listToItem(envelope.data);
}
