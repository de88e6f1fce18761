import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

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

	// The Test button: a `testedBy` method of the nodes (nodes/shared/credentialTest.ts), which says
	// what to check when the key is refused or the Base URL cannot be reached.
}
