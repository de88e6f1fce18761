// Each import of an example workflow gets its own webhook: the examples carry no webhookId, and
// n8n 2.41.1 gives a trigger node without one a new id when the workflow is created (the editor's
// import does the same before saving). Importing an example twice must therefore give two
// triggers with different production URLs that can be active at the same time (no 409 conflict).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode, IConnections } from 'n8n-workflow';

import { connectN8n, type N8nClient } from './harness/n8n';

jest.setTimeout(300_000);

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** The credential each of our node types uses, with test values a user would type in. */
const CREDENTIALS: Record<string, { type: string; data: IDataObject }> = {
	wiza: { type: 'enrichmentWebhooksWizaApi', data: { apiKey: 'example-key', baseUrl: 'http://127.0.0.1:9' } },
	wizaTrigger: { type: 'enrichmentWebhooksWizaApi', data: { apiKey: 'example-key', baseUrl: 'http://127.0.0.1:9' } },
	fullEnrich: { type: 'enrichmentWebhooksFullEnrichApi', data: { apiKey: 'example-key', baseUrl: 'http://127.0.0.1:9' } },
	fullEnrichTrigger: { type: 'enrichmentWebhooksFullEnrichApi', data: { apiKey: 'example-key', baseUrl: 'http://127.0.0.1:9' } },
	surfe: { type: 'enrichmentWebhooksSurfeApi', data: { apiKey: 'example-key', baseUrl: 'http://127.0.0.1:9', webhookSecret: 'example-secret' } },
	surfeTrigger: { type: 'enrichmentWebhooksSurfeApi', data: { apiKey: 'example-key', baseUrl: 'http://127.0.0.1:9', webhookSecret: 'example-secret' } },
	idwise: { type: 'enrichmentWebhooksIdwiseApi', data: { region: 'custom', customBaseUrl: 'http://127.0.0.1:9', apiKey: 'example-key', apiSecret: 'example-secret' } },
	idwiseTrigger: { type: 'enrichmentWebhooksIdwiseWebhookApi', data: { authType: 'bearerToken', token: 'example-token' } },
};

let n8n: N8nClient;
const credentialIds = new Map<string, { id: string; name: string }>();

beforeAll(async () => {
	n8n = await connectN8n();
});

async function credentialFor(nodeName: string) {
	const wanted = CREDENTIALS[nodeName];
	if (!credentialIds.has(nodeName)) credentialIds.set(nodeName, await n8n.createCredential(wanted.type, wanted.data));
	return { [wanted.type]: credentialIds.get(nodeName)! };
}

/** Creates the example as an import followed by choosing credentials would, and activates it. */
async function importExample(example: { name: string; nodes: INode[]; connections: IConnections }) {
	const prefix = `${n8n.nodeType('')}`;
	const nodes = await Promise.all(
		example.nodes.map(async (node) => (node.type.startsWith(prefix) ? { ...node, credentials: await credentialFor(node.type.slice(prefix.length)) } : node)),
	);
	const { id } = await n8n.createWorkflow({ name: `${example.name} ${randomUUID()}`, nodes, connections: example.connections });
	await n8n.activateWorkflow(id);
	const triggers = (await n8n.workflowNodes(id)).filter((node) => node.type.startsWith(prefix) && node.type.endsWith('Trigger'));
	return { id, triggers };
}

const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

describe.each(files)('examples/%s imported twice', (file) => {
	it('gives each import its own webhook, both live at once', async () => {
		const example = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as { name: string; nodes: INode[]; connections: IConnections };
		const first = await importExample(example);
		const second = await importExample(example);
		expect(first.triggers).toHaveLength(1);
		expect(second.triggers).toHaveLength(1);
		const [a, b] = [first.triggers[0].webhookId, second.triggers[0].webhookId];
		expect(a).toMatch(/^[0-9a-f-]{36}$/);
		expect(b).toMatch(/^[0-9a-f-]{36}$/);
		expect(a).not.toBe(b);
		// Both triggers answer at their own production URL: an unsigned request is refused by the
		// trigger (401), where a URL no active trigger listens on would get 404.
		for (const webhookId of [a!, b!]) {
			const response = await fetch(n8n.productionWebhookUrl(webhookId, 'webhook'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			expect(response.status).toBe(401);
		}
		await n8n.deactivateWorkflow(first.id);
		await n8n.deactivateWorkflow(second.id);
	});
});
