// A fake Surfe API (v2) on loopback, doing what developers.surfe.com and its help center say
// (developers.surfe.com/webhooks and the API reference): bulk people enrichment (202 with enrichmentID,
// enrichmentCallbackURL, message), company enrichment (up to 500), GET of both, people and
// company search with `pageToken` paging, GET /v1/credits, errors as `{ code, message }` with
// 400/401/402/403/429, a rate limit of 10 requests/second with bursts of 20 (a token bucket), and
// signed webhooks (`x-surfe-signature: t=<ms>,v0=hex(HMAC-SHA256(secret, "<t>.<raw body>"))`):
// one `person.enrichment.completed` per person, then one `person.batch-enrichment.completed`
// per request, and one `company.enrichment.completed` per company.
//
// Where Surfe's docs are silent, the choice is marked "chosen:".
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

import { deliverCallback, FakeServer, type CallbackAttempt, type FakeResponse, type RecordedRequest } from './fakeServer';

export const FAKE_SURFE_API_KEY = 'surfe-test-key';

export const MAX_PEOPLE_PER_REQUEST = 10_000;
export const MAX_COMPANIES_PER_REQUEST = 500;
export const MAX_SEARCH_LIMIT = 200;

export type SurfeFeature = 'people.enrich' | 'companies.enrich' | 'people.search' | 'companies.search';

export interface Credits {
	email: number;
	mobile: number;
	search: number;
}

/** Daily quotas (help center "API credits & quotas"): enriched profiles and search results per day. */
export interface DailyQuotas {
	peopleEnrichment: number;
	companyEnrichment: number;
	peopleSearch: number;
	companySearch: number;
}

export interface FakeSurfeOptions {
	apiKey?: string;
	/** The account's webhook secret. Surfe always signs; tests choose whether the n8n credential knows it. */
	webhookSecret?: string;
	/**
	 * Surfe refuses http:// webhook URLs with a 400 (developers.surfe.com/webhooks). On by default.
	 * Tests whose n8n listens on plain http://127.0.0.1 turn it off: there is no TLS on loopback
	 * here, and what they test is delivery and verification, not the URL rule (which the node's own
	 * unit tests and the default-on fake cover).
	 */
	requireHttpsWebhooks?: boolean;
	/** 10/s with bursts of 20 (developers.surfe.com "rate limits"); `false` turns it off. */
	rateLimit?: { perSecond: number; burst: number } | false;
	/** chosen: Surfe sends no Retry-After on 429 (3rd-party note); a test may ask for one. */
	retryAfterSeconds?: number;
	credits?: Partial<Credits>;
	dailyQuota?: Partial<DailyQuotas>;
	/** Features the plan lacks: their endpoint answers 403. */
	forbidden?: SurfeFeature[];
	/** Time between the start of a job and its completion (and first callback). */
	completeAfterMs?: number;
	/**
	 * chosen: Surfe "may retry" a delivery answered with anything but 200, count and backoff
	 * unknown. The fake retries 3 times, 50 ms apart (a scaled-down stand-in).
	 */
	callbackRetries?: number;
	callbackRetryDelayMs?: number;
	/**
	 * chosen: the batch event's payload is undocumented. `withPeople` sends the GET answer
	 * (`{ enrichmentID, status, percentCompleted, people }`), `statusOnly` the same without people.
	 */
	batchEvent?: 'withPeople' | 'statusOnly' | false;
	/** How many people and companies the search endpoints can find. */
	searchDatasetSize?: number;
}

export interface Delivery {
	eventType: string;
	enrichmentID: string;
	url: string;
	rawBody: string;
	signature: string;
	attempts: CallbackAttempt[];
}

interface Job {
	kind: 'people' | 'companies';
	enrichmentID: string;
	status: 'IN_PROGRESS' | 'COMPLETED';
	results: Record<string, unknown>[];
	webhookUrl?: string;
}

type Body = Record<string, unknown>;

const error = (status: number, message: string, headers?: Record<string, string>): FakeResponse => ({ status, body: { code: status, message }, headers });

export function signSurfeBody(secret: string, rawBody: string | Buffer, timestampMs: number): string {
	const digest = createHmac('sha256', secret)
		.update(Buffer.concat([Buffer.from(`${timestampMs}.`, 'utf8'), Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8')]))
		.digest('hex');
	return `t=${timestampMs},v0=${digest}`;
}

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const capitalise = (word: string) => (word ? word[0].toUpperCase() + word.slice(1).toLowerCase() : word);
const hashOf = (value: string) => parseInt(createHmac('sha256', 'fake').update(value).digest('hex').slice(0, 8), 16);

const TITLES = ['CEO', 'CTO', 'Head of Sales', 'Account Executive', 'VP Marketing'];
const SENIORITIES: Record<string, string[]> = { CEO: ['C-Level'], CTO: ['C-Level'], 'Head of Sales': ['Head'], 'Account Executive': ['Senior'], 'VP Marketing': ['VP'] };
const DEPARTMENTS: Record<string, string[]> = { CEO: ['Management'], CTO: ['Engineering'], 'Head of Sales': ['Sales'], 'Account Executive': ['Sales'], 'VP Marketing': ['Marketing'] };

/** Whether a request person is enough for Surfe: `linkedinUrl`, or first + last name + company name or domain. */
export function identifiesPerson(person: Body): boolean {
	if (text(person.linkedinUrl) !== '') return true;
	return text(person.firstName) !== '' && text(person.lastName) !== '' && (text(person.companyName) !== '' || text(person.companyDomain) !== '');
}

/**
 * What the fake "finds" for a person: deterministic, so tests can predict it. A last name of
 * "Unknown" is not found (status NOT_FOUND, nothing else). The VALID email is listed after a
 * CATCH_ALL one and the best phone after a weaker one, so "best" must be chosen, not taken first.
 */
export function fakeEnrichedPerson(input: Body, include: Body, options: Body = {}): Record<string, unknown> {
	const slug = /\/in\/([^/?#]+)/.exec(text(input.linkedinUrl))?.[1] ?? '';
	const [slugFirst = '', slugLast = ''] = slug.split('-');
	const firstName = text(input.firstName) || capitalise(slugFirst);
	const lastName = text(input.lastName) || capitalise(slugLast);
	const domain = text(input.companyDomain).toLowerCase() || (text(input.companyName) ? `${text(input.companyName).toLowerCase().replace(/[^a-z0-9]+/g, '')}.com` : 'example.com');
	const companyName = text(input.companyName) || capitalise(domain.split('.')[0]);
	const person: Record<string, unknown> = { externalID: input.externalID, firstName, lastName };
	if (/^unknown$/i.test(lastName)) return { ...person, status: 'NOT_FOUND', emails: [], mobilePhones: [] };

	const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
	const title = TITLES[hashOf(local) % TITLES.length];
	Object.assign(person, {
		status: 'COMPLETED',
		jobTitle: title,
		companyName,
		companyDomain: domain,
		location: 'Paris, Île-de-France',
		country: 'France',
		departments: DEPARTMENTS[title],
		seniorities: SENIORITIES[title],
	});
	if (include.email === true) {
		person.emails =
			options.acceptedEmailType === 'personal'
				? [{ email: `${local}@gmail.com`, validationStatus: 'VALID' }]
				: [
						{ email: `${firstName[0]}${lastName}@${domain}`.toLowerCase(), validationStatus: 'CATCH_ALL' },
						{ email: `${local}@${domain}`, validationStatus: 'VALID' },
					];
	}
	const noEmail = !Array.isArray(person.emails) || person.emails.length === 0;
	if (include.mobile === true && !(options.skipMobileEnrichmentIfNoEmailFound === true && noEmail)) {
		const digits = String(hashOf(local)).padStart(8, '0').slice(0, 8);
		person.mobilePhones = [
			{ mobilePhone: `+33 7 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)}`, confidenceScore: 0.55 },
			{ mobilePhone: `+33 6 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)}`, confidenceScore: 0.92 },
		];
	}
	if (include.linkedInUrl === true || text(input.linkedinUrl) !== '') {
		person.linkedInUrl = text(input.linkedinUrl) || `https://www.linkedin.com/in/${firstName}-${lastName}`.toLowerCase();
	}
	if (include.jobHistory === true) {
		person.jobHistory = [
			{ companyName, jobTitle: title, startDate: '2022-01-01T00:00:00Z', endDate: null, linkedInURL: `urn:li:company:${hashOf(domain) % 100000}` },
			{ companyName: 'Previous Co', jobTitle: 'Sales Manager', startDate: '2018-03-01T00:00:00Z', endDate: '2021-12-31T00:00:00Z', linkedInURL: 'urn:li:company:42' },
		];
	}
	return person;
}

/** A company for `{ domain, externalID }`; a domain starting with "unknown" is not found. */
export function fakeEnrichedCompany(input: Body): Record<string, unknown> {
	const domain = text(input.domain).toLowerCase();
	if (/^unknown/.test(domain)) return { externalID: input.externalID, status: 'NOT_FOUND', websites: [domain] };
	const stem = domain.split('.')[0];
	return {
		externalID: input.externalID,
		name: capitalise(stem),
		description: `${capitalise(stem)} builds software for sales teams.`,
		linkedInURL: `https://www.linkedin.com/company/${stem}`,
		websites: [domain],
		founded: '2015',
		revenue: '10-50M',
		employeeCount: 20 + (hashOf(domain) % 400),
		industry: 'Software',
		subIndustry: 'Application Software',
		isPublic: false,
		followersCountLinkedin: hashOf(domain) % 10000,
		hqCountry: 'FR',
		hqAddress: '1 Rue de la Paix, 75002 Paris',
		keywords: ['sales', 'crm'],
		phones: ['+33 1 00 00 00 00'],
		digitalPresence: [{ name: 'LinkedIn', url: `https://www.linkedin.com/company/${stem}` }],
		fundingRounds: [{ name: 'Seed', amount: 1000000, amountCurrency: 'EUR', announcedDate: '2016-05-01', leadInvestors: ['Fund A'] }],
		status: 'COMPLETED',
	};
}

export class FakeSurfe {
	readonly server = new FakeServer();
	/** How many requests got 429. */
	rateLimitedCount = 0;
	readonly apiKey: string;
	readonly webhookSecret: string;
	readonly credits: Credits;
	readonly quota: DailyQuotas;
	readonly used: DailyQuotas = { peopleEnrichment: 0, companyEnrichment: 0, peopleSearch: 0, companySearch: 0 };
	readonly jobs = new Map<string, Job>();
	readonly deliveries: Delivery[] = [];
	/** Set by a test to change what the next deliveries' signatures look like (e.g. a stale timestamp). */
	signatureTimestamp: () => number = () => Date.now();
	/** While true, started jobs wait for `releaseCompletions()` before completing (events come when a test says). */
	holdCompletions = false;
	/**
	 * The `job`-th job started (1-based) delivers only the events of its first `after` entries,
	 * then stays IN_PROGRESS and sends no batch event (a job still running when a time limit passes).
	 */
	stallJob?: { job: number; after: number };

	private readonly options: FakeSurfeOptions;
	private readonly pending = new Set<Promise<void>>();
	private readonly held: Array<() => void> = [];
	private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
	private tokens: number;
	private lastRefill = Date.now();
	private closed = false;

	constructor(options: FakeSurfeOptions = {}) {
		this.options = options;
		this.apiKey = options.apiKey ?? FAKE_SURFE_API_KEY;
		this.webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(12).toString('hex')}`;
		this.credits = { email: 1000, mobile: 1000, search: 1000, ...options.credits };
		this.quota = { peopleEnrichment: 2000, companyEnrichment: 2000, peopleSearch: 200, companySearch: 200, ...options.dailyQuota };
		this.tokens = options.rateLimit === false ? Number.POSITIVE_INFINITY : (options.rateLimit?.burst ?? 20);

		this.server
			.route('POST', '/v2/people/enrich', this.guarded((request) => this.startPeople(request)))
			.route('GET', '/v2/people/enrich/:id', this.guarded((_request, params) => this.getJob('people', params.id)))
			.route('POST', '/v2/companies/enrich', this.guarded((request) => this.startCompanies(request)))
			.route('GET', '/v2/companies/enrich/:id', this.guarded((_request, params) => this.getJob('companies', params.id)))
			.route('POST', '/v2/people/search', this.guarded((request) => this.searchPeople(request)))
			.route('POST', '/v2/companies/search', this.guarded((request) => this.searchCompanies(request)))
			.route('GET', '/v1/credits', this.guarded(() => ({ status: 200, body: this.creditsBody() })));
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

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	/** Resolves once every scheduled delivery (with its retries) is done. */
	async idle(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	/** Stops: jobs not yet complete never call back; deliveries under way finish their retries. */
	/** With `holdCompletions`: lets every held job complete (and call back). */
	releaseCompletions(): void {
		for (const release of this.held.splice(0)) release();
	}

	async close(): Promise<void> {
		this.closed = true;
		this.releaseCompletions();
		for (const wait of this.waits) {
			clearTimeout(wait.timer);
			wait.resolve();
		}
		await this.idle();
		await this.server.close();
	}

	/** Signs a body the way this account's deliveries are signed. */
	sign(rawBody: string | Buffer, timestampMs = Date.now()): string {
		return signSurfeBody(this.webhookSecret, rawBody, timestampMs);
	}

	// --- request guards --------------------------------------------------------------------------

	private guarded(handler: (request: RecordedRequest, params: Record<string, string>) => FakeResponse): (request: RecordedRequest, params: Record<string, string>) => FakeResponse {
		return (request, params) => {
			if (request.headers.authorization !== `Bearer ${this.apiKey}`) return error(401, 'Unauthorized: missing or invalid API key');
			if (!this.takeToken()) {
				this.rateLimitedCount++;
				const headers = this.options.retryAfterSeconds !== undefined ? { 'retry-after': String(this.options.retryAfterSeconds) } : undefined;
				return error(429, 'Too many requests: the limit is 10 requests per second with bursts of 20', headers);
			}
			return handler(request, params);
		};
	}

	/** Token bucket: `burst` tokens, refilled at `perSecond`. */
	private takeToken(): boolean {
		const limit = this.options.rateLimit;
		if (limit === false) return true;
		const perSecond = limit?.perSecond ?? 10;
		const burst = limit?.burst ?? 20;
		const now = Date.now();
		this.tokens = Math.min(burst, this.tokens + ((now - this.lastRefill) / 1000) * perSecond);
		this.lastRefill = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}

	private forbidden(feature: SurfeFeature): FakeResponse | undefined {
		return this.options.forbidden?.includes(feature) ? error(403, `Your plan does not include ${feature.replace('.', ' ')}`) : undefined;
	}

	private webhookUrlProblem(body: Body): FakeResponse | undefined {
		const notification = body.notificationOptions;
		if (notification === undefined) return undefined;
		if (!isObject(notification)) return error(400, 'notificationOptions must be an object');
		const url = notification.webhookUrl;
		if (url === undefined || url === '') return undefined;
		let parsed: URL;
		try {
			parsed = new URL(String(url));
		} catch {
			return error(400, 'notificationOptions.webhookUrl is not a valid URL');
		}
		if (parsed.protocol !== 'https:' && (this.options.requireHttpsWebhooks ?? true)) return error(400, 'notificationOptions.webhookUrl must use HTTPS');
		return undefined;
	}

	// --- enrichment ------------------------------------------------------------------------------

	private startPeople(request: RecordedRequest): FakeResponse {
		const denied = this.forbidden('people.enrich');
		if (denied) return denied;
		const body = isObject(request.body) ? request.body : {};
		const include = body.include;
		if (!isObject(include)) return error(400, 'include is required');
		if (!['email', 'mobile', 'linkedInUrl', 'jobHistory'].some((key) => include[key] === true)) {
			return error(400, 'include: at least one of email, mobile, linkedInUrl, jobHistory must be true');
		}
		const people = body.people;
		if (!Array.isArray(people) || people.length === 0 || people.length > MAX_PEOPLE_PER_REQUEST) {
			return error(400, `people must hold between 1 and ${MAX_PEOPLE_PER_REQUEST} people`);
		}
		const unidentified = people.findIndex((person) => !isObject(person) || !identifiesPerson(person));
		if (unidentified >= 0) return error(400, `people[${unidentified}]: provide linkedinUrl, or firstName, lastName and companyName or companyDomain`);
		const urlProblem = this.webhookUrlProblem(body);
		if (urlProblem) return urlProblem;
		if (this.used.peopleEnrichment + people.length > this.quota.peopleEnrichment) {
			return error(402, `Daily quota exceeded: people enrichment is limited to ${this.quota.peopleEnrichment} profiles per day, it resets at midnight`);
		}
		const empty = [include.email === true && this.credits.email <= 0 ? 'email' : '', include.mobile === true && this.credits.mobile <= 0 ? 'mobile' : ''].filter(Boolean);
		if (empty.length > 0) return error(402, `You are out of ${empty.join(' and ')} credits, buy more here: https://surfe.com/buy-credits`);

		this.used.peopleEnrichment += people.length;
		const options = isObject(body.enrichmentOptions) ? body.enrichmentOptions : {};
		const results = (people as Body[]).map((person) => fakeEnrichedPerson(person, include, options));
		for (const person of results) {
			// Credits are spent only when something was found (help center, "credits").
			if (Array.isArray(person.emails) && person.emails.length > 0) this.credits.email = Math.max(0, this.credits.email - 1);
			if (Array.isArray(person.mobilePhones) && person.mobilePhones.length > 0) this.credits.mobile = Math.max(0, this.credits.mobile - 1);
		}
		return this.startJob('people', results, body);
	}

	private startCompanies(request: RecordedRequest): FakeResponse {
		const denied = this.forbidden('companies.enrich');
		if (denied) return denied;
		const body = isObject(request.body) ? request.body : {};
		const companies = body.companies;
		if (!Array.isArray(companies) || companies.length === 0 || companies.length > MAX_COMPANIES_PER_REQUEST) {
			return error(400, `companies must hold between 1 and ${MAX_COMPANIES_PER_REQUEST} companies`);
		}
		const missing = companies.findIndex((company) => !isObject(company) || text(company.domain) === '');
		if (missing >= 0) return error(400, `companies[${missing}].domain is required`);
		const urlProblem = this.webhookUrlProblem(body);
		if (urlProblem) return urlProblem;
		if (this.used.companyEnrichment + companies.length > this.quota.companyEnrichment) {
			return error(402, `Daily quota exceeded: company enrichment is limited to ${this.quota.companyEnrichment} companies per day, it resets at midnight`);
		}
		this.used.companyEnrichment += companies.length;
		return this.startJob('companies', (companies as Body[]).map(fakeEnrichedCompany), body);
	}

	private startJob(kind: Job['kind'], results: Record<string, unknown>[], body: Body): FakeResponse {
		const enrichmentID = randomUUID();
		const webhookUrl = isObject(body.notificationOptions) && typeof body.notificationOptions.webhookUrl === 'string' && body.notificationOptions.webhookUrl !== '' ? body.notificationOptions.webhookUrl : undefined;
		const job: Job = { kind, enrichmentID, status: 'IN_PROGRESS', results, webhookUrl };
		this.jobs.set(enrichmentID, job);
		this.track(this.completeLater(job, this.stallJob?.job === this.jobs.size ? this.stallJob.after : undefined));
		return {
			status: 202,
			body: {
				enrichmentID,
				enrichmentCallbackURL: `${this.baseUrl}/v2/${kind}/enrich/${enrichmentID}`,
				message: 'Your enrichment has started ✨, estimated time: 1 seconds.',
			},
		};
	}

	private getJob(kind: Job['kind'], id: string): FakeResponse {
		const job = this.jobs.get(id);
		if (!job || job.kind !== kind) return error(404, `No ${kind} enrichment with ID ${id}`);
		const done = job.status === 'COMPLETED';
		return { status: 200, body: { enrichmentID: id, status: job.status, percentCompleted: done ? 100 : 0, [kind]: done ? job.results : [] } };
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const wait = {
				timer: setTimeout(() => {
					this.waits.delete(wait);
					resolve();
				}, ms),
				resolve,
			};
			this.waits.add(wait);
		});
	}

	private track(work: Promise<void>): void {
		this.pending.add(work);
		void work.finally(() => this.pending.delete(work));
	}

	private async completeLater(job: Job, stallAfter?: number): Promise<void> {
		if (this.holdCompletions) await new Promise<void>((resolve) => this.held.push(resolve));
		await this.sleep(this.options.completeAfterMs ?? 20);
		if (this.closed) return;
		if (stallAfter === undefined) job.status = 'COMPLETED';
		if (!job.webhookUrl || this.closed) return;
		const delivered = stallAfter === undefined ? job.results : job.results.slice(0, stallAfter);
		if (job.kind === 'companies') {
			for (const company of delivered) await this.deliver(job, 'company.enrichment.completed', { enrichmentID: job.enrichmentID, company });
			return;
		}
		for (const person of delivered) await this.deliver(job, 'person.enrichment.completed', { enrichmentID: job.enrichmentID, person });
		if (stallAfter !== undefined) return;
		const batch = this.options.batchEvent ?? 'withPeople';
		if (batch === false) return;
		const data: Body = { enrichmentID: job.enrichmentID, status: 'COMPLETED', percentCompleted: 100 };
		if (batch === 'withPeople') data.people = job.results;
		await this.deliver(job, 'person.batch-enrichment.completed', data);
	}

	private async deliver(job: Job, eventType: string, data: Body): Promise<void> {
		if (this.closed || !job.webhookUrl) return;
		const rawBody = JSON.stringify({ eventType, data });
		const signature = this.sign(rawBody, this.signatureTimestamp());
		const attempts = await deliverCallback(job.webhookUrl, rawBody, { 'x-surfe-signature': signature }, {
			retries: this.options.callbackRetries ?? 3,
			retryDelayMs: this.options.callbackRetryDelayMs ?? 50,
		});
		this.deliveries.push({ eventType, enrichmentID: job.enrichmentID, url: job.webhookUrl, rawBody, signature, attempts });
	}

	// --- search and credits ----------------------------------------------------------------------

	private peopleDataset(): Record<string, unknown>[] {
		const size = this.options.searchDatasetSize ?? 45;
		return Array.from({ length: size }, (_unused, index) => {
			const title = TITLES[index % TITLES.length];
			const company = `company${Math.floor(index / 3)}`;
			return {
				firstName: `First${index}`,
				lastName: `Last${index}`,
				jobTitle: title,
				companyName: capitalise(company),
				companyDomain: `${company}.com`,
				country: 'France',
				departments: DEPARTMENTS[title],
				seniorities: SENIORITIES[title],
				linkedInUrl: `https://www.linkedin.com/in/first${index}-last${index}`,
			};
		});
	}

	private companyDataset(): Record<string, unknown>[] {
		const size = this.options.searchDatasetSize ?? 45;
		return Array.from({ length: size }, (_unused, index) => ({
			name: `Company${index}`,
			domain: `company${index}.com`,
			countries: [index % 2 === 0 ? 'fr' : 'de'],
			industries: [index % 3 === 0 ? 'Software' : 'Retail'],
			employeeCount: 10 * (index + 1),
			revenue: '1-10M',
		}));
	}

	/** chosen: page tokens are opaque base64 offsets, `''` on the last page. */
	private page(request: RecordedRequest, all: Record<string, unknown>[], quotaKey: 'peopleSearch' | 'companySearch'): { results: Record<string, unknown>[]; next: string; total: number } | FakeResponse {
		const body = isObject(request.body) ? request.body : {};
		const limit = body.limit ?? 10;
		if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) return error(400, `limit must be between 1 and ${MAX_SEARCH_LIMIT}`);
		const token = typeof body.pageToken === 'string' ? body.pageToken : '';
		const offset = token === '' ? 0 : Number(Buffer.from(token, 'base64').toString('utf8').replace(/^offset:/, ''));
		if (!Number.isInteger(offset) || offset < 0) return error(400, 'pageToken is not valid');
		const remaining = this.quota[quotaKey] - this.used[quotaKey];
		if (remaining <= 0) {
			const what = quotaKey === 'peopleSearch' ? 'people search' : 'company search';
			return error(402, `Daily quota exceeded: ${what} is limited to ${this.quota[quotaKey]} results per day, it resets at midnight`);
		}
		const results = all.slice(offset, offset + Math.min(limit, remaining));
		this.used[quotaKey] += results.length;
		const nextOffset = offset + results.length;
		return { results, next: nextOffset < all.length ? Buffer.from(`offset:${nextOffset}`).toString('base64') : '', total: all.length };
	}

	private searchPeople(request: RecordedRequest): FakeResponse {
		const denied = this.forbidden('people.search');
		if (denied) return denied;
		const body = isObject(request.body) ? request.body : {};
		const companies = isObject(body.companies) ? body.companies : {};
		const people = isObject(body.people) ? body.people : {};
		const domains = Array.isArray(companies.domains) ? companies.domains.map(String) : [];
		const titles = Array.isArray(people.jobTitles) ? people.jobTitles.map((title) => String(title).toLowerCase()) : [];
		const perCompany = typeof body.peoplePerCompany === 'number' ? body.peoplePerCompany : Number.POSITIVE_INFINITY;
		const counted = new Map<string, number>();
		const matching = this.peopleDataset().filter((person) => {
			if (domains.length > 0 && !domains.includes(String(person.companyDomain))) return false;
			if (titles.length > 0 && !titles.some((title) => String(person.jobTitle).toLowerCase().includes(title))) return false;
			const seen = counted.get(String(person.companyDomain)) ?? 0;
			if (seen >= perCompany) return false;
			counted.set(String(person.companyDomain), seen + 1);
			return true;
		});
		const page = this.page(request, matching, 'peopleSearch');
		if ('status' in page) return page;
		return { status: 200, body: { people: page.results, nextPageToken: page.next, total: page.total } };
	}

	private searchCompanies(request: RecordedRequest): FakeResponse {
		const denied = this.forbidden('companies.search');
		if (denied) return denied;
		const body = isObject(request.body) ? request.body : {};
		const filters = isObject(body.filters) ? body.filters : {};
		const list = (value: unknown) => (Array.isArray(value) ? value.map((entry) => String(entry).toLowerCase()) : []);
		const countries = list(filters.countries);
		const industries = list(filters.industries);
		const domains = list(filters.domains);
		const matching = this.companyDataset().filter(
			(company) =>
				(countries.length === 0 || (company.countries as string[]).some((country) => countries.includes(country))) &&
				(industries.length === 0 || (company.industries as string[]).some((industry) => industries.includes(industry.toLowerCase()))) &&
				(domains.length === 0 || domains.includes(String(company.domain))),
		);
		const page = this.page(request, matching, 'companySearch');
		if ('status' in page) return page;
		return { status: 200, body: { companies: page.results, companyDomains: page.results.map((company) => company.domain), nextPageToken: page.next } };
	}

	private creditsBody(): Body {
		const empty = [this.credits.email <= 0 ? 'email' : '', this.credits.mobile <= 0 ? 'mobile' : ''].filter(Boolean);
		const body: Body = { totalEmail: this.credits.email, totalMobile: this.credits.mobile, totalSearch: this.credits.search };
		if (empty.length > 0) body.message = `You are out of ${empty.join(' and ')} credits, buy more here: https://surfe.com/buy-credits`;
		return body;
	}
}
