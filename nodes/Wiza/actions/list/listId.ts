import type { INodeProperties } from 'n8n-workflow';

export const listIdField: INodeProperties = {
	displayName: 'List ID',
	name: 'listId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 123456',
	description: 'The ID Wiza gave the list (the Create operation outputs it as list_id)',
};
