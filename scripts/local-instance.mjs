// Where the n8n of `npm start` keeps its state, and how to stop it (used by start.mjs and stop.mjs).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runtimePaths } from './n8n-runtime.mjs';
import { isAlive, isOurN8n, repoRoot, stopProcessGroup } from './n8n-instance.mjs';

export function localInstance() {
	const folder = join(repoRoot, '.n8n-local');
	const repoId = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
	return {
		// n8n's user folder (database, settings, encryption key): persistent, gitignored.
		userFolder: folder,
		// Where `.n8n-local/.n8n/nodes` points: outside the repo (see installTarball), one per clone.
		nodesStore: join(dirname(runtimePaths().root), 'local-nodes', repoId),
		logFile: join(folder, 'n8n.log'),
		pidFile: join(folder, 'n8n.pid'),
	};
}

/** The n8n that `npm start` started, if it is still running: `{ pid, port }`, else undefined. */
export function runningLocalInstance() {
	const { pidFile } = localInstance();
	if (!existsSync(pidFile)) return undefined;
	try {
		const { pid, port } = JSON.parse(readFileSync(pidFile, 'utf8'));
		// Only a live process that is our n8n: the PID may have been reused since.
		return pid && isAlive(pid) && isOurN8n(pid) ? { pid, port } : undefined;
	} catch {
		return undefined;
	}
}

/** Stops the n8n that `npm start` started (by its recorded PID); returns that PID or 0. */
export async function stopLocalInstance() {
	const running = runningLocalInstance();
	if (running) await stopProcessGroup(running.pid);
	rmSync(localInstance().pidFile, { force: true });
	return running?.pid ?? 0;
}
