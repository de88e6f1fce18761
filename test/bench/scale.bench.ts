// Benchmark, not a test of speed: memory and time at scale in a real n8n, against the fake
// providers. For each size in BENCH_CONTACTS (default 10000; a list such as "2500,10000" shows how
// the figures grow with the number of contacts):
//   1. FullEnrich Contact > Enrich and Wait: Start -> Split Out -> FullEnrich (Enrich and Wait) -> Next.
//      The execution waits; FullEnrich calls its resume URL once per batch of 100; it resumes once.
//   2. FullEnrich Contact > Enrich + FullEnrich Trigger: the batches call the trigger back, one
//      execution per batch.
//   3. Surfe Person > Enrich + Surfe Trigger (batch events only): Surfe sends one event per person
//      (acknowledged and ignored: no execution) and one batch event per request of 1,000 people.
// Printed: requests made to the provider, callbacks, executions, n8n's RSS before, its peak
// (VmHWM, reset before the scenario and again once the start workflow ran) and the growth, the RSS
// and V8 heap after forced full garbage collections (through n8n's V8 inspector, opened when
// BENCH_N8N_INSPECT=1, which `--scale` sets), the heap our module state held, the cost of single
// Enrich and Wait callbacks, and the time from the last callback answered to the last execution
// stopped (the items are there). Asserted: correctness only (every contact comes out once, paired
// with its input, with the fake's result). Run: `npm run bench:n8n -- --scale` (settings:
// docs/benchmarks.md).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import type { CallbackAttempt } from '../fakes/fakeServer';
import { FakeFullEnrich } from '../fakes/fullenrich';
import { FakeSurfe } from '../fakes/surfe';
import { connectN8n, type ExecutionSummary, type N8nClient } from '../e2e/harness/n8n';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from '../e2e/harness/workflows';
import { groupCpuMs, memoryOf, resetPeakMemory, table } from './load';

const SIZES = (process.env.BENCH_CONTACTS ?? '10000').split(',').map((size) => Number(size.trim()));
/**
 * Delay between a fake's callback retries (BENCH_CALLBACK_RETRY_MS, default 10 s). FullEnrich
 * retries every minute, up to 5 times; the fakes keep the 5 retries with a shorter delay, so that
 * a callback n8n answered 503 (its database ping timed out under load: see docs/benchmarks.md) is
 * delivered again within the run.
 */
const CALLBACK_RETRY_MS = Number(process.env.BENCH_CALLBACK_RETRY_MS ?? 10_000);
/**
 * FullEnrich Enrich and Wait: how many batches call back one at a time, each measured alone,
 * before the others call back (BENCH_MEASURED_CALLBACKS, default 5). The first reads every stored
 * item of the waiting execution (nothing cached yet) and pays first-time costs of its own; the
 * next ones read only the first pending item (the plan is cached). Compare the next ones between
 * versions of the package to see what a callback costs.
 */
const MEASURED_CALLBACKS = Number(process.env.BENCH_MEASURED_CALLBACKS ?? 5);
/**
 * FullEnrich Enrich and Wait: how many of the other batches call back at once
 * (BENCH_CALLBACKS_AT_ONCE; default all of them, the worst case). n8n loads the whole waiting
 * execution for each callback it is answering, so this decides n8n's peak memory.
 */
const CALLBACKS_AT_ONCE = Number(process.env.BENCH_CALLBACKS_AT_ONCE ?? Infinity);

/** Our triggers' type version (as new workflows get it; see nodes/shared/webhook.ts). */
const TRIGGER_VERSION = 2;
const say = (text: string) => process.stdout.write(`${text}\n`);

let n8n: N8nClient;

interface ScenarioFigures {
	scenario: string;
	contacts: number;
	requests: string;
	/** Callbacks the provider made (each delivered once in the end; `attempts` counts retries too). */
	callbacks: number;
	attempts: number;
	/** From the first callback answered to the last (ms). */
	callbacksSpanMs: number;
	executions: number;
	startSeconds: number;
	lastCallbackToItemsMs: number;
	beforeMiB: number;
	/** Peak RSS while the start workflow ran (10,000 items through Split Out and the provider's node), and while the callbacks came. */
	startPeakMiB: number;
	callbacksPeakMiB: number;
	peakMiB: number;
	afterMiB: number;
	/** RSS and V8 heap (used) after a forced full garbage collection, before and after the scenario. */
	heap: HeapFigures;
	cpuSeconds: number;
	/** Enrich and Wait: callbacks answered one at a time (see MEASURED_CALLBACKS). */
	measured?: Array<{ ms: number; cpuMs: number }>;
}

interface HeapFigures {
	rssBeforeGcMiB: number;
	rssAfterGcMiB: number;
	heapBeforeMiB: number;
	heapAfterMiB: number;
	externalBeforeMiB: number;
	externalAfterMiB: number;
	/** Heap that went when our module state was dropped after the scenario, and what that state held. */
	heldByUsMiB: number;
	heldByUs: string;
	snapshot?: string;
}

const people = (count: number) =>
	Array.from({ length: count }, (_unused, index) => ({ first_name: `Ada${index}`, last_name: `Lovelace${index}`, domain: `analytical${index % 9}.example`, crm_id: `crm-${index}` }));

async function postJson(url: string, body: unknown): Promise<void> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(600_000) });
	const text = await response.text();
	if (response.status !== 200) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 300)}`);
}

async function activeWorkflow(name: string, nodes: INode[], connections: ReturnType<typeof connect>): Promise<string> {
	const { id } = await n8n.createWorkflow({ name: `${name} ${randomUUID()}`, nodes, connections });
	await n8n.activateWorkflow(id);
	return id;
}

/** When the last callback attempt was answered (ms since the epoch). */
const lastAnswered = (attempts: CallbackAttempt[]) => Math.max(...attempts.map((attempt) => attempt.at));
const spanOf = (attempts: CallbackAttempt[]) => lastAnswered(attempts) - Math.min(...attempts.map((attempt) => attempt.at));
const stoppedAt = (executions: ExecutionSummary[]) => Math.max(...executions.map((execution) => Date.parse(execution.stoppedAt ?? '')));

const MiB = 1024 * 1024;

/**
 * n8n's V8 inspector address (n8n started with BENCH_N8N_INSPECT=1 announces it in its log), or
 * undefined. The log may name other processes' inspectors too (n8n's task runner): the one
 * answering with n8n's pid is n8n's.
 */
let inspectorUrl: string | undefined;
function findInspector(): string | undefined {
	const urls = [...readFileSync(n8n.connection.logFile, 'utf8').matchAll(/Debugger listening on (ws:\/\/\S+)/g)].map((match) => match[1]);
	return urls.find((url) => {
		try {
			return (JSON.parse(inspect(url, 'memory')) as { pid: number }).pid === n8n.connection.pid;
		} catch {
			return false;
		}
	});
}

/** Runs test/bench/inspector.mjs (or another script of this folder) with n8n's own Node (it needs Node 22's WebSocket). */
function inspect(url: string, command: 'gc' | 'memory' | 'snapshot' | 'evaluate', argument?: string): string {
	return runWithN8nNode('inspector.mjs', [url, command, ...(argument ? [argument] : [])]);
}

function runWithN8nNode(script: string, args: string[]): string {
	const node = readlinkSync(`/proc/${n8n.connection.pid}/exe`);
	return execFileSync(node, ['--max-old-space-size=8192', join(__dirname, script), ...args], { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * MiB });
}

/**
 * What our package's module state holds in n8n: the cached wait plans, the waits' gathered
 * results and the triggers' delivery ids are dropped (the functions tests use), then a forced
 * collection; the heap that goes with them was ours. Call it between scenarios only.
 */
function heapHeldByOurState(heapAfterGcMiB: number): { heldMiB: number; held: string } {
	if (!inspectorUrl) return { heldMiB: NaN, held: '' };
	const dist = JSON.stringify(join(n8n.connection.installedDir, 'dist', 'nodes', 'shared'));
	const expression = `(() => {
		const load = (name) => process.mainModule.require(${dist} + '/' + name + '.js');
		const plans = load('waitPlan'), results = load('callbackResults'), deliveries = load('deliveryMemory');
		// Optional calls: the same benchmark also measures versions of the package without a plan cache.
		const held = { cachedPlans: plans.cachedWaitPlans?.() ?? { plans: 0, items: 0 }, reads: plans.waitPlanReads?.(), waits: results.rememberedWaits() };
		plans.forgetCachedWaitPlans?.();
		results.forgetAllRecords?.();
		deliveries.forgetAllDeliveries();
		return held;
	})()`;
	const { memoryUsage, value } = JSON.parse(inspect(inspectorUrl, 'evaluate', expression)) as {
		memoryUsage: NodeJS.MemoryUsage;
		value: { cachedPlans: { plans: number; items: number }; reads?: { stored: number; cached: number }; waits: number };
	};
	const reads = value.reads ? `; wait plans read so far: ${value.reads.stored} from every stored item, ${value.reads.cached} from the cache` : '';
	return {
		heldMiB: heapAfterGcMiB - memoryUsage.heapUsed / MiB,
		held: `${value.waits} waits' results, ${value.cachedPlans.plans} cached plans (${value.cachedPlans.items} items)${reads}`,
	};
}

/** BENCH_HEAP_SNAPSHOT=1: a heap snapshot of n8n after the scenario (after a forced collection), summarised. */
function heapSnapshotSummary(name: string): string | undefined {
	if (!inspectorUrl || process.env.BENCH_HEAP_SNAPSHOT !== '1') return undefined;
	const file = join(__dirname, '..', '..', '.test-tmp', `heap-${name.replace(/\W+/g, '-')}-${Date.now()}.heapsnapshot`);
	inspect(inspectorUrl, 'snapshot', file);
	return `heap snapshot ${file}:\n${runWithN8nNode('heapSummary.mjs', [file, '15'])}`;
}

/** n8n's memory after a forced full garbage collection: RSS (MiB), V8 heap used and external memory. */
function afterForcedGc(): { rssMiB: number; heapMiB: number; externalMiB: number } {
	if (!inspectorUrl) return { rssMiB: NaN, heapMiB: NaN, externalMiB: NaN };
	const { memoryUsage } = JSON.parse(inspect(inspectorUrl, 'gc')) as { memoryUsage: NodeJS.MemoryUsage };
	return { rssMiB: memoryUsage.rss / MiB, heapMiB: memoryUsage.heapUsed / MiB, externalMiB: memoryUsage.external / MiB };
}

/**
 * Memory and CPU around one scenario: a forced garbage collection, RSS now, VmHWM reset; `end()`
 * gives the figures, the RSS and heap before and after another forced garbage collection included.
 */
function watchN8n(name: string) {
	const { pid } = n8n.connection;
	const gcBefore = afterForcedGc();
	const beforeMiB = memoryOf(pid)?.currentMiB ?? NaN;
	resetPeakMemory(pid);
	const cpuBefore = groupCpuMs(pid) ?? NaN;
	let startPeakMiB = NaN;
	return {
		/** The start workflow has run: its peak is kept apart, and VmHWM reset for the callbacks. */
		started: () => {
			startPeakMiB = memoryOf(pid)?.peakMiB ?? NaN;
			resetPeakMemory(pid);
		},
		end: () => {
			const memory = memoryOf(pid);
			const cpuSeconds = ((groupCpuMs(pid) ?? NaN) - cpuBefore) / 1000;
			const gcAfter = afterForcedGc();
			const snapshot = heapSnapshotSummary(name);
			const { heldMiB, held } = heapHeldByOurState(gcAfter.heapMiB);
			const heap: HeapFigures = {
				heldByUsMiB: heldMiB,
				heldByUs: held,
				snapshot,
				rssBeforeGcMiB: gcBefore.rssMiB,
				rssAfterGcMiB: gcAfter.rssMiB,
				heapBeforeMiB: gcBefore.heapMiB,
				heapAfterMiB: gcAfter.heapMiB,
				externalBeforeMiB: gcBefore.externalMiB,
				externalAfterMiB: gcAfter.externalMiB,
			};
			const callbacksPeakMiB = memory?.peakMiB ?? NaN;
			return { beforeMiB, startPeakMiB, callbacksPeakMiB, peakMiB: Math.max(startPeakMiB, callbacksPeakMiB), afterMiB: memory?.currentMiB ?? NaN, cpuSeconds, heap };
		},
	};
}

/**
 * Waits for `count` executions of a workflow with one of `statuses` (long: thousands of items).
 * A busy n8n may answer 503 for a while (its database ping timed out): that is waited out too.
 */
async function finished(workflowId: string, count: number, statuses: ExecutionSummary['status'][] = ['success', 'error', 'canceled', 'crashed']): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + 30 * 60_000;
	for (;;) {
		try {
			const matching = (await n8n.listExecutions(workflowId)).filter((execution) => statuses.includes(execution.status));
			if (matching.length >= count) return matching;
		} catch (error) {
			if (Date.now() > deadline) throw error;
		}
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: fewer than ${count} executions ${statuses.join('|')} after 30 minutes`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

/** Every callback the fake made was answered 2xx in the end (else the figures would be of a wait that never resumed). */
function expectDelivered(deliveries: Array<{ attempts: CallbackAttempt[] }>): void {
	const failed = deliveries.filter(({ attempts }) => {
		const last = attempts[attempts.length - 1]?.status;
		return !(typeof last === 'number' && last >= 200 && last < 300);
	});
	expect(failed.map(({ attempts }) => attempts.map((attempt) => attempt.status).join(','))).toEqual([]);
}

async function fullEnrichCredential(fake: FakeFullEnrich, apiKey: string) {
	const credential = await n8n.createCredential('enrichmentWebhooksFullEnrichApi', { apiKey, baseUrl: fake.baseUrl });
	return { enrichmentWebhooksFullEnrichApi: { id: credential.id, name: credential.name } };
}

const fullEnrichContactParameters = {
	resource: 'contact',
	firstName: '={{ $json.first_name }}',
	lastName: '={{ $json.last_name }}',
	companyDomain: '={{ $json.domain }}',
	enrichFields: ['contact.work_emails'],
};

async function fullEnrichAndWait(contacts: number): Promise<ScenarioFigures> {
	const apiKey = `fe-scale-${randomUUID()}`;
	const fake = await new FakeFullEnrich({ apiKeys: { [apiKey]: randomUUID() }, autoProcess: false, creditBalance: 10_000_000, callbackRetryDelayMs: CALLBACK_RETRY_MS }).start();
	try {
		const start = webhookStartNode({ name: 'Start' });
		const fullEnrich = node({
			name: 'FullEnrich',
			type: n8n.nodeType('fullEnrich'),
			credentials: await fullEnrichCredential(fake, apiKey),
			parameters: { ...fullEnrichContactParameters, operation: 'enrichAndWait', options: { enrichmentName: 'scale' }, timeLimit: 60, timeLimitUnit: 'minutes' },
		});
		const workflowId = await activeWorkflow('scale fullenrich wait', [start, splitOutNode('Items', 'body'), fullEnrich, noOpNode('Next')], connect('Start', 'Items', 'FullEnrich', 'Next'));
		const watch = watchN8n(`fullenrich-wait-${contacts}`);
		const started = Date.now();
		await postJson(n8n.productionWebhookUrl(start.webhookId!, 'start'), people(contacts));
		const [waiting] = await finished(workflowId, 1, ['waiting']);
		const startSeconds = (Date.now() - started) / 1000;
		watch.started();
		// A few batches one at a time, each measured alone (latency seen by the fake, n8n's CPU), then the rest at once.
		const measured: Array<{ ms: number; cpuMs: number }> = [];
		for (const id of [...fake.enrichments.keys()].slice(0, MEASURED_CALLBACKS)) {
			const cpuBefore = groupCpuMs(n8n.connection.pid) ?? NaN;
			fake.processEnrichment(id);
			await fake.whenIdle();
			const [attempt] = fake.deliveries[fake.deliveries.length - 1].attempts;
			measured.push({ ms: attempt.ms, cpuMs: (groupCpuMs(n8n.connection.pid) ?? NaN) - cpuBefore });
		}
		const others = [...fake.enrichments.keys()].slice(MEASURED_CALLBACKS);
		for (let first = 0; first < others.length; first += CALLBACKS_AT_ONCE) {
			for (const id of others.slice(first, first + CALLBACKS_AT_ONCE)) fake.processEnrichment(id);
			await fake.whenIdle();
		}
		expectDelivered(fake.deliveries);
		const [done] = await finished(workflowId, 1);
		const figures = watch.end();
		const attempts = fake.deliveries.flatMap((delivery) => delivery.attempts);

		expect(done.id).toBe(waiting.id);
		expect(done.status).toBe('success');
		const items = await n8n.nodeItems(done.id, 'Next');
		expect(items).toHaveLength(contacts);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ status: 'found', custom: { n8n_item_index: index } });
		});
		return {
			scenario: 'FullEnrich Enrich and Wait',
			contacts,
			requests: requestsOf(fake.requests),
			callbacks: fake.deliveries.length,
			attempts: attempts.length,
			callbacksSpanMs: spanOf(attempts),
			executions: (await n8n.listExecutions(workflowId)).length,
			startSeconds,
			lastCallbackToItemsMs: stoppedAt([done]) - lastAnswered(attempts),
			measured,
			...figures,
		};
	} finally {
		await fake.close();
	}
}

async function fullEnrichWithTrigger(contacts: number): Promise<ScenarioFigures> {
	const apiKey = `fe-scale-${randomUUID()}`;
	const fake = await new FakeFullEnrich({ apiKeys: { [apiKey]: randomUUID() }, autoProcess: false, creditBalance: 10_000_000, callbackRetryDelayMs: CALLBACK_RETRY_MS }).start();
	try {
		const credentials = await fullEnrichCredential(fake, apiKey);
		const trigger = node({ name: 'FullEnrich Trigger', type: n8n.nodeType('fullEnrichTrigger'), typeVersion: TRIGGER_VERSION, webhookId: randomUUID(), credentials });
		const triggerWorkflowId = await activeWorkflow('scale fullenrich trigger', [trigger, noOpNode('Received')], connect('FullEnrich Trigger', 'Received'));
		const start = webhookStartNode({ name: 'Start' });
		const fullEnrich = node({
			name: 'FullEnrich',
			type: n8n.nodeType('fullEnrich'),
			credentials,
			parameters: { ...fullEnrichContactParameters, operation: 'enrich', options: { webhookUrl: n8n.productionWebhookUrl(trigger.webhookId!, 'webhook') } },
		});
		const startWorkflowId = await activeWorkflow('scale fullenrich start', [start, splitOutNode('Items', 'body'), fullEnrich, noOpNode('Next')], connect('Start', 'Items', 'FullEnrich', 'Next'));
		const watch = watchN8n(`fullenrich-trigger-${contacts}`);
		const started = Date.now();
		await postJson(n8n.productionWebhookUrl(start.webhookId!, 'start'), people(contacts));
		const [startRun] = await finished(startWorkflowId, 1);
		const startSeconds = (Date.now() - started) / 1000;
		watch.started();
		expect(startRun.status).toBe('success');
		fake.processAll();
		await fake.whenIdle();
		expectDelivered(fake.deliveries);
		// Accepted batches (a POST the fake refused with 429 and our transport repeated is no batch).
		const batches = fake.enrichments.size;
		const runs = await finished(triggerWorkflowId, batches);
		const figures = watch.end();
		const attempts = fake.deliveries.flatMap((delivery) => delivery.attempts);

		expect(runs.every((run) => run.status === 'success')).toBe(true);
		const received = (await Promise.all(runs.map((run) => n8n.nodeOutput(run.id, 'Received')))).flat();
		expect(received).toHaveLength(contacts);
		expect(new Set(received.map((item) => `${(item.custom as IDataObject)?.n8n_execution_id}|${(item.custom as IDataObject)?.n8n_item_index}`)).size).toBe(contacts);
		return {
			scenario: 'FullEnrich Enrich + Trigger',
			contacts,
			requests: requestsOf(fake.requests),
			callbacks: fake.deliveries.length,
			attempts: attempts.length,
			callbacksSpanMs: spanOf(attempts),
			executions: runs.length,
			startSeconds,
			lastCallbackToItemsMs: stoppedAt(runs) - lastAnswered(attempts),
			...figures,
		};
	} finally {
		await fake.close();
	}
}

async function surfeWithTrigger(contacts: number): Promise<ScenarioFigures> {
	const apiKey = `surfe-scale-${randomUUID()}`;
	const webhookSecret = `whsec_scale_${randomUUID().replace(/-/g, '')}`;
	const fake = await new FakeSurfe({
		apiKey,
		webhookSecret,
		requireHttpsWebhooks: false,
		completeAfterMs: 5,
		callbackRetryDelayMs: CALLBACK_RETRY_MS,
		credits: { email: 10_000_000, mobile: 10_000_000 },
		dailyQuota: { peopleEnrichment: 10_000_000 },
	}).start();
	fake.holdCompletions = true;
	try {
		const credential = await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey, baseUrl: fake.baseUrl, webhookSecret });
		const credentials = { enrichmentWebhooksSurfeApi: { id: credential.id, name: credential.name } };
		const trigger = node({
			name: 'Surfe Trigger',
			type: n8n.nodeType('surfeTrigger'),
			typeVersion: TRIGGER_VERSION,
			webhookId: randomUUID(),
			credentials,
			parameters: { events: ['person.batch-enrichment.completed'] },
		});
		const triggerWorkflowId = await activeWorkflow('scale surfe trigger', [trigger, noOpNode('Received')], connect('Surfe Trigger', 'Received'));
		const start = webhookStartNode({ name: 'Start' });
		const surfe = node({
			name: 'Surfe',
			type: n8n.nodeType('surfe'),
			credentials,
			parameters: {
				resource: 'person',
				operation: 'enrich',
				firstName: '={{ $json.first_name }}',
				lastName: '={{ $json.last_name }}',
				companyDomain: '={{ $json.domain }}',
				externalId: '={{ $json.crm_id }}',
				include: ['email'],
				webhookUrl: n8n.productionWebhookUrl(trigger.webhookId!, 'webhook'),
				options: { allowPlainHttpWebhookUrl: true },
			},
		});
		const startWorkflowId = await activeWorkflow('scale surfe start', [start, splitOutNode('Items', 'body'), surfe, noOpNode('Next')], connect('Start', 'Items', 'Surfe', 'Next'));
		const watch = watchN8n(`surfe-trigger-${contacts}`);
		const started = Date.now();
		await postJson(n8n.productionWebhookUrl(start.webhookId!, 'start'), people(contacts));
		const [startRun] = await finished(startWorkflowId, 1);
		const startSeconds = (Date.now() - started) / 1000;
		watch.started();
		expect(startRun.status).toBe('success');
		// Accepted enrichments, one batch event each (a refused POST is none).
		const requests = fake.jobs.size;
		fake.releaseCompletions();
		await fake.idle();
		expectDelivered(fake.deliveries);
		const runs = await finished(triggerWorkflowId, requests);
		const figures = watch.end();
		const attempts = fake.deliveries.flatMap((delivery) => delivery.attempts);

		expect(runs.every((run) => run.status === 'success')).toBe(true);
		const received = (await Promise.all(runs.map((run) => n8n.nodeOutput(run.id, 'Received')))).flat();
		expect(received.map((item) => item.externalID).sort()).toEqual(people(contacts).map((person) => person.crm_id).sort());
		return {
			scenario: 'Surfe Enrich + Trigger (batch events)',
			contacts,
			requests: requestsOf(fake.requests),
			callbacks: fake.deliveries.length,
			attempts: attempts.length,
			callbacksSpanMs: spanOf(attempts),
			executions: runs.length,
			startSeconds,
			lastCallbackToItemsMs: stoppedAt(runs) - lastAnswered(attempts),
			...figures,
		};
	} finally {
		await fake.close();
	}
}

/** "12 POST /api/v2/contact/enrich/bulk, ..." from a fake's recorded requests. */
function requestsOf(requests: Array<{ method: string; path: string }>): string {
	const counts = new Map<string, number>();
	for (const request of requests) {
		// One line per endpoint: job ids in paths (FullEnrich's GET of a batch) become ":id".
		const key = `${request.method} ${request.path.replace(/\?.*$/, '').replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi, '/:id')}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts].map(([key, count]) => `${count} ${key}`).join(', ');
}

it(`runs ${SIZES.join(' and ')} contacts through FullEnrich Enrich and Wait, FullEnrich Enrich + Trigger and Surfe Enrich + Trigger`, async () => {
	n8n = await connectN8n();
	inspectorUrl = findInspector();
	say(inspectorUrl ? `[bench] n8n's V8 inspector: ${inspectorUrl}` : '[bench] n8n has no V8 inspector (BENCH_N8N_INSPECT=1): no figures after forced garbage collections');
	const results: ScenarioFigures[] = [];
	// BENCH_SCENARIOS=<regex> picks scenarios by function name (fullEnrichAndWait, fullEnrichWithTrigger, surfeWithTrigger).
	const only = process.env.BENCH_SCENARIOS ? new RegExp(process.env.BENCH_SCENARIOS, 'i') : undefined;
	const scenarios = [fullEnrichAndWait, fullEnrichWithTrigger, surfeWithTrigger].filter((scenario) => !only || only.test(scenario.name));
	for (const contacts of SIZES) {
		for (const scenario of scenarios) {
			const started = Date.now();
			const figures = await scenario(contacts);
			results.push(figures);
			say(
				`[bench] ${figures.scenario}, ${contacts} contacts: done in ${((Date.now() - started) / 1000).toFixed(0)} s; peak RSS ${figures.peakMiB.toFixed(0)} MiB (+${(figures.peakMiB - figures.beforeMiB).toFixed(0)})` +
					`; after a forced GC: RSS ${figures.heap.rssAfterGcMiB.toFixed(0)} MiB, heap ${figures.heap.heapBeforeMiB.toFixed(0)} -> ${figures.heap.heapAfterMiB.toFixed(0)} MiB`,
			);
		}
	}
	const rows = results.map((entry) => [
		entry.scenario,
		String(entry.contacts),
		`${entry.callbacks} (${entry.attempts})`,
		(entry.callbacksSpanMs / 1000).toFixed(1),
		String(entry.executions),
		entry.startSeconds.toFixed(1),
		String(entry.lastCallbackToItemsMs),
		entry.cpuSeconds.toFixed(1),
		entry.beforeMiB.toFixed(0),
		entry.peakMiB.toFixed(0),
		(entry.peakMiB - entry.beforeMiB).toFixed(0),
		`${(entry.startPeakMiB - entry.beforeMiB).toFixed(0)} / ${(entry.callbacksPeakMiB - entry.beforeMiB).toFixed(0)}`,
		entry.afterMiB.toFixed(0),
		entry.heap.rssAfterGcMiB.toFixed(0),
		(entry.heap.rssAfterGcMiB - entry.beforeMiB).toFixed(0),
		`${entry.heap.heapBeforeMiB.toFixed(0)} -> ${entry.heap.heapAfterMiB.toFixed(0)} (${(entry.heap.heapAfterMiB - entry.heap.heapBeforeMiB).toFixed(0)})`,
		`${entry.heap.externalBeforeMiB.toFixed(0)} -> ${entry.heap.externalAfterMiB.toFixed(0)}`,
		entry.heap.heldByUsMiB.toFixed(0),
	]);
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	const measuredLines = results
		.filter((entry) => entry.measured?.length)
		.map(({ scenario, contacts, measured = [] }) => {
			const [first, ...rest] = measured;
			return (
				`  ${scenario}, ${contacts} contacts: first callback (nothing cached: all ${contacts} stored items read, and first-time costs) ${first.ms} ms, n8n CPU ${first.cpuMs.toFixed(0)} ms; ` +
				`next ${rest.length} median ${median(rest.map((one) => one.ms))} ms, CPU ${median(rest.map((one) => one.cpuMs)).toFixed(0)} ms ` +
				`(each: ${measured.map((one) => `${one.ms} ms/${one.cpuMs.toFixed(0)} CPU`).join(', ')})`
			);
		});
	const text = [
		`n8n scale benchmark: ${new Date().toISOString()}; ${cpus().length} cores; load average at the end ${loadavg().map((value) => value.toFixed(2)).join(' ')}; n8n pid ${n8n.connection.pid}` +
			`; Enrich and Wait callbacks at once: ${CALLBACKS_AT_ONCE === Infinity ? 'all' : CALLBACKS_AT_ONCE}; callback retries every ${CALLBACK_RETRY_MS} ms` +
			`; n8n settings beyond the usual: ${Object.entries({ ...n8n.connection.commonSettings, ...n8n.connection.settings }).map(([name, value]) => `${name}=${value}`).join(' ') || 'none'}`,
		'start s: from posting the contacts to the start workflow until it finished (or waits); callbacks s: from the first callback answered to',
		'the last; last callback -> items: from the last callback',
		'answered to the last execution stopped; cpu s: CPU time of n8n and its task runners during the scenario; RSS: n8n process,',
		'before the scenario (after a forced full garbage collection), its peak during it (VmHWM, reset first), the growth (peak - before), the growth',
		'while the start workflow ran and while the callbacks came (VmHWM reset between), and after;',
		'after GC: RSS after a forced full garbage collection at the end, and its growth over "before" (what stays); heap: V8 heap used after',
		'a forced garbage collection before -> after the scenario (growth); external: memory V8 objects hold outside the heap (buffers);',
		"ours: heap that went when our package's module state (cached wait plans, waits' results, delivery ids) was dropped after the scenario.",
		'',
		table(
			['scenario', 'contacts', 'callbacks (attempts)', 'callbacks s', 'executions', 'start s', 'last callback -> items ms', 'cpu s', 'RSS before MiB', 'peak MiB', 'growth MiB', 'growth start / callbacks', 'after MiB', 'after GC MiB', 'retained MiB', 'heap MiB', 'external MiB', 'ours MiB'],
			rows,
		),
		...(measuredLines.length ? ['', 'callbacks answered one at a time, before the others came at once (latency seen by the provider, n8n CPU):', ...measuredLines] : []),
		'',
		'requests made to the provider:',
		...results.map((entry) => `  ${entry.scenario}, ${entry.contacts} contacts: ${entry.requests}`),
		'',
		'our module state after each scenario (dropped for the "ours" figure):',
		...results.map((entry) => `  ${entry.scenario}, ${entry.contacts} contacts: ${entry.heap.heldByUs}`),
		...results.flatMap((entry) => (entry.heap.snapshot ? ['', `${entry.scenario}, ${entry.contacts} contacts, ${entry.heap.snapshot}`] : [])),
	].join('\n');
	const folder = join(__dirname, '..', '..', '.test-tmp');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, `bench-scale-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}.txt`);
	writeFileSync(file, `${text}\n`);
	say(`\n${text}\n\n(also written to ${file})`);
}, 180 * 60_000);
