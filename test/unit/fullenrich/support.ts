// Shared set-up for the FullEnrich unit tests: the node and trigger wired to a fake FullEnrich,
// and a loopback "n8n" that hands each callback to the trigger's webhook() like n8n would.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EnrichmentWebhooksFullEnrichApi } from '../../../credentials/EnrichmentWebhooksFullEnrichApi.credentials';
import { FullEnrich } from '../../../nodes/FullEnrich/FullEnrich.node';
import { FullEnrichTrigger } from '../../../nodes/FullEnrich/FullEnrichTrigger.node';
import { FakeServer } from '../../fakes/fakeServer';
import { FULLENRICH_TEST_KEY, type FakeFullEnrich } from '../../fakes/fullenrich';
import { createExecuteContext, createWebhookContext } from '../../support/nodeContext';

export const credentialTypes = { enrichmentWebhooksFullEnrichApi: new EnrichmentWebhooksFullEnrichApi() };

export function credentialsFor(fake: FakeFullEnrich, apiKey = FULLENRICH_TEST_KEY) {
	return { enrichmentWebhooksFullEnrichApi: { apiKey, baseUrl: fake.baseUrl } };
}

export interface RunOptions {
	items: IDataObject[];
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	continueOnFail?: boolean;
	executionId?: string;
	apiKey?: string;
}

/** Runs the FullEnrich action node once; returns its single output. */
export async function runNode(fake: FakeFullEnrich, options: RunOptions): Promise<INodeExecutionData[]> {
	const { context } = createExecuteContext({
		items: options.items,
		parameters: options.parameters,
		credentials: credentialsFor(fake, options.apiKey),
		credentialTypes,
		continueOnFail: options.continueOnFail,
		executionId: options.executionId,
	});
	const [output] = await new FullEnrich().execute.call(context);
	return output;
}

export const ENRICH_PARAMETERS = (items: IDataObject[], extra: IDataObject = {}) => (itemIndex: number) => ({
	resource: 'contact',
	operation: 'enrich',
	firstName: items[itemIndex].first_name,
	lastName: items[itemIndex].last_name,
	companyDomain: items[itemIndex].domain,
	companyName: items[itemIndex].company,
	linkedinUrl: items[itemIndex].linkedin,
	enrichFields: ['contact.work_emails'],
	...extra,
});

/** `count` valid contacts, each with its own CRM id. */
export function contacts(count: number): IDataObject[] {
	return Array.from({ length: count }, (_unused, index) => ({
		first_name: `First${index}`,
		last_name: `Last${index}`,
		domain: `company${index % 7}.example`,
		crm_id: `crm-${index}`,
	}));
}

export interface TriggerCall {
	statusCode: number | undefined;
	items: IDataObject[] | undefined;
	responseBody: unknown;
}

export interface TriggerParameters {
	events?: string[];
	batchStatuses?: string[];
	options?: IDataObject;
}

export const ALL_EVENTS = ['batch_finished', 'contact_finished'];
export const ALL_STATUSES = ['FINISHED', 'CREDITS_INSUFFICIENT', 'CANCELED'];

/** Calls the trigger's webhook() with exactly these bytes and headers. */
export async function callTrigger(
	request: { rawBody: string | Buffer; headers?: Record<string, string>; query?: IDataObject },
	parameters: TriggerParameters = {},
	apiKey = FULLENRICH_TEST_KEY,
): Promise<TriggerCall> {
	const { context, response } = createWebhookContext({
		rawBody: request.rawBody,
		headers: request.headers,
		query: request.query,
		parameters: { events: parameters.events ?? ALL_EVENTS, batchStatuses: parameters.batchStatuses ?? ALL_STATUSES, options: parameters.options ?? {} },
		credentials: { enrichmentWebhooksFullEnrichApi: { apiKey, baseUrl: 'http://127.0.0.1:1/api/v2' } },
		credentialTypes,
	});
	const result = await new FullEnrichTrigger().webhook.call(context);
	const items = result.workflowData?.[0]?.map((item) => item.json);
	// n8n answers 200 itself when the trigger returns workflowData (responseMode onReceived).
	return { statusCode: response.statusCode ?? (items ? 200 : undefined), items, responseBody: response.body };
}

/** A loopback endpoint standing in for n8n's production webhook URL of one FullEnrich Trigger. */
export class TriggerReceiver {
	readonly server = new FakeServer();
	readonly calls: TriggerCall[] = [];

	constructor(
		private readonly parameters: TriggerParameters = {},
		private readonly apiKey = FULLENRICH_TEST_KEY,
		/** Answers these statuses to the first N calls before handing calls to the trigger (retry tests). */
		private failFirst: { count: number; status: number } = { count: 0, status: 500 },
	) {
		this.server.route('POST', '/webhook/trigger/webhook', async (request) => {
			if (this.failFirst.count > 0) {
				this.failFirst = { ...this.failFirst, count: this.failFirst.count - 1 };
				return { status: this.failFirst.status, body: { message: 'not now' } };
			}
			const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
			const call = await callTrigger({ rawBody: request.rawBody, headers, query: Object.fromEntries(request.query.entries()) }, this.parameters, this.apiKey);
			this.calls.push(call);
			return { status: call.statusCode ?? 200, body: call.responseBody ?? { message: 'Workflow was started' } };
		});
	}

	get url(): string {
		return `${this.server.baseUrl}/webhook/trigger/webhook`;
	}

	/** Items of every execution the trigger started. */
	get items(): IDataObject[] {
		return this.calls.flatMap((call) => call.items ?? []);
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	async close(): Promise<void> {
		await this.server.close();
	}
}
