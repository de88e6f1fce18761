// "Start jobs, wait, resume exactly once when every result is in", for any provider.
//
//   execute():  resumeUrlOf(this) -> start the provider's jobs with it as callback URL ->
//               return await waitForCallbacks(this, { provider, entries, timeLimitMs })
//   webhook():  return await resumeOnCallback(this, adapter)
//
// Each piece says where its n8n mechanism lives: resumeWebhook.ts (resume URL, 401/409, one
// resume), waitPlan.ts (what the waiting execution stores), callbackResults.ts (gathering several
// callbacks), timeLimit.ts (the time limit), earlyCheck.ts (callbacks refused before the wait was
// saved), selfCall.ts (our own calls to the resume URL), waitOutput.ts (the paired output).
import type { IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	applyDelivery,
	type CallbackDelivery,
	type CallbackRecord,
	claimResume,
	itemsStillOpen,
	jobsToCatchUp,
	type JobsDoneWhen,
	openItemCount,
	recordFor,
} from './callbackResults';
import { armEarlyCheck, EARLY_CHECK_HEADER } from './earlyCheck';
import { errorMessageOf } from './errors';
import { pairedJson } from './items';
import { resumeUrlOf, TIME_LIMIT_CALL_HEADER, timeLimitKeyOf } from './resumeWebhook';
import type { SelfCallTarget } from './selfCall';
import { armTimeLimit, BACKSTOP_MS } from './timeLimit';
import { singleHeaderValue, textEqual, type VerificationResult } from './verification';
import { acknowledgeIgnored, rejectUnverified } from './webhook';
import { forgetWaitPlan, planKey, readWaitPlan, storeWaitPlan, type WaitEntry, type WaitPlan } from './waitPlan';
import { resumedItems, waitingItem, type WaitOutcome } from './waitOutput';

/** What a provider's "start and wait" operation tells the shared mechanism. */
export interface ResumeAdapter {
	/** For messages: "FullEnrich". */
	provider: string;
	jobsDoneWhen: JobsDoneWhen;
	/**
	 * The provider's own check (signature, key), exactly as its trigger does it. Runs before
	 * anything in the body is read; a failure answers 401 and the execution keeps waiting.
	 */
	verify(context: IWebhookFunctions): Promise<VerificationResult>;
	/**
	 * A verified callback as a delivery, or `undefined` for one that carries no final result
	 * (an "in progress" event). Throwing marks the body unreadable: answered 200 and ignored, the
	 * time limit's fetch still covers its items.
	 */
	parseCallback(context: IWebhookFunctions, plan: WaitPlan): Promise<CallbackDelivery | undefined>;
	/** The one fetch of a job at the time limit (a GET); its results may be partial. */
	fetchJob(context: IWebhookFunctions, jobId: string, plan: WaitPlan): Promise<CallbackDelivery>;
}

export interface WaitOptions {
	provider: string;
	/** One per input item: the job that will deliver its result, or a result known already. */
	entries: WaitEntry[];
	timeLimitMs: number;
}

function endOfWait(waitingUntil: Date): Date {
	return new Date(waitingUntil.getTime() + BACKSTOP_MS);
}

/** How this process calls the waiting execution itself (time limit, early check). */
function selfCallTarget(context: IExecuteFunctions | IWebhookFunctions, record: CallbackRecord): SelfCallTarget {
	return {
		resumeUrl: resumeUrlOf(context),
		key: timeLimitKeyOf(context),
		httpRequest: async (options) => await context.helpers.httpRequest(options),
		logger: context.logger,
		stillWaiting: () => record.resumeClaimedAt === undefined,
	};
}

function armTimer(context: IExecuteFunctions | IWebhookFunctions, waitingUntil: Date, record: CallbackRecord): void {
	if (record.timerArmed) return;
	record.timerArmed = true;
	armTimeLimit({ ...selfCallTarget(context, record), at: waitingUntil });
}

/**
 * Puts the execution to wait for the entries' jobs and returns what the node shows meanwhile.
 * Call it last in `execute()` and return its result. With no job to wait for it returns the known
 * results at once and does not wait.
 */
export async function waitForCallbacks(context: IExecuteFunctions, options: WaitOptions): Promise<INodeExecutionData[][]> {
	const { entries } = options;
	if (!entries.some((entry) => 'jobId' in entry)) {
		return [entries.map((entry, itemIndex) => pairedJson('result' in entry ? entry.result : {}, itemIndex))];
	}
	const waitingUntil = new Date(Date.now() + options.timeLimitMs);
	const key = planKey(context.getExecutionId(), context.getNode().name, waitingUntil);
	storeWaitPlan(context, options.provider, entries, waitingUntil);
	const record = recordFor(key, endOfWait(waitingUntil));
	record.startedHere = true;
	armTimer(context, waitingUntil, record);
	await context.putExecutionToWait(endOfWait(waitingUntil));
	// Callbacks that come before n8n has saved the wait are refused (409) and never reach webhook().
	armEarlyCheck(selfCallTarget(context, record));
	return [entries.map((entry, itemIndex) => pairedJson('jobId' in entry ? waitingItem(entry.jobId, waitingUntil) : entry.result, itemIndex))];
}

/**
 * 503 and the execution keeps waiting: the callback could not be checked (its credential could not
 * be read: seen in n8n 2.41.1 on SQLite when 100 callbacks of a 10,000-contact wait came at once
 * and the database read timed out). Thrown from `webhook()`, that error would make n8n end the
 * waiting execution with an error; answered like this, the provider delivers again later.
 */
function retryLater(context: IWebhookFunctions, provider: string, error: unknown): IWebhookResponseData {
	context.logger.warn(`${provider}: a callback could not be checked, answered 503 so that it is sent again: ${errorMessageOf(error)}`);
	context.getResponseObject().status(503).json({ message: 'The callback could not be checked right now; send it again later' });
	return { noWebhookResponse: true };
}

function keepWaiting(context: IWebhookFunctions, body: Record<string, unknown>): IWebhookResponseData {
	context.getResponseObject().status(200).json({ received: true, ...body });
	return { noWebhookResponse: true };
}

function resume(context: IWebhookFunctions, plan: WaitPlan, record: CallbackRecord, outcome: WaitOutcome): IWebhookResponseData {
	context.getResponseObject().status(200).json({ received: true, resumed: true });
	forgetWaitPlan(context);
	// Answered above, so n8n sends nothing more; the items still resume the execution (proven).
	return { noWebhookResponse: true, workflowData: [resumedItems(plan, record, outcome)] };
}

async function resumeAtTimeLimit(context: IWebhookFunctions, adapter: ResumeAdapter, plan: WaitPlan, record: CallbackRecord): Promise<IWebhookResponseData> {
	if (!claimResume(record)) return keepWaiting(context, { resuming: true });
	const open = itemsStillOpen(record, plan, adapter.jobsDoneWhen);
	const unfinishedJobs = [...new Set(open.map((itemIndex) => plan.entries[itemIndex].jobId as string))];
	const fetchErrors = new Map<string, string>();
	// Each unfinished job is fetched once, here; never again and never in a loop.
	for (const jobId of unfinishedJobs) {
		try {
			applyDelivery(record, plan, await adapter.fetchJob(context, jobId, plan));
		} catch (error) {
			fetchErrors.set(jobId, errorMessageOf(error));
		}
	}
	return resume(context, plan, record, { provider: adapter.provider, fetchErrors });
}

/**
 * The waiting node's `webhook()`: our own time-limit call, or a provider callback (verified first).
 * Gathers results and resumes the execution once, when every pending item is in.
 */
export async function resumeOnCallback(context: IWebhookFunctions, adapter: ResumeAdapter): Promise<IWebhookResponseData> {
	let plan: WaitPlan;
	try {
		plan = readWaitPlan(context);
	} catch (error) {
		context.logger.error(`${adapter.provider}: a callback reached a waiting node without a wait plan: ${errorMessageOf(error)}`);
		context.getResponseObject().status(500).json({ message: 'This execution is not waiting for callbacks' });
		return { noWebhookResponse: true };
	}
	const record = recordFor(plan.key, endOfWait(plan.waitingUntil));
	// A process that did not start the wait (n8n restarted, another webhook process) takes over the timer.
	armTimer(context, plan.waitingUntil, record);

	const headers = context.getHeaderData();
	const presentedKey = headers[TIME_LIMIT_CALL_HEADER];
	if (presentedKey !== undefined) {
		if (!textEqual(timeLimitKeyOf(context), singleHeaderValue(presentedKey))) {
			return rejectUnverified(context, { verified: false, reason: 'the time-limit key does not match' }, adapter.provider);
		}
		if (headers[EARLY_CHECK_HEADER] !== undefined) return await checkEarly(context, adapter, plan, record);
		return await resumeAtTimeLimit(context, adapter, plan, record);
	}

	let verification: VerificationResult;
	try {
		verification = await adapter.verify(context);
	} catch (error) {
		return retryLater(context, adapter.provider, error);
	}
	if (!verification.verified) return rejectUnverified(context, verification, adapter.provider);

	let delivery: CallbackDelivery | undefined;
	try {
		delivery = await adapter.parseCallback(context, plan);
	} catch (error) {
		return acknowledgeIgnored(context, `unreadable callback: ${errorMessageOf(error)}`);
	}
	if (delivery === undefined) return acknowledgeIgnored(context, 'no final result in this callback');
	if (applyDelivery(record, plan, delivery) === undefined) return acknowledgeIgnored(context, 'the job is not part of this wait');

	if (delivery.jobDone && !record.startedHere) await catchUp(context, adapter, plan, record, jobsToCatchUp(record, plan, adapter.jobsDoneWhen), { stopAtRunning: true });
	return resumeWhenAllIn(context, adapter, plan, record, openItemCount(record, plan, adapter.jobsDoneWhen));
}

/** Resumes the execution (once) when no item is open; otherwise answers 200 and keeps waiting. */
function resumeWhenAllIn(context: IWebhookFunctions, adapter: ResumeAdapter, plan: WaitPlan, record: CallbackRecord, open: number): IWebhookResponseData {
	if (open > 0) return keepWaiting(context, { waitingFor: open });
	if (!claimResume(record)) return keepWaiting(context, { resuming: true });
	return resume(context, plan, record, { provider: adapter.provider, fetchErrors: new Map() });
}

/**
 * Our early check (earlyCheck.ts), shortly after the wait was saved: callbacks that came before
 * that were refused by n8n (409) without reaching this code, and nothing says which. So ask the
 * provider once about every job still open that this process has neither seen finish nor fetched
 * since the save (one GET per such job, shared with a callback's catch-up running at the same
 * moment), then resume if everything is in. Once per wait per process.
 */
async function checkEarly(context: IWebhookFunctions, adapter: ResumeAdapter, plan: WaitPlan, record: CallbackRecord): Promise<IWebhookResponseData> {
	if (record.earlyChecked) return keepWaiting(context, { earlyCheck: 'done already' });
	record.earlyChecked = true;
	if (record.resumeClaimedAt === undefined) {
		// Every open job at once, no stop at one still running: the callbacks refused meanwhile may be
		// of any of them. A job fetched here since the save cannot hold a refused callback's result
		// unseen: one found ended is not among jobsToCatchUp, one found running is skipped here (a
		// fetch running now is shared instead).
		const jobs = jobsToCatchUp(record, plan, adapter.jobsDoneWhen).filter((jobId) => !record.runningWhenAsked?.has(jobId) || record.fetching?.has(jobId) === true);
		await catchUp(context, adapter, plan, record, jobs, { stopAtRunning: false });
	}
	return resumeWhenAllIn(context, adapter, plan, record, openItemCount(record, plan, adapter.jobsDoneWhen));
}

/**
 * A job-completion callback reached a process that did not see the whole wait (another webhook
 * process got earlier callbacks, or this one restarted), or the early check came: the provider
 * keeps every result, so ask it about `jobs` (callbackResults.ts jobsToCatchUp: the open jobs this
 * process has not seen finish, and with 'either' the ended jobs whose results it did not get).
 * Besides the early check, only completion callbacks do this, so a process that sees every
 * callback makes no other request.
 *
 * At a completion callback (`stopAtRunning`), in rounds: first one job (one found still running
 * at this process's last ask comes first), then as many jobs as have been found ended so far (1,
 * 1, 2, 4...), and no further round once a job is found still running: that job will call back,
 * so this callback is not the last one, and the completion callback that is asks again. So a
 * process asks about each job that ended once, plus at most as many jobs still running per
 * callback as it had just found ended (plus one): with jobs finishing one by one, a catch-up costs
 * about two GETs, not one per open job; with every job ended, all are asked in a few rounds. The
 * early check asks every job at once. A failed fetch is logged and left to a later
 * completion callback or the time limit.
 */
async function catchUp(context: IWebhookFunctions, adapter: ResumeAdapter, plan: WaitPlan, record: CallbackRecord, jobs: string[], { stopAtRunning }: { stopAtRunning: boolean }): Promise<void> {
	const runningWhenAsked = (record.runningWhenAsked ??= new Set());
	let queue = [...jobs.filter((jobId) => runningWhenAsked.has(jobId)), ...jobs.filter((jobId) => !runningWhenAsked.has(jobId))];
	let ended = 0;
	for (;;) {
		// Callbacks answered meanwhile, and other catch-ups' GETs, may have settled queued jobs: asking
		// them again would be a second GET of a job this process has seen end. (A job whose GET is
		// still running is still open, so it stays, and that GET is shared.)
		const stillToAsk = new Set(jobsToCatchUp(record, plan, adapter.jobsDoneWhen));
		queue = queue.filter((jobId) => stillToAsk.has(jobId));
		if (queue.length === 0) return;
		const round = queue.splice(0, stopAtRunning ? Math.max(1, ended) : queue.length);
		const answers = await Promise.all(round.map(async (jobId) => await askAbout(context, adapter, plan, record, jobId)));
		ended += answers.filter((answer) => answer === 'ended').length;
		if (stopAtRunning && answers.includes('running')) return;
	}
}

/** One GET of a job for catchUp, shared by callbacks that need it at the same moment; notes what it found. */
async function askAbout(context: IWebhookFunctions, adapter: ResumeAdapter, plan: WaitPlan, record: CallbackRecord, jobId: string): Promise<'ended' | 'running' | 'failed'> {
	const fetching = (record.fetching ??= new Map());
	let fetch = fetching.get(jobId);
	if (!fetch) {
		fetch = adapter.fetchJob(context, jobId, plan);
		fetching.set(jobId, fetch);
	}
	try {
		const delivery = await fetch;
		applyDelivery(record, plan, delivery);
		if (!delivery.jobDone) {
			(record.runningWhenAsked ??= new Set()).add(jobId);
			return 'running';
		}
		record.runningWhenAsked?.delete(jobId);
		(record.askedAfterEnd ??= new Set()).add(jobId);
		return 'ended';
	} catch (error) {
		context.logger.warn(`${adapter.provider}: could not fetch job ${jobId} to catch up on a wait: ${errorMessageOf(error)}`);
		return 'failed';
	} finally {
		fetching.delete(jobId);
	}
}

/**
 * An action node's `webhook()`: routes a callback to the adapter of the operation that is waiting
 * (read from the node's own parameters). An operation that never waits answers 404.
 */
export async function resumeWaitingOperation(
	context: IWebhookFunctions,
	provider: string,
	adapterOf: (resource: string, operation: string) => ResumeAdapter | undefined,
): Promise<IWebhookResponseData> {
	const adapter = adapterOf(context.getNodeParameter('resource', '') as string, context.getNodeParameter('operation', '') as string);
	if (!adapter) {
		context.getResponseObject().status(404).json({ message: `This ${provider} operation does not wait for callbacks` });
		return { noWebhookResponse: true };
	}
	return await resumeOnCallback(context, adapter);
}
