// A fake FullEnrich API v2 on loopback, implementing the documented contract:
// - Bearer auth with the documented 401 codes (not_set, not_bearer, api.key).
// - 60 requests a minute per workspace across every endpoint, then 429 `error.rate.limit`
//   ("Too many requests. Try again in 1m", no Retry-After). The window is configurable so tests
//   can scale it down.
// - POST /contact/enrich/bulk and /contact/reverse/email/bulk with the documented 400 codes
//   (name, data, names/domain, enrich fields, custom key/value limits, webhook URL) and the
//   100-contact cap; `silentFail=true` skips invalid contacts instead.
// - Results by GET (400 `error.enrichment.in_progress` until done unless forceResults, 402 with
//   the result body when out of credits, 404 not_found) and as signed callbacks: each finished
//   contact to `webhook_events.contact_finished`, the whole batch once to `webhook_url`, with
//   `X-Signature-SHA1` = hex HMAC-SHA1(exact bytes sent, API key) and retries on non-2xx (every
//   minute, up to 5 times in reality; the interval is scaled down here).
// - People and company search with offset / search_after paging.
// - Configurable outcomes: contacts not found, credits running out after N contacts, batches
//   cancelled after N contacts.
import { createHmac, randomUUID } from 'node:crypto';

import { deliverCallback, FakeServer, type CallbackAttempt, type FakeResponse, type RecordedRequest } from './fakeServer';

export const FULLENRICH_TEST_KEY = 'fe-test-key-0123456789abcdef';
export const FULLENRICH_WORKSPACE_ID = '2db5ea61-1752-42cf-8ea1-ab1da060cd0a';

/** FullEnrich's real retry policy (docs: "retry every minute, up to 5 times"). */
export const FULLENRICH_CALLBACK_RETRIES = 5;
export const FULLENRICH_CALLBACK_RETRY_MS = 60_000;

export type ContactOutcome = 'found' | 'not_found';

export interface FakeFullEnrichOptions {
	/** API key -> workspace id. */
	apiKeys?: Record<string, string>;
	rateLimit?: { maxRequests: number; windowMs: number };
	/** Delay between callback retries (real FullEnrich: 60 s). */
	callbackRetryDelayMs?: number;
	/** Time each contact takes (real FullEnrich: 30-90 s). */
	contactDelayMs?: number;
	/** Time a batch stays IN_PROGRESS before its contacts finish (all together): a job that finishes after this long. */
	jobDurationMs?: number;
	/** Decides per contact whether anything is found. Default: found. */
	outcome?: (contact: Record<string, unknown>, index: number) => ContactOutcome;
	/** The workspace runs out of credits after this many contacts (across all batches). */
	creditsInsufficientAfter?: number;
	/** Each batch is cancelled after this many of its contacts. */
	cancelAfter?: number;
	/** Process accepted batches at once (default) or only when `processAll()` is called. */
	autoProcess?: boolean;
	/**
	 * The `batch`-th accepted batch (1-based, counted across kinds) processes only its first
	 * `after` contacts, then stays IN_PROGRESS and never calls its batch webhook (a batch still
	 * running when a time limit passes). Applies to automatic processing.
	 */
	holdBatch?: { batch: number; after: number };
	creditBalance?: number;
	people?: Array<Record<string, unknown>>;
	companies?: Array<Record<string, unknown>>;
}

export interface Delivery {
	kind: 'batch' | 'contact';
	enrichmentId: string;
	url: string;
	rawBody: string;
	signature: string;
	attempts: CallbackAttempt[];
}

type Kind = 'enrich' | 'reverse';

interface Enrichment {
	kind: Kind;
	id: string;
	name: string;
	status: string;
	apiKey: string;
	webhookUrl?: string;
	contactFinishedUrl?: string;
	contacts: Array<Record<string, unknown>>;
	records: Array<Record<string, unknown>>;
	credits: number;
	processed: boolean;
	/** When the batch ended (FINISHED, out of credits, cancelled): its results are available from then on. */
	endedAt?: number;
}

const ENRICH_FIELDS = ['contact.work_emails', 'contact.personal_emails', 'contact.phones'];
const MAX_CONTACTS = 100;
const MAX_CUSTOM_KEYS = 10;
const MAX_CUSTOM_VALUE = 100;

const error = (status: number, code: string, message: string): FakeResponse => ({ status, body: { code, message } });
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function signFullEnrichBody(rawBody: string | Buffer, apiKey: string): string {
	return createHmac('sha1', apiKey).update(rawBody).digest('hex');
}

/** Validates one contact of a bulk enrich; returns the documented error, or undefined. */
function contactProblem(contact: unknown): FakeResponse | undefined {
	if (typeof contact !== 'object' || contact === null || Array.isArray(contact)) return error(400, 'error.enrichment.data.empty', 'Data is empty');
	const entry = contact as Record<string, unknown>;
	if (text(entry.linkedin_url) !== '') {
		if (!/^https?:\/\/([a-z0-9-]+\.)*linkedin\.com\/.+/i.test(text(entry.linkedin_url))) return error(400, 'error.enrichment.linkedin_url.invalid', 'LinkedIn URL is invalid');
	} else {
		if (text(entry.first_name) === '') return error(400, 'error.enrichment.first_name.empty', 'First name cannot be empty');
		if (text(entry.last_name) === '') return error(400, 'error.enrichment.last_name.empty', 'Last name cannot be empty');
		if (text(entry.domain) === '' && text(entry.company_name) === '') return error(400, 'error.enrichment.domain.empty', 'Domain cannot be empty');
	}
	const fields = entry.enrich_fields;
	if (!Array.isArray(fields) || fields.length === 0) return error(400, 'error.enrichment.enrich_fields.empty', 'enrichFields cannot be empty');
	for (const field of fields) {
		if (!ENRICH_FIELDS.includes(field as string)) {
			return error(400, 'error.enrichment.enrich_field.value', `enrichField '${String(field)}' not valid must be contact.work_emails or contact.phones or contact.personal_emails`);
		}
	}
	return customProblem(entry.custom);
}

function customProblem(custom: unknown): FakeResponse | undefined {
	if (custom === undefined) return undefined;
	if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) return error(400, 'error.enrichment.custom', 'Custom must be an object of strings');
	const entries = Object.entries(custom);
	if (entries.length > MAX_CUSTOM_KEYS) return error(400, 'error.enrichment.custom.key.exceeded', 'Custom field contains too many keys (max: 10 keys)');
	for (const [, value] of entries) {
		// The docs say numbers are refused but name no code; this one is our invention.
		if (typeof value !== 'string') return error(400, 'error.enrichment.custom.value.type', 'Custom field values must be strings');
		if (value.length > MAX_CUSTOM_VALUE) return error(400, 'error.enrichment.custom.value.exceeded', 'Custom field value max len exceeded (max: 100 character)');
	}
	return undefined;
}

function reverseProblem(entry: unknown): FakeResponse | undefined {
	const email = typeof entry === 'object' && entry !== null ? text((entry as Record<string, unknown>).email) : '';
	if (email === '') return error(400, 'error.reverse.email.empty', 'Email cannot be empty');
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return error(400, 'error.reverse.email.invalid', 'Email is invalid');
	return customProblem((entry as Record<string, unknown>).custom);
}

function slug(value: string): string {
	return value
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '');
}

export class FakeFullEnrich {
	readonly server = new FakeServer();
	readonly enrichments = new Map<string, Enrichment>();
	readonly deliveries: Delivery[] = [];
	/** Responses this fake gave 429 to (method and path). */
	readonly rateLimited: Array<{ method: string; path: string }> = [];
	private readonly sentAt = new Map<string, number[]>();
	private readonly pending = new Set<Promise<void>>();
	private readonly retries = new AbortController();
	private contactsProcessed = 0;
	private readonly options: Required<Pick<FakeFullEnrichOptions, 'apiKeys' | 'rateLimit' | 'callbackRetryDelayMs' | 'contactDelayMs' | 'autoProcess' | 'creditBalance'>> &
		FakeFullEnrichOptions;

	constructor(options: FakeFullEnrichOptions = {}) {
		this.options = {
			apiKeys: { [FULLENRICH_TEST_KEY]: FULLENRICH_WORKSPACE_ID },
			rateLimit: { maxRequests: 60, windowMs: 60_000 },
			callbackRetryDelayMs: 20,
			contactDelayMs: 0,
			autoProcess: true,
			creditBalance: 5000,
			...options,
		};
		this.routes();
	}

	get baseUrl(): string {
		return `${this.server.baseUrl}/api/v2`;
	}

	get requests(): RecordedRequest[] {
		return this.server.requests;
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	async close(): Promise<void> {
		await this.whenIdle();
		await this.server.close();
	}

	/** Resolves when every accepted batch has been processed and every callback delivered. */
	async whenIdle(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	/** Drops every callback retry still due (a test that set FullEnrich's real minute between retries ends). */
	stopRetrying(): void {
		this.retries.abort();
	}

	/** With `autoProcess: false`: processes every batch not processed yet. */
	processAll(): void {
		for (const enrichment of this.enrichments.values()) if (!enrichment.processed) this.schedule(enrichment);
	}

	/**
	 * With `autoProcess: false`: processes one batch. With `onlyFirst`, only that many of its
	 * contacts: the batch then stays IN_PROGRESS and its batch webhook never fires (a batch still
	 * running, e.g. when a time limit passes).
	 */
	processEnrichment(id: string, onlyFirst?: number): void {
		const enrichment = this.enrichments.get(id);
		if (!enrichment) throw new Error(`no enrichment ${id}`);
		if (!enrichment.processed) this.schedule(enrichment, onlyFirst);
	}

	/** The POSTs that started bulk enrichments (accepted or not). */
	bulkPosts(kind: Kind = 'enrich'): RecordedRequest[] {
		return this.server.requestsTo('POST', kind === 'enrich' ? /\/contact\/enrich\/bulk$/ : /\/contact\/reverse\/email\/bulk$/);
	}

	private routes(): void {
		const api = (method: string, path: string, handler: (request: RecordedRequest, params: Record<string, string>, apiKey: string) => FakeResponse) =>
			this.server.route(method, `/api/v2${path}`, (request, params) => {
				const auth = this.authenticate(request);
				if ('status' in auth) return auth;
				if (!this.allow(auth.workspace)) {
					this.rateLimited.push({ method: request.method, path: request.path });
					return error(429, 'error.rate.limit', 'Too many requests. Try again in 1m');
				}
				return handler(request, params, auth.apiKey);
			});

		api('GET', '/account/keys/verify', (_request, _params, apiKey) => ({ status: 200, body: { workspace_id: this.options.apiKeys[apiKey] } }));
		api('GET', '/account/credits', () => ({ status: 200, body: { balance: this.options.creditBalance } }));
		api('POST', '/contact/enrich/bulk', (request, _params, apiKey) => this.startBulk('enrich', request, apiKey));
		api('POST', '/contact/reverse/email/bulk', (request, _params, apiKey) => this.startBulk('reverse', request, apiKey));
		api('GET', '/contact/enrich/bulk/:id', (request, params) => this.result('enrich', params.id, request));
		api('GET', '/contact/reverse/email/bulk/:id', (request, params) => this.result('reverse', params.id, request));
		api('POST', '/people/search', (request) => this.search(request, this.options.people ?? [], 'people'));
		api('POST', '/company/search', (request) => this.search(request, this.options.companies ?? [], 'companies'));
	}

	private authenticate(request: RecordedRequest): FakeResponse | { apiKey: string; workspace: string } {
		const header = request.headers.authorization;
		if (typeof header !== 'string' || header.trim() === '') return error(401, 'error.authorization.not_set', 'Authorization headers not set');
		const match = /^bearer\s+(.+)$/i.exec(header.trim());
		if (!match) return error(401, 'error.authorization.not_bearer', "Authorization headers do not have prefix 'bearer'");
		const workspace = this.options.apiKeys[match[1]];
		if (!workspace) return error(401, 'error.api.key', 'Unknown api key');
		return { apiKey: match[1], workspace };
	}

	/** Sliding window per workspace, every endpoint counted (docs: speed-volume). */
	private allow(workspace: string): boolean {
		const now = Date.now();
		const sent = (this.sentAt.get(workspace) ?? []).filter((at) => at > now - this.options.rateLimit.windowMs);
		if (sent.length >= this.options.rateLimit.maxRequests) {
			this.sentAt.set(workspace, sent);
			return false;
		}
		sent.push(now);
		this.sentAt.set(workspace, sent);
		return true;
	}

	private startBulk(kind: Kind, request: RecordedRequest, apiKey: string): FakeResponse {
		const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
		if (text(body.name) === '') return error(400, 'error.enrichment.name.empty', 'Enrichment name not set');
		const webhookUrl = body.webhook_url;
		const events = (body.webhook_events ?? {}) as Record<string, unknown>;
		for (const url of [webhookUrl, events.contact_finished]) {
			if (url !== undefined && url !== '' && !/^https?:\/\//.test(String(url))) return error(400, 'error.enrichment.webhook_url', 'Webhook URL must be start with http or https');
		}
		const data = body.data;
		if (!Array.isArray(data) || data.length === 0) return error(400, 'error.enrichment.data.empty', 'Data is empty');
		// The docs state the 100 cap but name no code for it; this one is our invention.
		if (data.length > MAX_CONTACTS) return error(400, 'error.enrichment.data.exceeded', `Too many contacts (max: ${MAX_CONTACTS} per request)`);
		const silentFail = request.query.get('silentFail') === 'true';
		const accepted: Array<Record<string, unknown>> = [];
		for (const contact of data) {
			const problem = kind === 'enrich' ? contactProblem(contact) : reverseProblem(contact);
			if (problem && !silentFail) return problem;
			if (!problem) accepted.push(contact as Record<string, unknown>);
		}
		const enrichment: Enrichment = {
			kind,
			id: randomUUID(),
			name: text(body.name),
			status: 'CREATED',
			apiKey,
			webhookUrl: typeof webhookUrl === 'string' && webhookUrl !== '' ? webhookUrl : undefined,
			contactFinishedUrl: typeof events.contact_finished === 'string' && events.contact_finished !== '' ? events.contact_finished : undefined,
			contacts: accepted,
			records: [],
			credits: 0,
			processed: false,
		};
		this.enrichments.set(enrichment.id, enrichment);
		const held = this.options.holdBatch?.batch === this.enrichments.size ? this.options.holdBatch.after : undefined;
		if (this.options.autoProcess) this.schedule(enrichment, held);
		return { status: 200, body: { enrichment_id: enrichment.id } };
	}

	private schedule(enrichment: Enrichment, onlyFirst?: number): void {
		enrichment.processed = true;
		const run = this.process(enrichment, onlyFirst).finally(() => this.pending.delete(run));
		this.pending.add(run);
	}

	private payloadOf(enrichment: Enrichment, records: Array<Record<string, unknown>>, status = enrichment.status) {
		return { id: enrichment.id, name: enrichment.name, status, data: records, cost: { credits: enrichment.credits } };
	}

	private async process(enrichment: Enrichment, onlyFirst?: number): Promise<void> {
		await sleep(0);
		enrichment.status = 'IN_PROGRESS';
		if (this.options.jobDurationMs) await sleep(this.options.jobDurationMs);
		for (const [index, contact] of enrichment.contacts.entries()) {
			if (onlyFirst !== undefined && index >= onlyFirst) return;
			if (this.options.creditsInsufficientAfter !== undefined && this.contactsProcessed >= this.options.creditsInsufficientAfter) {
				enrichment.status = 'CREDITS_INSUFFICIENT';
				break;
			}
			if (this.options.cancelAfter !== undefined && index >= this.options.cancelAfter) {
				enrichment.status = 'CANCELED';
				break;
			}
			if (this.options.contactDelayMs > 0) await sleep(this.options.contactDelayMs);
			const outcome = this.options.outcome?.(contact, index) ?? 'found';
			const { record, credits } = enrichment.kind === 'enrich' ? enrichedRecord(contact, outcome) : reverseRecord(contact, outcome);
			enrichment.records.push(record);
			enrichment.credits += credits;
			this.contactsProcessed++;
			// Per the 3rd-party reading of FullEnrich's async API: same envelope, one contact, IN_PROGRESS.
			if (enrichment.contactFinishedUrl) await this.deliver('contact', enrichment, enrichment.contactFinishedUrl, this.payloadOf(enrichment, [record], 'IN_PROGRESS'));
		}
		if (enrichment.status === 'IN_PROGRESS') enrichment.status = 'FINISHED';
		enrichment.endedAt = Date.now();
		if (enrichment.webhookUrl) await this.deliver('batch', enrichment, enrichment.webhookUrl, this.payloadOf(enrichment, enrichment.records));
	}

	/** Signs the exact bytes it sends, then POSTs them with FullEnrich's retry policy (scaled). */
	private async deliver(kind: Delivery['kind'], enrichment: Enrichment, url: string, payload: unknown): Promise<void> {
		const rawBody = JSON.stringify(payload);
		const signature = signFullEnrichBody(rawBody, enrichment.apiKey);
		const delivery: Delivery = { kind, enrichmentId: enrichment.id, url, rawBody, signature, attempts: [] };
		this.deliveries.push(delivery);
		const attempts = await deliverCallback(url, rawBody, { 'x-signature-sha1': signature }, {
			retries: FULLENRICH_CALLBACK_RETRIES,
			retryDelayMs: this.options.callbackRetryDelayMs,
			signal: this.retries.signal,
		});
		delivery.attempts.push(...attempts);
	}

	private result(kind: Kind, id: string, request: RecordedRequest): FakeResponse {
		const enrichment = this.enrichments.get(id);
		if (!enrichment || enrichment.kind !== kind) {
			return kind === 'enrich' ? error(404, 'error.enrichment.not_found', 'Enrichment ID not found') : error(404, 'error.reverse.email.not_found', 'Reverse email ID not found');
		}
		const done = ['FINISHED', 'CREDITS_INSUFFICIENT', 'CANCELED'].includes(enrichment.status);
		if (!done && request.query.get('forceResults') !== 'true') return error(400, 'error.enrichment.in_progress', 'Enrichment not ready, try again in 30 seconds');
		const body = this.payloadOf(enrichment, enrichment.records);
		return { status: enrichment.status === 'CREDITS_INSUFFICIENT' ? 402 : 200, body };
	}

	private search(request: RecordedRequest, dataset: Array<Record<string, unknown>>, key: 'people' | 'companies'): FakeResponse {
		const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
		const limit = body.limit === undefined ? 10 : Number(body.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, 'error.search.limit', 'limit must be between 1 and 100');
		let start: number;
		if (body.search_after !== undefined) {
			const decoded = Number(Buffer.from(String(body.search_after), 'base64').toString('utf8'));
			if (!Number.isInteger(decoded) || decoded < 0) return error(400, 'error.search.search_after', 'search_after is invalid');
			start = decoded;
		} else {
			start = body.offset === undefined ? 0 : Number(body.offset);
			if (!Number.isInteger(start) || start < 0 || start > 10_000) return error(400, 'error.search.offset', 'offset must be between 0 and 10000');
		}
		const matching = dataset.filter((entry) => matchesFilters(entry, body));
		const page = matching.slice(start, start + limit);
		const next = start + page.length;
		return {
			status: 200,
			body: {
				[key]: page,
				metadata: {
					total: matching.length,
					credits: page.length * 0.25,
					offset: start,
					...(next < matching.length ? { search_after: Buffer.from(String(next)).toString('base64') } : {}),
				},
			},
		};
	}
}

/** Filters the fake understands: a value filter on a top-level string field named like the filter. */
const FILTER_FIELDS: Record<string, string> = {
	current_company_domains: 'company_domain',
	current_position_titles: 'title',
	domains: 'domain',
	names: 'name',
};

function matchesFilters(entry: Record<string, unknown>, body: Record<string, unknown>): boolean {
	for (const [filter, field] of Object.entries(FILTER_FIELDS)) {
		const wanted = body[filter];
		if (!Array.isArray(wanted) || wanted.length === 0) continue;
		const value = String(entry[field] ?? '').toLowerCase();
		const includes = wanted.filter((item) => !item.exclude).map((item) => String(item.value).toLowerCase());
		const excludes = wanted.filter((item) => item.exclude).map((item) => String(item.value).toLowerCase());
		if (includes.length > 0 && !includes.some((item) => value === item || value.includes(item))) return false;
		if (excludes.some((item) => value === item)) return false;
	}
	return true;
}

function enrichedRecord(contact: Record<string, unknown>, outcome: ContactOutcome) {
	const first = text(contact.first_name);
	const last = text(contact.last_name);
	const handle = text(contact.linkedin_url).replace(/\/+$/, '').split('/').pop() ?? '';
	const domain = text(contact.domain) || `${slug(text(contact.company_name)) || 'company'}.example`;
	const input = {
		first_name: first || undefined,
		last_name: last || undefined,
		full_name: [first, last].filter(Boolean).join(' ') || undefined,
		company_domain: text(contact.domain) || undefined,
		company_name: text(contact.company_name) || undefined,
		professional_network_url: text(contact.linkedin_url) || undefined,
	};
	const record: Record<string, unknown> = { input, custom: contact.custom ?? {} };
	if (outcome === 'not_found') {
		record.contact_info = { work_emails: [], personal_emails: [], phones: [] };
		return { record, credits: 0 };
	}
	const fields = (contact.enrich_fields as string[]) ?? [];
	const local = first && last ? `${slug(first)}.${slug(last)}` : slug(handle) || 'contact';
	let credits = 0;
	const info: Record<string, unknown> = { work_emails: [], personal_emails: [], phones: [] };
	if (fields.includes('contact.work_emails')) {
		const work = { email: `${local}@${domain}`, status: 'DELIVERABLE' };
		Object.assign(info, { most_probable_work_email: work, work_emails: [work, { email: `${local.charAt(0)}${slug(last)}@${domain}`, status: 'CATCH_ALL' }] });
		credits += 1;
	}
	if (fields.includes('contact.personal_emails')) {
		const personal = { email: `${local.replace('.', '')}@gmail.example`, status: 'HIGH_PROBABILITY' };
		Object.assign(info, { most_probable_personal_email: personal, personal_emails: [personal] });
		credits += 3;
	}
	if (fields.includes('contact.phones')) {
		const digits = String(Math.abs(hashOf(local)) % 10_000_000).padStart(7, '0');
		const phone = { number: `+1555${digits}`, region: 'US' };
		Object.assign(info, { most_probable_phone: phone, phones: [phone] });
		credits += 10;
	}
	record.contact_info = info;
	if (text(contact.linkedin_url) !== '') {
		record.profile = { id: randomUUID(), full_name: input.full_name ?? handle, social_profiles: { professional_network: { url: text(contact.linkedin_url), handle } } };
	}
	return { record, credits };
}

function reverseRecord(contact: Record<string, unknown>, outcome: ContactOutcome) {
	const email = text(contact.email);
	const record: Record<string, unknown> = { input: { email }, custom: contact.custom ?? {} };
	if (outcome === 'not_found') return { record, credits: 0 };
	const [local, domain] = email.split('@');
	record.profile = {
		id: randomUUID(),
		full_name: local.replace(/[._]/g, ' '),
		employment: { current: { title: 'Head of Sales', company: { domain, name: domain.split('.')[0] } } },
	};
	return { record, credits: 1 };
}

function hashOf(value: string): number {
	let hash = 0;
	for (const char of value) hash = (hash * 31 + char.charCodeAt(0)) | 0;
	return hash;
}
