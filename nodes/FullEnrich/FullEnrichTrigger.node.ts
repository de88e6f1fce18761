import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { BODY_DELIVERY_KEY, BODY_DELIVERY_POLICY, acceptOnce, deliveryIdOfBytes } from '../shared/deliveryMemory';
import { acknowledgeIgnored, acceptAndStart, markAuthHeadersConsumed, providerCallbackWebhooks, rawBodyOf, rejectUnverified, triggerVersions, webhookPastedIntoProvider } from '../shared/webhook';
import { callbackEventOf } from './callbacks';
import { parsedCallbackOf } from './callbackBody';
import { enrichmentToItems, type CallbackEvent } from './flatten';
import { officialItems, type OfficialFormat } from './officialFormats';
import type { EnrichmentPayload } from './schemas';
import { SIGNATURE_HEADER, verifyFullEnrichSignature } from './signature';
import { rawPayloadOption } from '../shared/descriptions';
import { eventsSubtitle, SIGNED_SAMPLE_HINT, triggerTestingPanel, withTriggerActions } from '../shared/editorText';
import { fullEnrichCredentialTest } from './credentialTest';

const HOW_TO_TEST = `use the Test URL as the Batch Webhook URL of a FullEnrich node's Contact > Enrich, or ${SIGNED_SAMPLE_HINT}`;

const EVENT_OPTIONS = withTriggerActions(
	[
		{
			name: 'Batch Finished',
			value: 'batch_finished',
			description: 'A whole batch ended (webhook_url): one item per contact it holds',
		},
		{
			name: 'Contact Finished',
			value: 'contact_finished',
			description: 'One contact is done (webhook_events.contact_finished), before the rest of its batch',
		},
	],
	'On any FullEnrich event',
);

/** The payload's contacts in the chosen Output Format; a payload without contacts still gives one item (its status). */
function itemsIn(payload: EnrichmentPayload, event: CallbackEvent, outputFormat: unknown): IDataObject[] {
	if (outputFormat !== 'officialV1' && outputFormat !== 'officialV2') return enrichmentToItems(payload, event);
	const items = officialItems(payload, outputFormat as OfficialFormat);
	return items.length > 0 ? items : [{ id: payload.id, name: payload.name ?? null, status: payload.status }];
}

export class FullEnrichTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FullEnrich Trigger',
		name: 'fullEnrichTrigger',
		icon: { light: 'file:fullenrich.svg', dark: 'file:fullenrich.dark.svg' },
		group: ['trigger'],
		...triggerVersions,
		subtitle: eventsSubtitle(EVENT_OPTIONS),
		description: 'Starts the workflow when FullEnrich finishes an enrichment',
		defaults: { name: 'FullEnrich Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'enrichmentWebhooksFullEnrichApi', required: true, testedBy: 'fullEnrichApiCredentialTest' }],
		webhooks: providerCallbackWebhooks,
		...triggerTestingPanel(HOW_TO_TEST),
		activationMessage:
			"Paste this trigger's Production URL into the FullEnrich node's Options > Batch Webhook URL and/or Per-Contact Webhook URL (or the webhook_url / webhook_events.contact_finished of your own API calls).",
		properties: [
			{
				displayName:
					'FullEnrich has no API to register webhooks: paste this trigger\'s Production URL as the Batch Webhook URL and/or Per-Contact Webhook URL of the FullEnrich node (Contact > Enrich or Reverse Email > Start). One URL serves both.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: `To test: click Execute step, then ${HOW_TO_TEST}.`,
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['batch_finished', 'contact_finished'],
				description: 'Which FullEnrich callbacks start the workflow; others are answered 200 and ignored',
				options: EVENT_OPTIONS,
			},
			{
				displayName: 'Batch Statuses',
				name: 'batchStatuses',
				type: 'multiOptions',
				default: ['FINISHED', 'CREDITS_INSUFFICIENT', 'CANCELED'],
				description: 'Which ended batches start the workflow. A batch out of credits or cancelled still delivers the contacts it finished. Does not apply to Contact Finished.',
				options: [
					{ name: 'Canceled', value: 'CANCELED' },
					{ name: 'Credits Insufficient', value: 'CREDITS_INSUFFICIENT' },
					{ name: 'Finished', value: 'FINISHED' },
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Output Format',
						name: 'outputFormat',
						type: 'options',
						default: 'flat',
						description: "The shape of each contact's item. The official formats let workflows built on FullEnrich's own n8n node keep their expressions.",
						options: [
							{
								name: 'Flat (This Package)',
								value: 'flat',
								description: 'Work email, personal email and phone at the top level, then every email and phone, the input, the profile and custom',
							},
							{
								name: 'Official FullEnrich Node (V1)',
								value: 'officialV1',
								description: 'Like its trigger version 1: the enrichment ID, name and status, then contact (most_probable_email, ...) and custom',
							},
							{
								name: 'Official FullEnrich Node (V2)',
								value: 'officialV2',
								description: "Like its trigger version 2: the enrichment ID, name and status, then FullEnrich's own record (input, custom, contact_info, profile)",
							},
						],
					},
					rawPayloadOption("Whether to emit FullEnrich's payload as one item instead of one item per contact"),
					{
						displayName: 'Verify Signature',
						name: 'verifySignature',
						type: 'boolean',
						default: true,
						description:
							'Whether to check the X-Signature-SHA1 header against the API key of the credential. Turning this off lets ANYONE who knows the URL start this workflow with made-up results; only do it to debug.',
					},
				],
			},
		],
	};

	methods = { credentialTest: fullEnrichCredentialTest };

	// FullEnrich has no webhook registration API: the URL travels with each enrichment request
	// (webhook_url / webhook_events.contact_finished). Nothing to check, create or delete.
	webhookMethods = { default: webhookPastedIntoProvider };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const rawBody = await rawBodyOf(this);

		if (options.verifySignature !== false) {
			const result = await verifyFullEnrichSignature(this);
			if (!result.verified) return rejectUnverified(this, result, 'FullEnrich');
		} else {
			markAuthHeadersConsumed(this, [SIGNATURE_HEADER]);
		}

		// Parse the bytes that were verified, not n8n's own parse of them.
		const parsed = parsedCallbackOf(rawBody, this.getBodyData());
		if (!parsed.ok) {
			// Signed with the API key, so from FullEnrich, but not a shape we know. Like the Wiza
			// Trigger: 200 (a retry would not change it), no execution, the reason logged. The result
			// itself stays fetchable with Get Enrichment Result for 3 months.
			this.logger.warn(`FullEnrich Trigger ignored a verified callback it does not recognise: ${parsed.problem}`);
			return acknowledgeIgnored(this, 'not a FullEnrich enrichment payload');
		}

		const payload = parsed.value;
		const event = callbackEventOf(this.getQueryData() as IDataObject, payload.status);
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(event)) return acknowledgeIgnored(this, `event ${event} is not selected`);
		if (event === 'batch_finished') {
			const statuses = this.getNodeParameter('batchStatuses', []) as string[];
			if (!statuses.includes(payload.status)) return acknowledgeIgnored(this, `batch status ${payload.status} is not selected`);
		}

		const items = options.rawPayload === true ? [{ event, ...(payload as IDataObject) }] : itemsIn(payload, event, options.outputFormat);
		// FullEnrich sends a delivery again when it misses the answer: the same bytes start nothing.
		if (!acceptOnce(this, BODY_DELIVERY_KEY, deliveryIdOfBytes(rawBody, event), BODY_DELIVERY_POLICY)) {
			return acknowledgeIgnored(this, 'repeat of a delivery already accepted (same body)');
		}
		return acceptAndStart(this.helpers.returnJsonArray(items));
	}
}
