// An n8n of a test file's own, beside the e2e run's shared one, for tests that restart n8n (which
// the shared instance's other test files would not survive). Started the same way as the shared
// one (scripts/n8n-instance.mjs: the package's tarball installed by `npm install`, own user folder,
// own free port, SQLite), and restarted on the same port and user folder, so it keeps its
// database, encryption key and waiting executions.
// A script of its own because jest's test files cannot import ES modules (test/e2e/harness/ownN8n.ts):
//   node scripts/e2e-own-instance.mjs start <folder> <tarball>   prints the connection file's path
//   node scripts/e2e-own-instance.mjs restart <connection.json> [--kill]   --kill: SIGKILL (a crash), not SIGTERM
//   node scripts/e2e-own-instance.mjs stop <connection.json>
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

import { ensureOwner, freePort, installTarball, n8nEnv, OWNER, PACKAGE_NAME, spawnN8n, stopProcessGroup, waitForN8n } from './n8n-instance.mjs';
import { runtimePaths } from './n8n-runtime.mjs';

const log = (line) => console.error(`[own n8n] ${line}`);

async function startProcess(connection) {
	const env = n8nEnv({ userFolder: connection.userFolder, port: connection.port, brokerPort: connection.brokerPort });
	const { pid, logOffset } = spawnN8n({ env, logFile: connection.logFile });
	connection.pid = pid;
	const waited = await waitForN8n({ baseUrl: connection.baseUrl, pid, logFile: connection.logFile, logOffset, timeoutMs: 240_000, log });
	log(`n8n on ${connection.baseUrl} (pid ${pid}) ready after ${(waited / 1000).toFixed(1)} s`);
}

async function start(folder, tarball) {
	const runDir = resolve(folder);
	const userFolder = join(runDir, 'user-folder');
	mkdirSync(userFolder, { recursive: true });
	// Outside the repository, like the shared instance's (see installTarball).
	const nodesStore = join(tmpdir(), `n8n-nodes-enrichment-webhooks-own-${basename(runDir)}-${process.pid}`);
	const installedDir = installTarball({ userFolder, tarball, nodesStore });
	const port = await freePort();
	const connection = {
		baseUrl: `http://127.0.0.1:${port}`,
		pid: 0,
		port,
		brokerPort: await freePort(),
		owner: { email: OWNER.email, password: OWNER.password },
		packageName: PACKAGE_NAME,
		installedDir,
		extraPackages: [],
		nodesStore,
		userFolder,
		runDir,
		logFile: join(runDir, 'n8n.log'),
		tarball,
		runtimeRoot: runtimePaths().root,
	};
	await startProcess(connection);
	await ensureOwner(connection.baseUrl);
	const file = join(runDir, 'connection.json');
	writeFileSync(file, `${JSON.stringify(connection, null, 2)}\n`);
	console.log(file);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'start' && args.length === 2) {
	await start(args[0], args[1]);
} else if ((command === 'restart' && (args.length === 1 || (args.length === 2 && args[1] === '--kill'))) || (command === 'stop' && args.length === 1)) {
	const connection = JSON.parse(readFileSync(args[0], 'utf8'));
	// --kill: no time to shut down (SIGTERM after 0 ms is followed by SIGKILL at once).
	await stopProcessGroup(connection.pid, { timeoutMs: args[1] === '--kill' ? 0 : 35_000 });
	if (command === 'restart') {
		await startProcess(connection);
		writeFileSync(args[0], `${JSON.stringify(connection, null, 2)}\n`);
	} else {
		rmSync(connection.nodesStore, { recursive: true, force: true });
	}
} else {
	console.error('usage: node scripts/e2e-own-instance.mjs start <folder> <tarball> | restart <connection.json> [--kill] | stop <connection.json>');
	process.exit(2);
}
