// Company > Search (POST /company/search): one item per company found, as FullEnrich returns it.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../shared/items';
import { companySearchSchema } from '../../schemas';
import { additionalFiltersProperty, buildFilters, exactMatchProperty, returnAllProperties, searchAll, textFilterProperties, type TextFilter } from '../shared/search';

const COMPANY_FILTERS: TextFilter[] = [
	{ displayName: 'Domains', name: 'domains', field: 'domains', placeholder: 'e.g. example.com, example.org' },
	{ displayName: 'Headquarters Locations', name: 'headquartersLocations', field: 'headquarters_locations', placeholder: 'e.g. San Francisco, Germany' },
	{ displayName: 'Industries', name: 'industries', field: 'industries', placeholder: 'e.g. Software Development' },
	{ displayName: 'Keywords', name: 'keywords', field: 'keywords', placeholder: 'e.g. data enrichment' },
	{ displayName: 'Names', name: 'names', field: 'names', placeholder: 'e.g. Example Inc' },
	{ displayName: 'Types', name: 'types', field: 'types', placeholder: 'e.g. Privately Held, Public Company' },
];

const show = { resource: ['company'], operation: ['search'] };

const properties: INodeProperties[] = [
	...returnAllProperties(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			...textFilterProperties(COMPANY_FILTERS),
			additionalFiltersProperty,
			exactMatchProperty,
			{
				displayName: 'Headcount Max',
				name: 'headcountMax',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Largest number of employees (0 = no maximum)',
			},
			{
				displayName: 'Headcount Min',
				name: 'headcountMin',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Smallest number of employees (0 = no minimum)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

/** `headcounts: [{ min, max }]` when either bound is set (v2 OpenAPI range filter). */
function headcountFilter(filters: IDataObject): IDataObject {
	const min = Number(filters.headcountMin ?? 0);
	const max = Number(filters.headcountMax ?? 0);
	if (!(min > 0) && !(max > 0)) return {};
	const range: IDataObject = {};
	if (min > 0) range.min = min;
	if (max > 0) range.max = max;
	return { headcounts: [range] };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		return await searchAll(this, itemIndex, {
			path: '/company/search',
			what: 'the company search',
			filters: { ...headcountFilter(filters), ...buildFilters(this, itemIndex, COMPANY_FILTERS, filters) },
			entriesOf: (page) => (page.companies ?? []) as IDataObject[],
			schema: companySearchSchema,
			limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number),
		});
	});
}
