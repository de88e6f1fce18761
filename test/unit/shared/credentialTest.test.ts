// The Test button of every API credential: what a user reads for each outcome.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeType } from 'n8n-workflow';

import { EnrichmentWebhooksFullEnrichApi } from '../../../credentials/EnrichmentWebhooksFullEnrichApi.credentials';
import { EnrichmentWebhooksIdwiseApi } from '../../../credentials/EnrichmentWebhooksIdwiseApi.credentials';
import { EnrichmentWebhooksSurfeApi } from '../../../credentials/EnrichmentWebhooksSurfeApi.credentials';
import { EnrichmentWebhooksWizaApi } from '../../../credentials/EnrichmentWebhooksWizaApi.credentials';
import { FullEnrich } from '../../../nodes/FullEnrich/FullEnrich.node';
import { FullEnrichTrigger } from '../../../nodes/FullEnrich/FullEnrichTrigger.node';
import { Idwise } from '../../../nodes/IDWise/Idwise.node';
import { IdwiseTrigger } from '../../../nodes/IDWise/IdwiseTrigger.node';
import { Surfe } from '../../../nodes/Surfe/Surfe.node';
import { SurfeTrigger } from '../../../nodes/Surfe/SurfeTrigger.node';
import { Wiza } from '../../../nodes/Wiza/Wiza.node';
import { WizaTrigger } from '../../../nodes/Wiza/WizaTrigger.node';
import { bearer, testCredential, type CredentialProbe, type ProbeRequest } from '../../../nodes/shared/credentialTest';

const PROBE: CredentialProbe = {
	provider: 'Acme',
	defaultBaseUrl: 'https://api.acme.example',
	path: '/v1/me',
	authorization: bearer,
	whenRefused: 'Check the API key in Acme, Settings > API.',
};

/** A `send` that answers with a fixed status and records what it was asked. */
function answering(statusCode: number, body: unknown = {}) {
	const calls: Array<Record<string, unknown>> = [];
	const send: ProbeRequest = async (options) => {
		calls.push(options);
		return { statusCode, body };
	};
	return { send, calls };
}

describe('testCredential', () => {
	it('sends one GET with the key to the credential Base URL (trailing slash dropped), and says success on 2xx', async () => {
		const { send, calls } = answering(200);
		const result = await testCredential(send, { apiKey: 'k-1', baseUrl: 'http://127.0.0.1:9/' }, PROBE);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful: Acme accepted the credential' });
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ method: 'GET', uri: 'http://127.0.0.1:9/v1/me', headers: { Authorization: 'Bearer k-1' }, simple: false, resolveWithFullResponse: true });
	});

	it('uses the provider address when the credential has no Base URL', async () => {
		const { send, calls } = answering(200);
		await testCredential(send, { apiKey: 'k' }, PROBE);
		expect(calls[0].uri).toBe('https://api.acme.example/v1/me');
	});

	it('401 says the provider refused the key and what to check', async () => {
		const result = await testCredential(answering(401).send, { apiKey: 'bad' }, PROBE);
		expect(result).toEqual({ status: 'Error', message: 'Acme refused the credential (401). Check the API key in Acme, Settings > API.' });
	});

	it('a status listed as proof of the key (IDWise: 404 for an unknown journey) is a success; other 404s point at the Base URL', async () => {
		expect((await testCredential(answering(404).send, { apiKey: 'k' }, { ...PROBE, alsoAccepted: [404] })).status).toBe('OK');
		const wrongPath = await testCredential(answering(404).send, { apiKey: 'k' }, PROBE);
		expect(wrongPath).toMatchObject({ status: 'Error', message: expect.stringContaining('the Base URL does not point at the Acme API') });
	});

	it('a web page instead of the API is an error about the Base URL, whatever its status', async () => {
		const result = await testCredential(answering(200, '<!doctype html><html></html>').send, { apiKey: 'k' }, PROBE);
		expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('answered with a web page') });
	});

	it('a Base URL that is not http(s) is refused before any request', async () => {
		const { send, calls } = answering(200);
		const result = await testCredential(send, { apiKey: 'k', baseUrl: 'api.acme.example' }, PROBE);
		expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('is not an http:// or https:// address') });
		expect(calls).toHaveLength(0);
	});

	it('an unreachable Base URL (a real refused connection) says so, with the code and what to check', async () => {
		// A port that was just free: nothing listens there.
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const send: ProbeRequest = async (options) => {
			const response = await fetch(String(options.uri));
			return { statusCode: response.status };
		};
		const result = await testCredential(send, { apiKey: 'k', baseUrl: `http://127.0.0.1:${port}` }, PROBE);
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`Could not reach Acme at http://127.0.0.1:${port} (ECONNREFUSED). Check the Base URL (the usual one is https://api.acme.example) and that this n8n can reach it: proxy, firewall, DNS.`,
		);
	});
});

describe('every API credential is tested by its nodes', () => {
	// n8n uses a credential's own `test` before any node's `testedBy`: none may have one, or the
	// messages above would never be shown.
	const credentials = [new EnrichmentWebhooksWizaApi(), new EnrichmentWebhooksFullEnrichApi(), new EnrichmentWebhooksSurfeApi(), new EnrichmentWebhooksIdwiseApi()];
	const nodes: INodeType[] = [new Wiza(), new WizaTrigger(), new FullEnrich(), new FullEnrichTrigger(), new Surfe(), new SurfeTrigger(), new Idwise(), new IdwiseTrigger()];

	it.each(credentials.map((credential) => [credential.name, credential] as const))('%s: no declarative test; every node using it names a test method it has', (name, credential) => {
		expect((credential as { test?: unknown }).test).toBeUndefined();
		const users = nodes.filter((candidate) => candidate.description.credentials?.some((entry) => entry.name === name));
		expect(users.length).toBeGreaterThan(0);
		for (const user of users) {
			const testedBy = user.description.credentials!.find((entry) => entry.name === name)!.testedBy as string;
			expect(typeof user.methods?.credentialTest?.[testedBy]).toBe('function');
		}
	});
});
