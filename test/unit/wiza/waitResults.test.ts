// How Reveal and Wait and Create and Wait read Wiza's records: found / notFound by enrichment
// level, failed reveals, and matching a list's contacts back to the rows that asked for them.
import { contactMatcher, foundFor, matchContact, revealIsDone, revealResult } from '../../../nodes/Wiza/waitResults';

describe('Wiza wait results', () => {
	it('counts as found what the enrichment level asks for', () => {
		const emailOnly = { email: 'a@b.example', linkedin_profile_url: 'https://www.linkedin.com/in/a' };
		const phoneOnly = { phones: [{ number: '+1' }], linkedin_profile_url: 'https://www.linkedin.com/in/a' };
		expect([foundFor(emailOnly, 'partial'), foundFor(emailOnly, 'phone'), foundFor(emailOnly, 'full'), foundFor(emailOnly, 'none')]).toEqual([true, false, true, true]);
		expect([foundFor(phoneOnly, 'partial'), foundFor(phoneOnly, 'phone'), foundFor(phoneOnly, 'full')]).toEqual([false, true, true]);
		expect(foundFor({ email: '  ', emails: [] }, undefined)).toBe(false);
	});

	it('a failed reveal is failed with its fail_error; a finished one without data is notFound; Wiza\'s status is kept as reveal_status', () => {
		expect(revealResult({ id: 5, status: 'failed', is_complete: true, fail_error: 'profile_not_found' })).toMatchObject({
			status: 'failed',
			message: 'Wiza failed reveal 5: profile_not_found',
			reveal_status: 'failed',
			reveal_id: 5,
		});
		expect(revealResult({ id: 6, status: 'finished', is_complete: true, enrichment_level: 'phone', email: 'a@b.example' })).toMatchObject({
			status: 'notFound',
			message: 'Wiza found no phone number for this person',
			reveal_status: 'finished',
		});
		expect([revealIsDone({ id: 1, status: 'queued', is_complete: false }), revealIsDone({ id: 1, status: 'resolving' }), revealIsDone({ id: 1, is_complete: true })]).toEqual([false, false, true]);
	});

	describe('matching a list contact to a row', () => {
		const contacts = [
			{ full_name: 'Jane Doe', company: 'Acme', company_domain: 'acme.example', linkedin_profile_url: 'https://uk.linkedin.com/in/jane-doe/', email: 'jane@acme.example' },
			{ full_name: 'Jane Doe', company: 'Globex', company_domain: 'globex.example', linkedin_profile_url: 'https://www.linkedin.com/in/jane-doe-2', emails: [{ email: 'JD@Globex.example' }] },
			{ full_name: 'Solo Person', company: 'Initech', linkedin_profile_url: 'linkedin.com/in/solo' },
		];

		it('by LinkedIn URL, whatever the scheme, subdomain, trailing slash or query', () => {
			expect(matchContact(contacts, { profile_url: 'http://www.linkedin.com/in/jane-doe?trk=x' })).toBe(contacts[0]);
			expect(matchContact(contacts, { profile_url: 'https://www.linkedin.com/in/solo/' })).toBe(contacts[2]);
			expect(matchContact(contacts, { profile_url: 'https://www.linkedin.com/in/nobody' })).toBeUndefined();
		});

		it('by email, in any case, among all of a contact\'s emails', () => {
			expect(matchContact(contacts, { email: 'jd@globex.example' })).toBe(contacts[1]);
			expect(matchContact(contacts, { email: 'nobody@acme.example' })).toBeUndefined();
		});

		it('by full name, narrowed by company or domain when the name is shared, never guessed', () => {
			expect(matchContact(contacts, { full_name: 'jane  doe', domain: 'globex.example' })).toBe(contacts[1]);
			expect(matchContact(contacts, { full_name: 'Jane Doe', company: 'acme' })).toBe(contacts[0]);
			expect(matchContact(contacts, { full_name: 'Jane Doe', company: 'Umbrella' })).toBeUndefined();
			expect(matchContact(contacts, { full_name: 'Solo Person', company: 'Other' })).toBe(contacts[2]);
			expect(matchContact(contacts, {})).toBeUndefined();
		});

		it('takes the first contact in list order when several match, as it always did', () => {
			const twins = [
				{ full_name: 'Ann Lee', company: 'Acme', linkedin_profile_url: 'https://www.linkedin.com/in/ann', email: 'ann@acme.example' },
				{ full_name: 'Ann Lee', company_domain: 'acme.example', linkedin_profile_url: 'https://www.linkedin.com/in/ann/', email: 'ANN@acme.example' },
				{ full_name: 'Ann Lee', company: 'Other' },
			];
			const match = contactMatcher(twins);
			expect(match({ profile_url: 'linkedin.com/in/ann' })).toBe(twins[0]);
			expect(match({ email: 'ann@acme.example' })).toBe(twins[0]);
			// Company (contact 0) and domain (contact 1) both point at a contact: the earlier one wins.
			expect(match({ full_name: 'Ann Lee', company: 'Acme', domain: 'acme.example' })).toBe(twins[0]);
			expect(match({ full_name: 'Ann Lee', domain: 'acme.example' })).toBe(twins[1]);
			// Three contacts share the name and none is the row's company: no guess.
			expect(match({ full_name: 'Ann Lee', company: 'Initech' })).toBeUndefined();
		});

		it('matches every row of a 20,000-contact list to its own contact, by URL, email or name and company', () => {
			const count = 20_000;
			const listed = Array.from({ length: count }, (_unused, index) => ({
				full_name: `Person ${index}`,
				company: `Company ${index % 7}`,
				linkedin_profile_url: `https://www.linkedin.com/in/person-${index}`,
				email: `person${index}@company${index % 7}.example`,
			}));
			const rows = listed.map((contact, index) =>
				index % 3 === 0 ? { profile_url: contact.linkedin_profile_url } : index % 3 === 1 ? { email: contact.email } : { full_name: contact.full_name, company: contact.company },
			);
			const match = contactMatcher([...listed].reverse());
			expect(rows.map((row) => match(row))).toEqual(listed);
		});
	});
});
