// Item shaping shared by every action node: one output per input with `pairedItem`, and
// `continueOnFail` turning a failure into an error item for that input alone.
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorMessageOf } from './errors';

export function pairedJson(json: IDataObject, itemIndex: number): INodeExecutionData {
	return { json, pairedItem: { item: itemIndex } };
}

export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: errorMessageOf(error) };
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description !== '') json.errorDescription = description;
	const httpCode = (error as { httpCode?: unknown })?.httpCode;
	if (typeof httpCode === 'string' && httpCode !== '') json.httpCode = httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

/** Wraps anything that is not already an n8n error so the editor shows which item failed. */
export function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof Error && 'node' in error) return error;
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : errorMessageOf(error), { itemIndex });
}

/**
 * Runs `operation` once per input item. Each result (one object or several) is paired with its
 * input; a failure becomes an error item under `continueOnFail`, otherwise it stops the node.
 */
export async function forEachItem(
	context: IExecuteFunctions,
	operation: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const result = await operation(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push(pairedJson(json, itemIndex));
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}
	return output;
}
