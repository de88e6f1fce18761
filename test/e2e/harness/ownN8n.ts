// An n8n of a test file's own (scripts/e2e-own-instance.mjs), for tests that restart n8n: the e2e
// run's shared instance serves the other test files at the same time, so it is never restarted.
// Same package tarball as the shared instance, own port and user folder (inside the run's folder,
// removed with it), SQLite. Stop it in afterAll.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { connectTo, readConnection, type N8nClient, type N8nConnection } from './n8n';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'e2e-own-instance.mjs');

export interface OwnN8n {
	n8n: N8nClient;
	connection: N8nConnection;
	/**
	 * Stops n8n (SIGTERM, as a deployment would; with `kill`, SIGKILL at once, as a crash would) and
	 * starts it again on the same port and user folder.
	 */
	restart(options?: { kill?: boolean }): Promise<void>;
	stop(): Promise<void>;
}

async function run(args: string[]): Promise<string> {
	const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], { timeout: 6 * 60_000 });
	return stdout.trim();
}

/** Starts an n8n for this test file; `name` tells its folder apart. */
export async function startOwnN8n(name: string): Promise<OwnN8n> {
	const shared = readConnection();
	const connectionFile = await run(['start', join(shared.runDir, `own-${name}`), shared.tarball]);
	const connection = JSON.parse(readFileSync(connectionFile, 'utf8')) as N8nConnection;
	return {
		n8n: await connectTo(connection),
		connection,
		restart: async ({ kill = false } = {}) => {
			await run(['restart', connectionFile, ...(kill ? ['--kill'] : [])]);
			connection.pid = (JSON.parse(readFileSync(connectionFile, 'utf8')) as N8nConnection).pid;
		},
		stop: async () => {
			await run(['stop', connectionFile]);
		},
	};
}
