// The base of every fake provider: an HTTP server on loopback that records each request, routes
// by method and path pattern, and delivers callbacks the way providers do (with retries).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: Buffer;
	body: unknown;
	/** When the request arrived (epoch ms). */
	at: number;
}

export interface FakeResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type RouteHandler = (request: RecordedRequest, params: Record<string, string>) => FakeResponse | Promise<FakeResponse>;

interface Route {
	method: string;
	pattern: RegExp;
	names: string[];
	handler: RouteHandler;
}

export class FakeServer {
	readonly requests: RecordedRequest[] = [];
	private readonly routes: Route[] = [];
	private server?: Server;
	baseUrl = '';

	/** `path` may hold `:name` segments, e.g. `/api/individual_reveals/:id`. */
	route(method: string, path: string, handler: RouteHandler): this {
		const names: string[] = [];
		const pattern = new RegExp(
			`^${path.replace(/:([A-Za-z_]+)/g, (_match, name: string) => {
				names.push(name);
				return '([^/]+)';
			})}$`,
		);
		this.routes.push({ method, pattern, names, handler });
		return this;
	}

	async start(port = 0): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		// A test that forgets close() must not keep jest's process alive after the suite.
		this.server.unref();
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/** Requests received on one method and path pattern (e.g. all POSTs to the bulk endpoint). */
	requestsTo(method: string, pathPattern: RegExp): RecordedRequest[] {
		return this.requests.filter((request) => request.method === method && pathPattern.test(request.path));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://fake');
		let body: unknown = undefined;
		if (rawBody.length > 0) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = rawBody.toString('utf8');
			}
		}
		const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, body, at: Date.now() };
		this.requests.push(recorded);
		let response: FakeResponse = { status: 404, body: { message: `no fake route for ${recorded.method} ${recorded.path}` } };
		for (const route of this.routes) {
			const match = route.method === recorded.method ? route.pattern.exec(recorded.path) : null;
			if (!match) continue;
			const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1])]));
			try {
				response = await route.handler(recorded, params);
			} catch (error) {
				response = { status: 500, body: { message: `fake server error: ${(error as Error).message}` } };
			}
			break;
		}
		const payload = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
		res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
		res.end(payload);
	}
}

export interface CallbackAttempt {
	url: string;
	status: number | 'network-error';
	at: number;
}

export interface CallbackPolicy {
	/** Retries after the first attempt (Wiza: 3; FullEnrich: 5; IDWise: 3). */
	retries: number;
	/** Wait before each retry, scaled down for tests (providers wait minutes). */
	retryDelayMs: number;
	/** Statuses that stop retrying at once (Wiza: 404 and 403). */
	stopOn?: number[];
	/** Aborted: no further retry (a test ends while retries a minute apart are still due). */
	signal?: AbortSignal;
}

/** Waits `ms`, or less when `signal` is aborted meanwhile. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done);
	});
}

/**
 * POSTs `rawBody` to `url` like a provider's webhook sender: a non-2xx answer is retried per
 * `policy`. Returns every attempt, so tests can assert what the provider saw.
 */
export async function deliverCallback(
	url: string,
	rawBody: string,
	headers: Record<string, string>,
	policy: CallbackPolicy,
): Promise<CallbackAttempt[]> {
	const attempts: CallbackAttempt[] = [];
	for (let attempt = 0; attempt <= policy.retries; attempt++) {
		if (attempt > 0) await pause(policy.retryDelayMs, policy.signal);
		if (policy.signal?.aborted) break;
		let status: number | 'network-error';
		try {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: rawBody });
			await response.arrayBuffer();
			status = response.status;
		} catch {
			status = 'network-error';
		}
		attempts.push({ url, status, at: Date.now() });
		if (typeof status === 'number' && status >= 200 && status < 300) break;
		if (typeof status === 'number' && policy.stopOn?.includes(status)) break;
	}
	return attempts;
}
