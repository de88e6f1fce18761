// The client end-to-end tests use to drive the real n8n that globalSetup.js started for this jest
// run. It speaks the REST API of n8n's own editor (`/rest/...`, cookie session after
// `POST /rest/login`), read from n8n 2.41.1's controllers:
//   POST /rest/credentials {name, type, data}            credentials.controller.js
//   POST /rest/workflows {name, nodes, connections, settings}
//   POST /rest/workflows/:id/activate {versionId}         activation is queued (publication
//   GET  /rest/workflows/:id/publication-status           outbox): wait for 'published'
//   POST /rest/workflows/:id/deactivate {}
//   GET  /rest/executions?filter={"workflowId"}&limit=&cursor=   all statuses, 'waiting' included
//   GET  /rest/executions/:id                             `data` is a flatted string
//   GET  /types/nodes.json, /types/credentials.json       every loaded type (login required)
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { IConnections, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { parseFlatted } from './flatted';

/** What globalSetup.js writes for the test files (see N8N_E2E_CONNECTION_FILE). */
export interface N8nConnection {
	baseUrl: string;
	pid: number;
	port: number;
	owner: { email: string; password: string };
	packageName: string;
	/** Where `npm install <tarball>` put the package: `<userFolder>/.n8n/nodes/node_modules/<name>`. */
	installedDir: string;
	/** Other packages installed beside ours the same way (test fixtures), in install order. */
	extraPackages: Array<{ name: string; installedDir: string }>;
	/** The real folder behind `<userFolder>/.n8n/nodes` (outside the repository). */
	nodesStore: string;
	userFolder: string;
	runDir: string;
	logFile: string;
	tarball: string;
	runtimeRoot: string;
	/** n8n settings (environment variables) that tell this instance apart from the other (benchmark). */
	settings?: Record<string, string>;
	/** n8n settings the benchmark gave every instance it started (BENCH_N8N_ENV). */
	commonSettings?: Record<string, string>;
}

export type ExecutionStatus = 'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting' | 'unknown';

/** Statuses of executions that have ended (what waitForExecutions counts unless told otherwise). */
export const FINISHED_STATUSES: readonly ExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];

/** One row of n8n's executions list. */
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: ExecutionStatus;
	mode: string;
	createdAt: string;
	startedAt: string | null;
	stoppedAt: string | null;
	waitTill: string | null;
	retryOf: string | null;
	[key: string]: unknown;
}

/** One node run in an execution's runData. */
export interface NodeRun {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	data?: { main?: Array<INodeExecutionData[] | null> };
	error?: IDataObject;
	[key: string]: unknown;
}

/** An execution with its data parsed (the `flatted` string n8n stores). */
export interface ExecutionDetail extends ExecutionSummary {
	finished: boolean;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: IDataObject;
		};
		[key: string]: unknown;
	};
}

/** A node for createWorkflow: id, position, typeVersion and parameters may be left out. */
export type WorkflowNodeInput = Omit<INode, 'id' | 'position' | 'typeVersion' | 'parameters'> &
	Partial<Pick<INode, 'id' | 'position' | 'typeVersion' | 'parameters'>>;

export interface WorkflowInput {
	name: string;
	nodes: WorkflowNodeInput[];
	connections: IConnections;
	/** Merged over `{ executionOrder: 'v1' }`. */
	settings?: IDataObject;
}

export interface WaitOptions {
	timeoutMs?: number;
	/** Which statuses count; default FINISHED_STATUSES (success, error, canceled, crashed). */
	statuses?: readonly ExecutionStatus[];
	intervalMs?: number;
}

export interface N8nClient {
	readonly baseUrl: string;
	readonly connection: N8nConnection;
	/** The type name n8n gives our node `name`: `<package name>.<name>` (community package prefix). */
	nodeType(name: string): string;
	/** The type name n8n gives our credential `name`: unchanged (credentials get no prefix). */
	credentialType(name: string): string;
	createCredential(type: string, data: IDataObject, name?: string): Promise<{ id: string; name: string }>;
	createWorkflow(workflow: WorkflowInput): Promise<{ id: string; versionId: string }>;
	/** The nodes as n8n saved them (with the webhookIds n8n assigned to nodes that had none). */
	workflowNodes(id: string): Promise<INode[]>;
	/** Publishes the workflow's current version and waits until n8n reports its triggers live. */
	activateWorkflow(id: string, options?: { timeoutMs?: number }): Promise<void>;
	/** Unpublishes the workflow and waits until its triggers are gone. */
	deactivateWorkflow(id: string, options?: { timeoutMs?: number }): Promise<void>;
	/** `${baseUrl}/webhook/${webhookId}/${path}`: where n8n serves a webhook node's production URL. */
	productionWebhookUrl(webhookId: string, path?: string): string;
	/** Every execution of the workflow (running and waiting ones included), oldest first. */
	listExecutions(workflowId: string): Promise<ExecutionSummary[]>;
	/** Polls until at least `count` executions have one of `statuses`; returns those, oldest first. */
	waitForExecutions(workflowId: string, count: number, options?: WaitOptions): Promise<ExecutionSummary[]>;
	/** One execution with its data parsed. */
	getExecution(executionId: string): Promise<ExecutionDetail>;
	/** The json of the items of that node's main output 0 (all its runs, in order; usually one). */
	nodeOutput(executionId: string, nodeName: string): Promise<IDataObject[]>;
	/** Like nodeOutput but whole items (json, binary, pairedItem, error). */
	nodeItems(executionId: string, nodeName: string): Promise<INodeExecutionData[]>;
	/** Names of every node type / credential type n8n has loaded. */
	nodeTypeNames(): Promise<string[]>;
	credentialTypeNames(): Promise<string[]>;
	/** Any editor REST call: `request('GET', '/rest/...')`; returns the body's `data` when present. */
	request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** The last lines of this run's n8n log (for failure messages). */
	logTail(lines?: number): string;
}

const CONNECTION_ENV = 'N8N_E2E_CONNECTION_FILE';

/** The connection info of this jest run's n8n (written by globalSetup.js). */
export function readConnection(): N8nConnection {
	const file = process.env[CONNECTION_ENV];
	if (!file) {
		throw new Error(
			`${CONNECTION_ENV} is not set: run e2e tests through jest's e2e project ` +
				'(`npx jest --selectProjects e2e test/e2e/<file>.test.ts`), whose globalSetup starts n8n',
		);
	}
	return JSON.parse(readFileSync(file, 'utf8')) as N8nConnection;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class RestError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: unknown,
	) {
		super(message);
	}
}

class Client implements N8nClient {
	readonly baseUrl: string;
	private cookie = '';
	private credentialCount = 0;

	constructor(readonly connection: N8nConnection) {
		this.baseUrl = connection.baseUrl;
	}

	async login(): Promise<void> {
		const response = await this.postLogin();
		const text = await response.text();
		if (response.status !== 200) throw new Error(`POST /rest/login answered ${response.status}: ${text.slice(0, 500)}`);
		const cookie = response.headers
			.getSetCookie()
			.map((line) => line.split(';')[0])
			.find((pair) => pair.startsWith('n8n-auth='));
		if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
		this.cookie = cookie;
	}

	/**
	 * fetch, once more after a network error when the call reads only (GET): under heavy load a
	 * kept-alive socket that n8n has just closed is sometimes reused (ECONNRESET).
	 */
	private async fetchOnce(method: string, path: string, body: unknown, mayRetry = method === 'GET'): Promise<Response> {
		try {
			return await fetch(`${this.baseUrl}${path}`, {
				method,
				headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(120_000),
			});
		} catch (error) {
			if (!mayRetry || (error as Error).name === 'TimeoutError') throw error;
			await sleep(500);
			return await this.fetchOnce(method, path, body, false);
		}
	}

	/**
	 * POST /rest/login, tried again on a closed connection: a just-started n8n on a loaded machine
	 * was seen to drop the first connection of a test file ("other side closed").
	 */
	private async postLogin(attempt = 1): Promise<Response> {
		try {
			return await fetch(`${this.baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: this.connection.owner.email, password: this.connection.owner.password }),
				signal: AbortSignal.timeout(60_000),
			});
		} catch (error) {
			if (attempt >= 3) throw error;
			await sleep(2000);
			return this.postLogin(attempt + 1);
		}
	}

	private async send(method: string, path: string, body: unknown, retryLogin = true): Promise<unknown> {
		const response = await this.fetchOnce(method, path, body);
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON: keep the text
		}
		if (response.status === 401 && retryLogin) {
			await this.login();
			return this.send(method, path, body, false);
		}
		if (!response.ok) {
			const message = (parsed as { message?: string } | undefined)?.message ?? text.slice(0, 1000);
			throw new RestError(`n8n: ${method} ${path} answered ${response.status}: ${message}`, response.status, parsed);
		}
		return parsed;
	}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const parsed = await this.send(method, path, body);
		if (parsed !== null && typeof parsed === 'object' && 'data' in parsed) return (parsed as { data: T }).data;
		return parsed as T;
	}

	nodeType(name: string): string {
		return `${this.connection.packageName}.${name}`;
	}

	credentialType(name: string): string {
		return name;
	}

	async createCredential(type: string, data: IDataObject, name?: string): Promise<{ id: string; name: string }> {
		this.credentialCount += 1;
		const credentialName = name ?? `${type} ${this.credentialCount} ${randomUUID().slice(0, 8)}`;
		const created = await this.request<{ id: string; name: string }>('POST', '/rest/credentials', {
			name: credentialName,
			type,
			data,
		});
		return { id: created.id, name: created.name };
	}

	async createWorkflow(workflow: WorkflowInput): Promise<{ id: string; versionId: string }> {
		const nodes: INode[] = workflow.nodes.map((node, index) => ({
			...node,
			id: node.id ?? randomUUID(),
			position: node.position ?? [index * 240, 0],
			typeVersion: node.typeVersion ?? 1,
			parameters: node.parameters ?? {},
		}));
		const created = await this.request<{ id: string; versionId: string }>('POST', '/rest/workflows', {
			name: workflow.name,
			nodes,
			connections: workflow.connections,
			settings: { executionOrder: 'v1', ...workflow.settings },
		});
		return { id: created.id, versionId: created.versionId };
	}

	async workflowNodes(id: string): Promise<INode[]> {
		return (await this.request<{ nodes: INode[] }>('GET', `/rest/workflows/${id}`)).nodes;
	}

	async activateWorkflow(id: string, { timeoutMs = 120_000 } = {}): Promise<void> {
		const { versionId } = await this.request<{ versionId: string }>('GET', `/rest/workflows/${id}`);
		await this.request('POST', `/rest/workflows/${id}/activate`, { versionId });
		// n8n 2.x registers webhooks asynchronously (publication outbox): wait until it is live.
		await this.waitForPublication(id, timeoutMs, (status) => {
			const failed = status.triggers.filter((trigger) => trigger.status === 'failed');
			if (status.status !== 'in_progress' && failed.length > 0) {
				throw new Error(
					`n8n could not activate workflow ${id}: ${failed.map((trigger) => trigger.errorMessage).join('; ')}`,
				);
			}
			return (
				status.status !== 'in_progress' &&
				status.liveVersionId === versionId &&
				status.triggers.length > 0 &&
				status.triggers.every((trigger) => trigger.status === 'activated')
			);
		});
	}

	async deactivateWorkflow(id: string, { timeoutMs = 120_000 } = {}): Promise<void> {
		await this.request('POST', `/rest/workflows/${id}/deactivate`, {});
		await this.waitForPublication(
			id,
			timeoutMs,
			(status) => status.status !== 'in_progress' && !status.triggers.some((trigger) => trigger.status === 'activated'),
		);
	}

	private async waitForPublication(
		id: string,
		timeoutMs: number,
		done: (status: PublicationStatus) => boolean,
	): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let last: PublicationStatus | undefined;
		for (;;) {
			last = await this.request<PublicationStatus>('GET', `/rest/workflows/${id}/publication-status`);
			if (done(last)) return;
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${id}: publication not settled within ${timeoutMs} ms (last status ${JSON.stringify(last)})\n` +
						`n8n log (${this.connection.logFile}):\n${this.logTail(40)}`,
				);
			}
			await sleep(250);
		}
	}

	productionWebhookUrl(webhookId: string, path = 'webhook'): string {
		return `${this.baseUrl}/webhook/${webhookId}/${path}`;
	}

	async listExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const byId = new Map<string, ExecutionSummary>();
		let cursor: string | null = null;
		do {
			const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: '100' });
			if (cursor) query.set('cursor', cursor);
			const page: { results: ExecutionSummary[]; nextCursor: string | null } = await this.request(
				'GET',
				`/rest/executions?${query.toString()}`,
			);
			for (const execution of page.results) byId.set(String(execution.id), execution);
			cursor = page.nextCursor;
		} while (cursor);
		return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
	}

	async waitForExecutions(
		workflowId: string,
		count: number,
		{ timeoutMs = 120_000, statuses = FINISHED_STATUSES, intervalMs = 500 }: WaitOptions = {},
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const all = await this.listExecutions(workflowId);
			const matching = all.filter((execution) => statuses.includes(execution.status));
			if (matching.length >= count) return matching;
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${workflowId}: expected at least ${count} execution(s) with status ${statuses.join('|')} ` +
						`within ${timeoutMs} ms; saw ${all.length}: ${JSON.stringify(all.map((e) => `${e.id}:${e.status}`))}\n` +
						`n8n log (${this.connection.logFile}):\n${this.logTail(40)}`,
				);
			}
			await sleep(intervalMs);
		}
	}

	async getExecution(executionId: string): Promise<ExecutionDetail> {
		const execution = await this.request<Omit<ExecutionDetail, 'data'> & { data: unknown }>(
			'GET',
			`/rest/executions/${executionId}`,
		);
		const data = typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data;
		return { ...execution, data } as ExecutionDetail;
	}

	async nodeItems(executionId: string, nodeName: string): Promise<INodeExecutionData[]> {
		const execution = await this.getExecution(executionId);
		const runData = execution.data.resultData.runData;
		const runs = runData[nodeName];
		if (!runs) {
			const error = execution.data.resultData.error;
			throw new Error(
				`node "${nodeName}" did not run in execution ${executionId} (status ${execution.status}); ` +
					`nodes that ran: ${Object.keys(runData).join(', ') || 'none'}` +
					(error ? `; execution error: ${String(error.message)}` : ''),
			);
		}
		return runs.flatMap((run) => run.data?.main?.[0] ?? []);
	}

	async nodeOutput(executionId: string, nodeName: string): Promise<IDataObject[]> {
		return (await this.nodeItems(executionId, nodeName)).map((item) => item.json);
	}

	async nodeTypeNames(): Promise<string[]> {
		const types = await this.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		return [...new Set(types.map((type) => type.name))];
	}

	async credentialTypeNames(): Promise<string[]> {
		const types = await this.request<Array<{ name: string }>>('GET', '/types/credentials.json');
		return types.map((type) => type.name);
	}

	logTail(lines = 60): string {
		try {
			return readFileSync(this.connection.logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '(no log)';
		}
	}
}

interface PublicationStatus {
	status: string;
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

let shared: Promise<N8nClient> | undefined;

const VARIANT_CONNECTION_ENV = 'N8N_E2E_VARIANT_CONNECTION_FILE';

/**
 * A logged-in client for the second n8n the benchmark may ask globalSetup.js for (same package,
 * some n8n settings changed: BENCH_N8N_VARIANT_ENV); undefined when there is none.
 */
export async function connectVariantN8n(): Promise<N8nClient | undefined> {
	const file = process.env[VARIANT_CONNECTION_ENV];
	if (!file) return undefined;
	const client = new Client(JSON.parse(readFileSync(file, 'utf8')) as N8nConnection);
	await client.login();
	return client;
}

/** A logged-in client for this jest run's n8n (one per test file; repeated calls share it). */
export function connectN8n(): Promise<N8nClient> {
	shared ??= (async () => {
		const client = new Client(readConnection());
		await client.login();
		return client;
	})().catch((error: unknown) => {
		shared = undefined;
		throw error;
	});
	return shared;
}

/** A logged-in client for another n8n (the queue-mode stack's main process, test/queue/). */
export async function connectTo(connection: N8nConnection): Promise<N8nClient> {
	const client = new Client(connection);
	await client.login();
	return client;
}
