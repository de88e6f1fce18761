// The lint n8n's community-package scanner runs, here and now. `npx @n8n/scan-community-package
// <package>` downloads a published version and the source commit its npm provenance names, then
// lints (1) the source's package.json and nodes/ + credentials/ files and (2) the tarball's
// JavaScript and package.json. This script runs the scanner's own code (its exported
// analyzePackage and SOURCE_FILE_PATTERNS, with its own pinned lint plugins) on this repository
// and on the tarball `npm pack` makes from dist/ now, so a release cannot fail the scan for lint.
// Needs a build first (npm test builds before it). Alone: `node scripts/scan.mjs`; or
// `node scripts/scan.mjs --source <dir> --tarball <dir>` to lint other folders.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from './ensure-deps.mjs';

const require = createRequire(import.meta.url);
// Read when asked, not when this file is imported: `npm test` imports it before it installs the
// dev dependencies on a fresh clone.
export const scannerVersion = () => require('@n8n/scan-community-package/package.json').version;

async function loadScanner() {
	// The scanner makes a temporary folder when it loads (for downloads we never make): have it
	// removed when this process exits.
	require('tmp').setGracefulCleanup();
	return import('@n8n/scan-community-package/scanner/scanner.mjs');
}

/** `npm pack`s the repository as it is now and unpacks the tarball; returns its folder. */
function packedPackage() {
	const folder = mkdtempSync(join(tmpdir(), 'enrichment-webhooks-scan-'));
	const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
	const unpacked = join(folder, 'package');
	execFileSync('tar', ['-xzf', join(folder, filename), '-C', folder]);
	return { unpacked, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Lints the source folder and the unpacked tarball as the scanner does; `{ passed, report }`. */
export async function scan({ source = repoRoot, tarball } = {}) {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await loadScanner();
	const packed = tarball ? undefined : packedPackage();
	try {
		const results = [
			['source (package.json, nodes/, credentials/)', await analyzePackage(source, SOURCE_FILE_PATTERNS)],
			['tarball (its JavaScript and package.json)', await analyzePackage(tarball ?? packed.unpacked, ['**/*.js', 'package.json'])],
		];
		const report = results.map(([what, result]) => `    ${result.passed ? 'passed' : 'FAILED'}: ${what}${result.passed ? '' : `: ${result.message}\n${result.details ?? ''}`}`);
		return { passed: results.every(([, result]) => result.passed), report: report.join('\n') };
	} finally {
		packed?.cleanup();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const { values } = parseArgs({ options: { source: { type: 'string' }, tarball: { type: 'string' } } });
	scan(values).then(
		({ passed, report }) => {
			console.log(`    @n8n/scan-community-package ${scannerVersion()} lint rules:\n${report}`);
			if (!passed) process.exit(1);
		},
		(error) => {
			console.error(`scanner lint could not run: ${error.message}`);
			process.exit(1);
		},
	);
}
