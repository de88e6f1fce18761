// The webhook types IDWise documents (docs.idwise.com/docs/webhooks-overview and the page of each
// type). The `event` field carries these Title Case names, not dotted codes.
import type { INodePropertyOptions } from 'n8n-workflow';

export const ANY_EVENT = '*';

export const IDWISE_EVENTS = [
	{ name: 'AML Monitor Update', description: 'A monitored AML record of a journey changed (ongoing monitoring)' },
	{ name: 'Finished Journey', description: 'Processing of a journey is final (also after a renewal resubmission or a manual review)' },
	{ name: 'Finished Spot Check', description: 'An ongoing selfie spot check completed (IDWise also calls it Finished Ongoing Check)' },
	{ name: 'Finished Step', description: 'The user submitted or finished a step (each side of a two-sided document)' },
	{ name: 'Finished User Steps', description: 'The user submitted every required step, before final processing' },
	{ name: 'KYC Renewal Deadline Exceeded', description: 'The renewal deadline passed without a resubmission' },
	{ name: 'Manually Reviewed', description: 'Compliance finished a manual review in the IDWise dashboard' },
	{ name: 'Updated Journey', description: 'The decision of a completed journey changed' },
	{ name: 'Verification Update Required', description: 'The user must resubmit steps (reviewer request or KYC renewal due)' },
] as const;

export type IdwiseEventName = (typeof IDWISE_EVENTS)[number]['name'];

/** Every documented event: the trigger's default, so a new trigger misses nothing. */
export const ALL_DOCUMENTED_EVENTS: string[] = IDWISE_EVENTS.map((event) => event.name);

// How each event reads in n8n's node creator ("On journey finished"), where n8n would otherwise
// lower-case the option name ("On finished journey").
const TRIGGER_ACTIONS: Record<IdwiseEventName, string> = {
	'AML Monitor Update': 'On AML monitor update',
	'Finished Journey': 'On journey finished',
	'Finished Spot Check': 'On spot check finished',
	'Finished Step': 'On step finished',
	'Finished User Steps': 'On user steps finished',
	'KYC Renewal Deadline Exceeded': 'On KYC renewal deadline exceeded',
	'Manually Reviewed': 'On journey manually reviewed',
	'Updated Journey': 'On journey updated',
	'Verification Update Required': 'On verification update required',
};

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	...IDWISE_EVENTS.map((event) => ({
		name: event.name,
		value: event.name,
		action: TRIGGER_ACTIONS[event.name],
		description: event.name === 'Finished Spot Check' ? `${event.description}; called Finished Ongoing Check in some IDWise pages` : event.description,
	})),
	{ name: 'Any Event', value: ANY_EVENT, action: 'On any IDWise event', description: 'Every event IDWise sends, including types added after this node was written' },
].sort((a, b) => a.name.localeCompare(b.name));

const normalise = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

// Names IDWise uses for the same event in different places:
// - the spot-check event is "Finished Spot Check" in the type table and "Finished Ongoing Check"
//   in the payload spec (ongoing-verification-webhook-specification);
// - the AML page's prose spells "AML Monior Update" (its JSON example says "AML Monitor Update").
const ALIASES = new Map<string, IdwiseEventName>([
	['finished ongoing check', 'Finished Spot Check'],
	['aml monior update', 'AML Monitor Update'],
]);

const BY_NORMALISED_NAME = new Map<string, IdwiseEventName>(IDWISE_EVENTS.map((event) => [normalise(event.name), event.name]));

/** The documented event an incoming name stands for (case and spacing forgiven), if any. */
export function documentedEventFor(incoming: string): IdwiseEventName | undefined {
	const key = normalise(incoming);
	return BY_NORMALISED_NAME.get(key) ?? ALIASES.get(key);
}

/** Whether an incoming event name is one the user selected. */
export function isSelectedEvent(incoming: string, selected: string[]): boolean {
	if (selected.includes(ANY_EVENT)) return true;
	const documented = documentedEventFor(incoming);
	return documented !== undefined && selected.includes(documented);
}
