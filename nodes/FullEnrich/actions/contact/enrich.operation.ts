// Contact > Enrich: every input item is one contact; items are packed into bulk requests of up to
// 100 (see ../../bulk.ts). Results come later, through the webhooks (FullEnrich Trigger) or
// Contact > Get Enrichment Result.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { startInBatches, type BatchSettings, type PreparedContact } from '../../bulk';
import { enrichContactFrom } from '../../contacts';
import { batchSettingsFor, bulkOptionProperties, customFor, withItemOptions } from '../shared/bulkOptions';

/** The contact's own fields, shared with Contact > Enrich and Wait. */
export const contactFields: INodeProperties[] = [
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Ada',
		description: 'Needed, with last name and company domain or name, when there is no LinkedIn URL',
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Lovelace',
		description: "The contact's last name, with the first name",
	},
	{
		displayName: 'Company Domain',
		name: 'companyDomain',
		type: 'string',
		default: '',
		placeholder: 'e.g. example.com',
		description: 'Domain of the contact\'s company; a website URL is cut down to its domain',
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Example Inc',
		description: "Name of the contact's company, when the domain is not known",
	},
	{
		displayName: 'LinkedIn URL',
		name: 'linkedinUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://www.linkedin.com/in/ada-lovelace',
		description: 'LinkedIn or Sales Navigator profile URL. Enough on its own; it also brings the full profile back.',
	},
	{
		displayName: 'Fields to Enrich',
		name: 'enrichFields',
		type: 'multiOptions',
		default: ['contact.work_emails'],
		description: 'What to look for. FullEnrich charges credits only for what it finds (work email 1, personal email 3, phone 10).',
		options: [
			{ name: 'Personal Emails', value: 'contact.personal_emails' },
			{ name: 'Phones', value: 'contact.phones' },
			{ name: 'Work Emails', value: 'contact.work_emails' },
		],
	},
];

/** Option of both Enrich operations: FullEnrich's `silentFail`. */
export const silentFailOption: INodeProperties = {
	displayName: 'Skip Contacts FullEnrich Rejects',
	name: 'silentFail',
	type: 'boolean',
	default: false,
	description:
		"Whether FullEnrich should skip a contact it finds invalid instead of refusing its whole batch (the bulk endpoint's silentFail). The node already checks each contact first; this covers what only FullEnrich can check. A skipped contact is never called back.",
};

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item is one contact. Items are sent in bulk requests of up to 100 contacts; results arrive at the webhook URLs in Options (use a FullEnrich Trigger) or through Get Enrichment Result.',
		name: 'enrichNotice',
		type: 'notice',
		default: '',
	},
	...contactFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...bulkOptionProperties, silentFailOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['enrich'] } }, properties);

/** The path of bulk enrichment starts, and how a refused start is named in errors. */
export const enrichBulk = { path: '/contact/enrich/bulk', what: 'the bulk enrichment start' };

/** One input item as a contact of a bulk enrichment, in the batch `settings` give; shared with Enrich and Wait. */
export function prepareEnrichContact(context: IExecuteFunctions, itemIndex: number, options: IDataObject, settings: BatchSettings): PreparedContact {
	const contact = enrichContactFrom({
		firstName: context.getNodeParameter('firstName', itemIndex, ''),
		lastName: context.getNodeParameter('lastName', itemIndex, ''),
		companyDomain: context.getNodeParameter('companyDomain', itemIndex, ''),
		companyName: context.getNodeParameter('companyName', itemIndex, ''),
		linkedinUrl: context.getNodeParameter('linkedinUrl', itemIndex, ''),
		enrichFields: context.getNodeParameter('enrichFields', itemIndex, []),
	});
	const custom = customFor(context, itemIndex, options);
	if (Object.keys(custom).length > 0) contact.custom = custom;
	if (options.silentFail === true) settings.qs = { silentFail: true };
	return { settings, contact };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await startInBatches(this, {
		...enrichBulk,
		prepare: (itemIndex) => withItemOptions(this, itemIndex, (options) => prepareEnrichContact(this, itemIndex, options, batchSettingsFor(this, itemIndex, options))),
	});
}
