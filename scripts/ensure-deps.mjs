// Installs the package's dev dependencies when they are missing or older than package-lock.json.
// `npm start` and `npm test` call this first, so a fresh clone needs no separate `npm install`.
// Only Node built-ins: it has to run before anything is installed (Node 20 + npm 11 suffice).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from './n8n-runtime.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const lockFile = join(repoRoot, 'package-lock.json');
const nodeModules = join(repoRoot, 'node_modules');
// The hash of the lock file that node_modules was last installed from.
const hashFile = join(nodeModules, '.deps-hash');
// npm's own record of the installed tree (written by every npm install / npm ci).
const hiddenLock = join(nodeModules, '.package-lock.json');

function lockHash() {
	return createHash('sha256').update(readFileSync(lockFile)).digest('hex');
}

/** Runs `npm ci` (or `npm install` without a lock file) unless node_modules matches the lock. */
export function ensureDeps({ log = console.log } = {}) {
	const hasLock = existsSync(lockFile);
	const wanted = hasLock ? lockHash() : 'no-lock';
	if (existsSync(hashFile)) {
		if (readFileSync(hashFile, 'utf8').trim() === wanted) return false;
	} else if (hasLock && existsSync(hiddenLock) && statSync(hiddenLock).mtimeMs >= statSync(lockFile).mtimeMs) {
		// Installed by hand (`npm ci` / `npm install`) after the lock last changed: adopt it
		// instead of reinstalling everything.
		writeFileSync(hashFile, wanted);
		return false;
	}

	const args = hasLock ? ['ci'] : ['install'];
	// npm's warnings (peer-dependency notes of the dev tools) go to a log, not the terminal.
	const logsDir = join(cacheRoot(), 'logs');
	mkdirSync(logsDir, { recursive: true });
	const logFile = join(logsDir, `npm-${args[0]}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	log(`[deps] node_modules is ${existsSync(nodeModules) ? 'out of date' : 'missing'}: npm ${args.join(' ')} (the dev tools; usually 1 to 2 minutes)`);
	log(`[deps] npm's output goes to ${logFile}`);
	const out = openSync(logFile, 'a');
	const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], {
		cwd: repoRoot,
		stdio: ['ignore', out, out],
		shell: process.platform === 'win32',
	});
	closeSync(out);
	if (result.status !== 0) {
		throw new Error(`npm ${args[0]} failed (exit ${result.status ?? result.signal}); its output is in ${logFile}`);
	}
	// Without a lock, npm install has just written one: record that.
	writeFileSync(hashFile, existsSync(lockFile) ? lockHash() : 'no-lock');
	return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	try {
		if (!ensureDeps()) console.log('[deps] node_modules is up to date');
	} catch (error) {
		console.error(`[deps] ${error.message}`);
		process.exit(1);
	}
}
