// Reading node parameters with clear errors, shared by the Surfe operations.
import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidInputError } from '../../shared/errors';

/** A whole number in [min, max] from an option, or a clear error naming the option. */
export function wholeNumberOption(context: IExecuteFunctions, value: unknown, label: string, min: number, max: number, itemIndex: number): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		throw invalidInputError(context.getNode(), `${label} must be a whole number from ${min} to ${max}`, `It is ${String(value)}.`, itemIndex);
	}
	return number;
}

/** A parameter read as trimmed text ('' when empty or not text). */
export function textParameter(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '');
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}
