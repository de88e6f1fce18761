import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

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

	// The Test button: a `testedBy` method of the nodes (nodes/shared/credentialTest.ts), which says
	// what to check when the key is refused or the Base URL cannot be reached.
}
