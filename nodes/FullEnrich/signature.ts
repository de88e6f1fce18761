// The check that proves a callback comes from FullEnrich, shared by the FullEnrich Trigger and the
// "... and Wait" operations' resume webhook.
// docs.fullenrich.com/api/v2/general/webhooks: `X-Signature-SHA1` is the hex HMAC-SHA1 of the raw
// body, keyed with the API key. Computed over the bytes received, never over re-serialised JSON.
import type { IWebhookFunctions } from 'n8n-workflow';

import { type HexDigestCheck, verifyHmacSha1Body, type VerificationResult } from '../shared/verification';
import { markAuthHeadersConsumed, rawBodyOf } from '../shared/webhook';

export const SIGNATURE_HEADER = 'x-signature-sha1';

/** What refusals name: FullEnrich's header, in the docs' spelling, and what it must hold. */
const SIGNATURE_CHECK: HexDigestCheck = { header: 'X-Signature-SHA1', digest: "the HMAC-SHA1 of the body keyed with the credential's API key" };

/** Verifies the request's signature with the credential's API key; marks the header for n8n's redaction when it holds. */
export async function verifyFullEnrichSignature(context: IWebhookFunctions): Promise<VerificationResult> {
	const credentials = await context.getCredentials('enrichmentWebhooksFullEnrichApi');
	const result = verifyHmacSha1Body({
		secret: String(credentials.apiKey ?? ''),
		rawBody: await rawBodyOf(context),
		presentedSignature: context.getHeaderData()[SIGNATURE_HEADER],
		check: SIGNATURE_CHECK,
	});
	if (result.verified) markAuthHeadersConsumed(context, [SIGNATURE_HEADER]);
	return result;
}
