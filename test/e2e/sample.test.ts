// The sample-callback command (`npm run sample`, scripts/send-sample.mjs) against the real triggers
// in a real n8n: for each provider the sample, signed with the credential's key or secret, starts
// one execution holding the sample's item; signed with a wrong one, n8n answers 401, the command
// exits 1 and nothing runs. This is the README's five-minute first workflow, without the editor.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, node, noOpNode } from './harness/workflows';

jest.setTimeout(300_000);

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'send-sample.mjs');

let n8n: N8nClient;

function sendSample(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, [SCRIPT, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
		});
	});
}

async function activeTrigger(type: string, name: string, credentials: INode['credentials'], parameters: IDataObject = {}) {
	const webhookId = randomUUID();
	const trigger = node({ name, type: n8n.nodeType(type), webhookId, credentials, parameters });
	const workflow = await n8n.createWorkflow({ name: `sample ${type} ${webhookId}`, nodes: [trigger, noOpNode('Received')], connections: connect(name, 'Received') });
	await n8n.activateWorkflow(workflow.id);
	return { workflowId: workflow.id, url: n8n.productionWebhookUrl(webhookId, 'webhook') };
}

/** Sends the right sample, then a wrong one; returns what the one execution received. */
async function acceptedThenRefused(trigger: { workflowId: string; url: string }, provider: string, right: string[], wrong: string[]) {
	const accepted = await sendSample([provider, trigger.url, ...right]);
	expect(accepted).toMatchObject({ code: 0 });
	expect(accepted.stdout).toMatch(/-> 200 /);
	const [execution] = await n8n.waitForExecutions(trigger.workflowId, 1);
	expect(execution.status).toBe('success');

	const refused = await sendSample([provider, trigger.url, ...wrong]);
	expect(refused.code).toBe(1);
	expect(refused.stdout).toMatch(/-> 401 /);
	expect(refused.stderr).toMatch(/another key or secret/);
	// A refused request starts nothing: one more accepted sample makes exactly the second execution.
	expect((await sendSample([provider, trigger.url, ...right])).code).toBe(0);
	const executions = await n8n.waitForExecutions(trigger.workflowId, 2);
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	expect(await n8n.listExecutions(trigger.workflowId)).toHaveLength(executions.length);
	expect(executions).toHaveLength(2);
	return n8n.nodeOutput(execution.id, 'Received');
}

beforeAll(async () => {
	n8n = await connectN8n();
});

describe('npm run sample -> the real triggers in n8n', () => {
	it('wiza: the signed reveal.finished sample is one contact item; a wrong key gets 401', async () => {
		const key = `sample-wiza-${randomUUID()}`;
		const credential = await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: key, baseUrl: 'http://127.0.0.1:9' });
		const trigger = await activeTrigger('wizaTrigger', 'Wiza Trigger', { enrichmentWebhooksWizaApi: credential });
		const items = await acceptedThenRefused(trigger, 'wiza', ['--key', key], ['--key', `${key}-wrong`]);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ event: 'reveal.finished', status: 'finished', name: 'Ada Lovelace', email: 'ada.lovelace@example.com' });
	});

	it('fullenrich: the signed batch sample is one contact item; a wrong key gets 401', async () => {
		const key = `sample-fullenrich-${randomUUID()}`;
		const credential = await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey: key, baseUrl: 'http://127.0.0.1:9' });
		const trigger = await activeTrigger('fullEnrichTrigger', 'FullEnrich Trigger', { enrichmentWebhooksFullEnrichApi: credential });
		const items = await acceptedThenRefused(trigger, 'fullenrich', ['--key', key], ['--key', `${key}-wrong`]);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ event: 'batch_finished', enrichment_status: 'FINISHED', work_email: 'ada.lovelace@example.com' });
	});

	it('surfe: the signed person sample is one person item; a wrong secret gets 401', async () => {
		const secret = `sample-surfe-${randomUUID()}`;
		const credential = await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey: 'unused', baseUrl: 'http://127.0.0.1:9', webhookSecret: secret });
		const trigger = await activeTrigger('surfeTrigger', 'Surfe Trigger', { enrichmentWebhooksSurfeApi: credential });
		const items = await acceptedThenRefused(trigger, 'surfe', ['--secret', secret], ['--secret', `${secret}-wrong`]);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ eventType: 'person.enrichment.completed', firstName: 'Ada', lastName: 'Lovelace' });
	});

	it('idwise: the Bearer-authenticated Finished Journey sample is one event item; a wrong token gets 401', async () => {
		const token = `sample-idwise-${randomUUID()}`;
		const credential = await n8n.createCredential('enrichmentWebhooksIdwiseWebhookApi', { authType: 'bearerToken', token });
		const trigger = await activeTrigger('idwiseTrigger', 'IDWise Trigger', { enrichmentWebhooksIdwiseWebhookApi: credential }, { authentication: 'enrichmentWebhooksIdwiseWebhookApi' });
		const items = await acceptedThenRefused(trigger, 'idwise', ['--bearer', token], ['--bearer', `${token}-wrong`]);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ event: 'Finished Journey', referenceNo: 'sample-customer-1' });
	});
});
