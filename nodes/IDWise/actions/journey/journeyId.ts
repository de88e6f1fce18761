import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from '../../../shared/errors';

/** The Journey ID field of Get Summary and Get Result. */
export function journeyIdProperty(operation: string): INodeProperties {
	return {
		displayName: 'Journey ID',
		name: 'journeyId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6568c0f1a2b3c4d5e6f7db3c',
		description: 'The journeyId from an IDWise Trigger item or from Journey > Start',
		displayOptions: { show: { resource: ['journey'], operation: [operation] } },
	};
}

// IDWise journey ids are opaque (24 hex characters, UUIDs and digit strings all appear in its
// docs); this only keeps out what cannot be an id and could change the URL path.
const JOURNEY_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** A journey id from a parameter, safe to put in a URL path. */
export function readJourneyId(context: IExecuteFunctions, itemIndex: number): string {
	const value = String(context.getNodeParameter('journeyId', itemIndex, '') ?? '').trim();
	if (!JOURNEY_ID.test(value)) {
		throw invalidInputError(
			context.getNode(),
			value === '' ? 'Journey ID is empty' : `Journey ID "${value.slice(0, 100)}" is not an IDWise journey id`,
			'Use the journeyId of an IDWise Trigger item (an expression such as {{ $json.journeyId }}) or of Journey > Start: letters, digits, "-" and "_" only.',
			itemIndex,
		);
	}
	return value;
}
