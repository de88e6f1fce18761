// "... and Wait" when callbacks do not reach the waiting node in the ordinary way, in the real n8n
// (regular mode), against the fake providers:
// - callbacks answered 409: the jobs finish at once, so the providers call back while n8n still
//   runs the execution (before the wait is saved) and n8n refuses them; the providers' retries are
//   a minute apart (FullEnrich's real interval), so only the early check (nodes/shared/earlyCheck.ts)
//   can explain a resume within seconds;
// - n8n restarted during a wait (an n8n of this file's own, so the shared one is never restarted):
//   the process after the restart gets the last callback without having seen the others, asks the
//   provider about them once and resumes;
// - n8n killed right after the wait was saved, before its early check, with every callback refused
//   meanwhile: nothing of ours runs until the provider's retry (a minute later) reaches the new
//   process, which then asks about the other jobs once.
// Prints, per case: executions, items, duplicates, GETs, and seconds from the last result being
// available at the provider (and from the last callback) to the resume.
import { randomUUID } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import { FakeFullEnrich, FULLENRICH_CALLBACK_RETRY_MS } from '../fakes/fullenrich';
import { fakeContactFor, FakeWiza } from '../fakes/wiza';
import type { CallbackAttempt, RecordedRequest } from '../fakes/fakeServer';
import { connectN8n, type N8nClient } from './harness/n8n';
import { startOwnN8n, type OwnN8n } from './harness/ownN8n';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

jest.setTimeout(10 * 60_000);

/** The providers' retries, spaced like FullEnrich's real ones (Wiza's are minutes apart). */
const PROVIDER_RETRY_MS = FULLENRICH_CALLBACK_RETRY_MS;
const FULLENRICH_KEY = `fe-recovery-${randomUUID()}`;
const WIZA_KEY = `wiza-recovery-${randomUUID()}`;

let shared: N8nClient;
let own: OwnN8n | undefined;
const fullEnrichFakes: FakeFullEnrich[] = [];
const wizaFakes: FakeWiza[] = [];
const seen: string[] = [];

beforeAll(async () => {
	shared = await connectN8n();
});

afterAll(async () => {
	for (const fake of fullEnrichFakes) {
		fake.stopRetrying();
		await fake.close();
	}
	for (const fake of wizaFakes) {
		fake.stopRetrying();
		await fake.close();
	}
	await own?.stop();
	console.log(`[wait recovery e2e]\n${seen.join('\n')}`);
});

const people = (count: number) =>
	Array.from({ length: count }, (_unused, index) => ({ first_name: `Ada${index}`, last_name: `Lovelace${index}`, domain: `analytical${index % 9}.example`, crm_id: `crm-${index}` }));

async function postJson(url: string, body: unknown) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return response.status;
}

/** An active workflow Start -> Items -> <provider node> -> Next on `n8n`; returns its id and start URL. */
async function waitWorkflow(n8n: N8nClient, providerNode: ReturnType<typeof node>) {
	const start = webhookStartNode({ name: 'Start' });
	const workflow = await n8n.createWorkflow({
		name: `wait recovery ${randomUUID()}`,
		nodes: [start, splitOutNode('Items', 'body'), providerNode, noOpNode('Next')],
		connections: connect('Start', 'Items', providerNode.name, 'Next'),
	});
	await n8n.activateWorkflow(workflow.id);
	return { workflowId: workflow.id, startUrl: n8n.productionWebhookUrl(start.webhookId!, 'start') };
}

async function fullEnrichWorkflow(n8n: N8nClient, fake: FakeFullEnrich) {
	const credential = await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey: FULLENRICH_KEY, baseUrl: fake.baseUrl });
	return await waitWorkflow(
		n8n,
		node({
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
				options: { enrichmentName: 'wait recovery', customFields: { field: [{ key: 'crm_id', value: '={{ $json.crm_id }}' }] } },
				timeLimit: 10,
				timeLimitUnit: 'minutes',
			},
		}),
	);
}

/** When the execution resumed: the start of the node after the waiting one. */
async function resumedAt(n8n: N8nClient, executionId: string): Promise<number> {
	const execution = await n8n.getExecution(executionId);
	const runs = execution.data.resultData.runData.Next ?? [];
	expect(runs).toHaveLength(1);
	return runs[0].startTime;
}

async function outputOf(n8n: N8nClient, executionId: string, nodeName: string, count: number): Promise<INodeExecutionData[]> {
	const items = await n8n.nodeItems(executionId, nodeName);
	expect(items).toHaveLength(count);
	expect(items.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_unused, item) => ({ item })));
	return items;
}

/** GETs per job id (the last path segment), e.g. { "<id>": 1 }. */
function getsPerJob(requests: RecordedRequest[], pathPattern: RegExp): Map<string, number> {
	const counts = new Map<string, number>();
	for (const request of requests) {
		const match = request.method === 'GET' ? pathPattern.exec(request.path) : null;
		if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
	}
	return counts;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const statusList = (attempts: CallbackAttempt[]) => attempts.map((attempt) => attempt.status).join(',');

describe('"... and Wait": callbacks answered 409 (jobs finishing before the wait is saved)', () => {
	it('FullEnrich, 250 contacts in 3 batches finishing at once: the early check resumes it once, within seconds, with every contact; at most 1 GET per batch', async () => {
		const fake = await new FakeFullEnrich({ apiKeys: { [FULLENRICH_KEY]: randomUUID() }, callbackRetryDelayMs: PROVIDER_RETRY_MS }).start();
		fullEnrichFakes.push(fake);
		const { workflowId, startUrl } = await fullEnrichWorkflow(shared, fake);
		const input = people(250);
		expect(await postJson(startUrl, input)).toBe(200);

		const [finished] = await shared.waitForExecutions(workflowId, 1, { timeoutMs: PROVIDER_RETRY_MS - 5_000 });
		const resumed = await resumedAt(shared, finished.id);
		// No retry may come now: what the provider sent so far is what the figures show.
		fake.stopRetrying();
		await fake.whenIdle();
		const executions = await shared.listExecutions(workflowId);
		expect(executions.map((execution) => execution.status)).toEqual(['success']);
		const items = await outputOf(shared, finished.id, 'FullEnrich', 250);
		items.forEach((item, index) => expect(item.json).toMatchObject({ status: 'found', work_email: `ada${index}.lovelace${index}@${input[index].domain}`, custom: { crm_id: input[index].crm_id } }));

		const batches = [...fake.enrichments.values()];
		expect(batches).toHaveLength(3);
		const attempts = fake.deliveries.flatMap((delivery) => delivery.attempts);
		// The case: callbacks came before the wait was saved and were refused, and no retry came.
		expect(attempts.filter((attempt) => attempt.status === 409).length).toBeGreaterThan(0);
		expect(fake.deliveries.every((delivery) => delivery.attempts.length === 1)).toBe(true);
		const gets = getsPerJob(fake.requests, /^\/api\/v2\/contact\/enrich\/bulk\/([^/]+)$/);
		expect([...gets.values()].every((count) => count === 1)).toBe(true);
		// Every batch not delivered (refused) was asked once; one delivered costs nothing.
		const refused = fake.deliveries.filter((delivery) => delivery.attempts[0].status === 409).map((delivery) => delivery.enrichmentId);
		expect(refused.every((id) => gets.get(id) === 1)).toBe(true);

		const lastResult = Math.max(...batches.map((batch) => batch.endedAt!));
		const lastCallback = Math.max(...attempts.map((attempt) => attempt.at));
		seen.push(
			`  FullEnrich 250 contacts, 3 batches finishing at once, retries ${PROVIDER_RETRY_MS / 1000} s apart: executions ${executions.length}, items ${items.length} (${items.filter((item) => item.json.status === 'found').length} found), ` +
				`duplicates ${executions.length - 1}; callback attempts [${fake.deliveries.map((delivery) => statusList(delivery.attempts)).join(' | ')}]; GETs ${[...gets.values()].reduce((a, b) => a + b, 0)} (${[...gets.values()].join('/')} per batch); ` +
				`last result -> resume ${seconds(resumed - lastResult)} s, last callback -> resume ${seconds(resumed - lastCallback)} s`,
		);
	});

	it('Wiza Reveal and Wait, 8 reveals finishing at once: the early check resumes it once, within seconds, with every reveal; at most 1 GET per reveal', async () => {
		const fake = await new FakeWiza({ apiKey: WIZA_KEY, completeAfterMs: 0, callbackRetryDelayMs: PROVIDER_RETRY_MS }).start();
		wizaFakes.push(fake);
		const credential = await shared.createCredential('enrichmentWebhooksWizaApi', { apiKey: WIZA_KEY, baseUrl: fake.baseUrl });
		const { workflowId, startUrl } = await waitWorkflow(
			shared,
			node({
				name: 'Wiza',
				type: shared.nodeType('wiza'),
				credentials: { enrichmentWebhooksWizaApi: { id: credential.id, name: credential.name } },
				parameters: { resource: 'individualReveal', operation: 'revealAndWait', inputType: 'linkedinUrl', profileUrl: '={{ $json.linkedin }}', enrichmentLevel: 'partial', timeLimit: 10, timeLimitUnit: 'minutes' },
			}),
		);
		const input = Array.from({ length: 8 }, (_unused, index) => ({ linkedin: `https://www.linkedin.com/in/person-${index}-${randomUUID().slice(0, 6)}` }));
		expect(await postJson(startUrl, input)).toBe(200);

		const [finished] = await shared.waitForExecutions(workflowId, 1, { timeoutMs: PROVIDER_RETRY_MS - 5_000 });
		const resumed = await resumedAt(shared, finished.id);
		fake.stopRetrying();
		await fake.settled();
		const executions = await shared.listExecutions(workflowId);
		expect(executions.map((execution) => execution.status)).toEqual(['success']);
		const items = await outputOf(shared, finished.id, 'Wiza', 8);
		items.forEach((item, index) => expect(item.json).toMatchObject({ status: 'found', email: fakeContactFor({ profile_url: input[index].linkedin }, 'partial').email }));

		const attempts = fake.deliveries.flatMap((delivery) => delivery.attempts);
		expect(attempts.filter((attempt) => attempt.status === 409).length).toBeGreaterThan(0);
		expect(fake.deliveries.every((delivery) => delivery.attempts.length === 1)).toBe(true);
		const gets = getsPerJob(fake.requests, /^\/api\/individual_reveals\/(\d+)$/);
		expect([...gets.values()].every((count) => count === 1)).toBe(true);
		const refused = fake.deliveries.filter((delivery) => delivery.attempts[0].status === 409).map((delivery) => String(delivery.recordId));
		expect(refused.every((id) => gets.get(id) === 1)).toBe(true);

		const lastResult = Math.max(...[...fake.reveals.values()].map((reveal) => reveal.completedAt!));
		const lastCallback = Math.max(...attempts.map((attempt) => attempt.at));
		seen.push(
			`  Wiza 8 reveals finishing at once, retries ${PROVIDER_RETRY_MS / 1000} s apart: executions ${executions.length}, items ${items.length} (${items.filter((item) => item.json.status === 'found').length} found), ` +
				`duplicates ${executions.length - 1}; callback attempts [${fake.deliveries.map((delivery) => statusList(delivery.attempts)).join(' | ')}]; GETs ${[...gets.values()].reduce((a, b) => a + b, 0)} (at most ${Math.max(0, ...gets.values())} per reveal); ` +
				`last result -> resume ${seconds(resumed - lastResult)} s, last callback -> resume ${seconds(resumed - lastCallback)} s`,
		);
	});
});

describe('"... and Wait": n8n restarted during the wait', () => {
	beforeAll(async () => {
		own = await startOwnN8n('wait-recovery');
	});

	it('FullEnrich, 3 batches: 2 delivered, n8n restarted, the 3rd delivered: resumes once with 250 found after 1 GET of each batch the new process had not seen', async () => {
		const n8n = own!.n8n;
		const fake = await new FakeFullEnrich({ apiKeys: { [FULLENRICH_KEY]: randomUUID() }, autoProcess: false, callbackRetryDelayMs: PROVIDER_RETRY_MS }).start();
		fullEnrichFakes.push(fake);
		const { workflowId, startUrl } = await fullEnrichWorkflow(n8n, fake);
		const input = people(250);
		expect(await postJson(startUrl, input)).toBe(200);
		const [waiting] = await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 120_000 });
		const [first, second, third] = [...fake.enrichments.keys()];

		// The early check asks about the 3 running batches once (nothing finished yet).
		const bulkGets = () => fake.requests.filter((request) => request.method === 'GET' && /\/contact\/enrich\/bulk\//.test(request.path));
		for (let waited = 0; bulkGets().length < 3 && waited < 60_000; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
		const earlyCheckGets = bulkGets().length;
		expect(earlyCheckGets).toBe(3);

		fake.processEnrichment(first);
		fake.processEnrichment(second);
		await fake.whenIdle();
		expect(fake.deliveries.map((delivery) => statusList(delivery.attempts))).toEqual(['200', '200']);

		const restartStarted = Date.now();
		await own!.restart();
		const restartSeconds = seconds(Date.now() - restartStarted);
		expect((await n8n.listExecutions(workflowId)).map((execution) => [execution.id, execution.status])).toEqual([[waiting.id, 'waiting']]);

		fake.processEnrichment(third);
		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: PROVIDER_RETRY_MS - 5_000 });
		const resumed = await resumedAt(n8n, finished.id);
		fake.stopRetrying();
		await fake.whenIdle();
		const executions = await n8n.listExecutions(workflowId);
		expect(executions.map((execution) => [execution.id, execution.status])).toEqual([[waiting.id, 'success']]);
		const items = await outputOf(n8n, finished.id, 'FullEnrich', 250);
		items.forEach((item, index) => expect(item.json).toMatchObject({ status: 'found', work_email: `ada${index}.lovelace${index}@${input[index].domain}` }));

		// After the restart: one GET of each batch the new process had not seen finish, none of the 3rd.
		const afterRestart = getsPerJob(bulkGets().slice(earlyCheckGets), /^\/api\/v2\/contact\/enrich\/bulk\/([^/]+)$/);
		expect(Object.fromEntries(afterRestart)).toEqual({ [first]: 1, [second]: 1 });
		expect(fake.deliveries.map((delivery) => statusList(delivery.attempts))).toEqual(['200', '200', '200']);

		const lastResult = fake.enrichments.get(third)!.endedAt!;
		const lastCallback = fake.deliveries[2].attempts[0].at;
		seen.push(
			`  FullEnrich 250 contacts, n8n restarted (${restartSeconds} s) after 2 of 3 batch callbacks: executions ${executions.length} (${executions.map((execution) => execution.status).join(',')}), ` +
				`items ${items.length} (${items.filter((item) => item.json.status === 'found').length} found), duplicates ${executions.length - 1}; GETs ${earlyCheckGets} at the early check before the restart, ` +
				`${[...afterRestart.values()].reduce((a, b) => a + b, 0)} after it (${[...afterRestart.values()].join('/')} for the 2 batches not seen); ` +
				`last result -> resume ${seconds(resumed - lastResult)} s, last callback -> resume ${seconds(resumed - lastCallback)} s`,
		);
	});

	it('FullEnrich, 3 batches finishing at once (all refused 409), n8n killed right after the wait is saved: the provider\'s retry to the new process brings every result; resumes once, 1 GET per batch not delivered', async () => {
		const n8n = own!.n8n;
		const fake = await new FakeFullEnrich({ apiKeys: { [FULLENRICH_KEY]: randomUUID() }, callbackRetryDelayMs: PROVIDER_RETRY_MS }).start();
		fullEnrichFakes.push(fake);
		const { workflowId, startUrl } = await fullEnrichWorkflow(n8n, fake);
		expect(await postJson(startUrl, people(250))).toBe(200);
		// Killed (not shut down) as soon as the wait is saved: before the early check, made 2 s later.
		const [waiting] = await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 120_000, intervalMs: 100 });
		const killedAt = Date.now();
		await own!.restart({ kill: true });
		const restartSeconds = seconds(Date.now() - killedAt);
		const bulkGets = () => fake.requests.filter((request) => request.method === 'GET' && /\/contact\/enrich\/bulk\//.test(request.path));
		expect(bulkGets().filter((request) => request.at <= killedAt)).toHaveLength(0);

		const [finished] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 2 * PROVIDER_RETRY_MS });
		const resumed = await resumedAt(n8n, finished.id);
		fake.stopRetrying();
		await fake.whenIdle();
		const executions = await n8n.listExecutions(workflowId);
		expect(executions.map((execution) => [execution.id, execution.status])).toEqual([[waiting.id, 'success']]);
		const items = await outputOf(n8n, finished.id, 'FullEnrich', 250);
		expect(items.every((item) => item.json.status === 'found')).toBe(true);

		const attempts = fake.deliveries.flatMap((delivery) => delivery.attempts);
		expect(fake.deliveries.map((delivery) => delivery.attempts[0].status)).toEqual([409, 409, 409]);
		const gets = getsPerJob(bulkGets(), /^\/api\/v2\/contact\/enrich\/bulk\/([^/]+)$/);
		expect([...gets.values()].every((count) => count === 1)).toBe(true);
		const lastResult = Math.max(...[...fake.enrichments.values()].map((batch) => batch.endedAt!));
		const lastRefused = Math.max(...attempts.filter((attempt) => attempt.status === 409 && attempt.at <= killedAt).map((attempt) => attempt.at));
		seen.push(
			`  FullEnrich 250 contacts, 3 batches finishing at once (callbacks refused 409), n8n killed when the wait was saved and started again (${restartSeconds} s): executions ${executions.length} (${executions.map((execution) => execution.status).join(',')}), ` +
				`items ${items.length} (${items.filter((item) => item.json.status === 'found').length} found), duplicates ${executions.length - 1}; callback attempts [${fake.deliveries.map((delivery) => statusList(delivery.attempts)).join(' | ')}]; ` +
				`GETs ${[...gets.values()].reduce((a, b) => a + b, 0)} (after the first retry reached the new process); last result -> resume ${seconds(resumed - lastResult)} s (provider retries ${PROVIDER_RETRY_MS / 1000} s apart), last refused callback -> resume ${seconds(resumed - lastRefused)} s`,
		);
	});
});

