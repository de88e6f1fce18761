// Wiza records -> clean, flat n8n items. The action node's Get and the trigger share these, so a
// reveal looks the same whether it was fetched or called back.
import type { IDataObject } from 'n8n-workflow';

import type { ListData, RevealData } from './schemas';

/** The contact's fields first, in the order a person reads them; every other field follows. */
const REVEAL_FIELD_ORDER = [
	'status',
	'is_complete',
	'enrichment_level',
	'name',
	'title',
	'company',
	'location',
	'linkedin_profile_url',
	'email',
	'email_type',
	'email_status',
	'emails',
	'mobile_phone',
	'phone_number',
	'phone_status',
	'phones',
	'credits',
	'fail_error',
] as const;

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/** A reveal's failure reason, if it has one (`fail_error`, e.g. "billing_issue"). */
export function failErrorOf(record: { fail_error?: string | null }): string | undefined {
	return isBlank(record.fail_error) ? undefined : String(record.fail_error);
}

/**
 * One reveal as one item: `reveal_id` (Wiza's `data.id`), then the contact's fields at the top
 * level. `fail_error` appears only when the reveal failed; fields Wiza left out stay out.
 */
export function revealToItem(data: RevealData): IDataObject {
	const { id, ...fields } = data as RevealData & IDataObject;
	const item: IDataObject = { reveal_id: id };
	for (const key of REVEAL_FIELD_ORDER) {
		if (key === 'fail_error' ? failErrorOf(fields) !== undefined : fields[key] !== undefined) item[key] = fields[key] as IDataObject[string];
	}
	for (const [key, value] of Object.entries(fields)) {
		if (!(key in item) && key !== 'fail_error') item[key] = value as IDataObject[string];
	}
	return item;
}

/** One list as one item: `list_id` (Wiza's `data.id`), then the list's own fields. */
export function listToItem(data: ListData): IDataObject {
	const { id, ...fields } = data as ListData & IDataObject;
	const item: IDataObject = { list_id: id };
	for (const [key, value] of Object.entries(fields)) {
		if (key === 'fail_error' && failErrorOf(fields) === undefined) continue;
		item[key] = value as IDataObject[string];
	}
	return item;
}
