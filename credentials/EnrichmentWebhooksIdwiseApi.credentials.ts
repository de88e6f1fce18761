import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { BASE_URL_EXPRESSION, IDWISE_REGION_BASE_URLS } from '../nodes/IDWise/regions';

// IDWise's server API: HTTP Basic with a Server API key and its secret (docs.idwise.com/docs/api-auth).
// The docs conflict on the username: most pages say "API key and API secret", the note for their
// Readme "try it" console says "customer ID as username, server API key as password". Both are
// plain Basic auth, so the two fields below take either pair; the descriptions say so.
export class EnrichmentWebhooksIdwiseApi implements ICredentialType {
	name = 'enrichmentWebhooksIdwiseApi';

	displayName = 'IDWise API';

	icon: Icon = { light: 'file:../nodes/IDWise/idwise.svg', dark: 'file:../nodes/IDWise/idwise.dark.svg' };

	documentationUrl = 'https://docs.idwise.com/docs/api-auth';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'EU (api.idwise.com)', value: 'eu' },
				{ name: 'UAE (api-uae.idwise.com)', value: 'uae' },
				{ name: 'Qatar (api-qat.idwise.com)', value: 'qatar' },
				{ name: 'Custom Base URL', value: 'custom' },
			],
			default: 'eu',
			description: 'Where your IDWise account lives. Keys only work in their own region.',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: IDWISE_REGION_BASE_URLS.eu,
			description: 'For a proxy or a test server: the address that stands in for https://api.idwise.com',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			// Resolved by n8n from Region / Custom Base URL; the shared transport and the test request
			// read `baseUrl`, the same field name every credential of this package has.
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'hidden',
			default: BASE_URL_EXPRESSION,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The key of a Server API key (IDWise Studio: Admin > API Keys, key type Server), sent as the Basic auth username. Some IDWise pages say to use your customer ID as the username instead: if IDWise refuses the key, put your customer ID here and the server API key below.',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret shown with the Server API key (the Basic auth password), or the server API key if you entered your customer ID above',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.apiKey}}',
				password: '={{$credentials.apiSecret}}',
			},
		},
	};

	// The Test button: a `testedBy` method of the nodes (nodes/shared/credentialTest.ts), which says
	// what to check when the key is refused or the Base URL cannot be reached.
}
