// Company > Enrich and Wait: Company > Enrich (same field, checks and packing), then the workflow
// waits for Surfe's events and continues once with one item per input item. How the waiting
// works: ../startAndWait.ts.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { timeLimitProperties } from '../../../shared/timeLimit';
import { pollingNotice, waitByProperties } from '../../../shared/waitBy';
import { allowPlainHttpResumeUrlOption, enrichAndWait, resumeAdapterFor, waitNotice } from '../startAndWait';
import { companiesPerRequestOption, companyEnrichment, domainField } from './enrich.operation';

const displayOptions = { show: { resource: ['company'], operation: ['enrichAndWait'] } };

const properties: INodeProperties[] = [
	waitNotice('company'),
	pollingNotice('Surfe', 'company'),
	domainField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [allowPlainHttpResumeUrlOption, companiesPerRequestOption],
	},
];

export const description = [...updateDisplayOptions(displayOptions, properties), ...waitByProperties('Surfe', displayOptions), ...timeLimitProperties(displayOptions)];

export const resumeAdapter = resumeAdapterFor('companies');

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await enrichAndWait(this, 'companies', companyEnrichment);
}
