// `npm test`: installs what is missing, builds, lints, then runs every jest project (unit tests
// and the real-n8n end-to-end tests). Extra arguments go to jest: `npm test -- test/unit/wiza`.
import { ensureChromium } from './chromium.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureRuntime } from './n8n-runtime.mjs';
import { run, runMain, step } from './steps.mjs';

runMain(async () => {
	const started = Date.now();
	await step('Dependencies (npm ci when node_modules is missing or older than package-lock.json)', () => {
		if (!ensureDeps()) console.log('    node_modules is up to date');
	});
	await step('Build (npm run build)', () => run('npm', ['run', '--silent', 'build']));
	await step('Lint (npm run lint)', () => run('npm', ['run', '--silent', 'lint']));
	await step('n8n runtime (installed once per machine)', () => {
		const paths = ensureRuntime();
		console.log(`    ${paths.root}`);
	});
	await step('Chromium for the editor test (Debian package, installed once)', () => {
		console.log(`    ${ensureChromium()}`);
	});
	await step('Tests (jest: unit and e2e projects)', () =>
		run('npx', ['--no-install', 'jest', ...process.argv.slice(2)]),
	);
	console.log(`\nnpm test passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
