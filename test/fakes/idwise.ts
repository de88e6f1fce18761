// A fake IDWise server API on loopback, doing what docs.idwise.com says: Basic auth with a server
// key and secret, POST /journey/v2/start-journey, GET /journey/v2/summary/{id} (at most one call
// per 2 s per journey, or 429) and the journey result. Error bodies are not documented by IDWise;
// the fake answers `{ message, error_code }`, a shape the node's error reader understands among
// others. The result path is the node's choice (nodes/IDWise/transport.ts, journeyResultPath).
import { randomBytes } from 'node:crypto';

import { FakeServer, type FakeResponse, type RecordedRequest } from './fakeServer';

export interface FakeJourney {
	journeyId: string;
	flowId: string;
	referenceNo: string;
	applicantDetails?: Record<string, unknown>;
	isCompleted: boolean;
	systemDecision: string;
	manualDecision: string | null;
	finalDecision: string;
}

export interface FakeIdwiseOptions {
	apiKey?: string;
	apiSecret?: string;
	/** IDWise: "at least 2 seconds" between summary calls for one journey. */
	summaryIntervalMs?: number;
}

const REFERENCE_NO = /^[A-Za-z0-9\-_/\\,.+@]+$/;
const error = (status: number, message: string, code: string): FakeResponse => ({ status, body: { message, error_code: code } });

export class FakeIdwise {
	readonly server = new FakeServer();
	readonly journeys = new Map<string, FakeJourney>();
	readonly apiKey: string;
	readonly apiSecret: string;
	readonly summaryIntervalMs: number;
	/** Summary calls answered 429 because they came too soon after the last one for the journey. */
	rateLimitedSummaryCalls = 0;
	private readonly lastSummaryAt = new Map<string, number>();

	constructor(options: FakeIdwiseOptions = {}) {
		this.apiKey = options.apiKey ?? 'server-key-1';
		this.apiSecret = options.apiSecret ?? 'server-secret-1';
		this.summaryIntervalMs = options.summaryIntervalMs ?? 2000;
		this.server
			.route('POST', '/journey/v2/start-journey', (request) => this.authorised(request) ?? this.startJourney(request))
			.route('GET', '/journey/v2/summary/:journeyId', (request, params) => this.authorised(request) ?? this.summary(params.journeyId))
			.route('GET', '/journey/v2/result/:journeyId', (request, params) => this.authorised(request) ?? this.result(params.journeyId));
	}

	get baseUrl(): string {
		return this.server.baseUrl;
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	async close(): Promise<void> {
		await this.server.close();
	}

	/** A journey as if a user had gone through it (for webhook tests that fetch its summary). */
	addJourney(journey: Partial<FakeJourney> & { journeyId?: string } = {}): FakeJourney {
		const created: FakeJourney = {
			journeyId: journey.journeyId ?? randomBytes(12).toString('hex'),
			flowId: journey.flowId ?? 'flow-1',
			referenceNo: journey.referenceNo ?? 'customer-1',
			applicantDetails: journey.applicantDetails,
			isCompleted: journey.isCompleted ?? true,
			systemDecision: journey.systemDecision ?? 'Complete',
			manualDecision: journey.manualDecision ?? null,
			finalDecision: journey.finalDecision ?? journey.manualDecision ?? journey.systemDecision ?? 'Complete',
		};
		this.journeys.set(created.journeyId, created);
		return created;
	}

	summaryRequests(journeyId?: string): RecordedRequest[] {
		return this.server.requestsTo('GET', new RegExp(`^/journey/v2/summary/${journeyId ?? '[^/]+'}$`));
	}

	private authorised(request: RecordedRequest): FakeResponse | undefined {
		const header = request.headers.authorization;
		if (typeof header !== 'string' || !header.startsWith('Basic ')) return error(401, 'Authentication credentials were not provided.', 'not_authenticated');
		const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
		const separator = decoded.indexOf(':');
		if (separator < 0 || decoded.slice(0, separator) !== this.apiKey || decoded.slice(separator + 1) !== this.apiSecret) {
			return error(401, 'Invalid API key or secret.', 'authentication_failed');
		}
		return undefined;
	}

	private startJourney(request: RecordedRequest): FakeResponse {
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (typeof body.flow_id !== 'string' || body.flow_id === '') return error(400, 'flow_id is required.', 'invalid_flow_id');
		if (typeof body.reference_no !== 'string' || !REFERENCE_NO.test(body.reference_no.trim())) return error(400, 'reference_no is invalid.', 'invalid_reference_no');
		const applicant = body.applicant_details as Record<string, unknown> | undefined;
		if (applicant !== undefined) {
			if (typeof applicant.full_name !== 'string' || applicant.full_name === '') return error(400, 'applicant_details.full_name is required.', 'invalid_applicant');
			if (applicant.birth_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(applicant.birth_date))) return error(400, 'birth_date must be YYYY-MM-DD.', 'invalid_applicant');
			if (applicant.sex !== undefined && applicant.sex !== 'male' && applicant.sex !== 'female') return error(400, 'sex must be male or female.', 'invalid_applicant');
		}
		const journey = this.addJourney({
			flowId: body.flow_id,
			referenceNo: body.reference_no.trim(),
			applicantDetails: applicant,
			isCompleted: false,
			systemDecision: 'Incomplete',
		});
		return { status: 200, body: { journey_id: journey.journeyId, reference_no: journey.referenceNo, is_completed: false, step_summaries: [] } };
	}

	private summary(journeyId: string): FakeResponse {
		const now = Date.now();
		const last = this.lastSummaryAt.get(journeyId);
		if (last !== undefined && now - last < this.summaryIntervalMs) {
			this.rateLimitedSummaryCalls++;
			return error(429, 'Too many requests: call the summary at most once every 2 seconds.', 'rate_limited');
		}
		this.lastSummaryAt.set(journeyId, now);
		const journey = this.journeys.get(journeyId);
		if (!journey) return error(404, 'Journey not found.', 'journey_not_found');
		return {
			status: 200,
			body: {
				journey_id: journey.journeyId,
				is_completed: journey.isCompleted,
				step_summaries: [
					{
						definition: { step_id: '0', step_type: 'Document', step_title: 'Photo ID' },
						result: { has_passed_rules: true, is_concluded: true, status: 'Submitted', error_user_feedback_code: null, error_user_feedback_title: '', error_user_feedback_details: '' },
					},
					{
						definition: { step_id: '2', step_type: 'Selfie', step_title: 'Selfie' },
						result: { has_passed_rules: true, is_concluded: true, status: 'Submitted', error_user_feedback_code: null, error_user_feedback_title: '', error_user_feedback_details: '' },
					},
				],
				result: {
					interim_rule_assessment: journey.systemDecision === 'Refer' ? 'Failed' : 'Passed',
					interim_rule_details: {
						same_subject: { name: 'Same Person', result: 'Passed' },
						under_age: { name: 'Under Age', result: 'Passed' },
						no_duplicate_applicant: { name: 'Unique Applicant', result: 'Passed' },
					},
				},
			},
		};
	}

	private result(journeyId: string): FakeResponse {
		const journey = this.journeys.get(journeyId);
		if (!journey) return error(404, 'Journey not found.', 'journey_not_found');
		return {
			status: 200,
			body: {
				journey_id: journey.journeyId,
				customer_id: 'customer-account-1',
				flow_id: journey.flowId,
				journey_definintion_id: journey.flowId,
				reference_number: journey.referenceNo,
				start_time: '2026-11-20T10:00:00Z',
				end_time: journey.isCompleted ? '2026-11-20T10:04:00Z' : null,
				system_decision: journey.systemDecision,
				manual_decision: journey.manualDecision,
				final_decision: journey.finalDecision,
				model_version: '3.0',
				documents: { '0': { document_type: 'Passport', issuing_country_code: 'GBR', has_passed_rules: true } },
				selfie: { status: 'Complete', is_live: true, liveness_status_code: 'OK', image_path: `journeys/${journey.journeyId}/selfie.jpg` },
				rule_results: {},
				applicant: journey.applicantDetails ?? {},
			},
		};
	}
}
