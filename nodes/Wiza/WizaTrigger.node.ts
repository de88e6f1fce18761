import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { BODY_DELIVERY_KEY, BODY_DELIVERY_POLICY, acceptOnce, deliveryIdOfBytes } from '../shared/deliveryMemory';
import { acknowledgeIgnored, acceptAndStart, providerCallbackWebhooks, rawBodyOf, rejectUnverified, triggerVersions, webhookPastedIntoProvider } from '../shared/webhook';
import { verifyWizaCallback } from './callbackAuth';
import { classifyCallback, WIZA_EVENTS } from './callbacks';
import { revealToItem } from './flatten';
import { rawPayloadOption } from '../shared/descriptions';
import { eventsSubtitle, SIGNED_SAMPLE_HINT, triggerTestingPanel, withTriggerActions } from '../shared/editorText';
import { wizaCredentialTest } from './credentialTest';

const WHERE_TO_PASTE =
	"Paste this node's Production URL into Wiza, Settings > API (the default webhook URL for every API request), or into the Callback URL of a Wiza node's Individual Reveal: Start or List: Create.";
const HOW_TO_TEST = `use the Test URL as the Callback URL of a Wiza node's Individual Reveal: Start, or ${SIGNED_SAMPLE_HINT}`;

const EVENT_OPTIONS = withTriggerActions(
	[
		{ name: 'List Finished', value: 'list.finished', description: 'A list finished. Wiza does not document this payload: it is passed through as one item.' },
		{ name: 'Reveal Failed', value: 'reveal.failed', description: 'An individual reveal failed; the item carries fail_error' },
		{ name: 'Reveal Finished', value: 'reveal.finished', description: "An individual reveal finished; the item carries the contact's details" },
	],
	'On any Wiza event',
);

export class WizaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wiza Trigger',
		name: 'wizaTrigger',
		icon: { light: 'file:wiza.svg', dark: 'file:wiza.dark.svg' },
		group: ['trigger'],
		...triggerVersions,
		subtitle: eventsSubtitle(EVENT_OPTIONS),
		description: 'Starts the workflow when Wiza finishes a reveal or a list',
		defaults: { name: 'Wiza Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'enrichmentWebhooksWizaApi', required: true, testedBy: 'wizaApiCredentialTest' }],
		webhooks: providerCallbackWebhooks,
		...triggerTestingPanel(HOW_TO_TEST),
		activationMessage: `Wiza callbacks can now start this workflow. ${WHERE_TO_PASTE} Callbacks are checked against the API key of the selected Wiza credential; others get 401.`,
		properties: [
			{
				displayName: `${WHERE_TO_PASTE} Use the same API key in Wiza and in this node's credential: each callback's x-auth-key header is checked against it.`,
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
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [...WIZA_EVENTS],
				description: 'Which Wiza callbacks start the workflow; others are answered 200 and ignored',
				options: EVENT_OPTIONS,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					rawPayloadOption("Whether to output Wiza's request body exactly as sent, instead of the flattened contact fields"),
				],
			},
		],
	};

	methods = { credentialTest: wizaCredentialTest };

	// Wiza has no API to register webhook URLs: the user pastes the URL into Wiza's settings or a
	// request's callback_url, so there is nothing to check, create or delete here.
	webhookMethods = { default: webhookPastedIntoProvider };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// 1. Prove the sender knows the API key, before reading anything else of the request.
		const verification = await verifyWizaCallback(this);
		if (!verification.verified) return rejectUnverified(this, verification, 'Wiza');

		// 2. Understand the body. A body we do not recognise came from someone holding the key, so
		// it is answered 200 (a retry would not change it) and starts nothing; the reason is logged.
		const body = this.getBodyData();
		const callback = classifyCallback(body);
		if (!callback.recognised) {
			this.logger.warn(`Wiza Trigger ignored an authenticated callback it does not recognise: ${callback.problem}`);
			return acknowledgeIgnored(this, 'not a Wiza reveal or list callback');
		}

		// 3. Only the events the user chose start the workflow.
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(callback.event)) return acknowledgeIgnored(this, `event ${callback.event} is not selected`);

		const options = this.getNodeParameter('options', {}) as IDataObject;
		let json: IDataObject;
		if (options.rawPayload === true) json = body;
		else if (callback.event === 'list.finished') json = { event: callback.event, ...callback.body };
		else json = { event: callback.event, ...revealToItem(callback.reveal) };

		// 4. Wiza sends a callback again (up to 3 times) when it got no 2xx: the same delivery starts
		// nothing the second time. Wiza documents no delivery or event id, so a repeat is known by its
		// exact bytes, as for FullEnrich and Surfe. `data.id` would not do: it names the reveal or the
		// list, not the delivery; reveals and lists are numbered apart (a reveal and a list can share
		// an id), the list payload is undocumented, and nothing says a reveal calls back only once.
		// Without bytes (n8n parsed a non-JSON body itself) n8n's parse stands in for them.
		const rawBody = (await rawBodyOf(this)) ?? Buffer.from(JSON.stringify(body));
		if (!acceptOnce(this, BODY_DELIVERY_KEY, deliveryIdOfBytes(rawBody), BODY_DELIVERY_POLICY)) {
			return acknowledgeIgnored(this, 'repeat of a delivery already accepted (same body)');
		}
		return acceptAndStart(this.helpers.returnJsonArray(json));
	}
}
