// resource:operation -> the operation's execute. Every operation is one item in, one item out
// (forEachItem: pairedItem, Continue On Fail).
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { forEachItem } from '../../shared/items';
import * as journey from './journey/Journey.resource';

type PerItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

const operations: Record<string, PerItemOperation> = {
	'journey:start': journey.start.execute,
	'journey:getSummary': journey.getSummary.execute,
	'journey:getResult': journey.getResult.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const operationToRun = operations[`${resource}:${operation}`];
	if (!operationToRun) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	return [await forEachItem(this, (itemIndex) => operationToRun.call(this, itemIndex))];
}
