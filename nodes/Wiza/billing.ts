// Wiza answers HTTP 200 when an account cannot pay for a reveal, and marks the record failed with
// `fail_error: "billing_issue"` (docs.wiza.co credit-deduction page). An HTTP success that did no
// work must still stop the workflow, with a message that says what to do.
import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { failErrorOf } from './flatten';

export const BILLING_ISSUE = 'billing_issue';

export function throwOnBillingIssue(
	context: IExecuteFunctions,
	record: { id: string | number; status?: string; fail_error?: string | null },
	what: 'reveal' | 'list',
	itemIndex: number,
): void {
	if (failErrorOf(record) !== BILLING_ISSUE) return;
	throw new NodeApiError(context.getNode(), { id: record.id, status: record.status ?? 'failed', fail_error: BILLING_ISSUE } as JsonObject, {
		message: `Wiza: the ${what} failed because of a billing issue [${BILLING_ISSUE}]`,
		description: `Wiza accepted the request (HTTP 200) but marked ${what} ${record.id} as failed with "${BILLING_ISSUE}": the account has no API credits left or an unpaid invoice. Add API credits or fix the billing details in Wiza, then run the workflow again.`,
		itemIndex,
	});
}
