// FullEnrich results -> one clean item per contact. The trigger and the action node's Get
// Enrichment Result / Reverse Email Get Result all call `enrichmentToItems`, so a contact looks
// the same whether it was called back or fetched.
import type { IDataObject } from 'n8n-workflow';

import { restoreCustom } from './custom';
import type { EnrichmentPayload, FullEnrichEmail, FullEnrichPhone, FullEnrichRecord } from './schemas';

/** Which callback brought the payload (absent for a fetched result). */
export type CallbackEvent = 'batch_finished' | 'contact_finished';

const emailOf = (entry: FullEnrichEmail | null | undefined) => entry?.email ?? null;
const emailStatusOf = (entry: FullEnrichEmail | null | undefined) => entry?.status ?? null;
const phoneOf = (entry: FullEnrichPhone | null | undefined) => entry?.number ?? null;
const phoneRegionOf = (entry: FullEnrichPhone | null | undefined) => entry?.region ?? null;

const KNOWN_RECORD_KEYS = new Set(['input', 'custom', 'contact_info', 'profile']);

/** The enrichment's own fields, repeated on each of its contacts. */
export function envelopeOf(payload: EnrichmentPayload, event: CallbackEvent | undefined): IDataObject {
	return {
		...(event ? { event } : {}),
		enrichment_id: payload.id,
		enrichment_name: payload.name ?? null,
		enrichment_status: payload.status,
		enrichment_credits: payload.cost?.credits ?? null,
	};
}

/**
 * One contact: the most probable work email, personal email and phone at the top level with
 * their statuses, then every email and phone found, the input as FullEnrich echoed it, the
 * profile, and `custom` with the node's correlation restored. Fields FullEnrich adds to a record
 * later are kept at the end.
 */
export function recordToItem(record: FullEnrichRecord, envelope: IDataObject): IDataObject {
	const info = record.contact_info ?? undefined;
	const item: IDataObject = {
		...envelope,
		work_email: emailOf(info?.most_probable_work_email),
		work_email_status: emailStatusOf(info?.most_probable_work_email),
		personal_email: emailOf(info?.most_probable_personal_email),
		personal_email_status: emailStatusOf(info?.most_probable_personal_email),
		phone: phoneOf(info?.most_probable_phone),
		phone_region: phoneRegionOf(info?.most_probable_phone),
		work_emails: (info?.work_emails ?? []) as IDataObject[],
		personal_emails: (info?.personal_emails ?? []) as IDataObject[],
		phones: (info?.phones ?? []) as IDataObject[],
		input: (record.input ?? {}) as IDataObject,
		profile: (record.profile ?? null) as IDataObject | null,
		custom: restoreCustom(record.custom),
	};
	for (const [key, value] of Object.entries(record)) {
		if (!KNOWN_RECORD_KEYS.has(key) && !(key in item)) item[key] = value as IDataObject[string];
	}
	return item;
}

/**
 * Every contact of the payload as one item, each carrying the enrichment's id, name and status
 * (so a batch that ran out of credits or was cancelled still delivers the contacts it holds,
 * marked with that status). A payload with no contacts yet gives one item with the enrichment's
 * fields only, so a workflow still sees the status.
 */
export function enrichmentToItems(payload: EnrichmentPayload, event?: CallbackEvent): IDataObject[] {
	const envelope = envelopeOf(payload, event);
	const records = payload.data ?? [];
	if (records.length === 0) return [{ ...envelope, contact_count: 0 }];
	return records.map((record) => recordToItem(record, envelope));
}
