// Runs the IDWise Trigger's webhook() the way n8n would for one request, and (for the sender
// tests) behind a real HTTP server on loopback, so the fake IDWise sender can post to it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { redactedHeaders } from 'n8n-workflow';

import { EnrichmentWebhooksIdwiseApi } from '../../../credentials/EnrichmentWebhooksIdwiseApi.credentials';
import { EnrichmentWebhooksIdwiseWebhookApi } from '../../../credentials/EnrichmentWebhooksIdwiseWebhookApi.credentials';
import { IdwiseTrigger } from '../../../nodes/IDWise/IdwiseTrigger.node';
import { createWebhookContext, type Credentials } from '../../support/nodeContext';

export const credentialTypes = { enrichmentWebhooksIdwiseApi: new EnrichmentWebhooksIdwiseApi(), enrichmentWebhooksIdwiseWebhookApi: new EnrichmentWebhooksIdwiseWebhookApi() };

export interface TriggerSetup {
	parameters?: IDataObject;
	credentials?: Credentials;
	/** Shared between calls, like n8n's workflow static data. */
	staticData?: IDataObject;
}

export interface TriggerOutcome {
	statusCode: number;
	body: unknown;
	/** The items an execution would start with, or undefined when no execution starts. */
	items?: INodeExecutionData[];
	/** The request headers as n8n would store them (consumed auth headers redacted). */
	storedHeaders: Record<string, unknown>;
}

export async function callTrigger(setup: TriggerSetup, rawBody: string | Buffer, headers: Record<string, string> = {}): Promise<TriggerOutcome> {
	const { context, response } = createWebhookContext({
		rawBody,
		headers: { 'content-type': 'application/json', ...headers },
		parameters: setup.parameters ?? {},
		credentials: setup.credentials,
		credentialTypes,
		staticData: setup.staticData,
	});
	const result = await new IdwiseTrigger().webhook.call(context);
	const items = result.workflowData?.[0];
	const storedHeaders = redactedHeaders(context.getRequestObject());
	// n8n answers 200 with the webhook's responseData ({ received: true }) when the node returns items
	// and leaves the response to the node when it says noWebhookResponse.
	if (result.noWebhookResponse) return { statusCode: response.statusCode ?? 500, body: response.body, items, storedHeaders };
	return { statusCode: 200, body: { received: true }, items, storedHeaders };
}

export interface TriggerServer {
	url: string;
	/** Item lists of the executions started so far, in order. */
	executions: INodeExecutionData[][];
	close(): Promise<void>;
}

/** An HTTP endpoint that hands every POST to the trigger, keeping static data between calls. */
export async function startTriggerServer(setup: TriggerSetup, port = 0): Promise<TriggerServer> {
	const staticData = setup.staticData ?? {};
	const executions: INodeExecutionData[][] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers = Object.fromEntries(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
			callTrigger({ ...setup, staticData }, Buffer.concat(chunks), headers)
				.then((outcome) => {
					if (outcome.items) executions.push(outcome.items);
					res.writeHead(outcome.statusCode, { 'content-type': 'application/json' });
					res.end(JSON.stringify(outcome.body ?? {}));
				})
				.catch((error: Error) => {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ message: error.message }));
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
		executions,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
