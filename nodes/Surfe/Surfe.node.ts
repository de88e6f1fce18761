import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as company from './actions/company/Company.resource';
import * as person from './actions/person/Person.resource';
import { router } from './actions/router';

export class Surfe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Surfe',
		name: 'surfe',
		icon: { light: 'file:surfe.svg', dark: 'file:surfe.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Enrich people and companies with Surfe (emails, mobile phones, firmographics), search them, and read credit balances',
		defaults: { name: 'Surfe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'surfeApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'person',
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Company', value: 'company' },
					{ name: 'Person', value: 'person' },
				],
			},
			...person.description,
			...company.description,
			...account.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
