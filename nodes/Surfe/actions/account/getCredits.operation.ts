// Account > Get Credits: GET /v1/credits (still v1; developers.surfe.com "Get credits").
// Answers `{ totalEmail, totalMobile, totalSearch, message }`; `message` says which pool is empty.
// Surfe publishes no endpoint for the remaining daily quotas, so they cannot be shown here.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { creditsSchema } from '../../schemas';
import { surfeRequestWithRaw } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Returns the email, mobile and search credit balances. Daily quotas (2,000 enriched people, 200 search results) are not exposed by Surfe\'s API.',
		name: 'creditsNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['getCredits'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return forEachItem(this, async (itemIndex) => {
		// Checked by the schema, returned as Surfe sent it (its field names are already clear).
		const { raw } = await surfeRequestWithRaw(this, { method: 'GET', path: '/v1/credits', itemIndex, what: 'the credit balances' }, creditsSchema);
		return raw as IDataObject;
	});
}
