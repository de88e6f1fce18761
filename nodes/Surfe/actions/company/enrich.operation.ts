// Company > Enrich: POST /v2/companies/enrich, up to 500 companies per request
// (developers.surfe.com, "Enrich companies (start)"). Each company is `{ domain, externalID }`.
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from '../../../shared/errors';
import { ExternalIds } from '../../externalIds';
import { startEnrichments, type EnrichmentSpec, type EnrichOptions, type EnrichTarget } from '../startEnrichments';
import { allowPlainHttpOption, notificationOptionsFor, webhookUrlField } from '../webhookFields';
import { textParameter, wholeNumberOption } from '../parameters';

export const MAX_COMPANIES_PER_REQUEST = 500;

/** Shared with Company > Enrich and Wait. */
export const domainField: INodeProperties = {
	displayName: 'Company Domain',
	name: 'domain',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. surfe.com',
	description: 'The company\'s website domain. A full URL is accepted; only its host is sent.',
};

/** Shared with Company > Enrich and Wait. */
export const companiesPerRequestOption: INodeProperties = {
	displayName: 'Companies per Request',
	name: 'batchSize',
	type: 'number',
	default: MAX_COMPANIES_PER_REQUEST,
	typeOptions: { minValue: 1, maxValue: MAX_COMPANIES_PER_REQUEST },
	description: 'Items are packed into requests of up to this many companies (Surfe allows 500)',
};

const properties: INodeProperties[] = [
	domainField,
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description:
			'Your own ID for this company, echoed back on the results and webhooks. Leave empty and the node uses n8n-&lt;execution ID&gt;-&lt;item index&gt;. Must be unique within one run.',
	},
	webhookUrlField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [allowPlainHttpOption, companiesPerRequestOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['company'], operation: ['enrich'] } }, properties);

/** `https://www.surfe.com/about` → `www.surfe.com`; a bare domain is kept as typed (lower case). */
export function domainOf(value: string): string {
	const trimmed = value.trim();
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed.replace(/\/.*$/, '').toLowerCase();
	try {
		return new URL(trimmed).hostname.toLowerCase();
	} catch {
		return trimmed.toLowerCase();
	}
}

/** How Company > Enrich reads each item; shared with Company > Enrich and Wait. */
export function companyEnrichment(context: IExecuteFunctions, target: EnrichTarget): EnrichmentSpec {
	return {
		path: '/v2/companies/enrich',
		listKey: 'companies',
		readItem: (itemIndex) => {
			const options = context.getNodeParameter('options', itemIndex, {}) as EnrichOptions;
			const domain = domainOf(textParameter(context, 'domain', itemIndex));
			if (domain === '' || !domain.includes('.')) {
				throw invalidInputError(context.getNode(), `Item ${itemIndex} has no usable company domain`, 'Map the company\'s website domain (such as surfe.com) into Company Domain.', itemIndex);
			}
			const notificationOptions = target.notificationOptions(itemIndex, options);
			const batchSize = wholeNumberOption(context, options.batchSize ?? MAX_COMPANIES_PER_REQUEST, 'Companies per Request', 1, MAX_COMPANIES_PER_REQUEST, itemIndex);
			const externalID = target.externalIdOf(itemIndex);
			return { entry: { domain, externalID }, requestBody: notificationOptions ? { notificationOptions } : {}, batchSize };
		},
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const externalIds = new ExternalIds(this.getNode(), this.getExecutionId());
	return startEnrichments(
		this,
		companyEnrichment(this, {
			notificationOptions: (itemIndex, options) => notificationOptionsFor(this, itemIndex, options.allowPlainHttpWebhookUrl === true),
			externalIdOf: (itemIndex) => externalIds.idFor(itemIndex, textParameter(this, 'externalId', itemIndex)),
		}),
	);
}
