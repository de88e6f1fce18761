// Two projects: `unit` (fast, fake servers on loopback) and `e2e` (a real n8n, see test/e2e/).
// dist/package.json (tsc copies package.json) is hidden from jest's module map: same package name.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
			globalSetup: '<rootDir>/test/e2e/harness/globalSetup.js',
			globalTeardown: '<rootDir>/test/e2e/harness/globalTeardown.js',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/harness/setup.ts'],
			slowTestThreshold: 120,
		},
	],
};
