// resource:operation -> the operation's execute. Single-record operations go through
// forEachItem (one item in, one item out, pairedItem, Continue On Fail); List: Create takes the
// whole input at once because all items become one Wiza list, and the "... and Wait" operations
// take it whole because the execution waits for all of them together (their resume webhook's
// adapters are here too).
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { forEachItem } from '../../shared/items';
import type { ResumeAdapter } from '../../shared/waitForCallbacks';
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

type WholeInputOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const wholeInputOperations: Record<string, WholeInputOperation> = {
	'list:create': list.create.execute,
	'list:createAndWait': list.createAndWait.execute,
	'individualReveal:revealAndWait': individualReveal.revealAndWait.execute,
};

const resumeAdapters: Record<string, ResumeAdapter> = {
	'list:createAndWait': list.createAndWait.resumeAdapter,
	'individualReveal:revealAndWait': individualReveal.revealAndWait.resumeAdapter,
};

/** What the resume webhook of a waiting `resource:operation` expects; undefined for operations that do not wait. */
export function resumeAdapterOf(resource: string, operation: string): ResumeAdapter | undefined {
	return resumeAdapters[`${resource}:${operation}`];
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const key = `${resource}:${operation}`;

	const wholeInputOperation = wholeInputOperations[key];
	if (wholeInputOperation) return [await wholeInputOperation.call(this)];

	const operationToRun = perItemOperations[key];
	if (!operationToRun) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	return [await forEachItem(this, (itemIndex) => operationToRun.call(this, itemIndex))];
}
