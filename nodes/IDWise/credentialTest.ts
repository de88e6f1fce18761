// The Test button of the IDWise API credential (declared with `testedBy` on the IDWise nodes).
import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { probeRequestOf, testCredential, type CredentialProbe } from '../shared/credentialTest';
import { baseUrlOf } from '../shared/transport';
import { IDWISE_REGION_BASE_URLS } from './regions';

/**
 * The credential's address. A test gets the credential's fields as typed in the dialog, where the
 * hidden `baseUrl` may still be its unresolved expression: the region decides then.
 */
function idwiseBaseUrlOf(credential: ICredentialDataDecryptedObject): string {
	const resolved = typeof credential.baseUrl === 'string' && !credential.baseUrl.startsWith('=') ? credential.baseUrl : undefined;
	if (resolved) return baseUrlOf({ baseUrl: resolved }, IDWISE_REGION_BASE_URLS.eu);
	if (credential.region === 'custom') return baseUrlOf({ baseUrl: credential.customBaseUrl as string }, IDWISE_REGION_BASE_URLS.eu);
	const region = credential.region === 'uae' || credential.region === 'qatar' ? credential.region : 'eu';
	return IDWISE_REGION_BASE_URLS[region];
}

// IDWise documents no "who am I" endpoint, and every other call starts a journey or reads one. The
// cheapest authenticated GET is the journey summary, so the test asks for the summary of a journey
// id that cannot exist: IDWise checks the key first (401/403: key, secret or region wrong) and only
// then looks for the journey (404: the key was accepted, so the test succeeded).
const IDWISE_PROBE: CredentialProbe = {
	provider: 'IDWise',
	defaultBaseUrl: IDWISE_REGION_BASE_URLS.eu,
	path: '/journey/v2/summary/000000000000000000000000',
	authorization: (credential) => `Basic ${Buffer.from(`${String(credential.apiKey ?? '')}:${String(credential.apiSecret ?? '')}`).toString('base64')}`,
	alsoAccepted: [404],
	baseUrlOf: idwiseBaseUrlOf,
	whenRefused: 'Check the API key and secret, the region, and that the key is a Server key (not a Client key).',
	whenForbidden: 'The key may be limited to other IP addresses (IDWise Studio: Whitelist IPs) or belong to another environment.',
};

export const idwiseCredentialTest = {
	async idwiseApiCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		return await testCredential(probeRequestOf(this), credential.data ?? {}, IDWISE_PROBE);
	},
};
