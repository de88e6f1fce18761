// The guard against hostile requests: a seeded fuzz of every trigger (each IDWise authentication)
// and of the waiting "... and Wait" webhooks in the real n8n, with forged and malformed requests
// built from the providers' documents (test/fuzz/). Each must be refused: no execution of any
// status is created or resumed, no answer is 2xx, none is 500 or more, and a refusal by our node
// is a 401 whose reason names that provider's header or auth mode. Then one genuine request per
// target proves the target was live all along.
//
// Reproduce a run: FUZZ_SEED=<seed printed below>. More cases: FUZZ_CASES=5000 (per target).
// Concurrency: FUZZ_CONCURRENCY (default 12 requests at once).
import { request as httpRequest, Agent } from 'node:http';
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ALLOWED_STATUSES, generateCases, type FuzzCase, type TargetShape } from '../fuzz/cases';
import {
	fullEnrichResultBody,
	fullEnrichScheme,
	idwiseBasicScheme,
	idwiseBearerScheme,
	idwiseEventBody,
	idwiseHeadersScheme,
	surfePersonBody,
	surfeScheme,
	wizaRevealBody,
	wizaScheme,
	type ProviderScheme,
} from '../fuzz/providers';
import { casesFromEnvironment, seedFromEnvironment, seededRandom } from '../fuzz/random';
import { FakeFullEnrich } from '../fakes/fullenrich';
import { FakeSurfe } from '../fakes/surfe';
import { FakeWiza } from '../fakes/wiza';
import { connectN8n, type ExecutionSummary, type N8nClient } from './harness/n8n';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

const SEED = seedFromEnvironment();
const CASES = casesFromEnvironment(500);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 12);
jest.setTimeout(10 * 60_000 + CASES * 9 * 60);

const WIZA_KEY = `wiza-fuzz-${randomUUID()}`;
const FULLENRICH_KEY = `fe-fuzz-${randomUUID()}`;
const SURFE_KEY = `surfe-fuzz-${randomUUID()}`;
const SURFE_SECRET = `whsec_fuzz_${randomUUID().replace(/-/g, '')}`;
const IDWISE = { username: 'idwise-fuzz', password: `pw-${randomUUID().slice(0, 12)}`, token: `tok-${randomUUID()}`, headers: { 'x-idwise-key': `key-${randomUUID().slice(0, 8)}`, 'x-idwise-env': 'live' } };

interface Target extends TargetShape {
	name: string;
	url: string;
	workflowId: string;
	/** Sends one genuine request (or lets the fake deliver one) after the fuzz: the target must act on it. */
	genuine(): Promise<void>;
	/** The executions the workflow had when the fuzz began (a waiting one for a waiting webhook). */
	before: ExecutionSummary[];
}

interface Outcome {
	/** 0: no answer within the time allowed. */
	status: number;
	body: string;
}

/** How long n8n's XML parser may leave a request unanswered (see ALLOWED_STATUSES); every other case has 60 s. */
const HANG_MS = 5_000;

interface Failure {
	target: string;
	index: number;
	problem: string;
	fuzzCase: FuzzCase;
	url: string;
	outcome?: Outcome;
}

let n8n: N8nClient;
const targets: Target[] = [];
/** n8n's own Webhook node (POST -> NoOp): what n8n does before any node runs is judged against it. */
let reference: { url: string; workflowId: string; cases: number; statuses: Map<number, number> };
const fakes: Array<{ close(): Promise<void> }> = [];
const report: string[] = [];
/** Printed at once (jest holds console output until the file ends) and again in the summary. */
const note = (line: string) => {
	report.push(line);
	process.stdout.write(`[fuzz] ${line}\n`);
};
const agent = new Agent({ keepAlive: false, maxSockets: CONCURRENCY });

function send(url: string, fuzzCase: FuzzCase, timeoutMs = 60_000): Promise<Outcome> {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const headers: Record<string, string | string[] | number> = { ...fuzzCase.headers };
		if (fuzzCase.body !== undefined) headers['content-length'] = fuzzCase.body.length;
		const req = httpRequest(
			{ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: fuzzCase.method, headers, agent },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 2000) }));
				res.on('error', reject);
			},
		);
		const timer = setTimeout(() => {
			req.destroy();
			resolve({ status: 0, body: `no answer within ${timeoutMs / 1000} s` });
		}, timeoutMs);
		req.on('close', () => clearTimeout(timer));
		req.on('error', reject);
		req.end(fuzzCase.body);
	});
}

/** What is wrong with an outcome, or undefined. */
function problemWith(fuzzCase: FuzzCase, outcome: Outcome, scheme: ProviderScheme, reference?: Outcome): string | undefined {
	if (fuzzCase.refusedBy === 'n8n-itself') {
		if (outcome.status >= 200 && outcome.status < 300) return `answered ${outcome.status}: a forged request was accepted`;
		if (!reference || reference.status !== outcome.status) return `answered ${outcome.status || 'nothing'}, while n8n's own Webhook node answered ${reference?.status || 'nothing'}`;
		return undefined;
	}
	if (outcome.status === 0 && fuzzCase.refusedBy !== 'n8n-xml') return outcome.body;
	if (outcome.status === 0) return undefined;
	if (outcome.status >= 500) return `answered ${outcome.status} (500 or more)`;
	if (outcome.status >= 200 && outcome.status < 300) return `answered ${outcome.status}: a forged request was accepted`;
	if (!ALLOWED_STATUSES[fuzzCase.refusedBy].includes(outcome.status)) {
		return `answered ${outcome.status}; expected a refusal by ${fuzzCase.refusedBy} (${ALLOWED_STATUSES[fuzzCase.refusedBy].join(' or ')})`;
	}
	if (outcome.status === 401 && (fuzzCase.refusedBy === 'node' || fuzzCase.refusedBy === 'n8n-parser')) {
		let reason: unknown;
		try {
			reason = (JSON.parse(outcome.body) as { reason?: unknown }).reason;
		} catch {
			reason = undefined;
		}
		if (typeof reason !== 'string') return 'a 401 without the reason our node gives';
		if (!scheme.reasonMentions.test(reason)) return `the refusal reason "${reason}" does not name ${scheme.reasonMentions}`;
	}
	return undefined;
}

function describeRequest(failure: Failure): string {
	const { fuzzCase } = failure;
	const body = fuzzCase.body;
	const preview =
		body === undefined
			? '(none)'
			: `${body.length} bytes: ${JSON.stringify(body.subarray(0, 400).toString('latin1'))}${body.length > 400 ? '...' : ''}`;
	return [
		`  [${failure.target} #${failure.index}] ${failure.problem}`,
		`    case: ${fuzzCase.kind} (refused by ${fuzzCase.refusedBy})`,
		`    request: ${fuzzCase.method} ${failure.url}`,
		`    headers: ${JSON.stringify(fuzzCase.headers)}`,
		`    body: ${preview}`,
		`    answer: ${failure.outcome ? `${failure.outcome.status} ${failure.outcome.body.slice(0, 300)}` : '(none)'}`,
	].join('\n');
}

/** Runs `work` on the items in order, `limit` at a time; each item is taken from `items` only when it is its turn. */
async function pool<T>(items: Iterator<T>, limit: number, work: (item: T, index: number) => Promise<void>): Promise<number> {
	let index = 0;
	await Promise.all(
		Array.from({ length: limit }, async () => {
			for (let next = items.next(); !next.done; next = items.next()) await work(next.value, index++);
		}),
	);
	return index;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

async function activeWorkflow(name: string, nodes: ReturnType<typeof node>[], connections: ReturnType<typeof connect>) {
	const workflow = await n8n.createWorkflow({ name: `fuzz ${name} ${randomUUID()}`, nodes, connections });
	await n8n.activateWorkflow(workflow.id);
	return workflow.id;
}

async function postGenuine(url: string, scheme: ProviderScheme, body: Buffer): Promise<Outcome> {
	return await send(url, { kind: 'genuine', method: 'POST', headers: { 'content-type': 'application/json', ...scheme.genuineHeaders(body, Date.now()) }, body, refusedBy: 'node' });
}

async function addTrigger(name: string, type: string, credentials: IDataObject, scheme: ProviderScheme, body: () => Buffer, parameters: INodeParameters = {}) {
	const webhookId = randomUUID();
	const trigger = node({ name: 'Trigger', type: n8n.nodeType(type), webhookId, parameters, credentials: credentials as never });
	const workflowId = await activeWorkflow(name, [trigger, noOpNode('Received')], connect('Trigger', 'Received'));
	const url = n8n.productionWebhookUrl(webhookId, 'webhook');
	targets.push({
		name,
		url,
		workflowId,
		scheme,
		body,
		waiting: false,
		before: [],
		genuine: async () => {
			const outcome = await postGenuine(url, scheme, body());
			expect(outcome.status).toBe(200);
			const [execution] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 60_000 });
			expect(execution.status).toBe('success');
		},
	});
}

async function credential(type: string, data: IDataObject): Promise<IDataObject> {
	const created = await n8n.createCredential(type, data);
	return { [type]: { id: created.id, name: created.name } };
}

/** Start -> Items -> <action "... and Wait"> -> Next, started with one item; resolves once it waits. */
async function waitingExecution(name: string, action: ReturnType<typeof node>, item: IDataObject) {
	const start = webhookStartNode({ name: 'Start' });
	const workflowId = await activeWorkflow(name, [start, splitOutNode('Items', 'body'), action, noOpNode('Next')], connect('Start', 'Items', action.name, 'Next'));
	const response = await fetch(n8n.productionWebhookUrl(start.webhookId!, 'start'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([item]) });
	expect(response.status).toBe(200);
	const waiting = await n8n.waitForExecutions(workflowId, 1, { statuses: ['waiting'], timeoutMs: 120_000 });
	return { workflowId, waiting };
}

beforeAll(async () => {
	process.stdout.write(`[fuzz] seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${CASES} cases per target\n`);
	n8n = await connectN8n();
	const started = Date.now();

	const referenceStart = webhookStartNode({ name: 'Start' });
	reference = {
		url: n8n.productionWebhookUrl(referenceStart.webhookId!, 'start'),
		workflowId: await activeWorkflow('reference Webhook node', [referenceStart, noOpNode('NoOp')], connect('Start', 'NoOp')),
		cases: 0,
		statuses: new Map(),
	};

	// Triggers.
	await addTrigger('Wiza Trigger', 'wizaTrigger', await credential('enrichmentWebhooksWizaApi', { apiKey: WIZA_KEY, baseUrl: 'http://127.0.0.1:9' }), wizaScheme(WIZA_KEY), () => json(wizaRevealBody(123456)));
	await addTrigger(
		'FullEnrich Trigger',
		'fullEnrichTrigger',
		await credential('enrichmentWebhooksFullEnrichApi', { apiKey: FULLENRICH_KEY, baseUrl: 'http://127.0.0.1:9' }),
		fullEnrichScheme(FULLENRICH_KEY),
		() => json(fullEnrichResultBody(randomUUID(), [{ crm_id: 'crm-1' }])),
	);
	await addTrigger(
		'Surfe Trigger',
		'surfeTrigger',
		await credential('enrichmentWebhooksSurfeApi', { apiKey: SURFE_KEY, baseUrl: 'http://127.0.0.1:9', webhookSecret: SURFE_SECRET }),
		surfeScheme(SURFE_SECRET),
		() => json(surfePersonBody(randomUUID(), 'crm-1')),
	);
	const idwiseAuth = { authentication: 'enrichmentWebhooksIdwiseWebhookApi' };
	const idwiseBody = () => json(idwiseEventBody(randomUUID()));
	await addTrigger('IDWise Trigger (basic)', 'idwiseTrigger', await credential('enrichmentWebhooksIdwiseWebhookApi', { authType: 'basicAuth', username: IDWISE.username, password: IDWISE.password }), idwiseBasicScheme(IDWISE.username, IDWISE.password), idwiseBody, idwiseAuth);
	await addTrigger('IDWise Trigger (bearer)', 'idwiseTrigger', await credential('enrichmentWebhooksIdwiseWebhookApi', { authType: 'bearerToken', token: IDWISE.token }), idwiseBearerScheme(IDWISE.token), idwiseBody, idwiseAuth);
	await addTrigger(
		'IDWise Trigger (headers)',
		'idwiseTrigger',
		await credential('enrichmentWebhooksIdwiseWebhookApi', { authType: 'customHeaders', headers: { values: Object.entries(IDWISE.headers).map(([name, value]) => ({ name, value })) } }),
		idwiseHeadersScheme(IDWISE.headers),
		idwiseBody,
		idwiseAuth,
	);

	// Waiting webhooks: one execution per provider waits for a callback that the fake holds back.
	const wiza = new FakeWiza({ apiKey: WIZA_KEY, completeAfterMs: 20, callbackRetryDelayMs: 300 });
	wiza.holdCompletions = true;
	fakes.push(await wiza.start());
	{
		const action = node({
			name: 'Wiza',
			type: n8n.nodeType('wiza'),
			credentials: (await credential('enrichmentWebhooksWizaApi', { apiKey: WIZA_KEY, baseUrl: wiza.baseUrl })) as never,
			parameters: { resource: 'individualReveal', operation: 'revealAndWait', inputType: 'linkedinUrl', profileUrl: '={{ $json.linkedin }}', enrichmentLevel: 'partial', timeLimit: 30, timeLimitUnit: 'minutes' },
		});
		const { workflowId, waiting } = await waitingExecution('Wiza Reveal and Wait', action, { linkedin: 'https://www.linkedin.com/in/fuzz-target' });
		const [post] = wiza.requestsTo('POST', /^\/api\/individual_reveals$/);
		const revealId = [...wiza.reveals.keys()][0];
		targets.push({
			name: 'Wiza Reveal and Wait (resume URL)',
			url: (post.body as IDataObject).callback_url as string,
			workflowId,
			scheme: wizaScheme(WIZA_KEY),
			body: () => json(wizaRevealBody(revealId)),
			waiting: true,
			before: waiting,
			genuine: async () => {
				wiza.releaseCompletions();
				await wiza.settled();
			},
		});
	}

	const fullEnrich = new FakeFullEnrich({ apiKeys: { [FULLENRICH_KEY]: randomUUID() }, autoProcess: false, callbackRetryDelayMs: 300, contactDelayMs: 10 });
	fakes.push(await fullEnrich.start());
	{
		const action = node({
			name: 'FullEnrich',
			type: n8n.nodeType('fullEnrich'),
			credentials: (await credential('enrichmentWebhooksFullEnrichApi', { apiKey: FULLENRICH_KEY, baseUrl: fullEnrich.baseUrl })) as never,
			parameters: {
				resource: 'contact',
				operation: 'enrichAndWait',
				firstName: 'Ada',
				lastName: 'Lovelace',
				companyDomain: 'analytical.example',
				enrichFields: ['contact.work_emails'],
				options: { enrichmentName: 'fuzz' },
				timeLimit: 30,
				timeLimitUnit: 'minutes',
			},
		});
		const { workflowId, waiting } = await waitingExecution('FullEnrich Enrich and Wait', action, {});
		const [post] = fullEnrich.bulkPosts();
		const posted = post.body as { webhook_url: string; data: Array<{ custom: IDataObject }> };
		const enrichmentId = [...fullEnrich.enrichments.keys()][0];
		targets.push({
			name: 'FullEnrich Enrich and Wait (resume URL)',
			url: posted.webhook_url,
			workflowId,
			scheme: fullEnrichScheme(FULLENRICH_KEY),
			body: () => json(fullEnrichResultBody(enrichmentId, posted.data.map((contact) => contact.custom))),
			waiting: true,
			before: waiting,
			genuine: async () => fullEnrich.processAll(),
		});
	}

	const surfe = new FakeSurfe({ apiKey: SURFE_KEY, webhookSecret: SURFE_SECRET, requireHttpsWebhooks: false, completeAfterMs: 20, callbackRetryDelayMs: 300 });
	surfe.holdCompletions = true;
	fakes.push(await surfe.start());
	{
		const action = node({
			name: 'Surfe',
			type: n8n.nodeType('surfe'),
			credentials: (await credential('enrichmentWebhooksSurfeApi', { apiKey: SURFE_KEY, baseUrl: surfe.baseUrl, webhookSecret: SURFE_SECRET })) as never,
			parameters: {
				resource: 'person',
				operation: 'enrichAndWait',
				firstName: 'Ada',
				lastName: 'Lovelace',
				companyDomain: 'engines.com',
				include: ['email'],
				options: { allowPlainHttpWebhookUrl: true },
				timeLimit: 30,
				timeLimitUnit: 'minutes',
			},
		});
		const { workflowId, waiting } = await waitingExecution('Surfe Enrich and Wait', action, {});
		const [post] = surfe.requestsTo('POST', /^\/v2\/people\/enrich$/);
		const posted = post.body as { notificationOptions: { webhookUrl: string }; people: Array<{ externalID: string }> };
		const enrichmentId = [...surfe.jobs.keys()][0];
		targets.push({
			name: 'Surfe Enrich and Wait (resume URL)',
			url: posted.notificationOptions.webhookUrl,
			workflowId,
			scheme: surfeScheme(SURFE_SECRET),
			body: () => json(surfePersonBody(enrichmentId, posted.people[0].externalID)),
			waiting: true,
			before: waiting,
			genuine: async () => surfe.releaseCompletions(),
		});
	}
	note(`set-up: ${targets.length} targets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

afterAll(async () => {
	for (const fake of fakes) await fake.close();
	if (reference) {
		const started = (await n8n.listExecutions(reference.workflowId)).length;
		const line = [...reference.statuses].map(([status, count]) => `${status || 'no answer'}x${count}`).join(' ');
		report.push(`  n8n's own Webhook node, sent the ${reference.cases} requests n8n answers before any node: ${line}; executions ${started}`);
	}
	agent.destroy();
	console.log(
		[`[fuzz] seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${CASES} cases per target (FUZZ_CASES), ${CONCURRENCY} at once (FUZZ_CONCURRENCY)`, ...report].join('\n'),
	);
});

const TARGET_NAMES = [
	'Wiza Trigger',
	'FullEnrich Trigger',
	'Surfe Trigger',
	'IDWise Trigger (basic)',
	'IDWise Trigger (bearer)',
	'IDWise Trigger (headers)',
	'Wiza Reveal and Wait (resume URL)',
	'FullEnrich Enrich and Wait (resume URL)',
	'Surfe Enrich and Wait (resume URL)',
];

describe(`fuzz (seed ${SEED}): forged and malformed requests are refused, start nothing and resume nothing`, () => {
	it.each(TARGET_NAMES)('%s', async (name) => {
		const target = targets.find((candidate) => candidate.name === name)!;
		expect(target).toBeDefined();
		// One random stream per target, derived from the seed: a target can be replayed alone.
		const random = seededRandom((SEED ^ (TARGET_NAMES.indexOf(name) + 1) * 0x9e3779b1) >>> 0);
		const cases = generateCases(target, CASES, random, () => Date.now());
		let sent = 0;
		const failures: Failure[] = [];
		const statuses = new Map<number, number>();
		const families = new Map<string, number>();
		const started = Date.now();
		sent = await pool(cases, CONCURRENCY, async (fuzzCase, index) => {
			const url = fuzzCase.tokenMutation ? fuzzCase.tokenMutation(target.url) : target.url;
			const family = fuzzCase.kind.split(/:| with /)[0];
			families.set(family, (families.get(family) ?? 0) + 1);
			let outcome: Outcome | undefined;
			let referenceOutcome: Outcome | undefined;
			const itself = fuzzCase.refusedBy === 'n8n-itself';
			try {
				outcome = await send(url, fuzzCase, fuzzCase.refusedBy === 'n8n-xml' ? HANG_MS : undefined);
				if (itself) {
					referenceOutcome = await send(reference.url, fuzzCase, HANG_MS);
					reference.cases++;
					reference.statuses.set(referenceOutcome.status, (reference.statuses.get(referenceOutcome.status) ?? 0) + 1);
				}
			} catch (error) {
				failures.push({ target: name, index, problem: `the request failed: ${(error as Error).message}`, fuzzCase, url });
				return;
			}
			statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
			const problem = problemWith(fuzzCase, outcome, target.scheme, referenceOutcome);
			if (problem) failures.push({ target: name, index, problem, fuzzCase, url, outcome });
		});
		const seconds = (Date.now() - started) / 1000;

		// No execution of any status appeared (nor did the waiting one change).
		const executions = await n8n.listExecutions(target.workflowId);
		const expected = target.before.map((execution) => `${execution.id}:waiting`);
		const seen = executions.map((execution) => `${execution.id}:${execution.status}`);

		const statusLine = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status || 'no answer'}x${count}`).join(' ');
		note(
			`  ${name}: ${sent} requests in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s); answers ${statusLine}; executions after the fuzz: ${seen.length - expected.length} new` +
				(target.waiting ? ` (the waiting one: ${seen.join(', ')})` : '') +
				`; failures ${failures.length}`,
		);
		if (failures.length > 0) {
			const shown = failures.slice(0, 10).map(describeRequest).join('\n');
			note(`  ${name}: first failing requests (seed ${SEED}):\n${shown}`);
			throw new Error(`${failures.length} of ${sent} requests to ${name} were not refused as they should be (seed ${SEED}, replay with FUZZ_SEED=${SEED}):\n${shown}`);
		}
		expect(seen).toEqual(expected);

		// The target was live all along: a genuine request starts (or resumes) exactly one execution.
		await target.genuine();
		const after = await n8n.waitForExecutions(target.workflowId, 1, { timeoutMs: 120_000 });
		expect(after.map((execution) => execution.status)).toEqual(['success']);
		expect(await n8n.listExecutions(target.workflowId)).toHaveLength(1);
		note(`  ${name}: families ${[...families].map(([family, count]) => `${family} ${count}`).join(', ')}; then a genuine request -> 1 execution (${after[0].status})`);
	});

	it("n8n's own Webhook node, sent the same requests n8n answers itself, started nothing either", async () => {
		expect(await n8n.listExecutions(reference.workflowId)).toEqual([]);
	});
});
