import type { INodeProperties } from 'n8n-workflow';

import * as enrich from './enrich.operation';
import * as enrichAndWait from './enrichAndWait.operation';
import * as getEnrichment from './getEnrichment.operation';
import * as search from './search.operation';

export { enrich, enrichAndWait, getEnrichment, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['company'] } },
		default: 'enrich',
		options: [
			{ name: 'Enrich', value: 'enrich', action: 'Enrich companies', description: 'Start a bulk enrichment of the input items\' companies by domain' },
			{
				name: 'Enrich and Wait',
				value: 'enrichAndWait',
				action: 'Enrich companies and pause the workflow until the results arrive',
				description: 'Enrich the input companies, pause until Surfe has returned every result, then continue with one item per company. As an AI Agent tool it pauses the whole execution, agent included, until then.',
			},
			{
				name: 'Get Enrichment',
				value: 'getEnrichment',
				action: 'Get a company enrichment',
				description: 'Get the companies of an enrichment, one item per company',
			},
			{ name: 'Search', value: 'search', action: 'Search companies', description: 'Find companies by country, industry, size or revenue' },
		],
	},
	...enrich.description,
	...enrichAndWait.description,
	...getEnrichment.description,
	...search.description,
];
