// The check that proves a callback comes from Wiza, shared by the Wiza Trigger and the "... and
// Wait" operations' resume webhook. Wiza signs nothing: it sends SHA-256(API key) in `x-auth-key`
// (docs.wiza.co webhooks page). That proves the sender knows the key, not that the body is intact.
import type { IWebhookFunctions } from 'n8n-workflow';

import { verifyWizaAuthKey, type VerificationResult } from '../shared/verification';
import { markAuthHeadersConsumed } from '../shared/webhook';

export const AUTH_HEADER = 'x-auth-key';

/** Checks `x-auth-key` against the credential's API key; marks the header for n8n's redaction when it holds. */
export async function verifyWizaCallback(context: IWebhookFunctions): Promise<VerificationResult> {
	const credentials = await context.getCredentials('enrichmentWebhooksWizaApi');
	const result = verifyWizaAuthKey({ apiKey: String(credentials.apiKey ?? ''), presentedKey: context.getHeaderData()[AUTH_HEADER] });
	if (result.verified) markAuthHeadersConsumed(context, [AUTH_HEADER]);
	return result;
}
