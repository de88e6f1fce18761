// Wait By: Polling end to end in the real n8n, one workflow per "... and Wait" operation:
// Webhook start -> Split Out -> provider node (Wait By: Polling) -> NoOp, against the fake
// providers with jobs that finish after POLL_JOB_SECONDS (default 4; `POLL_JOB_SECONDS=20` gives
// the figures of docs/benchmarks). No callback URL is sent and nothing calls n8n back: the node asks
// the provider from inside the running execution. Checked: one successful execution, one item per
// input item paired with it and found, our User-Agent on every request. Printed per operation: time
// from the jobs' start to the results, checks (GETs) per job, and 429s the fake answered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FakeFullEnrich, FULLENRICH_TEST_KEY } from '../fakes/fullenrich';
import type { RecordedRequest } from '../fakes/fakeServer';
import { FakeSurfe } from '../fakes/surfe';
import { FakeWiza } from '../fakes/wiza';
import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, node, noOpNode, splitOutNode, webhookStartNode } from './harness/workflows';

const JOB_SECONDS = Number(process.env.POLL_JOB_SECONDS ?? '4');
const JOB_MS = JOB_SECONDS * 1000;
jest.setTimeout(Math.max(300_000, JOB_MS * 20));

const packageJson = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { name: string; version: string };
const USER_AGENT = `${packageJson.name}/${packageJson.version}`;

let n8n: N8nClient;
const closers: Array<() => Promise<void>> = [];
const figures: string[] = [];

beforeAll(async () => {
	n8n = await connectN8n();
});

afterAll(async () => {
	for (const close of closers) await close();
	console.log(
		[`[polling wait e2e] jobs finish after ${JOB_SECONDS} s; time = first job POST -> execution end; target: <= 1.5x job time, <= 5 GETs per job, 0 x 429`, ...figures].join('\n'),
	);
});

interface Fake {
	baseUrl: string;
	requests: RecordedRequest[];
	rateLimited: () => number;
}

interface Scenario {
	label: string;
	nodeName: string;
	credentialType: string;
	credentialData: IDataObject;
	parameters: IDataObject;
	input: IDataObject[];
	fake: Fake;
	/** The POSTs that started jobs, and the job count. */
	jobPosts: RegExp;
	jobs: () => number;
}

async function runScenario(scenario: Scenario) {
	const credential = await n8n.createCredential(scenario.credentialType, scenario.credentialData);
	const start = webhookStartNode({ name: 'Start' });
	const provider = node({
		name: 'Provider',
		type: n8n.nodeType(scenario.nodeName),
		credentials: { [scenario.credentialType]: { id: credential.id, name: credential.name } },
		parameters: { ...scenario.parameters, waitBy: 'polling', maxChecksPerJob: 20, timeLimit: 5, timeLimitUnit: 'minutes' },
	});
	const workflow = await n8n.createWorkflow({
		name: `polling ${scenario.label} ${randomUUID()}`,
		nodes: [start, splitOutNode('Items', 'body'), provider, noOpNode('Next')],
		connections: connect('Start', 'Items', 'Provider', 'Next'),
	});
	await n8n.activateWorkflow(workflow.id);
	const response = await fetch(n8n.productionWebhookUrl(start.webhookId!, 'start'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario.input) });
	expect(response.status).toBe(200);

	const [execution] = await n8n.waitForExecutions(workflow.id, 1, { timeoutMs: JOB_MS * 10 + 120_000 });
	expect(execution.status).toBe('success');
	const executions = await n8n.listExecutions(workflow.id);
	expect(executions.map((entry) => entry.status)).toEqual(['success']);

	const output = await n8n.nodeItems(execution.id, 'Provider');
	const next = await n8n.nodeItems(execution.id, 'Next');
	const paired = scenario.input.map((_item, item) => ({ item }));
	expect(output.map((item) => item.pairedItem)).toEqual(paired);
	expect(next.map((item) => item.pairedItem)).toEqual(paired);

	const { requests } = scenario.fake;
	expect(requests.map((request) => request.headers['user-agent'])).toEqual(requests.map(() => USER_AGENT));
	const posts = requests.filter((request) => request.method === 'POST' && scenario.jobPosts.test(request.path));
	const gets = requests.filter((request) => request.method === 'GET');
	const jobs = scenario.jobs();
	const firstPostAt = Math.min(...posts.map((request) => request.at));
	const tookMs = new Date(execution.stoppedAt!).getTime() - firstPostAt;
	figures.push(
		`  ${scenario.label}: ${scenario.input.length} items, ${jobs} job(s); results after ${(tookMs / 1000).toFixed(1)} s (${(tookMs / JOB_MS).toFixed(2)}x the job time); ` +
			`GETs ${gets.length} (${(gets.length / jobs).toFixed(1)} per job); 429s ${scenario.fake.rateLimited()}; statuses: ${statusCounts(output)}`,
	);
	return { output, gets, jobs, tookMs };
}

const statusCounts = (items: INodeExecutionData[]) =>
	Object.entries(items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [String(item.json.status)]: (counts[String(item.json.status)] ?? 0) + 1 }), {}))
		.map(([status, count]) => `${count} ${status}`)
		.join(', ');

async function wizaFake() {
	const fake = await new FakeWiza({ apiKey: `wiza-poll-${randomUUID()}`, completeAfterMs: JOB_MS }).start();
	// Wiza publishes no rate limit; the fake refuses more than 10 requests a second (our client paces at 5).
	fake.rateLimit = { maxRequests: 10, windowMs: 1000, retryAfterSeconds: 1 };
	closers.push(() => fake.close());
	return fake;
}

const people = (count: number) => Array.from({ length: count }, (_unused, index) => ({ linkedin: `https://www.linkedin.com/in/poll-${index}-${randomUUID().slice(0, 6)}` }));

describe('Wait By: Polling in n8n', () => {
	it('Wiza Individual Reveal: Reveal and Wait, 10 people (Find By: Any Combination)', async () => {
		const fake = await wizaFake();
		const input = people(10).map((person, index) => ({ ...person, name: `Person ${index}` }));
		const { output } = await runScenario({
			label: 'Wiza Reveal and Wait',
			nodeName: 'wiza',
			credentialType: 'enrichmentWebhooksWizaApi',
			credentialData: { apiKey: fake.options.apiKey, baseUrl: fake.baseUrl },
			parameters: {
				resource: 'individualReveal',
				operation: 'revealAndWait',
				inputType: 'combined',
				profileUrl: '={{ $json.linkedin }}',
				email: '',
				fullName: '={{ $json.name }}',
				company: 'Acme',
				domain: '',
				enrichmentLevel: 'partial',
			},
			input,
			fake: { baseUrl: fake.baseUrl, requests: fake.requests, rateLimited: () => fake.rateLimitedCount },
			jobPosts: /^\/api\/individual_reveals$/,
			jobs: () => fake.reveals.size,
		});
		expect(output.map((item) => item.json.status)).toEqual(Array(10).fill('found'));
		expect(fake.deliveries).toEqual([]);
		// Every identifier of the item went into its one reveal.
		const sent = fake.requestsTo('POST', /^\/api\/individual_reveals$/).map((request) => (request.body as IDataObject).individual_reveal);
		expect(sent).toEqual(input.map((person) => ({ profile_url: person.linkedin, full_name: person.name, company: 'Acme' })));
	});

	it('Wiza List: Create and Wait, 10 people', async () => {
		const fake = await wizaFake();
		const { output } = await runScenario({
			label: 'Wiza List: Create and Wait',
			nodeName: 'wiza',
			credentialType: 'enrichmentWebhooksWizaApi',
			credentialData: { apiKey: fake.options.apiKey, baseUrl: fake.baseUrl },
			parameters: { resource: 'list', operation: 'createAndWait', listName: 'polling e2e', inputType: 'linkedinUrl', profileUrl: '={{ $json.linkedin }}', enrichmentLevel: 'partial' },
			input: people(10),
			fake: { baseUrl: fake.baseUrl, requests: fake.requests, rateLimited: () => fake.rateLimitedCount },
			jobPosts: /^\/api\/lists$/,
			jobs: () => fake.lists.size,
		});
		expect(output.map((item) => item.json.status)).toEqual(Array(10).fill('found'));
	});

	it('FullEnrich Contact: Enrich and Wait, 150 contacts (2 batches)', async () => {
		const fake = await new FakeFullEnrich({ jobDurationMs: JOB_MS }).start();
		closers.push(() => fake.close());
		const input = Array.from({ length: 150 }, (_unused, index) => ({ first: `First${index}`, last: `Last${index}`, domain: `company${index % 9}.example` }));
		const { output } = await runScenario({
			label: 'FullEnrich Enrich and Wait',
			nodeName: 'fullEnrich',
			credentialType: 'enrichmentWebhooksFullEnrichApi',
			credentialData: { apiKey: FULLENRICH_TEST_KEY, baseUrl: fake.baseUrl },
			parameters: { resource: 'contact', operation: 'enrichAndWait', firstName: '={{ $json.first }}', lastName: '={{ $json.last }}', companyDomain: '={{ $json.domain }}', enrichFields: ['contact.work_emails'], options: {} },
			input,
			fake: { baseUrl: fake.baseUrl, requests: fake.requests, rateLimited: () => fake.rateLimited.length },
			jobPosts: /\/contact\/enrich\/bulk$/,
			jobs: () => fake.enrichments.size,
		});
		expect(output.map((item) => item.json.status)).toEqual(Array(150).fill('found'));
		expect(output[149].json).toMatchObject({ work_email: 'first149.last149@company5.example' });
		expect(fake.deliveries).toEqual([]);
	});

	it('FullEnrich Reverse Email: Start and Wait, 10 emails', async () => {
		const fake = await new FakeFullEnrich({ jobDurationMs: JOB_MS }).start();
		closers.push(() => fake.close());
		const { output } = await runScenario({
			label: 'FullEnrich Reverse Email: Start and Wait',
			nodeName: 'fullEnrich',
			credentialType: 'enrichmentWebhooksFullEnrichApi',
			credentialData: { apiKey: FULLENRICH_TEST_KEY, baseUrl: fake.baseUrl },
			parameters: { resource: 'reverseEmail', operation: 'startAndWait', email: '={{ $json.email }}', options: {} },
			input: Array.from({ length: 10 }, (_unused, index) => ({ email: `person${index}@acme.example` })),
			fake: { baseUrl: fake.baseUrl, requests: fake.requests, rateLimited: () => fake.rateLimited.length },
			jobPosts: /\/contact\/reverse\/email\/bulk$/,
			jobs: () => fake.enrichments.size,
		});
		expect(output.map((item) => item.json.status)).toEqual(Array(10).fill('found'));
	});

	for (const kind of ['person', 'company'] as const) {
		it(`Surfe ${kind === 'person' ? 'People' : 'Company'}: Enrich and Wait, 10 ${kind === 'person' ? 'people' : 'companies'}`, async () => {
			const apiKey = `surfe-poll-${randomUUID()}`;
			const fake = await new FakeSurfe({ apiKey, webhookSecret: 'whsec_poll', completeAfterMs: JOB_MS }).start();
			closers.push(() => fake.close());
			const input = Array.from({ length: 10 }, (_unused, index) => ({ first: `Ada${index}`, last: `Lovelace${index}`, domain: `engines${index}.com` }));
			const parameters =
				kind === 'person'
					? { resource: 'person', operation: 'enrichAndWait', firstName: '={{ $json.first }}', lastName: '={{ $json.last }}', companyDomain: '={{ $json.domain }}', include: ['email'], options: {} }
					: { resource: 'company', operation: 'enrichAndWait', domain: '={{ $json.domain }}', options: {} };
			const { output } = await runScenario({
				label: `Surfe ${kind === 'person' ? 'People' : 'Company'}: Enrich and Wait`,
				nodeName: 'surfe',
				credentialType: 'enrichmentWebhooksSurfeApi',
				credentialData: { apiKey, baseUrl: fake.baseUrl, webhookSecret: 'whsec_poll' },
				parameters,
				input,
				fake: { baseUrl: fake.baseUrl, requests: fake.requests, rateLimited: () => fake.rateLimitedCount },
				jobPosts: kind === 'person' ? /\/v2\/people\/enrich$/ : /\/v2\/companies\/enrich$/,
				jobs: () => fake.requestsTo('POST', kind === 'person' ? /\/v2\/people\/enrich$/ : /\/v2\/companies\/enrich$/).length,
			});
			expect(output.map((item) => item.json.status)).toEqual(Array(10).fill('found'));
		});
	}
});
