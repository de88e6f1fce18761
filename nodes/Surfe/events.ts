// Surfe webhook events -> items: one per person or company, flattened like Get Enrichment.
import type { IDataObject } from 'n8n-workflow';

import { parseWith } from '../shared/schema';
import { flattenCompany, flattenPerson, rawWithEnrichment } from './flatten';
import { webhookDataSchema, webhookEventSchema } from './schemas';

/** Documented events (developers.surfe.com/webhooks; the batch and company events in its newest version). */
export const SURFE_EVENTS = ['person.enrichment.completed', 'person.batch-enrichment.completed', 'company.enrichment.completed'] as const;
/** Value of the "any event" choice: undocumented event types start the workflow too. */
export const ANY_EVENT = '*';

export type EventItems = { ok: true; eventType: string; items: IDataObject[] } | { ok: false; problem: string };

/** Reads the envelope `{ eventType, data }` only (enough to decide whether the event is wanted). */
export function eventTypeOf(body: unknown): { ok: true; eventType: string } | { ok: false; problem: string } {
	const envelope = parseWith(webhookEventSchema, body);
	return envelope.ok ? { ok: true, eventType: envelope.value.eventType } : envelope;
}

/**
 * Items for one delivery. `data.person` / `data.company` and the lists `data.people[]` /
 * `data.companies[]` each give one item per entry (payloads of the batch and company events are
 * not documented, so all four are read for every event). A delivery that holds none of them
 * (for example a batch event that only reports the job's status) gives one item with `data`.
 * Every item carries `eventType` and the `enrichmentID`.
 */
export function itemsForEvent(body: unknown, simplify: boolean): EventItems {
	const envelope = parseWith(webhookEventSchema, body);
	if (!envelope.ok) return envelope;
	const { eventType } = envelope.value;
	const data = parseWith(webhookDataSchema, envelope.value.data);
	if (!data.ok) return { ok: false, problem: `data.${data.problem}` };
	const rawData = envelope.value.data as IDataObject;
	const enrichmentID = data.value.enrichmentID;

	const items: IDataObject[] = [];
	const add = (json: IDataObject) => items.push({ eventType, ...json });
	const rawAt = (key: string, index?: number): unknown => (index === undefined ? rawData[key] : (rawData[key] as unknown[])[index]);

	if (data.value.person) add(simplify ? flattenPerson(data.value.person, enrichmentID) : rawWithEnrichment(rawAt('person'), enrichmentID));
	(data.value.people ?? []).forEach((person, index) =>
		add(simplify ? flattenPerson(person, enrichmentID) : rawWithEnrichment(rawAt('people', index), enrichmentID)),
	);
	if (data.value.company) add(simplify ? flattenCompany(data.value.company, enrichmentID) : rawWithEnrichment(rawAt('company'), enrichmentID));
	(data.value.companies ?? []).forEach((company, index) =>
		add(simplify ? flattenCompany(company, enrichmentID) : rawWithEnrichment(rawAt('companies', index), enrichmentID)),
	);
	if (items.length === 0) add({ ...rawData, enrichmentID: enrichmentID ?? null });
	return { ok: true, eventType, items };
}
