// Node parameters that several nodes offer with the same meaning.
import type { INodeProperties } from 'n8n-workflow';

/** "Raw Payload": emit the provider's body as is instead of flattened items. */
export function rawPayloadOption(description: string): INodeProperties {
	return { displayName: 'Raw Payload', name: 'rawPayload', type: 'boolean', default: false, description };
}
