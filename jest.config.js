// Two projects: `unit` (fast, fake servers on loopback) and `e2e` (a real n8n, see test/e2e/).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/e2e/harness/globalSetup.js',
			globalTeardown: '<rootDir>/test/e2e/harness/globalTeardown.js',
			slowTestThreshold: 120,
		},
	],
};
