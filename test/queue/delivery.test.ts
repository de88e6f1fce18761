// The triggers in n8n's queue mode (PostgreSQL, Redis, main, 2 workers, 2 webhook processes behind a
// round-robin load balancer): every delivery sent until it gets a 2xx has exactly one execution;
// IDWise events and FullEnrich/Surfe/Wiza deliveries sent again start nothing, also after every
// webhook process restarted; the same event sent to one webhook process 5 times at once runs once.
// The same event sent at the same instant to both webhook processes is measured, not asserted:
// n8n gives a trigger no atomic store shared by processes (docs/limits.md).
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
} from '../e2e/harness/deliveries';
import type { N8nClient } from '../e2e/harness/n8n';
import { connectQueue, queueConnectionFile, restartProcesses, type QueueConnection } from './harness/queue';

jest.setTimeout(30 * 60_000);

const BURST = Number(process.env.QUEUE_BURST ?? 300);
const say = (line: string) => process.stdout.write(`[queue e2e] ${line}\n`);
const skipped = queueConnectionFile() === undefined;
const describeQueue = skipped ? describe.skip : describe;

type Provider = TriggerProvider;
const PROVIDERS = ['fullEnrich', 'idwise', 'surfe', 'wiza'] as const;
let n8n: N8nClient;
let connection: QueueConnection;
let triggers: Record<Provider, TriggerWorkflow>;

const keyOf = DELIVERY_KEY_OF;

/** The trigger's URL on one webhook process, bypassing the load balancer. */
function directUrl(provider: Provider, processName: string): string {
	const member = connection.processes.find((candidate) => candidate.name === processName)!;
	return triggers[provider].url.replace(connection.webhookBase, `http://127.0.0.1:${member.port}`);
}

async function count(provider: Provider, deliveries: Delivery[], label: string) {
	await settledExecutionCount(n8n, triggers[provider].workflowId);
	const { perKey, executions, unreadable } = await executionsPerKey(n8n, triggers[provider].workflowId, keyOf[provider]);
	const keys = deliveries.map((delivery) => delivery.key);
	const missing = keys.filter((key) => !perKey.has(key)).length;
	const duplicates = keys.reduce((sum, key) => sum + Math.max(0, (perKey.get(key) ?? 0) - 1), 0);
	say(`${label}: ${keys.length} deliveries -> ${executions} executions in the workflow, missing ${missing}, duplicates ${duplicates}, unreadable ${unreadable}`);
	return { missing, duplicates };
}

describeQueue('queue mode: deliveries', () => {
	beforeAll(async () => {
		({ n8n, connection } = await connectQueue());
		triggers = {} as Record<Provider, TriggerWorkflow>;
		for (const provider of PROVIDERS) triggers[provider] = await triggerWorkflow(n8n, provider, connection.webhookBase);
	});

	const bursts: Record<Provider, Delivery[]> = { fullEnrich: [], idwise: [], surfe: [], wiza: [] };

	it(`${BURST} deliveries to each trigger through the load balancer, 8 at once: one execution each`, async () => {
		for (const provider of PROVIDERS) {
			const make = { fullEnrich: fullEnrichDelivery, idwise: idwiseDelivery, surfe: surfeDelivery, wiza: wizaDelivery }[provider];
			bursts[provider] = Array.from({ length: BURST }, make);
			const started = Date.now();
			const answers = await deliverAll(triggers[provider].url, bursts[provider], 8, 10);
			const firstOk = answers.filter((list) => is2xx(list[0])).length;
			say(`${provider}: ${BURST} deliveries in ${((Date.now() - started) / 1000).toFixed(1)} s, ${firstOk} answered 2xx at the first attempt`);
			expect(answers.every((list) => is2xx(list[list.length - 1]))).toBe(true);
			expect(await count(provider, bursts[provider], `${provider} burst`)).toEqual({ missing: 0, duplicates: 0 });
		}
	});

	it('every delivery sent again through the load balancer, 8 at once: no second execution', async () => {
		for (const provider of PROVIDERS) {
			const answers = await deliverAll(triggers[provider].url, bursts[provider], 8, 1);
			say(`${provider} redelivery: ${answers.filter((list) => list[0].body.includes('ignored')).length} of ${BURST} answered as repeats`);
			expect(await count(provider, bursts[provider], `${provider} burst + redelivery`)).toEqual({ missing: 0, duplicates: 0 });
		}
	});

	it('after every webhook process restarted, the deliveries sent again start nothing', async () => {
		await restartProcesses(['webhook1', 'webhook2'], say);
		for (const provider of PROVIDERS) {
			await deliverAll(triggers[provider].url, bursts[provider], 8, 1);
			expect(await count(provider, bursts[provider], `${provider} after restart`)).toEqual({ missing: 0, duplicates: 0 });
		}
	});

	it('the same event sent to one webhook process 5 times at once runs once', async () => {
		const events = Array.from({ length: 50 }, idwiseDelivery);
		await inParallel(events, 4, (event) => Promise.all(Array.from({ length: 5 }, () => post(directUrl('idwise', 'webhook1'), event.rawBody, event.headers()))));
		expect(await count('idwise', [...bursts.idwise, ...events], 'idwise 50 x5 at once on webhook1')).toEqual({ missing: 0, duplicates: 0 });
	});

	it('measures: the same event sent to both webhook processes, the second after 0 to 1,000 ms', async () => {
		const figures: string[] = [];
		let all = [...bursts.idwise];
		for (const delayMs of [0, 25, 50, 100, 200, 400, 1000]) {
			const events = Array.from({ length: 10 }, idwiseDelivery);
			all = [...all, ...events];
			await inParallel(events, 2, async (event) => {
				const first = post(directUrl('idwise', 'webhook1'), event.rawBody, event.headers());
				await new Promise((resolve) => setTimeout(resolve, delayMs));
				await Promise.all([first, post(directUrl('idwise', 'webhook2'), event.rawBody, event.headers())]);
			});
			const { missing, duplicates } = await count('idwise', all, `idwise 10 events to both processes, ${delayMs} ms apart`);
			const before = figures.reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
			figures.push(`${delayMs}ms ${duplicates - before}`);
			expect(missing).toBe(0);
		}
		say(`same event to two processes, second delayed by: ${figures.map((line) => line.replace(' ', ' -> ')).join(', ')} (of 10 each ran twice)`);
	});
});
