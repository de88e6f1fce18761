import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

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

	// The Test button: a `testedBy` method of the nodes (nodes/shared/credentialTest.ts), which says
	// what to check when the key is refused or the Base URL cannot be reached.
}
