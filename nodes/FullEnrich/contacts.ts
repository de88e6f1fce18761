// One input item -> one contact for a bulk request, checked before anything is sent, so that a bad
// row is an error for that row alone instead of a 400 that sinks its whole batch of 100.
// Rules (v2 bulk enrich docs): a contact needs `linkedin_url`, or `first_name` + `last_name` +
// (`domain` or `company_name`); `enrich_fields` is a non-empty subset of the three below.
import type { IDataObject } from 'n8n-workflow';

export const ENRICH_FIELDS = ['contact.work_emails', 'contact.personal_emails', 'contact.phones'] as const;

export class ContactProblem extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

export interface ContactFields {
	firstName?: unknown;
	lastName?: unknown;
	companyDomain?: unknown;
	companyName?: unknown;
	linkedinUrl?: unknown;
	enrichFields?: unknown;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

function urlOrUndefined(value: string): URL | undefined {
	try {
		return new URL(value);
	} catch {
		return undefined;
	}
}

const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * A company domain as FullEnrich wants it (`example.com`): a pasted website such as
 * `https://www.example.com/about` is cut down to its host (we keep `www.`: it is part of what
 * the user gave). Undefined if it is not a domain at all.
 */
export function normalizeDomain(raw: string): string | undefined {
	let value = raw.trim().toLowerCase();
	if (/^[a-z][a-z0-9+.-]*:\/\//.test(value)) {
		const parsed = urlOrUndefined(value);
		if (!parsed) return undefined;
		value = parsed.hostname;
	}
	value = value.replace(/[/?#].*$/, '').replace(/\.$/, '');
	const labels = value.split('.');
	if (value.length > 253 || labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return undefined;
	return value;
}

/** A LinkedIn profile URL (Sales Navigator URLs too, which FullEnrich accepts); scheme added if missing. */
export function normalizeLinkedinUrl(raw: string): string | undefined {
	const value = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
	const parsed = urlOrUndefined(value);
	if (!parsed) return undefined;
	const host = parsed.hostname.toLowerCase();
	if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) return undefined;
	if (parsed.pathname.replace(/\/+$/, '') === '') return undefined;
	return parsed.toString();
}

const NEEDS = 'A contact needs a LinkedIn URL, or a first name, a last name and a company domain or company name.';

/** The contact as FullEnrich's bulk enrich takes it; throws ContactProblem saying what is missing. */
export function enrichContactFrom(fields: ContactFields): IDataObject {
	const firstName = textOf(fields.firstName);
	const lastName = textOf(fields.lastName);
	const companyName = textOf(fields.companyName);
	const rawDomain = textOf(fields.companyDomain);
	const rawLinkedin = textOf(fields.linkedinUrl);

	const contact: IDataObject = {};
	if (rawLinkedin !== '') {
		const linkedinUrl = normalizeLinkedinUrl(rawLinkedin);
		if (!linkedinUrl) throw new ContactProblem(`"${rawLinkedin.slice(0, 200)}" is not a LinkedIn profile URL`, 'Use a URL such as https://www.linkedin.com/in/some-person, or leave LinkedIn URL empty.');
		contact.linkedin_url = linkedinUrl;
	}
	if (rawDomain !== '') {
		const domain = normalizeDomain(rawDomain);
		if (!domain) throw new ContactProblem(`"${rawDomain.slice(0, 200)}" is not a company domain`, 'Use a bare domain such as example.com, or leave Company Domain empty.');
		contact.domain = domain;
	}
	if (firstName !== '') contact.first_name = firstName;
	if (lastName !== '') contact.last_name = lastName;
	if (companyName !== '') contact.company_name = companyName;

	if (contact.linkedin_url === undefined) {
		const missing = [
			firstName === '' ? 'first name' : undefined,
			lastName === '' ? 'last name' : undefined,
			contact.domain === undefined && companyName === '' ? 'company domain or company name' : undefined,
		].filter((part): part is string => part !== undefined);
		if (missing.length > 0) throw new ContactProblem(`This contact cannot be enriched: ${missing.join(', ')} missing`, NEEDS);
	}

	const enrichFields = Array.isArray(fields.enrichFields) ? fields.enrichFields.map(String) : [];
	const unknown = enrichFields.filter((field) => !(ENRICH_FIELDS as readonly string[]).includes(field));
	if (enrichFields.length === 0) throw new ContactProblem('No field to enrich is selected', 'Choose at least one of Fields to Enrich: work emails, personal emails, phones.');
	if (unknown.length > 0) throw new ContactProblem(`Unknown field to enrich: ${unknown.join(', ')}`, `Use ${ENRICH_FIELDS.join(', ')}.`);
	contact.enrich_fields = [...new Set(enrichFields)];
	return contact;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** One entry of a reverse email lookup; throws ContactProblem for an empty or malformed email. */
export function reverseEmailContactFrom(rawEmail: unknown): IDataObject {
	const email = textOf(rawEmail);
	if (email === '') throw new ContactProblem('The email to look up is empty', 'Map Email to a field of the input item that holds an email address.');
	if (email.length > 320 || !EMAIL.test(email)) throw new ContactProblem(`"${email.slice(0, 200)}" is not an email address`, 'Use an address such as jane@example.com.');
	return { email };
}

/** A webhook URL FullEnrich will accept (http or https, `error.enrichment.webhook_url` otherwise). */
export function checkWebhookUrl(raw: string, label: string): string {
	const parsed = urlOrUndefined(raw);
	if (!parsed) throw new ContactProblem(`${label} is not a URL`, 'Paste the Production URL of a FullEnrich Trigger (or any http/https URL).');
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new ContactProblem(`${label} must start with http:// or https://`, 'FullEnrich refuses other webhook URLs.');
	}
	return raw;
}
