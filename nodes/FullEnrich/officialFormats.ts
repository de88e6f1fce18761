// The formats of FullEnrich's own n8n package (n8n-nodes-fullenrich 0.2.0), for workflows moving
// over from it:
// - its v1-era callbacks: `{ id, name, status, datas: [{ contact: {...}, custom }] }` (FullEnrich
//   API v1: `datas`, `firstname`, `most_probable_email`...). Read here as v2 records, so the
//   trigger and the waiting operations accept them like v2 ones; the v1 `contact` is kept whole
//   on the record, so `contact.most_probable_email` still works downstream;
// - its trigger's output: v2 `{ id, name, status, ...record }` per contact, and v1
//   `{ id, name, status, contact, custom }` (its trigger version 1 maps v2 records back to v1).
// Field names come from FullEnrich's v1 and v2 docs and that package's published output shapes.
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { EnrichmentPayload, FullEnrichRecord } from './schemas';

const v1EntrySchema = z
	.object({
		contact: z.object({}).passthrough().nullable().optional(),
		custom: z.record(z.string(), z.unknown()).nullable().optional(),
	})
	.passthrough();

/** A v1 body: `datas` instead of `data`. */
export const v1PayloadSchema = z
	.object({
		id: z.string().min(1),
		name: z.string().nullable().optional(),
		status: z.string().min(1),
		datas: z.array(v1EntrySchema),
	})
	.passthrough();

const hasText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const objectOr = (value: unknown): IDataObject => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {});

/** v1 lists hold `{ email, status }` objects (or, loosely, bare strings). */
function v1Emails(value: unknown): IDataObject[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap((entry) => (hasText(entry) ? [{ email: entry }] : entry && typeof entry === 'object' ? [entry as IDataObject] : []));
}

function v1Phones(value: unknown): IDataObject[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap((entry) => (hasText(entry) ? [{ number: entry }] : entry && typeof entry === 'object' ? [entry as IDataObject] : []));
}

function linkedinOf(contact: IDataObject): string | undefined {
	const profileUrl = objectOr(contact.profile).linkedin_url;
	if (hasText(profileUrl)) return profileUrl;
	const social = Array.isArray(contact.social_medias) ? contact.social_medias.map(objectOr).find((entry) => String(entry.type).toUpperCase() === 'LINKEDIN') : undefined;
	return hasText(social?.url) ? social.url : undefined;
}

/** One v1 `datas` entry as a v2 record, with the v1 `contact` kept beside it. */
function v1EntryToRecord(entry: z.infer<typeof v1EntrySchema>): FullEnrichRecord {
	const contact = objectOr(entry.contact);
	const email = (address: unknown, status: unknown) => (hasText(address) ? { email: address, status: hasText(status) ? status : null } : null);
	const input = Object.fromEntries(
		Object.entries({ first_name: contact.firstname, last_name: contact.lastname, company_domain: contact.domain, professional_network_url: linkedinOf(contact) }).filter(([, value]) => hasText(value)),
	);
	return {
		...entry,
		input,
		custom: entry.custom ?? {},
		contact_info: {
			most_probable_work_email: email(contact.most_probable_email, contact.most_probable_email_status),
			most_probable_personal_email: email(contact.most_probable_personal_email, contact.most_probable_personal_email_status),
			most_probable_phone: hasText(contact.most_probable_phone) ? { number: contact.most_probable_phone } : null,
			work_emails: v1Emails(contact.emails),
			personal_emails: v1Emails(contact.personal_emails),
			phones: v1Phones(contact.phones),
		},
		profile: contact.profile && typeof contact.profile === 'object' ? (contact.profile as IDataObject) : null,
		contact,
	};
}

/** A v1 body as the v2 payload every reader here takes (`datas` read as `data`). */
export function v1PayloadToV2(payload: z.infer<typeof v1PayloadSchema>): EnrichmentPayload {
	const { datas, ...envelope } = payload;
	return { ...envelope, data: datas.map(v1EntryToRecord) };
}

// --- Output in the official node's shapes -------------------------------------------------------

export type OfficialFormat = 'officialV1' | 'officialV2';

/** "2022-06-01T00:00:00Z" (or "2023-7-15") -> { month: 6, year: 2022 }; null when unreadable. */
function monthYear(value: unknown): IDataObject | null {
	const match = hasText(value) ? /^(\d{4})-(\d{1,2})/.exec(value) : null;
	if (!match) return null;
	const month = Number(match[2]);
	return month >= 1 && month <= 12 ? { month, year: Number(match[1]) } : null;
}

/** The current position: employment.current when it has a title, else the first of employment.all, gaps filled from it. */
function positionOf(profile: IDataObject): IDataObject {
	const employment = objectOr(profile.employment);
	const current = objectOr(employment.current);
	const first = objectOr(Array.isArray(employment.all) ? employment.all[0] : undefined);
	return hasText(current.title) ? { ...first, ...current } : first;
}

function v1ProfileOf(profile: IDataObject): IDataObject {
	const network = objectOr(objectOr(profile.social_profiles).professional_network);
	const location = objectOr(profile.location);
	const position = positionOf(profile);
	const company = objectOr(position.company);
	return {
		linkedin_id: network.id === undefined || network.id === null ? '' : String(network.id),
		linkedin_url: hasText(network.url) ? network.url : '',
		firstname: profile.first_name ?? '',
		lastname: profile.last_name ?? '',
		headline: profile.headline ?? '',
		location: [location.city, location.region, location.country].filter(hasText).join(', '),
		position: {
			title: position.title ?? '',
			description: position.description ?? '',
			start_at: monthYear(position.start_at),
			end_at: monthYear(position.end_at),
			company: { ...company, name: company.name ?? '', domain: company.domain ?? '' },
		},
	};
}

/** A v2 record as the official node's v1 `contact` (what `contact.most_probable_email` expressions read). */
export function v1ContactOf(record: FullEnrichRecord): IDataObject {
	const input = objectOr(record.input);
	const info = objectOr(record.contact_info);
	const profile = record.profile && typeof record.profile === 'object' ? (record.profile as IDataObject) : undefined;
	const network = objectOr(objectOr(profile?.social_profiles).professional_network);
	const work = objectOr(info.most_probable_work_email);
	const personal = objectOr(info.most_probable_personal_email);
	const companyDomain = objectOr(profile ? positionOf(profile).company : undefined).domain;
	return {
		firstname: input.first_name ?? profile?.first_name ?? '',
		lastname: input.last_name ?? profile?.last_name ?? '',
		domain: hasText(input.company_domain) ? input.company_domain : hasText(companyDomain) ? companyDomain : '',
		most_probable_email: work.email ?? '',
		most_probable_email_status: work.status ?? '',
		most_probable_personal_email: personal.email ?? '',
		most_probable_personal_email_status: personal.status ?? '',
		most_probable_phone: objectOr(info.most_probable_phone).number ?? '',
		emails: (info.work_emails ?? []) as IDataObject[],
		personal_emails: (info.personal_emails ?? []) as IDataObject[],
		phones: (info.phones ?? []) as IDataObject[],
		social_medias: hasText(network.url) ? [{ url: network.url, type: 'LINKEDIN' }] : [],
		...(profile ? { profile: v1ProfileOf(profile) } : {}),
	};
}

/**
 * One item per contact in the official trigger's shape: v2 `{ id, name, status, ...record }`, or
 * v1 `{ id, name, status, contact, custom }` (a v1 callback's own `contact` as it came).
 */
export function officialItems(payload: EnrichmentPayload, format: OfficialFormat): IDataObject[] {
	const envelope: IDataObject = { id: payload.id, name: payload.name ?? null, status: payload.status };
	return (payload.data ?? []).map((record) => {
		if (format === 'officialV2') {
			// A v1 callback's `contact` was kept for the v1 format; the v2 record does not have one.
			const v2Record: IDataObject = { ...(record as IDataObject) };
			delete v2Record.contact;
			return { ...envelope, ...v2Record };
		}
		const contact = record.contact && typeof record.contact === 'object' ? (record.contact as IDataObject) : v1ContactOf(record);
		return { ...envelope, contact, custom: (record.custom ?? {}) as IDataObject };
	});
}
