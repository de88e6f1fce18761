// Telling FullEnrich's two callbacks apart. Both arrive as the same envelope
// `{ id, name, status, data, cost }` (docs: "the content sent to your webhook is the same as what
// you'd get from the GET endpoint"); a 3rd-party reading says a per-contact callback holds one
// contact with status IN_PROGRESS, which FullEnrich does not document. So the rule is:
//   1. The URL says it: the FullEnrich node appends `?event=contact_finished` to the per-contact
//      URL and `?event=batch_finished` to the batch URL it sends (the signature covers the body
//      only, so a query parameter changes nothing else). Exact whatever the payload looks like.
//   2. Otherwise (a URL set up outside this node), the status decides: a batch webhook fires only
//      when the batch is FINISHED, CREDITS_INSUFFICIENT or CANCELED (docs), so one of those means
//      "batch finished" and anything else (IN_PROGRESS, ...) means "contact finished".
// Rule 2 can misread the per-contact callback of a batch's last contact if FullEnrich marks it
// FINISHED; tagging the URL (rule 1) is what makes the split exact.
import type { CallbackEvent } from './flatten';

export const EVENT_QUERY_PARAMETER = 'event';

/** Statuses a batch webhook fires with (docs.fullenrich.com/api/v2/general/webhooks). */
export const BATCH_END_STATUSES = ['FINISHED', 'CREDITS_INSUFFICIENT', 'CANCELED'] as const;

const isCallbackEvent = (value: unknown): value is CallbackEvent => value === 'batch_finished' || value === 'contact_finished';

export function callbackEventOf(query: Record<string, unknown> | undefined, status: string): CallbackEvent {
	const raw = query?.[EVENT_QUERY_PARAMETER];
	const tagged = Array.isArray(raw) ? raw[0] : raw;
	if (isCallbackEvent(tagged)) return tagged;
	return (BATCH_END_STATUSES as readonly string[]).includes(status) ? 'batch_finished' : 'contact_finished';
}

/** `url` with `event=<event>` added, unless it already names an event. */
export function withEventTag(url: string, event: CallbackEvent): string {
	const parsed = new URL(url);
	if (!parsed.searchParams.has(EVENT_QUERY_PARAMETER)) parsed.searchParams.set(EVENT_QUERY_PARAMETER, event);
	return parsed.toString();
}
