// resource:operation -> the operation's execute (and, for the "... and Wait" operations, how
// their resume webhook reads Surfe's events).
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ResumeAdapter } from '../../shared/waitForCallbacks';

import * as account from './account/Account.resource';
import * as company from './company/Company.resource';
import * as person from './person/Person.resource';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const operations: Record<string, Operation> = {
	'person:enrich': person.enrich.execute,
	'person:enrichAndWait': person.enrichAndWait.execute,
	'person:getEnrichment': person.getEnrichment.execute,
	'person:search': person.search.execute,
	'company:enrich': company.enrich.execute,
	'company:enrichAndWait': company.enrichAndWait.execute,
	'company:getEnrichment': company.getEnrichment.execute,
	'company:search': company.search.execute,
	'account:getCredits': account.getCredits.execute,
};

const resumeAdapters: Record<string, ResumeAdapter> = {
	'person:enrichAndWait': person.enrichAndWait.resumeAdapter,
	'company:enrichAndWait': company.enrichAndWait.resumeAdapter,
};

/** What the resume webhook of a waiting `resource:operation` expects; undefined for operations that do not wait. */
export function resumeAdapterOf(resource: string, operation: string): ResumeAdapter | undefined {
	return resumeAdapters[`${resource}:${operation}`];
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[`${resource}:${operation}`];
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for "${resource}"`);
	return [await run.call(this)];
}
