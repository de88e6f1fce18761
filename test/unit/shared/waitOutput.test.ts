// The per-item result shapes every "... and Wait" operation shares, and the stored `sent` that a
// Wiza list's contacts are matched by.
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { failedResult, resultItem, RESULT_STATUS, waitingTooltip } from '../../../nodes/shared/waitOutput';
import { readWaitPlan, storeWaitPlan } from '../../../nodes/shared/waitPlan';
import { createExecuteContext, createWebhookContext } from '../../support/nodeContext';

const node: INode = { id: 'n', name: 'N', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };

describe('wait output', () => {
	it('puts our status first and keeps the provider\'s own status under another key', () => {
		const item = resultItem(RESULT_STATUS.found, undefined, { id: 7, status: 'finished', email: 'a@b.example' }, 'reveal_status');
		expect(Object.keys(item)).toEqual(['status', 'reveal_status', 'id', 'email']);
		expect(item).toEqual({ status: 'found', reveal_status: 'finished', id: 7, email: 'a@b.example' });
		expect(resultItem(RESULT_STATUS.notFound, 'nothing', { email: null }, 'x')).toEqual({ status: 'notFound', message: 'nothing', email: null });
	});

	it('turns a node error into a failed result with its message, description and HTTP code', () => {
		expect(failedResult(new NodeOperationError(node, 'Item 2 is empty', { description: 'Map a field' }))).toEqual({
			status: 'failed',
			message: 'Item 2 is empty',
			errorDescription: 'Map a field',
		});
		const apiError = new NodeApiError(node, { message: 'x' }, { message: 'Acme: refused [E1]', description: 'Acme answered HTTP 400.', httpCode: '400' });
		expect(failedResult(apiError)).toEqual({ status: 'failed', message: 'Acme: refused [E1]', errorDescription: 'Acme answered HTTP 400.', httpCode: '400' });
		expect(failedResult('plain')).toEqual({ status: 'failed', message: 'plain' });
	});

	it('stores what a pending item sent with the wait, and reads it back in the webhook', () => {
		const until = new Date(Date.now() + 60_000);
		const { context } = createExecuteContext({ items: [{}, {}], parameters: {}, executionId: 'e-sent' });
		storeWaitPlan(context, 'Acme', [{ jobId: 'list-1', sent: { email: 'a@b.example' } }, { jobId: 'list-1' }], until);
		expect(context.getInputData()[0].json).toMatchObject({ status: 'notFetched', jobId: 'list-1', sent: { email: 'a@b.example' } });
		expect(context.getInputData()[1].json).not.toHaveProperty('sent');
		const hook = createWebhookContext({ rawBody: '{}', executionId: 'e-sent', inputItems: context.getInputData() });
		const plan = readWaitPlan(hook.context);
		expect(plan.entries.map((entry) => [entry.jobId, entry.json.sent])).toEqual([
			['list-1', { email: 'a@b.example' }],
			['list-1', undefined],
		]);
	});

	it('the waiting tooltip is an n8n expression naming the provider and the time limit parameters', () => {
		const tooltip = waitingTooltip('Acme');
		expect(tooltip).toMatch(/^=\{\{ ".*Acme.*" \}\}$/);
		expect(tooltip).toContain('$parameter["timeLimit"]');
		expect(tooltip).toContain('$parameter["timeLimitUnit"]');
	});
});
