// jest globalSetup of the `e2e` project: one real n8n 2.41.1 for the whole run, with the package
// installed from an `npm pack` of the CURRENT dist/ (build first: this does not build), in a fresh
// user folder, on a free port on 127.0.0.1, with an owner account. Test files reach it through
// ./n8n.ts (connectN8n), which reads the connection file named in N8N_E2E_CONNECTION_FILE.
const { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const CONNECTION_ENV = 'N8N_E2E_CONNECTION_FILE';
const VARIANT_CONNECTION_ENV = 'N8N_E2E_VARIANT_CONNECTION_FILE';
const SETTINGS_ENV = 'BENCH_N8N_ENV';
const VARIANT_SETTINGS_ENV = 'BENCH_N8N_VARIANT_ENV';
// Beside it, the same way, every package of EXTRA_PACKAGES: the clashing-credentials fixture
// declares `wizaApi` and `fullEnrichApi` like the providers' own packages and, being scoped, is
// loaded after ours (n8n-core scan-directory-for-packages.js globs `n8n-nodes-*` before
// `@*/n8n-nodes-*`; the last loader of a credential type wins). Every e2e test runs with it.
const EXTRA_PACKAGES = [join(__dirname, '..', '..', 'fixtures', 'clashing-credentials-package')];

async function globalSetup() {
	const started = Date.now();
	const instance = await import('../../../scripts/n8n-instance.mjs');
	const { ensureRuntime } = await import('../../../scripts/n8n-runtime.mjs');
	const testTmp = join(instance.repoRoot, '.test-tmp');
	mkdirSync(testTmp, { recursive: true });
	await stopAbandonedRuns(testTmp, instance);

	// One folder per jest run (several runs may share the repository at once).
	const runId = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${process.pid}`;
	const runDir = join(testTmp, `run-${runId}`);
	const userFolder = join(runDir, 'user-folder');
	// The nodes folder lives outside the repository (see installTarball in scripts/n8n-instance.mjs).
	const nodesStore = join(tmpdir(), `n8n-nodes-enrichment-webhooks-e2e-${runId}`);
	const logFile = join(testTmp, `n8n-${runId}.log`);
	const connectionFile = join(runDir, 'connection.json');
	const say = (line) => process.stdout.write(`[e2e] ${line}\n`);
	say(`run folder ${runDir}`);

	// The benchmark may add n8n settings (BENCH_N8N_ENV="NAME=value NAME=value"), and ask for a second
	// n8n beside the first that differs only in some settings (BENCH_N8N_VARIANT_ENV, same form), to
	// compare them in one run.
	const commonSettings = parseSettings(SETTINGS_ENV) ?? {};
	const variantSettings = parseSettings(VARIANT_SETTINGS_ENV);
	const instances = [];
	// PIDs of every n8n spawned so far (stopped here when start-up fails half-way).
	const spawned = [];
	try {
		const runtime = await ensureRuntime({ log: say });
		const tarball = instance.packPackage(runDir);
		say(`packed ${tarball}`);
		const common = { instance, runtime, tarball, runDir, say, spawned };
		instances.push(await startInstance({ ...common, userFolder, nodesStore, logFile, connectionFile, settings: {}, commonSettings }));
		if (variantSettings) {
			instances.push(
				await startInstance({
					...common,
					userFolder: join(runDir, 'user-folder-variant'),
					nodesStore: `${nodesStore}-variant`,
					logFile: join(testTmp, `n8n-${runId}-variant.log`),
					connectionFile: join(runDir, 'connection-variant.json'),
					settings: variantSettings,
					commonSettings,
				}),
			);
		}
		say(`set-up ${((Date.now() - started) / 1000).toFixed(1)} s`);
	} catch (error) {
		// jest runs no globalTeardown when globalSetup fails: clean up here (the log stays).
		process.stderr.write(`[e2e] could not start n8n for the e2e tests: ${error.message}\n`);
		for (const pid of spawned) await instance.stopProcessGroup(pid);
		rmSync(runDir, { recursive: true, force: true });
		rmSync(nodesStore, { recursive: true, force: true });
		rmSync(`${nodesStore}-variant`, { recursive: true, force: true });
		throw error;
	}
	// globalTeardown stops every instance in `instances`.
	globalThis.__N8N_E2E__ = { instances };
	const variant = instances[1];
	// jest workers inherit the environment of the process that runs globalSetup.
	process.env[CONNECTION_ENV] = connectionFile;
	if (variant) process.env[VARIANT_CONNECTION_ENV] = variant.connectionFile;
}

/** The variable `name` holding "NAME=value NAME2=value2" -> { NAME: 'value', NAME2: 'value2' }; undefined when unset or empty. */
function parseSettings(name) {
	const text = process.env[name];
	if (!text || !text.trim()) return undefined;
	const settings = {};
	for (const pair of text.trim().split(/\s+/)) {
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(pair);
		if (!match) throw new Error(`${name}: "${pair}" is not NAME=value (example: ${name}="N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true")`);
		settings[match[1]] = match[2];
	}
	return settings;
}

/**
 * Installs the tarball into its own user folder, starts n8n with `commonSettings` and `settings`
 * added (`settings` are what tells this instance apart), waits for it, creates the owner.
 */
async function startInstance({ instance, runtime, tarball, runDir, say, spawned, userFolder, nodesStore, logFile, connectionFile, settings, commonSettings }) {
	mkdirSync(userFolder, { recursive: true });
	const installedDir = instance.installTarball({ userFolder, tarball, nodesStore });
	const extraPackages = EXTRA_PACKAGES.map((folder) => {
		const { name } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
		const installed = instance.installTarball({ userFolder, tarball: instance.packFolder(folder, runDir), nodesStore, packageName: name });
		say(`installed ${name} beside it`);
		return { name, installedDir: installed };
	});
	const port = await instance.freePort();
	const brokerPort = await instance.freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const env = instance.n8nEnv({ userFolder, port, brokerPort, extra: { ...commonSettings, ...settings } });
	// BENCH_N8N_INSPECT=1 (the scale benchmark): n8n opens the V8 inspector on a free port of its own,
	// announced in its log, through which the benchmark forces garbage collections and reads the heap.
	if (process.env.BENCH_N8N_INSPECT === '1') env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim();
	const { pid } = instance.spawnN8n({ env, logFile });
	spawned.push(pid);
	const connection = {
		baseUrl,
		pid,
		port,
		owner: { email: instance.OWNER.email, password: instance.OWNER.password },
		packageName: instance.PACKAGE_NAME,
		installedDir,
		extraPackages,
		nodesStore,
		userFolder,
		runDir,
		logFile,
		tarball,
		runtimeRoot: runtime.root,
		jestPid: process.pid,
		settings,
		commonSettings,
	};
	writeFileSync(connectionFile, `${JSON.stringify(connection, null, 2)}\n`);
	// Stop n8n even when jest never reaches globalTeardown (Ctrl-C, crash).
	const killOnExit = () => {
		try {
			process.kill(-connection.pid, 'SIGKILL');
		} catch {
			// already stopped
		}
	};
	process.once('exit', killOnExit);
	const described = Object.keys(settings).length ? ` with ${Object.entries(settings).map(([name, value]) => `${name}=${value}`).join(' ')}` : '';
	say(`starting n8n on ${baseUrl}${described} (pid ${pid}, log ${logFile})`);
	const waited = await instance.waitForN8n({ baseUrl, pid, logFile, timeoutMs: 240_000, log: say });
	await instance.ensureOwner(baseUrl);
	say(`n8n on ${baseUrl} ready after ${(waited / 1000).toFixed(1)} s`);
	return { connection, connectionFile, killOnExit };
}

/** Stops n8n instances of earlier runs whose jest process is gone (Ctrl-C, crash) and removes their folders. */
async function stopAbandonedRuns(testTmp, instance) {
	for (const entry of readdirSync(testTmp)) {
		if (!entry.startsWith('run-')) continue;
		const runDir = join(testTmp, entry);
		let connection;
		try {
			connection = JSON.parse(readFileSync(join(runDir, 'connection.json'), 'utf8'));
		} catch {
			// No connection file: a run that is starting right now, or one that failed early.
			if (Date.now() - statSync(runDir).mtimeMs < 60 * 60 * 1000) continue;
		}
		if (connection && instance.isAlive(connection.jestPid)) continue;
		let variant;
		try {
			variant = JSON.parse(readFileSync(join(runDir, 'connection-variant.json'), 'utf8'));
		} catch {
			// no second n8n in that run
		}
		for (const abandoned of [connection, variant]) {
			if (abandoned && instance.isAlive(abandoned.pid) && instance.isOurN8n(abandoned.pid)) {
				await instance.stopProcessGroup(abandoned.pid);
			}
			if (abandoned?.nodesStore) rmSync(abandoned.nodesStore, { recursive: true, force: true });
		}
		rmSync(runDir, { recursive: true, force: true });
	}
	// Keep the logs of the 10 latest runs.
	const logs = readdirSync(testTmp)
		.filter((name) => /^n8n-.*\.log$/.test(name))
		.map((name) => ({ name, mtime: statSync(join(testTmp, name)).mtimeMs }))
		.sort((a, b) => b.mtime - a.mtime);
	for (const { name } of logs.slice(10)) rmSync(join(testTmp, name), { force: true });
}

module.exports = globalSetup;
