// Projects: `unit` (fast, fake servers on loopback), `e2e` (a real n8n, see test/e2e/), `queue` (n8n in
// queue mode, see test/queue/) and `bench`
// (figures from a real n8n, test/bench/; slow, asserts no speed). `bench` exists only when
// BENCH_N8N=1 is set (what `npm run bench:n8n` does), so plain `npx jest`, and so `npm test`,
// never runs it.
// dist/package.json (tsc copies package.json) is hidden from jest's module map: same package name.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

/** What the projects that talk to a real n8n share: one n8n per jest run, started by globalSetup. */
const realN8n = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
	globalSetup: '<rootDir>/test/e2e/harness/globalSetup.js',
	globalTeardown: '<rootDir>/test/e2e/harness/globalTeardown.js',
	setupFilesAfterEnv: ['<rootDir>/test/e2e/harness/setup.ts'],
	slowTestThreshold: 120,
};

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
		},
		{ displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], ...realN8n },
		// n8n in queue mode (PostgreSQL, Redis, main, 2 workers, 2 webhook processes, a load balancer).
		{
			displayName: 'queue',
			testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
			...realN8n,
			globalSetup: '<rootDir>/test/queue/harness/globalSetup.js',
			globalTeardown: '<rootDir>/test/queue/harness/globalTeardown.js',
		},
		...(process.env.BENCH_N8N === '1' ? [{ displayName: 'bench', testMatch: ['<rootDir>/test/bench/**/*.bench.ts'], ...realN8n }] : []),
	],
};
