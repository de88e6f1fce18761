// `npm test`: installs what is missing, builds, lints (the code, the GitHub workflows, and the
// package as n8n's scanner lints it), then runs every jest project (unit tests, the real-n8n
// end-to-end tests, and the queue-mode tests). Extra arguments go to jest: `npm test -- test/unit/wiza`.
import { ensureChromium } from './chromium.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { lintWorkflows } from './lint-workflows.mjs';
import { ensureRuntime } from './n8n-runtime.mjs';
import { scan, scannerVersion } from './scan.mjs';
import { queueStackPrerequisites } from './queue-stack.mjs';
import { run, runMain, step } from './steps.mjs';

runMain(async () => {
	const started = Date.now();
	await step('Dependencies (npm ci when node_modules is missing or older than package-lock.json)', () => {
		if (!ensureDeps()) console.log('    node_modules is up to date');
	});
	await step('Queue-mode prerequisites (PostgreSQL and Redis for test/queue/)', () => {
		const jestArgs = process.argv.slice(2);
		if (jestArgs.length > 0 && !jestArgs.join(' ').includes('queue')) return console.log('    not needed for these tests');
		const missing = queueStackPrerequisites();
		if (missing.length === 0) return console.log('    found');
		if (process.env.N8N_QUEUE_TESTS === 'skip') return console.log(`    !!! missing ${missing.join('; ')}: the queue-mode tests will be SKIPPED`);
		throw new Error(`the queue-mode tests need ${missing.join('; ')}. To run everything else without them: N8N_QUEUE_TESTS=skip npm test`);
	});
	await step('Build (npm run build)', () => run('npm', ['run', '--silent', 'build']));
	await step('Lint (npm run lint)', () => run('npm', ['run', '--silent', 'lint']));
	await step('Workflow lint (.github/workflows, @action-validator/core)', () => {
		const { files, problems } = lintWorkflows();
		if (problems.length > 0) throw new Error(`workflow lint:\n${problems.map((line) => `  ${line}`).join('\n')}`);
		console.log(`    ${files.length} workflow files valid (${files.join(', ')})`);
	});
	await step(`Scanner lint (@n8n/scan-community-package ${scannerVersion()} rules on the source and the npm pack tarball)`, async () => {
		const { passed, report } = await scan();
		console.log(report);
		if (!passed) throw new Error('the package fails the lint of n8n\'s community-package scanner (details above)');
	});
	await step('n8n runtime (installed once per machine)', async () => {
		const paths = await ensureRuntime();
		console.log(`    ${paths.root}`);
	});
	await step('Chromium for the editor test (Debian package, installed once)', () => {
		console.log(`    ${ensureChromium()}`);
	});
	await step('Tests (jest: unit, e2e and queue projects)', () =>
		run('npx', ['--no-install', 'jest', ...process.argv.slice(2)]),
	);
	console.log(`\nnpm test passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
