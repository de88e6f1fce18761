// Starting bulk enrichments: input items are packed into as few requests as Surfe allows, each
// output item is paired with its input and carries the enrichment that took it.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { chunk } from '../../shared/batching';
import { asNodeError, errorItem, pairedJson } from '../../shared/items';
import { enrichmentStartedSchema } from '../schemas';
import { surfeRequest } from '../transport';

/** What one item asks for: its entry in the list, and the request-level settings it needs. */
export interface EnrichmentEntry {
	entry: IDataObject;
	/** Request body without the list (include, options, webhook). */
	requestBody: IDataObject;
	batchSize: number;
}

/** The Options of People and Company > Enrich (and their "... and Wait" forms) that reading an item needs. */
export interface EnrichOptions {
	acceptedEmailType?: string;
	allowPlainHttpWebhookUrl?: boolean;
	batchSize?: number;
	skipMobileEnrichmentIfNoEmailFound?: boolean;
}

/** Where each item's results go and which externalID it gets: what differs between Enrich and Enrich and Wait. */
export interface EnrichTarget {
	notificationOptions: (itemIndex: number, options: EnrichOptions) => IDataObject | undefined;
	externalIdOf: (itemIndex: number) => string;
}

export interface EnrichmentSpec {
	path: string;
	listKey: 'people' | 'companies';
	/** Reads and checks one item; throws a NodeOperationError that says what to fix. */
	readItem: (itemIndex: number) => EnrichmentEntry;
}

interface Member {
	itemIndex: number;
	entry: IDataObject;
}

/**
 * Items whose request-level settings are equal (the usual case: fixed parameters) share
 * requests of up to `batchSize` entries; items whose expressions give other settings go in
 * other requests, so every item is sent exactly as it was configured.
 */
export async function startEnrichments(context: IExecuteFunctions, spec: EnrichmentSpec): Promise<INodeExecutionData[]> {
	const count = context.getInputData().length;
	const output: INodeExecutionData[] = new Array(count);
	const groups = new Map<string, { requestBody: IDataObject; batchSize: number; members: Member[] }>();

	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const { entry, requestBody, batchSize } = spec.readItem(itemIndex);
			const key = JSON.stringify([requestBody, batchSize]);
			let group = groups.get(key);
			if (!group) {
				group = { requestBody, batchSize, members: [] };
				groups.set(key, group);
			}
			group.members.push({ itemIndex, entry });
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
			output[itemIndex] = errorItem(error, itemIndex);
		}
	}

	const acceptedIds: string[] = [];
	for (const group of groups.values()) {
		for (const batch of chunk(group.members, group.batchSize)) {
			const firstIndex = batch[0].itemIndex;
			try {
				const started = await surfeRequest(
					context,
					{
						method: 'POST',
						path: spec.path,
						body: { ...group.requestBody, [spec.listKey]: batch.map((member) => member.entry) },
						itemIndex: firstIndex,
						what: 'the start of an enrichment',
					},
					enrichmentStartedSchema,
				);
				acceptedIds.push(started.enrichmentID);
				for (const member of batch) {
					output[member.itemIndex] = pairedJson(
						{
							...member.entry,
							enrichmentID: started.enrichmentID,
							enrichmentCallbackURL: started.enrichmentCallbackURL ?? null,
							message: started.message ?? null,
						},
						member.itemIndex,
					);
				}
			} catch (error) {
				if (!context.continueOnFail()) throw withEarlierRequests(asNodeError(context, error, firstIndex), acceptedIds);
				for (const member of batch) output[member.itemIndex] = errorItem(error, member.itemIndex);
			}
		}
	}
	return output;
}

/**
 * Surfe has no idempotency key: requests it accepted before the failure are running and will be
 * charged. Say so, with their ids, so a re-run is a choice and not a surprise.
 */
function withEarlierRequests(error: Error, acceptedIds: string[]): Error {
	if (acceptedIds.length === 0) return error;
	const withDescription = error as Error & { description?: string | null };
	const note =
		`Surfe had already accepted ${acceptedIds.length} earlier request(s) of this run (enrichment ID ${acceptedIds.join(', ')}); ` +
		'they keep running. Running the node again would start those people again and spend credits again.';
	withDescription.description = withDescription.description ? `${withDescription.description} ${note}` : note;
	return error;
}
