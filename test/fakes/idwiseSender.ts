// A fake IDWise webhook sender: it posts the documented `{ event, body }` envelope of each webhook
// type with each authentication IDWise's wizard offers, and retries like IDWise does: when the
// endpoint does not answer 200, again at 5, 10 and 15 minutes (docs.idwise.com/docs/
// configure-webhook-urls), with the same eventId. Minutes are scaled down for tests.
import { randomUUID } from 'node:crypto';

export type IdwiseSenderAuth =
	| { type: 'none' }
	| { type: 'basic'; username: string; password: string }
	| { type: 'bearer'; token: string }
	| { type: 'headers'; headers: Record<string, string> };

export interface IdwiseEnvelope {
	event: string;
	body: Record<string, unknown>;
}

/** What IDWise puts in `body` beyond eventId / journeyId / referenceNo, per documented type. */
export const SAMPLE_EVENT_FIELDS: Record<string, Record<string, unknown>> = {
	'Finished Journey': { systemDecision: 'Complete' },
	'Finished User Steps': { systemDecision: 'Incomplete' },
	'Finished Step': { stepId: '0', stepType: 'Document' },
	'Manually Reviewed': { systemDecision: 'Refer', manualDecision: 'Approved', finalDecision: 'Approved' },
	'Updated Journey': { systemDecision: 'Refer', manualDecision: 'Rejected', finalDecision: 'Rejected', action: 'AML Amend' },
	'Verification Update Required': {
		systemDecision: 'Complete',
		manualDecision: null,
		finalDecision: 'Complete',
		trigger: 'KYC Renewal',
		requiredSteps: [{ stepId: '0', reasonCode: 'DOCUMENT_EXPIRED' }],
	},
	'KYC Renewal Deadline Exceeded': { requiredSteps: [{ stepId: '0', renewalDeadline: '2026-12-01' }] },
	'AML Monitor Update': { systemDecision: 'Refer', previousSystemDecision: 'Complete', updatedAMLVersionNumber: 2 },
	'Finished Spot Check': { systemDecision: 'Complete', ongoingCheckId: 'check-1' },
	'Finished Ongoing Check': { systemDecision: 'Complete', ongoingCheckId: 'check-2' },
};

export const DOCUMENTED_EVENT_NAMES = Object.keys(SAMPLE_EVENT_FIELDS);

export function idwiseEvent(event: string, body: Record<string, unknown> = {}): IdwiseEnvelope {
	return {
		event,
		body: {
			eventId: randomUUID(),
			journeyId: '6568c0f1a2b3c4d5e6f7db3c',
			referenceNo: 'customer-1',
			...(SAMPLE_EVENT_FIELDS[event] ?? {}),
			...body,
		},
	};
}

export function authHeadersFor(auth: IdwiseSenderAuth): Record<string, string> {
	switch (auth.type) {
		case 'none':
			return {};
		case 'basic':
			return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
		case 'bearer':
			return { authorization: `Bearer ${auth.token}` };
		case 'headers':
			return { ...auth.headers };
	}
}

export interface DeliveryAttempt {
	status: number | 'network-error';
	body: string;
	at: number;
}

export interface DeliveryPolicy {
	/** Real milliseconds per IDWise minute (IDWise waits 5, 10, 15 minutes). */
	msPerMinute: number;
	retryAfterMinutes?: number[];
	/** Called after each attempt, before any wait (tests use it to change the world between tries). */
	onAttempt?: (attempt: DeliveryAttempt, index: number) => void | Promise<void>;
}

export const IDWISE_RETRY_MINUTES = [5, 10, 15];

/** POSTs the raw body once. */
export async function postOnce(url: string, rawBody: string, headers: Record<string, string>): Promise<DeliveryAttempt> {
	try {
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: rawBody });
		return { status: response.status, body: await response.text(), at: Date.now() };
	} catch {
		return { status: 'network-error', body: '', at: Date.now() };
	}
}

/**
 * Delivers one webhook like IDWise: the first attempt, then a retry after each of 5, 10 and 15
 * (scaled) minutes while the answer is not 200. Every attempt sends the same bytes and eventId.
 */
export async function deliverIdwiseWebhook(
	url: string,
	envelope: IdwiseEnvelope,
	/** One auth for every attempt, or one per attempt (the wizard's values edited between retries). */
	auth: IdwiseSenderAuth | ((attemptIndex: number) => IdwiseSenderAuth),
	policy: DeliveryPolicy,
): Promise<DeliveryAttempt[]> {
	const rawBody = JSON.stringify(envelope);
	const attempts: DeliveryAttempt[] = [];
	const delays = [0, ...(policy.retryAfterMinutes ?? IDWISE_RETRY_MINUTES)];
	for (const minutes of delays) {
		if (minutes > 0) await new Promise((resolve) => setTimeout(resolve, minutes * policy.msPerMinute));
		const attempt = await postOnce(url, rawBody, authHeadersFor(typeof auth === 'function' ? auth(attempts.length) : auth));
		attempts.push(attempt);
		await policy.onAttempt?.(attempt, attempts.length - 1);
		if (attempt.status === 200) break;
	}
	return attempts;
}
