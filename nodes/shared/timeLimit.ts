// The user's time limit for a "start and wait" operation.
//
// Nothing of ours runs when n8n's own wait limit (`waitTill`) passes: `handleWaitingState()` in
// n8n-core `execution-engine/workflow-execute.js` disables the node and passes its stored input
// through (see waitPlan.ts), and n8n only looks for due waits every 60 s (`n8n/dist/wait-tracker.js`:
// waits due within 70 s get an exact timer, so a limit more than 70 s away fires on time, a
// shorter one up to 60 s late; both proven). So at the user's limit the process that started
// the wait (or answered a callback since) POSTs to the execution's resume URL itself, with a key
// only n8n knows (resumeWebhook.ts `timeLimitKeyOf`); `webhook()` then fetches each unfinished
// job once and resumes. n8n's own wait limit is set BACKSTOP_MS later, for when that timer is lost
// (n8n restarted, or the resume URL is not reachable from n8n itself): the user then gets the
// stored "not fetched" items. The timer uses `sleep` (n8n-workflow): timers are not allowed in
// community nodes otherwise.
import { sleep } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from './errors';
import { callOwnResumeUrl, type SelfCallTarget } from './selfCall';

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
type TimeLimitUnit = keyof typeof UNIT_MS;

// 60 minutes: FullEnrich takes 30–90 s per contact with 100 running at once, Wiza reveals minutes;
// a longer wait costs nothing (the execution sleeps in the database).
export const DEFAULT_TIME_LIMIT = { amount: 60, unit: 'minutes' as TimeLimitUnit };
export const MIN_TIME_LIMIT_MS = 5_000;
export const MAX_TIME_LIMIT_MS = 30 * UNIT_MS.days;
/** n8n's own limit comes this long after the user's; over 70 s so that n8n's tracker is exact. */
export const BACKSTOP_MS = 3 * 60_000;
/** Longest single timer Node.js keeps (about 24.8 days); longer waits sleep in steps. */
const MAX_TIMER_MS = 2_147_483_647;

/** The "Time Limit" and "Time Limit Unit" parameters, shown where `displayOptions` says. */
export function timeLimitProperties(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Time Limit',
			name: 'timeLimit',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 0 },
			description:
				'How long to wait for every result. When it passes, the node fetches whatever results exist, once, and continues; items without a result get status "timedOut".',
			displayOptions,
		},
		{
			displayName: 'Time Limit Unit',
			name: 'timeLimitUnit',
			type: 'options',
			default: 'minutes',
			description: 'The unit of the Time Limit above',
			options: [
				{ name: 'Days', value: 'days' },
				{ name: 'Hours', value: 'hours' },
				{ name: 'Minutes', value: 'minutes' },
				{ name: 'Seconds', value: 'seconds' },
			],
			displayOptions,
		},
	];
}

/** The time limit in milliseconds, checked (5 seconds to 30 days). */
export function readTimeLimitMs(context: IExecuteFunctions): number {
	const amount = context.getNodeParameter('timeLimit', 0, DEFAULT_TIME_LIMIT.amount) as number;
	const unit = context.getNodeParameter('timeLimitUnit', 0, DEFAULT_TIME_LIMIT.unit) as string;
	const unitMs = (UNIT_MS as Record<string, number>)[unit];
	const ms = typeof amount === 'number' && unitMs !== undefined ? amount * unitMs : Number.NaN;
	if (!Number.isFinite(ms) || ms < MIN_TIME_LIMIT_MS || ms > MAX_TIME_LIMIT_MS) {
		throw invalidInputError(
			context.getNode(),
			`Time Limit must be between 5 seconds and 30 days, got ${String(amount)} ${unit}`,
			'Set "Time Limit" and "Time Limit Unit" to how long the node should wait for every result.',
		);
	}
	return ms;
}

export interface TimeLimitCall extends SelfCallTarget {
	at: Date;
}

/**
 * Starts the in-process timer that makes the time-limit call at `at`. Not awaited: it outlives the
 * `execute()` / `webhook()` that started it, like the wait itself.
 */
export function armTimeLimit(call: TimeLimitCall): void {
	void (async () => {
		for (let remaining = call.at.getTime() - Date.now(); remaining > 0; remaining = call.at.getTime() - Date.now()) {
			await sleep(Math.min(remaining, MAX_TIMER_MS));
		}
		if (!call.stillWaiting()) return;
		const answer = await callOwnResumeUrl(call);
		if ('failedWith' in answer) {
			call.logger.warn(`The time-limit call to a waiting execution failed (${answer.failedWith}); n8n's own limit will resume it`);
		} else if (answer.statusCode >= 300 && answer.statusCode !== 409) {
			// 409: the execution already resumed or finished, which is fine.
			call.logger.warn(`The time-limit call to a waiting execution was answered ${answer.statusCode}; n8n's own limit will resume it`);
		}
	})();
}
