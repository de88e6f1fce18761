import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { CLIENT_HEADERS } from '../nodes/shared/clientIdentity';

export class EnrichmentWebhooksSurfeApi implements ICredentialType {
	name = 'enrichmentWebhooksSurfeApi';

	displayName = 'Surfe API';

	documentationUrl = 'https://developers.surfe.com/';

	icon: Icon = { light: 'file:../nodes/Surfe/surfe.svg', dark: 'file:../nodes/Surfe/surfe.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your key from app.surfe.com/api-settings (Surfe allows one key per user at a time)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.surfe.com',
			description: 'Change only to go through a proxy or to reach a test server',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The shared secret Surfe shows in its API settings after it has delivered your first webhook. With it, the Surfe Trigger refuses callbacks whose x-surfe-signature does not match; without it, the trigger accepts callbacks unverified.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	// GET /v1/credits only reads the balances: it spends no credit and uses none of the daily
	// quotas, which count enriched profiles and search results, not requests (developers.surfe.com
	// "Get credits", help center "API credits & quotas"). Every other Surfe call can cost something.
	test: ICredentialTestRequest = {
		request: {
			// The package's User-Agent, as on every other request to the provider.
			headers: { ...CLIENT_HEADERS },
			baseURL: '={{ String($credentials.baseUrl || "https://api.surfe.com").replace(/\\/+$/, "") }}',
			url: '/v1/credits',
		},
	};
}
