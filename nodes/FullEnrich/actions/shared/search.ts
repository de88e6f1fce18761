// People and company search: filters from the UI -> FullEnrich's filter objects, and the paging
// loop (Return All / Limit). Search is synchronous; each page is one request of the 60/minute.
// Paging (v2 OpenAPI): `limit` ≤ 100 per page; `offset` ≤ 10,000; `search_after` (the cursor in
// `metadata.search_after`) works at any depth, so the loop follows the cursor whenever one is given.
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { invalidInputError } from '../../../shared/errors';
import { fullEnrichRequest } from '../../transport';

export const SEARCH_PAGE_SIZE = 100;
export const MAX_SEARCH_OFFSET = 10_000;

/** A text filter offered in the UI: parameter name -> FullEnrich filter field. */
export interface TextFilter {
	displayName: string;
	name: string;
	field: string;
	placeholder: string;
}

export function textFilterProperties(filters: TextFilter[]): INodeProperties[] {
	return filters.map((filter) => ({
		displayName: filter.displayName,
		name: filter.name,
		type: 'string' as const,
		default: '',
		placeholder: filter.placeholder,
		description: 'Comma-separated values; a result matching any of them is kept',
	}));
}

export const exactMatchProperty: INodeProperties = {
	displayName: 'Exact Match',
	name: 'exactMatch',
	type: 'boolean',
	default: false,
	description: 'Whether text filters must match exactly (case-insensitive) instead of tolerating small differences',
};

export const additionalFiltersProperty: INodeProperties = {
	displayName: 'Additional Filters (JSON)',
	name: 'additionalFilters',
	type: 'json',
	default: '{}',
	description:
		'Any other filter FullEnrich documents, as JSON, e.g. {"current_company_headcounts": [{"min": 50, "max": 500}]}. Overrides the fields above when both set the same filter.',
};

export function returnAllProperties(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			hint: 'Each result may use FullEnrich credits',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

function valuesOf(raw: unknown): string[] {
	const parts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : raw === undefined || raw === null ? [] : [raw];
	return parts.map((part) => String(part).trim()).filter((part) => part !== '');
}

/** The request's filter fields from the text filters, the exact-match switch and the JSON extras. */
export function buildFilters(context: IExecuteFunctions, itemIndex: number, filters: TextFilter[], options: IDataObject): IDataObject {
	const exactMatch = options.exactMatch === true;
	const body: IDataObject = {};
	for (const filter of filters) {
		const values = valuesOf(options[filter.name]);
		if (values.length > 0) body[filter.field] = values.map((value) => (exactMatch ? { value, exact_match: true } : { value }));
	}
	let extra = options.additionalFilters ?? {};
	if (typeof extra === 'string') {
		try {
			extra = extra.trim() === '' ? {} : (JSON.parse(extra) as unknown as IDataObject);
		} catch (error) {
			throw invalidInputError(context.getNode(), 'Additional Filters is not valid JSON', (error as Error).message, itemIndex);
		}
	}
	if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
		throw invalidInputError(context.getNode(), 'Additional Filters must be a JSON object', 'Example: {"person_skills": [{"value": "Python"}]}', itemIndex);
	}
	for (const key of ['offset', 'limit', 'search_after']) {
		if (key in extra) throw invalidInputError(context.getNode(), `Additional Filters may not set "${key}"`, 'Paging is set with Return All and Limit.', itemIndex);
	}
	return { ...body, ...(extra as IDataObject) };
}

interface SearchPage {
	metadata?: { total?: number | null; search_after?: string | null } | null;
}

export interface SearchRequest<T extends SearchPage> {
	path: string;
	what: string;
	filters: IDataObject;
	/** Which array of the answer holds the results. */
	entriesOf: (page: T) => IDataObject[];
	schema: ZodType<T, ZodTypeDef, unknown>;
	/** Undefined = all. */
	limit: number | undefined;
}

/** Runs the search page by page until the limit, the last page, or the end of what FullEnrich pages. */
export async function searchAll<T extends SearchPage>(context: IExecuteFunctions, itemIndex: number, search: SearchRequest<T>): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const wanted = search.limit ?? Number.POSITIVE_INFINITY;
	let offset = 0;
	let cursor: string | undefined;
	while (results.length < wanted) {
		const pageSize = Math.min(SEARCH_PAGE_SIZE, wanted - results.length);
		const body: IDataObject = { ...search.filters, limit: pageSize };
		if (cursor !== undefined) body.search_after = cursor;
		else body.offset = offset;
		const page = await fullEnrichRequest(context, { method: 'POST', path: search.path, body, itemIndex, what: search.what }, search.schema);
		const entries = search.entriesOf(page);
		results.push(...entries.slice(0, wanted - results.length));
		offset += entries.length;
		const total = page.metadata?.total;
		if (entries.length < pageSize || (typeof total === 'number' && offset >= total)) break;
		const next = page.metadata?.search_after ?? undefined;
		if (next !== undefined && next !== '' && next !== cursor) cursor = next;
		else if (cursor !== undefined || offset > MAX_SEARCH_OFFSET) break;
	}
	return results;
}
