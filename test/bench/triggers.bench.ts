// Benchmark, not a test of speed: what our triggers cost in a real n8n, as ratios measured in the
// same run on the same n8n (n8n's own overhead dominates, and a shared machine's speed drifts, so
// absolute figures mean little across runs): against n8n's own Webhook node, and against "the
// generic way" a user would build by hand for the same provider (./generic.ts). Run:
// `npm run bench:n8n`.
//
// Every start node feeds a NoOp (the generic way: Webhook -> Code -> IF -> Code -> NoOp). Each gets
// REQUESTS requests it accepts, one at a time, then REQUESTS more CONCURRENCY at once; each that
// checks something also gets REQUESTS requests it must refuse, half one at a time, half CONCURRENCY
// at once. Executions are left to settle after each row; the time until the last of them stopped
// counts ("done/s"), as does the CPU time n8n and its task runners used for the row.
// Our trigger and the generic way for the same provider are measured one after the other.
// With BENCH_N8N_VARIANT_ENV set, globalSetup starts a second n8n with those settings, and every
// row is measured on both, alternating which goes first.
// Speed is only printed; what IS asserted is correctness: every accepted request answered 200 and
// made exactly one successful execution whose output holds its id; every refused one answered as
// the start node answers refusals and made no execution (ours, Basic auth) or one that ended at the
// IF node (the generic way).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { connectN8n, connectVariantN8n, FINISHED_STATUSES, type ExecutionSummary, type N8nClient } from '../e2e/harness/n8n';
import { figuresOf, fire, groupCpuMs, isolatesAcquired, memoryOf, resetPeakMemory, table, type LoadFigures } from './load';
import { createTargets, OUTPUT_NODE, type BenchTarget } from './targets';

/** Requests per start node and outcome (BENCH_REQUESTS). */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
/** How many times every row is measured (BENCH_ROUNDS), alternating targets in between. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
/** Only start nodes whose label matches (BENCH_ONLY, a regular expression); the two references always run. */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : undefined;
const CONCURRENCY = 8;
/** Requests sent to each start node before measuring (JIT, caches, task runner start, first credential read). */
const WARM_UP = 5;
/** How long the execution count must stay unchanged (all finished) to count as settled. */
const QUIET_MS = 500;

type Outcome = 'accepted' | 'refused';

interface Instance {
	/** 'default', or the settings of the variant n8n. */
	name: string;
	n8n: N8nClient;
	targets: BenchTarget[];
	bodyBytes: Record<string, number>;
	ledgers: Map<BenchTarget, Ledger>;
	memoryAtStart?: ReturnType<typeof memoryOf>;
}

interface Measurement {
	instance: string;
	round: number;
	target: BenchTarget;
	outcome: Outcome;
	concurrency: number;
	count: number;
	figures: LoadFigures;
	/** Requests per second counted until every execution they started had finished. */
	donePerSecond: number;
	/** Executions the row's requests started. */
	executions: number;
	/** CPU time n8n and its task runners used per request, until settled. */
	cpuMsPerRequest?: number;
	/** Expression isolates n8n took from its pool per request (its /metrics counter). */
	isolatesPerRequest?: number;
	/** n8n's peak RSS during this row (VmHWM reset before it), in MiB. */
	peakMiB?: number;
}

interface Ledger {
	accepted: string[];
	refused: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (text: string) => process.stdout.write(`${text}\n`);

let nextId = 1000;
const measurements: Measurement[] = [];

/** Executions the workflow should have by now: one per accepted request, one per refusal where a refusal starts one. */
function expectedExecutions(instance: Instance, target: BenchTarget): number {
	const ledger = instance.ledgers.get(target)!;
	return ledger.accepted.length + (target.refusalStartsExecution ? ledger.refused.length : 0);
}

/** Sends `count` requests of one outcome and checks every answer; returns the figures. */
async function send(instance: Instance, target: BenchTarget, outcome: Outcome, concurrency: number, count: number): Promise<LoadFigures> {
	const make = outcome === 'accepted' ? target.accepted : target.refused!;
	const requests = Array.from({ length: count }, () => make(String(nextId++)));
	const result = await fire(target.url, requests, concurrency);
	const expectedStatus = outcome === 'accepted' ? 200 : target.refusedStatus;
	expect(result.statuses.filter((status) => status !== expectedStatus)).toEqual([]);
	instance.ledgers.get(target)![outcome].push(...requests.map((request) => request.id));
	return figuresOf(result);
}

/**
 * Waits until the workflow's executions have all finished and stopped coming, and are as many as
 * expected; returns them.
 */
async function settle(instance: Instance, target: BenchTarget): Promise<ExecutionSummary[]> {
	const expected = expectedExecutions(instance, target);
	await instance.n8n.waitForExecutions(target.workflowId, expected, { timeoutMs: 300_000, intervalMs: 200 });
	let previous = -1;
	for (;;) {
		const all = await instance.n8n.listExecutions(target.workflowId);
		if (all.length === previous && all.every((execution) => FINISHED_STATUSES.includes(execution.status))) {
			expect(all).toHaveLength(expected);
			return all;
		}
		previous = all.length;
		await sleep(QUIET_MS);
	}
}

async function measure(instance: Instance, round: number, target: BenchTarget, outcome: Outcome, concurrency: number, count: number): Promise<void> {
	const { pid } = instance.n8n.connection;
	const before = expectedExecutions(instance, target);
	const earlier = new Set((await instance.n8n.listExecutions(target.workflowId)).map((execution) => execution.id));
	const isolatesBefore = await isolatesAcquired(instance.n8n.baseUrl);
	const peakReset = resetPeakMemory(pid);
	const cpuBefore = groupCpuMs(pid);
	const started = Date.now();
	const figures = await send(instance, target, outcome, concurrency, count);
	const answeredMs = Date.now() - started;
	const peakMiB = peakReset ? memoryOf(pid)?.peakMiB : undefined;
	const all = await settle(instance, target);
	const cpuAfter = groupCpuMs(pid);
	const isolatesAfter = await isolatesAcquired(instance.n8n.baseUrl);
	// Done when the last answer came or the last execution the row started stopped (n8n's own
	// stoppedAt: same machine, same clock), whichever is later.
	const stopped = all.filter((execution) => !earlier.has(execution.id)).map((execution) => Date.parse(execution.stoppedAt ?? '') - started);
	const doneMs = Math.max(answeredMs, ...stopped.filter(Number.isFinite));
	measurements.push({
		instance: instance.name,
		round,
		target,
		outcome,
		concurrency,
		count,
		figures,
		donePerSecond: (count / doneMs) * 1000,
		executions: expectedExecutions(instance, target) - before,
		cpuMsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / count : undefined,
		isolatesPerRequest: isolatesBefore !== undefined && isolatesAfter !== undefined ? (isolatesAfter - isolatesBefore) / count : undefined,
		peakMiB,
	});
}

/** Runs fn over items, `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(Array.from({ length: limit }, async () => {
		while (next < items.length) await fn(items[next++]);
	}));
}

/**
 * Every execution succeeded; each accepted id is in exactly one execution's output; no refused id
 * is; a refusal that starts an execution (the generic way) ends before the output node.
 */
async function checkExecutions(instance: Instance, target: BenchTarget): Promise<string> {
	const ledger = instance.ledgers.get(target)!;
	const executions = await instance.n8n.listExecutions(target.workflowId);
	expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
	const seen: string[] = [];
	let endedBeforeOutput = 0;
	await eachLimited(executions, 4, async (execution) => {
		const detail = await instance.n8n.getExecution(execution.id);
		const runs = detail.data.resultData.runData[OUTPUT_NODE];
		if (!runs) {
			endedBeforeOutput += 1;
			return;
		}
		const items = runs.flatMap((run) => run.data?.main?.[0] ?? []).map((item) => item.json);
		expect(items).toHaveLength(target.itemsPerExecution);
		const ids = [...new Set(items.map((item) => target.idOf(item)))];
		expect(ids).toHaveLength(1);
		seen.push(ids[0]);
	});
	const byNumber = (a: string, b: string) => Number(a) - Number(b);
	expect(seen.sort(byNumber)).toEqual([...ledger.accepted].sort(byNumber));
	expect(ledger.refused.filter((id) => seen.includes(id))).toEqual([]);
	expect(endedBeforeOutput).toBe(target.refusalStartsExecution ? ledger.refused.length : 0);
	const refusedPart = !target.refused
		? ''
		: target.refusalStartsExecution
			? `; ${ledger.refused.length} refused (${target.refusedStatus}) -> ${endedBeforeOutput} executions that ended at the IF node`
			: `; ${ledger.refused.length} refused (${target.refusedStatus}) -> 0 executions`;
	return `[${instance.name}] ${target.label}: ${ledger.accepted.length} accepted (200) -> ${seen.length} executions with output, all success, each accepted id exactly once${refusedPart}`;
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '?' : value.toFixed(digits));

/** The rows of one target, outcome and concurrency on one instance (one per round). */
function rowsOf(instance: string, target: BenchTarget | undefined, outcome: Outcome, concurrency: number): Measurement[] {
	return measurements.filter((entry) => entry.instance === instance && entry.target === target && entry.outcome === outcome && entry.concurrency === concurrency);
}

/** Each round's ratio a/b of `pick`, joined by " / " (rounds are paired: same round, measured back to back). */
function ratios(a: Measurement[], b: Measurement[], pick: (entry: Measurement) => number | undefined): string {
	return a.map((entry, index) => fixed((pick(entry) ?? NaN) / (pick(b[index]) ?? NaN), 2)).join(' / ') || '?';
}

const median = (values: number[]) => {
	const sorted = [...values].sort((x, y) => x - y);
	return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

function report(instances: Instance[], checks: string[], measuredSeconds: number, version: string): string {
	const [main] = instances;
	const { bodyBytes } = main;
	const byLabel = (instance: Instance, label: string) => instance.targets.find((target) => target.label === label)!;
	const allRows = measurements.map((entry) => {
		const instance = instances.find((candidate) => candidate.name === entry.instance)!;
		const reference = byLabel(instance, entry.outcome === 'accepted' ? 'Webhook node' : 'Webhook node, Basic auth');
		const ref = rowsOf(instance.name, reference, entry.outcome, entry.concurrency).find((row) => row.round === entry.round)!;
		return [
			...(instances.length > 1 ? [entry.instance] : []),
			String(entry.round),
			entry.target.label,
			String(entry.outcome === 'accepted' ? 200 : entry.target.refusedStatus),
			String(entry.concurrency),
			String(entry.count),
			fixed(entry.figures.perSecond),
			fixed(entry.figures.p50Ms),
			fixed(entry.figures.p95Ms),
			fixed(entry.donePerSecond),
			String(entry.executions),
			fixed(entry.cpuMsPerRequest),
			fixed(entry.isolatesPerRequest, 2),
			fixed(entry.figures.perSecond / ref.figures.perSecond, 2),
			fixed(entry.peakMiB, 0),
		];
	});

	// Ours against the generic way, per provider, on each instance.
	const comparison: string[][] = [];
	for (const instance of instances) {
		for (const ours of instance.targets.filter((target) => target.way === 'ours')) {
			const generic = instance.targets.find((target) => target.way === 'generic' && target.provider === ours.provider);
			for (const outcome of ['accepted', 'refused'] as Outcome[]) {
				for (const concurrency of [1, CONCURRENCY]) {
					const a = rowsOf(instance.name, ours, outcome, concurrency);
					const b = rowsOf(instance.name, generic, outcome, concurrency);
					if (!a.length || !b.length) continue;
					comparison.push([
						...(instances.length > 1 ? [instance.name] : []),
						ours.provider!,
						outcome,
						String(concurrency),
						fixed(median(a.map((row) => row.figures.perSecond))),
						fixed(median(b.map((row) => row.figures.perSecond))),
						ratios(a, b, (row) => row.figures.perSecond),
						ratios(a, b, (row) => row.donePerSecond),
						ratios(b, a, (row) => row.figures.p50Ms),
						ratios(b, a, (row) => row.figures.p95Ms),
						ratios(b, a, (row) => row.cpuMsPerRequest),
						`${a.reduce((sum, row) => sum + row.executions, 0)} / ${b.reduce((sum, row) => sum + row.executions, 0)}`,
						`${fixed(Math.max(...a.map((row) => row.peakMiB ?? NaN)), 0)} / ${fixed(Math.max(...b.map((row) => row.peakMiB ?? NaN)), 0)}`,
					]);
				}
			}
		}
	}

	// The same row on the variant n8n against the default one.
	const settingsRows: string[][] = [];
	if (instances.length > 1) {
		const [, variant] = instances;
		main.targets.forEach((target, index) => {
			const other = variant.targets[index];
			for (const outcome of ['accepted', 'refused'] as Outcome[]) {
				for (const concurrency of [1, CONCURRENCY]) {
					const a = rowsOf(variant.name, other, outcome, concurrency);
					const b = rowsOf(main.name, target, outcome, concurrency);
					if (!a.length || !b.length) continue;
					settingsRows.push([
						target.label,
						outcome,
						String(concurrency),
						ratios(a, b, (row) => row.figures.perSecond),
						ratios(a, b, (row) => row.donePerSecond),
						ratios(b, a, (row) => row.figures.p50Ms),
						ratios(b, a, (row) => row.cpuMsPerRequest),
					]);
				}
			}
		});
	}

	const memoryLines = instances.map((instance) => {
		const end = memoryOf(instance.n8n.connection.pid);
		const peak = Math.max(...measurements.filter((entry) => entry.instance === instance.name).map((entry) => entry.peakMiB ?? NaN));
		return `  [${instance.name}] n8n pid ${instance.n8n.connection.pid}: peak RSS ${fixed(instance.memoryAtStart?.peakMiB, 0)} MiB from start-up to the first request; highest in a row ${fixed(peak, 0)} MiB; RSS after the last row ${fixed(end?.currentMiB, 0)} MiB`;
	});
	const instanceCol = instances.length > 1 ? ['n8n'] : [];
	return [
		`n8n benchmark: ${new Date().toISOString()}; n8n ${version}; ${cpus().length} cores; load average at the end ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
		`${REQUESTS} requests per row, conc of them at a time; ${ROUNDS} round(s); ${WARM_UP} warm-up requests per start node first; measuring took ${measuredSeconds.toFixed(0)} s`,
		instances.length > 1 ? `n8n instances: ${instances.map((instance) => instance.name).join(', ')} (same package, every row measured on both, alternating which goes first)` : '',
		`bodies: Wiza reveal ${bodyBytes.wiza} B (also what the Webhook node gets), FullEnrich batch of 20 contacts ${bodyBytes.fullEnrich} B, Surfe person ${bodyBytes.surfe} B, IDWise event ${bodyBytes.idwise} B`,
		'req/s: answers per second; done/s: requests per second counted until the executions they started had all finished;',
		'cpu ms/req: CPU time of n8n and its task runners per request until then; exec: executions the row started;',
		'isolates/req: expression isolates n8n took from its pool per request (its expression.pool.acquired counter); vs ref: req/s against',
		'"Webhook node" (accepted rows) or "Webhook node, Basic auth" (refused rows) in the same round.',
		'',
		table([...instanceCol, 'round', 'start node', 'answer', 'conc', 'n', 'req/s', 'p50 ms', 'p95 ms', 'done/s', 'exec', 'cpu ms/req', 'isolates/req', 'vs ref', 'peak RSS MiB'], allRows),
		'',
		'Ours against the generic way (Webhook + Code + IF + Code), same provider, measured back to back; one ratio per round.',
		'"x faster" columns: ours / generic for rates, generic / ours for times and CPU (> 1: ours is better).',
		'',
		table([...instanceCol, 'provider', 'outcome', 'conc', 'ours req/s', 'generic req/s', 'req/s x', 'done/s x', 'p50 x', 'p95 x', 'cpu x', 'exec ours/generic', 'peak MiB ours/generic'], comparison),
		...(settingsRows.length
			? ['', `Settings: "${instances[1].name}" against "default", same row, same round (> 1: the setting helps).`, '', table(['start node', 'outcome', 'conc', 'req/s x', 'done/s x', 'p50 x', 'cpu x'], settingsRows)]
			: []),
		'',
		'memory (peak RSS per row is n8n\'s VmHWM, reset before the row through /proc/<pid>/clear_refs):',
		...memoryLines,
		'',
		'executions:',
		...checks.map((line) => `  ${line}`),
	]
		.filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
		.join('\n');
}

async function n8nVersion(n8n: N8nClient): Promise<string> {
	try {
		const settings = await n8n.request<{ versionCli?: string }>('GET', '/rest/settings');
		return settings.versionCli ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

/** Our trigger right before the generic way for the same provider, so the two are measured back to back. */
function measuringOrder(targets: BenchTarget[]): number[] {
	const order: number[] = [];
	targets.forEach((target, index) => {
		if (target.way === 'generic') return;
		if (target.way !== 'reference' && ONLY && !ONLY.test(target.label)) return;
		order.push(index);
		if (target.way === 'ours') {
			const generic = targets.findIndex((candidate) => candidate.way === 'generic' && candidate.provider === target.provider);
			if (generic >= 0) order.push(generic);
		}
	});
	return order;
}

async function measureTarget(instance: Instance, round: number, target: BenchTarget): Promise<void> {
	const started = Date.now();
	if (round === 1) {
		await send(instance, target, 'accepted', 1, WARM_UP);
		if (target.refused) await send(instance, target, 'refused', 1, WARM_UP);
		await settle(instance, target);
	}
	for (const concurrency of [1, CONCURRENCY]) await measure(instance, round, target, 'accepted', concurrency, REQUESTS);
	if (target.refused) {
		await measure(instance, round, target, 'refused', 1, Math.ceil(REQUESTS / 2));
		await measure(instance, round, target, 'refused', CONCURRENCY, Math.floor(REQUESTS / 2));
	}
	say(`[bench] [${instance.name}] round ${round} ${target.label}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

it(`measures n8n's Webhook node, our four triggers and the generic way for each provider (${REQUESTS} requests per row, ${ROUNDS} round(s))`, async () => {
	const clients = [await connectN8n(), await connectVariantN8n()].filter((client): client is N8nClient => client !== undefined);
	const instances: Instance[] = [];
	for (const n8n of clients) {
		const { targets, bodyBytes } = await createTargets(n8n);
		const settings = Object.entries(n8n.connection.settings ?? {}).map(([name, value]) => `${name}=${value}`).join(' ');
		instances.push({ name: settings || 'default', n8n, targets, bodyBytes, ledgers: new Map(targets.map((target) => [target, { accepted: [], refused: [] }])), memoryAtStart: memoryOf(n8n.connection.pid) });
	}
	const version = await n8nVersion(instances[0].n8n);
	say(`[bench] n8n ${version}; ${instances.map((instance) => `${instance.name} (pid ${instance.n8n.connection.pid})`).join(', ')}; ${instances[0].targets.length} workflows each; ${REQUESTS} requests per row`);
	const measuring = Date.now();

	const order = measuringOrder(instances[0].targets);
	let turn = 0;
	for (let round = 1; round <= ROUNDS; round++) {
		for (const index of order) {
			// Alternate which n8n goes first, so drift of the machine's speed does not favour one.
			const sequence = turn++ % 2 === 0 ? instances : [...instances].reverse();
			for (const instance of sequence) await measureTarget(instance, round, instance.targets[index]);
		}
	}
	const measuredSeconds = (Date.now() - measuring) / 1000;

	const checking = Date.now();
	const checks: string[] = [];
	for (const instance of instances) for (const index of order) checks.push(await checkExecutions(instance, instance.targets[index]));
	say(`[bench] executions checked in ${((Date.now() - checking) / 1000).toFixed(0)} s`);

	const text = report(instances, checks, measuredSeconds, version);
	const folder = join(__dirname, '..', '..', '.test-tmp');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, `bench-n8n-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}.txt`);
	writeFileSync(file, `${text}\n`);
	say(`\n${text}\n\n(also written to ${file})`);
}, 120 * 60_000);
