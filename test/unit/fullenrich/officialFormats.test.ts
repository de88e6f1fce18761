// Moving over from FullEnrich's own n8n package: its v1-era callbacks (`datas`) are accepted by the
// FullEnrich Trigger and by the waiting operations, and the trigger can emit its v1 / v2 item shapes.
import type { IDataObject } from 'n8n-workflow';

import { FullEnrich } from '../../../nodes/FullEnrich/FullEnrich.node';
import { parsedCallbackOf } from '../../../nodes/FullEnrich/callbackBody';
import { officialItems, v1ContactOf } from '../../../nodes/FullEnrich/officialFormats';
import { FakeFullEnrich, FULLENRICH_TEST_KEY, signFullEnrichBody } from '../../fakes/fullenrich';
import { WaitingExecution } from '../../support/waitingExecution';
import { callTrigger, credentialTypes, credentialsFor } from './support';

jest.setTimeout(30_000);

/** A v2 record as FullEnrich documents it, with a profile. */
const v2Record = {
	input: { first_name: 'John', last_name: 'Doe', company_domain: 'acme.example', professional_network_url: 'https://www.linkedin.com/in/jdoe' },
	custom: { crm_id: '99887' },
	contact_info: {
		most_probable_work_email: { email: 'john@acme.example', status: 'DELIVERABLE' },
		most_probable_personal_email: { email: 'johndoe@gmail.example', status: 'HIGH_PROBABILITY' },
		most_probable_phone: { number: '+15551002000', region: 'US' },
		work_emails: [
			{ email: 'john@acme.example', status: 'DELIVERABLE' },
			{ email: 'j.doe@acme.example', status: 'INVALID' },
		],
		personal_emails: [{ email: 'johndoe@gmail.example', status: 'HIGH_PROBABILITY' }],
		phones: [{ number: '+15551002000', region: 'US' }],
	},
	profile: {
		first_name: 'John',
		last_name: 'Doe',
		location: { city: 'New York', region: 'New York', country: 'United States' },
		social_profiles: { professional_network: { id: 87654321, url: 'https://www.linkedin.com/in/jdoe', handle: 'jdoe' } },
		employment: {
			current: { title: 'VP of Sales', start_at: '2022-06-01T00:00:00.000Z', company: { name: 'Acme Corp', domain: 'acme.example' } },
			all: [{ title: 'VP of Sales', description: 'Leading sales', start_at: '2022-06-01T00:00:00.000Z', company: { name: 'Acme Corp', domain: 'acme.example' } }],
		},
	},
};

/** The same contact as a v1-era callback sends it (`datas`, no underscores, flat most_probable_*). */
const v1Contact = {
	firstname: 'John',
	lastname: 'Doe',
	domain: 'acme.example',
	most_probable_email: 'john@acme.example',
	most_probable_email_status: 'DELIVERABLE',
	most_probable_personal_email: 'johndoe@gmail.example',
	most_probable_personal_email_status: 'HIGH_PROBABILITY',
	most_probable_phone: '+15551002000',
	emails: [{ email: 'john@acme.example', status: 'DELIVERABLE' }],
	personal_emails: [{ email: 'johndoe@gmail.example', status: 'HIGH_PROBABILITY' }],
	phones: [{ number: '+15551002000', region: 'US' }],
	social_medias: [{ url: 'https://www.linkedin.com/in/jdoe', type: 'LINKEDIN' }],
	profile: { linkedin_url: 'https://www.linkedin.com/in/jdoe', firstname: 'John', lastname: 'Doe', position: { title: 'VP of Sales' } },
};

const v1Body = (custom: IDataObject = { crm_id: '99887' }, id = 'enr-v1') => JSON.stringify({ id, name: 'Old workflow', status: 'FINISHED', datas: [{ contact: v1Contact, custom }] });
const signed = (rawBody: string) => ({ rawBody, headers: { 'content-type': 'application/json', 'x-signature-sha1': signFullEnrichBody(rawBody, FULLENRICH_TEST_KEY) } });

describe("the official node's v1 callback (datas)", () => {
	it('is read as the v2 payload it corresponds to, with the v1 contact kept', () => {
		const parsed = parsedCallbackOf(Buffer.from(v1Body()), undefined);
		expect(parsed.ok).toBe(true);
		const record = parsed.ok ? parsed.value.data![0] : undefined;
		expect(record).toMatchObject({
			input: { first_name: 'John', last_name: 'Doe', company_domain: 'acme.example', professional_network_url: 'https://www.linkedin.com/in/jdoe' },
			custom: { crm_id: '99887' },
			contact_info: {
				most_probable_work_email: { email: 'john@acme.example', status: 'DELIVERABLE' },
				most_probable_personal_email: { email: 'johndoe@gmail.example', status: 'HIGH_PROBABILITY' },
				most_probable_phone: { number: '+15551002000' },
				work_emails: v1Contact.emails,
			},
			contact: v1Contact,
		});
	});

	it('a datas entry that is not an object is refused with the path named', () => {
		const parsed = parsedCallbackOf(Buffer.from(JSON.stringify({ id: 'x', status: 'FINISHED', datas: ['nope'] })), undefined);
		expect(parsed).toEqual({ ok: false, problem: expect.stringContaining('datas.0') });
	});

	it('the trigger accepts it (signed) and emits our flat items, with `contact` still there for old expressions', async () => {
		const call = await callTrigger(signed(v1Body()));
		expect(call.statusCode).toBe(200);
		expect(call.items).toHaveLength(1);
		expect(call.items![0]).toMatchObject({
			event: 'batch_finished',
			enrichment_id: 'enr-v1',
			work_email: 'john@acme.example',
			personal_email: 'johndoe@gmail.example',
			phone: '+15551002000',
			custom: { crm_id: '99887' },
			contact: { most_probable_email: 'john@acme.example' },
		});
	});

	it('the trigger with Output Format "Official (V1)" emits {id, name, status, contact, custom} exactly as the v1 callback had it', async () => {
		const call = await callTrigger(signed(v1Body()), { options: { outputFormat: 'officialV1' } });
		expect(call.items).toEqual([{ id: 'enr-v1', name: 'Old workflow', status: 'FINISHED', contact: v1Contact, custom: { crm_id: '99887' } }]);
	});

	it('an unsigned v1 callback is still refused (401)', async () => {
		const call = await callTrigger({ rawBody: v1Body(), headers: { 'content-type': 'application/json' } });
		expect(call.statusCode).toBe(401);
		expect(call.items).toBeUndefined();
	});
});

describe("Output Format: the official node's item shapes from a v2 callback", () => {
	const v2Body = JSON.stringify({ id: 'enr-v2', name: 'Q3', status: 'FINISHED', data: [v2Record], cost: { credits: 4 } });

	it('V2: {id, name, status, ...record}', async () => {
		const call = await callTrigger(signed(v2Body), { options: { outputFormat: 'officialV2' } });
		expect(call.items).toEqual([{ id: 'enr-v2', name: 'Q3', status: 'FINISHED', ...v2Record }]);
	});

	it('V1: the v2 record mapped to the v1 contact (most_probable_email, social_medias, profile.position...)', async () => {
		const call = await callTrigger(signed(v2Body), { options: { outputFormat: 'officialV1' } });
		expect(call.items).toHaveLength(1);
		const item = call.items![0];
		expect(item).toMatchObject({ id: 'enr-v2', name: 'Q3', status: 'FINISHED', custom: { crm_id: '99887' } });
		expect(item.contact).toEqual({
			firstname: 'John',
			lastname: 'Doe',
			domain: 'acme.example',
			most_probable_email: 'john@acme.example',
			most_probable_email_status: 'DELIVERABLE',
			most_probable_personal_email: 'johndoe@gmail.example',
			most_probable_personal_email_status: 'HIGH_PROBABILITY',
			most_probable_phone: '+15551002000',
			emails: v2Record.contact_info.work_emails,
			personal_emails: v2Record.contact_info.personal_emails,
			phones: v2Record.contact_info.phones,
			social_medias: [{ url: 'https://www.linkedin.com/in/jdoe', type: 'LINKEDIN' }],
			profile: {
				linkedin_id: '87654321',
				linkedin_url: 'https://www.linkedin.com/in/jdoe',
				firstname: 'John',
				lastname: 'Doe',
				headline: '',
				location: 'New York, New York, United States',
				position: {
					title: 'VP of Sales',
					description: 'Leading sales',
					start_at: { month: 6, year: 2022 },
					end_at: null,
					company: { name: 'Acme Corp', domain: 'acme.example' },
				},
			},
		});
	});

	it('V1 of a record with nothing found: empty strings and lists, no profile', () => {
		const contact = v1ContactOf({ input: { first_name: 'Jane' }, contact_info: { work_emails: [], personal_emails: [], phones: [] } });
		expect(contact).toEqual({
			firstname: 'Jane',
			lastname: '',
			domain: '',
			most_probable_email: '',
			most_probable_email_status: '',
			most_probable_personal_email: '',
			most_probable_personal_email_status: '',
			most_probable_phone: '',
			emails: [],
			personal_emails: [],
			phones: [],
			social_medias: [],
		});
	});

	it('a payload without contacts still gives one item with its status', async () => {
		const call = await callTrigger(signed(JSON.stringify({ id: 'enr-0', name: 'empty', status: 'CANCELED', data: [] })), { options: { outputFormat: 'officialV2' } });
		expect(call.items).toEqual([{ id: 'enr-0', name: 'empty', status: 'CANCELED' }]);
		expect(officialItems({ id: 'x', status: 'FINISHED', data: [] }, 'officialV1')).toEqual([]);
	});
});

describe('a waiting Enrich and Wait accepts a v1 (datas) batch callback', () => {
	it('resumes with the v1 contact as the item result, paired', async () => {
		const fake = await new FakeFullEnrich({ autoProcess: false }).start();
		const execution = await new WaitingExecution({
			node: new FullEnrich(),
			executionId: 'fe-v1',
			parameters: () => ({ resource: 'contact', operation: 'enrichAndWait', firstName: 'John', lastName: 'Doe', companyDomain: 'acme.example', enrichFields: ['contact.work_emails'], options: {}, timeLimit: 5, timeLimitUnit: 'seconds' }),
			credentials: credentialsFor(fake),
			credentialTypes,
		}).start();
		try {
			await execution.execute([{}]);
			const enrichmentId = [...fake.enrichments.keys()][0];
			const body = v1Body({ n8n_item_index: '0', n8n_execution_id: 'fe-v1' }, enrichmentId);
			const response = await fetch(execution.resumeUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-sha1': signFullEnrichBody(body, FULLENRICH_TEST_KEY) }, body });
			expect(response.status).toBe(200);
			const [item] = await execution.resumed();
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({ status: 'found', work_email: 'john@acme.example', enrichment_id: enrichmentId, contact: { most_probable_email: 'john@acme.example' } });
		} finally {
			await fake.close();
			await execution.close();
		}
	});
});
