// Individual Reveal: Reveal and Wait and List: Create and Wait against the fake Wiza, with a
// loopback "n8n" serving the execution's resume URL (test/support/waitingExecution.ts).
import type { IDataObject } from 'n8n-workflow';

import { Wiza } from '../../../nodes/Wiza/Wiza.node';
import { fakeContactFor, sha256hex, type FakeWiza } from '../../fakes/wiza';
import { createWebhookContext } from '../../support/nodeContext';
import { WaitingExecution } from '../../support/waitingExecution';
import { API_KEY, credentialTypes, startFakeWiza } from './helpers';

jest.setTimeout(30_000);

const TIME_LIMIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Person {
	inputType: 'linkedinUrl' | 'email' | 'nameAndCompany';
	profileUrl?: string;
	email?: string;
	fullName?: string;
	company?: string;
	domain?: string;
}

const PEOPLE: Person[] = [
	{ inputType: 'linkedinUrl', profileUrl: 'https://www.linkedin.com/in/ada-lovelace-1815' },
	{ inputType: 'email', email: 'grace.hopper@navy.example' },
	{ inputType: 'nameAndCompany', fullName: 'Alan Turing', company: 'Bletchley Park' },
	{ inputType: 'nameAndCompany', fullName: 'Katherine Johnson', domain: 'nasa.example' },
	{ inputType: 'linkedinUrl', profileUrl: 'https://www.linkedin.com/in/edsger-dijkstra' },
	{ inputType: 'linkedinUrl', profileUrl: 'https://www.linkedin.com/in/barbara-liskov' },
];

/** Wiza's request shape for a person, as readContactInput builds it. */
const wizaInputOf = (person: Person): IDataObject =>
	person.inputType === 'linkedinUrl'
		? { profile_url: person.profileUrl }
		: person.inputType === 'email'
			? { email: person.email }
			: { full_name: person.fullName, ...(person.company ? { company: person.company } : {}), ...(person.domain ? { domain: person.domain } : {}) };

const parametersFor = (people: Person[], resource: 'individualReveal' | 'list', extra: IDataObject = {}) => (itemIndex: number) => ({
	resource,
	operation: resource === 'list' ? 'createAndWait' : 'revealAndWait',
	listName: 'n8n wait test',
	...people[itemIndex],
	enrichmentLevel: 'partial',
	emailOptions: {},
	timeLimit: TIME_LIMIT_MS / 1000,
	timeLimitUnit: 'seconds',
	...extra,
});

async function post(url: string, body: unknown, headers: Record<string, string>) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: response.status, body: (await response.json()) as IDataObject };
}

describe('Wiza "... and Wait"', () => {
	const fakes: FakeWiza[] = [];
	const executions: WaitingExecution[] = [];

	async function setUp(executionId: string, parameters: (itemIndex: number) => IDataObject, configure: (fake: FakeWiza) => void = () => {}) {
		const fake = await startFakeWiza();
		configure(fake);
		const execution = await new WaitingExecution({
			node: new Wiza(),
			executionId,
			parameters,
			credentials: { enrichmentWebhooksWizaApi: { apiKey: API_KEY, baseUrl: fake.baseUrl } },
			credentialTypes,
		}).start();
		fakes.push(fake);
		executions.push(execution);
		return { fake, execution };
	}

	afterAll(async () => {
		await sleep(TIME_LIMIT_MS + 500); // let the time-limit timers run out
		for (const fake of fakes) await fake.close();
		for (const execution of executions) await execution.close();
	});

	describe('Individual Reveal: Reveal and Wait', () => {
		it('starts one reveal per item with the resume URL as callback; forged callbacks are refused; resumes once when every reveal has called back; no GET', async () => {
			const { fake, execution } = await setUp('wiza-reveals', parametersFor(PEOPLE, 'individualReveal'), (wiza) => (wiza.holdCompletions = true));
			const output = await execution.execute(PEOPLE.map((_person, index) => ({ row: index })));

			const posts = fake.requestsTo('POST', /^\/api\/individual_reveals$/);
			expect(posts.map((request) => request.body)).toEqual(
				PEOPLE.map((person) => ({ individual_reveal: wizaInputOf(person), enrichment_level: 'partial', callback_url: execution.resumeUrl })),
			);
			expect(execution.state).toBe('waiting');
			expect(output.map((item) => [item.json.status, item.pairedItem])).toEqual(PEOPLE.map((_person, item) => ['waiting', { item }]));

			// Forged: a wrong or missing x-auth-key is refused (401), the execution keeps waiting.
			const revealId = Number(output[0].json.jobId);
			const forgedBody = { status: { code: 200 }, type: 'individual_reveal', data: { id: revealId, status: 'finished', is_complete: true, email: 'mallory@evil.example' } };
			expect((await post(execution.resumeUrl, forgedBody, { 'x-auth-key': sha256hex('another-key') })).status).toBe(401);
			expect((await post(execution.resumeUrl, forgedBody, {})).status).toBe(401);
			// A genuine callback for a reveal of another execution is ignored.
			const stranger = { ...forgedBody, data: { ...forgedBody.data, id: 1 } };
			expect((await post(execution.resumeUrl, stranger, { 'x-auth-key': fake.authKey })).body).toMatchObject({ ignored: 'the job is not part of this wait' });
			expect(execution.state).toBe('waiting');

			fake.releaseCompletions();
			const resumed = await execution.resumed();
			await fake.settled();
			const revealCalls = execution.calls.filter((call) => !call.timeLimitCall).slice(-PEOPLE.length);
			expect(revealCalls.map((call) => call.resumed)).toEqual([false, false, false, false, false, true]);
			expect(fake.deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status))).toEqual(PEOPLE.map(() => [200]));

			expect(resumed).toHaveLength(PEOPLE.length);
			resumed.forEach((item, index) => {
				const expected = fakeContactFor(wizaInputOf(PEOPLE[index]), 'partial');
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json).toMatchObject({ status: 'found', reveal_status: 'finished', reveal_id: Number(output[index].json.jobId), email: expected.email, name: expected.name });
			});
			expect(fake.requests.filter((request) => request.method === 'GET')).toHaveLength(0);
		});

		it('Any Combination: each reveal carries every identifier its item has; results are paired as usual', async () => {
			const people = [
				{ inputType: 'combined', profileUrl: 'https://www.linkedin.com/in/ada-lovelace-1815', email: 'ada@engines.example', fullName: 'Ada Lovelace', company: 'Engines', domain: '' },
				{ inputType: 'combined', profileUrl: '', email: '', fullName: 'Alan Turing', company: '', domain: 'bletchley.example' },
			] as unknown as Person[];
			const { fake, execution } = await setUp('wiza-combined', parametersFor(people, 'individualReveal'));
			await execution.execute(people.map(() => ({})));
			const resumed = await execution.resumed();
			const sent = fake.requestsTo('POST', /^\/api\/individual_reveals$/).map((request) => (request.body as IDataObject).individual_reveal);
			expect(sent).toEqual([
				{ profile_url: 'https://www.linkedin.com/in/ada-lovelace-1815', email: 'ada@engines.example', full_name: 'Ada Lovelace', company: 'Engines' },
				{ full_name: 'Alan Turing', domain: 'bletchley.example' },
			]);
			expect(resumed.map((item) => [item.json.status, item.pairedItem])).toEqual([
				['found', { item: 0 }],
				['found', { item: 1 }],
			]);
			expect(resumed[1].json).toMatchObject({ email: fakeContactFor(sent[1] as IDataObject, 'partial').email });
		});

		it('a reveal Wiza fails is a failed item with its fail_error; one that finds nothing is notFound', async () => {
			const people = PEOPLE.slice(0, 2);
			const failing = await setUp('wiza-failed', parametersFor(people, 'individualReveal'), (wiza) => (wiza.revealFailure = 'profile_not_found'));
			await failing.execution.execute(people.map(() => ({})));
			const failed = await failing.execution.resumed();
			expect(failed.map((item) => item.json.status)).toEqual(['failed', 'failed']);
			expect(failed[0].json).toMatchObject({ message: expect.stringContaining('profile_not_found'), fail_error: 'profile_not_found', reveal_status: 'failed' });

			// No email type accepted: Wiza finishes the reveal without an email.
			const empty = await setUp('wiza-not-found', parametersFor(people, 'individualReveal', { emailOptions: { acceptWork: false, acceptPersonal: false } }));
			await empty.execution.execute(people.map(() => ({})));
			const notFound = await empty.execution.resumed();
			expect(notFound.map((item) => item.json.status)).toEqual(['notFound', 'notFound']);
			expect(notFound[1].json).toMatchObject({ message: 'Wiza found no email for this person', reveal_status: 'finished', name: expect.any(String) });
		});

		it('an item that cannot be sent is a failed item (Continue On Fail); without it nothing is sent', async () => {
			const people: Person[] = [PEOPLE[0], { inputType: 'linkedinUrl', profileUrl: 'https://twitter.com/someone' }, PEOPLE[1]];
			const { fake, execution } = await setUp('wiza-bad-input', parametersFor(people, 'individualReveal'));
			const output = await execution.execute(people.map(() => ({})), true);
			expect(output[1]).toEqual({ json: expect.objectContaining({ status: 'failed', message: expect.stringContaining('not a LinkedIn profile URL') }), pairedItem: { item: 1 } });
			expect(fake.requestsTo('POST', /^\/api\/individual_reveals$/)).toHaveLength(2);
			const resumed = await execution.resumed();
			expect(resumed.map((item) => item.json.status)).toEqual(['found', 'failed', 'found']);

			const strict = await setUp('wiza-bad-input-strict', parametersFor(people, 'individualReveal'));
			await expect(strict.execution.execute(people.map(() => ({})))).rejects.toMatchObject({ message: expect.stringContaining('not a LinkedIn profile URL') });
			expect(strict.fake.requestsTo('POST', /^\/api\/individual_reveals$/)).toHaveLength(0);
		});

		it('at the time limit, fetches each open reveal once and marks the one still running timedOut', async () => {
			const people = PEOPLE.slice(0, 3);
			const { fake, execution } = await setUp('wiza-time-limit', parametersFor(people, 'individualReveal'), (wiza) => {
				wiza.holdCompletions = true;
				wiza.stallReveal = (input) => input.email === 'grace.hopper@navy.example';
			});
			const output = await execution.execute(people.map(() => ({})));
			fake.releaseCompletions();
			await fake.settled();
			expect(execution.state).toBe('waiting');

			const resumed = await execution.resumed(TIME_LIMIT_MS + 5_000);
			expect(execution.calls.find((call) => call.resumed)?.timeLimitCall).toBe(true);
			// The running reveal is asked twice: once by the early check (the others had called back
			// by then), once at the time limit.
			expect(execution.calls.filter((call) => call.earlyCheck).map((call) => call.body)).toEqual([{ received: true, waitingFor: 1 }]);
			expect(fake.requests.filter((request) => request.method === 'GET').map((request) => request.path)).toEqual(Array(2).fill(`/api/individual_reveals/${String(output[1].json.jobId)}`));
			expect(resumed.map((item) => item.json.status)).toEqual(['found', 'timedOut', 'found']);
			expect(resumed[1].json).toMatchObject({ jobId: output[1].json.jobId, message: expect.stringContaining('before the time limit') });
		});

		it('callbacks that beat the wait and run out of Wiza\'s 3 retries are covered by the early check, long before the time limit', async () => {
			const people = PEOPLE;
			// Reveals finish at once and call back while execute() still runs (the 6th reveal waits for
			// the node's pace of 5 requests a second): "n8n" answers 409 and Wiza gives up after 3 retries.
			const { fake, execution } = await setUp('wiza-early', parametersFor(people, 'individualReveal'), (wiza) => {
				wiza.completeAfterMs = 0;
				wiza.callbackRetryDelayMs = 1;
			});
			await execution.execute(people.map(() => ({})));
			await fake.settled();
			const exhausted = fake.deliveries.filter((delivery) => delivery.attempts.every((attempt) => attempt.status === 409));
			expect(exhausted.length).toBeGreaterThan(0);
			expect(exhausted[0].attempts).toHaveLength(4);

			const resumed = await execution.resumed(TIME_LIMIT_MS + 5_000);
			expect(resumed.map((item) => item.json.status)).toEqual(people.map(() => 'found'));
			expect(execution.calls.find((call) => call.resumed)?.earlyCheck).toBe(true);
			// One GET per reveal whose callback never got through, none for the others.
			const gets = fake.requests.filter((request) => request.method === 'GET').map((request) => request.path);
			expect(gets).toHaveLength(exhausted.length);
			expect(new Set(gets).size).toBe(gets.length);
		});
	});

	describe('List: Create and Wait', () => {
		const people = PEOPLE.slice(0, 4);

		it('sends all items as one list with the resume URL; on the list callback fetches its contacts once and resumes with each item matched', async () => {
			const { fake, execution } = await setUp('wiza-list', parametersFor(people, 'list'), (wiza) => (wiza.holdCompletions = true));
			const output = await execution.execute(people.map(() => ({})));
			const [create] = fake.requestsTo('POST', /^\/api\/lists$/);
			expect(create.body).toEqual({ list: { name: 'n8n wait test', enrichment_level: 'partial', callback_url: execution.resumeUrl, items: people.map(wizaInputOf) } });
			expect(new Set(output.map((item) => item.json.jobId)).size).toBe(1);
			// What each item sent is stored with the wait (it is how contacts are matched back).
			expect(execution.stored[2].json).toMatchObject({ status: 'notFetched', sent: { full_name: 'Alan Turing', company: 'Bletchley Park' } });

			fake.releaseCompletions();
			const resumed = await execution.resumed();
			const listId = String(output[0].json.jobId);
			expect(fake.requests.filter((request) => request.method === 'GET').map((request) => `${request.path}?${request.query.toString()}`)).toEqual([`/api/lists/${listId}/contacts?segment=people`]);
			resumed.forEach((item, index) => {
				const expected = fakeContactFor(wizaInputOf(people[index]), 'partial');
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json).toMatchObject({ status: 'found', list_id: listId, full_name: expected.name, email: expected.email, company_domain: expected.company_domain });
			});
		});

		it('at the time limit, looks at an unfinished list once and marks its items timedOut', async () => {
			const { fake, execution } = await setUp('wiza-list-time-limit', parametersFor(people, 'list'), (wiza) => (wiza.stallLists = true));
			const output = await execution.execute(people.map(() => ({})));
			const resumed = await execution.resumed(TIME_LIMIT_MS + 5_000);
			// Looked at twice: by the early check, then at the time limit.
			expect(execution.calls.filter((call) => call.earlyCheck)).toHaveLength(1);
			expect(fake.requests.filter((request) => request.method === 'GET').map((request) => request.path)).toEqual(Array(2).fill(`/api/lists/${String(output[0].json.jobId)}`));
			expect(resumed.map((item) => item.json.status)).toEqual(['timedOut', 'timedOut', 'timedOut', 'timedOut']);
		});
	});

	it('the node\'s resume webhook answers 404 for an operation that does not wait', async () => {
		const hook = createWebhookContext({ rawBody: '{}', parameters: { resource: 'individualReveal', operation: 'start' }, credentials: { enrichmentWebhooksWizaApi: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:1' } }, credentialTypes });
		const answer = await new Wiza().webhook.call(hook.context);
		expect(hook.response.statusCode).toBe(404);
		expect(answer.workflowData).toBeUndefined();
	});
});
