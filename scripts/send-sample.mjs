#!/usr/bin/env node
// Sends one sample callback to a trigger URL, signed exactly as the provider signs its own, so a
// trigger can be tried without a provider account. One file, Node built-ins only (Node 18 or
// newer): it runs from a clone (`npm run sample -- ...`) or copied on its own
// (`node send-sample.mjs ...`). It is not part of the published package: n8n's community-package
// scanner refuses `process` and `console` in a package's JavaScript.
//
// How each provider authenticates its callbacks (their public docs):
//   Wiza        x-auth-key: hex SHA-256 of the API key (docs.wiza.co/using-the-api/webhooks)
//   FullEnrich  X-Signature-SHA1: hex HMAC-SHA1 of the raw body, keyed with the API key
//               (docs.fullenrich.com/api/v2/general/webhooks)
//   Surfe       x-surfe-signature: t=<unix ms>,v0=<hex HMAC-SHA256 of "<t>.<raw body>", keyed with
//               the webhook signing secret> (developers.surfe.com/webhooks)
//   IDWise      no signature: the Basic auth, Bearer token or custom headers set in its webhook
//               wizard (docs.idwise.com/docs/configure-webhook-urls)
import { createHash, createHmac, randomInt, randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Sends a signed sample callback to an n8n trigger URL.

Usage:
  npm run sample -- <provider> <url> <credential options> [--event <event>] [--print]
  node scripts/send-sample.mjs <provider> <url> ...   (the same, without npm)

Providers and what they need (the values in the trigger's credential):
  wiza        --key <API key>
  fullenrich  --key <API key>
  surfe       --secret <webhook signing secret>
  idwise      --bearer <token>  |  --user <username> --password <password>
              |  --header "<Name>: <value>" (repeat for several headers)

Events (--event; the first is the default):
  wiza        reveal.finished, reveal.failed
  fullenrich  batch_finished, contact_finished
  surfe       person.enrichment.completed, person.batch-enrichment.completed,
              company.enrichment.completed
  idwise      "Finished Journey", or any other IDWise event name

<url> is the trigger's Production URL (workflow active) or Test URL (editor listening).
--print shows the request (headers and body) instead of sending it.
Exit code: 0 when n8n answers 2xx, 1 when it answers anything else or cannot be reached, 2 for a
usage error.`;

const EVENTS = {
	wiza: ['reveal.finished', 'reveal.failed'],
	fullenrich: ['batch_finished', 'contact_finished'],
	surfe: ['person.enrichment.completed', 'person.batch-enrichment.completed', 'company.enrichment.completed'],
	idwise: ['Finished Journey'],
};

class UsageError extends Error {}

// --- Sample bodies: the documented shapes, with obviously made-up people ----------------------

const samplePerson = {
	name: 'Ada Lovelace',
	firstName: 'Ada',
	lastName: 'Lovelace',
	company: 'Analytical Engines',
	domain: 'example.com',
	title: 'Head of Engineering',
	linkedin: 'https://www.linkedin.com/in/ada-lovelace-sample',
	email: 'ada.lovelace@example.com',
	phone: '+14165550123',
};

function wizaBody(event) {
	// A new reveal id each time: the Wiza Trigger takes a body it has already accepted for Wiza's
	// retry of it and starts nothing (docs/wiza.md, "Repeated deliveries").
	const id = randomInt(1, 2 ** 31);
	if (event === 'reveal.failed') {
		return {
			status: { code: 400, message: 'Single reveal failed' },
			type: 'individual_reveal',
			data: { id, status: 'failed', is_complete: true, enrichment_level: 'partial', fail_error: 'profile_not_found' },
		};
	}
	const email = { email: samplePerson.email, email_type: 'work', email_status: 'valid' };
	return {
		status: { code: 200, message: 'Single reveal finished' },
		type: 'individual_reveal',
		data: {
			id,
			status: 'finished',
			is_complete: true,
			enrichment_level: 'partial',
			name: samplePerson.name,
			title: samplePerson.title,
			company: samplePerson.company,
			company_domain: samplePerson.domain,
			location: 'London, United Kingdom',
			linkedin_profile_url: samplePerson.linkedin,
			...email,
			emails: [email],
			credits: { email_credits: 1, phone_credits: 0, export_credits: 0, api_credits: { total: 2, email_credits: 2, phone_credits: 0, scrape_credits: 1 } },
		},
	};
}

function fullEnrichBody(event) {
	const work = { email: samplePerson.email, status: 'DELIVERABLE' };
	const contact = {
		input: {
			first_name: samplePerson.firstName,
			last_name: samplePerson.lastName,
			full_name: samplePerson.name,
			company_domain: samplePerson.domain,
			company_name: samplePerson.company,
		},
		custom: { sample: 'true' },
		contact_info: { most_probable_work_email: work, work_emails: [work], personal_emails: [], phones: [] },
	};
	// A batch callback carries the batch's final status; a per-contact one is sent while it runs.
	return {
		id: randomUUID(),
		name: 'Sample enrichment',
		status: event === 'contact_finished' ? 'IN_PROGRESS' : 'FINISHED',
		data: [contact],
		cost: { credits: 1 },
	};
}

function surfeBody(event) {
	const enrichmentID = randomUUID();
	const person = {
		externalID: 'sample-1',
		firstName: samplePerson.firstName,
		lastName: samplePerson.lastName,
		status: 'COMPLETED',
		jobTitle: samplePerson.title,
		companyName: samplePerson.company,
		companyDomain: samplePerson.domain,
		linkedInUrl: samplePerson.linkedin,
		emails: [{ email: samplePerson.email, validationStatus: 'VALID' }],
		mobilePhones: [{ mobilePhone: samplePerson.phone, confidenceScore: 0.9 }],
	};
	if (event === 'company.enrichment.completed') {
		const company = { externalID: 'sample-1', status: 'COMPLETED', name: samplePerson.company, websites: [samplePerson.domain], industry: 'Software' };
		return { eventType: event, data: { enrichmentID, company } };
	}
	if (event === 'person.batch-enrichment.completed') {
		return { eventType: event, data: { enrichmentID, status: 'COMPLETED', percentCompleted: 100, people: [person] } };
	}
	return { eventType: event, data: { enrichmentID, person } };
}

function idwiseBody(event) {
	return {
		event,
		body: { eventId: randomUUID(), journeyId: 'sample-journey-0001', referenceNo: 'sample-customer-1', systemDecision: 'Complete' },
	};
}

// --- Authentication, as each provider does it ---------------------------------------------------

function required(values, name, provider) {
	const value = values[name];
	if (typeof value !== 'string' || value === '') {
		throw new UsageError(`${provider} needs --${name} <value>: the same value as in the trigger's credential.`);
	}
	return value;
}

function idwiseHeaders(values) {
	const chosen = [values.bearer !== undefined, values.user !== undefined || values.password !== undefined, (values.header ?? []).length > 0].filter(Boolean).length;
	if (chosen !== 1) {
		throw new UsageError('idwise needs exactly one of: --bearer <token>, --user <username> --password <password>, --header "<Name>: <value>".');
	}
	if (values.bearer !== undefined) return { authorization: `Bearer ${required(values, 'bearer', 'idwise')}` };
	if (values.user !== undefined || values.password !== undefined) {
		const user = required(values, 'user', 'idwise');
		const password = required(values, 'password', 'idwise');
		return { authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
	}
	const headers = {};
	for (const header of values.header) {
		const colon = header.indexOf(':');
		const name = colon > 0 ? header.slice(0, colon).trim() : '';
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--header "${header}" is not "<Name>: <value>".`);
		headers[name.toLowerCase()] = header.slice(colon + 1).trim();
	}
	return headers;
}

/** The request the provider would send: exact body bytes and the headers that authenticate them. */
export function buildSample(provider, event, values) {
	const known = EVENTS[provider];
	if (!known) throw new UsageError(`Unknown provider "${provider}". Use one of: ${Object.keys(EVENTS).join(', ')}.`);
	const chosenEvent = event ?? known[0];
	if (provider !== 'idwise' && !known.includes(chosenEvent)) {
		throw new UsageError(`${provider} has no event "${chosenEvent}". Use one of: ${known.join(', ')}.`);
	}
	const json = { 'content-type': 'application/json' };
	switch (provider) {
		case 'wiza': {
			const key = required(values, 'key', provider);
			const rawBody = JSON.stringify(wizaBody(chosenEvent));
			return { rawBody, headers: { ...json, 'x-auth-key': createHash('sha256').update(key, 'utf8').digest('hex') } };
		}
		case 'fullenrich': {
			const key = required(values, 'key', provider);
			const rawBody = JSON.stringify(fullEnrichBody(chosenEvent));
			return { rawBody, headers: { ...json, 'x-signature-sha1': createHmac('sha1', key).update(rawBody, 'utf8').digest('hex') } };
		}
		case 'surfe': {
			const secret = required(values, 'secret', provider);
			const rawBody = JSON.stringify(surfeBody(chosenEvent));
			const t = Date.now();
			const v0 = createHmac('sha256', secret).update(`${t}.${rawBody}`, 'utf8').digest('hex');
			return { rawBody, headers: { ...json, 'x-surfe-signature': `t=${t},v0=${v0}` } };
		}
		case 'idwise': {
			const rawBody = JSON.stringify(idwiseBody(chosenEvent));
			return { rawBody, headers: { ...json, ...idwiseHeaders(values) } };
		}
	}
}

function parseUrl(text) {
	let url;
	try {
		url = new URL(text);
	} catch {
		throw new UsageError(`"${text}" is not a URL. Paste the trigger's Production URL or Test URL from n8n.`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`"${text}" is not an http(s) URL.`);
	return url;
}

const HINTS = {
	401: 'n8n refused it: the trigger\'s credential holds another key or secret than the one given here (or, for Surfe, this machine\'s clock is off).',
	404: 'No trigger listens there: activate the workflow (Production URL), or press "Listen for test event" (Test URL).',
};

async function main(argv) {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: {
			key: { type: 'string' },
			secret: { type: 'string' },
			bearer: { type: 'string' },
			user: { type: 'string' },
			password: { type: 'string' },
			header: { type: 'string', multiple: true },
			event: { type: 'string' },
			print: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		return 0;
	}
	if (positionals.length !== 2) throw new UsageError('Give a provider and a URL.');
	const [provider, urlText] = positionals;
	const sample = buildSample(provider.toLowerCase(), values.event, values);
	const url = parseUrl(urlText);
	if (values.print) {
		console.log(JSON.stringify({ method: 'POST', url: url.href, headers: sample.headers, body: sample.rawBody }, null, 2));
		return 0;
	}
	console.log(`POST ${url.href}`);
	console.log(`  ${Object.keys(sample.headers).filter((name) => name !== 'content-type').join(', ') || 'no auth header'}; ${sample.rawBody.length} bytes`);
	let response;
	try {
		response = await fetch(url, { method: 'POST', headers: sample.headers, body: sample.rawBody, signal: AbortSignal.timeout(30_000) });
	} catch (error) {
		console.error(`Could not reach ${url.origin}: ${error.cause?.message ?? error.message}. Is n8n running there?`);
		return 1;
	}
	const text = (await response.text()).slice(0, 500);
	console.log(`-> ${response.status} ${response.statusText} ${text}`);
	if (response.ok) {
		console.log('Accepted: open the workflow\'s Executions in n8n to see the item.');
		return 0;
	}
	if (HINTS[response.status]) console.error(HINTS[response.status]);
	return 1;
}

// Run when started as a script, not when imported (tests import buildSample).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error) => {
			if (error instanceof UsageError || error?.code?.startsWith?.('ERR_PARSE_ARGS')) {
				console.error(`${error.message}\n\n${USAGE}`);
				process.exit(2);
			}
			console.error(error);
			process.exit(1);
		},
	);
}
