import { NodeOperationError, type IHttpRequestOptions } from 'n8n-workflow';

import { TIME_LIMIT_CALL_HEADER } from '../../../nodes/shared/resumeWebhook';
import { armTimeLimit, DEFAULT_TIME_LIMIT, readTimeLimitMs, timeLimitProperties } from '../../../nodes/shared/timeLimit';
import { FakeServer } from '../../fakes/fakeServer';
import { createExecuteContext, performRequest } from '../../support/nodeContext';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('time limit parameters', () => {
	const limitOf = (parameters: Record<string, unknown>) => readTimeLimitMs(createExecuteContext({ items: [{}], parameters: parameters as never }).context);

	it('defaults in the description match the documented default (60 minutes)', () => {
		const [amount, unit] = timeLimitProperties({ show: { operation: ['enrichAndWait'] } });
		expect([amount.default, unit.default]).toEqual([DEFAULT_TIME_LIMIT.amount, DEFAULT_TIME_LIMIT.unit]);
		expect(amount.displayOptions).toEqual({ show: { operation: ['enrichAndWait'] } });
		expect(limitOf({})).toBe(60 * 60_000);
	});

	it('converts amount and unit', () => {
		expect(limitOf({ timeLimit: 90, timeLimitUnit: 'seconds' })).toBe(90_000);
		expect(limitOf({ timeLimit: 1.5, timeLimitUnit: 'hours' })).toBe(5_400_000);
		expect(limitOf({ timeLimit: 2, timeLimitUnit: 'days' })).toBe(2 * 86_400_000);
	});

	it.each([
		[{ timeLimit: 0, timeLimitUnit: 'minutes' }],
		[{ timeLimit: 4, timeLimitUnit: 'seconds' }],
		[{ timeLimit: 31, timeLimitUnit: 'days' }],
		[{ timeLimit: 5, timeLimitUnit: 'fortnights' }],
		[{ timeLimit: 'soon', timeLimitUnit: 'minutes' }],
	])('refuses %j with a clear error', (parameters) => {
		expect(() => limitOf(parameters)).toThrow(NodeOperationError);
		expect(() => limitOf(parameters)).toThrow(/Time Limit must be between 5 seconds and 30 days/);
	});
});

describe('armTimeLimit', () => {
	const n8n = new FakeServer();
	beforeAll(async () => {
		n8n.route('POST', '/webhook-waiting/:id', (request) => ({ status: request.path.endsWith('/gone') ? 409 : 200, body: {} }));
		await n8n.start();
	});
	afterAll(async () => n8n.close());

	const logger = () => {
		const warnings: string[] = [];
		return { warnings, logger: { debug: () => {}, info: () => {}, error: () => {}, warn: (message: string) => warnings.push(message) } as never };
	};
	const httpRequest = (options: IHttpRequestOptions) => performRequest(options, []);

	it('POSTs to the resume URL with the key when the limit comes, not before', async () => {
		const { logger: log, warnings } = logger();
		armTimeLimit({ resumeUrl: `${n8n.baseUrl}/webhook-waiting/7?signature=tok`, key: 'k'.repeat(64), at: new Date(Date.now() + 300), httpRequest, logger: log, stillWaiting: () => true });
		await sleep(100);
		expect(n8n.requestsTo('POST', /\/webhook-waiting\/7$/)).toHaveLength(0);
		await sleep(400);
		const calls = n8n.requestsTo('POST', /\/webhook-waiting\/7$/);
		expect(calls).toHaveLength(1);
		expect(calls[0].headers[TIME_LIMIT_CALL_HEADER]).toBe('k'.repeat(64));
		expect(calls[0].query.get('signature')).toBe('tok');
		expect(warnings).toEqual([]);
	});

	it('does not call when the wait already ended in this process', async () => {
		armTimeLimit({ resumeUrl: `${n8n.baseUrl}/webhook-waiting/8?signature=tok`, key: 'k', at: new Date(Date.now() + 50), httpRequest, logger: logger().logger, stillWaiting: () => false });
		await sleep(200);
		expect(n8n.requestsTo('POST', /\/webhook-waiting\/8$/)).toHaveLength(0);
	});

	it('takes a 409 (already resumed) quietly and warns, without the URL, when n8n cannot be reached', async () => {
		const quiet = logger();
		armTimeLimit({ resumeUrl: `${n8n.baseUrl}/webhook-waiting/gone?signature=tok`, key: 'k', at: new Date(), httpRequest, logger: quiet.logger, stillWaiting: () => true });
		const unreachable = logger();
		armTimeLimit({ resumeUrl: 'http://127.0.0.1:1/webhook-waiting/9?signature=secret-token', key: 'k', at: new Date(), httpRequest, logger: unreachable.logger, stillWaiting: () => true });
		await sleep(300);
		expect(quiet.warnings).toEqual([]);
		expect(unreachable.warnings).toHaveLength(1);
		expect(unreachable.warnings[0]).toMatch(/n8n's own limit will resume it/);
		expect(unreachable.warnings[0]).not.toContain('secret-token');
	});
});
