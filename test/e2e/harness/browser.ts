// The n8n editor in headless Chromium (Debian's `chromium` package, driven by playwright-core; no
// browser download), signed in as the owner of this jest run's n8n. Screenshots go to
// .test-tmp/screenshots/ (git-ignored) for people to look at.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

import type { N8nConnection } from './n8n';

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => !!path);

export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', '.test-tmp', 'screenshots');

// Flags for a quiet, offline, root-run headless browser: no sandbox (root), no GPU, no background
// traffic to Google services, a fresh profile per run.
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export function chromiumPath(): string {
	const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
	if (!found) {
		throw new Error(
			`No Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}). Install Debian's package: ` +
				'`apt-get install -y chromium` (.ci/run does this), or set CHROMIUM_PATH to a Chromium binary.',
		);
	}
	return found;
}

export interface Editor {
	page: Page;
	/** Saves a full-page screenshot as .test-tmp/screenshots/<name>.png. */
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

/** Chromium signed in to n8n through the sign-in form, like a user. */
export async function openEditor(connection: N8nConnection): Promise<Editor> {
	// n8n marks its elements with data-test-id (not playwright's default data-testid).
	selectors.setTestIdAttribute('data-test-id');
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const profile = mkdtempSync(join(tmpdir(), 'n8n-editor-chromium-'));
	let context: BrowserContext;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: chromiumPath(),
			headless: true,
			args: CHROMIUM_FLAGS,
			viewport: { width: 1440, height: 900 },
		});
	} catch (error) {
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
	context.setDefaultTimeout(60_000);
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(`${connection.baseUrl}/signin`);
	await page.getByLabel(/email/i).first().fill(connection.owner.email);
	await page.getByLabel(/password/i).first().fill(connection.owner.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.includes('signin'));
	return {
		page,
		async screenshot(name) {
			const file = join(SCREENSHOT_DIR, `${name}.png`);
			await page.screenshot({ path: file });
			return file;
		},
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
