// Individual Reveal: Start. POST /api/individual_reveals with one person; Wiza answers at once
// with the reveal's id and `queued` status, and calls the callback URL when it is done.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { throwOnBillingIssue } from '../../billing';
import { revealToItem } from '../../flatten';
import { revealEnvelopeSchema, type RevealData } from '../../schemas';
import { wizaRequest } from '../../transport';
import { callbackUrlField, revealInputFields, emailOptionsField, enrichmentLevelField, readContactInput, readJobSettings } from '../fields';

const properties: INodeProperties[] = [...revealInputFields, enrichmentLevelField, emailOptionsField(false), callbackUrlField];

export const description = updateDisplayOptions({ show: { resource: ['individualReveal'], operation: ['start'] } }, properties);

/** Wiza's documented body for one reveal: the person under `individual_reveal`, the job settings beside it. Shared with Reveal and Wait. */
export function revealRequestOf(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return { individual_reveal: readContactInput(context, itemIndex), ...readJobSettings(context, itemIndex) };
}

/** Starts one reveal. A reveal Wiza accepts but marks failed for billing (HTTP 200) is an error. */
export async function postReveal(context: IExecuteFunctions, body: IDataObject, itemIndex: number): Promise<RevealData> {
	const envelope = await wizaRequest(context, { method: 'POST', path: '/api/individual_reveals', body, itemIndex, what: 'the new reveal' }, revealEnvelopeSchema);
	throwOnBillingIssue(context, envelope.data, 'reveal', itemIndex);
	return envelope.data;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return revealToItem(await postReveal(this, revealRequestOf(this, itemIndex), itemIndex));
}
