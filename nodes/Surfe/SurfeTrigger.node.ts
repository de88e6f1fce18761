import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS } from '../shared/verification';
import { BODY_DELIVERY_KEY, BODY_DELIVERY_POLICY, acceptOnce, deliveryIdOfBytes } from '../shared/deliveryMemory';
import { acknowledgeIgnored, acceptAndStart, rawBodyOf, providerCallbackWebhooks, rejectUnverified, triggerVersions, webhookPastedIntoProvider } from '../shared/webhook';
import { callbackBodyOf, verifySurfeCallback } from './callbackAuth';
import { eventsSubtitle, SIGNED_SAMPLE_HINT, triggerTestingPanel, withTriggerActions } from '../shared/editorText';
import { ANY_EVENT, eventTypeOf, itemsForEvent, SURFE_EVENTS } from './events';
import { surfeCredentialTest } from './credentialTest';

const HOW_TO_TEST = `use the Test URL as the Webhook URL of a Surfe node's Enrich operation (Surfe only calls https:// URLs), or ${SIGNED_SAMPLE_HINT}`;

const EVENT_OPTIONS = withTriggerActions(
	[
		{
			name: 'Any Event',
			value: ANY_EVENT,
			description: 'Every event Surfe sends, including types not in this list',
		},
		{ name: 'Company Enrichment Completed', value: 'company.enrichment.completed', description: 'A company enrichment finished' },
		{
			name: 'Person Batch Enrichment Completed',
			value: 'person.batch-enrichment.completed',
			description: 'A whole bulk people enrichment finished (sent once per request)',
		},
		{
			name: 'Person Enrichment Completed',
			value: 'person.enrichment.completed',
			description: 'One person of a bulk enrichment finished (sent once per person)',
		},
	],
	'On any Surfe event',
);

export class SurfeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Surfe Trigger',
		name: 'surfeTrigger',
		icon: { light: 'file:surfe.svg', dark: 'file:surfe.dark.svg' },
		group: ['trigger'],
		...triggerVersions,
		subtitle: eventsSubtitle(EVENT_OPTIONS),
		description: 'Starts the workflow when Surfe finishes enriching people or companies',
		defaults: { name: 'Surfe Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'enrichmentWebhooksSurfeApi', required: true, testedBy: 'surfeApiCredentialTest' }],
		webhooks: providerCallbackWebhooks,
		...triggerTestingPanel(HOW_TO_TEST),
		activationMessage:
			'Surfe now delivers to this trigger\'s Production URL: use it as the Webhook URL of the Surfe node\'s Enrich operations (or as notificationOptions.webhookUrl in your own Surfe requests). Surfe only calls https:// URLs.',
		properties: [
			{
				displayName:
					'Surfe signs callbacks with a secret that it shows in its API settings only after its first delivery. Until that secret is in the Surfe credential (Webhook Signing Secret), this trigger accepts callbacks UNVERIFIED: anyone who knows the URL can start the workflow. Add the secret as soon as Surfe shows it.',
				name: 'signatureNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: `To test: click Execute step, then ${HOW_TO_TEST}. Once published, Surfe must call the Production URL.`,
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [...SURFE_EVENTS],
				description:
					'Which Surfe events start the workflow; other events are acknowledged and ignored. Per-person and batch events carry the same people: pick one of them to handle each person once.',
				options: EVENT_OPTIONS,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Signature Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						default: DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
						typeOptions: { minValue: 1 },
						description: 'How far the signature\'s timestamp may be from now; older or later callbacks are refused as possible replays',
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: true,
						description:
							'Whether to emit each person as a flat item (best email with its validation status, mobile phones, job title, company, LinkedIn URL) instead of exactly as Surfe sent it',
					},
				],
			},
		],
	};

	methods = { credentialTest: surfeCredentialTest };

	// Surfe has no API to register webhooks: the URL travels in each enrichment request
	// (notificationOptions.webhookUrl), so there is nothing to create or delete here.
	webhookMethods = { default: webhookPastedIntoProvider };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as { toleranceSeconds?: number; simplify?: boolean };

		// Verify first, on the exact bytes received, before reading anything from the body.
		const { result, signatureVerified } = await verifySurfeCallback(this, options.toleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS);
		if (!result.verified) return rejectUnverified(this, result, 'Surfe');

		const body = await callbackBodyOf(this);
		const envelope = eventTypeOf(body);
		if (!envelope.ok) return refuseMalformed(this, envelope.problem);
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(ANY_EVENT) && !events.includes(envelope.eventType)) {
			return acknowledgeIgnored(this, `event "${envelope.eventType}" is not selected in the Surfe Trigger`);
		}

		const parsed = itemsForEvent(body, options.simplify !== false);
		if (!parsed.ok) return refuseMalformed(this, parsed.problem);

		// Surfe may send a delivery again when it did not see the 200, with no delivery ID: the same
		// bytes start nothing.
		if (!acceptOnce(this, BODY_DELIVERY_KEY, deliveryIdOfBytes(await rawBodyOf(this)), BODY_DELIVERY_POLICY)) {
			return acknowledgeIgnored(this, 'repeat of a delivery already accepted (same body)');
		}
		return acceptAndStart(parsed.items.map((json) => ({ json: { ...json, signatureVerified } })));
	}
}

/** 400 and no execution: the request is not a Surfe event we can read. */
function refuseMalformed(context: IWebhookFunctions, problem: string): IWebhookResponseData {
	context.logger.debug(`Surfe webhook refused as malformed: ${problem}`);
	context.getResponseObject().status(400).json({ message: 'Not a Surfe webhook event', problem });
	return { noWebhookResponse: true };
}
