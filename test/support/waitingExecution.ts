// One execution of a "start and wait" node, driven the way n8n 2.41 drives it (see
// nodes/shared/resumeWebhook.ts), for unit tests against the fake providers:
// - `execute()` runs with a real input array; what it leaves in that array is what the waiting
//   execution stores, and `{{ $input.all() }}` gives it back to every later `webhook()` call;
// - a loopback "n8n" serves the execution's resume URL: a wrong `signature` gets 401
//   `{"error":"Invalid token"}`, a call while `execute()` still runs or after the resume gets 409
//   (so providers' retries matter, as in n8n), anything else goes to the node's `webhook()`;
// - the first `webhook()` that returns items resumes the execution; they are kept in `resumedWith`.
import { randomBytes } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { EARLY_CHECK_HEADER } from '../../nodes/shared/earlyCheck';
import { TIME_LIMIT_CALL_HEADER } from '../../nodes/shared/resumeWebhook';
import { FakeServer } from '../fakes/fakeServer';
import { createExecuteContext, createWebhookContext, type Credentials, type CredentialTypes } from './nodeContext';

interface WaitingNode {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
	webhook?(this: IWebhookFunctions): Promise<IWebhookResponseData>;
}

export interface ResumeCall {
	status: number;
	body: unknown;
	resumed: boolean;
	/** Our own time-limit call (nodes/shared/timeLimit.ts). */
	timeLimitCall: boolean;
	/** Our own early check after the wait was saved (nodes/shared/earlyCheck.ts). */
	earlyCheck: boolean;
}

export interface WaitingExecutionOptions {
	node: WaitingNode;
	executionId: string;
	/** The node's parameters (the same for every item unless a function). */
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	credentials: Credentials;
	credentialTypes: CredentialTypes;
}

export class WaitingExecution {
	readonly server = new FakeServer();
	/** Every call that reached the node's webhook(), in order. */
	readonly calls: ResumeCall[] = [];
	/** Calls n8n itself answered without the node: 401 (token) and 409 (running or finished). */
	readonly refused: Array<{ status: number; reason: string }> = [];
	state: 'new' | 'running' | 'waiting' | 'resumed' = 'new';
	/** The input array as the waiting execution stores it (filled by execute()). */
	stored: INodeExecutionData[] = [];
	resumedWith?: INodeExecutionData[];
	waits: Date[] = [];
	private readonly token = randomBytes(32).toString('hex');

	constructor(private readonly options: WaitingExecutionOptions) {
		this.server.route('POST', '/webhook-waiting/:executionId', async (request, params) => {
			if (params.executionId !== options.executionId || request.query.get('signature') !== this.token) {
				this.refused.push({ status: 401, reason: 'Invalid token' });
				return { status: 401, body: { error: 'Invalid token' } };
			}
			if (this.state !== 'waiting') {
				this.refused.push({ status: 409, reason: this.state });
				return { status: 409, body: { message: `The execution "${options.executionId}" is ${this.state === 'resumed' ? 'finished' : 'running already'}.` } };
			}
			const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
			const call = await this.call(request.rawBody, headers, Object.fromEntries(request.query.entries()));
			return { status: call.status, body: call.body ?? { message: 'Workflow was started' } };
		});
	}

	get resumeUrl(): string {
		return `${this.server.baseUrl}/webhook-waiting/${this.options.executionId}?signature=${this.token}`;
	}

	private parametersFor(itemIndex: number): IDataObject {
		const { parameters } = this.options;
		return typeof parameters === 'function' ? parameters(itemIndex) : parameters;
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	async close(): Promise<void> {
		await this.server.close();
	}

	/** Runs the node's execute() once, like n8n starting the execution. */
	async execute(items: IDataObject[], continueOnFail = false): Promise<INodeExecutionData[]> {
		const { context, waits } = createExecuteContext({
			items,
			parameters: this.options.parameters,
			credentials: this.options.credentials,
			credentialTypes: this.options.credentialTypes,
			continueOnFail,
			executionId: this.options.executionId,
			resumeUrl: this.resumeUrl,
		});
		this.state = 'running';
		try {
			const [output] = await this.options.node.execute.call(context);
			this.waits = waits;
			this.stored = context.getInputData();
			this.state = waits.length > 0 ? 'waiting' : 'resumed';
			return output;
		} catch (error) {
			this.state = 'new';
			throw error;
		}
	}

	/** Calls the node's webhook() directly, as n8n does for a waiting execution. */
	async call(rawBody: string | Buffer, headers: Record<string, string> = {}, query: IDataObject = {}): Promise<ResumeCall> {
		const hook = createWebhookContext({
			rawBody,
			headers,
			query,
			parameters: this.parametersFor(0),
			credentials: this.options.credentials,
			credentialTypes: this.options.credentialTypes,
			executionId: this.options.executionId,
			resumeUrl: this.resumeUrl,
			inputItems: this.stored,
		});
		const answer = await this.options.node.webhook!.call(hook.context);
		const items = answer.workflowData?.[0];
		const resumed = items !== undefined && this.state === 'waiting';
		if (resumed) {
			this.resumedWith = items;
			this.state = 'resumed';
		}
		const call: ResumeCall = {
			status: hook.response.statusCode ?? 200,
			body: hook.response.body,
			resumed,
			timeLimitCall: TIME_LIMIT_CALL_HEADER in hook.request.headers && !(EARLY_CHECK_HEADER in hook.request.headers),
			earlyCheck: EARLY_CHECK_HEADER in hook.request.headers,
		};
		this.calls.push(call);
		return call;
	}

	/** Polls until the execution resumed (or `timeoutMs` passed). */
	async resumed(timeoutMs = 15_000): Promise<INodeExecutionData[]> {
		const deadline = Date.now() + timeoutMs;
		while (!this.resumedWith) {
			if (Date.now() > deadline) throw new Error(`execution ${this.options.executionId} did not resume within ${timeoutMs} ms (state ${this.state})`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		return this.resumedWith;
	}
}
