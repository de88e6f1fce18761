// FullEnrich Contact > Enrich and Wait end to end in the real n8n, against the fake FullEnrich:
// Webhook start -> Split Out -> FullEnrich (Enrich and Wait) -> NoOp. The execution waits, the
// fake's signed batch callbacks reach the execution's resume URL, and it resumes exactly once:
// the NoOp gets one item per contact, paired with its input. Forged callbacks are refused. A time
// limit that passes with a batch unfinished fetches that batch once and marks what is missing.
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FakeFullEnrich, signFullEnrichBody, type FakeFullEnrichOptions } from '../fakes/fullenrich';
import { connectN8n, type N8nClient } from './harness/n8n';
import { until } from './harness/until';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(300_000);

const API_KEY = `fe-wait-e2e-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let n8n: N8nClient;
const fakes: FakeFullEnrich[] = [];
const seen: string[] = [];

beforeAll(async () => {
	n8n = await connectN8n();
});

afterAll(async () => {
	for (const fake of fakes) await fake.close();
	console.log(`[fullenrich wait e2e]\n${seen.join('\n')}`);
});

const people = (count: number) =>
	Array.from({ length: count }, (_unused, index) => ({ first_name: `Ada${index}`, last_name: `Lovelace${index}`, domain: `analytical${index % 9}.example`, crm_id: `crm-${index}` }));

async function postJson(url: string, body: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
	return { status: response.status, text: await response.text() };
}

/** A fake FullEnrich, a credential for it, and an active workflow Start -> Items -> FullEnrich -> Next. */
async function enrichAndWaitWorkflow(fakeOptions: FakeFullEnrichOptions, timeLimit: { amount: number; unit: string }) {
	const fake = await new FakeFullEnrich({ apiKeys: { [API_KEY]: randomUUID() }, ...fakeOptions }).start();
	fakes.push(fake);
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
			options: { enrichmentName: 'e2e wait', customFields: { field: [{ key: 'crm_id', value: '={{ $json.crm_id }}' }] } },
			timeLimit: timeLimit.amount,
			timeLimitUnit: timeLimit.unit,
		},
	});
	const workflow = await n8n.createWorkflow({
		name: `fullenrich enrich and wait ${randomUUID()}`,
		nodes: [start, splitOutNode('Items', 'body'), fullEnrich, noOpNode('Next')],
		connections: connect('Start', 'Items', 'FullEnrich', 'Next'),
	});
	await n8n.activateWorkflow(workflow.id);
	return { fake, workflowId: workflow.id, startUrl: n8n.productionWebhookUrl(start.webhookId!, 'start') };
}

/** FullEnrich's output items and the NoOp's, with checks that each is paired to its input. */
async function resumedItems(executionId: string, count: number): Promise<INodeExecutionData[]> {
	const enriched = await n8n.nodeItems(executionId, 'FullEnrich');
	const next = await n8n.nodeItems(executionId, 'Next');
	expect(enriched).toHaveLength(count);
	expect(next).toHaveLength(count);
	expect(enriched.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_unused, item) => ({ item })));
	expect(next.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_unused, item) => ({ item })));
	expect(next.map((item) => item.json)).toEqual(enriched.map((item) => item.json));
	return enriched;
}

describe('FullEnrich Contact > Enrich and Wait in n8n', () => {
	it('250 contacts: waits, refuses forged callbacks, resumes once when the 3 batches call back; the NoOp gets 250 paired items; 3 POSTs, 1 GET per batch (the early check)', async () => {
		const { fake, workflowId, startUrl } = await enrichAndWaitWorkflow({ autoProcess: false, callbackRetryDelayMs: 500 }, { amount: 10, unit: 'minutes' });
		const input = people(250);
		expect((await postJson(startUrl, JSON.stringify(input))).status).toBe(200);

		// The execution waits after 3 bulk POSTs whose webhook_url is its resume URL.
		const [waiting] = await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 120_000 });
		const posts = fake.bulkPosts();
		expect(posts.map((post) => ((post.body as IDataObject).data as unknown[]).length)).toEqual([100, 100, 50]);
		const resumeUrl = (posts[0].body as IDataObject).webhook_url as string;
		expect(resumeUrl).toMatch(new RegExp(`/webhook-waiting/${waiting.id}\\?signature=[0-9a-f]+&event=batch_finished$`));
		expect(posts.every((post) => (post.body as IDataObject).webhook_url === resumeUrl)).toBe(true);

		// Forged callbacks: a wrong signature (our webhook's 401) and a wrong token (n8n's 401).
		const [firstId] = [...fake.enrichments.keys()];
		const forgedBody = JSON.stringify({ id: firstId, name: 'x', status: 'FINISHED', data: [{ custom: { n8n_item_index: '0', n8n_execution_id: String(waiting.id) }, contact_info: { most_probable_work_email: { email: 'mallory@evil.example' } } }] });
		const forged = await postJson(resumeUrl, forgedBody, { 'x-signature-sha1': signFullEnrichBody(forgedBody, 'not-the-key') });
		const wrongToken = await postJson(resumeUrl.replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(64)}`), forgedBody, { 'x-signature-sha1': signFullEnrichBody(forgedBody, API_KEY) });
		expect([forged.status, wrongToken.status]).toEqual([401, 401]);
		await sleep(1000);
		expect((await n8n.listExecutions(workflowId)).map((execution) => execution.status)).toEqual(['waiting']);

		// The early check (shortly after the wait was saved) asks about each running batch once:
		// callbacks n8n refused before the save would otherwise wait for FullEnrich's retry.
		const batchGets = () => fake.requests.filter((request) => request.method === 'GET' && /\/contact\/enrich\/bulk\//.test(request.path));
		await until(() => batchGets().length >= 3, 60_000, 'the early check asking about the 3 batches');
		expect(await n8n.listExecutions(workflowId)).toHaveLength(1);

		// FullEnrich finishes the batches and calls back once per batch.
		fake.processAll();
		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 120_000 });
		await fake.whenIdle();
		const executions = await n8n.listExecutions(workflowId);
		expect(executions.map((execution) => [execution.id, execution.status])).toEqual([[waiting.id, 'success']]);

		const items = await resumedItems(finished.id, 250);
		items.forEach((item, index) => {
			expect(item.json).toMatchObject({ status: 'found', work_email: `ada${index}.lovelace${index}@${input[index].domain}`, custom: { crm_id: input[index].crm_id, n8n_item_index: index } });
		});
		// One GET per batch, all at the early check; none when the callbacks came.
		const gets = fake.requests.filter((request) => request.method === 'GET');
		expect(posts).toHaveLength(3);
		expect(gets.map((request) => request.path).sort()).toEqual([...fake.enrichments.keys()].map((id) => `/api/v2/contact/enrich/bulk/${id}`).sort());
		const attempts = fake.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status).join(','));
		// The 2 first callbacks keep it waiting, the 3rd resumes it; all are answered 200.
		expect(attempts).toEqual(['200', '200', '200']);
		seen.push(
			`  250 contacts: bulk POSTs ${posts.length} (${posts.map((post) => ((post.body as IDataObject).data as unknown[]).length).join('/')}), GETs ${gets.length} (the early check, 1 per batch); ` +
				`forged callbacks answered ${forged.status} (bad signature) and ${wrongToken.status} (bad token); executions ${executions.length} (${executions.map((e) => e.status).join(',')}); ` +
				`batch callback attempts [${attempts.join(' | ')}]; NoOp items ${items.length}, paired 0..249 in order, statuses ${[...new Set(items.map((item) => item.json.status))].join(',')}`,
		);
	});

	it('callbacks that beat the wait are covered; at a 10 s time limit with a batch unfinished it fetches that batch (again) and marks the rest timedOut', async () => {
		// Processing starts at once (a callback can arrive while the execution still runs: n8n
		// answers 409 and FullEnrich retries), and the 2nd batch stops after 20 of its 50 contacts.
		const { fake, workflowId, startUrl } = await enrichAndWaitWorkflow({ callbackRetryDelayMs: 1000, holdBatch: { batch: 2, after: 20 } }, { amount: 10, unit: 'seconds' });
		const input = people(150);
		const postedAt = Date.now();
		expect((await postJson(startUrl, JSON.stringify(input))).status).toBe(200);

		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 150_000 });
		const tookMs = Date.now() - postedAt;
		expect(finished.status).toBe('success');
		expect(await n8n.listExecutions(workflowId)).toHaveLength(1);
		const [firstId, secondId] = [...fake.enrichments.keys()];

		const items = await resumedItems(finished.id, 150);
		const statuses = items.map((item) => item.json.status);
		expect(statuses.slice(0, 120)).toEqual(Array(120).fill('found'));
		expect(statuses.slice(120)).toEqual(Array(30).fill('timedOut'));
		expect(items[100].json).toMatchObject({ enrichment_id: secondId, enrichment_status: 'IN_PROGRESS', custom: { n8n_item_index: 100 } });
		expect(items[149].json).toMatchObject({ jobId: secondId, message: expect.stringContaining('before the time limit') });

		// The unfinished batch is asked twice with forceResults: by the early check and at the time
		// limit; the finished one at most once (by the early check, when its callback had been
		// refused before the wait was saved and its retry had not come yet). Never in a loop.
		const gets = fake.requests.filter((request) => request.method === 'GET');
		const getsOf = (id: string) => gets.filter((request) => request.path === `/api/v2/contact/enrich/bulk/${id}`).length;
		expect(getsOf(secondId)).toBe(2);
		expect(getsOf(firstId)).toBeLessThanOrEqual(1);
		expect(gets).toHaveLength(getsOf(firstId) + 2);
		expect(gets.every((request) => request.query.get('forceResults') === 'true')).toBe(true);
		expect(fake.bulkPosts()).toHaveLength(2);
		const firstDelivery = fake.deliveries.find((delivery) => delivery.enrichmentId === firstId)!;
		const attempts = firstDelivery.attempts.map((attempt) => attempt.status);
		expect(attempts[attempts.length - 1]).toBe(200);
		seen.push(
			`  time limit 10 s, 150 contacts, batch 2 held after 20: executions 1 (${finished.status}) after ${Math.round(tookMs / 1000)} s; bulk POSTs 2; GETs ${gets.length} (held batch ${getsOf(secondId)}: early check + time limit; finished batch ${getsOf(firstId)}), all with forceResults; ` +
				`batch 1 callback attempts [${attempts.join(',')}]; items: ${statuses.filter((s) => s === 'found').length} found, ${statuses.filter((s) => s === 'timedOut').length} timedOut`,
		);
	});
});
