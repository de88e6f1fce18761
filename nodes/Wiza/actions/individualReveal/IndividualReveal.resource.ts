import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as revealAndWait from './revealAndWait.operation';
import * as start from './start.operation';

export { get, revealAndWait, start };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['individualReveal'] } },
		default: 'start',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an individual reveal',
				description: 'Fetch a reveal and its contact details by ID',
			},
			{
				name: 'Start',
				value: 'start',
				action: 'Start an individual reveal',
				description: "Look up one person's email and/or phone; Wiza calls the callback URL when it is done",
			},
			{
				name: 'Reveal and Wait',
				value: 'revealAndWait',
				action: 'Reveal people and pause the workflow until the results arrive',
				description: 'Start one reveal per input item, pause until Wiza has returned every result, then continue with one item per person. As an AI Agent tool it pauses the whole execution, agent included, until then.',
			},
		],
	},
	...start.description,
	...revealAndWait.description,
	...get.description,
];
