// The Test button of the FullEnrich credential (declared with `testedBy` on the FullEnrich nodes).
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { bearer, probeRequestOf, testCredential, type CredentialProbe } from '../shared/credentialTest';
import { FULLENRICH_DEFAULT_BASE_URL } from './transport';

// FullEnrich's own "Check If API Key Is Valid" endpoint: free, and 401 otherwise.
const FULLENRICH_PROBE: CredentialProbe = {
	provider: 'FullEnrich',
	defaultBaseUrl: FULLENRICH_DEFAULT_BASE_URL,
	path: '/account/keys/verify',
	authorization: bearer,
	whenRefused: 'Check the API key: copy it again from FullEnrich, Settings > API. The Base URL must be the v2 API (https://app.fullenrich.com/api/v2).',
};

export const fullEnrichCredentialTest = {
	async fullEnrichApiCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		return await testCredential(probeRequestOf(this), credential.data ?? {}, FULLENRICH_PROBE);
	},
};
