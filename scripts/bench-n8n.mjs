// `npm run bench:n8n`: builds, then runs the jest project `bench` (test/bench/), which starts its own
// n8n 2.41.1 with the packed package (like the e2e tests) and prints what our triggers cost next to
// n8n's own Webhook node and next to the generic way (Webhook + Code + IF + Code) for each provider.
// It prints figures and asserts no speed. Takes about 15 minutes on 2 cores (100 requests per row).
// `npm run bench:n8n -- --scale` runs test/bench/scale.bench.ts instead: 10,000 contacts through
// FullEnrich and Surfe against the fakes (memory and time at scale; BENCH_CONTACTS=<n>[,<n>...]).
// BENCH_REQUESTS=<n> changes the requests per row (default 100), BENCH_ROUNDS=<n> how many times
// every row is measured (default 1), BENCH_ONLY=<regex> which start nodes (by label; the two
// Webhook node references always run). BENCH_N8N_VARIANT_ENV="NAME=value ..." starts a second n8n
// with those settings and measures every row on both (for example
// BENCH_N8N_VARIANT_ENV="N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true"). Extra arguments go to jest.
import { ensureRuntime } from './n8n-runtime.mjs';
import { run, runMain, step } from './steps.mjs';

runMain(async () => {
	await step('Build (npm run build)', () => run('npm', ['run', '--silent', 'build']));
	await step('n8n runtime (installed once per machine)', async () => {
		console.log(`    ${(await ensureRuntime()).root}`);
	});
	// The project exists only with BENCH_N8N=1 (see jest.config.js). --selectProjects goes last: it
	// takes several values and would swallow a path given after it.
	// One benchmark file at a time, in band: two at once would share (and disturb) the same n8n.
	const scale = process.argv.includes('--scale');
	const file = scale ? 'test/bench/scale.bench.ts' : 'test/bench/triggers.bench.ts';
	const jestArgs = process.argv.slice(2).filter((arg) => arg !== '--scale');
	await step(`Benchmark (jest project bench, ${file})`, () =>
		run('npx', ['--no-install', 'jest', file, '--runInBand', ...jestArgs, '--selectProjects', 'bench'], {
			// The generic way's Code nodes check signatures with `require('crypto')`, which n8n's task
			// runner allows only when it is listed here (n8n passes this variable to the runner).
			// N8N_METRICS: the benchmark reads n8n's expression-engine counters from /metrics (isolates
			// acquired per request); the same on every instance.
			env: {
				...process.env,
				BENCH_N8N: '1',
				// The scale benchmark reads n8n's heap through the V8 inspector (test/bench/inspector.mjs).
				...(scale ? { BENCH_N8N_INSPECT: '1' } : {}),
				NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
				BENCH_N8N_ENV: `N8N_METRICS=true ${process.env.BENCH_N8N_ENV ?? ''}`.trim(),
			},
		}),
	);
});
