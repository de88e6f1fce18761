// The early check: one call of our own to the waiting execution's resume URL shortly after the
// wait is saved, for the callbacks n8n refused while the execution was still running.
//
// Why (proven in the real n8n 2.41.1): n8n answers a request to the resume URL `409` while the
// execution's status is `running` (`n8n/dist/webhooks/waiting-webhooks.js`), that is from the
// moment `execute()` starts the provider's jobs until n8n has saved the wait after `execute()`
// returns. Jobs that finish at once call back in that window (10 of 10 FullEnrich batches when
// they all finished at once); those callbacks never reach `webhook()`, and the provider retries
// only after a minute (FullEnrich), a few times (Wiza) or as it pleases (Surfe).
//
// The trade-off: nothing tells node code that n8n refused a callback (n8n gives community nodes no
// hook there, and `node:diagnostics_channel`, which could watch the HTTP server, is not allowed by
// n8n's community-package rules). So `webhook()` cannot ask only about the refused ones: at the
// early check it asks the provider once about every job still open at that moment that this
// process has not seen finish (waitForCallbacks.ts). At most one GET per job, once per wait, even
// when no callback was refused; a job whose callback arrived before the check costs nothing.
//
// The call carries the time-limit key (so `webhook()` knows it is ours) and EARLY_CHECK_HEADER.
// It is made by the process that ran `execute()`; in queue mode that is a worker, whose call goes
// through WEBHOOK_URL to a webhook process, where the same code answers it. Not awaited, and with
// `sleep` from n8n-workflow (timers are not allowed in community nodes otherwise).
import { sleep } from 'n8n-workflow';

import { callOwnResumeUrl, type SelfCallAnswer, type SelfCallTarget } from './selfCall';

/** Marks the early check among our own calls (the time-limit call has no such header). */
export const EARLY_CHECK_HEADER = 'x-n8n-enrichment-early-check';

/**
 * How long after `execute()` returns the first call is made. n8n saves the wait only after
 * `execute()` has returned (regular mode: a fraction of a second; queue mode: the worker's write
 * to PostgreSQL, longer under load); a call before that is only answered 409 again. 2 s lets the
 * save happen first in the usual case and keeps the resume well within 10 s of the results.
 */
export const EARLY_CHECK_DELAY_MS = 2_000;
/**
 * While n8n still runs the execution (409 "is running"), the call is made again this often. Not
 * more often: n8n loads the whole execution from its database before it answers each one.
 */
export const EARLY_CHECK_RETRY_MS = 1_000;
/**
 * After this long of "is running", the early check gives up (an execution that took a minute to
 * be saved, or one that has resumed and runs on); the provider's retries and the time limit
 * remain, as without the check.
 */
export const EARLY_CHECK_GIVE_UP_MS = 60_000;

export interface EarlyCheckCall extends SelfCallTarget {
	/** EARLY_CHECK_DELAY_MS, EARLY_CHECK_RETRY_MS, EARLY_CHECK_GIVE_UP_MS unless a test scales them down. */
	delayMs?: number;
	retryEveryMs?: number;
	giveUpAfterMs?: number;
}

/** Whether n8n refused the call because it still runs the execution: the wait is not saved yet. */
export function waitNotSavedYet(answer: SelfCallAnswer): boolean {
	if ('failedWith' in answer || answer.statusCode !== 409) return false;
	const message = (answer.body as { message?: unknown } | undefined)?.message;
	// n8n 2.41: `The execution "<id>" is running already.`; "has finished" is a 409 too, but final.
	return typeof message === 'string' && /is running/.test(message);
}

/**
 * Starts the early check of a wait that `execute()` has just put to wait: after `delayMs`, calls
 * the resume URL with the key and EARLY_CHECK_HEADER, again every `retryEveryMs` while n8n answers
 * that the execution is still running (up to `giveUpAfterMs`), and stops at any other answer or
 * once the wait ended in this process.
 */
export function armEarlyCheck(call: EarlyCheckCall): void {
	const delayMs = call.delayMs ?? EARLY_CHECK_DELAY_MS;
	const retryEveryMs = call.retryEveryMs ?? EARLY_CHECK_RETRY_MS;
	const giveUpAfterMs = call.giveUpAfterMs ?? EARLY_CHECK_GIVE_UP_MS;
	void (async () => {
		await sleep(delayMs);
		const firstCallAt = Date.now();
		for (;;) {
			if (!call.stillWaiting()) return;
			const answer = await callOwnResumeUrl(call, { [EARLY_CHECK_HEADER]: '1' });
			if (!waitNotSavedYet(answer)) {
				if ('failedWith' in answer) {
					call.logger.warn(`The early check of a waiting execution failed (${answer.failedWith}); callbacks n8n refused before the wait was saved come with the provider's retry or at the time limit`);
				} else if (answer.statusCode >= 300 && answer.statusCode !== 409) {
					call.logger.warn(`The early check of a waiting execution was answered ${answer.statusCode}; callbacks n8n refused before the wait was saved come with the provider's retry or at the time limit`);
				}
				return;
			}
			if (Date.now() + retryEveryMs - firstCallAt > giveUpAfterMs) {
				call.logger.warn(`n8n still ran a waiting execution ${Math.round((Date.now() - firstCallAt) / 1000)} s after its early check began; gave up the early check (the provider's retries and the time limit remain)`);
				return;
			}
			await sleep(retryEveryMs);
		}
	})();
}
