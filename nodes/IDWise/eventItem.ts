// One IDWise webhook -> one flat n8n item: the routing fields first, then everything else IDWise
// sent (unknown fields kept), so a workflow can use `referenceNo` to find its own record and
// `finalDecision` to act.
import type { IDataObject } from 'n8n-workflow';

import type { WebhookEnvelope } from './schemas';

const orNull = (value: unknown) => (value === undefined ? null : value);

export function eventToItem(envelope: WebhookEnvelope): IDataObject {
	const { event, body, ...envelopeRest } = envelope;
	const { eventId, journeyId, referenceNo, systemDecision, manualDecision, finalDecision, ...bodyRest } = body;
	return {
		// Fields outside `body` are not documented; kept, but never over the documented ones.
		...(envelopeRest as IDataObject),
		...(bodyRest as IDataObject),
		event,
		eventId: orNull(eventId),
		journeyId: orNull(journeyId),
		referenceNo: orNull(referenceNo),
		systemDecision: orNull(systemDecision),
		manualDecision: orNull(manualDecision),
		// As sent: IDWise sets `finalDecision` on the events that carry a review outcome; events
		// with only a (possibly interim) `systemDecision` get null here rather than a guess.
		finalDecision: orNull(finalDecision),
	} as IDataObject;
}
