// Builders for the workflow JSON that end-to-end tests send to n8n (see ./n8n.ts createWorkflow).
import { randomUUID } from 'node:crypto';
import type { IConnections, INode, INodeCredentials, INodeParameters } from 'n8n-workflow';

/** Any node; id and position are filled in. */
export function node(options: {
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: INodeParameters;
	credentials?: INodeCredentials;
	webhookId?: string;
	position?: [number, number];
}): INode {
	const { name, type, typeVersion = 1, parameters = {}, credentials, webhookId, position = [0, 0] } = options;
	return {
		id: randomUUID(),
		name,
		type,
		typeVersion,
		position,
		parameters,
		...(credentials ? { credentials } : {}),
		...(webhookId ? { webhookId } : {}),
	};
}

/**
 * n8n's own Webhook node (POST), to start a workflow from a test. Its production URL is
 * `n8n.productionWebhookUrl(webhookId, path)`, like our trigger nodes': the node's path is
 * `<webhookId>/<path>` (the Webhook node serves its path as given, at /webhook/<path>).
 * The posted JSON arrives as ONE item `{ headers, params, query, body, webhookUrl, executionMode }`;
 * use splitOutNode('Items', 'body') after it to turn a posted array into one item per element.
 * respond: 'immediately' answers 200 `{"message":"Workflow was started"}` at once;
 * 'lastNode' waits for the workflow and answers with the json of every item of the last node.
 */
export function webhookStartNode(
	options: { name?: string; webhookId?: string; path?: string; respond?: 'immediately' | 'lastNode' } = {},
): INode {
	const { name = 'Start', webhookId = randomUUID(), path = 'start', respond = 'immediately' } = options;
	return node({
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId,
		parameters: {
			httpMethod: 'POST',
			path: `${webhookId}/${path}`,
			responseMode: respond === 'immediately' ? 'onReceived' : 'lastNode',
			...(respond === 'lastNode' ? { responseData: 'allEntries' } : {}),
			options: {},
		},
	});
}

/** n8n's No Operation node: passes its input through (a place to read items from). */
export function noOpNode(name = 'NoOp'): INode {
	return node({ name, type: 'n8n-nodes-base.noOp' });
}

/** n8n's Split Out node: one item per element of the array in `field` (e.g. 'body'). */
export function splitOutNode(name: string, field: string): INode {
	return node({ name, type: 'n8n-nodes-base.splitOut', parameters: { fieldToSplitOut: field, options: {} } });
}

/**
 * Connections along a chain of node names, main output 0 to main input 0:
 * `connect('Start', 'Wiza', 'NoOp')`. Combine branches with mergeConnections.
 */
export function connect(from: string, to: string, ...more: string[]): IConnections {
	const chain = [from, to, ...more];
	const connections: IConnections = {};
	for (let index = 0; index < chain.length - 1; index++) {
		connections[chain[index]] = { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** Connects output `outputIndex` of `from` to `to` (for nodes with several outputs). */
export function connectOutput(from: string, outputIndex: number, to: string): IConnections {
	const main: IConnections[string]['main'] = Array.from({ length: outputIndex + 1 }, () => []);
	main[outputIndex] = [{ node: to, type: 'main', index: 0 }];
	return { [from]: { main } };
}

/** Merges connection maps; outputs of the same node are combined, not overwritten. */
export function mergeConnections(...parts: IConnections[]): IConnections {
	const merged: IConnections = {};
	for (const part of parts) {
		for (const [source, byType] of Object.entries(part)) {
			const main = (merged[source] ??= { main: [] }).main;
			(byType.main ?? []).forEach((targets, outputIndex) => {
				while (main.length <= outputIndex) main.push([]);
				main[outputIndex] = [...(main[outputIndex] ?? []), ...(targets ?? [])];
			});
		}
	}
	return merged;
}
