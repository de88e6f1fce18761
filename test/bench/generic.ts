// "The generic way": what a user builds by hand instead of installing this package, for one provider.
//   Webhook (answers 200 at once; raw body on where the check covers the body's bytes)
//     -> Code "Verify" (the check exactly as the provider documents it, constant-time compare)
//     -> IF "Genuine?" (forgeries go to its false output, which leads nowhere)
//     -> Code "Parse" (one item per contact)
//     -> NoOp "Received"
// The Code nodes run in n8n's JavaScript task runner and need `crypto`: n8n must be started with
// NODE_FUNCTION_ALLOW_BUILTIN=crypto (scripts/bench-n8n.mjs sets it). A forgery still gets a 200 and
// starts an execution, which the IF node ends: the Webhook node cannot refuse on the result of a
// later node without a "Respond to Webhook" node, which would cost more still.
import { randomUUID } from 'node:crypto';

import type { INode, INodeParameters } from 'n8n-workflow';

import { connect, node, webhookStartNode } from '../e2e/harness/workflows';

export type GenericCheck =
	| { kind: 'wiza'; apiKey: string }
	| { kind: 'fullEnrich'; apiKey: string }
	| { kind: 'surfe'; webhookSecret: string; toleranceSeconds: number }
	| { kind: 'idwise'; bearerToken: string };

/** The JavaScript of the Verify node: sets `verified` on each item and keeps the parsed body. */
function verifyCode(check: GenericCheck): string {
	const compare = [
		"const crypto = require('crypto');",
		'const same = (a, b) => {',
		"	const left = Buffer.from(String(a ?? ''));",
		"	const right = Buffer.from(String(b ?? ''));",
		'	return left.length === right.length && crypto.timingSafeEqual(left, right);',
		'};',
	];
	const perItem = (() => {
		switch (check.kind) {
			case 'wiza':
				// Wiza: x-auth-key is the SHA-256 hex of the account's API key.
				return [
					`const expected = crypto.createHash('sha256').update(${JSON.stringify(check.apiKey)}).digest('hex');`,
					'const results = [];',
					'for (const item of $input.all()) {',
					"	results.push({ json: { verified: same(item.json.headers['x-auth-key'], expected), body: item.json.body } });",
					'}',
					'return results;',
				];
			case 'fullEnrich':
				// FullEnrich: X-Signature-SHA1 is the hex HMAC-SHA1 of the raw body, keyed with the API key.
				return [
					'const results = [];',
					'const items = $input.all();',
					'for (let index = 0; index < items.length; index++) {',
					"	const raw = await this.helpers.getBinaryDataBuffer(index, 'data');",
					`	const expected = crypto.createHmac('sha1', ${JSON.stringify(check.apiKey)}).update(raw).digest('hex');`,
					"	results.push({ json: { verified: same(items[index].json.headers['x-signature-sha1'], expected), body: JSON.parse(raw.toString('utf8')) } });",
					'}',
					'return results;',
				];
			case 'surfe':
				// Surfe: x-surfe-signature "t=<ms>,v0=<hex>", v0 = HMAC-SHA256 of "<t>.<raw body>" with the
				// webhook secret; t must be recent (replays).
				return [
					'const results = [];',
					'const items = $input.all();',
					'for (let index = 0; index < items.length; index++) {',
					"	const raw = await this.helpers.getBinaryDataBuffer(index, 'data');",
					"	const parts = Object.fromEntries(String(items[index].json.headers['x-surfe-signature'] ?? '').split(',').map((part) => part.split('=')));",
					'	const timestamp = Number(parts.t);',
					`	const fresh = Number.isFinite(timestamp) && Math.abs(Date.now() - timestamp) <= ${check.toleranceSeconds * 1000};`,
					`	const expected = crypto.createHmac('sha256', ${JSON.stringify(check.webhookSecret)}).update(parts.t + '.').update(raw).digest('hex');`,
					"	results.push({ json: { verified: fresh && same(parts.v0, expected), body: JSON.parse(raw.toString('utf8')) } });",
					'}',
					'return results;',
				];
			case 'idwise':
				// IDWise: no signature; the Authorization header the user configured in IDWise.
				return [
					`const expected = ${JSON.stringify(`Bearer ${check.bearerToken}`)};`,
					'const results = [];',
					'for (const item of $input.all()) {',
					'	results.push({ json: { verified: same(item.json.headers.authorization, expected), body: item.json.body } });',
					'}',
					'return results;',
				];
		}
	})();
	return [...compare, ...perItem].join('\n');
}

/** The JavaScript of the Parse node: one item per contact (or per event), the way our triggers flatten them. */
function parseCode(check: GenericCheck): string {
	switch (check.kind) {
		case 'wiza':
			return 'return $input.all().map((item) => ({ json: { reveal_id: item.json.body.data.id, ...item.json.body.data } }));';
		case 'fullEnrich':
			return [
				'const results = [];',
				'for (const item of $input.all()) {',
				'	const batch = item.json.body;',
				'	for (const contact of batch.data ?? []) results.push({ json: { enrichment_id: batch.id, ...contact } });',
				'}',
				'return results;',
			].join('\n');
		case 'surfe':
			return 'return $input.all().map((item) => ({ json: { event: item.json.body.eventType, ...item.json.body.data.person } }));';
		case 'idwise':
			return 'return $input.all().map((item) => ({ json: { event: item.json.body.event, ...item.json.body.body } }));';
	}
}

function codeNode(name: string, jsCode: string): INode {
	return node({ name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode } });
}

function ifVerifiedNode(name: string): INode {
	const conditions: INodeParameters = {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
		conditions: [{ id: randomUUID(), leftValue: '={{ $json.verified }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
		combinator: 'and',
	};
	return node({ name, type: 'n8n-nodes-base.if', typeVersion: 2.2, parameters: { conditions, options: {} } });
}

/** Whether the provider's check needs the body's exact bytes (then the Webhook node's raw body option is on). */
export function needsRawBody(check: GenericCheck): boolean {
	return check.kind === 'fullEnrich' || check.kind === 'surfe';
}

/**
 * The generic workflow's nodes and connections, ending in `outputNode`; `webhook` is its start
 * node (served at n8n.productionWebhookUrl(webhook.webhookId, 'webhook')).
 */
export function genericWorkflow(check: GenericCheck, outputNode: INode): { webhook: INode; nodes: INode[]; connections: ReturnType<typeof connect> } {
	const webhook = webhookStartNode({ name: 'Webhook', path: 'webhook' });
	if (needsRawBody(check)) webhook.parameters = { ...webhook.parameters, options: { rawBody: true } };
	const nodes = [webhook, codeNode('Verify', verifyCode(check)), ifVerifiedNode('Genuine?'), codeNode('Parse', parseCode(check)), outputNode];
	// The IF node's output 0 is "true": only verified items reach Parse.
	return { webhook, nodes, connections: connect('Webhook', 'Verify', 'Genuine?', 'Parse', outputNode.name) };
}
