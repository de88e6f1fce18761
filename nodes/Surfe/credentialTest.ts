// The Test button of the Surfe credential (declared with `testedBy` on the Surfe nodes).
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { bearer, probeRequestOf, testCredential, type CredentialProbe } from '../shared/credentialTest';
import { SURFE_DEFAULT_BASE_URL } from './transport';

// GET /v1/credits only reads the balances: it spends no credit and uses none of the daily quotas,
// which count enriched profiles and search results, not requests (developers.surfe.com "Get
// credits", help center "API credits & quotas"). Every other Surfe call can cost something.
const SURFE_PROBE: CredentialProbe = {
	provider: 'Surfe',
	defaultBaseUrl: SURFE_DEFAULT_BASE_URL,
	path: '/v1/credits',
	authorization: bearer,
	whenRefused:
		'Check the API key at app.surfe.com/api-settings: Surfe allows one key per user, so creating a new key revokes the old one.',
};

export const surfeCredentialTest = {
	async surfeApiCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		return await testCredential(probeRequestOf(this), credential.data ?? {}, SURFE_PROBE);
	},
};
