// Calls this package makes to the waiting execution's own resume URL (the time limit, timeLimit.ts;
// the early check, earlyCheck.ts). n8n routes them to the waiting node's `webhook()` like a
// provider's callback; the header with the time-limit key (resumeWebhook.ts `timeLimitKeyOf`)
// tells `webhook()` they are ours.
import type { IDataObject, IHttpRequestOptions, Logger } from 'n8n-workflow';

import { TIME_LIMIT_CALL_HEADER } from './resumeWebhook';

/** Where and how a process calls a waiting execution: the same for every self-call of one wait. */
export interface SelfCallTarget {
	resumeUrl: string;
	/** The time-limit key; only n8n can compute it. */
	key: string;
	httpRequest: (options: IHttpRequestOptions) => Promise<unknown>;
	logger: Logger;
	/** Checked before each call: false skips it (the wait already ended in this process). */
	stillWaiting: () => boolean;
}

/** n8n's answer to a self-call, or the error code of a request that got none. */
export type SelfCallAnswer = { statusCode: number; body: unknown } | { failedWith: string };

/** POSTs `{}` to the resume URL with the key and `headers`. Never throws. */
export async function callOwnResumeUrl(target: SelfCallTarget, headers: Record<string, string> = {}): Promise<SelfCallAnswer> {
	try {
		const response = (await target.httpRequest({
			method: 'POST',
			url: target.resumeUrl,
			headers: { [TIME_LIMIT_CALL_HEADER]: target.key, ...headers },
			body: {},
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode?: number; body?: IDataObject };
		return { statusCode: response.statusCode ?? 0, body: response.body };
	} catch (error) {
		// Only the error code: the message of a failed request can contain the resume URL's token.
		const code = (error as { code?: unknown })?.code;
		return { failedWith: typeof code === 'string' ? code : 'no answer' };
	}
}
