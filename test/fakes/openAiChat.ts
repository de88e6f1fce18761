// A scripted OpenAI-compatible chat model on loopback, for n8n's OpenAI Chat Model (its Base URL
// option points here). POST /v1/chat/completions: while no tool has answered yet, it asks for the
// tool calls the test chose from the tools n8n offered; once a tool result is in the messages, it
// answers with a final message that quotes the results. Plain JSON or server-sent events, as asked.
import { randomUUID } from 'node:crypto';

import { FakeServer, type FakeResponse, type RecordedRequest } from './fakeServer';

export interface OfferedTool {
	name: string;
	description: string;
	parameters: { properties?: Record<string, unknown>; required?: string[] };
}

export interface PlannedToolCall {
	name: string;
	arguments: Record<string, unknown>;
}

/** Chooses the tool calls of the first turn from what n8n offered (none: answer at once). */
export type ToolPlan = (tools: OfferedTool[]) => PlannedToolCall[];

interface ChatMessage {
	role: string;
	content?: unknown;
	tool_call_id?: string;
}

interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages?: ChatMessage[];
	tools?: Array<{ type: string; function: OfferedTool }>;
}

export const FINAL_ANSWER_PREFIX = 'Final answer from the fake model. Tool results:';

export class FakeOpenAiChat {
	readonly server = new FakeServer();
	plan: ToolPlan = () => [];

	constructor() {
		this.server
			.route('POST', '/v1/chat/completions', (request) => this.complete(request))
			.route('GET', '/v1/models', () => ({ status: 200, body: { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'fake' }] } }));
	}

	/** What n8n's OpenAI Chat Model's Base URL option (and the credential's URL) must be. */
	get baseUrl(): string {
		return `${this.server.baseUrl}/v1`;
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	async close(): Promise<void> {
		await this.server.close();
	}

	chatRequests(): ChatRequest[] {
		return this.server.requestsTo('POST', /^\/v1\/chat\/completions$/).map((request) => request.body as ChatRequest);
	}

	/** The tools n8n offered in its latest chat request. */
	offeredTools(): OfferedTool[] {
		return (this.chatRequests().at(-1)?.tools ?? []).map((tool) => tool.function);
	}

	/** The tool results n8n sent back to the model, by call. */
	toolResults(): string[] {
		return this.chatRequests()
			.flatMap((request) => request.messages ?? [])
			.filter((message) => message.role === 'tool')
			.map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content)));
	}

	private complete(request: RecordedRequest): FakeResponse {
		const body = request.body as ChatRequest;
		const messages = body.messages ?? [];
		const toolMessages = messages.filter((message) => message.role === 'tool');
		const offered = (body.tools ?? []).map((tool) => tool.function);
		const calls = toolMessages.length === 0 ? this.plan(offered) : [];
		const toolCalls = calls.map((call) => ({ id: `call_${randomUUID().slice(0, 8)}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
		const content = `${FINAL_ANSWER_PREFIX} ${toolMessages.map((tool) => String(tool.content).slice(0, 300)).join(' | ')}`;
		const message = toolCalls.length > 0 ? { role: 'assistant', content: null, tool_calls: toolCalls } : { role: 'assistant', content };
		const finishReason = calls.length > 0 ? 'tool_calls' : 'stop';
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		const id = `chatcmpl-${randomUUID()}`;
		const created = Math.floor(Date.now() / 1000);
		const model = body.model ?? 'fake-model';
		if (!body.stream) {
			return { status: 200, body: { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finishReason }], usage } };
		}
		// Server-sent events: the whole message in one delta, then the finish reason, then [DONE].
		const delta = toolCalls.length > 0 ? { role: 'assistant', tool_calls: toolCalls.map((call, index) => ({ index, ...call })) } : { role: 'assistant', content };
		const chunk = (choice: unknown, extra: Record<string, unknown> = {}) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [choice], ...extra })}\n\n`;
		const events = chunk({ index: 0, delta, finish_reason: null }) + chunk({ index: 0, delta: {}, finish_reason: finishReason }, { usage }) + 'data: [DONE]\n\n';
		return { status: 200, body: events, headers: { 'content-type': 'text/event-stream' } };
	}
}
