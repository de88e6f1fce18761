import type { INodeProperties } from 'n8n-workflow';

import * as getCredits from './getCredits.operation';

export { getCredits };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		default: 'getCredits',
		options: [{ name: 'Get Credits', value: 'getCredits', action: 'Get credit balances', description: 'Get the email, mobile and search credit balances' }],
	},
	...getCredits.description,
];
