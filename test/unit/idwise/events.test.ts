import { ALL_DOCUMENTED_EVENTS, ANY_EVENT, documentedEventFor, EVENT_OPTIONS, isSelectedEvent } from '../../../nodes/IDWise/events';

describe('IDWise events', () => {
	it('offers every documented event plus "Any Event", and selects every documented one by default', () => {
		expect(ALL_DOCUMENTED_EVENTS).toEqual(
			expect.arrayContaining([
				'Finished Journey',
				'Finished User Steps',
				'Finished Step',
				'Manually Reviewed',
				'Updated Journey',
				'Verification Update Required',
				'KYC Renewal Deadline Exceeded',
				'AML Monitor Update',
				'Finished Spot Check',
			]),
		);
		expect(ALL_DOCUMENTED_EVENTS).toHaveLength(9);
		expect(EVENT_OPTIONS.map((option) => option.value)).toEqual(expect.arrayContaining([...ALL_DOCUMENTED_EVENTS, ANY_EVENT]));
		expect(ALL_DOCUMENTED_EVENTS).not.toContain(ANY_EVENT);
	});

	it('treats both names of the spot-check event, and the docs misspelling of AML Monitor Update, as the same event', () => {
		expect(documentedEventFor('Finished Ongoing Check')).toBe('Finished Spot Check');
		expect(documentedEventFor('Finished Spot Check')).toBe('Finished Spot Check');
		expect(documentedEventFor('AML Monior Update')).toBe('AML Monitor Update');
		expect(isSelectedEvent('Finished Ongoing Check', ['Finished Spot Check'])).toBe(true);
	});

	it('forgives case and spacing but nothing else', () => {
		expect(documentedEventFor('  finished   JOURNEY ')).toBe('Finished Journey');
		expect(documentedEventFor('Finished.Journey')).toBeUndefined();
		expect(documentedEventFor('Journey Started')).toBeUndefined();
		expect(documentedEventFor('__proto__')).toBeUndefined();
		expect(documentedEventFor('constructor')).toBeUndefined();
	});

	it('matches only the selected events, or anything with "Any Event"', () => {
		expect(isSelectedEvent('Finished Journey', ['Manually Reviewed'])).toBe(false);
		expect(isSelectedEvent('Manually Reviewed', ['Manually Reviewed'])).toBe(true);
		expect(isSelectedEvent('Some Future Event', ALL_DOCUMENTED_EVENTS)).toBe(false);
		expect(isSelectedEvent('Some Future Event', [ANY_EVENT])).toBe(true);
		expect(isSelectedEvent('Finished Journey', [])).toBe(false);
	});
});
