// Benchmark, not a test of speed: what our triggers cost in a real n8n, as a ratio to n8n's own
// Webhook node measured in the same run on the same n8n (n8n's own overhead dominates, and a shared
// machine's speed drifts, so absolute figures mean little across runs). Run: `npm run bench:n8n`.
//
// Every start node feeds a NoOp. Each gets REQUESTS requests it accepts, one at a time, then
// REQUESTS more CONCURRENCY at once; each that checks something (our triggers, the Basic-auth
// Webhook node) also gets REQUESTS requests it must refuse, half one at a time, half CONCURRENCY at
// once. Executions are left to settle between phases. Speed is only printed; what IS asserted is
// correctness: every accepted request answered 200 and made exactly one successful execution
// holding its id, every refused one answered 401 and made none.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { connectN8n, FINISHED_STATUSES, type N8nClient } from '../e2e/harness/n8n';
import { figuresOf, fire, memoryOf, resetPeakMemory, table, type LoadFigures } from './load';
import { createTargets, OUTPUT_NODE, type BenchTarget } from './targets';

/**
 * Requests per start node and outcome. 100 keeps the whole run near 4 minutes on 2 cores: our
 * triggers take about 8 to 10 accepted requests a second there (see docs/benchmarks.md).
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const CONCURRENCY = 8;
/** Requests sent to each start node before measuring (JIT, caches, first credential read). */
const WARM_UP = 5;
/** How long the execution count must stay unchanged (all finished) to count as settled. */
const QUIET_MS = 500;

type Outcome = 'accepted' | 'refused';

interface Measurement {
	label: string;
	outcome: Outcome;
	concurrency: number;
	count: number;
	figures: LoadFigures;
	/** n8n's peak RSS during this row (VmHWM reset before it), in MiB. */
	peakMiB?: number;
}

interface Ledger {
	accepted: string[];
	refused: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (text: string) => process.stdout.write(`${text}\n`);

let n8n: N8nClient;
let nextId = 1000;
const measurements: Measurement[] = [];
const ledgers = new Map<BenchTarget, Ledger>();

/** Sends `count` requests of one outcome and checks every answer (200 or 401); returns the figures. */
async function send(target: BenchTarget, outcome: Outcome, concurrency: number, count: number): Promise<LoadFigures> {
	const make = outcome === 'accepted' ? target.accepted : target.refused!;
	const requests = Array.from({ length: count }, () => make(String(nextId++)));
	const result = await fire(target.url, requests, concurrency);
	expect(result.statuses.filter((status) => status !== (outcome === 'accepted' ? 200 : 401))).toEqual([]);
	ledgers.get(target)![outcome].push(...requests.map((request) => request.id));
	return figuresOf(result);
}

async function measure(target: BenchTarget, outcome: Outcome, concurrency: number, count: number, label = target.label): Promise<void> {
	const peakReset = resetPeakMemory(n8n.connection.pid);
	const figures = await send(target, outcome, concurrency, count);
	const peakMiB = peakReset ? memoryOf(n8n.connection.pid)?.peakMiB : undefined;
	measurements.push({ label, outcome, concurrency, count, figures, peakMiB });
}

/** Waits until the workflow's executions have all finished and stopped coming; one per accepted request. */
async function settle(target: BenchTarget): Promise<void> {
	const expected = ledgers.get(target)!.accepted.length;
	await n8n.waitForExecutions(target.workflowId, expected, { timeoutMs: 180_000, intervalMs: 200 });
	let previous = -1;
	for (;;) {
		const all = await n8n.listExecutions(target.workflowId);
		if (all.length === previous && all.every((execution) => FINISHED_STATUSES.includes(execution.status))) {
			expect(all).toHaveLength(expected);
			return;
		}
		previous = all.length;
		await sleep(QUIET_MS);
	}
}

/** Runs fn over items, `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(Array.from({ length: limit }, async () => {
		while (next < items.length) await fn(items[next++]);
	}));
}

/** Every execution succeeded and holds exactly one request id; the ids are the accepted ones, once each. */
async function checkExecutions(target: BenchTarget): Promise<string> {
	const ledger = ledgers.get(target)!;
	const executions = await n8n.listExecutions(target.workflowId);
	expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
	const seen: string[] = [];
	await eachLimited(executions, 4, async (execution) => {
		const items = await n8n.nodeOutput(execution.id, OUTPUT_NODE);
		expect(items).toHaveLength(target.itemsPerExecution);
		const ids = [...new Set(items.map((item) => target.idOf(item)))];
		expect(ids).toHaveLength(1);
		seen.push(ids[0]);
	});
	const byNumber = (a: string, b: string) => Number(a) - Number(b);
	expect(seen.sort(byNumber)).toEqual([...ledger.accepted].sort(byNumber));
	const refusedSeen = ledger.refused.filter((id) => seen.includes(id));
	expect(refusedSeen).toEqual([]);
	const refusedPart = target.refused ? `; ${ledger.refused.length} refused (401) -> 0 executions` : '';
	return `${target.label}: ${ledger.accepted.length} accepted (200) -> ${executions.length} executions, all success, each accepted id exactly once${refusedPart}`;
}

interface RunFacts {
	version: string;
	bodyBytes: Record<string, number>;
	memory: { start?: ReturnType<typeof memoryOf>; end?: ReturnType<typeof memoryOf> };
	checks: string[];
	measuredSeconds: number;
}

function report(targets: BenchTarget[], { version, bodyBytes, memory, checks, measuredSeconds }: RunFacts): string {
	const reference = (outcome: Outcome, concurrency: number) =>
		measurements.find((entry) => entry.outcome === outcome && entry.concurrency === concurrency && entry.label === (outcome === 'accepted' ? targets[0].label : targets[1].label))!.figures;
	const mib = (value: number | undefined) => (value === undefined ? '?' : value.toFixed(0));
	const rows = measurements.map(({ label, outcome, concurrency, count, figures, peakMiB }) => {
		const ref = reference(outcome, concurrency);
		return [
			label,
			outcome === 'accepted' ? '200' : '401',
			String(concurrency),
			String(count),
			figures.perSecond.toFixed(1),
			figures.p50Ms.toFixed(1),
			figures.p95Ms.toFixed(1),
			(figures.perSecond / ref.perSecond).toFixed(2),
			(figures.p50Ms / ref.p50Ms).toFixed(2),
			mib(peakMiB),
		];
	});
	const highest = measurements.reduce<Measurement | undefined>((top, entry) => ((entry.peakMiB ?? 0) > (top?.peakMiB ?? 0) ? entry : top), undefined);
	return [
		`n8n benchmark: ${new Date().toISOString()}; n8n ${version}; ${cpus().length} cores; load average at the end ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
		`every start node -> NoOp; n requests per row, conc of them at a time; ${WARM_UP} warm-up requests per start node first; measuring took ${measuredSeconds.toFixed(0)} s`,
		`bodies: Wiza reveal ${bodyBytes.wiza} B (also what the Webhook node gets), FullEnrich batch of 20 contacts ${bodyBytes.fullEnrich} B, Surfe person ${bodyBytes.surfe} B, IDWise event ${bodyBytes.idwise} B`,
		`ratios: accepted rows against "${targets[0].label}", refused rows against "${targets[1].label}" refusing a wrong password, same concurrency (req/s ratio > 1 is faster, p50 ratio > 1 is slower)`,
		'',
		table(['start node', 'answer', 'conc', 'n', 'req/s', 'p50 ms', 'p95 ms', 'req/s vs ref', 'p50 vs ref', 'peak RSS MiB'], rows),
		'',
		`n8n process (pid ${n8n.connection.pid}) peak RSS (VmHWM): ${mib(memory.start?.peakMiB)} MiB from start-up to the first request; ` +
			(highest ? `highest in a row ${mib(highest.peakMiB)} MiB (${highest.label}, ${highest.outcome}, conc ${highest.concurrency}); ` : '') +
			`RSS after the last row ${mib(memory.end?.currentMiB)} MiB. Each row's peak RSS is n8n's VmHWM, reset before the row (/proc/<pid>/clear_refs).`,
		'',
		'executions:',
		...checks.map((line) => `  ${line}`),
	].join('\n');
}

async function n8nVersion(): Promise<string> {
	try {
		const settings = await n8n.request<{ versionCli?: string }>('GET', '/rest/settings');
		return settings.versionCli ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

it(`measures n8n's Webhook node and our four triggers (${REQUESTS} accepted requests one at a time and ${REQUESTS} ${CONCURRENCY} at a time, ${REQUESTS} refused)`, async () => {
	n8n = await connectN8n();
	const { targets, bodyBytes } = await createTargets(n8n);
	for (const target of targets) ledgers.set(target, { accepted: [], refused: [] });
	const version = await n8nVersion();
	const memory: RunFacts['memory'] = { start: memoryOf(n8n.connection.pid) };
	say(`[bench] n8n ${version} pid ${n8n.connection.pid}; ${targets.length} workflows active; ${REQUESTS} requests per start node and outcome`);
	const measuring = Date.now();

	for (const target of targets) {
		const started = Date.now();
		await send(target, 'accepted', 1, WARM_UP);
		if (target.refused) await send(target, 'refused', 1, WARM_UP);
		for (const concurrency of [1, CONCURRENCY]) {
			await measure(target, 'accepted', concurrency, REQUESTS);
			await settle(target);
		}
		if (target.refused) {
			await measure(target, 'refused', 1, Math.ceil(REQUESTS / 2));
			await measure(target, 'refused', CONCURRENCY, Math.floor(REQUESTS / 2));
			await settle(target);
		}
		say(`[bench] ${target.label}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	}
	// The reference once more at the end: how much the machine's speed drifted during the run.
	for (const concurrency of [1, CONCURRENCY]) {
		await measure(targets[0], 'accepted', concurrency, REQUESTS, `${targets[0].label} (again, at the end)`);
		await settle(targets[0]);
	}
	memory.end = memoryOf(n8n.connection.pid);
	const measuredSeconds = (Date.now() - measuring) / 1000;

	const checking = Date.now();
	const checks: string[] = [];
	for (const target of targets) checks.push(await checkExecutions(target));
	say(`[bench] executions checked in ${((Date.now() - checking) / 1000).toFixed(0)} s`);

	const text = report(targets, { version, bodyBytes, memory, checks, measuredSeconds });
	const folder = join(__dirname, '..', '..', '.test-tmp');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, `bench-n8n-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}.txt`);
	writeFileSync(file, `${text}\n`);
	say(`\n${text}\n\n(also written to ${file})`);
}, 30 * 60_000);
