import type { INodeProperties } from 'n8n-workflow';

import * as enrich from './enrich.operation';
import * as getEnrichment from './getEnrichment.operation';
import * as search from './search.operation';

export { enrich, getEnrichment, search };

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
				name: 'Get Enrichment',
				value: 'getEnrichment',
				action: 'Get a company enrichment',
				description: 'Get the companies of an enrichment, one item per company',
			},
			{ name: 'Search', value: 'search', action: 'Search companies', description: 'Find companies by country, industry, size or revenue' },
		],
	},
	...enrich.description,
	...getEnrichment.description,
	...search.description,
];
