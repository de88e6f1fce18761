// Contact > Enrich and Wait: Contact > Enrich (same fields, checks, packing by 100 and `custom`),
// then the workflow waits for FullEnrich's callbacks and continues once with one item per input
// item. How the waiting works: ../shared/startAndWait.ts.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { timeLimitProperties } from '../../../shared/timeLimit';
import { pollingNotice, waitByProperties } from '../../../shared/waitBy';
import { startAndWait, waitBulkOptionProperties, waitNotice, type BulkWait } from '../shared/startAndWait';
import { contactFields, enrichBulk, prepareEnrichContact, silentFailOption } from './enrich.operation';

const displayOptions = { show: { resource: ['contact'], operation: ['enrichAndWait'] } };

const properties: INodeProperties[] = [
	waitNotice('contact'),
	pollingNotice('FullEnrich', 'contact'),
	...contactFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitBulkOptionProperties, silentFailOption],
	},
];

export const description = [...updateDisplayOptions(displayOptions, properties), ...waitByProperties('FullEnrich', displayOptions), ...timeLimitProperties(displayOptions)];

export const enrichWait: BulkWait = {
	kind: 'enrich',
	...enrichBulk,
	prepare: prepareEnrichContact,
	// forceResults: what is found so far, for a batch still running when the time limit passes.
	fetchQuery: { forceResults: true },
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await startAndWait(this, enrichWait);
}
