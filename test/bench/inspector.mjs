// Asks a Node process started with --inspect for its memory, through the V8 inspector protocol:
//   node inspector.mjs <ws://...> memory      -> {"pid": ..., "memoryUsage": process.memoryUsage()} as JSON
//   node inspector.mjs <ws://...> gc          -> forces a full garbage collection (twice), then the same
//   node inspector.mjs <ws://...> snapshot <file> -> forces a collection, writes a heap snapshot to <file>
//   node inspector.mjs <ws://...> evaluate <expression> -> evaluates the expression in the process (its value
//                                                      is printed as "value"), then forces a collection
// Run with Node 22 or later (its global WebSocket): the benchmark runs it with n8n's own Node.
import { createWriteStream } from 'node:fs';

const [url, command, argument] = process.argv.slice(2);
if (!url || !['memory', 'gc', 'snapshot', 'evaluate'].includes(command)) {
	console.error('usage: node inspector.mjs <ws url> memory|gc|snapshot <file>|evaluate <expression>');
	process.exit(2);
}

const socket = new WebSocket(url);
let nextId = 1;
const waiting = new Map();
const snapshot = command === 'snapshot' ? createWriteStream(argument) : undefined;
socket.addEventListener('message', (event) => {
	const message = JSON.parse(event.data);
	if (message.method === 'HeapProfiler.addHeapSnapshotChunk') snapshot?.write(message.params.chunk);
	const pending = waiting.get(message.id);
	if (!pending) return;
	waiting.delete(message.id);
	if (message.error) pending.reject(new Error(`${message.error.message} (${message.error.code})`));
	else pending.resolve(message.result);
});
const call = (method, params = {}) =>
	new Promise((resolve, reject) => {
		const id = nextId++;
		waiting.set(id, { resolve, reject });
		socket.send(JSON.stringify({ id, method, params }));
	});

await new Promise((resolve, reject) => {
	socket.addEventListener('open', resolve);
	socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)));
});
let value;
if (command === 'evaluate') {
	const evaluated = await call('Runtime.evaluate', { expression: argument, returnByValue: true });
	if (evaluated.exceptionDetails) throw new Error(`the expression threw: ${evaluated.exceptionDetails.exception?.description ?? evaluated.exceptionDetails.text}`);
	value = evaluated.result.value;
}
if (command !== 'memory') {
	// Twice: objects with finalizers or weak references need a second pass to go.
	await call('HeapProfiler.collectGarbage');
	await call('HeapProfiler.collectGarbage');
}
if (command === 'snapshot') {
	await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
	await new Promise((resolve) => snapshot.end(resolve));
}
const { result } = await call('Runtime.evaluate', { expression: `JSON.stringify({ pid: process.pid, memoryUsage: process.memoryUsage(), value: ${JSON.stringify(value ?? null)} })`, returnByValue: true });
process.stdout.write(`${result.value}\n`);
socket.close();
