// The check that proves a callback comes from Surfe, and reading its body, shared by the Surfe
// Trigger and the "... and Wait" operations' resume webhook.
// developers.surfe.com/webhooks: `x-surfe-signature: t=<ms>,v0=<hex>`, HMAC-SHA256 of
// "<t>.<raw body>" with the account's webhook secret. Surfe shows that secret only after its first
// delivery, so a credential may not hold it yet: the callback is then accepted unverified and the
// result says so (the trigger warns about it in its panel; the resume URL still carries n8n's
// random per-execution token, which only Surfe was given).
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS, verifyTimestampedHmacSha256, type VerificationResult } from '../shared/verification';
import { jsonBodyOf, markAuthHeadersConsumed, rawBodyOf } from '../shared/webhook';

export const SIGNATURE_HEADER = 'x-surfe-signature';

export interface SurfeVerification {
	result: VerificationResult;
	/** False when the credential has no webhook secret yet and nothing could be checked. */
	signatureVerified: boolean;
}

/** Checks the signature on the exact bytes received, when the credential holds the webhook secret. */
export async function verifySurfeCallback(context: IWebhookFunctions, toleranceSeconds = DEFAULT_TIMESTAMP_TOLERANCE_SECONDS): Promise<SurfeVerification> {
	const credentials = await context.getCredentials('enrichmentWebhooksSurfeApi');
	const secret = typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret.trim() : '';
	const headers = context.getHeaderData() as IDataObject;
	let result: VerificationResult = { verified: true };
	if (secret !== '') {
		result = verifyTimestampedHmacSha256({ secret, rawBody: await rawBodyOf(context), presentedHeader: headers[SIGNATURE_HEADER], headerName: SIGNATURE_HEADER, nowMs: Date.now(), toleranceSeconds });
		if (!result.verified) return { result, signatureVerified: false };
	}
	if (headers[SIGNATURE_HEADER] !== undefined) markAuthHeadersConsumed(context, [SIGNATURE_HEADER]);
	return { result, signatureVerified: secret !== '' };
}

/** The body as JSON from the bytes that were verified (n8n's own parse only when there are none); undefined if it is not JSON. */
export async function callbackBodyOf(context: IWebhookFunctions): Promise<unknown> {
	const body = jsonBodyOf(await rawBodyOf(context), context.getBodyData());
	return body.ok ? body.value : undefined;
}
