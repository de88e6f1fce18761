// Where the n8n of `npm start` keeps its state, and how to stop it (used by start.mjs and stop.mjs).
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runtimePaths } from './n8n-runtime.mjs';
import { isAlive, isOurN8n, repoRoot, stopProcessGroup } from './n8n-instance.mjs';

export function localInstance() {
	const folder = join(repoRoot, '.n8n-local');
	const repoId = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
	return {
		// n8n's user folder (database, settings, encryption key): persistent, gitignored.
		userFolder: folder,
		// Where `.n8n-local/.n8n/nodes` points: outside the repo (see installTarball), one per clone.
		nodesStore: join(nodesStores(), repoId),
		logFile: join(folder, 'n8n.log'),
		pidFile: join(folder, 'n8n.pid'),
	};
}

/** Where every clone's nodes folder lives: one folder per clone, named by a hash of its path. */
function nodesStores() {
	return join(dirname(runtimePaths().root), 'local-nodes');
}

const OWNER_FILE = '.owner.json';

/** Records which clone a nodes folder belongs to, so it can be removed once that clone is gone. */
export function recordNodesStoreOwner(nodesStore) {
	writeFileSync(join(nodesStore, OWNER_FILE), `${JSON.stringify({ repoRoot })}\n`);
}

/** Whether the clone at repo still links its `.n8n-local/.n8n/nodes` to this store. */
function stillLinked(repo, store) {
	const link = join(repo, '.n8n-local', '.n8n', 'nodes');
	try {
		return lstatSync(link).isSymbolicLink() && resolve(dirname(link), readlinkSync(link)) === resolve(store);
	} catch {
		return false;
	}
}

/**
 * Removes the nodes folders of clones that were deleted (or moved) since their last `npm start`.
 * A folder without an owner record (made before records existed) is left alone: its clone may
 * still be running n8n from it. Returns the removed folders.
 */
export function removeStaleNodesStores() {
	const stores = nodesStores();
	if (!existsSync(stores)) return [];
	const removed = [];
	for (const name of readdirSync(stores)) {
		const store = join(stores, name);
		let owner;
		try {
			owner = JSON.parse(readFileSync(join(store, OWNER_FILE), 'utf8')).repoRoot;
		} catch {
			continue;
		}
		if (typeof owner === 'string' && !stillLinked(owner, store)) {
			rmSync(store, { recursive: true, force: true });
			removed.push(store);
		}
	}
	return removed;
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
