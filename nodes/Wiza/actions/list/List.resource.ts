import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createAndWait from './createAndWait.operation';
import * as get from './get.operation';
import * as getContacts from './getContacts.operation';

export { create, createAndWait, get, getContacts };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['list'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a list',
				description: 'Send all input items to Wiza as one list to enrich',
			},
			{
				name: 'Create and Wait',
				value: 'createAndWait',
				action: 'Create a list and pause the workflow until its contacts arrive',
				description: 'Send all input items as one list, pause until Wiza has finished it, then continue with one item per person. As an AI Agent tool it pauses the whole execution, agent included, until then.',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a list',
				description: "Fetch a list's status by ID",
			},
			{
				name: 'Get Contacts',
				value: 'getContacts',
				action: 'Get the contacts of a list',
				description: 'Output one item per contact of a list',
			},
		],
	},
	...create.description,
	...createAndWait.description,
	...get.description,
	...getContacts.description,
];
