import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { resumeWebhooks } from '../shared/resumeWebhook';
import { resumeWaitingOperation } from '../shared/waitForCallbacks';
import { operationSubtitle } from '../shared/editorText';
import { waitingTooltip } from '../shared/waitOutput';
import { properties } from './actions/description';
import { resumeAdapterOf, router } from './actions/router';
import { fullEnrichCredentialTest } from './credentialTest';

export class FullEnrich implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FullEnrich',
		name: 'fullEnrich',
		icon: { light: 'file:fullenrich.svg', dark: 'file:fullenrich.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Find work emails, personal emails and phones with FullEnrich',
		defaults: { name: 'FullEnrich' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'enrichmentWebhooksFullEnrichApi', required: true, testedBy: 'fullEnrichApiCredentialTest' }],
		// The resume webhook of the "... and Wait" operations: FullEnrich's callbacks reach a waiting
		// execution through it (../shared/resumeWebhook.ts). n8n never registers it as a live URL.
		webhooks: resumeWebhooks,
		waitingNodeTooltip: waitingTooltip('FullEnrich'),
		properties,
	};

	methods = { credentialTest: fullEnrichCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	/** A callback to a waiting execution's resume URL, routed to the waiting operation's adapter. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWaitingOperation(this, 'FullEnrich', resumeAdapterOf);
	}
}
