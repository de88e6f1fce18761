// Company > Search: POST /v2/companies/search with `{ filters, limit, pageToken }`
// (developers.surfe.com "Search companies"); answers `{ companies, companyDomains, nextPageToken }`.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { companySearchSchema } from '../../schemas';
import { listFilter, listOf, pagingProperties, rangeOf, searchPages, setIfPresent } from '../search';

const properties: INodeProperties[] = [
	...pagingProperties('company'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			listFilter('Countries', 'countries', 'e.g. fr, de (ISO codes)'),
			listFilter('Domains', 'domains', 'e.g. surfe.com'),
			{ displayName: 'Employee Count From', name: 'employeeCountFrom', type: 'number', default: 1, typeOptions: { minValue: 0 }, description: 'Smallest number of employees a company may have' },
			{ displayName: 'Employee Count To', name: 'employeeCountTo', type: 'number', default: 1000, typeOptions: { minValue: 0 }, description: 'Largest number of employees a company may have' },
			listFilter('Excluded Domains', 'domainsExcluded', 'e.g. example.com'),
			listFilter('Industries', 'industries', 'e.g. Software, SaaS'),
			listFilter('Names', 'names', 'e.g. Surfe'),
			{ displayName: 'Revenue From', name: 'revenueFrom', type: 'number', default: 0, typeOptions: { minValue: 0 }, description: 'Smallest annual revenue a company may have, in US dollars' },
			{ displayName: 'Revenue To', name: 'revenueTo', type: 'number', default: 1000000, typeOptions: { minValue: 0 }, description: 'Largest annual revenue a company may have, in US dollars' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['company'], operation: ['search'] } }, properties);

export function companySearchBody(filters: IDataObject): IDataObject {
	const surfeFilters: IDataObject = {};
	setIfPresent(surfeFilters, 'countries', listOf(filters.countries));
	setIfPresent(surfeFilters, 'domains', listOf(filters.domains));
	setIfPresent(surfeFilters, 'domainsExcluded', listOf(filters.domainsExcluded));
	setIfPresent(surfeFilters, 'industries', listOf(filters.industries));
	setIfPresent(surfeFilters, 'names', listOf(filters.names));
	setIfPresent(surfeFilters, 'employeeCount', rangeOf(filters.employeeCountFrom, filters.employeeCountTo));
	setIfPresent(surfeFilters, 'revenue', rangeOf(filters.revenueFrom, filters.revenueTo));
	return { filters: surfeFilters };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return forEachItem(this, async (itemIndex) =>
		searchPages(this, itemIndex, {
			path: '/v2/companies/search',
			body: companySearchBody(this.getNodeParameter('filters', itemIndex, {}) as IDataObject),
			schema: companySearchSchema,
			resultsOf: (page) => (page.companies ?? []) as IDataObject[],
			nextPageTokenOf: (page) => page.nextPageToken,
		}),
	);
}
