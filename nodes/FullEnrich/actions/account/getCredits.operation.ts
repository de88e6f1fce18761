// Account > Get Credits (GET /account/credits): the workspace's credit balance.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { creditsSchema } from '../../schemas';
import { fullEnrichRequest } from '../../transport';

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['getCredits'] } }, [] as INodeProperties[]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem(this, async (itemIndex) => {
		const credits = await fullEnrichRequest(this, { method: 'GET', path: '/account/credits', itemIndex, what: 'the credit balance' }, creditsSchema);
		return { ...credits } as IDataObject;
	});
}
