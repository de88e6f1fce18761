// Surfe only delivers webhooks to HTTPS URLs and refuses an http one with a 400
// (developers.surfe.com/webhooks). The node checks first, so the user learns why and how to fix
// it before any credit is committed.
//
// Why no exception for localhost: n8n's own default webhook base is http://localhost:5678, so a
// trigger URL pasted from a default install is exactly the mistake this check exists for, and
// Surfe could never reach a loopback address anyway. Plain http is allowed only when the user
// switches on "Allow Plain-HTTP Webhook URL" (for a Surfe-compatible test server or an internal
// relay); Surfe itself still refuses such a URL.

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string; description: string };

/** Which URL is checked, for the messages: the Webhook URL field, or the resume URL of an "... and Wait" operation. */
export interface WebhookUrlTarget {
	label: string;
	/** What setting N8N_WEBHOOK_URL changes for this URL. */
	afterFix: string;
}

export const WEBHOOK_URL_FIELD: WebhookUrlTarget = { label: 'Webhook URL', afterFix: 'The Surfe Trigger then shows an https:// Production URL: paste that here.' };
export const RESUME_URL: WebhookUrlTarget = {
	label: 'resume URL',
	afterFix: 'n8n builds the resume URL of a waiting execution (where Surfe must send the results) from that address.',
};

const howToGetHttps = (target: WebhookUrlTarget) =>
	'Give n8n a public HTTPS address: run it behind a reverse proxy that terminates TLS (or a tunnel such as Cloudflare Tunnel or ngrok), ' +
	'set the environment variable N8N_WEBHOOK_URL (WEBHOOK_URL in older n8n versions) to that https:// address and restart n8n. ' +
	target.afterFix;

const LOOPBACK_OR_PRIVATE = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$/i;

export function checkWebhookUrl(value: string, allowPlainHttp: boolean, target: WebhookUrlTarget = WEBHOOK_URL_FIELD): WebhookUrlCheck {
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return {
			ok: false,
			message: `The ${target.label} is not a valid URL`,
			description: 'Paste the Production URL of a Surfe Trigger node (it starts with https://), or leave the field empty and fetch results with Get Enrichment.',
		};
	}
	if (url.protocol === 'https:') return { ok: true, url: url.toString() };
	if (url.protocol === 'http:' && allowPlainHttp) return { ok: true, url: url.toString() };
	if (url.protocol !== 'http:') {
		return { ok: false, message: `The ${target.label} must start with https://, not ${url.protocol}//`, description: howToGetHttps(target) };
	}
	const unreachable = LOOPBACK_OR_PRIVATE.test(url.hostname)
		? ` It also points at ${url.hostname}, which Surfe's servers cannot reach from the internet.`
		: '';
	return {
		ok: false,
		message: `Surfe only sends webhooks to HTTPS URLs, and this ${target.label} starts with http://`,
		description: `Surfe refuses http:// webhook URLs.${unreachable} ${howToGetHttps(target)}`,
	};
}
