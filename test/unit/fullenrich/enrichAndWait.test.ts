// Contact > Enrich and Wait and Reverse Email > Start and Wait against the fake FullEnrich, with a
// loopback "n8n" serving the execution's resume URL (test/support/waitingExecution.ts): execute()
// puts the execution to wait, FullEnrich's signed batch callbacks reach the node's webhook(), and
// the execution resumes once, with one item per input item.
import type { IDataObject } from 'n8n-workflow';

import { FullEnrich } from '../../../nodes/FullEnrich/FullEnrich.node';
import { BACKSTOP_MS } from '../../../nodes/shared/timeLimit';
import { FakeFullEnrich, FULLENRICH_TEST_KEY, signFullEnrichBody } from '../../fakes/fullenrich';
import { createWebhookContext } from '../../support/nodeContext';
import { WaitingExecution } from '../../support/waitingExecution';
import { contacts, credentialTypes, credentialsFor } from './support';

jest.setTimeout(30_000);

const TIME_LIMIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const enrichParameters = (items: IDataObject[]) => (itemIndex: number) => ({
	resource: 'contact',
	operation: 'enrichAndWait',
	firstName: items[itemIndex].first_name,
	lastName: items[itemIndex].last_name,
	companyDomain: items[itemIndex].domain,
	enrichFields: ['contact.work_emails'],
	options: { enrichmentName: 'wait test', customFields: { field: [{ key: 'crm_id', value: items[itemIndex].crm_id }] } },
	timeLimit: TIME_LIMIT_MS / 1000,
	timeLimitUnit: 'seconds',
});

async function post(url: string, body: string, headers: Record<string, string>) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
	return { status: response.status, body: (await response.json()) as IDataObject };
}

describe('FullEnrich "... and Wait"', () => {
	const executions: WaitingExecution[] = [];
	const fakes: FakeFullEnrich[] = [];

	async function setUp(executionId: string, items: IDataObject[], parameters: (itemIndex: number) => IDataObject, fakeOptions: ConstructorParameters<typeof FakeFullEnrich>[0] = {}) {
		const fake = await new FakeFullEnrich({ autoProcess: false, ...fakeOptions }).start();
		const execution = await new WaitingExecution({ node: new FullEnrich(), executionId, parameters, credentials: credentialsFor(fake), credentialTypes }).start();
		fakes.push(fake);
		executions.push(execution);
		return { fake, execution };
	}

	afterAll(async () => {
		// Let the time-limit timers of these executions run out (they find the waits ended).
		await sleep(TIME_LIMIT_MS + 500);
		for (const fake of fakes) await fake.close();
		for (const execution of executions) await execution.close();
	});

	it('250 contacts: 3 POSTs to the resume URL, early and forged callbacks do not resume, the last batch resumes once with 250 paired items and no GET', async () => {
		const items = contacts(250);
		const { fake, execution } = await setUp('fe-250', items, enrichParameters(items), {
			outcome: (contact) => ((contact.custom as IDataObject).n8n_item_index === '13' ? 'not_found' : 'found'),
		});
		const startedAt = Date.now();
		const output = await execution.execute(items);

		// Packed like Contact > Enrich, with this execution's resume URL as each batch's webhook.
		const posts = fake.bulkPosts();
		expect(posts.map((request) => ((request.body as IDataObject).data as unknown[]).length)).toEqual([100, 100, 50]);
		for (const request of posts) {
			const body = request.body as IDataObject;
			expect(body.webhook_url).toBe(`${execution.resumeUrl}&event=batch_finished`);
			expect(body.webhook_events).toBeUndefined();
			expect(body.name).toBe('wait test');
		}
		const sent = posts.flatMap((request) => (request.body as IDataObject).data as IDataObject[]);
		expect(sent[42].custom).toEqual({ crm_id: 'crm-42', n8n_item_index: '42', n8n_execution_id: 'fe-250' });

		// The execution waits: n8n's own limit is the backstop, 3 minutes after ours.
		expect(execution.state).toBe('waiting');
		expect(execution.waits).toHaveLength(1);
		expect(execution.waits[0].getTime() - startedAt).toBeGreaterThanOrEqual(TIME_LIMIT_MS + BACKSTOP_MS);
		expect(execution.waits[0].getTime() - startedAt).toBeLessThan(TIME_LIMIT_MS + BACKSTOP_MS + 5_000);
		expect(output).toHaveLength(250);
		output.forEach((item, index) => expect(item).toEqual({ json: expect.objectContaining({ status: 'waiting' }), pairedItem: { item: index } }));
		const enrichmentIds = [...fake.enrichments.keys()];
		expect(output[150].json.jobId).toBe(enrichmentIds[1]);

		// A per-contact callback (signed, IN_PROGRESS) is gathered but does not resume.
		const perContact = JSON.stringify({
			id: enrichmentIds[0],
			name: 'wait test',
			status: 'IN_PROGRESS',
			data: [{ input: {}, custom: { n8n_item_index: '7', n8n_execution_id: 'fe-250' }, contact_info: { most_probable_work_email: { email: 'early@seven.example', status: 'DELIVERABLE' } } }],
		});
		const early = await post(execution.resumeUrl, perContact, { 'x-signature-sha1': signFullEnrichBody(perContact, FULLENRICH_TEST_KEY) });
		expect(early).toEqual({ status: 200, body: { received: true, waitingFor: 250 } });

		// Forged: signed with another key, or altered after signing, or unsigned: 401, no resume.
		const finished = JSON.stringify({ id: enrichmentIds[2], name: 'x', status: 'FINISHED', data: [] });
		expect((await post(execution.resumeUrl, finished, { 'x-signature-sha1': signFullEnrichBody(finished, 'another-key') })).status).toBe(401);
		expect((await post(execution.resumeUrl, finished.replace('"x"', '"y"'), { 'x-signature-sha1': signFullEnrichBody(finished, FULLENRICH_TEST_KEY) })).status).toBe(401);
		expect((await post(execution.resumeUrl, finished, {})).status).toBe(401);
		// A wrong resume token never reaches the node (n8n answers 401 itself).
		const wrongToken = execution.resumeUrl.replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(64)}`);
		expect((await post(wrongToken, finished, { 'x-signature-sha1': signFullEnrichBody(finished, FULLENRICH_TEST_KEY) })).status).toBe(401);
		expect(execution.state).toBe('waiting');

		// FullEnrich works through the batches and calls back once per batch.
		fake.processAll();
		await fake.whenIdle();
		const items250 = await execution.resumed();
		const batchCalls = execution.calls.filter((call) => !call.timeLimitCall).slice(-3);
		expect(batchCalls.map((call) => call.resumed)).toEqual([false, false, true]);
		expect(execution.calls.filter((call) => call.resumed)).toHaveLength(1);

		expect(items250).toHaveLength(250);
		items250.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect((item.json.custom as IDataObject).crm_id).toBe(`crm-${index}`);
		});
		expect(items250[0].json).toMatchObject({ status: 'found', work_email: 'first0.last0@company0.example', enrichment_id: enrichmentIds[0], enrichment_status: 'FINISHED' });
		expect(items250[249].json).toMatchObject({ status: 'found', work_email: 'first249.last249@company4.example', enrichment_id: enrichmentIds[2] });
		expect(items250[13].json).toMatchObject({ status: 'notFound', message: expect.stringContaining('found no email or phone'), work_email: null });
		// The batch callback's result replaces the earlier per-contact one.
		expect(items250[7].json.work_email).toBe('first7.last7@company0.example');

		// No polling: 3 POSTs, no GET; a late retry of a batch callback is refused by n8n (409).
		expect(fake.requests.filter((request) => request.method === 'GET')).toHaveLength(0);
		const last = fake.deliveries[fake.deliveries.length - 1];
		expect((await post(last.url, last.rawBody, { 'x-signature-sha1': last.signature })).status).toBe(409);
	});

	it('makes a contact that cannot be sent a failed item (Continue On Fail) and waits for the others', async () => {
		const items = contacts(4);
		items[2] = { first_name: 'Only', last_name: '', domain: 'example.com', crm_id: 'crm-2' };
		const { fake, execution } = await setUp('fe-bad-input', items, enrichParameters(items));
		const output = await execution.execute(items, true);
		expect(output[2]).toEqual({ json: expect.objectContaining({ status: 'failed', message: expect.stringContaining('last name') }), pairedItem: { item: 2 } });
		expect(((fake.bulkPosts()[0].body as IDataObject).data as unknown[]).length).toBe(3);

		fake.processAll();
		const resumed = await execution.resumed();
		expect(resumed.map((item) => item.json.status)).toEqual(['found', 'found', 'failed', 'found']);
		expect(resumed[2].json).toMatchObject({ message: expect.stringContaining('last name'), errorDescription: expect.any(String) });
	});

	it('without Continue On Fail, a bad contact stops the node before anything is sent or waited for', async () => {
		const items = contacts(3);
		items[1] = { first_name: 'Jane', last_name: 'Doe', crm_id: 'x' };
		const { fake, execution } = await setUp('fe-stop', items, enrichParameters(items));
		await expect(execution.execute(items)).rejects.toMatchObject({ message: expect.stringContaining('company domain or company name missing') });
		expect(fake.bulkPosts()).toHaveLength(0);
		expect(execution.waits).toHaveLength(0);
	});

	it('a batch that ran out of credits resumes with the contacts it holds; the others are notReturned', async () => {
		const items = contacts(3);
		const { fake, execution } = await setUp('fe-credits', items, enrichParameters(items), { creditsInsufficientAfter: 2 });
		await execution.execute(items);
		fake.processAll();
		const resumed = await execution.resumed();
		expect(resumed.map((item) => item.json.status)).toEqual(['found', 'found', 'notReturned']);
		expect(resumed[0].json.enrichment_status).toBe('CREDITS_INSUFFICIENT');
		expect(resumed[2].json).toMatchObject({ jobId: [...fake.enrichments.keys()][0], message: expect.stringContaining('without a result for this item') });
	});

	it('at the time limit, fetches only the unfinished batch, once, and marks what it still lacks timedOut', async () => {
		const items = contacts(150);
		const { fake, execution } = await setUp('fe-time-limit', items, enrichParameters(items));
		await execution.execute(items);
		const [first, second] = [...fake.enrichments.keys()];
		fake.processEnrichment(first);
		fake.processEnrichment(second, 20); // 20 of its 50 contacts done, then it keeps running
		await fake.whenIdle();
		expect(execution.state).toBe('waiting');

		const resumed = await execution.resumed(TIME_LIMIT_MS + 5_000);
		expect(execution.calls.filter((call) => call.timeLimitCall)).toHaveLength(1);
		expect(execution.calls.find((call) => call.resumed)?.timeLimitCall).toBe(true);
		// The unfinished batch is asked twice: by the early check (the first batch had called back
		// by then), and at the time limit; the finished one never.
		expect(execution.calls.filter((call) => call.earlyCheck).map((call) => call.body)).toEqual([{ received: true, waitingFor: 50 }]);
		const gets = fake.requests.filter((request) => request.method === 'GET');
		expect(gets.map((request) => request.path)).toEqual(Array(2).fill(`/api/v2/contact/enrich/bulk/${second}`));
		expect(gets.map((request) => request.query.get('forceResults'))).toEqual(['true', 'true']);

		expect(resumed).toHaveLength(150);
		resumed.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		expect(resumed.slice(0, 120).every((item) => item.json.status === 'found')).toBe(true);
		expect(resumed[119].json).toMatchObject({ enrichment_status: 'IN_PROGRESS', work_email: 'first119.last119@company0.example' });
		expect(resumed.slice(120).every((item) => item.json.status === 'timedOut' && item.json.jobId === second)).toBe(true);
		expect(resumed[120].json.message).toMatch(/before the time limit/);
	});

	it('Reverse Email > Start and Wait: one item per email, the person found or notFound', async () => {
		const items = [{ email: 'ada.lovelace@analytical.example' }, { email: 'nobody@nowhere.example' }, { email: 'grace@navy.example' }];
		const parameters = (itemIndex: number) => ({ resource: 'reverseEmail', operation: 'startAndWait', email: items[itemIndex].email, options: {}, timeLimit: 5, timeLimitUnit: 'seconds' });
		const { fake, execution } = await setUp('fe-reverse', items, parameters, { outcome: (contact) => (contact.email === 'nobody@nowhere.example' ? 'not_found' : 'found') });
		await execution.execute(items);
		expect(fake.bulkPosts('reverse')).toHaveLength(1);
		fake.processAll();
		const resumed = await execution.resumed();
		expect(resumed.map((item) => item.json.status)).toEqual(['found', 'notFound', 'found']);
		expect(resumed[0].json).toMatchObject({ input: { email: 'ada.lovelace@analytical.example' }, profile: expect.objectContaining({ full_name: 'ada lovelace' }) });
		expect(resumed[1].json.message).toMatch(/found no person/);
	});
	it('the node\'s resume webhook answers 404 for an operation that does not wait', async () => {
		const hook = createWebhookContext({ rawBody: '{}', parameters: { resource: 'contact', operation: 'enrich' }, credentials: { enrichmentWebhooksFullEnrichApi: { apiKey: FULLENRICH_TEST_KEY, baseUrl: 'http://127.0.0.1:1/api/v2' } }, credentialTypes });
		const answer = await new FullEnrich().webhook.call(hook.context);
		expect(hook.response.statusCode).toBe(404);
		expect(answer.workflowData).toBeUndefined();
	});
});
