// `npm start`: installs what is missing, builds and packs this package, installs the tarball into
// a local n8n 2.41.1 the way users install community packages, starts n8n in the background on
// 127.0.0.1 (port N8N_PORT, default 5678), creates the owner account once, and exits.
// Running it again rebuilds, reinstalls and restarts. `npm run stop` stops n8n.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { N8N_VERSION, ensureRuntime } from './n8n-runtime.mjs';
import {
	OWNER,
	PACKAGE_NAME,
	ensureOwner,
	freePort,
	installTarball,
	n8nEnv,
	packPackage,
	portIsTaken,
	spawnN8n,
	waitForN8n,
} from './n8n-instance.mjs';
import { localInstance, recordNodesStoreOwner, removeStaleNodesStores, runningLocalInstance, stopLocalInstance } from './local-instance.mjs';
import { run, runMain, step } from './steps.mjs';

runMain(async () => {
	const started = Date.now();
	const port = Number(process.env.N8N_PORT ?? 5678);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`N8N_PORT must be a port number, got "${process.env.N8N_PORT}"`);
	}
	const local = localInstance();
	const baseUrl = `http://127.0.0.1:${port}`;

	await step('Dependencies (npm ci when node_modules is missing or older than package-lock.json)', () => {
		if (!ensureDeps()) console.log('    node_modules is up to date');
	});
	await step('Build (npm run build)', () => run('npm', ['run', '--silent', 'build']));
	const tarball = await step('Pack (npm pack)', () => {
		// The tarball stays in .n8n-local/package/: the nodes folder's package.json refers to it.
		const packDir = join(local.userFolder, 'package');
		rmSync(packDir, { recursive: true, force: true });
		const file = packPackage(packDir);
		console.log(`    ${file}`);
		return file;
	});
	await step('n8n runtime (installed once per machine)', async () => {
		console.log(`    ${(await ensureRuntime()).root}`);
	});
	const portTakenError = () =>
		new Error(
			`port ${port} on 127.0.0.1 is already in use by another program (not an n8n started by ` +
				'`npm start`). Stop that program, or pick another port: N8N_PORT=5680 npm start',
		);
	await step(`Check that port ${port} is free`, async () => {
		// Taken by our own earlier instance is fine: it is restarted below.
		if ((await portIsTaken(port)) && runningLocalInstance()?.port !== port) throw portTakenError();
	});
	await step('Stop the n8n that an earlier `npm start` left running', async () => {
		const stopped = await stopLocalInstance();
		console.log(stopped ? `    stopped pid ${stopped}` : '    none running');
		if (await portIsTaken(port)) throw portTakenError();
	});
	await step(`Install the package into ${join(local.userFolder, '.n8n', 'nodes')}`, () => {
		mkdirSync(local.userFolder, { recursive: true });
		const installed = installTarball({ userFolder: local.userFolder, tarball, nodesStore: local.nodesStore });
		recordNodesStoreOwner(local.nodesStore);
		console.log(`    ${installed}`);
		for (const store of removeStaleNodesStores()) console.log(`    removed ${store} (its clone is gone)`);
	});
	const pid = await step(`Start n8n on ${baseUrl} (log: ${local.logFile})`, async () => {
		rmSync(local.logFile, { force: true });
		const env = n8nEnv({ userFolder: local.userFolder, port, brokerPort: await freePort() });
		const spawned = spawnN8n({ env, logFile: local.logFile });
		writeFileSync(local.pidFile, `${JSON.stringify({ pid: spawned.pid, port, startedAt: new Date().toISOString() })}\n`);
		console.log(`    pid ${spawned.pid}`);
		let waited;
		try {
			waited = await waitForN8n({
				baseUrl,
				pid: spawned.pid,
				logFile: local.logFile,
				log: (line) => console.log(`    ${line}`),
			});
		} catch (error) {
			await stopLocalInstance(); // do not leave a half-started n8n holding the port
			throw error;
		}
		console.log(`    ready after ${(waited / 1000).toFixed(1)} s`);
		return spawned.pid;
	});
	await step('Owner account', async () => {
		const created = await ensureOwner(baseUrl);
		console.log(created ? `    created ${OWNER.email}` : `    ${OWNER.email} exists`);
	});
	console.log(`
n8n ${N8N_VERSION} is running with ${PACKAGE_NAME} installed (pid ${pid}).
  Editor:   ${baseUrl}
  Login:    ${OWNER.email} / ${OWNER.password}
  Log:      ${local.logFile}
  Stop it:  npm run stop
  Try it:   import examples/wiza-reveal-to-trigger.json, then npm run sample -- --help (README)
(ready in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
});
