// The example workflows as files: valid JSON that an import can use as it is. No webhookId (n8n
// gives each import its own; a fixed one makes a second import conflict with the first), no
// credential ids from someone else's n8n, and only node types from this package or n8n itself.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

describe.each(files)('examples/%s', (file) => {
	const example = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as { name?: unknown; nodes: Array<Record<string, unknown>>; connections: Record<string, unknown> };

	it('is a workflow with a name, nodes and connections between existing nodes', () => {
		expect(typeof example.name).toBe('string');
		const names = new Set(example.nodes.map((node) => node.name));
		expect(names.size).toBe(example.nodes.length);
		for (const source of Object.keys(example.connections)) expect(names).toContain(source);
	});

	it('carries no webhookId and no credentials, and uses only our node types or n8n-nodes-base', () => {
		for (const node of example.nodes) {
			expect(node).not.toHaveProperty('webhookId');
			expect(node).not.toHaveProperty('credentials');
			expect(String(node.type)).toMatch(/^(n8n-nodes-enrichment-webhooks|n8n-nodes-base)\./);
		}
	});
});
