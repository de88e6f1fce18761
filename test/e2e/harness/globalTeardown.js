// jest globalTeardown of the `e2e` project: stops the n8n of this run (its whole process group, task
// runners included) and removes its user folder and nodes folder. The n8n log stays in .test-tmp/.
const { rmSync } = require('node:fs');

async function globalTeardown() {
	const state = globalThis.__N8N_E2E__;
	if (!state) return;
	const instance = await import('../../../scripts/n8n-instance.mjs');
	// Usually one n8n; the benchmark may have started a second (see globalSetup.js).
	for (const { connection, killOnExit } of state.instances) {
		await instance.stopProcessGroup(connection.pid);
		process.removeListener('exit', killOnExit);
		rmSync(connection.runDir, { recursive: true, force: true });
		rmSync(connection.nodesStore, { recursive: true, force: true });
		process.stdout.write(`[e2e] n8n stopped; its log: ${connection.logFile}\n`);
	}
	delete globalThis.__N8N_E2E__;
}

module.exports = globalTeardown;
