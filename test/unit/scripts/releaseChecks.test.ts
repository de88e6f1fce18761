// The two release checks `npm test` runs can fail: the workflow lint (scripts/lint-workflows.mjs)
// on a schema error or a publish workflow without provenance, and the scanner lint
// (scripts/scan.mjs) on code n8n's scanner refuses. On this repository both pass in `npm test`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..');
const run = (script: string, args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], { encoding: 'utf8' });

let folder: string;
beforeEach(() => {
	folder = mkdtempSync(join(tmpdir(), 'release-checks-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('workflow lint', () => {
	const workflows = join(ROOT, '.github', 'workflows');

	it("passes the repository's workflows", () => {
		const result = run('lint-workflows.mjs', [workflows]);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});

	it('refuses a schema error and a publish workflow without id-token: write', () => {
		writeFileSync(join(folder, 'ci.yml'), readFileSync(join(workflows, 'ci.yml'), 'utf8').replace('runs-on:', 'runs-onn:'));
		writeFileSync(join(folder, 'publish.yml'), readFileSync(join(workflows, 'publish.yml'), 'utf8').replace('id-token: write', 'id-token: read'));
		const result = run('lint-workflows.mjs', [folder]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/ci\.yml: .*Additional property 'runs-onn' is not allowed/);
		expect(result.stderr).toMatch(/publish\.yml: needs `permissions: id-token: write`/);
	});

	it('says which required workflow is missing', () => {
		copyFileSync(join(workflows, 'ci.yml'), join(folder, 'ci.yml'));
		const result = run('lint-workflows.mjs', [folder]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/publish\.yml: missing/);
	});
});

describe('scanner lint', () => {
	it('fails a node that reads process.env and logs to the console, naming the rules', () => {
		mkdirSync(join(folder, 'nodes', 'Bad'), { recursive: true });
		copyFileSync(join(ROOT, 'package.json'), join(folder, 'package.json'));
		writeFileSync(join(folder, 'nodes', 'Bad', 'Bad.node.js'), 'export const home = process.env.HOME;\nconsole.log(home);\n');
		const result = run('scan.mjs', ['--source', folder, '--tarball', folder]);
		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(/FAILED: source/);
		expect(result.stdout).toMatch(/FAILED: tarball/);
		expect(result.stdout).toMatch(/@n8n\/community-nodes\/no-restricted-globals/);
		expect(result.stdout).toMatch(/no-console/);
	});
});
