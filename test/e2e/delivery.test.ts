// "A 2xx means the execution is stored", and "a delivery repeated starts nothing", in a real n8n
// (regular mode, SQLite):
// - a burst of signed FullEnrich callbacks, 20 at once, each sent again until it gets a 2xx (as
//   FullEnrich retries): every delivery ends with exactly one execution, none answered 2xx
//   without one (DELIVERY_BURST, default 300; 1,000 measured for docs/limits.md);
// - n8n's SQLite write lock held by another process for 12 s: callbacks sent meanwhile to the
//   FullEnrich, Surfe and IDWise triggers either get a 2xx and have an execution, or get an answer
//   that makes the provider retry;
// - IDWise events sent 8 at once, then each once more: no second execution; events each sent 5
//   times at once: one execution each; FullEnrich, Surfe and Wiza deliveries sent twice: one execution.
// Figures are printed (executions, duplicates, answers); the assertions are about correctness only.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import {
	DELIVERY_KEY_OF,
	deliverAll,
	type Delivery,
	executionsPerKey,
	fullEnrichDelivery,
	idwiseDelivery,
	inParallel,
	is2xx,
	post,
	settledExecutionCount,
	surfeDelivery,
	triggerWorkflow,
	type TriggerProvider,
	type TriggerWorkflow,
	wizaDelivery,
} from './harness/deliveries';
import { connectN8n, type N8nClient } from './harness/n8n';

jest.setTimeout(20 * 60_000);

const BURST = Number(process.env.DELIVERY_BURST ?? 300);
const say = (line: string) => process.stdout.write(`[delivery e2e] ${line}\n`);

type Provider = TriggerProvider;
let n8n: N8nClient;
let triggers: Record<Provider, TriggerWorkflow>;

/** Fresh trigger workflows, so each test counts only its own executions. */
async function freshTriggers(): Promise<Record<Provider, TriggerWorkflow>> {
	const fresh = {} as Record<Provider, TriggerWorkflow>;
	for (const provider of ['fullEnrich', 'idwise', 'surfe', 'wiza'] as const) fresh[provider] = await triggerWorkflow(n8n, provider, n8n.baseUrl);
	return fresh;
}

const keyOf = DELIVERY_KEY_OF;

beforeAll(async () => {
	n8n = await connectN8n();
});

beforeEach(async () => {
	triggers = await freshTriggers();
});

/** Every delivery has exactly one execution; prints the figures. */
async function expectOneExecutionEach(provider: keyof typeof triggers, deliveries: Delivery[], label: string, before = 0) {
	await settledExecutionCount(n8n, triggers[provider].workflowId);
	const { perKey, executions, unreadable } = await executionsPerKey(n8n, triggers[provider].workflowId, keyOf[provider]);
	const keys = deliveries.map((delivery) => delivery.key);
	const missing = keys.filter((key) => !perKey.has(key)).length;
	const duplicates = keys.reduce((sum, key) => sum + Math.max(0, (perKey.get(key) ?? 0) - 1), 0);
	say(`${label}: ${keys.length} deliveries -> ${executions - before} new executions (${executions} in the workflow), missing ${missing}, duplicates ${duplicates}, unreadable ${unreadable}`);
	expect({ missing, duplicates }).toEqual({ missing: 0, duplicates: 0 });
}

describe('a 2xx means the execution is stored', () => {
	it(`${BURST} signed FullEnrich callbacks, 20 at once, each retried until 2xx: one execution each`, async () => {
		const deliveries = Array.from({ length: BURST }, fullEnrichDelivery);
		const started = Date.now();
		const answers = await deliverAll(triggers.fullEnrich.url, deliveries, 20, 10);
		const seconds = (Date.now() - started) / 1000;
		const first = answers.map((list) => list[0]);
		const statuses = new Map<number, number>();
		for (const answer of answers.flat()) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
		say(`burst: ${BURST} deliveries in ${seconds.toFixed(1)} s; first answers 2xx: ${first.filter(is2xx).length}; all answers by status: ${JSON.stringify([...statuses])}`);
		for (const answer of answers.flat().filter(is2xx)) expect(JSON.parse(answer.body)).toEqual({ received: true });
		expect(answers.every((list) => is2xx(list[list.length - 1]))).toBe(true);
		await expectOneExecutionEach('fullEnrich', deliveries, 'burst');
	});

	it("with n8n's SQLite write lock held by another process for 12 s: no 2xx without an execution", async () => {
		const database = join(n8n.connection.userFolder, '.n8n', 'database.sqlite');
		const holder = spawn(
			'python3',
			['-c', 'import sqlite3,sys,time\nc=sqlite3.connect(sys.argv[1],isolation_level=None,timeout=60)\nc.execute("BEGIN EXCLUSIVE")\nprint("locked",flush=True)\ntime.sleep(12)\nc.execute("COMMIT")\nprint("released",flush=True)', database],
			{ stdio: ['ignore', 'pipe', 'inherit'] },
		);
		const locked = new Promise<void>((resolve, reject) => {
			holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
			holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before taking the lock`)));
		});
		const released = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
		await locked;

		const sent = { fullEnrich: fullEnrichDelivery(), idwise: idwiseDelivery(), surfe: surfeDelivery() };
		const befores = Object.fromEntries(await Promise.all(Object.entries(triggers).map(async ([provider, trigger]) => [provider, (await n8n.listExecutions(trigger.workflowId)).length])));
		const during = await Promise.all((Object.keys(sent) as Array<keyof typeof sent>).map(async (provider) => [provider, await post(triggers[provider].url, sent[provider].rawBody, sent[provider].headers())] as const));
		await released;
		say(`under the lock: ${during.map(([provider, answer]) => `${provider} ${answer.status}`).join(', ')}`);

		for (const [provider, answer] of during) {
			const { perKey } = await executionsPerKey(n8n, triggers[provider].workflowId, keyOf[provider]);
			await settledExecutionCount(n8n, triggers[provider].workflowId, { quietMs: 2000 });
			const executions = (await executionsPerKey(n8n, triggers[provider].workflowId, keyOf[provider])).perKey.get(sent[provider].key) ?? 0;
			say(`${provider}: answered ${answer.status}, executions for it afterwards ${executions} (seen right after the lock: ${perKey.get(sent[provider].key) ?? 0}; workflow had ${befores[provider]})`);
			if (is2xx(answer)) expect(executions).toBe(1);
			else expect(executions).toBe(0);
			// The provider's retry (after a 5xx) or repeat (after a 2xx) ends with exactly one execution.
			expect(is2xx(await post(triggers[provider].url, sent[provider].rawBody, sent[provider].headers()))).toBe(true);
			await settledExecutionCount(n8n, triggers[provider].workflowId, { quietMs: 2000 });
			expect((await executionsPerKey(n8n, triggers[provider].workflowId, keyOf[provider])).perKey.get(sent[provider].key)).toBe(1);
		}
	});
});

describe('a delivery repeated starts no second execution', () => {
	it('IDWise: 300 events 8 at once, then each again; 50 events each 5 times at once', async () => {
		const before = (await n8n.listExecutions(triggers.idwise.workflowId)).length;
		const events = Array.from({ length: 300 }, idwiseDelivery);
		const first = await deliverAll(triggers.idwise.url, events, 8, 10);
		expect(first.every((list) => is2xx(list[list.length - 1]))).toBe(true);
		const again = await deliverAll(triggers.idwise.url, events, 8, 1);
		say(`idwise redelivery: ${again.filter((list) => list[0].body.includes('ignored')).length} of 300 answered as repeats`);
		const crowd = Array.from({ length: 50 }, idwiseDelivery);
		await inParallel(crowd, 5, (delivery) => Promise.all(Array.from({ length: 5 }, () => post(triggers.idwise.url, delivery.rawBody, delivery.headers()))));
		await expectOneExecutionEach('idwise', [...events, ...crowd], 'idwise 300 x2 + 50 x5', before);
	});

	it('FullEnrich, Surfe and Wiza: the same delivery sent again, and 5 times at once, runs once', async () => {
		for (const provider of ['fullEnrich', 'surfe', 'wiza'] as const) {
			const make = { fullEnrich: fullEnrichDelivery, surfe: surfeDelivery, wiza: wizaDelivery }[provider];
			const deliveries = Array.from({ length: 20 }, make);
			await deliverAll(triggers[provider].url, deliveries, 8, 10);
			const repeats = await deliverAll(triggers[provider].url, deliveries, 8, 1);
			expect(repeats.every((list) => list[0].status === 200 && list[0].body.includes('ignored'))).toBe(true);
			const crowd = Array.from({ length: 10 }, make);
			await inParallel(crowd, 5, (delivery) => Promise.all(Array.from({ length: 5 }, () => post(triggers[provider].url, delivery.rawBody, delivery.headers()))));
			await expectOneExecutionEach(provider, [...deliveries, ...crowd], `${provider} 20 x2 + 10 x5`);
		}
	});
});
