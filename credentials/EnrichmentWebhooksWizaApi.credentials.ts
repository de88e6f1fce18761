import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { CLIENT_HEADERS } from '../nodes/shared/clientIdentity';

export class EnrichmentWebhooksWizaApi implements ICredentialType {
	name = 'enrichmentWebhooksWizaApi';

	displayName = 'Wiza API';

	icon: Icon = { light: 'file:../nodes/Wiza/wiza.svg', dark: 'file:../nodes/Wiza/wiza.dark.svg' };

	documentationUrl = 'https://docs.wiza.co/using-the-api/authorization';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Wiza API key, from Settings > API in Wiza. The Wiza Trigger also uses it to check that callbacks come from Wiza.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://wiza.co',
			description: 'Where the Wiza API lives. Change it only for a proxy or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// The cheapest authenticated call Wiza has; the official Wiza node tests with it too.
	test: ICredentialTestRequest = {
		request: {
			// The package's User-Agent, as on every other request to the provider.
			headers: { ...CLIENT_HEADERS },
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/meta/credits',
			method: 'GET',
		},
	};
}
