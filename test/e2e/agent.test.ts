// What an AI agent can use of the package, proved in the real n8n: n8n's AI Agent node with n8n's
// OpenAI Chat Model pointed (Base URL option) at a scripted OpenAI-compatible fake on loopback,
// and our action nodes connected as tools. The fake model calls a tool; the test checks that the
// fake provider saw the request the tool made and that the tool's result went back to the model.
import { randomUUID } from 'node:crypto';

import type { IConnections, INode, INodeParameters } from 'n8n-workflow';

import { FakeOpenAiChat, FINAL_ANSWER_PREFIX, type OfferedTool } from '../fakes/openAiChat';
import { FakeWiza } from '../fakes/wiza';
import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, node, webhookStartNode } from './harness/workflows';

const WIZA_KEY = 'wiza-agent-key';
const AGENT = '@n8n/n8n-nodes-langchain.agent';
const CHAT_MODEL = '@n8n/n8n-nodes-langchain.lmChatOpenAi';

let n8n: N8nClient;
let wiza: FakeWiza;
let model: FakeOpenAiChat;
let wizaCredential: { id: string; name: string };
let openAiCredential: { id: string; name: string };
const saw = (line: string) => process.stdout.write(`[agent e2e] ${line}\n`);

beforeAll(async () => {
	n8n = await connectN8n();
	wiza = new FakeWiza({ apiKey: WIZA_KEY, completeAfterMs: 200 });
	await wiza.start();
	model = await new FakeOpenAiChat().start();
	wizaCredential = await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: WIZA_KEY, baseUrl: wiza.baseUrl });
	// The credential's URL pins where n8n lets the Base URL option point (n8n checks it).
	openAiCredential = await n8n.createCredential('openAiApi', { apiKey: 'sk-fake-key', url: model.baseUrl });
});

afterAll(async () => {
	await Promise.all([wiza?.close(), model?.close()]);
});

/** Webhook -> AI Agent, with n8n's OpenAI Chat Model on the fake and the given tool nodes. */
async function agentWorkflow(tools: INode[]): Promise<{ workflowId: string; startUrl: string }> {
	const start = webhookStartNode({ name: 'Start' });
	const agent = node({ name: 'AI Agent', type: AGENT, typeVersion: 3, parameters: { promptType: 'define', text: '={{ $json.body.prompt }}', options: {} } });
	const chatModel = node({
		name: 'OpenAI Chat Model',
		type: CHAT_MODEL,
		typeVersion: 1.2,
		credentials: { openAiApi: openAiCredential },
		parameters: { model: { __rl: true, mode: 'id', value: 'fake-model' }, options: { baseURL: model.baseUrl } },
	});
	const aiConnections: IConnections = {
		[chatModel.name]: { ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]] },
		...Object.fromEntries(tools.map((tool) => [tool.name, { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] }])),
	};
	const workflow = await n8n.createWorkflow({
		name: `agent ${randomUUID()}`,
		nodes: [start, agent, chatModel, ...tools],
		connections: { ...connect('Start', 'AI Agent'), ...aiConnections },
	});
	await n8n.activateWorkflow(workflow.id);
	return { workflowId: workflow.id, startUrl: n8n.productionWebhookUrl(start.webhookId!, 'start') };
}

function wizaTool(name: string, parameters: INodeParameters): INode {
	return node({ name, type: n8n.nodeType('wizaTool'), credentials: { enrichmentWebhooksWizaApi: wizaCredential }, parameters });
}

const toolNamed = (tools: OfferedTool[], nodeName: string) => tools.find((tool) => tool.name === nodeName.replace(/\s+/g, '_'));

async function runAgent(startUrl: string, workflowId: string, prompt: string) {
	const before = (await n8n.listExecutions(workflowId)).length;
	const response = await fetch(startUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt }) });
	expect(response.status).toBe(200);
	const [run] = (await n8n.waitForExecutions(workflowId, before + 1, { timeoutMs: 180_000, statuses: ['success', 'error', 'canceled', 'crashed', 'waiting'] })).slice(before);
	const execution = await n8n.getExecution(run.id);
	const nodeErrors = Object.entries(execution.data.resultData.runData)
		.flatMap(([name, runs]) => runs.filter((nodeRun) => nodeRun.error).map((nodeRun) => `${name}: ${String(nodeRun.error!.message)} ${String(nodeRun.error!.description ?? '')}`.slice(0, 400)));
	saw(`execution ${execution.id}: ${execution.status}; nodes run: ${Object.keys(execution.data.resultData.runData).join(', ')}; model requests so far: ${model.chatRequests().length}${nodeErrors.length ? `; errors: ${nodeErrors.join(' | ')}` : ''}`);
	return execution;
}

describe('our action nodes as tools of n8n\'s AI Agent', () => {
	it('Wiza Account: Get Credits: the agent calls it, Wiza (fake) sees the request, the model gets the balance', async () => {
		model.plan = (tools) => {
			const tool = toolNamed(tools, 'Wiza Credits');
			return tool ? [{ name: tool.name, arguments: {} }] : [];
		};
		const { workflowId, startUrl } = await agentWorkflow([wizaTool('Wiza Credits', { resource: 'account', operation: 'getCredits' })]);
		const creditsBefore = wiza.server.requestsTo('GET', /^\/api\/meta\/credits$/).length;
		const chatBefore = model.chatRequests().length;
		const execution = await runAgent(startUrl, workflowId, 'How many Wiza credits are left?');

		const offered = model.offeredTools();
		saw(`tools offered to the model: ${offered.map((tool) => `${tool.name} (${tool.description.slice(0, 80)})`).join('; ')}`);
		expect(toolNamed(offered, 'Wiza Credits')).toBeDefined();
		const creditCalls = wiza.server.requestsTo('GET', /^\/api\/meta\/credits$/).slice(creditsBefore);
		expect(creditCalls).toHaveLength(1);
		expect(creditCalls[0].headers.authorization).toBe(`Bearer ${WIZA_KEY}`);
		expect(model.chatRequests().length - chatBefore).toBe(2);
		expect(execution.status).toBe('success');
		const answer = execution.data.resultData.runData['AI Agent'][0].data!.main![0]![0].json.output as string;
		expect(answer.startsWith(FINAL_ANSWER_PREFIX)).toBe(true);
		expect(answer).toContain('api_credits');
		saw(`Get Credits as a tool: Wiza saw ${creditCalls.length} GET /api/meta/credits; the agent answered: ${answer.slice(0, 200)}`);
	});

	it('Wiza Individual Reveal: Start with $fromAI: the model fills in the LinkedIn URL, Wiza (fake) gets it', async () => {
		const profile = `https://www.linkedin.com/in/agent-${randomUUID().slice(0, 8)}`;
		model.plan = (tools) => {
			const tool = toolNamed(tools, 'Wiza Reveal');
			return tool ? [{ name: tool.name, arguments: { linkedin_url: profile } }] : [];
		};
		const { workflowId, startUrl } = await agentWorkflow([
			wizaTool('Wiza Reveal', {
				resource: 'individualReveal',
				operation: 'start',
				inputType: 'linkedinUrl',
				profileUrl: "={{ $fromAI('linkedin_url', 'LinkedIn profile URL of the person', 'string') }}",
				enrichmentLevel: 'partial',
			}),
		]);
		const revealsBefore = wiza.server.requestsTo('POST', /^\/api\/individual_reveals$/).length;
		const execution = await runAgent(startUrl, workflowId, `Find the email of ${profile}`);

		const tool = toolNamed(model.offeredTools(), 'Wiza Reveal');
		expect(tool?.parameters.properties).toHaveProperty('linkedin_url');
		const reveals = wiza.server.requestsTo('POST', /^\/api\/individual_reveals$/).slice(revealsBefore);
		expect(reveals).toHaveLength(1);
		expect((reveals[0].body as { individual_reveal: { profile_url: string } }).individual_reveal.profile_url).toBe(profile);
		expect(execution.status).toBe('success');
		saw(`Reveal: Start as a tool: Wiza saw POST /api/individual_reveals for ${profile}; tool result to the model: ${model.toolResults().at(-1)?.slice(0, 160)}`);
	});
});

describe('a "... and Wait" operation as a tool', () => {
	it('Wiza Reveal and Wait: the whole execution (agent included) waits; Wiza\'s callback resumes it and the model gets the contact', async () => {
		const profile = `https://www.linkedin.com/in/wait-${randomUUID().slice(0, 8)}`;
		model.plan = (tools) => {
			const tool = toolNamed(tools, 'Wiza Reveal And Wait');
			return tool ? [{ name: tool.name, arguments: { linkedin_url: profile } }] : [];
		};
		const { workflowId, startUrl } = await agentWorkflow([
			{
				...wizaTool('Wiza Reveal And Wait', {
					resource: 'individualReveal',
					operation: 'revealAndWait',
					inputType: 'linkedinUrl',
					profileUrl: "={{ $fromAI('linkedin_url', 'LinkedIn profile URL of the person', 'string') }}",
					enrichmentLevel: 'partial',
				}),
				webhookId: randomUUID(),
			},
		]);
		const chatBefore = model.chatRequests().length;
		const before = (await n8n.listExecutions(workflowId)).length;
		const response = await fetch(startUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: `Find the email of ${profile}` }) });
		expect(response.status).toBe(200);
		// Wiza (fake) calls back ~200 ms after the reveal starts, with retries if the wait is not saved yet.
		const [run] = (await n8n.waitForExecutions(workflowId, before + 1, { timeoutMs: 180_000 })).slice(before);
		const execution = await n8n.getExecution(run.id);
		const reveal = wiza.server.requestsTo('POST', /^\/api\/individual_reveals$/).at(-1)!;
		const callbackUrl = (reveal.body as { callback_url: string }).callback_url;
		const toolResult = model.toolResults().at(-1) ?? '';
		saw(
			`Reveal and Wait as a tool: Wiza got callback_url ${callbackUrl.replace(/signature=\w+/, 'signature=…')}; execution ${execution.id} ended ${execution.status}; ` +
				`model requests ${model.chatRequests().length - chatBefore}; tool result to the model: ${toolResult.slice(0, 200)}`,
		);
		// The tool says what it does to the run: n8n builds its description from the operation's action.
		expect(toolNamed(model.offeredTools(), 'Wiza Reveal And Wait')?.description).toBe('Reveal people and pause the workflow until the results arrive in Wiza');
		expect(callbackUrl).toContain(`/webhook-waiting/${execution.id}`);
		expect(execution.status).toBe('success');
		expect(toolResult).toContain(profile.split('/in/')[1]);
		const answer = execution.data.resultData.runData['AI Agent'].at(-1)!.data!.main![0]![0].json.output as string;
		expect(answer.startsWith(FINAL_ANSWER_PREFIX)).toBe(true);
	});
});
