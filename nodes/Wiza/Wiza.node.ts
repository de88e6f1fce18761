import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { resumeWebhooks } from '../shared/resumeWebhook';
import { resumeWaitingOperation } from '../shared/waitForCallbacks';
import { operationSubtitle } from '../shared/editorText';
import { waitingTooltip } from '../shared/waitOutput';
import * as account from './actions/account/Account.resource';
import * as individualReveal from './actions/individualReveal/IndividualReveal.resource';
import * as list from './actions/list/List.resource';
import { resumeAdapterOf, router } from './actions/router';
import { wizaCredentialTest } from './credentialTest';

const properties: INodeProperties[] = [
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
];

export class Wiza implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wiza',
		name: 'wiza',
		icon: { light: 'file:wiza.svg', dark: 'file:wiza.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Find work emails and phone numbers of people with Wiza',
		defaults: { name: 'Wiza' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'enrichmentWebhooksWizaApi', required: true, testedBy: 'wizaApiCredentialTest' }],
		// The resume webhook of the "... and Wait" operations: Wiza's callbacks reach a waiting
		// execution through it (../shared/resumeWebhook.ts). n8n never registers it as a live URL.
		webhooks: resumeWebhooks,
		waitingNodeTooltip: waitingTooltip('Wiza'),
		properties,
	};

	methods = { credentialTest: wizaCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}

	/** A callback to a waiting execution's resume URL, routed to the waiting operation's adapter. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWaitingOperation(this, 'Wiza', resumeAdapterOf);
	}
}
