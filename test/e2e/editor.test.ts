// What a user sees of the package in the real n8n 2.41.1 editor, in headless Chromium: each app
// found in the node creator (by name and by an alias), its trigger entries, each trigger's panel
// (notices, docs link, Test URL) and a test event sent the way its notice says, action nodes'
// canvas subtitles and fields, and credential tests. Screenshots: .test-tmp/screenshots/.
import { createHash, randomUUID } from 'node:crypto';

import type { INodePropertyOptions, INodeType } from 'n8n-workflow';
import type { Page } from 'playwright-core';

import { FullEnrichTrigger } from '../../nodes/FullEnrich/FullEnrichTrigger.node';
import { IdwiseTrigger } from '../../nodes/IDWise/IdwiseTrigger.node';
import { SurfeTrigger } from '../../nodes/Surfe/SurfeTrigger.node';
import { WizaTrigger } from '../../nodes/Wiza/WizaTrigger.node';
import { FakeIdwise } from '../fakes/idwise';
import { FakeSurfe } from '../fakes/surfe';
import { FakeWiza } from '../fakes/wiza';
import { openEditor, type Editor } from './harness/browser';
import { connectN8n, type N8nClient } from './harness/n8n';
import { node } from './harness/workflows';

const REPOSITORY_DOCS = 'https://github.com/enrichment-webhooks/n8n-nodes-enrichment-webhooks/blob/main/docs/';
const WIZA_KEY = 'wiza-editor-key';
const IDWISE_TOKEN = 'idwise-editor-token';

interface App {
	name: string;
	/** A word a user may search for that is not in the app's name (codex alias). */
	alias: string;
	trigger: INodeType;
	docsPage: string;
	/** The trigger entry to open, and what its canvas subtitle must then read. */
	entry: string;
	subtitle: string;
}

const APPS: App[] = [
	{ name: 'Wiza', alias: 'email finder', trigger: new WizaTrigger(), docsPage: 'wiza.md', entry: 'On reveal finished', subtitle: 'Reveal finished' },
	{ name: 'FullEnrich', alias: 'waterfall', trigger: new FullEnrichTrigger(), docsPage: 'fullenrich.md', entry: 'On batch finished', subtitle: 'Batch finished' },
	{ name: 'Surfe', alias: 'LinkedIn', trigger: new SurfeTrigger(), docsPage: 'surfe.md', entry: 'On any Surfe event', subtitle: 'Any event' },
	{ name: 'IDWise', alias: 'identity verification', trigger: new IdwiseTrigger(), docsPage: 'idwise.md', entry: 'On journey finished', subtitle: 'Finished journey' },
];

const eventActions = (trigger: INodeType): string[] =>
	(trigger.description.properties.find((field) => field.name === 'events')!.options as INodePropertyOptions[]).map((option) => option.action!);

let n8n: N8nClient;
let editor: Editor;
let page: Page;
let wiza: FakeWiza;
let idwise: FakeIdwise;
let surfe: FakeSurfe;
const seen: string[] = [];

beforeAll(async () => {
	n8n = await connectN8n();
	wiza = new FakeWiza({ apiKey: WIZA_KEY });
	await wiza.start();
	idwise = await new FakeIdwise().start();
	surfe = await new FakeSurfe().start();
	// One credential per type: n8n selects it by itself in a new node, as for a user with one account.
	await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: WIZA_KEY, baseUrl: wiza.baseUrl }, 'Wiza account');
	await n8n.createCredential('enrichmentWebhooksIdwiseWebhookApi', { authType: 'bearerToken', token: IDWISE_TOKEN }, 'IDWise webhook');
	editor = await openEditor(n8n.connection);
	page = editor.page;
});

afterAll(async () => {
	await editor?.close();
	await Promise.all([wiza?.close(), idwise?.close(), surfe?.close()]);
	process.stdout.write(`[editor] what the browser showed:\n${seen.map((line) => `  ${line}`).join('\n')}\n`);
});

async function newWorkflowWithCreatorOpen(): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').waitFor();
}

/** Types into the node creator's search; returns every entry shown once `expected` is among them. */
async function search(text: string, expected: string): Promise<Array<{ name: string; description: string }>> {
	await page.getByTestId('node-creator-search-bar').fill(text);
	const names = page.getByTestId('node-creator-item-name');
	await names.filter({ hasText: new RegExp(`^${expected}$`) }).first().waitFor();
	// Runs in the page; typed structurally (the test project has no DOM types).
	type Element = { innerText: string; parentElement: Element | null; querySelector(selector: string): { innerText: string } | null };
	return await names.evaluateAll((elements: Element[]) =>
		elements.map((element) => {
			let entry: Element | null = element.parentElement;
			while (entry && !entry.querySelector('[data-test-id="node-creator-item-description"]')) entry = entry.parentElement;
			return { name: element.innerText.trim(), description: entry?.querySelector('[data-test-id="node-creator-item-description"]')?.innerText.trim() ?? '' };
		}),
	);
}

/** Opens an app's trigger from the node creator by one of its entries; returns the entries shown. */
async function openTriggerEntry(app: App): Promise<string[]> {
	await search(app.name, app.name);
	await page.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${app.name}$`) }).first().click();
	const entries = page.getByTestId('node-creator-item-name');
	await entries.filter({ hasText: app.entry }).first().waitFor();
	const shown = (await entries.allInnerTexts()).map((text) => text.trim());
	await entries.filter({ hasText: new RegExp(`^${app.entry}$`) }).first().click();
	await page.getByTestId('ndv').waitFor();
	return shown;
}

async function testUrlInPanel(): Promise<string> {
	await page.getByText('Webhook URLs').click();
	const ndvText = await page.getByTestId('ndv').innerText();
	const url = /https?:\/\/\S+\/webhook-test\/\S+/.exec(ndvText)?.[0];
	if (!url) throw new Error(`The trigger panel shows no Test URL:\n${ndvText.slice(0, 2000)}`);
	return url;
}

describe.each(APPS)('$name in the node creator and the trigger panel', (app) => {
	it('is found by its name and by an alias, with its one-line description', async () => {
		await newWorkflowWithCreatorOpen();
		const byAlias = await search(app.alias, app.name);
		await editor.screenshot(`${app.name.toLowerCase()}-1-search-${app.alias.replace(/\s+/g, '-')}`);
		expect(byAlias).toContainEqual({ name: app.name, description: app.trigger.description.description });
		const byName = await search(app.name, app.name);
		expect(byName).toContainEqual({ name: app.name, description: app.trigger.description.description });
		seen.push(`${app.name}: search "${app.alias}" -> ${byAlias.map((item) => item.name).join(', ')}; description "${app.trigger.description.description}"`);
	});

	it('lists its trigger entries by event, opens one, and the panel says how to test and links the docs page', async () => {
		await newWorkflowWithCreatorOpen();
		const entries = await openTriggerEntry(app);
		expect(entries).toEqual(expect.arrayContaining(eventActions(app.trigger)));
		await page.getByText('Test URL').first().waitFor();
		const ndvText = await page.getByTestId('ndv').innerText();
		expect(ndvText).toContain('To test: click Execute step');
		expect(ndvText).toContain('Production URL');
		const docs = await page.getByRole('link', { name: /docs/i }).first().getAttribute('href');
		// n8n appends its utm query; a page link without #anchor still opens the app's page.
		expect(docs).toMatch(new RegExp(`^${REPOSITORY_DOCS.replace(/[.]/g, '\\.')}${app.docsPage.replace('.', '\\.')}(\\?|$)`));
		expect(docs).not.toContain('#');
		await editor.screenshot(`${app.name.toLowerCase()}-2-trigger-panel`);
		await page.getByTestId('ndv-close-button').click();
		const canvasNode = await page.getByTestId('canvas-node').first().innerText();
		expect(canvasNode).toContain(app.subtitle);
		await editor.screenshot(`${app.name.toLowerCase()}-3-canvas`);
		seen.push(`${app.name}: entries ${entries.join(' | ')}; docs ${docs}; canvas "${canvasNode.replace(/\s+/g, ' ')}"`);
	});
});

describe('a test event, the way the trigger notice says', () => {
	async function listenAndSend(app: App, send: (testUrl: string) => Promise<Response>): Promise<string> {
		await newWorkflowWithCreatorOpen();
		await openTriggerEntry(app);
		const testUrl = await testUrlInPanel();
		await page.getByTestId('node-execute-button').click();
		await page.getByTestId('trigger-listening').waitFor();
		await editor.screenshot(`${app.name.toLowerCase()}-4-listening`);
		const response = await send(testUrl);
		expect(response.status).toBe(200);
		await page.getByTestId('output-panel').getByText('1 item').waitFor();
		await editor.screenshot(`${app.name.toLowerCase()}-5-test-event`);
		const output = await page.getByTestId('output-panel').innerText();
		seen.push(`${app.name}: Execute step, POST to ${new URL(testUrl).pathname} -> ${response.status}, output: ${output.replace(/\s+/g, ' ').slice(0, 160)}`);
		return output;
	}

	it('Wiza: Execute step, then a sample callback to the Test URL signed with the API key, shows the contact', async () => {
		const output = await listenAndSend(APPS[0], (testUrl) =>
			fetch(testUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-auth-key': createHash('sha256').update(WIZA_KEY).digest('hex') },
				body: JSON.stringify({
					status: { code: 200, message: 'Single reveal finished' },
					type: 'individual_reveal',
					data: { id: 31, status: 'finished', is_complete: true, name: 'Ada Example', email: 'ada@example.com' },
				}),
			}),
		);
		expect(output).toContain('ada@example.com');
	});

	it('IDWise: Execute step, then a sample event with the webhook credential, shows the event', async () => {
		const output = await listenAndSend(APPS[3], (testUrl) =>
			fetch(testUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${IDWISE_TOKEN}` },
				body: JSON.stringify({ event: 'Finished Journey', body: { journeyId: 'journey-editor-1', eventId: randomUUID(), referenceNo: 'customer-1' } }),
			}),
		);
		expect(output).toContain('journey-editor-1');
	});
});

describe('action nodes on the canvas and in their panel', () => {
	it('show readable subtitles, placeholders in one style, and notices above the fields', async () => {
		const workflow = await n8n.createWorkflow({
			name: `editor actions ${randomUUID()}`,
			nodes: [
				node({ name: 'Wiza', type: n8n.nodeType('wiza'), position: [0, 0], parameters: { resource: 'individualReveal', operation: 'revealAndWait' } }),
				node({ name: 'Surfe', type: n8n.nodeType('surfe'), position: [300, 0], parameters: { resource: 'person', operation: 'enrich' } }),
				node({ name: 'FullEnrich', type: n8n.nodeType('fullEnrich'), position: [600, 0], parameters: { resource: 'contact', operation: 'enrich' } }),
				node({ name: 'IDWise', type: n8n.nodeType('idwise'), position: [900, 0], parameters: { resource: 'journey', operation: 'start' } }),
			],
			connections: {},
		});
		await page.goto(`${n8n.baseUrl}/workflow/${workflow.id}`);
		await page.getByTestId('canvas-node').first().waitFor();
		const canvas = (await page.getByTestId('canvas-node').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
		await editor.screenshot('actions-1-canvas');
		expect(canvas).toEqual(
			expect.arrayContaining([
				expect.stringContaining('Individual Reveal: Reveal and Wait'),
				expect.stringContaining('Person: Enrich'),
				expect.stringContaining('Contact: Enrich'),
				expect.stringContaining('Journey: Start'),
			]),
		);
		seen.push(`canvas subtitles: ${canvas.join(' | ')}`);

		await page.getByTestId('canvas-node').filter({ hasText: 'Surfe' }).first().dblclick();
		await page.getByTestId('ndv').waitFor();
		const placeholders = await page
			.getByTestId('ndv')
			.locator('[data-test-id^="parameter-input-"] input[placeholder]:not([readonly]), [data-test-id^="parameter-input-"] textarea[placeholder]')
			// Drop-downs ("Select") are n8n's own; the typed-in fields carry our placeholders.
			.evaluateAll((inputs: Array<{ placeholder: string }>) => inputs.map((input) => input.placeholder).filter((text) => text !== '' && text !== 'Select'));
		await editor.screenshot('actions-2-surfe-enrich');
		expect(placeholders.length).toBeGreaterThan(2);
		for (const placeholder of placeholders) expect(placeholder).toMatch(/^e\.g\. /);
		const ndvText = await page.getByTestId('ndv').innerText();
		// The notice about what Surfe needs comes before the first field it explains.
		expect(ndvText.indexOf('Surfe needs, for each person')).toBeLessThan(ndvText.indexOf('First Name'));
		seen.push(`Surfe Person: Enrich placeholders: ${placeholders.join(' | ')}`);
	});
});

describe('credential tests in the credential dialog', () => {
	/** Opens a saved credential; n8n tests it then. Returns the dialog's text with the details shown. */
	async function openCredential(name: string): Promise<string> {
		await page.goto(`${n8n.baseUrl}/home/credentials`);
		await page.getByText(name, { exact: true }).first().click();
		const dialog = page.getByTestId('editCredential-modal');
		await dialog.getByText(/Connection tested successfully|Couldn.t connect with these settings/).filter({ visible: true }).first().waitFor();
		const details = dialog.getByText('More details');
		if (await details.isVisible()) await details.click();
		return (await dialog.innerText()).replace(/\s+/g, ' ');
	}

	it('IDWise: a working key shows as success (the "journey not found" answer proves the key)', async () => {
		await n8n.createCredential('enrichmentWebhooksIdwiseApi', { region: 'custom', customBaseUrl: idwise.baseUrl, apiKey: idwise.apiKey, apiSecret: idwise.apiSecret }, 'IDWise good key');
		const text = await openCredential('IDWise good key');
		await editor.screenshot('credential-1-idwise-success');
		expect(text).toContain('Connection tested successfully');
		seen.push(`IDWise good key: ${/Connection tested successfully/.exec(text)?.[0]}`);
	});

	it('Wiza: a refused key says what to check', async () => {
		await n8n.createCredential('enrichmentWebhooksWizaApi', { apiKey: 'not-the-key', baseUrl: wiza.baseUrl }, 'Wiza wrong key');
		const text = await openCredential('Wiza wrong key');
		await editor.screenshot('credential-2-wiza-401');
		expect(text).toContain('Wiza refused the credential (401). Check the API key');
		seen.push(`Wiza wrong key: ${/Wiza refused[^.]*\.[^.]*\./.exec(text)?.[0]}`);
	});

	it('Surfe: an unreachable Base URL says so and what to check', async () => {
		const closedPort = `http://127.0.0.1:${await unusedPort()}`;
		await n8n.createCredential('enrichmentWebhooksSurfeApi', { apiKey: surfe.apiKey, baseUrl: closedPort }, 'Surfe unreachable');
		const text = await openCredential('Surfe unreachable');
		await editor.screenshot('credential-3-surfe-unreachable');
		expect(text).toContain(`Could not reach Surfe at ${closedPort}`);
		expect(text).toContain('Check the Base URL');
		seen.push(`Surfe unreachable: ${/Could not reach[^]*?DNS\./.exec(text)?.[0]}`);
	});
});

async function unusedPort(): Promise<number> {
	const { createServer } = await import('node:net');
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
