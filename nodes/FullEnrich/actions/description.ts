// The node's resource and operation selectors, then every operation's own fields.
import type { INodeProperties } from 'n8n-workflow';

import * as getCredits from './account/getCredits.operation';
import * as companySearch from './company/search.operation';
import * as enrich from './contact/enrich.operation';
import * as enrichAndWait from './contact/enrichAndWait.operation';
import * as getEnrichmentResult from './contact/getEnrichmentResult.operation';
import * as personSearch from './person/search.operation';
import * as reverseEmailGetResult from './reverseEmail/getResult.operation';
import * as reverseEmailStart from './reverseEmail/start.operation';
import * as reverseEmailStartAndWait from './reverseEmail/startAndWait.operation';

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Account', value: 'account' },
		{ name: 'Company', value: 'company' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Person', value: 'person' },
		{ name: 'Reverse Email', value: 'reverseEmail' },
	],
	default: 'contact',
};

const operations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [{ name: 'Get Credits', value: 'getCredits', action: 'Get the credit balance', description: "Get the workspace's credit balance" }],
		default: 'getCredits',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['company'] } },
		options: [{ name: 'Search', value: 'search', action: 'Search companies', description: 'Find companies by name, domain, industry, size and more' }],
		default: 'search',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Enrich',
				value: 'enrich',
				action: 'Enrich contacts',
				description: 'Start finding emails and phones for the input contacts, 100 per request',
			},
			{
				name: 'Enrich and Wait',
				value: 'enrichAndWait',
				action: 'Enrich contacts and pause the workflow until the results arrive',
				description: 'Enrich the input contacts, pause until FullEnrich has returned every result, then continue with one item per contact. As an AI Agent tool it pauses the whole execution, agent included, until then.',
			},
			{
				name: 'Get Enrichment Result',
				value: 'getEnrichmentResult',
				action: 'Get an enrichment result',
				description: 'Get the contacts of an enrichment, one item per contact',
			},
		],
		default: 'enrich',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['person'] } },
		options: [{ name: 'Search', value: 'search', action: 'Search people', description: 'Find people by company, title, location and more' }],
		default: 'search',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reverseEmail'] } },
		options: [
			{ name: 'Get Result', value: 'getResult', action: 'Get a reverse email lookup result', description: 'Get the people found for a reverse email lookup' },
			{ name: 'Start', value: 'start', action: 'Start a reverse email lookup', description: 'Start finding the people behind the input emails, 100 per request' },
			{
				name: 'Start and Wait',
				value: 'startAndWait',
				action: 'Look up emails and pause the workflow until the results arrive',
				description: 'Find the people behind the input emails, pause until FullEnrich has returned every result, then continue with one item per email. As an AI Agent tool it pauses the whole execution, agent included, until then.',
			},
		],
		default: 'start',
	},
];

export const properties: INodeProperties[] = [
	resource,
	...operations,
	...getCredits.description,
	...companySearch.description,
	...enrich.description,
	...enrichAndWait.description,
	...getEnrichmentResult.description,
	...personSearch.description,
	...reverseEmailGetResult.description,
	...reverseEmailStart.description,
	...reverseEmailStartAndWait.description,
];
