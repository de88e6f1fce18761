// The door through which callbacks reach a waiting action node (n8n 2.41, proven in the real
// n8n 2.41.1 with an operation not named `sendAndWait`):
// - `$execution.resumeUrl` (n8n-core `get-additional-keys.js`) is
//   `<WEBHOOK_URL>webhook-waiting/<executionId>?signature=<resumeToken>`, a random token per run.
// - `n8n/dist/webhooks/waiting-webhooks.js` answers a POST there: a missing or wrong `signature`
//   gets 401 `{"error":"Invalid token"}` and nothing runs; extra query parameters a provider appends
//   are fine (the token is compared alone); 409 while the execution is running (a callback that
//   beats the wait being saved) or after it finished; otherwise it calls the waiting node's webhook
//   that has `restartWebhook: true`, method POST and `path: ''`.
// - That `webhook()` returning `workflowData` resumes the execution once, with those items as the
//   node's output (`webhook-helpers.js` `prepareExecutionData`; the node is disabled so `execute()`
//   does not run again). Returning no `workflowData` leaves it waiting.
// `getSignedResumeUrl()` is not used for callbacks: waiting-webhooks.js checks its HMAC only for
// operations literally named `sendAndWait`, and a provider's extra query parameters would break it.
import type { IExecuteFunctions, IWebhookDescription, IWebhookFunctions } from 'n8n-workflow';

/**
 * The resume webhook of a "start and wait" operation. Referenced as a constant from the node's
 * description (an inline literal trips lint's `webhook-lifecycle-complete`). n8n never registers
 * `restartWebhook` webhooks as live URLs (`webhook.service.js` `getNodeWebhooks`), so declaring it
 * costs the node's other operations nothing.
 */
export const resumeWebhooks: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '', restartWebhook: true },
];

/**
 * Header that marks our own calls (the time limit, timeLimit.ts; the early check, earlyCheck.ts,
 * which adds its own header) and carries the time-limit key; providers never send it.
 */
export const TIME_LIMIT_CALL_HEADER = 'x-n8n-enrichment-time-limit';

/** This execution's resume URL, to hand to the provider as its callback URL. */
export function resumeUrlOf(context: IExecuteFunctions | IWebhookFunctions): string {
	const url = context.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof url !== 'string' || !/\/webhook-waiting\/[^/?]+\?signature=/.test(url)) {
		throw new Error('n8n did not provide a resume URL for this execution');
	}
	return url;
}

/**
 * The resume URL with extra query parameters (e.g. which batch a callback belongs to). The
 * `signature` parameter cannot be overridden. Query parameters are not covered by a provider's body
 * signature: use them to route, and check them against the verified body.
 */
export function resumeUrlWith(resumeUrl: string, params: Record<string, string>): string {
	const url = new URL(resumeUrl);
	for (const [name, value] of Object.entries(params)) {
		if (name !== 'signature') url.searchParams.set(name, value);
	}
	return url.toString();
}

/**
 * A secret that proves a call to the resume URL is our own time-limit call: the HMAC n8n signs
 * `getSignedResumeUrl()` with (n8n-core `node-execution-context.js`; keyed by the instance's
 * `hmacSignatureSecret` and bound to this execution and node). Proven equal in `execute()` and in
 * the waiting `webhook()`. The provider never sees it: it only gets `$execution.resumeUrl`.
 */
export function timeLimitKeyOf(context: IExecuteFunctions | IWebhookFunctions): string {
	const signed = new URL(context.getSignedResumeUrl({ purpose: 'enrichment-time-limit' }));
	const key = signed.searchParams.get('signature');
	if (!key) throw new Error('n8n did not sign the time-limit key');
	return key;
}
