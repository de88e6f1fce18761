// A FullEnrich payload (a callback to the resume URL, or the one fetch at the time limit) -> the
// results of the waiting input items it answers. Matching relies on `custom`, which FullEnrich
// echoes unchanged (docs: "Tracking Requests with custom"): `n8n_item_index` says which input item
// a contact is, and `n8n_execution_id` must be this execution's, so a contact that strayed from
// another execution is never taken for one of ours.
import type { IDataObject } from 'n8n-workflow';

import type { CallbackDelivery } from '../shared/callbackResults';
import { RESULT_STATUS, resultItem } from '../shared/waitOutput';
import { BATCH_END_STATUSES } from './callbacks';
import { CORRELATION_KEYS } from './custom';
import { envelopeOf, recordToItem } from './flatten';
import type { EnrichmentPayload } from './schemas';

/** What was looked up: contacts (Contact > Enrich) or the people behind emails (Reverse Email). */
export type LookupKind = 'enrich' | 'reverse';

const isNonEmptyList = (value: unknown) => Array.isArray(value) && value.length > 0;

/** Whether FullEnrich found anything for this contact: an email or a phone, or for a reverse lookup a person. */
function foundAnything(kind: LookupKind, item: IDataObject): boolean {
	if (kind === 'reverse') return item.profile !== null && typeof item.profile === 'object' && Object.keys(item.profile).length > 0;
	return (
		[item.work_email, item.personal_email, item.phone].some((value) => typeof value === 'string' && value !== '') ||
		[item.work_emails, item.personal_emails, item.phones].some(isNonEmptyList)
	);
}

const NOT_FOUND_MESSAGE: Record<LookupKind, string> = {
	enrich: 'FullEnrich finished this contact and found no email or phone',
	reverse: 'FullEnrich finished this lookup and found no person behind the email',
};

/** Whether an enrichment has ended (the statuses its batch webhook fires with). */
export function enrichmentEnded(status: string): boolean {
	return (BATCH_END_STATUSES as readonly string[]).includes(status);
}

export interface DeliveryOptions {
	kind: LookupKind;
	executionId: string;
	/** The payload says its enrichment has ended (a batch callback, or a fetch of an ended one). */
	jobDone: boolean;
	/**
	 * Keep only contacts with something found. For a fetch while the enrichment still runs: an
	 * empty contact there may simply not be finished, so it stays open (and is marked timedOut).
	 */
	onlyFound: boolean;
}

/**
 * One item per contact of the payload that belongs to this execution, flattened exactly like the
 * FullEnrich Trigger's items, with a `status` first: `found` or `notFound` (with a message).
 */
export function deliveryOf(payload: EnrichmentPayload, options: DeliveryOptions): CallbackDelivery {
	const envelope = envelopeOf(payload, undefined);
	const results: CallbackDelivery['results'] = [];
	for (const record of payload.data ?? []) {
		const item = recordToItem(record, envelope);
		const custom = item.custom as IDataObject;
		const itemIndex = custom[CORRELATION_KEYS.itemIndex];
		if (typeof itemIndex !== 'number' || custom[CORRELATION_KEYS.executionId] !== options.executionId) continue;
		const found = foundAnything(options.kind, item);
		if (options.onlyFound && !found) continue;
		const json = found ? resultItem(RESULT_STATUS.found, undefined, item, 'record_status') : resultItem(RESULT_STATUS.notFound, NOT_FOUND_MESSAGE[options.kind], item, 'record_status');
		results.push({ itemIndex, json });
	}
	return { jobId: payload.id, jobDone: options.jobDone, results };
}
