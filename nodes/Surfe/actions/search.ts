// Paging shared by People > Search and Company > Search: POST with `limit` (1 to 200 per page)
// and `pageToken`, until Surfe returns no `nextPageToken` or the user's limit is reached.
// Search results count against a daily quota (200 results a day without search credits), so
// Return All is off by default.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { unexpectedResponseError } from '../../shared/errors';
import { surfeRequest } from '../transport';
import { wholeNumberOption } from './parameters';

/** Surfe's largest page (`limit` 1 to 200, developers.surfe.com "Search people"). */
export const MAX_PAGE_SIZE = 200;
const DEFAULT_LIMIT = 50;
/** Far beyond any daily quota; only stops a server that keeps handing out new page tokens. */
const MAX_PAGES = 1000;

export function pagingProperties(noun: string): INodeProperties[] {
	return [
		{
			displayName: `Every ${noun} returned counts against Surfe's daily search quota (200 results a day unless the account has search credits)`,
			name: 'searchQuotaNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** A filter that takes several values: typed comma-separated, or an array from an expression. */
export function listFilter(displayName: string, name: string, placeholder: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', placeholder, description: 'Comma-separated list' };
}

export function listOf(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,\n]/) : [];
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** Puts `value` at `key` unless it is empty (an empty list, an empty object or undefined). */
export function setIfPresent(target: IDataObject, key: string, value: unknown): void {
	if (value === undefined || value === null || value === '') return;
	if (Array.isArray(value) && value.length === 0) return;
	if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return;
	target[key] = value as IDataObject[string];
}

/** `{ from, to }` of two optional numbers, as Surfe's employeeCount and revenue filters take them. */
export function rangeOf(from: unknown, to: unknown): IDataObject {
	const range: IDataObject = {};
	if (typeof from === 'number') range.from = from;
	if (typeof to === 'number') range.to = to;
	return range;
}

export interface SearchSpec<T> {
	path: string;
	body: IDataObject;
	schema: ZodType<T, ZodTypeDef, unknown>;
	resultsOf: (page: T) => IDataObject[];
	nextPageTokenOf: (page: T) => string | undefined;
}

export async function searchPages<T>(context: IExecuteFunctions, itemIndex: number, spec: SearchSpec<T>): Promise<IDataObject[]> {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) === true;
	const limit = returnAll ? Number.POSITIVE_INFINITY : wholeNumberOption(context, context.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT), 'Limit', 1, Number.MAX_SAFE_INTEGER, itemIndex);
	const results: IDataObject[] = [];
	const seenTokens = new Set<string>();
	let pageToken = '';
	for (let page = 0; page < MAX_PAGES && results.length < limit; page++) {
		const pageSize = Math.min(MAX_PAGE_SIZE, limit - results.length);
		const answer = await surfeRequest(
			context,
			{ method: 'POST', path: spec.path, body: { ...spec.body, limit: pageSize, pageToken }, itemIndex, what: 'a search' },
			spec.schema,
		);
		const found = spec.resultsOf(answer);
		results.push(...found.slice(0, limit - results.length));
		const next = spec.nextPageTokenOf(answer);
		if (!next || found.length === 0) break;
		if (seenTokens.has(next)) throw unexpectedResponseError(context.getNode(), 'Surfe', 'a search', 'nextPageToken repeats a page already read', itemIndex);
		seenTokens.add(next);
		pageToken = next;
	}
	return results;
}
