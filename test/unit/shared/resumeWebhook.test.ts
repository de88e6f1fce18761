import { resumeUrlOf, resumeUrlWith, resumeWebhooks, timeLimitKeyOf } from '../../../nodes/shared/resumeWebhook';
import { createExecuteContext, createWebhookContext } from '../../support/nodeContext';

const resumeUrl = 'http://127.0.0.1:5678/webhook-waiting/42?signature=0123abcd';

describe('resume webhook', () => {
	it('is the one POST webhook n8n calls for a waiting node: path "", restartWebhook', () => {
		expect(resumeWebhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '', restartWebhook: true }]);
	});

	it('reads $execution.resumeUrl and refuses anything that is not one', () => {
		expect(resumeUrlOf(createExecuteContext({ items: [{}], parameters: {}, resumeUrl }).context)).toBe(resumeUrl);
		expect(() => resumeUrlOf(createExecuteContext({ items: [{}], parameters: {} }).context)).toThrow(/did not provide a resume URL/);
		expect(() => resumeUrlOf(createExecuteContext({ items: [{}], parameters: {}, resumeUrl: 'http://127.0.0.1:5678/webhook-waiting/42' }).context)).toThrow();
	});

	it('adds routing parameters but never replaces the token', () => {
		const url = new URL(resumeUrlWith(resumeUrl, { batch: '2', signature: 'forged' }));
		expect(url.searchParams.get('signature')).toBe('0123abcd');
		expect(url.searchParams.get('batch')).toBe('2');
		expect(url.pathname).toBe('/webhook-waiting/42');
	});

	it('derives the same time-limit key in execute() and webhook() of one execution, another for another execution', () => {
		const inExecute = timeLimitKeyOf(createExecuteContext({ items: [{}], parameters: {}, executionId: '42', resumeUrl }).context);
		const inWebhook = timeLimitKeyOf(createWebhookContext({ rawBody: '{}', executionId: '42', resumeUrl }).context);
		const otherExecution = timeLimitKeyOf(createWebhookContext({ rawBody: '{}', executionId: '43', resumeUrl }).context);
		expect(inExecute).toMatch(/^[0-9a-f]{64}$/);
		expect(inWebhook).toBe(inExecute);
		expect(otherExecution).not.toBe(inExecute);
	});
});
