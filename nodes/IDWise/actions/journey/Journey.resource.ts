import type { INodeProperties } from 'n8n-workflow';

import * as getResult from './getResult.operation';
import * as getSummary from './getSummary.operation';
import * as start from './start.operation';

export { getResult, getSummary, start };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['journey'] } },
		default: 'start',
		options: [
			{
				name: 'Get Result',
				value: 'getResult',
				action: 'Get the result of a journey',
				description: 'Fetch the full result of a journey: documents, selfie, rules and decisions',
			},
			{
				name: 'Get Summary',
				value: 'getSummary',
				action: 'Get the summary of a journey',
				description: 'Fetch the status of each step of a journey (at most one call per 2 seconds per journey)',
			},
			{
				name: 'Start',
				value: 'start',
				action: 'Start a journey',
				description: 'Start a verification journey in a flow for one applicant',
			},
		],
	},
	...start.description,
	...getSummary.description,
	...getResult.description,
];
