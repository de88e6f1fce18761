// Moving over from FullEnrich's own n8n package, in the real n8n: a FullEnrich Trigger with
// Output Format "Official FullEnrich Node (V1)" feeding a Set node that reads
// `{{ $json.contact.most_probable_email }}`, the expression a workflow built on the official
// trigger has. A signed v1-era callback (`datas`) and a signed v2 callback (`data`) both start the
// workflow and both give that expression its value; an unsigned one is refused.
import { randomUUID } from 'node:crypto';

import { signFullEnrichBody } from '../fakes/fullenrich';
import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, node } from './harness/workflows';

jest.setTimeout(300_000);

const API_KEY = `fe-migration-${randomUUID()}`;
let n8n: N8nClient;
let workflowId: string;
let callbackUrl: string;

beforeAll(async () => {
	n8n = await connectN8n();
	const credential = await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9/api/v2' });
	const webhookId = randomUUID();
	const trigger = node({
		name: 'FullEnrich Trigger',
		type: n8n.nodeType('fullEnrichTrigger'),
		webhookId,
		credentials: { enrichmentWebhooksFullEnrichApi: { id: credential.id, name: credential.name } },
		parameters: { events: ['batch_finished', 'contact_finished'], batchStatuses: ['FINISHED', 'CREDITS_INSUFFICIENT', 'CANCELED'], options: { outputFormat: 'officialV1' } },
	});
	const set = node({
		name: 'Old Expressions',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			assignments: {
				assignments: [
					{ id: randomUUID(), name: 'email', value: '={{ $json.contact.most_probable_email }}', type: 'string' },
					{ id: randomUUID(), name: 'crm', value: '={{ $json.custom.crm_id }}', type: 'string' },
				],
			},
			options: {},
		},
	});
	const workflow = await n8n.createWorkflow({ name: `fullenrich migration ${webhookId}`, nodes: [trigger, set], connections: connect('FullEnrich Trigger', 'Old Expressions') });
	workflowId = workflow.id;
	await n8n.activateWorkflow(workflowId);
	callbackUrl = n8n.productionWebhookUrl(webhookId, 'webhook');
});

async function postSigned(body: unknown, sign = true) {
	const rawBody = JSON.stringify(body);
	const headers: Record<string, string> = { 'content-type': 'application/json', ...(sign ? { 'x-signature-sha1': signFullEnrichBody(rawBody, API_KEY) } : {}) };
	return (await fetch(callbackUrl, { method: 'POST', headers, body: rawBody })).status;
}

describe("the official FullEnrich node's formats in n8n", () => {
	it('a v1 (datas) and a v2 (data) callback both reach `contact.most_probable_email`; an unsigned one starts nothing', async () => {
		const v1 = { id: 'enr-v1', name: 'old', status: 'FINISHED', datas: [{ contact: { firstname: 'John', lastname: 'Doe', most_probable_email: 'john@acme.example' }, custom: { crm_id: 'crm-1' } }] };
		const v2 = {
			id: 'enr-v2',
			name: 'new',
			status: 'FINISHED',
			data: [{ input: { first_name: 'Jane' }, custom: { crm_id: 'crm-2' }, contact_info: { most_probable_work_email: { email: 'jane@acme.example', status: 'DELIVERABLE' } } }],
		};
		expect(await postSigned(v1)).toBe(200);
		await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 60_000 });
		expect(await postSigned(v2)).toBe(200);
		expect(await postSigned(v1, false)).toBe(401);
		const executions = await n8n.waitForExecutions(workflowId, 2, { timeoutMs: 60_000 });
		expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		const outputs = await Promise.all(executions.map(async (execution) => await n8n.nodeOutput(execution.id, 'Old Expressions')));
		expect(outputs.map((items) => items.map((item) => [item.email, item.crm]))).toEqual([[['john@acme.example', 'crm-1']], [['jane@acme.example', 'crm-2']]]);
		expect(await n8n.listExecutions(workflowId)).toHaveLength(2);
		console.log(`[fullenrich migration e2e] v1 and v2 callbacks -> ${outputs.map((items) => JSON.stringify(items[0])).join(' , ')}; unsigned -> 401, no execution`);
	});
});
