// Lints the GitHub Actions workflows (.github/workflows/*.yml) against GitHub's workflow schema with
// @action-validator/core (the action-validator checker compiled to WebAssembly: no binary to
// download), then checks what publishing to n8n needs: a publish workflow that runs on version
// tags and publishes with an npm provenance statement (id-token: write), and CI running .ci/run.
// Run by `npm test`; alone: `node scripts/lint-workflows.mjs`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { repoRoot } from './ensure-deps.mjs';

const require = createRequire(import.meta.url);

/** What the project's own workflows must contain (schema-valid YAML alone would not catch these). */
const REQUIRED = {
	'ci.yml': [[/^\s*- run: \.ci\/run\s*$/m, 'a step `- run: .ci/run` (the README\'s test command on a fresh clone)']],
	'publish.yml': [
		[/^\s*tags:\s*\[\s*'v\*'\s*\]\s*$/m, "a trigger on version tags: `tags: ['v*']`"],
		[/^\s*id-token:\s*write\b/m, '`permissions: id-token: write` (signs the provenance statement)'],
		[/^\s*- run: npm publish --provenance --access public\s*$/m, 'a step `- run: npm publish --provenance --access public`'],
		[/uses: actions\/setup-node@/, 'Node set up with actions/setup-node'],
	],
};

/** Problems found in the workflow folder, as readable lines; empty when all is well. */
export function lintWorkflows(folder = join(repoRoot, '.github', 'workflows')) {
	const { validateWorkflow } = require('@action-validator/core');
	const problems = [];
	const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
	for (const name of Object.keys(REQUIRED)) if (!files.includes(name)) problems.push(`${name}: missing`);
	for (const name of files) {
		const file = join(folder, name);
		const text = readFileSync(file, 'utf8');
		const shown = file.startsWith(repoRoot) ? relative(repoRoot, file) : file;
		const { errors } = validateWorkflow(text);
		for (const error of errors) problems.push(`${shown}: ${describe(error)}`);
		for (const [pattern, what] of REQUIRED[name] ?? []) if (!pattern.test(text)) problems.push(`${shown}: needs ${what}`);
	}
	return { files, problems };
}

/** action-validator nests schema errors (oneOf states); the innermost details say what is wrong. */
function describe(error) {
	const details = [];
	const walk = (entry) => {
		if (entry.detail) details.push(`${entry.path || '/'}: ${entry.detail}`);
		for (const state of entry.states ?? []) for (const inner of state.errors ?? []) walk(inner);
	};
	walk(error);
	return details.length > 0 ? [...new Set(details)].join('; ') : `${error.path || '/'}: ${error.title ?? error.code}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const { files, problems } = lintWorkflows(process.argv[2]);
	if (problems.length > 0) {
		console.error(`Workflow lint failed:\n${problems.map((line) => `  ${line}`).join('\n')}`);
		process.exit(1);
	}
	console.log(`    ${files.length} workflow files valid (${files.join(', ')})`);
}
