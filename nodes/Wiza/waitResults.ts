// Wiza reveals and list contacts -> what each waiting input item gets when an "... and Wait"
// operation resumes: Wiza's record, flattened like the Wiza Trigger's items, with a `status` first
// (`found`, `notFound`, `failed`) and a `message` when there is no contact data.
import type { IDataObject } from 'n8n-workflow';

import { RESULT_STATUS, resultItem } from '../shared/waitOutput';
import { failErrorOf, revealToItem } from './flatten';
import type { RevealData } from './schemas';

const hasText = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const hasEntries = (value: unknown) => Array.isArray(value) && value.length > 0;
const hasEmail = (record: IDataObject) => hasText(record.email) || hasEntries(record.emails);
const hasPhone = (record: IDataObject) => hasText(record.mobile_phone) || hasText(record.phone_number) || hasEntries(record.phones);

/**
 * Whether Wiza found what the enrichment level asks for (docs: `partial` = email, `phone` = phone,
 * `full` = email and phone, `none` = the LinkedIn profile). Wiza charges only for what it finds, so
 * this is also "did it cost anything". An unknown level counts any email or phone.
 */
export function foundFor(record: IDataObject, level: unknown): boolean {
	switch (level) {
		case 'none':
			return hasText(record.linkedin_profile_url);
		case 'partial':
			return hasEmail(record);
		case 'phone':
			return hasPhone(record);
		default:
			return hasEmail(record) || hasPhone(record);
	}
}

const NOT_FOUND: Record<string, string> = {
	none: 'Wiza found no LinkedIn profile for this person',
	partial: 'Wiza found no email for this person',
	phone: 'Wiza found no phone number for this person',
};

/** Whether a fetched reveal is done: complete, or failed. (A callback always is: Wiza calls back on completion or failure.) */
export function revealIsDone(reveal: RevealData): boolean {
	return reveal.is_complete === true || reveal.status === 'failed' || failErrorOf(reveal) !== undefined;
}

/** A finished or failed reveal as the result of its input item. */
export function revealResult(reveal: RevealData): IDataObject {
	const item = revealToItem(reveal);
	const failError = failErrorOf(reveal);
	if (failError !== undefined || reveal.status === 'failed') {
		return resultItem(RESULT_STATUS.failed, `Wiza failed reveal ${String(reveal.id)}: ${failError ?? 'no reason given'}`, item, 'reveal_status');
	}
	if (foundFor(item, reveal.enrichment_level)) return resultItem(RESULT_STATUS.found, undefined, item, 'reveal_status');
	return resultItem(RESULT_STATUS.notFound, NOT_FOUND[String(reveal.enrichment_level)] ?? 'Wiza found no email or phone for this person', item, 'reveal_status');
}

/** The result for every item of a list Wiza failed. */
export function failedListResult(listId: string, failError: string | undefined): IDataObject {
	return { status: RESULT_STATUS.failed, message: `Wiza failed list ${listId}: ${failError ?? 'no reason given'}`, list_id: listId };
}

/** One contact of a finished list as the result of the input item it matched. */
export function listContactResult(listId: string, contact: IDataObject, level: unknown): IDataObject {
	const item = { list_id: listId, ...contact };
	if (foundFor(item, level)) return resultItem(RESULT_STATUS.found, undefined, item, 'contact_status');
	return resultItem(RESULT_STATUS.notFound, NOT_FOUND[String(level)] ?? 'Wiza found no email or phone for this person', item, 'contact_status');
}

// Matching a list's contacts to the rows that asked for them. Wiza's list contacts carry no row
// number or id of ours (the list endpoints are undocumented; third-party code shows contacts with
// `full_name`, `linkedin_profile_url`, `email`, `company`, `company_domain`), so a row is matched by
// what it sent: its LinkedIn URL, its email, or its full name (narrowed by company or domain when
// several contacts share the name). A row no contact matches gets the shared `notReturned` status.

const urlKey = (value: unknown) =>
	hasText(value)
		? String(value)
				.trim()
				.toLowerCase()
				.replace(/^https?:\/\//, '')
				.replace(/^([a-z]{2,3}\.)?(www\.)?/, '')
				.replace(/[?#].*$/, '')
				.replace(/\/+$/, '')
		: undefined;
const textKey = (value: unknown) => (hasText(value) ? String(value).trim().toLowerCase().replace(/\s+/g, ' ') : undefined);

function emailsOf(contact: IDataObject): string[] {
	const listed = Array.isArray(contact.emails) ? contact.emails.map((entry) => (entry as IDataObject)?.email) : [];
	return [contact.email, ...listed].map(textKey).filter((email): email is string => email !== undefined);
}

/**
 * Matches rows to the contacts of one list: `match(sent)` returns the contact `sent` (a row as the
 * list got it: `{ profile_url }`, `{ email }` or `{ full_name, company?, domain? }`) matches, the
 * first in list order. The contacts are indexed once, so matching every row of a list costs time
 * in proportion to the list's size, not to its square (10,000 rows against 10,000 contacts).
 */
export function contactMatcher(contacts: IDataObject[]): (sent: IDataObject) => IDataObject | undefined {
	// Each index keeps the position of the first contact with that key.
	const byUrl = new Map<string, number>();
	const byEmail = new Map<string, number>();
	const byName = new Map<string, { first: number; count: number }>();
	const byNameAndDomain = new Map<string, number>();
	const byNameAndCompany = new Map<string, number>();
	const remember = (index: Map<string, number>, key: string | undefined, position: number) => {
		if (key !== undefined && !index.has(key)) index.set(key, position);
	};
	const pair = (name: string, other: string | undefined) => (other === undefined ? undefined : JSON.stringify([name, other]));
	contacts.forEach((contact, position) => {
		for (const url of [contact.linkedin_profile_url, contact.profile_url, contact.linkedin_url]) remember(byUrl, urlKey(url), position);
		for (const email of emailsOf(contact)) remember(byEmail, email, position);
		const name = textKey(contact.full_name ?? contact.name);
		if (name === undefined) return;
		const named = byName.get(name);
		if (named) named.count++;
		else byName.set(name, { first: position, count: 1 });
		remember(byNameAndDomain, pair(name, textKey(contact.company_domain)), position);
		remember(byNameAndCompany, pair(name, textKey(contact.company)), position);
	});
	const contactAt = (position: number | undefined) => (position === undefined ? undefined : contacts[position]);
	const positionOf = (index: Map<string, number>, key: string | undefined) => (key === undefined ? undefined : index.get(key));
	return (sent) => {
		const url = urlKey(sent.profile_url);
		if (url !== undefined) return contactAt(byUrl.get(url));
		const email = textKey(sent.email);
		if (email !== undefined) return contactAt(byEmail.get(email));
		const name = textKey(sent.full_name);
		if (name === undefined) return undefined;
		// The first contact of that name whose company domain or company is the row's, else the
		// only contact of that name.
		const sameCompanyAt = [positionOf(byNameAndDomain, pair(name, textKey(sent.domain))), positionOf(byNameAndCompany, pair(name, textKey(sent.company)))].filter(
			(position): position is number => position !== undefined,
		);
		if (sameCompanyAt.length > 0) return contacts[Math.min(...sameCompanyAt)];
		const named = byName.get(name);
		return named?.count === 1 ? contacts[named.first] : undefined;
	};
}

/** The contact of `contacts` that `sent` matches (see contactMatcher; for one row). */
export function matchContact(contacts: IDataObject[], sent: IDataObject): IDataObject | undefined {
	return contactMatcher(contacts)(sent);
}
