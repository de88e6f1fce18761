// Restarts n8n processes of a running queue-mode test stack by name, and writes their new pids back
// into the stack's connection file: `node scripts/queue-restart.mjs <connection.json> webhook1 ...`.
// A script of its own because jest's test files cannot import ES modules (test/queue/harness/queue.ts).
import { readFileSync, writeFileSync } from 'node:fs';

import { restartN8nProcesses } from './queue-stack.mjs';

const [connectionFile, ...names] = process.argv.slice(2);
if (!connectionFile || names.length === 0) {
	console.error('usage: node scripts/queue-restart.mjs <connection.json> <process name>...');
	process.exit(2);
}
const connection = JSON.parse(readFileSync(connectionFile, 'utf8'));
const unknown = names.filter((name) => !connection.processes.some((member) => member.name === name));
if (unknown.length > 0) {
	console.error(`no process named ${unknown.join(', ')} in ${connectionFile} (known: ${connection.processes.map((member) => member.name).join(', ')})`);
	process.exit(2);
}
await restartN8nProcesses({ processes: connection.processes }, names, (line) => console.log(`[queue] ${line}`));
writeFileSync(connectionFile, `${JSON.stringify(connection, null, 2)}\n`);
