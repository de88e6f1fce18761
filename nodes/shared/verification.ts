// One place for every check that proves a callback comes from its provider.
// Rules for every function here: it never throws (a malformed, missing, empty, wrong-length,
// non-hex or huge value is a clean `verified: false`), it compares secrets in constant time, and
// its `reason` never contains a secret or the presented value, only what was wrong with it, naming
// the header and the check of the provider at hand (a Wiza refusal speaks of x-auth-key, not of a
// signature Wiza never sends).
import { createHash, createHmac, timingSafeEqual } from 'crypto';

export type VerificationResult = { verified: true } | { verified: false; reason: string };

const VERIFIED: VerificationResult = { verified: true };
const notVerified = (reason: string): VerificationResult => ({ verified: false, reason });

/** Longest header value we are willing to look at; anything longer is refused unread. */
const MAX_PRESENTED_LENGTH = 8192;

/** Header values arrive as string, string[] (repeated header) or undefined. */
export function singleHeaderValue(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
	return undefined;
}

/** Constant-time equality of two byte strings; different lengths are unequal, never an exception. */
export function bytesEqual(expected: Buffer, presented: Buffer): boolean {
	if (expected.length !== presented.length || expected.length === 0) return false;
	return timingSafeEqual(expected, presented);
}

/** Constant-time equality of two texts (tokens, passwords, header values), compared as UTF-8. */
export function textEqual(expected: string, presented: unknown): boolean {
	if (typeof presented !== 'string' || presented.length > MAX_PRESENTED_LENGTH) return false;
	// Hash both sides first so the comparison time does not depend on the secret's length.
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return expected.length > 0 && timingSafeEqual(digest(expected), digest(presented));
}

const HEX = /^[0-9a-fA-F]+$/;

/** What a hex-digest header carries, for refusal reasons: `x-auth-key` holding "the SHA-256 of the API key". */
export interface HexDigestCheck {
	header: string;
	digest: string;
}

/** Compares a presented hex digest with the expected bytes; case-insensitive hex, constant time. */
export function hexDigestMatches(expected: Buffer, presentedHex: unknown, check: HexDigestCheck): VerificationResult {
	const { header, digest } = check;
	if (presentedHex === undefined || presentedHex === null) return notVerified(`${header} header is missing`);
	if (typeof presentedHex !== 'string') return notVerified(`${header} header is repeated or not a single value`);
	const trimmed = presentedHex.trim();
	if (trimmed === '') return notVerified(`${header} header is empty`);
	if (trimmed.length > MAX_PRESENTED_LENGTH) return notVerified(`${header} header is too long`);
	if (trimmed.length !== expected.length * 2) {
		return notVerified(`${header} has the wrong length: expected ${expected.length * 2} hexadecimal characters (${digest})`);
	}
	if (!HEX.test(trimmed)) return notVerified(`${header} is not hexadecimal (expected ${digest})`);
	return bytesEqual(expected, Buffer.from(trimmed, 'hex')) ? VERIFIED : notVerified(`${header} does not match ${digest}`);
}

const asBytes = (body: Buffer | string) => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

// ---------------------------------------------------------------------------------------------
// Wiza: header `x-auth-key` = SHA-256 of the account's API key (docs.wiza.co/using-the-api/webhooks).
// The docs do not name the encoding; lower-case hex is what their sample produces, and we accept
// either case. It proves the sender knows the key, not that the body is intact (no body MAC).

const WIZA_AUTH_KEY_CHECK: HexDigestCheck = { header: 'x-auth-key', digest: "the SHA-256 of the credential's API key" };

export function verifyWizaAuthKey(input: { apiKey: string; presentedKey: unknown }): VerificationResult {
	if (!input.apiKey) return notVerified('the credential has no API key to check x-auth-key against');
	const expected = createHash('sha256').update(input.apiKey, 'utf8').digest();
	return hexDigestMatches(expected, singleHeaderValue(input.presentedKey) ?? input.presentedKey, WIZA_AUTH_KEY_CHECK);
}

// ---------------------------------------------------------------------------------------------
// FullEnrich: header `X-Signature-SHA1` = hex HMAC-SHA1 of the raw body bytes, keyed with the
// API key (docs.fullenrich.com/api/v2/general/webhooks). Must hash the bytes received.

export function verifyHmacSha1Body(input: {
	secret: string;
	rawBody: Buffer | string | undefined;
	presentedSignature: unknown;
	/** The header and what it holds, for refusal reasons. */
	check: HexDigestCheck;
}): VerificationResult {
	const { check } = input;
	if (!input.secret) return notVerified(`the credential has no key to check ${check.header} against`);
	// No bytes: n8n parsed the body itself (multipart/form-data), so no signature can be checked.
	if (input.rawBody === undefined) return notVerified(`the request has no raw body to check ${check.header} against (multipart/form-data is never signed)`);
	const expected = createHmac('sha1', input.secret).update(asBytes(input.rawBody)).digest();
	return hexDigestMatches(expected, singleHeaderValue(input.presentedSignature) ?? input.presentedSignature, check);
}

// ---------------------------------------------------------------------------------------------
// Surfe: header `x-surfe-signature: t=<unix ms>,v0=<hex>` with v0 = HMAC-SHA256(secret,
// "<t>.<raw body>") (developers.surfe.com/webhooks). Several v0 entries are accepted (any
// match passes), which is how signing-secret rotation is usually announced.

export const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS = 300;

export function parseTimestampedSignature(header: string): { timestamp: string; signatures: string[] } | undefined {
	let timestamp: string | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator <= 0) continue;
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't') timestamp = value;
		else if (key === 'v0') signatures.push(value);
	}
	if (timestamp === undefined || signatures.length === 0) return undefined;
	return { timestamp, signatures };
}

export function verifyTimestampedHmacSha256(input: {
	secret: string;
	rawBody: Buffer | string | undefined;
	presentedHeader: unknown;
	nowMs: number;
	toleranceSeconds?: number;
	/** The header's name, for refusal reasons. */
	headerName: string;
}): VerificationResult {
	const name = input.headerName;
	if (!input.secret) return notVerified(`the credential has no webhook secret to check ${name} against`);
	// No bytes: n8n parsed the body itself (multipart/form-data), so no signature can be checked.
	if (input.rawBody === undefined) return notVerified(`the request has no raw body to check ${name} against (multipart/form-data is never signed)`);
	if (input.presentedHeader !== undefined && typeof input.presentedHeader !== 'string' && singleHeaderValue(input.presentedHeader) === undefined) {
		return notVerified(`${name} header is repeated or not a single value`);
	}
	const header = singleHeaderValue(input.presentedHeader);
	if (header === undefined || header.trim() === '') return notVerified(`${name} header is missing`);
	if (header.length > MAX_PRESENTED_LENGTH) return notVerified(`${name} header is too long`);
	const parsed = parseTimestampedSignature(header);
	if (!parsed) return notVerified(`${name} header is not of the form t=<ms>,v0=<hex>`);
	if (!/^\d{1,16}$/.test(parsed.timestamp)) return notVerified(`${name} timestamp (t) is not a number`);
	// Surfe sends milliseconds; a value that looks like seconds is read as seconds.
	const rawTimestamp = Number(parsed.timestamp);
	const timestampMs = rawTimestamp < 1e12 ? rawTimestamp * 1000 : rawTimestamp;
	const toleranceSeconds = input.toleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS;
	if (Math.abs(input.nowMs - timestampMs) > toleranceSeconds * 1000) {
		return notVerified(`${name} timestamp (t) is more than ${toleranceSeconds} s away from now (stale, future or a replay)`);
	}
	const expected = createHmac('sha256', input.secret)
		.update(Buffer.concat([Buffer.from(`${parsed.timestamp}.`, 'utf8'), asBytes(input.rawBody)]))
		.digest();
	const check = { header: `${name} v0`, digest: 'the HMAC-SHA256 of "<t>.<body>" keyed with the webhook secret' };
	let anyMatch = false;
	for (const signature of parsed.signatures) {
		// No early exit: every candidate is compared, so timing does not reveal which matched.
		if (hexDigestMatches(expected, signature, check).verified) anyMatch = true;
	}
	return anyMatch ? VERIFIED : notVerified(`${check.header} does not match ${check.digest}`);
}

// ---------------------------------------------------------------------------------------------
// IDWise: no signature; the webhook wizard offers Basic auth, a Bearer token or custom headers
// (docs.idwise.com/docs/configure-webhook-urls). Each is an exact, constant-time match.

/**
 * The one base64 text (RFC 4648 standard alphabet) of `user:password` that Basic auth accepts: the
 * canonical encoding, with or without its padding. Node's decoder is lenient (it stops at the
 * first "=" and skips characters outside the alphabet), so "<right>==Ym1tMXJ3" would decode to the
 * right credentials; re-encoding what was decoded and comparing refuses such variants. Both sides
 * of that comparison are what the sender sent, so it reveals nothing about the secret.
 */
function canonicalBasicCredentials(encoded: string): string | undefined {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
	const decoded = Buffer.from(encoded, 'base64');
	const canonical = decoded.toString('base64');
	if (encoded !== canonical && encoded !== canonical.replace(/=+$/, '')) return undefined;
	return decoded.toString('utf8');
}

export function verifyBasicAuth(input: { username: string; password: string; authorization: unknown }): VerificationResult {
	const header = singleHeaderValue(input.authorization);
	if (!header) return notVerified('Basic auth: the Authorization header is missing');
	if (header.length > MAX_PRESENTED_LENGTH) return notVerified('Basic auth: the Authorization header is too long');
	const match = /^Basic +(\S+)\s*$/i.exec(header);
	if (!match) return notVerified('Basic auth: the Authorization header is not "Basic <base64 of username:password>"');
	const decoded = canonicalBasicCredentials(match[1]);
	if (decoded === undefined) return notVerified('Basic auth: the credentials are not the standard base64 of "username:password"');
	const separator = decoded.indexOf(':');
	if (separator < 0) return notVerified('Basic auth: the decoded credentials have no ":" between username and password');
	const userOk = textEqual(input.username, decoded.slice(0, separator));
	const passwordOk = textEqual(input.password, decoded.slice(separator + 1));
	return userOk && passwordOk ? VERIFIED : notVerified('Basic auth: the username or password does not match the credential');
}

export function verifyBearerToken(input: { token: string; authorization: unknown }): VerificationResult {
	const header = singleHeaderValue(input.authorization);
	if (!header) return notVerified('Bearer token: the Authorization header is missing');
	const match = /^Bearer\s+(.+?)\s*$/i.exec(header);
	if (!match) return notVerified('Bearer token: the Authorization header is not "Bearer <token>"');
	return textEqual(input.token, match[1]) ? VERIFIED : notVerified('Bearer token: the token does not match the credential');
}

/** Every configured header must be present with exactly its value (names are case-insensitive). */
export function verifyCustomHeaders(input: {
	expected: Array<{ name: string; value: string }>;
	headers: Record<string, unknown>;
}): VerificationResult {
	if (input.expected.length === 0) return notVerified('custom headers: the credential lists no header to check');
	let allMatch = true;
	let firstMismatch = '';
	for (const { name, value } of input.expected) {
		const presented = singleHeaderValue(input.headers[name.toLowerCase()]);
		if (!textEqual(value, presented)) {
			allMatch = false;
			firstMismatch ||= name;
		}
	}
	return allMatch ? VERIFIED : notVerified(`custom headers: header "${firstMismatch}" is missing or does not match the credential`);
}
