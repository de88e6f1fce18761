// Shared set-up for the Surfe unit tests: a fake Surfe, the credential type, and contexts.
import type { IDataObject } from 'n8n-workflow';

import { EnrichmentWebhooksSurfeApi } from '../../../credentials/EnrichmentWebhooksSurfeApi.credentials';
import { FakeServer } from '../../fakes/fakeServer';
import { FakeSurfe, type FakeSurfeOptions } from '../../fakes/surfe';
import { createExecuteContext, createWebhookContext } from '../../support/nodeContext';

export const API_KEY = 'surfe-unit-key-6d1f0e';
export const WEBHOOK_SECRET = 'whsec_unit_3b9c1e7a5d';

export const credentialTypes = { enrichmentWebhooksSurfeApi: new EnrichmentWebhooksSurfeApi() };

export async function startFakeSurfe(options: FakeSurfeOptions = {}): Promise<FakeSurfe> {
	return new FakeSurfe({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, completeAfterMs: 5, callbackRetryDelayMs: 5, ...options }).start();
}

export function executeContext(
	fake: { baseUrl: string },
	options: {
		items?: IDataObject[];
		parameters: IDataObject | ((itemIndex: number) => IDataObject);
		continueOnFail?: boolean;
		apiKey?: string;
		executionId?: string;
	},
) {
	return createExecuteContext({
		items: options.items ?? [{}],
		parameters: options.parameters,
		continueOnFail: options.continueOnFail,
		executionId: options.executionId ?? '4242',
		credentials: { enrichmentWebhooksSurfeApi: { apiKey: options.apiKey ?? API_KEY, baseUrl: fake.baseUrl, webhookSecret: WEBHOOK_SECRET } },
		credentialTypes,
	});
}

export function webhookContext(options: { rawBody: string | Buffer; headers?: Record<string, unknown>; parameters?: IDataObject; webhookSecret?: string }) {
	return createWebhookContext({
		rawBody: options.rawBody,
		headers: options.headers as Record<string, string>,
		parameters: {
			events: ['person.enrichment.completed', 'person.batch-enrichment.completed', 'company.enrichment.completed'],
			options: {},
			...options.parameters,
		},
		credentials: { enrichmentWebhooksSurfeApi: { apiKey: API_KEY, baseUrl: 'https://api.surfe.com', webhookSecret: options.webhookSecret ?? WEBHOOK_SECRET } },
		credentialTypes,
	});
}

/** Parameters of People > Enrich with name-based input read from each item. */
export function enrichPeopleParameters(items: IDataObject[], extra: IDataObject = {}) {
	return (itemIndex: number): IDataObject => ({
		resource: 'person',
		operation: 'enrich',
		firstName: items[itemIndex].firstName ?? '',
		lastName: items[itemIndex].lastName ?? '',
		companyName: items[itemIndex].companyName ?? '',
		companyDomain: items[itemIndex].companyDomain ?? '',
		linkedinUrl: items[itemIndex].linkedinUrl ?? '',
		externalId: items[itemIndex].externalId ?? '',
		include: ['email'],
		webhookUrl: '',
		options: {},
		...extra,
	});
}

export function peopleItems(count: number, offset = 0): IDataObject[] {
	return Array.from({ length: count }, (_unused, index) => ({
		firstName: `Ada${index + offset}`,
		lastName: `Lovelace${index + offset}`,
		companyDomain: `engines${(index + offset) % 7}.com`,
	}));
}

export type NodeFailure = Error & { description?: string | null; httpCode?: string | null };

/** The error a promise rejects with (the test fails if it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<NodeFailure> {
	try {
		await promise;
	} catch (error) {
		return error as NodeFailure;
	}
	throw new Error('expected the operation to fail, but it succeeded');
}

/** A bare server standing in for Surfe when a test needs an answer the fake would never give. */
export async function startOddSurfe(routes: (server: FakeServer) => void): Promise<FakeServer> {
	const server = new FakeServer();
	routes(server);
	return server.start();
}
