// Packing input items into FullEnrich bulk requests. The bulk endpoints take up to 100 contacts
// per request and the workspace gets 60 requests a minute (docs: speed-volume), so one request per
// item (what the provider's own n8n node does) would cap a workflow at 60 contacts a minute;
// packing gets 6,000. 250 items make 3 requests: 100, 100, 50.
//
// - Each item is turned into a contact and checked first. A bad item is an error for that item
//   alone: with Continue On Fail it becomes an error item and the rest still go; without it the
//   node stops BEFORE sending anything, naming the item.
// - Items whose batch settings (name, webhook URLs) are equal share requests; different settings
//   (an expression that varies per item) go in separate requests, in the order first seen.
// - Output: one item per input item, in input order, paired, with the enrichment id its batch got.
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { chunk } from '../shared/batching';
import { asNodeError, errorItem, pairedJson } from '../shared/items';
import { startedSchema } from './schemas';
import { fullEnrichRequest } from './transport';

/** docs.fullenrich.com: "max 100 contacts per request". */
export const MAX_CONTACTS_PER_REQUEST = 100;

export interface BatchSettings {
	name: string;
	webhookUrl?: string;
	contactFinishedUrl?: string;
	/** Query string of the bulk request (e.g. `silentFail`). */
	qs?: IDataObject;
}

export interface PreparedContact {
	settings: BatchSettings;
	contact: IDataObject;
}

export interface BulkStart {
	/** `/contact/enrich/bulk` or `/contact/reverse/email/bulk`. */
	path: string;
	/** For error texts: "the enrichment start". */
	what: string;
	/** The contact for one input item; throws (NodeOperationError with itemIndex) if it is invalid. */
	prepare: (itemIndex: number) => PreparedContact;
}

interface Batch {
	settings: BatchSettings;
	members: Array<{ itemIndex: number; contact: IDataObject }>;
}

function requestBodyOf(batch: Batch): IDataObject {
	const body: IDataObject = { name: batch.settings.name };
	if (batch.settings.webhookUrl) body.webhook_url = batch.settings.webhookUrl;
	if (batch.settings.contactFinishedUrl) body.webhook_events = { contact_finished: batch.settings.contactFinishedUrl };
	body.data = batch.members.map((member) => member.contact);
	return body;
}

/** Groups prepared contacts by their batch settings, then cuts each group into requests of 100. */
function packBatches(prepared: Array<{ itemIndex: number } & PreparedContact>): Batch[] {
	const groups = new Map<string, Batch>();
	for (const entry of prepared) {
		const key = JSON.stringify([entry.settings.name, entry.settings.webhookUrl, entry.settings.contactFinishedUrl, entry.settings.qs]);
		let group = groups.get(key);
		if (!group) {
			group = { settings: entry.settings, members: [] };
			groups.set(key, group);
		}
		group.members.push({ itemIndex: entry.itemIndex, contact: entry.contact });
	}
	return [...groups.values()].flatMap((group) => chunk(group.members, MAX_CONTACTS_PER_REQUEST).map((members) => ({ settings: group.settings, members })));
}

function noteEarlierBatches(error: Error, started: number, contacts: number): Error {
	if (started === 0) return error;
	const note = ` ${started} earlier request(s) with ${contacts} contact(s) were already accepted by FullEnrich and will still be called back.`;
	if (error instanceof NodeApiError) error.description = `${error.description ?? ''}${note}`;
	return error;
}

export async function startInBatches(context: IExecuteFunctions, bulk: BulkStart): Promise<INodeExecutionData[]> {
	const count = context.getInputData().length;
	const output: Array<INodeExecutionData | undefined> = new Array(count);
	const prepared: Array<{ itemIndex: number } & PreparedContact> = [];

	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			prepared.push({ itemIndex, ...bulk.prepare(itemIndex) });
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
			output[itemIndex] = errorItem(error, itemIndex);
		}
	}

	const batches = packBatches(prepared);
	let acceptedRequests = 0;
	let acceptedContacts = 0;
	for (const [position, batch] of batches.entries()) {
		const firstItem = batch.members[0].itemIndex;
		try {
			const started = await fullEnrichRequest(
				context,
				{ method: 'POST', path: bulk.path, body: requestBodyOf(batch), qs: batch.settings.qs, itemIndex: firstItem, what: bulk.what },
				startedSchema,
			);
			for (const member of batch.members) {
				output[member.itemIndex] = pairedJson(
					{
						enrichment_id: started.enrichment_id,
						enrichment_name: batch.settings.name,
						batch_number: position + 1,
						batch_count: batches.length,
						batch_size: batch.members.length,
						sent: member.contact,
					},
					member.itemIndex,
				);
			}
			acceptedRequests++;
			acceptedContacts += batch.members.length;
		} catch (error) {
			if (!context.continueOnFail()) throw noteEarlierBatches(asNodeError(context, error, firstItem), acceptedRequests, acceptedContacts);
			for (const member of batch.members) output[member.itemIndex] = errorItem(error, member.itemIndex);
		}
	}
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
