// Wait By: Polling for every "... and Wait" operation, against the fake providers: no callback URL
// is sent, the node asks the provider itself from execute() (no waiting execution, no resume), and
// the output is the callback path's: one item per input item, paired, with the same statuses.
import type { IDataObject } from 'n8n-workflow';

import { FullEnrich } from '../../nodes/FullEnrich/FullEnrich.node';
import { Surfe } from '../../nodes/Surfe/Surfe.node';
import { Wiza } from '../../nodes/Wiza/Wiza.node';
import { FakeFullEnrich } from '../fakes/fullenrich';
import { fakeContactFor } from '../fakes/wiza';
import { createExecuteContext } from '../support/nodeContext';
import { contacts, credentialTypes as fullEnrichCredentialTypes, credentialsFor as fullEnrichCredentials } from './fullenrich/support';
import { executeContext as surfeContext, peopleItems, startFakeSurfe } from './surfe/helpers';
import { executeContext as wizaContext, startFakeWiza } from './wiza/helpers';

jest.setTimeout(60_000);

const polling = { waitBy: 'polling', maxChecksPerJob: 20, timeLimit: 60, timeLimitUnit: 'seconds' };
const gets = (requests: Array<{ method: string }>) => requests.filter((request) => request.method === 'GET').length;

describe('Wiza, Wait By: Polling', () => {
	it('Reveal and Wait: no callback_url; 3 reveals finishing in 1 s are checked together once at 3 s; paired found items', async () => {
		const fake = await startFakeWiza({ completeAfterMs: 1000 });
		try {
			const urls = [0, 1, 2].map((index) => `https://www.linkedin.com/in/poll-person-${index}`);
			const { context, waits } = wizaContext(fake, {
				items: urls.map((url) => ({ url })),
				parameters: (i) => ({ resource: 'individualReveal', operation: 'revealAndWait', inputType: 'linkedinUrl', profileUrl: urls[i], enrichmentLevel: 'partial', emailOptions: {}, ...polling }),
			});
			const [output] = await new Wiza().execute.call(context);
			expect(waits).toEqual([]);
			expect(fake.requestsTo('POST', /^\/api\/individual_reveals$/).map((request) => (request.body as IDataObject).callback_url)).toEqual([undefined, undefined, undefined]);
			expect(fake.requestsTo('GET', /^\/api\/individual_reveals\/\d+$/)).toHaveLength(3);
			expect(output.map((item) => [item.json.status, item.pairedItem])).toEqual([0, 1, 2].map((item) => ['found', { item }]));
			expect(output[2].json).toMatchObject({ reveal_status: 'finished', email: fakeContactFor({ profile_url: urls[2] }, 'partial').email });
		} finally {
			await fake.close();
		}
	});

	it('List: Create and Wait: the list is checked until finished, then its contacts fetched once', async () => {
		const fake = await startFakeWiza({ completeAfterMs: 5000 });
		try {
			const urls = [0, 1].map((index) => `https://www.linkedin.com/in/poll-list-${index}`);
			const { context } = wizaContext(fake, {
				items: urls.map((url) => ({ url })),
				parameters: (i) => ({ resource: 'list', operation: 'createAndWait', listName: 'poll', inputType: 'linkedinUrl', profileUrl: urls[i], enrichmentLevel: 'partial', emailOptions: {}, ...polling }),
			});
			const [output] = await new Wiza().execute.call(context);
			const paths = fake.requests.filter((request) => request.method === 'GET').map((request) => request.path.replace(/\d+/, ':id'));
			// Rounds at 3 s (queued) and 7.5 s (finished), then the contacts.
			expect(paths).toEqual(['/api/lists/:id', '/api/lists/:id', '/api/lists/:id/contacts']);
			expect((fake.requestsTo('POST', /^\/api\/lists$/)[0].body as { list: IDataObject }).list.callback_url).toBeUndefined();
			expect(output.map((item) => [item.json.status, item.json.linkedin_profile_url, item.pairedItem])).toEqual(urls.map((url, item) => ['found', url, { item }]));
		} finally {
			await fake.close();
		}
	});

	it("a provider stricter than our pacing: its 429s are waited out (Retry-After) inside the round, every reveal still found", async () => {
		const fake = await startFakeWiza({ completeAfterMs: 500 });
		fake.rateLimit = { maxRequests: 2, windowMs: 1000, retryAfterSeconds: 1 };
		try {
			const urls = [0, 1, 2, 3, 4].map((index) => `https://www.linkedin.com/in/strict-${index}`);
			const { context } = wizaContext(fake, {
				items: urls.map((url) => ({ url })),
				parameters: (i) => ({ resource: 'individualReveal', operation: 'revealAndWait', inputType: 'linkedinUrl', profileUrl: urls[i], enrichmentLevel: 'partial', emailOptions: {}, ...polling }),
			});
			const [output] = await new Wiza().execute.call(context);
			expect(output.map((item) => item.json.status)).toEqual(Array(5).fill('found'));
			expect(fake.rateLimitedCount).toBeGreaterThan(0);
			// Every reveal was checked, and a refused check was sent again after Retry-After, not given up.
			const checked = new Set(fake.requestsTo('GET', /^\/api\/individual_reveals\/\d+$/).map((request) => request.path));
			expect(checked.size).toBe(5);
		} finally {
			await fake.close();
		}
	});

	it('a reveal still running at the time limit is timedOut; the others found', async () => {
		const fake = await startFakeWiza({ completeAfterMs: 500 });
		fake.stallReveal = (person) => person.profile_url === 'https://www.linkedin.com/in/stalled';
		try {
			const urls = ['https://www.linkedin.com/in/quick', 'https://www.linkedin.com/in/stalled'];
			const { context } = wizaContext(fake, {
				items: urls.map((url) => ({ url })),
				parameters: (i) => ({ resource: 'individualReveal', operation: 'revealAndWait', inputType: 'linkedinUrl', profileUrl: urls[i], enrichmentLevel: 'partial', emailOptions: {}, ...polling, timeLimit: 5 }),
			});
			const [output] = await new Wiza().execute.call(context);
			expect(output.map((item) => item.json.status)).toEqual(['found', 'timedOut']);
			// quick: 1 check; stalled: at 3 s and at the 5 s limit.
			expect(gets(fake.requests)).toBe(3);
		} finally {
			await fake.close();
		}
	});
});

describe('FullEnrich, Wait By: Polling', () => {
	it('Enrich and Wait: 150 contacts in 2 batches, no webhook_url; both batches asked each round; paired items', async () => {
		const fake = await new FakeFullEnrich({ jobDurationMs: 4000 }).start();
		try {
			const items = contacts(150);
			const { context } = createExecuteContext({
				items,
				executionId: 'fe-poll',
				parameters: (i) => ({ resource: 'contact', operation: 'enrichAndWait', firstName: items[i].first_name, lastName: items[i].last_name, companyDomain: items[i].domain, enrichFields: ['contact.work_emails'], options: {}, ...polling }),
				credentials: fullEnrichCredentials(fake),
				credentialTypes: fullEnrichCredentialTypes,
			});
			const [output] = await new FullEnrich().execute.call(context);
			const posts = fake.bulkPosts();
			expect(posts.map((request) => (request.body as IDataObject).webhook_url)).toEqual([undefined, undefined]);
			// Rounds at 3 s (in progress) and 7.5 s (finished): 2 GETs per batch, with forceResults.
			const getRequests = fake.requests.filter((request) => request.method === 'GET');
			expect(getRequests.map((request) => request.query.get('forceResults'))).toEqual(['true', 'true', 'true', 'true']);
			expect(getRequests).toHaveLength(4);
			expect(output).toHaveLength(150);
			output.forEach((item, index) => expect([item.json.status, item.pairedItem]).toEqual(['found', { item: index }]));
			expect(output[120].json).toMatchObject({ work_email: 'first120.last120@company1.example', enrichment_status: 'FINISHED' });
			expect(fake.rateLimited).toEqual([]);
		} finally {
			await fake.close();
		}
	});
});

describe('Surfe, Wait By: Polling', () => {
	it('People > Enrich and Wait: no notificationOptions (no HTTPS address needed); paired items', async () => {
		const fake = await startFakeSurfe({ completeAfterMs: 1000 });
		try {
			const items = peopleItems(4);
			const { context } = surfeContext(fake, {
				items,
				executionId: 'surfe-poll',
				parameters: (i) => ({ resource: 'person', operation: 'enrichAndWait', firstName: items[i].firstName, lastName: items[i].lastName, companyDomain: items[i].companyDomain, include: ['email'], options: {}, ...polling }),
			});
			const [output] = await new Surfe().execute.call(context);
			const [post] = fake.requestsTo('POST', /\/v2\/people\/enrich$/);
			expect((post.body as IDataObject).notificationOptions).toBeUndefined();
			expect(gets(fake.requests)).toBe(1);
			expect(output.map((item) => [item.json.status, item.pairedItem])).toEqual([0, 1, 2, 3].map((item) => ['found', { item }]));
		} finally {
			await fake.close();
		}
	});
});

describe('the Wait By choice', () => {
	it('is offered, with its budget and a polling notice, on every "... and Wait" operation of every node (and nowhere else)', () => {
		const offered: string[] = [];
		for (const node of [new Wiza(), new FullEnrich(), new Surfe()]) {
			const properties = node.description.properties;
			for (const waitBy of properties.filter((property) => property.name === 'waitBy')) {
				const show = waitBy.displayOptions?.show ?? {};
				for (const operation of (show.operation ?? []) as string[]) {
					const resource = ((show.resource ?? []) as string[]).join('|');
					const shownFor = (name: string) =>
						properties.some((property) => property.name === name && ((property.displayOptions?.show?.operation ?? []) as string[]).includes(operation) && ((property.displayOptions?.show?.resource ?? []) as string[]).join('|') === resource);
					expect([operation, shownFor('maxChecksPerJob'), shownFor('pollingNotice')]).toEqual([operation, true, true]);
					offered.push(`${node.description.name}:${resource}:${operation}`);
				}
			}
		}
		expect(offered.sort()).toEqual([
			'fullEnrich:contact:enrichAndWait',
			'fullEnrich:reverseEmail:startAndWait',
			'surfe:company:enrichAndWait',
			'surfe:person:enrichAndWait',
			'wiza:individualReveal:revealAndWait',
			'wiza:list:createAndWait',
		]);
	});
});
