import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { operationSubtitle } from '../shared/editorText';
import * as journey from './actions/journey/Journey.resource';
import { router } from './actions/router';
import { idwiseCredentialTest } from './credentialTest';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'journey',
		options: [{ name: 'Journey', value: 'journey' }],
	},
	...journey.description,
];

export class Idwise implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IDWise',
		name: 'idwise',
		icon: { light: 'file:idwise.svg', dark: 'file:idwise.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Start IDWise identity verification journeys and read their results',
		defaults: { name: 'IDWise' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'enrichmentWebhooksIdwiseApi', required: true, testedBy: 'idwiseApiCredentialTest' }],
		properties,
	};

	methods = { credentialTest: idwiseCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
