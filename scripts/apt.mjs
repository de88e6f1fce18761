// Debian packages that `npm test` needs beside the npm registry's (Chromium for the editor test,
// PostgreSQL and Redis for the queue-mode tests): installed with apt-get when missing and allowed
// (root on a Debian-like system, as in CI); otherwise the caller says how to get them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function canInstallWithApt() {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	return isRoot && existsSync('/usr/bin/apt-get');
}

/** Installs Debian `packages` with apt-get (the caller checked canInstallWithApt()). */
export function aptInstall(packages, { log = console.log } = {}) {
	log(`    installing Debian's ${packages.join(', ')} with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}
