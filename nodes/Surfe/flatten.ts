// Surfe people and companies as clean n8n items. ONE place, used by People/Company > Get
// Enrichment and by the Surfe Trigger, so a person looks the same however it arrived.
import type { IDataObject } from 'n8n-workflow';

import type { EnrichedCompany, EnrichedPerson } from './schemas';

type Email = NonNullable<EnrichedPerson['emails']>[number];
type MobilePhone = NonNullable<EnrichedPerson['mobilePhones']>[number];

// Surfe does not publish its list of validation statuses; VALID and CATCH_ALL appear in its
// examples. Unknown statuses rank between CATCH_ALL and INVALID; an INVALID address is never the
// "best" email (it stays in `emails`).
const EMAIL_RANK: Record<string, number> = { VALID: 0, CATCH_ALL: 1, ACCEPT_ALL: 1 };
const UNKNOWN_EMAIL_RANK = 2;
const isUnusable = (status: string | undefined) => /^invalid/i.test(status ?? '');

export function bestEmail(emails: readonly Email[]): Email | undefined {
	let best: Email | undefined;
	let bestRank = Number.POSITIVE_INFINITY;
	for (const email of emails) {
		if (isUnusable(email.validationStatus)) continue;
		const rank = EMAIL_RANK[(email.validationStatus ?? '').toUpperCase()] ?? UNKNOWN_EMAIL_RANK;
		if (rank < bestRank) {
			best = email;
			bestRank = rank;
		}
	}
	return best;
}

/** Highest confidence first; phones without a score go last, in Surfe's order. */
export function phonesByConfidence(phones: readonly MobilePhone[]): MobilePhone[] {
	return phones
		.map((phone, index) => ({ phone, index }))
		.sort((a, b) => (b.phone.confidenceScore ?? -1) - (a.phone.confidenceScore ?? -1) || a.index - b.index)
		.map(({ phone }) => phone);
}

/**
 * One person as a flat item. Every key is always present (null when Surfe found nothing), so
 * later nodes can map fields without checking; `jobHistory` only when it was requested.
 */
export function flattenPerson(person: EnrichedPerson, enrichmentID: string | undefined): IDataObject {
	const emails = person.emails ?? [];
	const phones = phonesByConfidence(person.mobilePhones ?? []);
	const best = bestEmail(emails);
	const item: IDataObject = {
		externalID: person.externalID ?? null,
		enrichmentID: enrichmentID ?? null,
		status: person.status ?? null,
		firstName: person.firstName ?? null,
		lastName: person.lastName ?? null,
		jobTitle: person.jobTitle ?? null,
		companyName: person.companyName ?? null,
		companyDomain: person.companyDomain ?? null,
		linkedInUrl: person.linkedInUrl ?? null,
		location: person.location ?? null,
		country: person.country ?? null,
		email: best?.email ?? null,
		emailValidationStatus: best?.validationStatus ?? null,
		mobilePhone: phones[0]?.mobilePhone ?? null,
		mobilePhoneConfidence: phones[0]?.confidenceScore ?? null,
		emails: emails.map((email) => ({ email: email.email, validationStatus: email.validationStatus ?? null })),
		mobilePhones: phones.map((phone) => ({ mobilePhone: phone.mobilePhone, confidenceScore: phone.confidenceScore ?? null })),
		departments: person.departments ?? [],
		seniorities: person.seniorities ?? [],
	};
	if (person.jobHistory) {
		item.jobHistory = person.jobHistory.map((job) => ({
			companyName: job.companyName ?? null,
			jobTitle: job.jobTitle ?? null,
			startDate: job.startDate ?? null,
			endDate: job.endDate ?? null,
			linkedInUrl: job.linkedInURL ?? null,
		}));
	}
	return item;
}

/**
 * One company as an item: Surfe's company object is already mostly flat, so it is kept whole
 * (nested lists such as funding rounds included), led by the matching keys and its first website.
 */
export function flattenCompany(company: EnrichedCompany, enrichmentID: string | undefined): IDataObject {
	const { externalID, status, name, websites, ...rest } = company;
	return {
		externalID: externalID ?? null,
		enrichmentID: enrichmentID ?? null,
		status: status ?? null,
		name: name ?? null,
		website: websites?.[0] ?? null,
		websites: websites ?? [],
		...withoutUndefined(rest),
	};
}

function withoutUndefined(record: Record<string, unknown>): IDataObject {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as IDataObject;
}

/** `raw` output: Surfe's object exactly as received, plus the enrichment it belongs to. */
export function rawWithEnrichment(raw: unknown, enrichmentID: string | undefined): IDataObject {
	return { enrichmentID: enrichmentID ?? null, ...(raw as IDataObject) };
}
