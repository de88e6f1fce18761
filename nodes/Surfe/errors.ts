// How Surfe words its failures. Its error body is `{ code, message }` (help center "API response
// codes"; some answers carry `error` instead of `message`). 402 means "not enough credits or daily
// quota exceeded" on the enrich and search endpoints: it is never retried, and the error says which
// pool or quota ran out, read from Surfe's own message.
import { commonHint, type ProviderError } from '../shared/transport';

const MAX_MESSAGE_LENGTH = 300;

function textOf(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, MAX_MESSAGE_LENGTH);
	if (Array.isArray(value)) return textOf(value.filter((entry) => typeof entry === 'string').join('; '));
	return undefined;
}

export function surfeMessageOf(body: unknown): { message?: string; code?: string } {
	if (typeof body === 'string') return { message: textOf(body) };
	if (typeof body !== 'object' || body === null) return {};
	const record = body as Record<string, unknown>;
	const message = textOf(record.message) ?? textOf(record.error) ?? textOf(record.detail) ?? textOf(record.details);
	const code = typeof record.code === 'string' || typeof record.code === 'number' ? String(record.code) : undefined;
	return { message, code };
}

const QUOTA_NAMES: Array<[RegExp, string]> = [
	[/people\s+search|search(ing)?\s+people/i, 'people search'],
	[/compan(y|ies)\s+search|organi[sz]ation\s+search|search(ing)?\s+compan/i, 'company search'],
	[/compan(y|ies)|organi[sz]ation/i, 'company enrichment'],
	[/people|person|profile/i, 'people enrichment'],
];

/**
 * Which quota or credit pool a 402 is about, from Surfe's message: its credit wording is
 * "You are out of {email | mobile | email and mobile} credits" (GET /v1/credits); quotas are
 * per day and per kind (people enrichment, people search, company enrichment and search).
 */
export function exhaustedAllowance(message: string | undefined): string | undefined {
	if (!message) return undefined;
	if (/quota|per day|daily/i.test(message)) {
		const kind = QUOTA_NAMES.find(([pattern]) => pattern.test(message))?.[1];
		return kind ? `the daily ${kind} quota` : 'a daily quota';
	}
	if (/credit/i.test(message)) {
		const pools = ['email', 'mobile', 'search'].filter((pool) => new RegExp(`\\b${pool}\\b`, 'i').test(message));
		return pools.length > 0 ? `${pools.join(' and ')} credits` : 'credits';
	}
	return undefined;
}

function paymentRequiredHint(message: string | undefined): string {
	const allowance = exhaustedAllowance(message);
	const what = allowance ? `Surfe refused this request because ${allowance} ran out.` : 'Surfe refused this request for lack of credits or daily quota.';
	const fix =
		allowance?.includes('quota') === true
			? 'Daily quotas reset at midnight in the Surfe user\'s time zone; send fewer people today or ask Surfe for a higher quota.'
			: 'Buy credits at https://surfe.com/buy-credits; the Account > Get Credits operation shows the balances.';
	return `${what} ${fix} This is not retried: repeating the request cannot succeed until then.`;
}

export function describeSurfeError(statusCode: number, body: unknown): ProviderError {
	const { message, code } = surfeMessageOf(body);
	// A numeric `code` that only repeats the HTTP status adds nothing to the message.
	const shownCode = code === String(statusCode) ? undefined : code;
	switch (statusCode) {
		case 400:
			return { message: message ?? 'Bad request', code: shownCode, hint: 'Surfe found the request invalid; its message above says which field.' };
		case 402:
			return { message: message ?? 'Not enough credits or daily quota exceeded', code: shownCode, hint: paymentRequiredHint(message), retryable: false };
		case 403:
			return {
				message: message ?? 'Forbidden',
				code: shownCode,
				hint: 'The Surfe plan behind this API key does not include this feature (or the key lacks access to it).',
			};
		default:
			return { message, code: shownCode, hint: commonHint('Surfe', statusCode) };
	}
}
