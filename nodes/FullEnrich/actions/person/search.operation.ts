// Person > Search (POST /people/search): one item per person found, as FullEnrich returns it.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { peopleSearchSchema } from '../../schemas';
import { additionalFiltersProperty, buildFilters, exactMatchProperty, returnAllProperties, searchAll, textFilterProperties, type TextFilter } from '../shared/search';

const PEOPLE_FILTERS: TextFilter[] = [
	{ displayName: 'Company Domains', name: 'companyDomains', field: 'current_company_domains', placeholder: 'e.g. example.com, example.org' },
	{ displayName: 'Company Industries', name: 'companyIndustries', field: 'current_company_industries', placeholder: 'e.g. Software Development' },
	{ displayName: 'Company Names', name: 'companyNames', field: 'current_company_names', placeholder: 'e.g. Example Inc' },
	{ displayName: 'Job Titles', name: 'jobTitles', field: 'current_position_titles', placeholder: 'e.g. Head of Sales, VP Sales' },
	{ displayName: 'Locations', name: 'locations', field: 'person_locations', placeholder: 'e.g. London, France' },
	{ displayName: 'Names', name: 'names', field: 'person_names', placeholder: 'e.g. Ada Lovelace' },
	{ displayName: 'Seniority Levels', name: 'seniorityLevels', field: 'current_position_seniority_level', placeholder: 'e.g. Director, VP' },
	{ displayName: 'Skills', name: 'skills', field: 'person_skills', placeholder: 'e.g. Python, CRM' },
];

const show = { resource: ['person'], operation: ['search'] };

const properties: INodeProperties[] = [
	...returnAllProperties(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [...textFilterProperties(PEOPLE_FILTERS), additionalFiltersProperty, exactMatchProperty],
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		return await searchAll(this, itemIndex, {
			path: '/people/search',
			what: 'the people search',
			filters: buildFilters(this, itemIndex, PEOPLE_FILTERS, filters),
			entriesOf: (page) => (page.people ?? []) as IDataObject[],
			schema: peopleSearchSchema,
			limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number),
		});
	});
}
