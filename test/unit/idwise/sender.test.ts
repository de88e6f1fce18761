// The fake IDWise sender against the trigger behind a real HTTP endpoint: every documented event
// with every auth method, and IDWise's retry schedule (5, 10, 15 minutes, scaled) with one eventId.
import type { IDataObject } from 'n8n-workflow';

import { deliverIdwiseWebhook, DOCUMENTED_EVENT_NAMES, idwiseEvent, type IdwiseSenderAuth } from '../../fakes/idwiseSender';
import { startTriggerServer, type TriggerServer } from './triggerHarness';

const MS_PER_MINUTE = 5;

const methods: Array<[string, IDataObject, IdwiseSenderAuth, IdwiseSenderAuth]> = [
	['none', { authentication: 'none' }, { type: 'none' }, { type: 'none' }],
	['basic', { authentication: 'enrichmentWebhooksIdwiseWebhookApi' }, { type: 'basic', username: 'u', password: 'p' }, { type: 'basic', username: 'u', password: 'q' }],
	['bearer', { authentication: 'enrichmentWebhooksIdwiseWebhookApi' }, { type: 'bearer', token: 't-1' }, { type: 'bearer', token: 't-2' }],
	['headers', { authentication: 'enrichmentWebhooksIdwiseWebhookApi' }, { type: 'headers', headers: { 'X-Key': 'k' } }, { type: 'headers', headers: { 'X-Key': 'K' } }],
];

const credentialFor = (auth: IdwiseSenderAuth) => {
	switch (auth.type) {
		case 'basic':
			return { authType: 'basicAuth', username: auth.username, password: auth.password };
		case 'bearer':
			return { authType: 'bearerToken', token: auth.token };
		case 'headers':
			return { authType: 'customHeaders', headers: { values: Object.entries(auth.headers).map(([name, value]) => ({ name, value })) } };
		default:
			return undefined;
	}
};

describe.each(methods)('IDWise sends with auth %s', (_label, parameters, right, wrong) => {
	let trigger: TriggerServer;
	beforeEach(async () => {
		const credential = credentialFor(right);
		trigger = await startTriggerServer({ parameters, credentials: credential ? { enrichmentWebhooksIdwiseWebhookApi: credential } : undefined });
	});
	afterEach(async () => {
		await trigger.close();
	});

	it('delivers every documented event type in one attempt, each starting one execution', async () => {
		for (const event of DOCUMENTED_EVENT_NAMES) {
			const attempts = await deliverIdwiseWebhook(trigger.url, idwiseEvent(event), right, { msPerMinute: MS_PER_MINUTE });
			expect(attempts.map((attempt) => attempt.status)).toEqual([200]);
		}
		expect(trigger.executions.map((items) => items[0].json.event)).toEqual(DOCUMENTED_EVENT_NAMES);
	});

	if (right.type !== 'none') {
		it('is refused with 401 on the first attempt and on all three retries, starting nothing', async () => {
			const attempts = await deliverIdwiseWebhook(trigger.url, idwiseEvent('Finished Journey'), wrong, { msPerMinute: MS_PER_MINUTE });
			expect(attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401, 401]);
			expect(trigger.executions).toHaveLength(0);
		});
	}
});

describe('IDWise retries', () => {
	it('reach the trigger once it is up, and the event runs once', async () => {
		// The first attempt finds nothing listening (n8n restarting); the retry 5 "minutes" later lands.
		const probe = await startTriggerServer({ parameters: { authentication: 'none' } });
		const { url } = probe;
		await probe.close();
		const port = Number(new URL(url).port);
		const envelope = idwiseEvent('Manually Reviewed');
		let restarted: TriggerServer | undefined;
		const attempts = await deliverIdwiseWebhook(url, envelope, { type: 'none' }, {
			msPerMinute: MS_PER_MINUTE,
			onAttempt: async (attempt) => {
				if (attempt.status === 'network-error' && !restarted) restarted = await startTriggerServer({ parameters: { authentication: 'none' } }, port);
			},
		});
		expect(attempts.map((attempt) => attempt.status)).toEqual(['network-error', 200]);
		expect(restarted?.executions).toHaveLength(1);
		await restarted?.close();
	});

	it('of an event already accepted (its 200 was lost on the way) start no second execution', async () => {
		const trigger = await startTriggerServer({ parameters: { authentication: 'none' } });
		const envelope = idwiseEvent('Finished Journey');
		for (let delivery = 0; delivery < 4; delivery++) {
			const attempts = await deliverIdwiseWebhook(trigger.url, envelope, { type: 'none' }, { msPerMinute: MS_PER_MINUTE });
			expect(attempts.map((attempt) => attempt.status)).toEqual([200]);
		}
		expect(trigger.executions).toHaveLength(1);
		expect(trigger.executions[0][0].json.eventId).toBe(envelope.body.eventId);
		await trigger.close();
	});

	it('follow the 5/10/15-minute schedule while the answer is not 200', async () => {
		const trigger = await startTriggerServer({ parameters: { authentication: 'enrichmentWebhooksIdwiseWebhookApi' }, credentials: { enrichmentWebhooksIdwiseWebhookApi: { authType: 'bearerToken', token: 'x' } } });
		const attempts = await deliverIdwiseWebhook(trigger.url, idwiseEvent('Finished Journey'), { type: 'bearer', token: 'y' }, { msPerMinute: 10 });
		expect(attempts).toHaveLength(4);
		// each retry waits at least its scheduled time (5, 10, 15 "minutes" of 10 ms) after the last attempt
		const gaps = attempts.slice(1).map((attempt, index) => attempt.at - attempts[index].at);
		gaps.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual([5, 10, 15][index] * 10 - 2));
		await trigger.close();
	});
});
