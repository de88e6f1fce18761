// How Enrich and Wait / Start and Wait read a FullEnrich payload: contacts matched by the
// correlation fields (this execution's only), found / notFound, and a fetch of a running batch.
import { deliveryOf } from '../../../nodes/FullEnrich/waitResults';
import type { EnrichmentPayload } from '../../../nodes/FullEnrich/schemas';

const record = (itemIndex: string, executionId: string, email?: string) => ({
	input: {},
	custom: { n8n_item_index: itemIndex, n8n_execution_id: executionId, crm_id: `crm-${itemIndex}` },
	contact_info: email ? { most_probable_work_email: { email, status: 'DELIVERABLE' }, work_emails: [{ email }] } : { work_emails: [], personal_emails: [], phones: [] },
});

const payload = (status: string, data: unknown[]): EnrichmentPayload => ({ id: 'enr-1', name: 'n', status, data: data as EnrichmentPayload['data'], cost: { credits: 1 } });

describe('FullEnrich wait results', () => {
	it('takes contacts of this execution only, by n8n_item_index, found or notFound', () => {
		const delivery = deliveryOf(payload('FINISHED', [record('0', '77', 'a@b.example'), record('1', '78', 'stray@b.example'), record('2', '77'), { input: {}, custom: { crm_id: 'x' } }]), {
			kind: 'enrich',
			executionId: '77',
			jobDone: true,
			onlyFound: false,
		});
		expect(delivery.jobId).toBe('enr-1');
		expect(delivery.jobDone).toBe(true);
		expect(delivery.results.map((result) => [result.itemIndex, result.json.status])).toEqual([
			[0, 'found'],
			[2, 'notFound'],
		]);
		expect(delivery.results[0].json).toMatchObject({ work_email: 'a@b.example', enrichment_id: 'enr-1', enrichment_status: 'FINISHED', custom: { n8n_item_index: 0, crm_id: 'crm-0' } });
		expect(delivery.results[1].json.message).toMatch(/found no email or phone/);
	});

	it('for a batch still running, keeps only contacts with something found', () => {
		const delivery = deliveryOf(payload('IN_PROGRESS', [record('0', '77', 'a@b.example'), record('1', '77')]), { kind: 'enrich', executionId: '77', jobDone: false, onlyFound: true });
		expect(delivery.results.map((result) => result.itemIndex)).toEqual([0]);
	});

	it('a reverse email lookup is found when FullEnrich found a person', () => {
		const found = { input: { email: 'a@b.example' }, custom: { n8n_item_index: '0', n8n_execution_id: '5' }, profile: { full_name: 'A B' } };
		const empty = { input: { email: 'c@d.example' }, custom: { n8n_item_index: '1', n8n_execution_id: '5' }, profile: null };
		const delivery = deliveryOf(payload('FINISHED', [found, empty]), { kind: 'reverse', executionId: '5', jobDone: true, onlyFound: false });
		expect(delivery.results.map((result) => result.json.status)).toEqual(['found', 'notFound']);
	});
});
