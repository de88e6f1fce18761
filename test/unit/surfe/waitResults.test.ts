// How Person / Company > Enrich and Wait read Surfe's entries: matching by the node's externalID
// (this execution's only) and found / notFound / failed.
import { itemIndexOfExternalId, nodeExternalId } from '../../../nodes/Surfe/externalIds';
import { deliveryOf, entryResult } from '../../../nodes/Surfe/waitResults';

describe('Surfe wait results', () => {
	it('reads the item index back only from this execution\'s own externalIDs', () => {
		expect(nodeExternalId('42', 7)).toBe('n8n-42-7');
		expect(itemIndexOfExternalId('n8n-42-7', '42')).toBe(7);
		expect([itemIndexOfExternalId('n8n-421-7', '42'), itemIndexOfExternalId('n8n-4-27', '42'), itemIndexOfExternalId('n8n-42-7x', '42')]).toEqual([undefined, undefined, undefined]);
		expect([itemIndexOfExternalId('crm-7', '42'), itemIndexOfExternalId(7, '42'), itemIndexOfExternalId(undefined, '42'), itemIndexOfExternalId('n8n-42-', '42')]).toEqual([undefined, undefined, undefined, undefined]);
	});

	it('found, notFound and failed, with Surfe\'s own status kept aside', () => {
		expect(entryResult('people', { externalID: 'x', status: 'COMPLETED', email: 'a@b.example' })).toEqual({ status: 'found', personStatus: 'COMPLETED', externalID: 'x', email: 'a@b.example' });
		expect(entryResult('people', { status: 'NOT_FOUND', email: null, emails: [] })).toMatchObject({ status: 'notFound', personStatus: 'NOT_FOUND' });
		// A person Surfe marks not found is notFound even if some field came back.
		expect(entryResult('people', { status: 'NOT_FOUND', emails: [{ email: 'x@y.example' }] })).toMatchObject({ status: 'notFound' });
		expect(entryResult('people', { status: 'FAILED' })).toMatchObject({ status: 'failed', message: expect.stringContaining('FAILED') });
		expect(entryResult('companies', { status: 'COMPLETED', name: 'Acme' })).toMatchObject({ status: 'found', companyStatus: 'COMPLETED' });
		expect(entryResult('people', { status: 'COMPLETED' }, true)).toBeUndefined();
	});

	it('a delivery keeps only entries of this execution', () => {
		const delivery = deliveryOf(
			'people',
			'job-1',
			true,
			[
				{ externalID: 'n8n-9-0', email: 'a@b.example' },
				{ externalID: 'n8n-8-1', email: 'stray@b.example' },
				{ externalID: 'crm-2', email: 'mine@b.example' },
				{ externalID: 'n8n-9-3', emails: [] },
			],
			'9',
		);
		expect(delivery).toEqual({
			jobId: 'job-1',
			jobDone: true,
			results: [
				{ itemIndex: 0, json: expect.objectContaining({ status: 'found', email: 'a@b.example' }) },
				{ itemIndex: 3, json: expect.objectContaining({ status: 'notFound' }) },
			],
		});
	});
});
