// Individual Reveal: Start. POST /api/individual_reveals with one person; Wiza answers at once
// with the reveal's id and `queued` status, and calls the callback URL when it is done.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { throwOnBillingIssue } from '../../billing';
import { revealToItem } from '../../flatten';
import { revealEnvelopeSchema } from '../../schemas';
import { wizaRequest } from '../../transport';
import { callbackUrlField, contactInputFields, emailOptionsField, enrichmentLevelField, readContactInput, readJobSettings } from '../fields';

const properties: INodeProperties[] = [...contactInputFields, enrichmentLevelField, emailOptionsField(false), callbackUrlField];

export const description = updateDisplayOptions({ show: { resource: ['individualReveal'], operation: ['start'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	// Wiza's documented body: the person under `individual_reveal`, the job settings beside it.
	const body: IDataObject = { individual_reveal: readContactInput(this, itemIndex), ...readJobSettings(this, itemIndex) };
	const envelope = await wizaRequest(this, { method: 'POST', path: '/api/individual_reveals', body, itemIndex, what: 'the new reveal' }, revealEnvelopeSchema);
	throwOnBillingIssue(this, envelope.data, 'reveal', itemIndex);
	return revealToItem(envelope.data);
}
