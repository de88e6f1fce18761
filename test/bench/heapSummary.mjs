// Summarises a V8 heap snapshot (written by `node test/bench/inspector.mjs <ws url> snapshot <file>`):
// the total size of the objects of each kind (V8 type and constructor or string), largest first.
//   node test/bench/heapSummary.mjs <file.heapsnapshot> [rows]
// Enough to see what fills n8n's heap (execution data, strings, code) without a browser's DevTools.
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
	console.error('usage: node heapSummary.mjs <file.heapsnapshot> [rows]');
	process.exit(2);
}
let snapshot;
try {
	snapshot = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
	// Node cannot hold a string of more than about 512 MiB: larger snapshots need DevTools (Memory tab, Load).
	console.error(`cannot read ${file} as one JSON text (${error.message}); open it in Chrome DevTools' Memory tab instead`);
	process.exit(1);
}
const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
const { nodes, strings } = snapshot;
const width = fields.length;
const typeAt = fields.indexOf('type');
const nameAt = fields.indexOf('name');
const sizeAt = fields.indexOf('self_size');

const byKind = new Map();
let total = 0;
for (let index = 0; index < nodes.length; index += width) {
	const type = types[nodes[index + typeAt]];
	const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '(strings)' : strings[nodes[index + nameAt]].slice(0, 60);
	const key = `${type} ${name}`;
	const size = nodes[index + sizeAt];
	total += size;
	const entry = byKind.get(key) ?? { count: 0, size: 0 };
	entry.count++;
	entry.size += size;
	byKind.set(key, entry);
}
const MiB = 1024 * 1024;
console.log(`${(total / MiB).toFixed(1)} MiB in ${nodes.length / width} objects`);
for (const [key, { count, size }] of [...byKind].sort((a, b) => b[1].size - a[1].size).slice(0, Number(rowsArg ?? 25))) {
	console.log(`${(size / MiB).toFixed(1).padStart(8)} MiB ${String(count).padStart(9)}  ${key}`);
}
