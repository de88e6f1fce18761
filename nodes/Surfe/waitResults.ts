// Surfe people and companies (from a callback to the resume URL, or the one fetch at the time
// limit) -> what each waiting input item gets when an "... and Wait" operation resumes: the entry
// flattened exactly like Get Enrichment and the Surfe Trigger do it (./flatten.ts), with our
// `status` first. Matching is by `externalID`, which Surfe echoes on every result: the node sets it
// to `n8n-<execution id>-<item index>` while waiting (./externalIds.ts).
import type { IDataObject } from 'n8n-workflow';

import type { CallbackDelivery } from '../shared/callbackResults';
import { RESULT_STATUS, resultItem } from '../shared/waitOutput';
import type { Kind } from './actions/getEnrichment';
import { itemIndexOfExternalId } from './externalIds';

const hasText = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const hasEntries = (value: unknown) => Array.isArray(value) && value.length > 0;

// Surfe's per-person and per-company `status` is not documented beyond COMPLETED; the fake and a
// capture show NOT_FOUND, a capture lists FAILED for jobs. Read loosely.
const NOT_FOUND = /not[ _-]?found/i;
const FAILED = /fail|error/i;

/** Whether Surfe found something for the entry: contact data for a person, a company profile for a company. */
function foundAnything(kind: Kind, entry: IDataObject): boolean {
	if (kind === 'companies') return hasText(entry.name) || hasText(entry.description) || hasText(entry.linkedInURL);
	return hasText(entry.email) || hasText(entry.mobilePhone) || hasEntries(entry.emails) || hasEntries(entry.mobilePhones) || hasEntries(entry.jobHistory);
}

const NOTHING_FOUND: Record<Kind, string> = {
	people: 'Surfe found no email, mobile phone or job history for this person',
	companies: 'Surfe found no company for this domain',
};

/** One flattened person or company as the result of its input item; undefined when `onlyFound` and nothing was found. */
export function entryResult(kind: Kind, entry: IDataObject, onlyFound = false): IDataObject | undefined {
	const statusKey = kind === 'people' ? 'personStatus' : 'companyStatus';
	const surfeStatus = typeof entry.status === 'string' ? entry.status : '';
	const found = !NOT_FOUND.test(surfeStatus) && !FAILED.test(surfeStatus) && foundAnything(kind, entry);
	if (found) return resultItem(RESULT_STATUS.found, undefined, entry, statusKey);
	if (onlyFound) return undefined;
	if (FAILED.test(surfeStatus)) return resultItem(RESULT_STATUS.failed, `Surfe could not enrich this ${kind === 'people' ? 'person' : 'company'} (status ${surfeStatus})`, entry, statusKey);
	return resultItem(RESULT_STATUS.notFound, NOTHING_FOUND[kind], entry, statusKey);
}

/**
 * The results among `entries` that belong to this execution, by item index. `onlyFound` keeps
 * only entries with something found: for a fetch while the job still runs, where an empty entry
 * may simply not be done yet (it then stays open and is marked timedOut).
 */
export function deliveryOf(kind: Kind, jobId: string, jobDone: boolean, entries: IDataObject[], executionId: string, onlyFound = false): CallbackDelivery {
	const results: CallbackDelivery['results'] = [];
	for (const entry of entries) {
		const itemIndex = itemIndexOfExternalId(entry.externalID, executionId);
		const json = itemIndex === undefined ? undefined : entryResult(kind, entry, onlyFound);
		if (itemIndex !== undefined && json !== undefined) results.push({ itemIndex, json });
	}
	return { jobId, jobDone, results };
}
