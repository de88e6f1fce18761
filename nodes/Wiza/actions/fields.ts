// Fields shared by Individual Reveal: Start and List: Create, and the code that reads them into
// Wiza's request shapes. Each operation adds its own displayOptions with updateDisplayOptions.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from '../../shared/errors';

const FIND_BY_OPTIONS = [
	{ name: 'LinkedIn URL', value: 'linkedinUrl', description: "The person's LinkedIn profile URL" },
	{ name: 'Email', value: 'email', description: 'An email address Wiza can match to a person' },
	{ name: 'Name and Company', value: 'nameAndCompany', description: 'Full name plus company name or company domain' },
];

/** One reveal may carry every identifier at once (Wiza's Individual Reveal body; the official Wiza node's "All Fields"). */
const ANY_COMBINATION = {
	name: 'Any Combination',
	value: 'combined',
	description: 'Send every identifier you have (LinkedIn URL, email, full name with company or domain) in one reveal',
};

const FIND_BY_DESCRIPTION = 'What Wiza gets to find the person: a LinkedIn profile URL matches best';

/** The identifier fields of the one-kind choices; each shows, required, for its own choice. */
const singleKindFields: INodeProperties[] = [
	{
		displayName: 'LinkedIn URL',
		name: 'profileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://www.linkedin.com/in/ada-lovelace',
		description: "The person's LinkedIn profile URL (linkedin.com/in/...)",
		displayOptions: { show: { inputType: ['linkedinUrl'] } },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ada@example.com',
		description: 'An email address of the person; Wiza finds the profile and other contact details from it',
		displayOptions: { show: { inputType: ['email'] } },
	},
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Ada Lovelace',
		description: "The person's first and last name, with the company name or domain below",
		displayOptions: { show: { inputType: ['nameAndCompany'] } },
	},
	{
		displayName: 'Company',
		name: 'company',
		type: 'string',
		default: '',
		placeholder: 'e.g. Acme Inc',
		description: 'Company name. Give this, the company domain, or both.',
		displayOptions: { show: { inputType: ['nameAndCompany'] } },
	},
	{
		displayName: 'Company Domain',
		name: 'domain',
		type: 'string',
		default: '',
		placeholder: 'e.g. acme.com',
		description: 'Company website domain. Give this, the company name, or both.',
		displayOptions: { show: { inputType: ['nameAndCompany'] } },
	},
];

/** The same fields for "Any Combination": all optional, empty ones are not sent. */
const combinedFields: INodeProperties[] = [
	{
		displayName: 'Give at least one identifier: a LinkedIn URL, an email, or a full name with a company or domain. Every field you fill in is sent in the same reveal; empty ones are left out.',
		name: 'combinedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { inputType: ['combined'] } },
	},
	...singleKindFields.map((field) => ({ ...field, required: false, displayOptions: { show: { inputType: ['combined'] } } })),
];

/** "Find By" and its fields for a list row: one kind of identifier per row. */
export const contactInputFields: INodeProperties[] = [
	{ displayName: 'Find By', name: 'inputType', type: 'options', default: 'linkedinUrl', description: FIND_BY_DESCRIPTION, options: FIND_BY_OPTIONS },
	...singleKindFields,
];

/** "Find By" and its fields for an Individual Reveal, where "Any Combination" sends every identifier together. */
export const revealInputFields: INodeProperties[] = [
	{ displayName: 'Find By', name: 'inputType', type: 'options', default: 'linkedinUrl', description: FIND_BY_DESCRIPTION, options: [...FIND_BY_OPTIONS, ANY_COMBINATION] },
	...singleKindFields,
	...combinedFields,
];

export const enrichmentLevelField: INodeProperties = {
	displayName: 'Enrichment Level',
	name: 'enrichmentLevel',
	type: 'options',
	default: 'partial',
	description: 'What Wiza looks for, and so what it may charge: 1 credit for a matched LinkedIn profile, 2 for a valid email, 5 for a phone number',
	options: [
		{ name: 'Email (Partial)', value: 'partial', description: 'LinkedIn profile and email' },
		{ name: 'Email and Phone (Full)', value: 'full', description: 'LinkedIn profile, email and phone' },
		{ name: 'LinkedIn Profile Only (None)', value: 'none', description: 'Match the LinkedIn profile, no contact details' },
		{ name: 'Phone', value: 'phone', description: 'LinkedIn profile and phone' },
	],
};

const acceptWorkOption: INodeProperties = {
	displayName: 'Accept Work Emails',
	name: 'acceptWork',
	type: 'boolean',
	default: true,
	description: 'Whether Wiza may return work email addresses',
};

const acceptPersonalOption: INodeProperties = {
	displayName: 'Accept Personal Emails',
	name: 'acceptPersonal',
	type: 'boolean',
	default: true,
	description: 'Whether Wiza may return personal email addresses',
};

const acceptGenericOption: INodeProperties = {
	displayName: 'Accept Generic Emails',
	name: 'acceptGeneric',
	type: 'boolean',
	default: false,
	description: 'Whether Wiza may return generic addresses such as info@ or sales@',
};

/** Email options; options the user does not add are not sent, so Wiza's own defaults apply. */
export function emailOptionsField(forList: boolean): INodeProperties {
	return {
		displayName: 'Email Options',
		name: 'emailOptions',
		type: 'collection',
		placeholder: 'Add Email Option',
		default: {},
		description: "Which kinds of email address Wiza may return; options you do not add keep Wiza's defaults",
		options: forList ? [acceptGenericOption, acceptPersonalOption, acceptWorkOption] : [acceptPersonalOption, acceptWorkOption],
	};
}

export const callbackUrlField: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://your-n8n.example.com/webhook/…/webhook',
	description:
		"Where Wiza sends the result when it is ready. Paste the Production URL of a Wiza Trigger node here (open the trigger, 'Webhook URLs', 'Production URL'; expressions are allowed) and activate that trigger's workflow. Leave empty to use the default webhook URL set in Wiza under Settings > API.",
};

const EMAIL_OPTION_NAMES: Record<string, string> = { acceptWork: 'accept_work', acceptPersonal: 'accept_personal', acceptGeneric: 'accept_generic' };

/** The request fields every Wiza job takes: enrichment level, email options, callback URL. */
export function readJobSettings(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const settings: IDataObject = { enrichment_level: context.getNodeParameter('enrichmentLevel', itemIndex) as string };
	const chosen = context.getNodeParameter('emailOptions', itemIndex, {}) as IDataObject;
	const emailOptions: IDataObject = {};
	for (const [name, wizaName] of Object.entries(EMAIL_OPTION_NAMES)) {
		if (typeof chosen[name] === 'boolean') emailOptions[wizaName] = chosen[name];
	}
	if (Object.keys(emailOptions).length > 0) settings.email_options = emailOptions;
	const callbackUrl = readCallbackUrl(context, itemIndex);
	if (callbackUrl) settings.callback_url = callbackUrl;
	return settings;
}

function readCallbackUrl(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = String(context.getNodeParameter('callbackUrl', itemIndex, '') ?? '').trim();
	if (value === '') return undefined;
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw invalidInputError(
			context.getNode(),
			`The Callback URL "${value.slice(0, 200)}" is not an http(s) URL`,
			"Paste the Production URL of a Wiza Trigger node (it starts with https:// or http://), or leave the field empty to use the default webhook URL from Wiza's Settings > API.",
			itemIndex,
		);
	}
	// Sent as typed: Wiza posts to exactly this URL (a normalised copy could differ, e.g. a trailing slash).
	return value;
}

const text = (context: IExecuteFunctions, name: string, itemIndex: number) => String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();

/**
 * The person to look up, as Wiza's reveal/list item: `{ profile_url }`, `{ email }`,
 * `{ full_name, company?, domain? }` (docs.wiza.co Individual Reveal input shapes) or, for
 * "Any Combination", every one of them that is filled in.
 */
export function readContactInput(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const inputType = context.getNodeParameter('inputType', itemIndex) as string;
	const missing = (field: string, how: string) =>
		invalidInputError(context.getNode(), `${field} is empty in item ${itemIndex}`, `${how} If the value comes from an expression, check that the input item has that field.`, itemIndex);
	const profileUrl = () => text(context, 'profileUrl', itemIndex);
	const email = () => text(context, 'email', itemIndex);

	if (inputType === 'linkedinUrl') {
		if (!profileUrl()) throw missing('LinkedIn URL', "Give the person's LinkedIn profile URL, e.g. https://www.linkedin.com/in/jane-doe.");
		return { profile_url: checkedProfileUrl(context, profileUrl(), itemIndex) };
	}
	if (inputType === 'email') {
		if (!email()) throw missing('Email', 'Give an email address to look up.');
		return { email: checkedEmail(context, email(), itemIndex) };
	}
	if (inputType === 'combined') return readCombinedInput(context, itemIndex);

	const fullName = text(context, 'fullName', itemIndex);
	const company = text(context, 'company', itemIndex);
	const domain = text(context, 'domain', itemIndex);
	if (!fullName) throw missing('Full Name', "Give the person's first and last name.");
	if (!company && !domain) throw missing('Company and Company Domain', 'Wiza needs a company name or a company domain with the full name: fill in at least one.');
	const person: IDataObject = { full_name: fullName };
	if (company) person.company = company;
	if (domain) person.domain = domain;
	return person;
}

function checkedProfileUrl(context: IExecuteFunctions, profileUrl: string, itemIndex: number): string {
	if (/linkedin\.com\//i.test(profileUrl)) return profileUrl;
	throw invalidInputError(
		context.getNode(),
		`"${profileUrl.slice(0, 200)}" is not a LinkedIn profile URL (item ${itemIndex})`,
		'Wiza matches people by their LinkedIn profile URL, e.g. https://www.linkedin.com/in/jane-doe. To search by name, set Find By to Name and Company.',
		itemIndex,
	);
}

function checkedEmail(context: IExecuteFunctions, email: string, itemIndex: number): string {
	if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return email;
	throw invalidInputError(context.getNode(), `"${email.slice(0, 200)}" is not an email address (item ${itemIndex})`, 'Give an address of the form name@domain.com.', itemIndex);
}

/**
 * "Any Combination": every filled-in identifier, checked like its one-kind form, in one reveal.
 * Wiza needs at least one usable identifier: a LinkedIn URL, an email, or a full name with a
 * company or domain (a name alone, or a company alone, matches nobody).
 */
function readCombinedInput(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const person: IDataObject = {};
	const profileUrl = text(context, 'profileUrl', itemIndex);
	const email = text(context, 'email', itemIndex);
	const fullName = text(context, 'fullName', itemIndex);
	const company = text(context, 'company', itemIndex);
	const domain = text(context, 'domain', itemIndex);
	if (profileUrl) person.profile_url = checkedProfileUrl(context, profileUrl, itemIndex);
	if (email) person.email = checkedEmail(context, email, itemIndex);
	if (fullName) person.full_name = fullName;
	if (company) person.company = company;
	if (domain) person.domain = domain;
	if (profileUrl || email || (fullName && (company || domain))) return person;
	const given = Object.keys(person);
	throw invalidInputError(
		context.getNode(),
		given.length === 0 ? `No identifier in item ${itemIndex}` : `Not enough to identify the person in item ${itemIndex} (only ${given.join(', ')})`,
		'Fill in a LinkedIn URL, an email, or a full name together with a company name or domain. If the values come from expressions, check that the input item has those fields.',
		itemIndex,
	);
}
