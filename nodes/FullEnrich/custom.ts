// The `custom` map sent with each contact, and its way back. FullEnrich echoes `custom` unchanged
// in the result and in both webhooks (docs: "Tracking Requests with custom"), which is how a
// callback is matched to the input row that asked for it. Rules from the docs: values must be
// strings ("Numbers will return an error"); at most 10 keys and 100 characters per value (the
// error messages `error.enrichment.custom.key.exceeded` / `.value.exceeded`; the schema text says
// 20 entries, the errors and the official node say 10, so 10 it is).
import type { IDataObject } from 'n8n-workflow';

export const MAX_CUSTOM_KEYS = 10;
export const MAX_CUSTOM_VALUE_LENGTH = 100;

/** Keys the node adds to every contact so results can be matched back to their input item. */
export const CORRELATION_KEYS = {
	itemIndex: 'n8n_item_index',
	executionId: 'n8n_execution_id',
} as const;

export interface Correlation {
	itemIndex: number;
	executionId: string;
}

export class CustomFieldsProblem extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

/** Any parameter value as the string FullEnrich requires (objects as JSON, nothing as ''). */
export function customValueAsString(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	return JSON.stringify(value);
}

const TURN_OFF_HINT = 'or turn off Options > Add Correlation Fields';

/**
 * The contact's `custom`: the user's fields as strings, plus the correlation keys unless
 * `correlation` is undefined. Throws CustomFieldsProblem naming the field when a limit is broken.
 */
export function buildCustom(userFields: Array<{ key?: unknown; value?: unknown }>, correlation: Correlation | undefined): Record<string, string> {
	const entries: Array<[string, string]> = [];
	const seen = new Set<string>();
	const reserved = correlation ? new Set<string>(Object.values(CORRELATION_KEYS)) : new Set<string>();

	for (const [position, field] of userFields.entries()) {
		const key = customValueAsString(field.key).trim();
		const value = customValueAsString(field.value);
		if (key === '' && value === '') continue;
		if (key === '') {
			throw new CustomFieldsProblem(`Custom field ${position + 1} has a value but no name`, 'Give every custom field a name, or remove the empty row.');
		}
		if (seen.has(key)) throw new CustomFieldsProblem(`Custom field "${key}" is set twice`, 'Each custom field name may appear once per contact.');
		if (reserved.has(key)) {
			throw new CustomFieldsProblem(
				`Custom field "${key}" is reserved`,
				`The node writes "${key}" itself to match results back to input items. Rename your field ${TURN_OFF_HINT}.`,
			);
		}
		if (value.length > MAX_CUSTOM_VALUE_LENGTH) {
			throw new CustomFieldsProblem(
				`Custom field "${key}" is ${value.length} characters long; FullEnrich accepts at most ${MAX_CUSTOM_VALUE_LENGTH}`,
				'Shorten the value (for example store an ID instead of the full text).',
			);
		}
		seen.add(key);
		entries.push([key, value]);
	}

	if (correlation) {
		entries.push([CORRELATION_KEYS.itemIndex, String(correlation.itemIndex)]);
		entries.push([CORRELATION_KEYS.executionId, correlation.executionId.slice(0, MAX_CUSTOM_VALUE_LENGTH)]);
	}

	if (entries.length > MAX_CUSTOM_KEYS) {
		const userCount = entries.length - (correlation ? 2 : 0);
		const detail = correlation
			? `${userCount} of yours plus the 2 the node adds to match results back (${CORRELATION_KEYS.itemIndex}, ${CORRELATION_KEYS.executionId}), which count toward the limit`
			: `${userCount} of yours`;
		throw new CustomFieldsProblem(
			`Too many custom fields: FullEnrich accepts at most ${MAX_CUSTOM_KEYS} per contact, this one has ${entries.length}`,
			`That is ${detail}. Remove ${entries.length - MAX_CUSTOM_KEYS} field(s)${correlation ? ` ${TURN_OFF_HINT}` : ''}.`,
		);
	}
	return Object.fromEntries(entries);
}

/**
 * `custom` as it came back, with the correlation restored: the item index is a number again
 * (the node wrote it from one). Everything else stays exactly as FullEnrich echoed it.
 */
export function restoreCustom(custom: Record<string, unknown> | null | undefined): IDataObject {
	if (!custom) return {};
	return Object.fromEntries(
		Object.entries(custom).map(([key, value]) => {
			if (key === CORRELATION_KEYS.itemIndex && typeof value === 'string' && /^\d{1,9}$/.test(value)) return [key, Number(value)];
			return [key, value];
		}),
	) as IDataObject;
}
