// resource + operation -> the operation's execute (and, for the "... and Wait" operations, how
// their resume webhook reads callbacks). Each operation file holds its own fields.
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ResumeAdapter } from '../../shared/waitForCallbacks';

import * as getCredits from './account/getCredits.operation';
import * as companySearch from './company/search.operation';
import * as enrich from './contact/enrich.operation';
import * as enrichAndWait from './contact/enrichAndWait.operation';
import * as getEnrichmentResult from './contact/getEnrichmentResult.operation';
import * as personSearch from './person/search.operation';
import * as reverseEmailGetResult from './reverseEmail/getResult.operation';
import * as reverseEmailStart from './reverseEmail/start.operation';
import * as reverseEmailStartAndWait from './reverseEmail/startAndWait.operation';
import { resumeAdapterFor } from './shared/startAndWait';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Operation> = {
	'account:getCredits': getCredits.execute,
	'company:search': companySearch.execute,
	'contact:enrich': enrich.execute,
	'contact:enrichAndWait': enrichAndWait.execute,
	'contact:getEnrichmentResult': getEnrichmentResult.execute,
	'person:search': personSearch.execute,
	'reverseEmail:getResult': reverseEmailGetResult.execute,
	'reverseEmail:start': reverseEmailStart.execute,
	'reverseEmail:startAndWait': reverseEmailStartAndWait.execute,
};

/** The operations that wait, by `resource:operation`: what their resume webhook expects. */
const RESUME_ADAPTERS: Record<string, ResumeAdapter> = {
	'contact:enrichAndWait': resumeAdapterFor(enrichAndWait.enrichWait),
	'reverseEmail:startAndWait': resumeAdapterFor(reverseEmailStartAndWait.reverseEmailWait),
};

export function resumeAdapterOf(resource: string, operation: string): ResumeAdapter | undefined {
	return RESUME_ADAPTERS[`${resource}:${operation}`];
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[`${resource}:${operation}`];
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	return [await run.call(this)];
}
