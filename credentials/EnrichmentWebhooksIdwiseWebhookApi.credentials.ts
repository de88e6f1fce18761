import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

// How IDWise proves itself to the IDWise Trigger: whatever was chosen in step 2 of IDWise's webhook
// wizard (Developer's Area > Webhooks > Create a Webhook): Basic auth, a Bearer token, or custom
// HTTP headers (docs.idwise.com/docs/configure-webhook-urls). IDWise signs nothing, so these
// values are all there is to check; enter exactly what you entered in IDWise.
//
// No `test` request here: there is nothing at IDWise to call with these values. The IDWise
// Trigger declares `testedBy: 'idwiseWebhookCredentialCheck'` for this credential instead, a local
// check that the values are complete and can arrive intact over HTTP (see
// nodes/IDWise/webhookAuth.ts). That is what the lint rule `credential-test-required` accepts for
// a credential that only nodes test.
export class EnrichmentWebhooksIdwiseWebhookApi implements ICredentialType {
	name = 'enrichmentWebhooksIdwiseWebhookApi';

	displayName = 'IDWise Webhook API';

	icon: Icon = { light: 'file:../nodes/IDWise/idwise.svg', dark: 'file:../nodes/IDWise/idwise.dark.svg' };

	documentationUrl = 'https://docs.idwise.com/docs/configure-webhook-urls';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'Basic Auth', value: 'basicAuth', description: 'IDWise sends a username and password' },
				{ name: 'Bearer Token', value: 'bearerToken', description: 'IDWise sends Authorization: Bearer <token>' },
				{ name: 'Custom Headers', value: 'customHeaders', description: 'IDWise sends one or more headers you named' },
			],
			default: 'basicAuth',
			description: 'The method chosen in step 2 (Authentication) of the IDWise webhook wizard',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'The username entered in IDWise (webhook wizard, step 2)',
			displayOptions: { show: { authType: ['basicAuth'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The password entered in IDWise (webhook wizard, step 2)',
			displayOptions: { show: { authType: ['basicAuth'] } },
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The bearer token entered in IDWise (without the word "Bearer")',
			displayOptions: { show: { authType: ['bearerToken'] } },
		},
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Header',
			default: { values: [{ name: '', value: '' }] },
			description: 'Every header entered in IDWise; a request must carry all of them with exactly these values',
			displayOptions: { show: { authType: ['customHeaders'] } },
			options: [
				{
					displayName: 'Header',
					name: 'values',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'X-Webhook-Key',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							typeOptions: { password: true },
							default: '',
						},
					],
				},
			],
		},
	];
}
