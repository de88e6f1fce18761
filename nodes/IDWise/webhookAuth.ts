// Checks that a webhook request carries what the `enrichmentWebhooksIdwiseWebhookApi` credential says IDWise sends
// (Basic auth, a Bearer token or custom headers), and checks that a credential's values can work
// at all (the credential test the IDWise Trigger offers, since IDWise has nothing to call).
import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { verifyBasicAuth, verifyBearerToken, verifyCustomHeaders, type VerificationResult } from '../shared/verification';

export type WebhookAuthType = 'basicAuth' | 'bearerToken' | 'customHeaders';

export interface HeaderPair {
	name: string;
	value: string;
}

/** The name/value pairs of the credential's `headers` fixedCollection (`{ values: [...] }`). */
export function configuredHeaders(credentials: ICredentialDataDecryptedObject | IDataObject): HeaderPair[] {
	const collection = credentials.headers as { values?: unknown } | undefined;
	const values = Array.isArray(collection?.values) ? collection.values : [];
	return values
		.filter((pair): pair is IDataObject => typeof pair === 'object' && pair !== null)
		.map((pair) => ({ name: String(pair.name ?? '').trim(), value: String(pair.value ?? '') }));
}

const authTypeOf = (credentials: ICredentialDataDecryptedObject | IDataObject): WebhookAuthType | undefined =>
	credentials.authType === 'basicAuth' || credentials.authType === 'bearerToken' || credentials.authType === 'customHeaders'
		? credentials.authType
		: undefined;

export interface WebhookAuthOutcome {
	result: VerificationResult;
	/** Headers that carried the secret: n8n is told to redact them from stored request data. */
	authHeaders: string[];
}

/** Compares the request's headers with the credential, in constant time (shared/verification). */
export function verifyWebhookRequest(credentials: ICredentialDataDecryptedObject, headers: Record<string, unknown>): WebhookAuthOutcome {
	switch (authTypeOf(credentials)) {
		case 'basicAuth':
			return {
				result: verifyBasicAuth({ username: String(credentials.username ?? ''), password: String(credentials.password ?? ''), authorization: headers.authorization }),
				authHeaders: ['authorization'],
			};
		case 'bearerToken':
			return {
				result: verifyBearerToken({ token: String(credentials.token ?? ''), authorization: headers.authorization }),
				authHeaders: ['authorization'],
			};
		case 'customHeaders': {
			const expected = configuredHeaders(credentials);
			return {
				result: verifyCustomHeaders({ expected, headers }),
				authHeaders: expected.map((pair) => pair.name.toLowerCase()),
			};
		}
		default:
			return { result: { verified: false, reason: 'the IDWise webhook credential has no authentication type' }, authHeaders: [] };
	}
}

// RFC 9110 token characters: what an HTTP header name may contain.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Headers IDWise's HTTP client sets itself (or that proxies rewrite); a value entered for them can
// never be the one that arrives.
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect']);
const hasControlCharacters = (text: string) => [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
// HTTP servers (Node's included) strip spaces around header values, so such a value never matches.
const hasOuterSpace = (text: string) => text !== text.trim();

/** Problems that would make every request fail the check, worded for the person fixing them. */
export function credentialProblems(credentials: ICredentialDataDecryptedObject | IDataObject): string[] {
	const problems: string[] = [];
	switch (authTypeOf(credentials)) {
		case 'basicAuth': {
			const username = String(credentials.username ?? '');
			const password = String(credentials.password ?? '');
			if (username === '') problems.push('Username is empty');
			// RFC 7617: the user-id cannot contain a colon, it separates user and password.
			if (username.includes(':')) problems.push('Username contains ":", which Basic auth cannot carry');
			if (password === '') problems.push('Password is empty');
			if (hasControlCharacters(username) || hasControlCharacters(password)) problems.push('Username or password contains control characters');
			break;
		}
		case 'bearerToken': {
			const token = String(credentials.token ?? '');
			if (token.trim() === '') problems.push('Token is empty');
			else if (hasOuterSpace(token) || hasControlCharacters(token)) problems.push('Token starts or ends with spaces or contains control characters');
			break;
		}
		case 'customHeaders': {
			const pairs = configuredHeaders(credentials);
			if (pairs.length === 0) problems.push('No headers are configured');
			const seen = new Set<string>();
			for (const { name, value } of pairs) {
				const label = name === '' ? 'A header' : `Header "${name.slice(0, 60)}"`;
				if (name === '') problems.push('A header has no name');
				else if (!HEADER_NAME.test(name)) problems.push(`${label} has characters a header name cannot have`);
				else if (RESERVED_HEADERS.has(name.toLowerCase())) problems.push(`${label} is set by IDWise's HTTP client itself; choose another name`);
				if (seen.has(name.toLowerCase())) problems.push(`${label} is listed twice`);
				seen.add(name.toLowerCase());
				if (value === '') problems.push(`${label} has an empty value`);
				else if (hasOuterSpace(value) || hasControlCharacters(value)) problems.push(`${label} has a value that starts or ends with spaces or contains control characters`);
			}
			break;
		}
		default:
			problems.push('Choose an authentication type');
	}
	return problems;
}

/** The IDWise Trigger's credential test for `enrichmentWebhooksIdwiseWebhookApi` (a local check: see the credential). */
export async function checkWebhookCredential(credentials: ICredentialDataDecryptedObject | undefined): Promise<INodeCredentialTestResult> {
	const problems = credentialProblems(credentials ?? {});
	if (problems.length > 0) return { status: 'Error', message: `${problems.join('. ')}.` };
	return {
		status: 'OK',
		message: 'The values can be checked. IDWise has no endpoint to test them against: enter the same values in IDWise (Webhooks > Authentication) and use its Test Webhook button.',
	};
}
