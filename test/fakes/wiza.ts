// A fake Wiza API on loopback, doing what docs.wiza.co (and, where the docs are silent, the
// shapes in ../../nodes/Wiza/schemas.ts) say: Individual Reveals, lists and their contacts,
// credits, errors as `{ status: { code, message } }` with 400/401/403/404/429, HTTP 200 failed
// records for `billing_issue`, and callbacks to `callback_url` (or the account default) with
// `x-auth-key: sha256hex(apiKey)`, retried up to 3 times and stopped on 404/403.
import { createHash } from 'node:crypto';

import { deliverCallback, FakeServer, type CallbackAttempt, type FakeResponse, type RecordedRequest } from './fakeServer';

export const ENRICHMENT_LEVELS = ['none', 'partial', 'phone', 'full'] as const;
export type EnrichmentLevel = (typeof ENRICHMENT_LEVELS)[number];

/** What a reveal or list row asks for: `{ profile_url }`, `{ email }` or `{ full_name, company?, domain? }`. */
export interface PersonInput {
	profile_url?: string;
	email?: string;
	full_name?: string;
	company?: string;
	domain?: string;
}

export interface EmailOptions {
	accept_work?: boolean;
	accept_personal?: boolean;
	accept_generic?: boolean;
}

export const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const TITLES = ['Head of Sales', 'VP Marketing', 'Software Engineer', 'Founder', 'Operations Manager', 'Account Executive'];
const CITIES = ['Toronto, Ontario, Canada', 'Berlin, Germany', 'Austin, Texas, United States', 'Lyon, France'];

const capitalise = (word: string) => (word ? word[0].toUpperCase() + word.slice(1).toLowerCase() : word);

function nameFrom(input: PersonInput, seed: string): string {
	if (input.full_name) return input.full_name.trim();
	const source = input.profile_url ? (/\/in\/([^/?#]+)/.exec(input.profile_url)?.[1] ?? '') : (input.email?.split('@')[0] ?? '');
	const words = source
		.split(/[-._]+/)
		.filter((word) => /^[a-z]+$/i.test(word))
		.slice(0, 2)
		.map(capitalise);
	return words.length > 0 ? words.join(' ') : `Person ${seed.slice(0, 6)}`;
}

function domainFrom(input: PersonInput, seed: string): string {
	if (input.domain) return input.domain.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
	if (input.email?.includes('@')) return input.email.split('@')[1].toLowerCase();
	if (input.company) return `${input.company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`;
	return `company-${seed.slice(6, 12)}.com`;
}

/**
 * The contact the fake "finds" for an input: deterministic, derived from the input, so tests can
 * compute what must come back. `riskyEmail` follows the seed, so list segments differ.
 */
export function fakeContactFor(input: PersonInput, level: EnrichmentLevel, emailOptions: EmailOptions = {}): Record<string, unknown> {
	const seed = sha256hex(JSON.stringify([input.profile_url ?? '', input.email ?? '', input.full_name ?? '', input.company ?? '', input.domain ?? '']));
	const name = nameFrom(input, seed);
	const domain = domainFrom(input, seed);
	const company = input.company?.trim() || capitalise(domain.split('.')[0]);
	const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	const index = parseInt(seed.slice(0, 8), 16);
	const contact: Record<string, unknown> = {
		name,
		company,
		company_domain: domain,
		title: TITLES[index % TITLES.length],
		location: CITIES[index % CITIES.length],
		linkedin_profile_url: input.profile_url ?? `https://www.linkedin.com/in/${slug}-${seed.slice(0, 8)}`,
	};
	const wantsEmail = level === 'partial' || level === 'full';
	const wantsPhone = level === 'phone' || level === 'full';
	const emailType = emailOptions.accept_work === false && emailOptions.accept_personal !== false ? 'personal' : 'work';
	const emailAllowed = !(emailOptions.accept_work === false && emailOptions.accept_personal === false);
	if (wantsEmail && emailAllowed) {
		const email = input.email ?? (emailType === 'work' ? `${slug.replace(/-/g, '.')}@${domain}` : `${slug.replace(/-/g, '.')}.${seed.slice(0, 4)}@gmail.com`);
		const emailStatus = index % 5 === 0 ? 'risky' : 'valid';
		Object.assign(contact, { email, email_type: emailType, email_status: emailStatus, emails: [{ email, email_type: emailType, email_status: emailStatus }] });
	}
	if (wantsPhone) {
		const digits = String(index % 10_000_000).padStart(7, '0');
		const number = `+1416${digits}`;
		const pretty = `+1 416-${digits.slice(0, 3)}-${digits.slice(3)}`;
		Object.assign(contact, { mobile_phone: number, phone_number: number, phone_status: 'found', phones: [{ number, pretty_number: pretty, type: 'mobile' }] });
	}
	const emailCredits = contact.email_status === 'valid' ? 2 : 0;
	const phoneCredits = contact.phones ? 5 : 0;
	const scrapeCredits = 1;
	contact.credits = {
		email_credits: emailCredits > 0 ? 1 : 0,
		phone_credits: phoneCredits > 0 ? 1 : 0,
		export_credits: 0,
		api_credits: { total: emailCredits + phoneCredits + (level === 'none' ? scrapeCredits : 0), email_credits: emailCredits, phone_credits: phoneCredits, scrape_credits: scrapeCredits },
	};
	return contact;
}

export interface RateLimitSetting {
	maxRequests: number;
	windowMs: number;
	/** Sent as Retry-After (seconds; fractions allowed so tests stay fast). */
	retryAfterSeconds: number;
}

export interface FakeWizaOptions {
	apiKey: string;
	/** How long a reveal or list takes before it finishes (and calls back). */
	completeAfterMs?: number;
	/** Wiza retries callbacks minutes apart; scaled down here. */
	callbackRetryDelayMs?: number;
	/** The account's default webhook URL (Settings > API), used when a request has no callback_url. */
	defaultCallbackUrl?: string;
	startingApiCredits?: number;
}

export interface CallbackDelivery {
	kind: 'individual_reveal' | 'list';
	recordId: number;
	url: string;
	body: Record<string, unknown>;
	rawBody: string;
	attempts: CallbackAttempt[];
}

interface RevealRecord {
	id: number;
	input: PersonInput;
	level: EnrichmentLevel;
	emailOptions: EmailOptions;
	callbackUrl?: string;
	data: Record<string, unknown>;
	/** When the reveal finished (or failed): its result is available from then on. */
	completedAt?: number;
}

interface ListRecord {
	id: number;
	name: string;
	level: EnrichmentLevel;
	emailOptions: EmailOptions;
	callbackUrl?: string;
	rows: PersonInput[];
	data: Record<string, unknown>;
	contacts: Array<Record<string, unknown>>;
}

const envelope = (code: number, message: string, type: string, data: unknown) => ({ status: { code, message }, type, data });
const wizaError = (code: number, message: string, headers?: Record<string, string>): FakeResponse => ({ status: code, body: { status: { code, message } }, headers });

type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

const PERSON_KEYS = ['profile_url', 'email', 'full_name', 'company', 'domain'];

/**
 * A reveal's `individual_reveal` or a list row, as Wiza documents it: any mix of `profile_url`,
 * `email`, `full_name`, `company` and `domain` (all strings; the official Wiza node sends them
 * together), each that is present well-formed, and at least one usable identifier: a LinkedIn URL,
 * an email, or a full name with a company or domain. Other keys are refused, so a misspelt field
 * (`linkedin_url`) fails here as it would match nobody at Wiza.
 */
function validatePerson(raw: unknown, where: string): Validation<PersonInput> {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: `${where} must be an object` };
	const person = raw as Record<string, unknown>;
	for (const key of Object.keys(person)) {
		if (!PERSON_KEYS.includes(key)) return { ok: false, message: `${where}.${key} is not a known field (use ${PERSON_KEYS.join(', ')})` };
		if (typeof person[key] !== 'string') return { ok: false, message: `${where}.${key} must be a string` };
	}
	const value = person as PersonInput;
	if (value.profile_url !== undefined && !/linkedin\.com\//i.test(value.profile_url)) return { ok: false, message: `${where}.profile_url is not a LinkedIn URL` };
	if (value.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.email)) return { ok: false, message: `${where}.email is invalid` };
	if (value.profile_url || value.email || (value.full_name && (value.company || value.domain))) return { ok: true, value };
	return { ok: false, message: `${where} needs a profile_url, an email, or a full_name with a company or domain` };
}

function validateSettings(body: Record<string, unknown>): Validation<{ level: EnrichmentLevel; emailOptions: EmailOptions; callbackUrl?: string }> {
	const level = body.enrichment_level;
	if (!ENRICHMENT_LEVELS.includes(level as EnrichmentLevel)) return { ok: false, message: `enrichment_level must be one of ${ENRICHMENT_LEVELS.join(', ')}` };
	const options = body.email_options ?? {};
	if (typeof options !== 'object' || options === null || Array.isArray(options)) return { ok: false, message: 'email_options must be an object' };
	for (const [key, value] of Object.entries(options)) {
		if (!['accept_work', 'accept_personal', 'accept_generic'].includes(key) || typeof value !== 'boolean') return { ok: false, message: `email_options.${key} is not a known boolean option` };
	}
	const callbackUrl = body.callback_url;
	if (callbackUrl !== undefined) {
		if (typeof callbackUrl !== 'string' || !/^https?:\/\/\S+$/.test(callbackUrl)) return { ok: false, message: 'callback_url must be an http(s) URL' };
	}
	return { ok: true, value: { level: level as EnrichmentLevel, emailOptions: options as EmailOptions, callbackUrl: callbackUrl as string | undefined } };
}

export class FakeWiza {
	readonly server = new FakeServer();
	readonly deliveries: CallbackDelivery[] = [];
	readonly reveals = new Map<number, RevealRecord>();
	readonly lists = new Map<number, ListRecord>();

	/** Every reveal and list fails with HTTP 200 and `fail_error: "billing_issue"`. */
	billingIssue = false;
	/** Every reveal finishes as failed with this `fail_error` (a non-billing failure). */
	revealFailure?: string;
	/** Every API request is refused with 403 (an API key without API access). */
	forbidden = false;
	/** Requests beyond `maxRequests` per `windowMs` get 429 with Retry-After. */
	rateLimit?: RateLimitSetting;
	/** How many requests got 429. */
	rateLimitedCount = 0;
	/** While true, reveals and lists do not start working until `releaseCompletions()` (callbacks come when a test says). */
	holdCompletions = false;
	/** Reveals whose input this matches never complete, and lists never finish while `stallLists` is set (still running when a time limit passes). */
	stallReveal?: (input: PersonInput) => boolean;
	stallLists = false;

	apiCredits: number;
	completeAfterMs: number;
	callbackRetryDelayMs: number;
	defaultCallbackUrl?: string;

	private nextId = 9000;
	private readonly admitted: number[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inFlight = new Set<Promise<void>>();
	private readonly held: Array<() => void> = [];
	private readonly retries = new AbortController();

	constructor(readonly options: FakeWizaOptions) {
		this.apiCredits = options.startingApiCredits ?? 1000;
		this.completeAfterMs = options.completeAfterMs ?? 30;
		this.callbackRetryDelayMs = options.callbackRetryDelayMs ?? 20;
		this.defaultCallbackUrl = options.defaultCallbackUrl;
		this.server
			.route('POST', '/api/individual_reveals', (request) => this.guarded(request, () => this.startReveal(request)))
			.route('GET', '/api/individual_reveals/:id', (request, params) => this.guarded(request, () => this.getReveal(params.id)))
			.route('POST', '/api/lists', (request) => this.guarded(request, () => this.createList(request)))
			.route('GET', '/api/lists/:id', (request, params) => this.guarded(request, () => this.getList(params.id)))
			.route('GET', '/api/lists/:id/contacts', (request, params) => this.guarded(request, () => this.getContacts(params.id, request.query.get('segment'))))
			.route('GET', '/api/meta/credits', (request) => this.guarded(request, () => this.getCredits()));
	}

	get baseUrl(): string {
		return this.server.baseUrl;
	}

	get requests(): RecordedRequest[] {
		return this.server.requests;
	}

	requestsTo(method: string, pathPattern: RegExp): RecordedRequest[] {
		return this.server.requestsTo(method, pathPattern);
	}

	/** The `x-auth-key` Wiza sends: hex SHA-256 of the API key. */
	get authKey(): string {
		return sha256hex(this.options.apiKey);
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	/** Resolves when every scheduled completion and callback delivery has finished. */
	async settled(): Promise<void> {
		while (this.timers.size > 0 || this.inFlight.size > 0) {
			await Promise.all([...this.inFlight]);
			if (this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
		}
	}

	async close(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		await Promise.all([...this.inFlight]);
		await this.server.close();
	}

	// --- request plumbing -------------------------------------------------------------------

	/** Auth, then access, then rate limit, as an API gateway would check them. */
	private guarded(request: RecordedRequest, handle: () => FakeResponse): FakeResponse {
		if (request.headers.authorization !== `Bearer ${this.options.apiKey}`) return wizaError(401, 'Invalid API key.');
		if (this.forbidden) return wizaError(403, 'Your account does not have API access.');
		if (this.rateLimit) {
			const now = Date.now();
			while (this.admitted.length > 0 && this.admitted[0] <= now - this.rateLimit.windowMs) this.admitted.shift();
			if (this.admitted.length >= this.rateLimit.maxRequests) {
				this.rateLimitedCount++;
				return wizaError(429, 'Usage limits exceeded. Please slow down.', { 'retry-after': String(this.rateLimit.retryAfterSeconds) });
			}
			this.admitted.push(now);
		}
		return handle();
	}

	/** Drops every callback retry still due (a test that spaced retries like Wiza, minutes apart, ends). */
	stopRetrying(): void {
		this.retries.abort();
	}

	/** With `holdCompletions`: lets every held reveal and list (or the first `count` held) start working (and call back). */
	releaseCompletions(count = this.held.length): void {
		for (const schedule of this.held.splice(0, count)) schedule();
	}

	/** Completes a reveal or list after `completeAfterMs`, unless held or stalled. */
	private completeLater(stalled: boolean, work: () => Promise<void>): void {
		if (stalled) return;
		const schedule = () => this.later(this.completeAfterMs, work);
		if (this.holdCompletions) this.held.push(schedule);
		else schedule();
	}

	private later(ms: number, work: () => Promise<void> | void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			const running = Promise.resolve(work()).finally(() => this.inFlight.delete(running));
			this.inFlight.add(running);
		}, ms);
		this.timers.add(timer);
	}

	private deliver(kind: CallbackDelivery['kind'], recordId: number, url: string | undefined, body: Record<string, unknown>): Promise<void> {
		if (!url) return Promise.resolve();
		const rawBody = JSON.stringify(body);
		const delivery: CallbackDelivery = { kind, recordId, url, body, rawBody, attempts: [] };
		this.deliveries.push(delivery);
		return deliverCallback(url, rawBody, { 'x-auth-key': this.authKey }, { retries: 3, retryDelayMs: this.callbackRetryDelayMs, stopOn: [404, 403], signal: this.retries.signal }).then((attempts) => {
			delivery.attempts.push(...attempts);
		});
	}

	private parseId(raw: string): number | undefined {
		return /^\d+$/.test(raw) ? Number(raw) : undefined;
	}

	// --- Individual Reveals -------------------------------------------------------------------

	private startReveal(request: RecordedRequest): FakeResponse {
		const body = request.body as Record<string, unknown> | undefined;
		if (!body || typeof body !== 'object' || Array.isArray(body)) return wizaError(400, 'Request body must be a JSON object.');
		const person = validatePerson(body.individual_reveal, 'individual_reveal');
		if (!person.ok) return wizaError(400, person.message);
		const settings = validateSettings(body);
		if (!settings.ok) return wizaError(400, settings.message);

		const id = this.nextId++;
		const record: RevealRecord = {
			id,
			input: person.value,
			level: settings.value.level,
			emailOptions: settings.value.emailOptions,
			callbackUrl: settings.value.callbackUrl ?? this.defaultCallbackUrl,
			data: { id, status: 'queued', is_complete: false, enrichment_level: settings.value.level },
		};
		this.reveals.set(id, record);

		// Wiza's billing failure: HTTP 200, but the record is failed (credit-deduction docs).
		if (this.billingIssue) {
			record.data = { id, status: 'failed', is_complete: true, enrichment_level: record.level, fail_error: 'billing_issue' };
			this.later(this.completeAfterMs, () => this.deliver('individual_reveal', id, record.callbackUrl, envelope(400, 'Single reveal failed', 'individual_reveal', record.data)));
			return { status: 200, body: envelope(200, 'Individual reveal started', 'individual_reveal', record.data) };
		}
		this.completeLater(this.stallReveal?.(record.input) === true, () => this.completeReveal(record));
		return { status: 200, body: envelope(200, 'Individual reveal started', 'individual_reveal', { ...record.data }) };
	}

	private completeReveal(record: RevealRecord): Promise<void> {
		if (this.revealFailure) {
			record.data = { id: record.id, status: 'failed', is_complete: true, enrichment_level: record.level, fail_error: this.revealFailure };
			record.completedAt = Date.now();
			return this.deliver('individual_reveal', record.id, record.callbackUrl, envelope(400, 'Single reveal failed', 'individual_reveal', record.data));
		}
		const contact = fakeContactFor(record.input, record.level, record.emailOptions);
		const spent = ((contact.credits as { api_credits: { total: number } }).api_credits.total) ?? 0;
		this.apiCredits = Math.max(0, this.apiCredits - spent);
		record.data = { id: record.id, status: 'finished', is_complete: true, enrichment_level: record.level, ...contact };
		record.completedAt = Date.now();
		return this.deliver('individual_reveal', record.id, record.callbackUrl, envelope(200, 'Single reveal finished', 'individual_reveal', record.data));
	}

	private getReveal(rawId: string): FakeResponse {
		const id = this.parseId(rawId);
		const record = id === undefined ? undefined : this.reveals.get(id);
		if (!record) return wizaError(404, 'Individual reveal not found.');
		const failed = record.data.status === 'failed';
		return { status: 200, body: envelope(failed ? 400 : 200, failed ? 'Single reveal failed' : `Individual reveal ${String(record.data.status)}`, 'individual_reveal', record.data) };
	}

	// --- Lists ---------------------------------------------------------------------------------

	private createList(request: RecordedRequest): FakeResponse {
		const list = (request.body as { list?: unknown } | undefined)?.list as Record<string, unknown> | undefined;
		if (!list || typeof list !== 'object' || Array.isArray(list)) return wizaError(400, 'list is required.');
		if (typeof list.name !== 'string' || list.name.trim() === '') return wizaError(400, 'list.name is required.');
		if (!Array.isArray(list.items) || list.items.length === 0) return wizaError(400, 'list.items must be a non-empty array.');
		if (list.items.length > 2500) return wizaError(400, 'A list can hold at most 2500 items.');
		const rows: PersonInput[] = [];
		for (const [index, item] of list.items.entries()) {
			const person = validatePerson(item, `list.items[${index}]`);
			if (!person.ok) return wizaError(400, person.message);
			rows.push(person.value);
		}
		const settings = validateSettings(list);
		if (!settings.ok) return wizaError(400, `list.${settings.message}`);

		const id = this.nextId++;
		const record: ListRecord = {
			id,
			name: list.name,
			level: settings.value.level,
			emailOptions: settings.value.emailOptions,
			callbackUrl: settings.value.callbackUrl ?? this.defaultCallbackUrl,
			rows,
			contacts: [],
			data: { id, name: list.name, status: 'queued', enrichment_level: settings.value.level, total: rows.length },
		};
		this.lists.set(id, record);
		if (this.billingIssue) {
			record.data = { ...record.data, status: 'failed', fail_error: 'billing_issue' };
			return { status: 200, body: envelope(200, 'List created', 'list', record.data) };
		}
		this.completeLater(this.stallLists, () => this.completeList(record));
		return { status: 200, body: envelope(200, 'List created', 'list', { ...record.data }) };
	}

	private completeList(record: ListRecord): Promise<void> {
		record.contacts = record.rows.map((row) => {
			const { name, ...rest } = fakeContactFor(row, record.level, record.emailOptions);
			return { full_name: name, ...rest };
		});
		const valid = record.contacts.filter((contact) => contact.email_status === 'valid').length;
		const risky = record.contacts.filter((contact) => contact.email_status === 'risky').length;
		record.data = { ...record.data, status: 'finished', finished_at: new Date().toISOString(), stats: { people: record.contacts.length, valid_emails: valid, risky_emails: risky } };
		// Wiza does not document the list callback; this fake sends the list in the reveal's envelope.
		return this.deliver('list', record.id, record.callbackUrl, envelope(200, 'List finished', 'list', record.data));
	}

	private getList(rawId: string): FakeResponse {
		const id = this.parseId(rawId);
		const record = id === undefined ? undefined : this.lists.get(id);
		if (!record) return wizaError(404, 'List not found.');
		return { status: 200, body: envelope(200, `List ${String(record.data.status)}`, 'list', record.data) };
	}

	private getContacts(rawId: string, segment: string | null): FakeResponse {
		const id = this.parseId(rawId);
		const record = id === undefined ? undefined : this.lists.get(id);
		if (!record) return wizaError(404, 'List not found.');
		if (!segment || !['people', 'valid', 'risky'].includes(segment)) return wizaError(400, 'segment must be people, valid or risky.');
		const contacts = segment === 'people' ? record.contacts : record.contacts.filter((contact) => contact.email_status === segment);
		return { status: 200, body: { status: { code: 200, message: 'Contacts' }, data: contacts } };
	}

	// --- Account -------------------------------------------------------------------------------

	private getCredits(): FakeResponse {
		return {
			status: 200,
			body: { credits: { email_credits: 'unlimited', phone_credits: 250, export_credits: 100, api_credits: this.billingIssue ? 0 : this.apiCredits } },
		};
	}
}
