// Account: Get Credits. GET /api/meta/credits: the credits left on the API key's account.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { creditsResponseSchema } from '../../schemas';
import { wizaRequest } from '../../transport';

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['getCredits'] } }, []);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const response = await wizaRequest(this, { method: 'GET', path: '/api/meta/credits', itemIndex, what: 'the credits request' }, creditsResponseSchema);
	return response.credits as IDataObject;
}
