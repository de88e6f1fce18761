// jest globalTeardown of the `queue` project: stops every process of the stack (tests may have
// restarted n8n processes: their current pids are in the connection file) and removes its folder.
const { readFileSync, rmSync } = require('node:fs');

async function globalTeardown() {
	const state = globalThis.__N8N_QUEUE__;
	if (!state) return;
	const queue = await import('../../../scripts/queue-stack.mjs');
	try {
		const { processes } = JSON.parse(readFileSync(state.connectionFile, 'utf8'));
		for (const member of state.stack.processes) member.pid = processes.find((saved) => saved.name === member.name)?.pid ?? member.pid;
	} catch {
		// keep the pids the stack started with
	}
	await queue.stopQueueStack(state.stack);
	if (process.env.N8N_QUEUE_KEEP !== '1') rmSync(state.stack.dir, { recursive: true, force: true });
	delete globalThis.__N8N_QUEUE__;
	process.stdout.write('[queue] queue-mode stack stopped\n');
}

module.exports = globalTeardown;
