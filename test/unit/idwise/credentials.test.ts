// The enrichmentWebhooksIdwiseApi credential: n8n turns Region (or Custom Base URL) into the hidden `baseUrl` the
// shared transport reads. Evaluated here with n8n-workflow's own expression engine, the one n8n
// uses for credential fields (with `$self` = the credential's fields).
import { Workflow } from 'n8n-workflow';
import type { INode, INodeTypes } from 'n8n-workflow';

import { EnrichmentWebhooksIdwiseApi } from '../../../credentials/EnrichmentWebhooksIdwiseApi.credentials';
import { EnrichmentWebhooksIdwiseWebhookApi } from '../../../credentials/EnrichmentWebhooksIdwiseWebhookApi.credentials';
import { IDWISE_REGION_BASE_URLS } from '../../../nodes/IDWise/regions';

function resolvedBaseUrl(fields: Record<string, unknown>): unknown {
	const node: INode = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hidden = new EnrichmentWebhooksIdwiseApi().properties.find((property) => property.name === 'baseUrl');
	const data = { ...fields, baseUrl: hidden?.default };
	return (workflow.expression.getComplexParameterValue(node, data, 'internal', {}, undefined, undefined, data) as Record<string, unknown>).baseUrl;
}

describe('enrichmentWebhooksIdwiseApi credential', () => {
	it.each([
		['eu', IDWISE_REGION_BASE_URLS.eu],
		['uae', 'https://api-uae.idwise.com'],
		['qatar', 'https://api-qat.idwise.com'],
		[undefined, 'https://api.idwise.com'],
	])('resolves region %s to %s', (region, url) => {
		expect(resolvedBaseUrl({ region })).toBe(url);
	});

	it('uses the custom base URL when the region is custom', () => {
		expect(resolvedBaseUrl({ region: 'custom', customBaseUrl: 'http://127.0.0.1:9999' })).toBe('http://127.0.0.1:9999');
	});

	it('authenticates with Basic auth from the key and secret', () => {
		const credential = new EnrichmentWebhooksIdwiseApi();
		expect(credential.name).toBe('enrichmentWebhooksIdwiseApi');
		expect(credential.authenticate.properties.auth).toEqual({ username: '={{$credentials.apiKey}}', password: '={{$credentials.apiSecret}}' });
	});

	it('enrichmentWebhooksIdwiseWebhookApi offers the three methods of IDWise\'s wizard', () => {
		const credential = new EnrichmentWebhooksIdwiseWebhookApi();
		expect(credential.name).toBe('enrichmentWebhooksIdwiseWebhookApi');
		const authType = credential.properties.find((property) => property.name === 'authType');
		expect((authType?.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['basicAuth', 'bearerToken', 'customHeaders']);
	});
});
