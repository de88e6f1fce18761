import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as journey from './actions/journey/Journey.resource';
import { router } from './actions/router';

export class Idwise implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IDWise',
		name: 'idwise',
		icon: { light: 'file:idwise.svg', dark: 'file:idwise.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Start IDWise identity verification journeys and read their summary and result; the IDWise Trigger hears how they end',
		defaults: { name: 'IDWise' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'enrichmentWebhooksIdwiseApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'journey',
				options: [{ name: 'Journey', value: 'journey' }],
			},
			...journey.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
