// The options every bulk start shares (Contact > Enrich, Reverse Email > Start): enrichment name,
// the two webhook URLs, custom fields and the node's correlation fields.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withEventTag } from '../../callbacks';
import { ContactProblem, checkWebhookUrl } from '../../contacts';
import { buildCustom, CORRELATION_KEYS, CustomFieldsProblem, MAX_CUSTOM_KEYS } from '../../custom';
import type { BatchSettings } from '../../bulk';
import { invalidInputError } from '../../../shared/errors';

export const bulkOptionProperties: INodeProperties[] = [
	{
		displayName: 'Add Correlation Fields',
		name: 'addCorrelation',
		type: 'boolean',
		default: true,
		description: `Whether to add "${CORRELATION_KEYS.itemIndex}" (the input item's index) and "${CORRELATION_KEYS.executionId}" (this execution's ID) to each contact's custom fields, so the FullEnrich Trigger's items can be matched back to the input items. They count toward FullEnrich's limit of ${MAX_CUSTOM_KEYS} custom fields.`,
	},
	{
		displayName: 'Batch Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://your-n8n.example.com/webhook/.../webhook',
		description:
			"URL FullEnrich calls once when a whole batch has ended (finished, out of credits or cancelled). Paste a FullEnrich Trigger's Production URL. The node adds ?event=batch_finished so the trigger knows which callback it got.",
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Custom Field',
		description: `Values FullEnrich returns unchanged with each result (sent as text, at most ${MAX_CUSTOM_KEYS} fields with the correlation fields, 100 characters each)`,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Name', name: 'key', type: 'string', default: '', placeholder: 'e.g. crm_id', description: 'Name of the field, returned unchanged with the result' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. 12584', description: 'Value of the field, for example your CRM ID of the contact' },
				],
			},
		],
	},
	{
		displayName: 'Enrichment Name',
		name: 'enrichmentName',
		type: 'string',
		default: '',
		placeholder: 'e.g. n8n: My workflow',
		description: 'Name shown in the FullEnrich dashboard. Defaults to "n8n: " and the workflow name.',
	},
	{
		displayName: 'Per-Contact Webhook URL',
		name: 'contactFinishedUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://your-n8n.example.com/webhook/.../webhook',
		description:
			"URL FullEnrich calls each time one contact is done, without waiting for the batch (sent as webhook_events.contact_finished). It may be the same FullEnrich Trigger URL as the batch webhook: the node adds ?event=contact_finished.",
	},
];

function textOption(options: IDataObject, name: string): string {
	const value = options[name];
	return typeof value === 'string' ? value.trim() : '';
}

/** Turns our input problems into the NodeOperationError n8n shows against the item. */
export function asInputError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof ContactProblem || error instanceof CustomFieldsProblem) {
		return invalidInputError(context.getNode(), error.message, error.description, itemIndex);
	}
	return error as Error;
}

/** Reads the item's Options and builds with them; an input problem becomes the item's NodeOperationError. */
export function withItemOptions<T>(context: IExecuteFunctions, itemIndex: number, build: (options: IDataObject) => T): T {
	try {
		return build(context.getNodeParameter('options', itemIndex, {}) as IDataObject);
	} catch (error) {
		throw asInputError(context, error, itemIndex);
	}
}

/** Name and webhook URLs of the batch this item goes into. */
export function batchSettingsFor(context: IExecuteFunctions, itemIndex: number, options: IDataObject): BatchSettings {
	const workflowName = context.getWorkflow().name;
	const name = textOption(options, 'enrichmentName') || `n8n: ${workflowName || 'workflow'}`;
	const webhookUrl = textOption(options, 'webhookUrl');
	const contactFinishedUrl = textOption(options, 'contactFinishedUrl');
	return {
		name: name.slice(0, 200),
		webhookUrl: webhookUrl ? withEventTag(checkWebhookUrl(webhookUrl, 'Batch Webhook URL'), 'batch_finished') : undefined,
		contactFinishedUrl: contactFinishedUrl ? withEventTag(checkWebhookUrl(contactFinishedUrl, 'Per-Contact Webhook URL'), 'contact_finished') : undefined,
	};
}

/** The contact's `custom`: the user's fields plus, unless turned off, the correlation fields. */
export function customFor(context: IExecuteFunctions, itemIndex: number, options: IDataObject): Record<string, string> {
	const rows = ((options.customFields as IDataObject | undefined)?.field ?? []) as Array<{ key?: unknown; value?: unknown }>;
	const correlate = options.addCorrelation !== false;
	return buildCustom(rows, correlate ? { itemIndex, executionId: String(context.getExecutionId() ?? '') } : undefined);
}
