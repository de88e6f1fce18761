// People > Enrich: POST /v2/people/enrich (developers.surfe.com, "Enrich people (start)").
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from '../../../shared/errors';
import { ExternalIds } from '../../externalIds';
import { startEnrichments, type EnrichmentSpec, type EnrichOptions, type EnrichTarget } from '../startEnrichments';
import { allowPlainHttpOption, notificationOptionsFor, webhookUrlField } from '../webhookFields';
import { textParameter, wholeNumberOption } from '../parameters';

/** Surfe takes up to 10,000 people per request and recommends about 1,000 (help center, "bulk requests"). */
export const MAX_PEOPLE_PER_REQUEST = 10_000;
export const DEFAULT_PEOPLE_PER_REQUEST = 1_000;

const INCLUDE_KEYS = ['email', 'mobile', 'linkedInUrl', 'jobHistory'] as const;

/** The person's own fields; shared with People > Enrich and Wait. */
export const personFields: INodeProperties[] = [
	{
		displayName: 'Surfe needs, for each person, a LinkedIn URL, or a first name, a last name and a company name or domain. Map them from the input items.',
		name: 'peopleNotice',
		type: 'notice',
		default: '',
	},
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '', placeholder: 'e.g. Ada', description: "The person's first name; give it with the last name and a company name or domain, or give a LinkedIn URL" },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '', placeholder: 'e.g. Lovelace', description: "The person's last name" },
	{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '', placeholder: 'e.g. Surfe', description: 'Where the person works; the company domain matches better' },
	{ displayName: 'Company Domain', name: 'companyDomain', type: 'string', default: '', placeholder: 'e.g. surfe.com', description: "The website domain of the person's company" },
	{ displayName: 'LinkedIn URL', name: 'linkedinUrl', type: 'string', default: '', placeholder: 'e.g. https://www.linkedin.com/in/ada-lovelace', description: "The person's LinkedIn profile URL; enough on its own to find them" },
];

/** What Surfe should look for; shared with People > Enrich and Wait. */
export const includeField: INodeProperties = {
	displayName: 'Include',
	name: 'include',
	type: 'multiOptions',
	required: true,
	default: ['email'],
	description: 'What Surfe should look for; at least one. Email and mobile use separate credits, spent only when something is found.',
	options: [
		{ name: 'Email', value: 'email' },
		{ name: 'Job History', value: 'jobHistory' },
		{ name: 'LinkedIn URL', value: 'linkedInUrl' },
		{ name: 'Mobile Phone', value: 'mobile' },
	],
};

/** The options besides the plain-HTTP one; shared with People > Enrich and Wait. */
export const peopleOptions: INodeProperties[] = [
	{
		displayName: 'Email Type',
		name: 'acceptedEmailType',
		type: 'options',
		default: 'default',
		description: 'Which kind of email address Surfe should accept',
		options: [
			{ name: 'Personal', value: 'personal' },
			{ name: 'Professional', value: 'professional' },
			{ name: 'Surfe Default', value: 'default' },
		],
	},
	{
		displayName: 'People per Request',
		name: 'batchSize',
		type: 'number',
		default: DEFAULT_PEOPLE_PER_REQUEST,
		typeOptions: { minValue: 1, maxValue: MAX_PEOPLE_PER_REQUEST },
		description: 'Items are packed into requests of up to this many people. Surfe allows 10,000 and recommends about 1,000.',
	},
	{
		displayName: 'Skip Mobile If No Email Found',
		name: 'skipMobileEnrichmentIfNoEmailFound',
		type: 'boolean',
		default: false,
		description: 'Whether Surfe should not look for a mobile number (and spend no mobile credit) when it found no email for the person',
	},
];

const properties: INodeProperties[] = [
	...personFields,
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description:
			'Your own ID for this person, echoed back on the results and webhooks. Leave empty and the node uses n8n-&lt;execution ID&gt;-&lt;item index&gt;. Must be unique within one run.',
	},
	includeField,
	webhookUrlField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [allowPlainHttpOption, ...peopleOptions],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['person'], operation: ['enrich'] } }, properties);

/** How People > Enrich reads each item; shared with People > Enrich and Wait. */
export function peopleEnrichment(context: IExecuteFunctions, target: EnrichTarget): EnrichmentSpec {
	return {
		path: '/v2/people/enrich',
		listKey: 'people',
		readItem: (itemIndex) => {
			const options = context.getNodeParameter('options', itemIndex, {}) as EnrichOptions;
			const requestBody: IDataObject = { include: includeFlags(context, itemIndex) };
			const enrichmentOptions: IDataObject = {};
			if (options.acceptedEmailType && options.acceptedEmailType !== 'default') enrichmentOptions.acceptedEmailType = options.acceptedEmailType;
			if (options.skipMobileEnrichmentIfNoEmailFound !== undefined) enrichmentOptions.skipMobileEnrichmentIfNoEmailFound = options.skipMobileEnrichmentIfNoEmailFound;
			if (Object.keys(enrichmentOptions).length > 0) requestBody.enrichmentOptions = enrichmentOptions;
			const notificationOptions = target.notificationOptions(itemIndex, options);
			if (notificationOptions) requestBody.notificationOptions = notificationOptions;
			const batchSize = wholeNumberOption(context, options.batchSize ?? DEFAULT_PEOPLE_PER_REQUEST, 'People per Request', 1, MAX_PEOPLE_PER_REQUEST, itemIndex);
			const person = personOf(context, itemIndex);
			person.externalID = target.externalIdOf(itemIndex);
			return { entry: person, requestBody, batchSize };
		},
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const externalIds = new ExternalIds(this.getNode(), this.getExecutionId());
	return startEnrichments(
		this,
		peopleEnrichment(this, {
			notificationOptions: (itemIndex, options) => notificationOptionsFor(this, itemIndex, options.allowPlainHttpWebhookUrl === true),
			externalIdOf: (itemIndex) => externalIds.idFor(itemIndex, textParameter(this, 'externalId', itemIndex)),
		}),
	);
}

function includeFlags(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const chosen = context.getNodeParameter('include', itemIndex, []) as unknown;
	const list = Array.isArray(chosen) ? chosen.map(String) : [];
	if (!INCLUDE_KEYS.some((key) => list.includes(key))) {
		throw invalidInputError(
			context.getNode(),
			'Choose at least one thing for Surfe to include',
			'Surfe refuses an enrichment that asks for nothing: pick Email, Mobile Phone, LinkedIn URL or Job History in "Include".',
			itemIndex,
		);
	}
	return Object.fromEntries(INCLUDE_KEYS.map((key) => [key, list.includes(key)]));
}

/** The person as Surfe's request wants it; note its key is `linkedinUrl` (the response says `linkedInUrl`). */
function personOf(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = {
		firstName: textParameter(context, 'firstName', itemIndex),
		lastName: textParameter(context, 'lastName', itemIndex),
		companyName: textParameter(context, 'companyName', itemIndex),
		companyDomain: textParameter(context, 'companyDomain', itemIndex),
		linkedinUrl: textParameter(context, 'linkedinUrl', itemIndex),
	};
	const byName = fields.firstName !== '' && fields.lastName !== '' && (fields.companyName !== '' || fields.companyDomain !== '');
	if (fields.linkedinUrl === '' && !byName) {
		const present = Object.entries(fields)
			.filter(([, value]) => value !== '')
			.map(([name]) => name);
		throw invalidInputError(
			context.getNode(),
			`Item ${itemIndex} does not identify a person`,
			`Surfe needs a LinkedIn URL, or a first name, a last name and a company name or domain. This item has ${present.length > 0 ? present.join(', ') : 'none of these'}.`,
			itemIndex,
		);
	}
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== '')) as IDataObject;
}
