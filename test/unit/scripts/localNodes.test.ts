// `npm start` keeps one nodes folder per clone in <cache>/local-nodes/<id>; it removes the folders of
// clones that are gone (scripts/local-instance.mjs, removeStaleNodesStores), and only those.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCAL_INSTANCE = join(__dirname, '..', '..', '..', 'scripts', 'local-instance.mjs');

let cache: string;
beforeEach(() => {
	cache = mkdtempSync(join(tmpdir(), 'local-nodes-'));
});
afterEach(() => rmSync(cache, { recursive: true, force: true }));

function store(name: string, owner?: string) {
	const folder = join(cache, 'local-nodes', name);
	mkdirSync(join(folder, 'node_modules'), { recursive: true });
	if (owner !== undefined) writeFileSync(join(folder, '.owner.json'), JSON.stringify({ repoRoot: owner }));
	return folder;
}

function cloneLinkedTo(folder: string) {
	const clone = join(cache, `clone-${Math.random().toString(16).slice(2)}`);
	mkdirSync(join(clone, '.n8n-local', '.n8n'), { recursive: true });
	symlinkSync(folder, join(clone, '.n8n-local', '.n8n', 'nodes'), 'dir');
	return clone;
}

it('removes the folders of deleted or relinked clones, keeps live ones and unrecorded ones', () => {
	const gone = store('gone', join(cache, 'deleted-clone'));
	const live = store('live');
	writeFileSync(join(live, '.owner.json'), JSON.stringify({ repoRoot: cloneLinkedTo(live) }));
	const relinked = store('relinked');
	writeFileSync(join(relinked, '.owner.json'), JSON.stringify({ repoRoot: cloneLinkedTo(store('elsewhere')) }));
	const unrecorded = store('unrecorded');

	const script = `import(${JSON.stringify(LOCAL_INSTANCE)}).then((m) => console.log(JSON.stringify(m.removeStaleNodesStores())))`;
	const removed = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, N8N_RUNTIME_CACHE: cache } })) as string[];

	expect(removed.sort()).toEqual([gone, relinked].sort());
	expect(existsSync(gone)).toBe(false);
	expect(existsSync(relinked)).toBe(false);
	expect(existsSync(live)).toBe(true);
	expect(existsSync(unrecorded)).toBe(true);
});
