// Minimal stand-ins for n8n's execution and webhook contexts, for unit tests. Requests are real
// HTTP (fetch) to the fake providers on loopback; credentials are applied the way the credential
// type's own `authenticate` block says, so the credential definitions are exercised too.
import { createHmac, randomUUID } from 'crypto';
import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';

export type Credentials = Record<string, IDataObject>;
export type CredentialTypes = Record<string, ICredentialType>;

const TEST_NODE: INode = {
	id: 'node-under-test',
	name: 'Node Under Test',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Stands in for the instance's `hmacSignatureSecret` that n8n signs resume URLs with. */
const TEST_RESUME_SIGNING_SECRET = 'test-instance-hmac-secret';

/** Like n8n-core's `getSignedResumeUrl`: `<base>/<executionId>/<nodeId>?<params>&signature=<HMAC of path+query>`. */
export function signedResumeUrl(resumeUrl: string | undefined, executionId: string, nodeId: string, params: Record<string, string> = {}): string {
	const base = new URL(resumeUrl ?? 'http://127.0.0.1:5678/webhook-waiting/x');
	const url = new URL(`${base.origin}${base.pathname.replace(/\/[^/]*$/, '')}/${executionId}/${encodeURIComponent(nodeId)}`);
	for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
	const signature = createHmac('sha256', TEST_RESUME_SIGNING_SECRET).update(`${url.pathname}${url.search}`).digest('hex');
	url.searchParams.set('signature', signature);
	return url.toString();
}

function readPath(source: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined), source);
}

function resolveTemplate(template: unknown, credentials: IDataObject): unknown {
	if (typeof template !== 'string' || !template.startsWith('=')) return template;
	return template.slice(1).replace(/\{\{\s*\$credentials\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, key: string) => String(credentials[key] ?? ''));
}

/** Applies a credential type's `authenticate` (generic headers/qs/auth) to a request. */
export function authenticate(type: ICredentialType | undefined, credentials: IDataObject, options: IHttpRequestOptions): IHttpRequestOptions {
	const auth = type?.authenticate;
	if (!auth || typeof auth === 'function') return options;
	const properties = auth.properties;
	const headers: IDataObject = { ...(options.headers as IDataObject) };
	for (const [name, value] of Object.entries(properties.headers ?? {})) headers[name] = resolveTemplate(value, credentials) as IDataObject[string];
	const qs: IDataObject = { ...(options.qs ?? {}) };
	for (const [name, value] of Object.entries(properties.qs ?? {})) qs[name] = resolveTemplate(value, credentials) as IDataObject[string];
	let basic: IHttpRequestOptions['auth'];
	if (properties.auth) {
		basic = {
			username: String(resolveTemplate(properties.auth.username, credentials) ?? ''),
			password: String(resolveTemplate(properties.auth.password, credentials) ?? ''),
		};
	}
	return { ...options, headers, qs, auth: basic ?? options.auth };
}

export interface HttpCall {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: unknown;
}

/** Performs an n8n-style request with fetch; mirrors `returnFullResponse` / `ignoreHttpStatusErrors`. */
export async function performRequest(options: IHttpRequestOptions, calls: HttpCall[]): Promise<unknown> {
	const url = new URL(options.url, options.baseURL);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
	}
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries((options.headers as IDataObject) ?? {})) headers[key] = String(value);
	if (options.auth) headers.authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
	let body: string | undefined;
	if (options.body !== undefined) {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['content-type'] ??= 'application/json';
	}
	const method = options.method ?? 'GET';
	calls.push({ method, url: url.toString(), headers, body: options.body });
	const response = await fetch(url, { method, headers, body });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text === '' ? undefined : JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	if (!options.ignoreHttpStatusErrors && response.status >= 400) {
		throw Object.assign(new Error(`Request failed with status code ${response.status}`), { httpCode: String(response.status), response: { status: response.status, data: parsed } });
	}
	if (options.returnFullResponse) {
		return { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: parsed };
	}
	return parsed;
}

export interface ExecuteContextOptions {
	items: IDataObject[];
	/** Node parameters for an item; a plain object is used for every item. */
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	credentials?: Credentials;
	credentialTypes?: CredentialTypes;
	continueOnFail?: boolean;
	executionId?: string;
	/** What `{{ $execution.resumeUrl }}` evaluates to. */
	resumeUrl?: string;
	staticData?: IDataObject;
}

export interface ExecuteContext {
	context: IExecuteFunctions;
	calls: HttpCall[];
	waits: Date[];
}

export function createExecuteContext(options: ExecuteContextOptions): ExecuteContext {
	const calls: HttpCall[] = [];
	const waits: Date[] = [];
	const inputData: INodeExecutionData[] = options.items.map((json) => ({ json }));
	const parametersFor = (itemIndex: number) => (typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters);
	const staticData = options.staticData ?? {};
	const context = {
		getNode: () => TEST_NODE,
		getInputData: () => inputData,
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionId: () => options.executionId ?? 'test-execution',
		getWorkflow: () => ({ id: 'test-workflow', name: 'Test', active: true }),
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (...args: [name: string, itemIndex?: number, fallback?: unknown]) => {
			const [name, itemIndex = 0, fallback] = args;
			const value = readPath(parametersFor(itemIndex), name);
			if (value === undefined) {
				if (args.length >= 3) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			return value;
		},
		getCredentials: async (type: string) => {
			const credentials = options.credentials?.[type];
			if (!credentials) throw new Error(`Node does not have credentials of type "${type}"`);
			return credentials;
		},
		evaluateExpression: (expression: string) => {
			if (/\$execution\.resumeUrl/.test(expression)) return options.resumeUrl;
			if (/\$execution\.id/.test(expression)) return options.executionId ?? 'test-execution';
			throw new Error(`test context cannot evaluate ${expression}`);
		},
		putExecutionToWait: async (date: Date) => {
			waits.push(date);
		},
		getSignedResumeUrl: (params?: Record<string, string>) => signedResumeUrl(options.resumeUrl, options.executionId ?? 'test-execution', TEST_NODE.id, params),
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (data: INodeExecutionData[], meta: { itemData: { item: number } }) => data.map((item) => ({ ...item, pairedItem: meta.itemData })),
			httpRequest: (request: IHttpRequestOptions) => performRequest(request, calls),
			httpRequestWithAuthentication: async (type: string, request: IHttpRequestOptions) => {
				const credentials = options.credentials?.[type];
				if (!credentials) throw new Error(`no test credentials of type ${type}`);
				return performRequest(authenticate(options.credentialTypes?.[type], credentials, request), calls);
			},
		},
	};
	return { context: context as unknown as IExecuteFunctions, calls, waits };
}

export interface WebhookRequestOptions {
	/** Exact bytes as sent; `body` is parsed from it unless given. */
	rawBody: string | Buffer;
	headers?: Record<string, string>;
	query?: IDataObject;
	parameters?: IDataObject;
	credentials?: Credentials;
	credentialTypes?: CredentialTypes;
	staticData?: IDataObject;
	/** The workflow's id (what de-duplication is scoped to); a new one per context by default. */
	workflowId?: string;
	/** Node-level parameters read with getNodeParameter. */
	node?: Partial<INode>;
	executionId?: string;
	/** What `{{ $execution.resumeUrl }}` evaluates to (a waiting execution's webhook). */
	resumeUrl?: string;
	/** The waiting node's stored input items, what `{{ $input.all() }}` gives in a waiting webhook. */
	inputItems?: INodeExecutionData[];
}

export interface WebhookResponseRecord {
	statusCode?: number;
	body?: unknown;
	ended: boolean;
}

export interface WebhookContext {
	context: IWebhookFunctions;
	response: WebhookResponseRecord;
	request: { headers: Record<string, string>; rawBody: Buffer; body: unknown };
	calls: HttpCall[];
	/** Every expression the node evaluated, in order. */
	expressions: string[];
}

export function createWebhookContext(options: WebhookRequestOptions): WebhookContext {
	const calls: HttpCall[] = [];
	const expressions: string[] = [];
	const rawBody = typeof options.rawBody === 'string' ? Buffer.from(options.rawBody, 'utf8') : options.rawBody;
	let body: unknown;
	try {
		body = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : {};
	} catch {
		body = {};
	}
	const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
	const request = { headers, rawBody, body, query: options.query ?? {}, readRawBody: async () => {} };
	const response: WebhookResponseRecord = { ended: false };
	// Like Express's response: 'finish' once the answer is sent (deliveryMemory.ts listens for it).
	const listeners = new Map<string, Array<() => void>>();
	const finish = () => {
		response.ended = true;
		for (const listener of listeners.get('finish') ?? []) listener();
		listeners.clear();
	};
	const responseObject = {
		get statusCode() {
			return response.statusCode ?? 200;
		},
		get writableFinished() {
			return response.ended;
		},
		status(code: number) {
			response.statusCode = code;
			return responseObject;
		},
		json(payload: unknown) {
			response.body = payload;
			finish();
			return responseObject;
		},
		send(payload: unknown) {
			response.body = payload;
			finish();
			return responseObject;
		},
		end(payload?: unknown) {
			if (payload !== undefined) response.body = payload;
			finish();
			return responseObject;
		},
		setHeader() {
			return responseObject;
		},
		once(event: string, listener: () => void) {
			listeners.set(event, [...(listeners.get(event) ?? []), listener]);
			return responseObject;
		},
	};
	const staticData = options.staticData ?? {};
	const workflowId = options.workflowId ?? randomUUID();
	const context = {
		getNode: () => ({ ...TEST_NODE, ...options.node }),
		getRequestObject: () => request,
		getResponseObject: () => responseObject,
		getBodyData: () => body,
		getHeaderData: () => headers,
		getQueryData: () => request.query,
		getWorkflowStaticData: () => staticData,
		// A workflow of its own per context: what one trigger remembers never leaks into another test.
		getWorkflow: () => ({ id: workflowId, name: 'Test', active: true }),
		getNodeParameter: (...args: [name: string, fallback?: unknown]) => {
			const [name, fallback] = args;
			const value = readPath(options.parameters ?? {}, name);
			if (value === undefined) {
				if (args.length >= 2) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			return value;
		},
		getCredentials: async (type: string) => {
			const credentials = options.credentials?.[type];
			if (!credentials) throw new Error(`Node does not have credentials of type "${type}"`);
			return credentials;
		},
		getNodeWebhookUrl: () => 'http://127.0.0.1:5678/webhook/test/webhook',
		getExecutionId: () => options.executionId ?? 'test-execution',
		getSignedResumeUrl: (params?: Record<string, string>) =>
			signedResumeUrl(options.resumeUrl, options.executionId ?? 'test-execution', options.node?.id ?? TEST_NODE.id, params),
		// n8n hands expressions a copy of the stored data; so do we.
		evaluateExpression: (expression: string, itemIndex = 0) => {
			expressions.push(expression);
			if (/\$execution\.resumeUrl/.test(expression)) return options.resumeUrl;
			if (/^\{\{ \$input\.all\(\)\.map\(item => item\.json\) \}\}$/.test(expression)) {
				return JSON.parse(JSON.stringify((options.inputItems ?? []).map((item) => item.json)));
			}
			if (/^\{\{ \$json\.jobId \+ "\|" \+ \$json\.waitingUntil \}\}$/.test(expression)) {
				const item = options.inputItems?.[itemIndex];
				if (!item) throw new Error(`no input item ${itemIndex}`);
				return `${item.json.jobId}|${item.json.waitingUntil}`;
			}
			throw new Error(`test context cannot evaluate ${expression}`);
		},
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			httpRequest: (requestOptions: IHttpRequestOptions) => performRequest(requestOptions, calls),
			httpRequestWithAuthentication: async (type: string, requestOptions: IHttpRequestOptions) => {
				const credentials = options.credentials?.[type];
				if (!credentials) throw new Error(`no test credentials of type ${type}`);
				return performRequest(authenticate(options.credentialTypes?.[type], credentials, requestOptions), calls);
			},
		},
	};
	return { context: context as unknown as IWebhookFunctions, response, request: { headers, rawBody, body }, calls, expressions };
}
