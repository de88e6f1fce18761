// People > Search: POST /v2/people/search (developers.surfe.com "Search people", v2 request shape).
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { peopleSearchSchema } from '../../schemas';
import { listFilter, listOf, pagingProperties, rangeOf, searchPages, setIfPresent } from '../search';

const properties: INodeProperties[] = [
	...pagingProperties('person'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			listFilter('Company Countries', 'companyCountries', 'e.g. fr, de (ISO codes)'),
			listFilter('Company Domains', 'companyDomains', 'e.g. surfe.com'),
			listFilter('Company Industries', 'companyIndustries', 'e.g. Software, SaaS'),
			listFilter('Company Names', 'companyNames', 'e.g. Surfe'),
			listFilter('Departments', 'departments', 'e.g. Management, Engineering'),
			{ displayName: 'Employee Count From', name: 'employeeCountFrom', type: 'number', default: 1, typeOptions: { minValue: 0 }, description: 'Smallest number of employees a company may have' },
			{ displayName: 'Employee Count To', name: 'employeeCountTo', type: 'number', default: 1000, typeOptions: { minValue: 0 }, description: 'Largest number of employees a company may have' },
			listFilter('Excluded Company Domains', 'companyDomainsExcluded', 'e.g. example.com'),
			listFilter('Job Titles', 'jobTitles', 'e.g. CEO, Head of Sales'),
			listFilter('People Countries', 'peopleCountries', 'e.g. fr, de (ISO codes)'),
			{
				displayName: 'People per Company',
				name: 'peoplePerCompany',
				type: 'number',
				default: 5,
				typeOptions: { minValue: 1 },
				description: 'Max number of people to return from any one company',
			},
			{ displayName: 'Revenue From', name: 'revenueFrom', type: 'number', default: 0, typeOptions: { minValue: 0 }, description: 'Smallest annual revenue a company may have, in US dollars' },
			{ displayName: 'Revenue To', name: 'revenueTo', type: 'number', default: 1000000, typeOptions: { minValue: 0 }, description: 'Largest annual revenue a company may have, in US dollars' },
			listFilter('Seniorities', 'seniorities', 'e.g. Founder, C-Level'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['person'], operation: ['search'] } }, properties);

export function peopleSearchBody(filters: IDataObject): IDataObject {
	const companies: IDataObject = {};
	setIfPresent(companies, 'countries', listOf(filters.companyCountries));
	setIfPresent(companies, 'domains', listOf(filters.companyDomains));
	setIfPresent(companies, 'domainsExcluded', listOf(filters.companyDomainsExcluded));
	setIfPresent(companies, 'industries', listOf(filters.companyIndustries));
	setIfPresent(companies, 'names', listOf(filters.companyNames));
	setIfPresent(companies, 'employeeCount', rangeOf(filters.employeeCountFrom, filters.employeeCountTo));
	setIfPresent(companies, 'revenue', rangeOf(filters.revenueFrom, filters.revenueTo));
	const people: IDataObject = {};
	setIfPresent(people, 'countries', listOf(filters.peopleCountries));
	setIfPresent(people, 'departments', listOf(filters.departments));
	setIfPresent(people, 'jobTitles', listOf(filters.jobTitles));
	setIfPresent(people, 'seniorities', listOf(filters.seniorities));
	const body: IDataObject = {};
	setIfPresent(body, 'companies', companies);
	setIfPresent(body, 'people', people);
	if (typeof filters.peoplePerCompany === 'number') body.peoplePerCompany = filters.peoplePerCompany;
	return body;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return forEachItem(this, async (itemIndex) =>
		searchPages(this, itemIndex, {
			path: '/v2/people/search',
			body: peopleSearchBody(this.getNodeParameter('filters', itemIndex, {}) as IDataObject),
			schema: peopleSearchSchema,
			resultsOf: (page) => (page.people ?? []) as IDataObject[],
			nextPageTokenOf: (page) => page.nextPageToken,
		}),
	);
}
