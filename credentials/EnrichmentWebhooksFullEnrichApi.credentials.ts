import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { CLIENT_HEADERS } from '../nodes/shared/clientIdentity';

export class EnrichmentWebhooksFullEnrichApi implements ICredentialType {
	name = 'enrichmentWebhooksFullEnrichApi';

	displayName = 'FullEnrich API';

	icon: Icon = { light: 'file:../nodes/FullEnrich/fullenrich.svg', dark: 'file:../nodes/FullEnrich/fullenrich.dark.svg' };

	documentationUrl = 'https://docs.fullenrich.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your FullEnrich API key, from Settings > API in FullEnrich. The FullEnrich Trigger also uses it to check the X-Signature-SHA1 of every callback.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.fullenrich.com/api/v2',
			description: 'Where the FullEnrich API v2 lives. Change it only for a proxy or a test server.',
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

	// FullEnrich's own "Check If API Key Is Valid" endpoint: free, and 401 with a clear code otherwise.
	test: ICredentialTestRequest = {
		request: {
			// The package's User-Agent, as on every other request to the provider.
			headers: { ...CLIENT_HEADERS },
			baseURL: '={{$credentials.baseUrl}}',
			url: '/account/keys/verify',
			method: 'GET',
		},
	};
}
