// Chromium for the editor test (test/e2e/editor.test.ts): Debian's `chromium` package, driven by
// playwright-core, which downloads no browser. Installed with apt-get when missing and allowed
// (root on a Debian-like system, as in CI); otherwise a clear message says how to get it.
import { existsSync } from 'node:fs';
import { aptInstall, canInstallWithApt } from './apt.mjs';

const CANDIDATES = () => [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);

export function findChromium() {
	return CANDIDATES().find((path) => existsSync(path));
}

/** The path of a Chromium binary, installing Debian's package first when missing. */
export function ensureChromium({ log = console.log } = {}) {
	const found = findChromium();
	if (found) return found;
	if (!canInstallWithApt()) {
		throw new Error(
			'The editor test needs Chromium and none was found. Install Debian\'s package (`sudo apt-get install -y chromium`) ' +
				'or set CHROMIUM_PATH to a Chromium binary.',
		);
	}
	aptInstall(['chromium'], { log });
	const installed = findChromium();
	if (!installed) throw new Error('apt-get installed chromium, but /usr/bin/chromium is still missing');
	return installed;
}
