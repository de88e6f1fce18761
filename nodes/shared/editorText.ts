// What the n8n editor shows about a node besides its fields: canvas subtitles, and the trigger
// panel's help on testing. Built from the nodes' own option lists, so the text cannot drift from
// the options.
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

/** The value of an "any event" choice (Surfe, IDWise): shown as "Any event", never as "*". */
const ANY_EVENT_VALUE = '*';

// A subtitle is an n8n expression: `{{ ... }}`. A literal `}}` inside would end it early, so the
// lookup tables are one-level objects whose JSON never contains two closing braces in a row.
const lookupTable = (entries: Array<[string, string]>): string => JSON.stringify(Object.fromEntries(entries));

/**
 * Canvas subtitle of a trigger: the selected events by name ("Reveal finished, Reveal failed"),
 * "All events" when every event is selected, "Any event" for an any-event choice. Never raw values.
 */
export function eventsSubtitle(eventOptions: INodePropertyOptions[], parameterName = 'events'): string {
	const specific = eventOptions.filter((option) => option.value !== ANY_EVENT_VALUE);
	const labels = lookupTable(eventOptions.map((option) => [String(option.value), option.value === ANY_EVENT_VALUE ? 'Any event' : sentenceCase(option.name)]));
	const selected = `($parameter["${parameterName}"] || [])`;
	return (
		`={{ ${selected}.includes("${ANY_EVENT_VALUE}") ? "Any event" : ` +
		`${selected}.length >= ${specific.length} ? "All events" : ` +
		`${selected}.map(value => (${labels})[value] || value).join(", ") }}`
	);
}

/**
 * Canvas subtitle of an action node: "Individual Reveal: Start and Wait", from the resource and
 * operation option names (n8n's usual `operation: resource` shows raw camelCase values).
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const resources = properties.find((property) => property.name === 'resource')?.options as INodePropertyOptions[] | undefined;
	const entries: Array<[string, string]> = [];
	for (const resource of resources ?? []) {
		const operations = properties.find((property) => property.name === 'operation' && (property.displayOptions?.show?.resource ?? []).includes(resource.value));
		for (const operation of (operations?.options as INodePropertyOptions[] | undefined) ?? []) {
			entries.push([`${String(resource.value)}:${String(operation.value)}`, `${resource.name}: ${operation.name}`]);
		}
	}
	return `={{ ${lookupTable(entries)}[$parameter["resource"] + ":" + $parameter["operation"]] || "" }}`;
}

/** "Reveal Finished" -> "Reveal finished"; acronyms (AML, KYC) stay as they are. */
export function sentenceCase(title: string): string {
	return title
		.split(' ')
		.map((word, index) => (index === 0 || /^[A-Z0-9]{2,}$/.test(word) ? word : word.toLowerCase()))
		.join(' ');
}

/** "Reveal finished" -> "reveal finished", for the middle of a sentence; "AML ..." stays. */
const lowerFirstWord = (text: string): string => (/^[A-Z0-9]{2,}\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1));

/**
 * Event options for the node creator: n8n names each trigger entry after the option ("On " plus
 * the lower-cased name, brackets and slashes dropped) unless the option has an `action`, which is
 * used as written. Every option gets one that reads well.
 */
export function withTriggerActions(options: INodePropertyOptions[], anyEventAction: string): INodePropertyOptions[] {
	return options.map((option) => ({ ...option, action: option.value === ANY_EVENT_VALUE ? anyEventAction : `On ${lowerFirstWord(sentenceCase(option.name))}` }));
}

/**
 * The trigger panel's help and the canvas hint while listening, saying how to get a test event:
 * n8n's default ("Go to Wiza and create an event") cannot work, since nothing registers the Test
 * URL with the provider.
 */
export function triggerTestingPanel(howToSendTest: string): Pick<INodeTypeDescription, 'triggerPanel' | 'eventTriggerDescription'> {
	const building = `<b>While building your workflow</b>, click 'Execute step', then ${howToSendTest}. The event shows up in this editor.`;
	return {
		eventTriggerDescription: 'Waiting for a callback at the Test URL',
		triggerPanel: {
			executionsHelp: {
				inactive: `${building}<br /><br /><b>Once you're happy with your workflow</b>, publish it and give the provider the Production URL instead. Those executions show up in the executions list, not in the editor.`,
				active: `${building}<br /><br /><b>This workflow is published</b>: callbacks to the Production URL start it. Those executions show up in the executions list, not in the editor.`,
			},
		},
	};
}

/** How to send a test callback without the provider: the sample command documented per app. */
export const SIGNED_SAMPLE_HINT = 'send a signed sample callback to the Test URL (see the docs link of this node)';
