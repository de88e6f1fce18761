import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as individualReveal from './actions/individualReveal/IndividualReveal.resource';
import * as list from './actions/list/List.resource';
import { router } from './actions/router';

export class Wiza implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wiza',
		name: 'wiza',
		icon: { light: 'file:wiza.svg', dark: 'file:wiza.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Find emails and phone numbers with Wiza: start reveals and lists whose results arrive at a Wiza Trigger',
		defaults: { name: 'Wiza' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wizaApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'individualReveal',
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Individual Reveal', value: 'individualReveal' },
					{ name: 'List', value: 'list' },
				],
			},
			...individualReveal.description,
			...list.description,
			...account.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
