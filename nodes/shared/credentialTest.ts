// The "Test" button of every API credential of this package. It replaces n8n's declarative credential
// test, which can only put a fixed message on an HTTP status: an unreachable Base URL would show as
// a bare "ECONNREFUSED", and IDWise, which has no key-check endpoint, could not show a working key as
// a success (its cheapest proof of a good key is a 404 for a journey that does not exist).
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { CLIENT_HEADERS } from './clientIdentity';
import { errorMessageOf } from './errors';
import { baseUrlOf } from './transport';

export interface CredentialProbe {
	/** "Wiza", as the messages name the provider. */
	provider: string;
	/** The provider's real address, used when the credential has no Base URL. */
	defaultBaseUrl: string;
	/** A free, read-only GET below the base URL that needs a valid key. */
	path: string;
	/** The request's auth: a header built from the credential's fields. */
	authorization: (credential: ICredentialDataDecryptedObject) => string;
	/** Statuses that prove the key besides 2xx (IDWise: 404, "no such journey", comes after the key check). */
	alsoAccepted?: number[];
	/** What to check when the provider refuses the key (401) or the access (403). */
	whenRefused: string;
	whenForbidden?: string;
	/** Where the base URL comes from, when the credential's own `baseUrl` field is not the answer. */
	baseUrlOf?: (credential: ICredentialDataDecryptedObject) => string;
}

/** The answer of a test request (the fields of n8n's legacy full response that are read here). */
export interface ProbeResponse {
	statusCode: number;
	body?: unknown;
}

/** Sends one request; n8n's credential-test context offers this through `helpers.request`. */
export type ProbeRequest = (options: IDataObject) => Promise<ProbeResponse>;

/**
 * Tests a credential: one GET with the key, then a message that says what works or what to check.
 * Never throws: n8n shows the returned message in the credential dialog.
 */
export async function testCredential(send: ProbeRequest, credential: ICredentialDataDecryptedObject, probe: CredentialProbe): Promise<INodeCredentialTestResult> {
	const baseUrl = probe.baseUrlOf ? probe.baseUrlOf(credential) : baseUrlOf(credential as IDataObject, probe.defaultBaseUrl);
	if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) {
		return { status: 'Error', message: `The Base URL "${baseUrl}" is not an http:// or https:// address. Leave it empty to use ${probe.defaultBaseUrl}.` };
	}
	const url = `${baseUrl}${probe.path}`;
	let response: ProbeResponse;
	try {
		response = await send({
			method: 'GET',
			uri: url,
			// The package's User-Agent, as on every other request to the provider.
			headers: { ...CLIENT_HEADERS, Authorization: probe.authorization(credential), Accept: 'application/json' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 15_000,
		});
	} catch (error) {
		const code = (error as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
		return {
			status: 'Error',
			message: `Could not reach ${probe.provider} at ${baseUrl} (${typeof code === 'string' ? code : errorMessageOf(error)}). Check the Base URL (the usual one is ${probe.defaultBaseUrl}) and that this n8n can reach it: proxy, firewall, DNS.`,
		};
	}

	const { statusCode } = response;
	if (typeof response.body === 'string' && response.body.trimStart().startsWith('<')) {
		return { status: 'Error', message: `${url} answered with a web page, not the ${probe.provider} API. Check the Base URL (the usual one is ${probe.defaultBaseUrl}).` };
	}
	if ((statusCode >= 200 && statusCode < 300) || (probe.alsoAccepted ?? []).includes(statusCode)) {
		return { status: 'OK', message: `Connection successful: ${probe.provider} accepted the credential` };
	}
	if (statusCode === 401) return { status: 'Error', message: `${probe.provider} refused the credential (401). ${probe.whenRefused}` };
	if (statusCode === 403) {
		return { status: 'Error', message: `${probe.provider} refused access (403). ${probe.whenForbidden ?? probe.whenRefused}` };
	}
	if (statusCode === 404) {
		return { status: 'Error', message: `${url} does not exist (404): the Base URL does not point at the ${probe.provider} API. The usual one is ${probe.defaultBaseUrl}.` };
	}
	if (statusCode === 429) return { status: 'Error', message: `${probe.provider} is rate limiting this key (429). Test again in a minute.` };
	return {
		status: 'Error',
		message: `${probe.provider} answered HTTP ${statusCode} at ${url}. Check the Base URL (the usual one is ${probe.defaultBaseUrl}); if it is right, ${probe.provider} may be having trouble: test again later.`,
	};
}

/** The request function of n8n's credential-test context, for `testCredential`. */
export function probeRequestOf(context: ICredentialTestFunctions): ProbeRequest {
	// ICredentialTestFunctions (n8n-workflow 2.41) offers only this legacy `request` helper; the
	// httpRequest helpers of node contexts do not exist in a credential test.
	const { request } = context.helpers;
	return async (options) => (await request(options)) as ProbeResponse;
}

export const bearer = (credential: ICredentialDataDecryptedObject): string => `Bearer ${String(credential.apiKey ?? '')}`;
