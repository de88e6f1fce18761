// How each provider proves a callback, written from the providers' documents (the seeds and the
// research notes the project started from), not from this package's code:
// - Wiza (docs.wiza.co/using-the-api/webhooks): `x-auth-key` = SHA-256 of the API key. The docs'
//   sample digests to hex. No body MAC, no timestamp.
// - FullEnrich (docs.fullenrich.com/api/v2/general/webhooks): `X-Signature-SHA1` = lower-case hex
//   HMAC-SHA1 of the raw body bytes, keyed with the API key. No timestamp.
// - Surfe (developers.surfe.com/webhooks): `x-surfe-signature: t=<unix ms>,v0=<hex>`, v0 =
//   HMAC-SHA256(webhook secret, "<t>.<raw body>"); t is checked against a tolerance.
// - IDWise (docs.idwise.com/docs/configure-webhook-urls): no signature; Basic auth (RFC 7617:
//   base64 of "user:password"), a Bearer token, or custom headers, as set in its webhook wizard.
import { createHash, createHmac } from 'node:crypto';

export type SchemeName = 'wiza' | 'fullenrich' | 'surfe' | 'idwise-basic' | 'idwise-bearer' | 'idwise-headers';

export interface ProviderScheme {
	name: SchemeName;
	/** The headers a genuine sender adds to `rawBody`, sent at `nowMs`. */
	genuineHeaders(rawBody: Buffer, nowMs: number): Record<string, string>;
	/** The proof covers the body: the same headers over other bytes are a forgery. */
	coversBody: boolean;
	/** What a refusal by our node must name (the header or auth mode of this provider). */
	reasonMentions: RegExp;
}

export const sha256Hex = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
export const hmacHex = (algorithm: 'sha1' | 'sha256', key: string, data: Buffer) => createHmac(algorithm, key).update(data).digest('hex');

export function wizaScheme(apiKey: string): ProviderScheme {
	return { name: 'wiza', coversBody: false, reasonMentions: /x-auth-key/, genuineHeaders: () => ({ 'x-auth-key': sha256Hex(apiKey) }) };
}

export function fullEnrichScheme(apiKey: string): ProviderScheme {
	return {
		name: 'fullenrich',
		coversBody: true,
		reasonMentions: /X-Signature-SHA1/i,
		genuineHeaders: (rawBody) => ({ 'x-signature-sha1': hmacHex('sha1', apiKey, rawBody) }),
	};
}

export function surfeSignature(secret: string, rawBody: Buffer, timestampMs: number | string): string {
	return `t=${timestampMs},v0=${hmacHex('sha256', secret, Buffer.concat([Buffer.from(`${timestampMs}.`), rawBody]))}`;
}

export function surfeScheme(secret: string): ProviderScheme {
	return {
		name: 'surfe',
		coversBody: true,
		reasonMentions: /x-surfe-signature/,
		genuineHeaders: (rawBody, nowMs) => ({ 'x-surfe-signature': surfeSignature(secret, rawBody, nowMs) }),
	};
}

export const basicAuthorization = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;

export function idwiseBasicScheme(username: string, password: string): ProviderScheme {
	return { name: 'idwise-basic', coversBody: false, reasonMentions: /Basic auth/, genuineHeaders: () => ({ authorization: basicAuthorization(username, password) }) };
}

export function idwiseBearerScheme(token: string): ProviderScheme {
	return { name: 'idwise-bearer', coversBody: false, reasonMentions: /Bearer token/, genuineHeaders: () => ({ authorization: `Bearer ${token}` }) };
}

export function idwiseHeadersScheme(headers: Record<string, string>): ProviderScheme {
	return { name: 'idwise-headers', coversBody: false, reasonMentions: /custom headers/, genuineHeaders: () => ({ ...headers }) };
}

// Bodies shaped like the documented payloads (the fuzz forges these; none should ever be accepted).

/** docs.wiza.co webhooks: an Individual Reveal callback. */
export function wizaRevealBody(revealId: number): Record<string, unknown> {
	return {
		status: { code: 200, message: 'Single reveal finished' },
		type: 'individual_reveal',
		data: { id: revealId, status: 'finished', is_complete: true, name: 'Mallory Forger', company: 'Evil', email: 'mallory@evil.example', email_status: 'valid' },
	};
}

/** docs.fullenrich.com v2: the result of an enrichment (batch webhook). */
export function fullEnrichResultBody(enrichmentId: string, custom: Record<string, unknown>[]): Record<string, unknown> {
	return {
		id: enrichmentId,
		name: 'forged',
		status: 'FINISHED',
		data: custom.map((entry) => ({
			input: { first_name: 'Mallory', last_name: 'Forger', company_domain: 'evil.example' },
			custom: entry,
			contact_info: { most_probable_work_email: { email: 'mallory@evil.example', status: 'DELIVERABLE' }, work_emails: [{ email: 'mallory@evil.example', status: 'DELIVERABLE' }] },
		})),
		cost: { credits: 1 },
	};
}

/** developers.surfe.com webhooks: `person.enrichment.completed`. */
export function surfePersonBody(enrichmentId: string, externalId: string): Record<string, unknown> {
	return {
		eventType: 'person.enrichment.completed',
		data: {
			enrichmentID: enrichmentId,
			person: { externalID: externalId, firstName: 'Mallory', lastName: 'Forger', status: 'COMPLETED', emails: [{ email: 'mallory@evil.example', validationStatus: 'VALID' }] },
		},
	};
}

/** docs.idwise.com webhook specifications: `{ event, body }`. */
export function idwiseEventBody(eventId: string): Record<string, unknown> {
	return { event: 'Finished Journey', body: { eventId, journeyId: '6568c0f1a2b3c4d5e6f7db3c', referenceNo: 'forged', systemDecision: 'Complete' } };
}
