import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { resumeWebhooks } from '../shared/resumeWebhook';
import { resumeWaitingOperation } from '../shared/waitForCallbacks';
import { operationSubtitle } from '../shared/editorText';
import { waitingTooltip } from '../shared/waitOutput';

import * as account from './actions/account/Account.resource';
import * as company from './actions/company/Company.resource';
import * as person from './actions/person/Person.resource';
import { resumeAdapterOf, router } from './actions/router';
import { surfeCredentialTest } from './credentialTest';

const properties: INodeProperties[] = [
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
];

export class Surfe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Surfe',
		name: 'surfe',
		icon: { light: 'file:surfe.svg', dark: 'file:surfe.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Enrich and search people and companies with Surfe',
		defaults: { name: 'Surfe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'enrichmentWebhooksSurfeApi', required: true, testedBy: 'surfeApiCredentialTest' }],
		// The resume webhook of the "... and Wait" operations: Surfe's events reach a waiting
		// execution through it (../shared/resumeWebhook.ts). n8n never registers it as a live URL.
		webhooks: resumeWebhooks,
		waitingNodeTooltip: waitingTooltip('Surfe'),
		properties,
	};

	methods = { credentialTest: surfeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}

	/** A callback to a waiting execution's resume URL, routed to the waiting operation's adapter. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWaitingOperation(this, 'Surfe', resumeAdapterOf);
	}
}
