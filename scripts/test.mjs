// `npm test`: installs what is missing, builds, lints (the code, the GitHub workflows, and the
// package as n8n's scanner lints it), then runs every jest project (unit tests and the real-n8n
// end-to-end tests). Extra arguments go to jest: `npm test -- test/unit/wiza`.
import { ensureChromium } from './chromium.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { lintWorkflows } from './lint-workflows.mjs';
import { ensureRuntime } from './n8n-runtime.mjs';
import { scan, SCANNER_VERSION } from './scan.mjs';
import { run, runMain, step } from './steps.mjs';

runMain(async () => {
	const started = Date.now();
	await step('Dependencies (npm ci when node_modules is missing or older than package-lock.json)', () => {
		if (!ensureDeps()) console.log('    node_modules is up to date');
	});
	await step('Build (npm run build)', () => run('npm', ['run', '--silent', 'build']));
	await step('Lint (npm run lint)', () => run('npm', ['run', '--silent', 'lint']));
	await step('Workflow lint (.github/workflows, @action-validator/core)', () => {
		const { files, problems } = lintWorkflows();
		if (problems.length > 0) throw new Error(`workflow lint:\n${problems.map((line) => `  ${line}`).join('\n')}`);
		console.log(`    ${files.length} workflow files valid (${files.join(', ')})`);
	});
	await step(`Scanner lint (@n8n/scan-community-package ${SCANNER_VERSION} rules on the source and the npm pack tarball)`, async () => {
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
	await step('Tests (jest: unit and e2e projects)', () =>
		run('npx', ['--no-install', 'jest', ...process.argv.slice(2)]),
	);
	console.log(`\nnpm test passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
