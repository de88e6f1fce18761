// Reverse Email > Start and Wait: Reverse Email > Start (same field, checks, packing by 100 and
// `custom`), then the workflow waits for FullEnrich's callbacks and continues once with one item
// per input item. How the waiting works: ../shared/startAndWait.ts.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { timeLimitProperties } from '../../../shared/timeLimit';
import { pollingNotice, waitByProperties } from '../../../shared/waitBy';
import { startAndWait, waitBulkOptionProperties, waitNotice, type BulkWait } from '../shared/startAndWait';
import { emailField, prepareReverseEmail, reverseEmailBulk } from './start.operation';

const displayOptions = { show: { resource: ['reverseEmail'], operation: ['startAndWait'] } };

const properties: INodeProperties[] = [
	waitNotice('email'),
	pollingNotice('FullEnrich', 'email'),
	emailField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitBulkOptionProperties,
	},
];

export const description = [...updateDisplayOptions(displayOptions, properties), ...waitByProperties('FullEnrich', displayOptions), ...timeLimitProperties(displayOptions)];

// No forceResults at the time limit: FullEnrich documents it for enrichments only. A lookup still
// running then answers "not ready", and its emails are marked timedOut.
export const reverseEmailWait: BulkWait = { kind: 'reverse', ...reverseEmailBulk, prepare: prepareReverseEmail };

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await startAndWait(this, reverseEmailWait);
}
