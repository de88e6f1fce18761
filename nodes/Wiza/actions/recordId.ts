import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidInputError } from '../../shared/errors';

/** A Wiza record id from a parameter, safe to put in a URL path (Wiza ids are integers). */
export function readRecordId(context: IExecuteFunctions, parameter: string, label: string, itemIndex: number): string {
	const value = String(context.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
	if (!/^\d{1,20}$/.test(value)) {
		throw invalidInputError(
			context.getNode(),
			value === '' ? `${label} is empty` : `${label} "${value.slice(0, 100)}" is not a Wiza ID`,
			`Wiza IDs are whole numbers, e.g. 123456. Use the ID the Start or Create operation (or the Wiza Trigger) returned.`,
			itemIndex,
		);
	}
	return value;
}
