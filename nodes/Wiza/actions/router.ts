// resource:operation -> the operation's execute. Single-record operations go through
// forEachItem (one item in, one item out, pairedItem, Continue On Fail); List: Create takes the
// whole input at once because all items become one Wiza list.
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { forEachItem } from '../../shared/items';
import * as account from './account/Account.resource';
import * as individualReveal from './individualReveal/IndividualReveal.resource';
import * as list from './list/List.resource';

type PerItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

const perItemOperations: Record<string, PerItemOperation> = {
	'individualReveal:start': individualReveal.start.execute,
	'individualReveal:get': individualReveal.get.execute,
	'list:get': list.get.execute,
	'list:getContacts': list.getContacts.execute,
	'account:getCredits': account.getCredits.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const key = `${resource}:${operation}`;

	if (key === 'list:create') return [await list.create.execute.call(this)];

	const operationToRun = perItemOperations[key];
	if (!operationToRun) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	return [await forEachItem(this, (itemIndex) => operationToRun.call(this, itemIndex))];
}
