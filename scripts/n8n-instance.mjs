// Running this package inside a real n8n: shared by `npm start` (scripts/start.mjs) and the
// end-to-end tests (test/e2e/harness/globalSetup.js), so both install and start it the same way.
// Only Node built-ins; the runtime itself comes from ./n8n-runtime.mjs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
	closeSync,
	existsSync,
	lstatSync,
	mkdirSync,
	openSync,
	readFileSync,
	readlinkSync,
	readSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { runtimePaths } from './n8n-runtime.mjs';
import { repoRoot } from './ensure-deps.mjs';

export { repoRoot };
export const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
export const PACKAGE_NAME = packageJson.name;

/** The owner account created on every instance we start (local development only). */
export const OWNER = Object.freeze({
	email: 'owner@example.com',
	// n8n's rules: 8 to 64 characters, at least one digit and one uppercase letter.
	password: 'Webhooks-Owner-1',
	firstName: 'Local',
	lastName: 'Owner',
});

/** The line n8n prints once start-up is complete (webhooks registered, editor served). */
const READY_LINE = 'Editor is now accessible via';

/**
 * `npm pack`s the package as it is in dist/ now (no build) into destDir; returns the tarball's path.
 */
export function packPackage(destDir) {
	const listed = [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])];
	const missing = listed.filter((file) => !existsSync(join(repoRoot, file)));
	if (!existsSync(join(repoRoot, 'dist')) || listed.length === 0 || missing.length > 0) {
		throw new Error(
			`dist/ does not hold the built package (missing: ${missing.join(', ') || 'dist/'}): run \`npm run build\` first`,
		);
	}
	mkdirSync(destDir, { recursive: true });
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: repoRoot,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [{ filename }] = JSON.parse(output);
	return join(destDir, filename);
}

/**
 * Installs a packed tarball into `<userFolder>/.n8n/nodes` the way users install a community
 * package by hand (`npm install <tgz>` in that folder), so node types get the package-name prefix
 * and n8n's own n8n-workflow is used (peer dependencies are not installed: --legacy-peer-deps).
 *
 * `<userFolder>/.n8n/nodes` is made a symlink to `nodesStore`, a folder OUTSIDE this repository:
 * Node resolves `require('n8n-workflow')` from a module's real path upwards before it looks at
 * NODE_PATH (where n8n puts its own copy), so a nodes folder inside the repo would load the repo's
 * dev copy of n8n-workflow instead of n8n's, which breaks n8n's `instanceof NodeApiError` checks.
 * Returns the installed package's directory.
 */
export function installTarball({ userFolder, tarball, nodesStore, log = () => {} }) {
	const n8nFolder = join(userFolder, '.n8n');
	const nodesDir = join(n8nFolder, 'nodes');
	mkdirSync(n8nFolder, { recursive: true });
	mkdirSync(nodesStore, { recursive: true });
	const store = resolve(nodesStore);
	const linked = existsSync(nodesDir) && lstatSync(nodesDir).isSymbolicLink() && readlinkSync(nodesDir) === store;
	if (!linked) {
		rmSync(nodesDir, { recursive: true, force: true });
		symlinkSync(store, nodesDir, 'dir');
	}
	const manifest = join(nodesDir, 'package.json');
	// The same manifest n8n writes when it installs community packages itself; without it npm
	// would look for a project further up the tree.
	if (!existsSync(manifest)) {
		writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	}
	const installed = join(nodesDir, 'node_modules', PACKAGE_NAME);
	// A rebuilt tarball may keep its name and version: remove the old copy so npm unpacks the new one.
	rmSync(installed, { recursive: true, force: true });
	log(`[n8n] npm install ${tarball} in ${nodesDir}`);
	execFileSync(
		'npm',
		['install', tarball, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: nodesDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
	);
	if (!existsSync(join(installed, 'package.json'))) {
		throw new Error(`npm install did not create ${installed}`);
	}
	if (existsSync(join(nodesDir, 'node_modules', 'n8n-workflow'))) {
		throw new Error(`n8n-workflow was installed into ${nodesDir}; n8n's own copy must be used`);
	}
	return installed;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

/** Whether something already listens on 127.0.0.1:port. */
export function portIsTaken(port) {
	return new Promise((resolveTaken) => {
		const server = createServer();
		server.once('error', () => resolveTaken(true));
		server.listen(port, '127.0.0.1', () => server.close(() => resolveTaken(false)));
	});
}

/** The environment n8n runs with (see docs/development.md). */
export function n8nEnv({ userFolder, port, brokerPort, extra = {} }) {
	const env = { ...process.env };
	// Settings of an n8n the caller may run itself must not leak into ours.
	// NODE_ENV=test (set by jest) switches n8n into its own test mode (silent logger and more).
	for (const key of Object.keys(env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|QUEUE_|NODE_ENV$|JEST_)/.test(key)) delete env[key];
	}
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		// The JavaScript task runner's broker port (n8n's default 5679 would clash between instances).
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// SQLite in the user folder (n8n's default database).
		DB_TYPE: 'sqlite',
		...extra,
	};
}

/**
 * Starts `n8n start` from the cached runtime, detached in its own process group (so the group,
 * task runners included, can be stopped by n8n's PID), output appended to logFile. Returns
 * `{ pid, logOffset }`; logOffset is where this start's output begins in logFile.
 */
export function spawnN8n({ env, logFile }) {
	const { nodeBin, n8nBin } = runtimePaths();
	const logOffset = existsSync(logFile) ? statSync(logFile).size : 0;
	const out = openSync(logFile, 'a');
	const child = spawn(nodeBin, [n8nBin, 'start'], {
		cwd: env.N8N_USER_FOLDER,
		env,
		detached: true,
		stdio: ['ignore', out, out],
	});
	closeSync(out);
	child.unref();
	return { pid: child.pid, logOffset };
}

export function isAlive(pid) {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Whether pid is an n8n started from our runtime (guards against a recycled PID). */
export function isOurN8n(pid) {
	return commandLineOf(pid)?.includes(runtimePaths().n8nBin) ?? false;
}

/** A process's command line: /proc on Linux, `ps` where there is no /proc (macOS). */
function commandLineOf(pid) {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		if (existsSync('/proc/self')) return undefined;
		const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
		return ps.status === 0 ? ps.stdout : undefined;
	}
}

function readFrom(file, offset) {
	if (!existsSync(file)) return '';
	const size = statSync(file).size;
	if (size <= offset) return '';
	const fd = openSync(file, 'r');
	try {
		const buffer = Buffer.alloc(size - offset);
		readSync(fd, buffer, 0, buffer.length, offset);
		return buffer.toString('utf8');
	} finally {
		closeSync(fd);
	}
}

/** The last `lines` lines of a log file (for error messages). */
export function logTail(file, lines = 60) {
	const text = readFrom(file, Math.max(0, (existsSync(file) ? statSync(file).size : 0) - 64 * 1024));
	return text.split('\n').slice(-lines).join('\n');
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function getStatus(url) {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

/**
 * Waits until the n8n with this pid has finished starting: /healthz answers, the REST API answers
 * and n8n has printed that the editor is accessible (printed after workflows are activated).
 */
export async function waitForN8n({ baseUrl, pid, logFile, logOffset = 0, timeoutMs = 240_000, log = () => {} }) {
	const started = Date.now();
	let lastNote = started;
	for (;;) {
		if (!isAlive(pid)) {
			throw new Error(`n8n (pid ${pid}) exited during start-up. Last lines of ${logFile}:\n${logTail(logFile)}`);
		}
		const printedReady = readFrom(logFile, logOffset).includes(READY_LINE);
		if (printedReady && (await getStatus(`${baseUrl}/healthz`)) === 200 && (await getStatus(`${baseUrl}/rest/settings`)) === 200) {
			return Date.now() - started;
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(
				`n8n (pid ${pid}) did not become ready within ${Math.round(timeoutMs / 1000)} s. Last lines of ${logFile}:\n${logTail(logFile)}`,
			);
		}
		if (Date.now() - lastNote > 15_000) {
			lastNote = Date.now();
			log(`[n8n] still starting (${Math.round((Date.now() - started) / 1000)} s)...`);
		}
		await sleep(500);
	}
}

async function restJson(baseUrl, method, path, body, cookie) {
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: response.status, json, text, headers: response.headers };
}

/** Logs in with the REST API the editor uses; returns the session cookie (`n8n-auth=...`). */
export async function login(baseUrl, owner = OWNER) {
	const response = await restJson(baseUrl, 'POST', '/rest/login', {
		emailOrLdapLoginId: owner.email,
		password: owner.password,
	});
	if (response.status !== 200) {
		throw new Error(`POST /rest/login as ${owner.email} answered ${response.status}: ${response.text.slice(0, 500)}`);
	}
	const cookie = response.headers
		.getSetCookie()
		.map((line) => line.split(';')[0])
		.find((pair) => pair.startsWith('n8n-auth='));
	if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
	return cookie;
}

/**
 * Creates the owner account unless the instance already has one (then checks the login works).
 * Returns true when it created the owner.
 */
export async function ensureOwner(baseUrl, owner = OWNER) {
	const settings = await restJson(baseUrl, 'GET', '/rest/settings');
	const needsSetup = settings.json?.data?.userManagement?.showSetupOnFirstLoad !== false;
	if (needsSetup) {
		const response = await restJson(baseUrl, 'POST', '/rest/owner/setup', owner);
		if (response.status !== 200) {
			throw new Error(`POST /rest/owner/setup answered ${response.status}: ${response.text.slice(0, 500)}`);
		}
	}
	await login(baseUrl, owner);
	return needsSetup;
}

/**
 * Stops the process group led by pid (n8n and its task runners): SIGTERM, then SIGKILL after
 * timeoutMs. Resolves once the leader is gone.
 */
export async function stopProcessGroup(pid, { timeoutMs = 20_000 } = {}) {
	if (!isAlive(pid)) return false;
	const signalGroup = (signal) => {
		try {
			process.kill(-pid, signal);
		} catch {
			// The group is gone (or pid leads none): signal the process itself while it lives.
			if (isAlive(pid)) process.kill(pid, signal);
		}
	};
	signalGroup('SIGTERM');
	const deadline = Date.now() + timeoutMs;
	while (isAlive(pid) && Date.now() < deadline) await sleep(200);
	// Task runners may outlive the main process for a moment: make sure the whole group is gone.
	signalGroup('SIGKILL');
	while (isAlive(pid)) await sleep(100);
	return true;
}
