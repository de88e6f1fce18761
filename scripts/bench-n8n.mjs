// `npm run bench:n8n`: builds, then runs the jest project `bench` (test/bench/), which starts its own
// n8n 2.41.1 with the packed package (like the e2e tests) and prints what our triggers cost next to
// n8n's own Webhook node. It prints figures and asserts no speed. Takes about 4 minutes.
// BENCH_REQUESTS=<n> changes the requests per start node and outcome (default 100). Extra
// arguments go to jest.
import { ensureRuntime } from './n8n-runtime.mjs';
import { run, runMain, step } from './steps.mjs';

runMain(async () => {
	await step('Build (npm run build)', () => run('npm', ['run', '--silent', 'build']));
	await step('n8n runtime (installed once per machine)', async () => {
		console.log(`    ${(await ensureRuntime()).root}`);
	});
	// The project exists only with BENCH_N8N=1 (see jest.config.js). --selectProjects goes last: it
	// takes several values and would swallow a path given after it.
	await step('Benchmark (jest project bench)', () =>
		run('npx', ['--no-install', 'jest', ...process.argv.slice(2), '--selectProjects', 'bench'], {
			env: { ...process.env, BENCH_N8N: '1' },
		}),
	);
});
