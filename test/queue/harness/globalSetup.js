// jest globalSetup of the `queue` project: n8n in queue mode (scripts/queue-stack.mjs: PostgreSQL,
// Redis, main, 2 workers, 2 webhook processes, a round-robin proxy as the load balancer), with the
// package installed from an `npm pack` of the CURRENT dist/ (build first: this does not build).
// Test files reach it through connectQueue (./queue.ts), which reads the file named in
// N8N_QUEUE_CONNECTION_FILE. Without PostgreSQL or Redis installed this fails and says how to get
// them; N8N_QUEUE_TESTS=skip skips the queue-mode tests instead (loudly).
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const CONNECTION_ENV = 'N8N_QUEUE_CONNECTION_FILE';

async function globalSetup() {
	const started = Date.now();
	const say = (line) => process.stdout.write(`[queue] ${line}\n`);
	const instance = await import('../../../scripts/n8n-instance.mjs');
	const queue = await import('../../../scripts/queue-stack.mjs');
	const { ensureRuntime } = await import('../../../scripts/n8n-runtime.mjs');

	const missing = queue.queueStackPrerequisites();
	if (missing.length > 0) {
		const message = `the queue-mode tests need ${missing.join('; ')}`;
		if (process.env.N8N_QUEUE_TESTS === 'skip') {
			process.stdout.write(`\n[queue] !!! SKIPPING the queue-mode tests: ${message} !!!\n\n`);
			process.env[CONNECTION_ENV] = 'skip';
			return;
		}
		throw new Error(`${message}. To run everything else without them: N8N_QUEUE_TESTS=skip npm test`);
	}

	// Outside the repository: PostgreSQL runs as its own user, which must reach its folders.
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-e2e-'));
	const nodesStore = join(dir, 'nodes');
	say(`stack folder ${dir}`);
	let stack;
	try {
		ensureRuntime({ log: say });
		const tarball = instance.packPackage(dir);
		// installTarball links <userFolder>/.n8n/nodes to nodesStore; the other processes link it too.
		instance.installTarball({ userFolder: join(dir, 'install'), tarball, nodesStore });
		stack = await queue.startQueueStack({ dir, nodesStore, log: say });
		await instance.ensureOwner(stack.baseUrl);
		const connectionFile = join(dir, 'connection.json');
		const connection = {
			baseUrl: stack.baseUrl,
			webhookBase: stack.webhookBase,
			pid: stack.processes[0].pid,
			port: stack.processes[0].port,
			owner: { email: instance.OWNER.email, password: instance.OWNER.password },
			packageName: instance.PACKAGE_NAME,
			userFolder: stack.processes[0].env.N8N_USER_FOLDER,
			runDir: dir,
			logFile: stack.processes[0].logFile,
			processes: stack.processes,
			services: stack.services,
		};
		writeFileSync(connectionFile, `${JSON.stringify(connection, null, 2)}\n`);
		globalThis.__N8N_QUEUE__ = { stack, connectionFile };
		process.env[CONNECTION_ENV] = connectionFile;
		say(`queue mode ready: main ${stack.baseUrl}, load balancer ${stack.webhookBase} (set-up ${((Date.now() - started) / 1000).toFixed(1)} s)`);
	} catch (error) {
		process.stderr.write(`[queue] could not start n8n in queue mode: ${error.message}\n`);
		if (stack) await queue.stopQueueStack(stack);
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

module.exports = globalSetup;
