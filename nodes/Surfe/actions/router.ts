// resource:operation -> the operation's execute.
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as account from './account/Account.resource';
import * as company from './company/Company.resource';
import * as person from './person/Person.resource';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const operations: Record<string, Operation> = {
	'person:enrich': person.enrich.execute,
	'person:getEnrichment': person.getEnrichment.execute,
	'person:search': person.search.execute,
	'company:enrich': company.enrich.execute,
	'company:getEnrichment': company.getEnrichment.execute,
	'company:search': company.search.execute,
	'account:getCredits': account.getCredits.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[`${resource}:${operation}`];
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for "${resource}"`);
	return [await run.call(this)];
}
