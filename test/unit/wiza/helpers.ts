// Shared set-up for the Wiza unit tests: a fake Wiza, the credential type, and contexts.
import type { IDataObject } from 'n8n-workflow';

import { EnrichmentWebhooksWizaApi } from '../../../credentials/EnrichmentWebhooksWizaApi.credentials';
import { createExecuteContext, createWebhookContext } from '../../support/nodeContext';
import { FakeWiza, type FakeWizaOptions } from '../../fakes/wiza';

export const API_KEY = 'wiza-test-key-0f3c9a71b2';

export const credentialTypes = { enrichmentWebhooksWizaApi: new EnrichmentWebhooksWizaApi() };

export async function startFakeWiza(options: Partial<FakeWizaOptions> = {}): Promise<FakeWiza> {
	return new FakeWiza({ apiKey: API_KEY, completeAfterMs: 10, callbackRetryDelayMs: 5, ...options }).start();
}

export function executeContext(
	fake: FakeWiza,
	options: { items?: IDataObject[]; parameters: IDataObject | ((itemIndex: number) => IDataObject); continueOnFail?: boolean; apiKey?: string },
) {
	return createExecuteContext({
		items: options.items ?? [{}],
		parameters: options.parameters,
		continueOnFail: options.continueOnFail,
		credentials: { enrichmentWebhooksWizaApi: { apiKey: options.apiKey ?? API_KEY, baseUrl: fake.baseUrl } },
		credentialTypes,
	});
}

export function webhookContext(options: { body: unknown; headers?: Record<string, unknown>; parameters?: IDataObject; apiKey?: string; workflowId?: string; staticData?: IDataObject }) {
	const rawBody = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
	return createWebhookContext({
		rawBody,
		headers: options.headers as Record<string, string>,
		parameters: { events: ['reveal.finished', 'reveal.failed', 'list.finished'], options: {}, ...options.parameters },
		credentials: { enrichmentWebhooksWizaApi: { apiKey: options.apiKey ?? API_KEY, baseUrl: 'https://wiza.co' } },
		credentialTypes,
		workflowId: options.workflowId,
		staticData: options.staticData,
	});
}
