// Tiny helpers for the scripts behind `npm start` and `npm test`: named, timed steps that stop the
// script with a clear message (and a non-zero exit code) when one fails.
import { spawnSync } from 'node:child_process';
import { repoRoot } from './ensure-deps.mjs';

/** Runs fn as a named step, printing its duration; rethrows with the step's name on failure. */
export async function step(name, fn) {
	const started = Date.now();
	console.log(`\n==> ${name}`);
	try {
		const result = await fn();
		console.log(`    done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return result;
	} catch (error) {
		error.step ??= name;
		throw error;
	}
}

/** Runs a command in the repository root with inherited output; throws when it fails. */
export function run(command, args, options = {}) {
	const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(`\`${[command, ...args].join(' ')}\` failed (exit ${result.status ?? result.signal})`);
	}
}

/** Runs main(); on failure prints which step failed and why, and exits with code 1. */
export function runMain(main) {
	main().catch((error) => {
		console.error(`\nFAILED${error.step ? ` at "${error.step}"` : ''}: ${error.message}`);
		process.exit(1);
	});
}
