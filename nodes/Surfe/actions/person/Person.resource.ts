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
		displayOptions: { show: { resource: ['person'] } },
		default: 'enrich',
		options: [
			{
				name: 'Enrich',
				value: 'enrich',
				action: 'Enrich people',
				description: 'Start a bulk enrichment of the input items (emails, mobile phones, LinkedIn URL, job history)',
			},
			{
				name: 'Enrich and Wait',
				value: 'enrichAndWait',
				action: 'Enrich people and pause the workflow until the results arrive',
				description: 'Enrich the input people, pause until Surfe has returned every result, then continue with one item per person. As an AI Agent tool it pauses the whole execution, agent included, until then.',
			},
			{
				name: 'Get Enrichment',
				value: 'getEnrichment',
				action: 'Get a people enrichment',
				description: 'Get the people of an enrichment, one item per person',
			},
			{ name: 'Search', value: 'search', action: 'Search people', description: 'Find people by company and role' },
		],
	},
	...enrich.description,
	...enrichAndWait.description,
	...getEnrichment.description,
	...search.description,
];
