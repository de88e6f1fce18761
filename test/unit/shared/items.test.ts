import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../../../nodes/shared/items';
import { createExecuteContext } from '../../support/nodeContext';

describe('forEachItem', () => {
	const items = [{ n: 0 }, { n: 1 }, { n: 2 }];

	it('pairs each result (one or several objects) with its input item', async () => {
		const { context } = createExecuteContext({ items, parameters: {} });
		const output = await forEachItem(context, async (index) => (index === 1 ? [{ a: 1 }, { a: 2 }] : { a: index }));
		expect(output).toEqual([
			{ json: { a: 0 }, pairedItem: { item: 0 } },
			{ json: { a: 1 }, pairedItem: { item: 1 } },
			{ json: { a: 2 }, pairedItem: { item: 1 } },
			{ json: { a: 2 }, pairedItem: { item: 2 } },
		]);
	});

	it('with continueOnFail, turns a failure into an error item for that input only', async () => {
		const { context } = createExecuteContext({ items, parameters: {}, continueOnFail: true });
		const output = await forEachItem(context, async (index) => {
			if (index === 1) throw new NodeOperationError(context.getNode(), 'bad row', { description: 'fix the row' });
			return { ok: index };
		});
		expect(output).toEqual([
			{ json: { ok: 0 }, pairedItem: { item: 0 } },
			{ json: { error: 'bad row', errorDescription: 'fix the row' }, pairedItem: { item: 1 } },
			{ json: { ok: 2 }, pairedItem: { item: 2 } },
		]);
	});

	it('without continueOnFail, stops with an n8n error that names the item', async () => {
		const { context } = createExecuteContext({ items, parameters: {} });
		const failure = forEachItem(context, async (index) => {
			if (index === 2) throw new Error('boom');
			return {};
		});
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toMatchObject({ message: 'boom', context: { itemIndex: 2 } });
	});

	it('passes provider errors through unchanged', async () => {
		const { context } = createExecuteContext({ items, parameters: {} });
		const apiError = new NodeApiError(context.getNode(), { message: 'x' }, { message: 'Wiza: Invalid API key.', httpCode: '401' });
		await expect(forEachItem(context, async () => Promise.reject(apiError))).rejects.toBe(apiError);
	});
});
