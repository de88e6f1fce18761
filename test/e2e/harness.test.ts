// Proves the real-n8n harness itself: workflows run and can be read back, and this package is
// installed the way users install it (a packed tarball in the user folder's .n8n/nodes).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { connectN8n, type N8nClient } from './harness/n8n';
import { connect, noOpNode, webhookStartNode } from './harness/workflows';

const repoRoot = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** The `name`s declared by the built classes listed in package.json's n8n section. */
function declaredNames(files: string[]): string[] {
	return files
		.filter((file) => existsSync(join(repoRoot, file)))
		.map((file) => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const exported = require(join(repoRoot, file)) as Record<string, new () => Record<string, any>>;
			const instance = new (Object.values(exported)[0])();
			return (instance.description?.name ?? instance.baseDescription?.name ?? instance.name) as string;
		});
}

let n8n: N8nClient;

beforeAll(async () => {
	n8n = await connectN8n();
});

describe('a workflow with n8n\'s own Webhook node', () => {
	it('runs once per POST and its NoOp output holds the posted body', async () => {
		const start = webhookStartNode({ name: 'Start' });
		const { id } = await n8n.createWorkflow({
			name: `harness webhook ${randomUUID()}`,
			nodes: [start, noOpNode('NoOp')],
			connections: connect('Start', 'NoOp'),
		});
		await n8n.activateWorkflow(id);
		const url = n8n.productionWebhookUrl(start.webhookId!, 'start');
		const posted = { contact: { email: 'ada@example.com', tags: ['a', 'b'] }, marker: randomUUID() };

		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(posted),
		});
		expect(response.status).toBe(200);

		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		const output = await n8n.nodeOutput(execution.id, 'NoOp');
		expect(output).toHaveLength(1);
		expect(output[0].body).toEqual(posted);

		// Deactivated: the URL is gone and no further execution appears.
		await n8n.deactivateWorkflow(id);
		const afterDeactivation = await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
		expect(afterDeactivation.status).toBe(404);
		const executions = await n8n.listExecutions(id);
		expect(executions.map((e) => e.id)).toEqual([execution.id]);
	});
});

describe('this package inside n8n', () => {
	it('is installed from the packed tarball into the user folder\'s .n8n/nodes', () => {
		const { installedDir, userFolder, nodesStore } = n8n.connection;
		expect(installedDir).toBe(join(userFolder, '.n8n', 'nodes', 'node_modules', packageJson.name));
		const installed = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8')) as { name: string };
		expect(installed.name).toBe(packageJson.name);
		// Its peer dependency is not installed beside it: n8n's own n8n-workflow must be used.
		expect(existsSync(join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-workflow'))).toBe(false);
		// And no other copy is reachable from its real location (n8n supplies its own via NODE_PATH).
		const realDir = realpathSync(installedDir);
		expect(realDir.startsWith(realpathSync(nodesStore) + sep)).toBe(true);
		expect(relative(repoRoot, realDir).startsWith('..')).toBe(true);
		const env = { ...process.env };
		delete env.NODE_PATH;
		const lookup = spawnSync(process.execPath, ['-e', "require.resolve('n8n-workflow')"], { cwd: realDir, env, encoding: 'utf8' });
		expect(lookup.status).not.toBe(0);
		expect(lookup.stderr).toContain('MODULE_NOT_FOUND');
	});

	it('registers every built node under the package-name prefix and every credential unprefixed', async () => {
		const nodeNames = declaredNames(packageJson.n8n.nodes);
		const credentialNames = declaredNames(packageJson.n8n.credentials);
		expect(nodeNames.length).toBeGreaterThan(0);

		const loadedNodes = await n8n.nodeTypeNames();
		for (const name of nodeNames) {
			expect(n8n.nodeType(name)).toBe(`${packageJson.name}.${name}`);
			expect(loadedNodes).toContain(n8n.nodeType(name));
		}
		const loadedCredentials = await n8n.credentialTypeNames();
		for (const name of credentialNames) {
			expect(loadedCredentials).toContain(n8n.credentialType(name));
			expect(loadedCredentials).not.toContain(`${packageJson.name}.${name}`);
		}
	});
});
