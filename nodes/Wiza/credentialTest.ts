// The Test button of the Wiza credential (declared with `testedBy` on the Wiza nodes).
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { bearer, probeRequestOf, testCredential, type CredentialProbe } from '../shared/credentialTest';
import { WIZA_DEFAULT_BASE_URL } from './transport';

// The cheapest authenticated call Wiza has (reads the credit balance); the official Wiza node
// tests with it too.
const WIZA_PROBE: CredentialProbe = {
	provider: 'Wiza',
	defaultBaseUrl: WIZA_DEFAULT_BASE_URL,
	path: '/api/meta/credits',
	authorization: bearer,
	whenRefused: 'Check the API key: copy it again from Wiza, Settings > API (a regenerated key replaces the old one).',
	whenForbidden: 'Your Wiza plan or API key does not allow API access; check Settings > API in Wiza.',
};

export const wizaCredentialTest = {
	async wizaApiCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		return await testCredential(probeRequestOf(this), credential.data ?? {}, WIZA_PROBE);
	},
};
