// Client identification: every provider request carries one honest User-Agent naming this package
// and its version (compiled in from package.json), Surfe's own X-Request-Origin beside it, and
// nothing about the user or the workflow. Checked on the headers each fake provider records.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { FullEnrich } from '../../../nodes/FullEnrich/FullEnrich.node';
import { Idwise } from '../../../nodes/IDWise/Idwise.node';
import { USER_AGENT } from '../../../nodes/shared/clientIdentity';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../../nodes/shared/packageVersion';
import { FakeFullEnrich } from '../../fakes/fullenrich';
import { FakeIdwise } from '../../fakes/idwise';
import type { RecordedRequest } from '../../fakes/fakeServer';
import { createExecuteContext } from '../../support/nodeContext';
import { runNode } from '../fullenrich/support';
import { credentialTypes as idwiseCredentialTypes } from '../idwise/triggerHarness';
import { executeContext as surfeContext, startFakeSurfe } from '../surfe/helpers';
import { executeContext as wizaContext, startFakeWiza } from '../wiza/helpers';
import { Surfe } from '../../../nodes/Surfe/Surfe.node';
import { Wiza } from '../../../nodes/Wiza/Wiza.node';

const packageJson = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { name: string; version: string };

/** Headers a request may carry: ours, the credential's auth, and what any HTTP client adds. */
const EXPECTED_HEADERS = new Set(['user-agent', 'accept', 'authorization', 'content-type', 'content-length', 'host', 'connection', 'accept-encoding', 'accept-language', 'sec-fetch-mode', 'x-request-origin']);

function checkIdentified(requests: RecordedRequest[], provider: string): void {
	expect(requests.length).toBeGreaterThan(0);
	for (const request of requests) {
		expect([provider, request.headers['user-agent']]).toEqual([provider, `${packageJson.name}/${packageJson.version}`]);
		// No header that could carry user, workflow or instance data.
		expect(Object.keys(request.headers).filter((name) => !EXPECTED_HEADERS.has(name))).toEqual([]);
	}
}

describe('client identification', () => {
	it('the compiled-in version is the one in package.json (run npm run build after changing it)', () => {
		expect([PACKAGE_NAME, PACKAGE_VERSION]).toEqual([packageJson.name, packageJson.version]);
		expect(USER_AGENT).toBe(`${packageJson.name}/${packageJson.version}`);
	});

	it('Wiza gets the User-Agent on a POST and a GET', async () => {
		const fake = await startFakeWiza();
		try {
			const reveal = { resource: 'individualReveal', operation: 'start', inputType: 'email', email: 'kim@northwind.example', enrichmentLevel: 'partial', emailOptions: {}, callbackUrl: '' };
			await new Wiza().execute.call(wizaContext(fake, { parameters: reveal }).context);
			await new Wiza().execute.call(wizaContext(fake, { parameters: { resource: 'account', operation: 'getCredits' } }).context);
			expect(fake.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
			checkIdentified(fake.requests, 'Wiza');
		} finally {
			await fake.close();
		}
	});

	it('FullEnrich gets the User-Agent', async () => {
		const fake = await new FakeFullEnrich().start();
		try {
			await runNode(fake, { items: [{}], parameters: { resource: 'account', operation: 'getCredits' } });
			checkIdentified(fake.requests, 'FullEnrich');
		} finally {
			await fake.close();
		}
	});

	it("Surfe gets the User-Agent and its own X-Request-Origin", async () => {
		const fake = await startFakeSurfe();
		try {
			const { context } = surfeContext(fake, { parameters: { resource: 'account', operation: 'getCredits' } });
			await new Surfe().execute.call(context);
			checkIdentified(fake.requests, 'Surfe');
			expect(fake.requests.map((request) => request.headers['x-request-origin'])).toEqual(fake.requests.map(() => 'n8n-nodes-enrichment-webhooks'));
		} finally {
			await fake.close();
		}
	});

	it('IDWise gets the User-Agent', async () => {
		const fake = await new FakeIdwise().start();
		try {
			const parameters: IDataObject = { resource: 'journey', operation: 'start', flowId: 'flow-aml', referenceNo: 'customer-42' };
			const { context } = createExecuteContext({
				items: [{}],
				parameters,
				credentials: { enrichmentWebhooksIdwiseApi: { region: 'custom', customBaseUrl: fake.baseUrl, baseUrl: fake.baseUrl, apiKey: 'server-key-1', apiSecret: 'server-secret-1' } },
				credentialTypes: idwiseCredentialTypes,
			});
			await new Idwise().execute.call(context);
			checkIdentified(fake.server.requests, 'IDWise');
		} finally {
			await fake.close();
		}
	});

	it("each credential's test (n8n's 'Test' button, a testedBy method of the nodes) carries the User-Agent too", async () => {
		const nodes = [new Wiza(), new FullEnrich(), new Surfe(), new Idwise()];
		for (const node of nodes) {
			const sent: IDataObject[] = [];
			const context = { helpers: { request: async (options: IDataObject) => (sent.push(options), { statusCode: 200, body: {} }) } } as unknown as ICredentialTestFunctions;
			const [test] = Object.values(node.methods!.credentialTest!);
			await test.call(context, { id: '1', name: 'c', type: 't', data: { apiKey: 'k', apiSecret: 's', baseUrl: 'http://127.0.0.1:9' } });
			expect([node.description.name, (sent[0].headers as IDataObject)['User-Agent']]).toEqual([node.description.name, USER_AGENT]);
		}
	});
});
