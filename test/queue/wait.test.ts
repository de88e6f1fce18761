// FullEnrich Contact > Enrich and Wait in n8n's queue mode: the execution runs on a worker, and the
// fake FullEnrich's 3 batch callbacks reach the resume URL through the round-robin load balancer,
// so they are split across the two webhook processes. A process that gets a batch-completion
// callback without having seen the whole wait asks FullEnrich about the batches it has not seen
// finish, so the execution resumes right after the last callback (not at the time limit), once,
// with every contact's result. Prints executions, items, GETs and the time from the last callback
// to the resume.
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { FakeFullEnrich } from '../fakes/fullenrich';
import type { N8nClient } from '../e2e/harness/n8n';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from '../e2e/harness/workflows';
import { connectQueue, queueConnectionFile, type QueueConnection } from './harness/queue';

jest.setTimeout(15 * 60_000);

const API_KEY = `fe-queue-wait-${randomUUID()}`;
const say = (line: string) => process.stdout.write(`[queue wait e2e] ${line}\n`);
const describeQueue = queueConnectionFile() === undefined ? describe.skip : describe;

let n8n: N8nClient;
let connection: QueueConnection;
let fake: FakeFullEnrich;

const people = (count: number) =>
	Array.from({ length: count }, (_unused, index) => ({ first_name: `Ada${index}`, last_name: `Lovelace${index}`, domain: `analytical${index % 9}.example`, crm_id: `crm-${index}` }));

describeQueue('queue mode: FullEnrich Enrich and Wait with callbacks split across webhook processes', () => {
	beforeAll(async () => {
		({ n8n, connection } = await connectQueue());
		fake = await new FakeFullEnrich({ apiKeys: { [API_KEY]: randomUUID() }, autoProcess: false, callbackRetryDelayMs: 1000 }).start();
	});

	afterAll(async () => {
		await fake?.close();
	});

	it('250 contacts in 3 batches: resumes once, soon after the last callback, with 250 found items', async () => {
		const credential = await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey: API_KEY, baseUrl: fake.baseUrl });
		const start = webhookStartNode({ name: 'Start' });
		const fullEnrich = node({
			name: 'FullEnrich',
			type: n8n.nodeType('fullEnrich'),
			credentials: { enrichmentWebhooksFullEnrichApi: { id: credential.id, name: credential.name } },
			parameters: {
				resource: 'contact',
				operation: 'enrichAndWait',
				firstName: '={{ $json.first_name }}',
				lastName: '={{ $json.last_name }}',
				companyDomain: '={{ $json.domain }}',
				enrichFields: ['contact.work_emails'],
				options: { enrichmentName: 'queue wait' },
				timeLimit: 2,
				timeLimitUnit: 'minutes',
			},
		});
		const workflow = await n8n.createWorkflow({
			name: `queue enrich and wait ${randomUUID()}`,
			nodes: [start, splitOutNode('Items', 'body'), fullEnrich, noOpNode('Next')],
			connections: connect('Start', 'Items', 'FullEnrich', 'Next'),
		});
		await n8n.activateWorkflow(workflow.id);
		const startUrl = `${connection.webhookBase}/webhook/${start.webhookId}/start`;
		const input = people(250);
		const posted = await fetch(startUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
		expect(posted.status).toBe(200);

		const [waiting] = await n8n.waitForExecutions(workflow.id, 1, { statuses: ['waiting'], timeoutMs: 180_000 });
		expect(fake.bulkPosts()).toHaveLength(3);
		fake.processAll();
		await fake.whenIdle();
		const lastCallbackAt = Math.max(...fake.deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.at)));
		const [finished] = await n8n.waitForExecutions(workflow.id, 1, { timeoutMs: 240_000 });
		const detail = await n8n.getExecution(finished.id);
		const resumedAfterMs = new Date(String(detail.stoppedAt)).getTime() - lastCallbackAt;

		const items = await n8n.nodeOutput(finished.id, 'Next');
		const statuses = new Map<string, number>();
		for (const item of items) statuses.set(String(item.status), (statuses.get(String(item.status)) ?? 0) + 1);
		const gets = fake.requests.filter((request) => request.method === 'GET');
		const executions = await n8n.listExecutions(workflow.id);
		const attempts = fake.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status).join(','));
		say(
			`250 contacts, 3 batches: executions ${executions.length} (${executions.map((e) => e.status).join(',')}), waiting one was ${waiting.id}; items ${items.length} ${JSON.stringify([...statuses])}; ` +
				`GETs ${gets.length} (${gets.map((get) => get.path.split('/').pop()).join(', ')}); batch callback attempts [${attempts.join(' | ')}]; ` +
				`resumed ${(resumedAfterMs / 1000).toFixed(1)} s after the last callback (time limit 120 s)`,
		);
		expect(executions.map((execution) => execution.status)).toEqual(['success']);
		expect(items).toHaveLength(250);
		expect(items.every((item: IDataObject) => item.status === 'found')).toBe(true);
		// At most one GET per batch per webhook process.
		expect(gets.length).toBeLessThanOrEqual(3 * 2);
		expect(resumedAfterMs).toBeLessThan(60_000);
	});
});
