import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { errorMessageOf } from '../shared/errors';
import { parseWith } from '../shared/schema';
import { acceptOnce } from '../shared/deliveryMemory';
import { acknowledgeIgnored, acceptAndStart, markAuthHeadersConsumed, providerCallbackWebhooks, rejectUnverified, triggerVersions, webhookPastedIntoProvider } from '../shared/webhook';
import { ALL_DOCUMENTED_EVENTS, EVENT_OPTIONS, isSelectedEvent } from './events';
import { idwiseCredentialTest } from './credentialTest';
import { eventToItem } from './eventItem';
import { eventsSubtitle, triggerTestingPanel } from '../shared/editorText';
import { webhookEnvelopeSchema } from './schemas';
import { getJourneySummary, idwiseApiForWebhooks } from './transport';
import { checkWebhookCredential, verifyWebhookRequest } from './webhookAuth';

const HOW_TO_TEST =
	"use IDWise's Test Webhook button (webhook wizard, step 3) with the Test URL, or send a sample event to the Test URL with the same authentication (see the docs link of this node)";
const WHERE_TO_PASTE =
	"Paste this node's Production URL into IDWise: Developer's Area > Webhooks > Create a Webhook (one webhook per event type; they can all use this URL).";

// IDWise retries a delivery that did not get 200 at 5, 10 and 15 minutes with the same eventId
// (docs.idwise.com/docs/configure-webhook-urls). 24 hours covers that with a wide margin.
const DEFAULT_MEMORY_HOURS = 24;
// Bounds the static data n8n writes back after each call. 1,000 accepted events inside the
// ~30 minutes of IDWise's retries would be needed before an id falls out too early.
const MAX_REMEMBERED_EVENT_IDS = 1000;
const STATIC_DATA_KEY = 'acceptedEventIds';

export class IdwiseTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IDWise Trigger',
		name: 'idwiseTrigger',
		icon: { light: 'file:idwise.svg', dark: 'file:idwise.dark.svg' },
		group: ['trigger'],
		...triggerVersions,
		subtitle: eventsSubtitle(EVENT_OPTIONS),
		description: 'Starts the workflow on IDWise identity verification events',
		defaults: { name: 'IDWise Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'enrichmentWebhooksIdwiseWebhookApi',
				required: true,
				testedBy: 'idwiseWebhookCredentialCheck',
				displayOptions: { show: { authentication: ['enrichmentWebhooksIdwiseWebhookApi'] } },
			},
			{
				name: 'enrichmentWebhooksIdwiseApi',
				required: true,
				testedBy: 'idwiseApiCredentialTest',
				displayOptions: { show: { attachSummary: [true] } },
			},
		],
		webhooks: providerCallbackWebhooks,
		...triggerTestingPanel(HOW_TO_TEST),
		activationMessage: `IDWise webhooks can now start this workflow. ${WHERE_TO_PASTE} In step 2 of IDWise's wizard choose the same authentication as this node; its Test Webhook request gets 200.`,
		properties: [
			{
				displayName: `${WHERE_TO_PASTE} Webhooks carry no personal data: turn on Attach Journey Summary, or use the IDWise node with the journeyId, to fetch details.`,
				name: 'whereToPasteNotice',
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
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'IDWise Webhook Credential', value: 'enrichmentWebhooksIdwiseWebhookApi', description: 'Check the Basic auth, Bearer token or custom headers set in IDWise' },
					{ name: 'None', value: 'none', description: 'Accept any request (IDWise: "No Authentication")' },
				],
				default: 'enrichmentWebhooksIdwiseWebhookApi',
				description: 'How requests prove they come from IDWise. A request that fails the check gets 401 and starts nothing.',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [...ALL_DOCUMENTED_EVENTS],
				options: EVENT_OPTIONS,
				description: 'Events that start the workflow. Others are answered 200 and ignored.',
			},
			{
				displayName: 'Attach Journey Summary',
				name: 'attachSummary',
				type: 'boolean',
				default: false,
				description:
					"Whether to fetch the journey's summary (steps and their results) with the IDWise API credential and put it on the item as `summary`. Paced to IDWise's one call per 2 seconds per journey; a failure leaves `summary` null and says why in `summaryError`.",
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Remember Event IDs For (Hours)',
						name: 'eventIdMemoryHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_MEMORY_HOURS,
						description: `IDWise retries a delivery at 5, 10 and 15 minutes with the same event ID. A repeat of an event this node accepted within this many hours gets 200 and starts nothing. Up to ${MAX_REMEMBERED_EVENT_IDS} IDs are kept in the workflow's static data in n8n's database, so they survive restarts and are shared by queue-mode webhook processes. 0 turns this off.`,
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			...idwiseCredentialTest,
			async idwiseWebhookCredentialCheck(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return await checkWebhookCredential(credential.data);
			},
		},
	};

	// IDWise has no API to register webhook URLs: the user pastes the URL into IDWise's webhook
	// wizard, so there is nothing to check, create or delete here.
	webhookMethods = { default: webhookPastedIntoProvider };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// 1. Prove the sender, before reading anything else of the request.
		if (this.getNodeParameter('authentication', 'enrichmentWebhooksIdwiseWebhookApi') === 'enrichmentWebhooksIdwiseWebhookApi') {
			let credentials;
			try {
				credentials = await this.getCredentials('enrichmentWebhooksIdwiseWebhookApi');
			} catch (error) {
				// Fail closed: without the credential nothing can be checked, so nothing is accepted.
				this.logger.error(`IDWise Trigger has no usable IDWise Webhook credential: ${errorMessageOf(error)}`);
				return rejectUnverified(this, { verified: false, reason: 'the trigger has no IDWise webhook credential' }, 'IDWise');
			}
			const { result, authHeaders } = verifyWebhookRequest(credentials, this.getHeaderData() as Record<string, unknown>);
			if (!result.verified) return rejectUnverified(this, result, 'IDWise');
			markAuthHeadersConsumed(this, authHeaders);
		}

		// 2. Understand the body. Anything that is not an IDWise event envelope (IDWise's wizard
		// "Test Webhook" request, whose body is not documented, lands here) gets 200 and starts
		// nothing: a 200 is what the wizard needs, and a retry would not change the body.
		const parsed = parseWith(webhookEnvelopeSchema, this.getBodyData());
		if (!parsed.ok) {
			this.logger.info(`IDWise Trigger acknowledged a request that is not an IDWise event: ${parsed.problem}`);
			return acknowledgeIgnored(this, 'not an IDWise event (no "event" name with a "body" object)');
		}
		const envelope = parsed.value;

		// 3. Only the events the user chose start the workflow.
		const events = this.getNodeParameter('events', ALL_DOCUMENTED_EVENTS) as string[];
		if (!isSelectedEvent(envelope.event, events)) return acknowledgeIgnored(this, `event "${envelope.event.slice(0, 100)}" is not selected`);

		// 4. A retry of an event already accepted is acknowledged and starts nothing.
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const memoryHours = typeof options.eventIdMemoryHours === 'number' ? options.eventIdMemoryHours : DEFAULT_MEMORY_HOURS;
		const eventId = envelope.body.eventId;
		if (memoryHours > 0 && eventId !== undefined) {
			const firstSighting = acceptOnce(this, STATIC_DATA_KEY, eventId, {
				windowMs: memoryHours * 3_600_000,
				maxEntries: MAX_REMEMBERED_EVENT_IDS,
			});
			if (!firstSighting) return acknowledgeIgnored(this, 'repeat of an event already accepted (same eventId)');
		}

		const item = eventToItem(envelope);
		if (this.getNodeParameter('attachSummary', false) === true) Object.assign(item, await summaryFields(this, envelope.body.journeyId));
		// n8n answers once the execution is stored; a 5xx makes IDWise retry (and forgets the eventId).
		return acceptAndStart(this.helpers.returnJsonArray(item));
	}
}

/**
 * `summary` (or null and `summaryError`). Never throws: the event is already remembered, so a
 * failure here must not cost the user the event (a 500 would make IDWise retry a delivery we then
 * drop as a repeat).
 */
async function summaryFields(context: IWebhookFunctions, journeyId: string | undefined): Promise<IDataObject> {
	if (journeyId === undefined) return { summary: null, summaryError: 'The event has no journeyId to fetch a summary for' };
	try {
		return { summary: (await getJourneySummary.call(context, journeyId, undefined, idwiseApiForWebhooks)) as IDataObject };
	} catch (error) {
		context.logger.warn(`IDWise Trigger could not fetch the summary of journey ${journeyId}: ${errorMessageOf(error)}`);
		return { summary: null, summaryError: errorMessageOf(error) };
	}
}
