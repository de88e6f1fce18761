// People/Company > Get Enrichment: GET /v2/{people|companies}/enrich/:id, one item per person or
// company. Items that carry the same enrichment ID (as the Enrich output does, one item per
// person) share one request, and each result is paired with the input item whose `externalID`
// matches it, so Enrich -> Get Enrichment yields each person once, next to the row that asked.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from '../../shared/errors';
import { asNodeError, errorItem } from '../../shared/items';
import { flattenCompany, flattenPerson, rawWithEnrichment } from '../flatten';
import { companyEnrichmentSchema, peopleEnrichmentSchema } from '../schemas';
import { surfeRequestWithRaw } from '../transport';
import type { RequestContext } from '../../shared/transport';
import { textParameter } from './parameters';

export type Kind = 'people' | 'companies';

export function getEnrichmentProperties(kind: Kind): INodeProperties[] {
	const noun = kind === 'people' ? 'person' : 'company';
	return [
		{
			displayName: 'Enrichment ID',
			name: 'enrichmentId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c',
			description: 'The enrichmentID that Enrich returned',
		},
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description:
				kind === 'people'
					? 'Whether to return each person as a flat item (best email with its validation status, mobile phones by confidence, job title, company, LinkedIn URL) instead of Surfe\'s full record'
					: `Whether to return each ${noun} led by its external ID and first website instead of exactly as Surfe sent it`,
		},
	];
}

interface Request {
	enrichmentId: string;
	simplify: boolean;
	askers: number[];
}

export async function getEnrichments(context: IExecuteFunctions, kind: Kind): Promise<INodeExecutionData[]> {
	const inputs = context.getInputData();
	const output: INodeExecutionData[] = [];
	const requests = new Map<string, Request>();
	for (let itemIndex = 0; itemIndex < inputs.length; itemIndex++) {
		try {
			const enrichmentId = textParameter(context, 'enrichmentId', itemIndex);
			if (enrichmentId === '') {
				throw invalidInputError(context.getNode(), `Item ${itemIndex} has no Enrichment ID`, 'Map the enrichmentID returned by the Enrich operation (or sent by the Surfe Trigger).', itemIndex);
			}
			const simplify = context.getNodeParameter('simplify', itemIndex, true) !== false;
			const key = JSON.stringify([enrichmentId, simplify]);
			const request = requests.get(key) ?? { enrichmentId, simplify, askers: [] };
			request.askers.push(itemIndex);
			requests.set(key, request);
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}

	for (const request of requests.values()) {
		const firstAsker = request.askers[0];
		try {
			output.push(...(await fetchEnrichment(context, kind, request, inputs)));
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context, error, firstAsker);
			for (const asker of request.askers) output.push(errorItem(error, asker));
		}
	}
	return output;
}

/** One enrichment job as GET /v2/{people|companies}/enrich/:id answers it, each entry flattened. */
export interface FetchedJob {
	enrichmentID: string;
	status?: string;
	percentCompleted?: number;
	/** Each person (flattenPerson) or company (flattenCompany), in Surfe's order. */
	entries: IDataObject[];
	/** The same entries exactly as Surfe sent them. */
	rawEntries: unknown[];
}

/** Fetches one job; shared with the "... and Wait" operations' one fetch at their time limit. */
export async function fetchJob(context: RequestContext, kind: Kind, enrichmentId: string, itemIndex?: number): Promise<FetchedJob> {
	const call = { method: 'GET' as const, path: `/v2/${kind}/enrich/${encodeURIComponent(enrichmentId)}`, itemIndex, what: 'an enrichment' };
	// Raw output is Surfe's own object (the parsed one has its text fields normalised).
	const rawEntriesOf = (raw: unknown) => {
		const list = (raw as IDataObject)[kind];
		return Array.isArray(list) ? (list as unknown[]) : [];
	};
	if (kind === 'people') {
		const { parsed: job, raw } = await surfeRequestWithRaw(context, call, peopleEnrichmentSchema);
		const enrichmentID = job.enrichmentID ?? enrichmentId;
		const entries = (job.people ?? []).map((person) => flattenPerson(person, enrichmentID));
		return { enrichmentID, status: job.status, percentCompleted: job.percentCompleted, entries, rawEntries: rawEntriesOf(raw) };
	}
	const { parsed: job, raw } = await surfeRequestWithRaw(context, call, companyEnrichmentSchema);
	const enrichmentID = job.enrichmentID ?? enrichmentId;
	const entries = (job.companies ?? []).map((company) => flattenCompany(company, enrichmentID));
	return { enrichmentID, status: job.status, percentCompleted: job.percentCompleted, entries, rawEntries: rawEntriesOf(raw) };
}

async function fetchEnrichment(context: IExecuteFunctions, kind: Kind, request: Request, inputs: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const job = await fetchJob(context, kind, request.enrichmentId, request.askers[0]);
	const progress: IDataObject = { enrichmentStatus: job.status ?? null, percentCompleted: job.percentCompleted ?? null };
	if (job.entries.length === 0) {
		// Nothing finished yet (or nothing found): one item that says so, rather than none at all.
		return [{ json: { enrichmentID: job.enrichmentID, ...progress, [kind]: 0 }, pairedItem: { item: request.askers[0] } }];
	}
	const askerByExternalId = new Map<string, number>();
	for (const asker of request.askers) {
		const externalID = inputs[asker]?.json?.externalID;
		const key = typeof externalID === 'string' || typeof externalID === 'number' ? String(externalID) : undefined;
		if (key !== undefined && !askerByExternalId.has(key)) askerByExternalId.set(key, asker);
	}
	return job.entries.map((entry, index) => {
		const base = request.simplify ? entry : rawWithEnrichment(job.rawEntries[index], job.enrichmentID);
		const externalID = typeof entry.externalID === 'string' ? entry.externalID : undefined;
		const asker = (externalID !== undefined ? askerByExternalId.get(externalID) : undefined) ?? request.askers[0];
		return { json: { ...base, ...progress }, pairedItem: { item: asker } };
	});
}
