// The Webhook URL field and its plain-HTTP escape hatch, shared by People and Company > Enrich.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from '../../shared/errors';
import { checkWebhookUrl } from '../webhookUrl';

export const webhookUrlField: INodeProperties = {
	displayName: 'Webhook URL',
	name: 'webhookUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://n8n.example.com/webhook/…/webhook',
	description:
		'Where Surfe posts the results: paste the Production URL of a Surfe Trigger node. Surfe only accepts HTTPS URLs. Leave empty to fetch results with Get Enrichment instead.',
};

export const allowPlainHttpOption: INodeProperties = {
	displayName: 'Allow Plain-HTTP Webhook URL',
	name: 'allowPlainHttpWebhookUrl',
	type: 'boolean',
	default: false,
	description:
		'Whether to send an http:// Webhook URL instead of refusing it. Only for a Surfe-compatible test server or an internal relay: Surfe itself refuses http:// URLs.',
};

/** `notificationOptions` for the request body, or nothing when no URL is set. */
export function notificationOptionsFor(context: IExecuteFunctions, itemIndex: number, allowPlainHttp: boolean): IDataObject | undefined {
	const webhookUrl = String(context.getNodeParameter('webhookUrl', itemIndex, '') ?? '').trim();
	if (webhookUrl === '') return undefined;
	const checked = checkWebhookUrl(webhookUrl, allowPlainHttp);
	if (!checked.ok) throw invalidInputError(context.getNode(), checked.message, checked.description, itemIndex);
	return { webhookUrl: checked.url };
}
