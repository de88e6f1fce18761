// The early check's self-call: when it is made, what it carries, and when it stops. A fake stands
// in for n8n's /webhook-waiting/ route and answers like n8n 2.41.1 does (409 "is running already"
// while the execution runs, 409 "has finished already" after it, 200 once the wait is saved).
import type { IHttpRequestOptions } from 'n8n-workflow';

import { armEarlyCheck, EARLY_CHECK_HEADER, waitNotSavedYet } from '../../../nodes/shared/earlyCheck';
import { TIME_LIMIT_CALL_HEADER } from '../../../nodes/shared/resumeWebhook';
import { FakeServer } from '../../fakes/fakeServer';
import { performRequest } from '../../support/nodeContext';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const running = (id: string) => ({ status: 409, body: { code: 409, message: `The execution "${id}" is running already.` } });

describe('waitNotSavedYet', () => {
	it('is true only for n8n\'s 409 "is running"', () => {
		expect(waitNotSavedYet({ statusCode: 409, body: running('5').body })).toBe(true);
		expect(waitNotSavedYet({ statusCode: 409, body: { code: 409, message: 'The execution "5 has finished already.' } })).toBe(false);
		expect(waitNotSavedYet({ statusCode: 409, body: { code: 409, message: 'The execution "5" has finished with error.' } })).toBe(false);
		expect(waitNotSavedYet({ statusCode: 409, body: 'is running' })).toBe(false);
		expect(waitNotSavedYet({ statusCode: 409, body: undefined })).toBe(false);
		expect(waitNotSavedYet({ statusCode: 200, body: { message: 'is running' } })).toBe(false);
		expect(waitNotSavedYet({ failedWith: 'ECONNREFUSED' })).toBe(false);
	});
});

describe('armEarlyCheck', () => {
	const n8n = new FakeServer();
	/** How many more calls each execution answers "is running" before it counts as saved. */
	const runningFor = new Map<string, number>();
	beforeAll(async () => {
		n8n.route('POST', '/webhook-waiting/:id', (_request, { id }) => {
			if (id === 'finished') return { status: 409, body: { code: 409, message: `The execution "${id} has finished already.` } };
			if (id === 'broken') return { status: 500, body: { message: 'boom' } };
			const left = runningFor.get(id) ?? 0;
			if (left !== 0) {
				runningFor.set(id, left - 1);
				return running(id);
			}
			return { status: 200, body: { received: true, waitingFor: 1 } };
		});
		await n8n.start();
	});
	afterAll(async () => n8n.close());

	const logger = () => {
		const warnings: string[] = [];
		return { warnings, logger: { debug: () => {}, info: () => {}, error: () => {}, warn: (message: string) => warnings.push(message) } as never };
	};
	const httpRequest = (options: IHttpRequestOptions) => performRequest(options, []);
	const callsTo = (id: string) => n8n.requestsTo('POST', new RegExp(`/webhook-waiting/${id}$`));
	const arm = (id: string, extra: { stillWaiting?: () => boolean; giveUpAfterMs?: number; resumeUrl?: string } = {}) => {
		const log = logger();
		armEarlyCheck({
			resumeUrl: extra.resumeUrl ?? `${n8n.baseUrl}/webhook-waiting/${id}?signature=tok`,
			key: 'k'.repeat(64),
			httpRequest,
			logger: log.logger,
			stillWaiting: extra.stillWaiting ?? (() => true),
			delayMs: 150,
			retryEveryMs: 50,
			giveUpAfterMs: extra.giveUpAfterMs ?? 5_000,
		});
		return log;
	};

	it('calls after the delay with the key and the early-check header, again while n8n still runs the execution, then stops', async () => {
		runningFor.set('1', 3);
		const { warnings } = arm('1');
		await sleep(60);
		expect(callsTo('1')).toHaveLength(0);
		await sleep(700);
		const calls = callsTo('1');
		// 3 answered "is running", the 4th reached the waiting node.
		expect(calls).toHaveLength(4);
		for (const call of calls) {
			expect(call.headers[TIME_LIMIT_CALL_HEADER]).toBe('k'.repeat(64));
			expect(call.headers[EARLY_CHECK_HEADER]).toBe('1');
			expect(call.query.get('signature')).toBe('tok');
		}
		expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(40);
		expect(warnings).toEqual([]);
	});

	it('stops at once when the execution has finished (409 "finished"), quietly', async () => {
		const { warnings } = arm('finished');
		await sleep(500);
		expect(callsTo('finished')).toHaveLength(1);
		expect(warnings).toEqual([]);
	});

	it('makes no call once the wait ended in this process, and stops retrying when it ends meanwhile', async () => {
		arm('2', { stillWaiting: () => false });
		runningFor.set('3', 1_000);
		let waiting = true;
		arm('3', { stillWaiting: () => waiting });
		await sleep(300);
		waiting = false;
		const made = callsTo('3').length;
		await sleep(300);
		expect(callsTo('2')).toHaveLength(0);
		expect(made).toBeGreaterThan(0);
		expect(callsTo('3').length).toBeLessThanOrEqual(made + 1);
	});

	it('gives up with a warning when n8n still runs the execution after the bound', async () => {
		runningFor.set('4', 1_000);
		const { warnings } = arm('4', { giveUpAfterMs: 300 });
		await sleep(1_000);
		const made = callsTo('4').length;
		expect(made).toBeGreaterThanOrEqual(3);
		expect(made).toBeLessThanOrEqual(8);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/gave up the early check/);
		await sleep(300);
		expect(callsTo('4')).toHaveLength(made);
	});

	it('warns, without the resume URL, when n8n answers an error or cannot be reached', async () => {
		const broken = arm('broken');
		const unreachable = arm('x', { resumeUrl: 'http://127.0.0.1:1/webhook-waiting/9?signature=secret-token' });
		await sleep(600);
		expect(callsTo('broken')).toHaveLength(1);
		expect(broken.warnings).toEqual([expect.stringMatching(/answered 500/)]);
		expect(unreachable.warnings).toHaveLength(1);
		expect(unreachable.warnings[0]).toMatch(/early check of a waiting execution failed/);
		expect(unreachable.warnings[0]).not.toContain('secret-token');
	});
});
