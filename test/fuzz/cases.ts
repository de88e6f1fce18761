// Forged and malformed requests for one target (a trigger's URL or a waiting execution's resume
// URL), built from the providers' documented schemes (./providers.ts). Every case is a request
// without valid proof for the bytes it carries, by construction: a near-miss of the right proof,
// the right proof over other bytes, a stale or future timestamp, or a malformed request. None may
// start or resume anything.
import { gzipSync } from 'node:zlib';

import { hmacHex, sha256Hex, type ProviderScheme } from './providers';
import type { Random } from './random';

/**
 * Who should refuse the case: our node (401), n8n's body parser first, n8n's routing first, n8n's
 * resume-token check, n8n's XML parser, or n8n itself in a way it also treats its own Webhook node
 * (`n8n-itself`: the answer must equal what n8n's Webhook node gets).
 */
export type RefusedBy = 'node' | 'n8n-parser' | 'n8n-xml' | 'n8n-routing' | 'n8n-token' | 'n8n-itself';

export interface FuzzCase {
	/** The family and mutation, e.g. "proof: x-auth-key one character changed". */
	kind: string;
	method: string;
	/** A string[] value is sent as repeated header lines. */
	headers: Record<string, string | string[]>;
	body?: Buffer;
	/** Query string to add to the target URL (waiting webhooks: a near-miss resume token). */
	tokenMutation?: (url: string) => string;
	refusedBy: RefusedBy;
}

/** Statuses a refusal by `refusedBy` may have. Anything else (2xx above all, and every 5xx) fails. */
export const ALLOWED_STATUSES: Record<RefusedBy, readonly number[]> = {
	node: [401],
	// n8n parses the body before the node runs (webhook-helpers.js parseRequestBody): 400 for a
	// multipart body formidable refuses, 413 over its size limits, 422 "Failed to parse request body".
	// When n8n's parser lets the body through, our node refuses it: 401.
	'n8n-parser': [400, 401, 413, 422],
	// A method the webhook is not registered for: n8n answers 404 (live) or 404/405 (waiting).
	'n8n-routing': [404, 405],
	// A wrong resume token: n8n's own 401 (waiting-webhooks.js) before any node code.
	'n8n-token': [401],
	// n8n 2.41.1 parses XML bodies with ONE shared xml2js parser (middlewares/body-parser.js), which
	// is not safe for concurrent requests: with several at once a request, even a valid one, may get
	// another request's parse error (422) or no answer at all (allowed: see fuzz.test.ts HANG_MS).
	'n8n-xml': [401, 422],
	// Judged against n8n's own Webhook node instead (see fuzz.test.ts).
	'n8n-itself': [],
};

export interface TargetShape {
	scheme: ProviderScheme;
	/** A documented-looking body for this target (for a waiting execution: naming its real jobs). */
	body(): Buffer;
	waiting: boolean;
}

type Forgery = { label: string; headers: Record<string, string | string[]> };

const HEX = '0123456789abcdef';
// RFC 9110 token characters: what a header name may be (Node's client refuses anything else).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/';

/** One near-miss of a string value: one character changed, case, whitespace, truncated, doubled, prefixed, suffixed. */
export function nearMiss(value: string, random: Random, options: { alphabet: string; caseSensitive: boolean }): { label: string; value: string } {
	const kinds = ['one character changed', 'whitespace inside', 'truncated', 'doubled', 'prefixed', 'suffixed', 'empty'];
	if (options.caseSensitive && /[a-zA-Z]/.test(value)) kinds.push('case changed', 'case changed');
	for (;;) {
		const label = random.pick(kinds);
		const mutated = applyNearMiss(label, value, random, options);
		const same = options.caseSensitive ? mutated === value : mutated.toLowerCase() === value.toLowerCase();
		if (!same) return { label, value: mutated };
	}
}

function applyNearMiss(label: string, value: string, random: Random, options: { alphabet: string; caseSensitive: boolean }): string {
	const at = random.int(0, Math.max(0, value.length - 1));
	switch (label) {
		case 'one character changed': {
			const current = value[at] ?? '';
			const others = [...options.alphabet].filter((char) => (options.caseSensitive ? char !== current : char.toLowerCase() !== current.toLowerCase()));
			return value.slice(0, at) + random.pick(others) + value.slice(at + 1);
		}
		case 'case changed': {
			const letters = [...value].map((char, index) => ({ char, index })).filter(({ char }) => /[a-zA-Z]/.test(char));
			if (random.chance(0.5)) return [...value].map((char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase())).join('');
			const { char, index } = random.pick(letters);
			const flipped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
			return value.slice(0, index) + flipped + value.slice(index + 1);
		}
		case 'whitespace inside': {
			const inner = random.int(1, Math.max(1, value.length - 1));
			return value.slice(0, inner) + random.pick([' ', '  ', '\t']) + value.slice(inner);
		}
		case 'truncated':
			return random.chance(0.5) ? value.slice(0, random.int(1, Math.max(1, value.length - 1))) : value.slice(random.int(1, Math.max(1, value.length - 1)));
		case 'doubled':
			return value + value;
		case 'prefixed':
			return random.pick(['sha256=', 'sha1=', '0x', 'v0=', 'Bearer ', 'Basic ', 'x', '0', '=', ',']) + value;
		case 'suffixed':
			// Not ',' : in Surfe's `t=..,v0=..` list a trailing separator leaves the right signature whole.
			return value + random.pick(['0', 'a', 'A', '=', '==', ';', '.', 'Ym1tMXJ3']);
		default:
			return '';
	}
}

/** A proof that does not hold: headers derived from the genuine ones, per scheme. */
function forgedProof(shape: TargetShape, body: Buffer, random: Random, nowMs: number): Forgery {
	const genuine = shape.scheme.genuineHeaders(body, nowMs);
	const [name, value] = Object.entries(genuine)[random.int(0, Object.keys(genuine).length - 1)];
	const without = (header: string) => Object.fromEntries(Object.entries(genuine).filter(([key]) => key !== header));
	const roll = random.next();
	if (roll < 0.08) return { label: `${name} header missing`, headers: without(name) };
	if (roll < 0.14) {
		// Repeated header lines. Node keeps only the first Authorization (and joins the rest with
		// ", "): a near miss goes first, so whatever n8n keeps is not the right value.
		const miss = nearMiss(schemeValuePart(shape, name, value), random, alphabetOf(shape, name, value));
		const missed = rebuildValue(shape, name, value, miss.value);
		// Surfe's header is a list (t=..,v0=..,v0=..: any v0 may match, for secret rotation), so two
		// lines holding the right one carry a genuine proof: only near misses are repeated there.
		if (shape.scheme.name === 'surfe') {
			const other = rebuildValue(shape, name, value, nearMiss(schemeValuePart(shape, name, value), random, alphabetOf(shape, name, value)).value);
			return { label: `${name} repeated (two near misses)`, headers: { ...genuine, [name]: [missed, other] } };
		}
		return { label: `${name} repeated`, headers: { ...genuine, [name]: name === 'authorization' ? [missed, value] : random.pick([[missed, value], [value, value], [value, missed]]) } };
	}
	if (roll < 0.2) {
		let renamed = '';
		while (!HEADER_NAME.test(renamed) || renamed.toLowerCase() === name) renamed = nearMiss(name, random, { alphabet: 'abcdefghijklmnopqrstuvwxyz-', caseSensitive: false }).value;
		return { label: `${name} header renamed`, headers: { ...without(name), [renamed]: value } };
	}
	const special = schemeSpecificForgery(shape, body, random, nowMs);
	if (special && roll < 0.5) return special;
	const part = schemeValuePart(shape, name, value);
	for (;;) {
		const miss = nearMiss(part, random, alphabetOf(shape, name, value));
		// Basic credentials may drop their padding (RFC 4648 decoders accept both): not a near miss.
		if (shape.scheme.name === 'idwise-basic' && miss.value === part.replace(/=+$/, '')) continue;
		return { label: `${name} ${miss.label}`, headers: { ...genuine, [name]: rebuildValue(shape, name, value, miss.value) } };
	}
}

/** The part of a header value a near miss changes: the digest, the base64 credentials, the token. */
function schemeValuePart(shape: TargetShape, name: string, value: string): string {
	if (shape.scheme.name === 'surfe') return /v0=([0-9a-f]+)/.exec(value)![1];
	if (name === 'authorization') return value.replace(/^(Basic|Bearer) /, '');
	return value;
}

function rebuildValue(shape: TargetShape, name: string, value: string, part: string): string {
	if (shape.scheme.name === 'surfe') return value.replace(/v0=[0-9a-f]+/, `v0=${part}`);
	if (name === 'authorization') return `${value.startsWith('Basic') ? 'Basic' : 'Bearer'} ${part}`;
	return part;
}

function alphabetOf(shape: TargetShape, name: string, value: string): { alphabet: string; caseSensitive: boolean } {
	// Hex digests may be sent in either case (the digest is the same): a case change is no forgery.
	if (shape.scheme.name === 'wiza' || shape.scheme.name === 'fullenrich' || shape.scheme.name === 'surfe') return { alphabet: HEX, caseSensitive: false };
	if (name === 'authorization' && value.startsWith('Basic')) return { alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', caseSensitive: true };
	return { alphabet: TOKEN_CHARS, caseSensitive: true };
}

/** Forgeries a provider's own scheme invites (the wrong digest, the key itself, a stale timestamp...). */
function schemeSpecificForgery(shape: TargetShape, body: Buffer, random: Random, nowMs: number): Forgery | undefined {
	const genuine = shape.scheme.genuineHeaders(body, nowMs);
	switch (shape.scheme.name) {
		case 'wiza': {
			const right = genuine['x-auth-key'];
			return random.pick<Forgery>([
				{ label: 'x-auth-key: SHA-256 of another key', headers: { 'x-auth-key': sha256Hex(`${right}-other`) } },
				{ label: 'x-auth-key: base64 of the digest', headers: { 'x-auth-key': Buffer.from(right, 'hex').toString('base64') } },
				{ label: 'x-auth-key: SHA-1 sized digest', headers: { 'x-auth-key': right.slice(0, 40) } },
				{ label: 'x-auth-key: HMAC of the body', headers: { 'x-auth-key': hmacHex('sha256', right, body) } },
				{ label: 'x-auth-key: all zeros', headers: { 'x-auth-key': '0'.repeat(64) } },
				{ label: 'x-auth-key in Authorization instead', headers: { authorization: `Bearer ${right}` } },
			]);
		}
		case 'fullenrich': {
			const right = genuine['x-signature-sha1'];
			return random.pick<Forgery>([
				{ label: 'X-Signature-SHA1: HMAC-SHA256 instead', headers: { 'x-signature-sha1': hmacHex('sha256', right, body) } },
				{ label: 'X-Signature-SHA1: unkeyed SHA-1', headers: { 'x-signature-sha1': sha256Hex(body).slice(0, 40) } },
				{ label: 'X-Signature-SHA1: signature of another body', headers: shape.scheme.genuineHeaders(Buffer.concat([body, Buffer.from(' ')]), nowMs) },
				{ label: 'X-Signature-SHA1: base64 instead of hex', headers: { 'x-signature-sha1': Buffer.from(right, 'hex').toString('base64') } },
				{ label: 'X-Signature-SHA1: sha1= prefix', headers: { 'x-signature-sha1': `sha1=${right}` } },
			]);
		}
		case 'surfe':
			return surfeTimestampForgery(shape, body, random, nowMs);
		case 'idwise-basic': {
			const decoded = Buffer.from(genuine.authorization.slice('Basic '.length), 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
			const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');
			const right = encode(decoded);
			const userMiss = nearMiss(user, random, { alphabet: TOKEN_CHARS, caseSensitive: true }).value.replace(/:/g, '');
			const passwordMiss = nearMiss(password, random, { alphabet: TOKEN_CHARS, caseSensitive: true }).value;
			return random.pick<Forgery>([
				{ label: 'Basic auth: near-miss password', headers: { authorization: `Basic ${encode(`${user}:${passwordMiss}`)}` } },
				{ label: 'Basic auth: near-miss username', headers: { authorization: `Basic ${encode(`${userMiss}:${password}`)}` } },
				{ label: 'Basic auth: username and password swapped', headers: { authorization: `Basic ${encode(`${password}:${user}`)}` } },
				{ label: 'Basic auth: no colon', headers: { authorization: `Basic ${encode(`${user}${password}`)}` } },
				{ label: 'Basic auth: base64 after the padding', headers: { authorization: `Basic ${right}${right.endsWith('=') ? '' : '=='}${random.pick(['Ym1tMXJ3', 'QQ', 'AAAA', right])}` } },
				{ label: 'Basic auth: extra padding', headers: { authorization: `Basic ${right}${random.pick(['=', '==', '==='])}` } },
				{ label: 'Basic auth: stray character inside', headers: { authorization: `Basic ${right.slice(0, 4)}${random.pick(['*', '.', '!', '-', '_'])}${right.slice(4)}` } },
				{ label: 'Basic auth: base64url alphabet', headers: { authorization: `Basic ${right.replace(/\+/g, '-').replace(/\//g, '_')}-` } },
				{ label: 'Basic auth: the credentials unencoded', headers: { authorization: `Basic ${decoded}` } },
				{ label: 'Basic auth: as a Bearer token', headers: { authorization: `Bearer ${right}` } },
			]);
		}
		case 'idwise-bearer': {
			const token = genuine.authorization.slice('Bearer '.length);
			return random.pick<Forgery>([
				{ label: 'Bearer token: as Basic credentials', headers: { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` } },
				{ label: 'Bearer token: without the scheme', headers: { authorization: token } },
				{ label: 'Bearer token: in another header', headers: { 'x-api-key': token } },
				{ label: 'Bearer token: scheme misspelt', headers: { authorization: `Baerer ${token}` } },
			]);
		}
		case 'idwise-headers': {
			const entries = Object.entries(genuine);
			const [name, value] = random.pick(entries);
			return random.pick<Forgery>([
				{ label: 'custom headers: one value in another header', headers: { ...Object.fromEntries(entries.filter(([key]) => key !== name)), 'x-other': value } },
				{ label: 'custom headers: values swapped', headers: Object.fromEntries(entries.map(([key], index) => [key, entries[(index + 1) % entries.length][1]])) },
				{ label: 'custom headers: as a Bearer token', headers: { authorization: `Bearer ${value}` } },
			]);
		}
	}
}

/** Surfe: genuinely signed, but at a stale, future or malformed `t`, or with `t` and signature apart. */
function surfeTimestampForgery(shape: TargetShape, body: Buffer, random: Random, nowMs: number): { label: string; headers: Record<string, string> } {
	const sign = (t: number | string) => shape.scheme.genuineHeaders(body, t as number)['x-surfe-signature'];
	// Offsets well outside a tolerance of minutes (the n8n helper's and our default is 5 minutes).
	const minutes = random.pick([10, 15, 60, 24 * 60, 30 * 24 * 60, 365 * 24 * 60]);
	const right = sign(nowMs);
	const v0 = /v0=([0-9a-f]+)/.exec(right)![1];
	return random.pick([
		{ label: `x-surfe-signature: stale t (${minutes} min ago)`, headers: { 'x-surfe-signature': sign(nowMs - minutes * 60_000) } },
		{ label: `x-surfe-signature: future t (in ${minutes} min)`, headers: { 'x-surfe-signature': sign(nowMs + minutes * 60_000) } },
		{ label: 'x-surfe-signature: t changed after signing', headers: { 'x-surfe-signature': right.replace(`t=${nowMs}`, `t=${nowMs + random.int(1, 5000)}`) } },
		{ label: 'x-surfe-signature: malformed t', headers: { 'x-surfe-signature': `t=${random.pick(['', 'now', '-1', '1e12', `${nowMs}.5`, '0x1F', '9'.repeat(30), ` ${nowMs}x`])},v0=${v0}` } },
		{ label: 'x-surfe-signature: no t', headers: { 'x-surfe-signature': `v0=${v0}` } },
		{ label: 'x-surfe-signature: no v0', headers: { 'x-surfe-signature': `t=${nowMs}` } },
		{ label: 'x-surfe-signature: v1 instead of v0', headers: { 'x-surfe-signature': right.replace('v0=', 'v1=') } },
		{ label: 'x-surfe-signature: t in seconds, signed in milliseconds', headers: { 'x-surfe-signature': right.replace(`t=${nowMs}`, `t=${Math.floor(nowMs / 1000)}`) } },
		{ label: 'x-surfe-signature: t=0', headers: { 'x-surfe-signature': sign(0) } },
		{ label: 'x-surfe-signature: parts joined with ;', headers: { 'x-surfe-signature': right.replace(',', ';') } },
	]);
}

// ---------------------------------------------------------------------------------------------
// Bodies and content types

function multipart(fields: Array<{ name: string; value: Buffer; filename?: string; type?: string }>, boundary: string): Buffer {
	const parts = fields.map((field) =>
		Buffer.concat([
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${field.name}"${field.filename ? `; filename="${field.filename}"` : ''}\r\n` +
					(field.type ? `Content-Type: ${field.type}\r\n` : '') +
					'\r\n',
			),
			field.value,
			Buffer.from('\r\n'),
		]),
	);
	return Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
}

/** The body sent in another content type n8n parses itself, with the header that says so. */
function asContentType(json: Buffer, random: Random): { label: string; contentType?: string; body: Buffer; refusedBy: RefusedBy } {
	const boundary = `----fuzz${random.text(16, HEX)}`;
	const choices: Array<() => { label: string; contentType?: string; body: Buffer; refusedBy: RefusedBy }> = [
		() => ({ label: 'application/json', contentType: 'application/json', body: json, refusedBy: 'node' }),
		() => ({ label: 'application/json; charset=utf-8', contentType: 'application/json; charset=utf-8', body: json, refusedBy: 'node' }),
		() => ({ label: 'multipart/form-data (field)', contentType: `multipart/form-data; boundary=${boundary}`, body: multipart([{ name: 'payload', value: json }], boundary), refusedBy: 'node' }),
		() => ({
			label: 'multipart/form-data (file)',
			contentType: `multipart/form-data; boundary=${boundary}`,
			body: multipart([{ name: 'data', value: json, filename: 'callback.json', type: 'application/json' }, { name: 'note', value: Buffer.from('x') }], boundary),
			refusedBy: 'node',
		}),
		() => ({ label: 'multipart/form-data (empty file)', contentType: `multipart/form-data; boundary=${boundary}`, body: multipart([{ name: 'file', value: Buffer.alloc(0), filename: 'empty.bin' }], boundary), refusedBy: 'node' }),
		() => ({ label: 'multipart/form-data (boundary mismatch)', contentType: `multipart/form-data; boundary=${boundary}x`, body: multipart([{ name: 'payload', value: json }], boundary), refusedBy: 'n8n-parser' }),
		() => ({ label: 'multipart/form-data (no boundary)', contentType: 'multipart/form-data', body: json, refusedBy: 'n8n-parser' }),
		() => ({ label: 'multipart/form-data (truncated)', contentType: `multipart/form-data; boundary=${boundary}`, body: multipart([{ name: 'payload', value: json }], boundary).subarray(0, 40), refusedBy: 'n8n-parser' }),
		() => ({ label: 'multipart/mixed', contentType: `multipart/mixed; boundary=${boundary}`, body: multipart([{ name: 'payload', value: json }], boundary), refusedBy: 'node' }),
		() => ({ label: 'application/x-www-form-urlencoded', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(`payload=${encodeURIComponent(json.toString('utf8'))}&a=1&a=2`), refusedBy: 'node' }),
		() => ({ label: 'application/x-www-form-urlencoded (raw JSON)', contentType: 'application/x-www-form-urlencoded', body: json, refusedBy: 'node' }),
		() => ({ label: 'text/plain', contentType: 'text/plain', body: json, refusedBy: 'node' }),
		() => ({ label: 'no content type', body: json, refusedBy: 'node' }),
		() => ({ label: 'application/xml', contentType: 'application/xml', body: Buffer.from(`<?xml version="1.0"?><callback><status code="200"/><data><email>mallory@evil.example</email></data></callback>`), refusedBy: 'n8n-xml' }),
		() => ({ label: 'application/xml (unparseable)', contentType: 'application/xml', body: Buffer.from('<callback><data></callback'), refusedBy: 'n8n-xml' }),
		() => ({ label: 'text/xml (entity)', contentType: 'text/xml', body: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'), refusedBy: 'n8n-xml' }),
		() => ({ label: 'application/octet-stream', contentType: 'application/octet-stream', body: json, refusedBy: 'node' }),
		() => ({ label: 'text/html', contentType: 'text/html', body: json, refusedBy: 'node' }),
		() => ({ label: 'application/json (unparseable)', contentType: 'application/json', body: json.subarray(0, Math.max(1, json.length - random.int(1, 10))), refusedBy: 'n8n-parser' }),
		() => ({ label: 'application/json; charset=bogus', contentType: 'application/json; charset=bogus-8', body: json, refusedBy: 'n8n-parser' }),
		() => ({ label: 'application/json; charset=utf-16le', contentType: 'application/json; charset=utf-16le', body: Buffer.from(json.toString('utf8'), 'utf16le'), refusedBy: 'n8n-parser' }),
		() => ({ label: 'content type garbage', contentType: random.pick(['???', 'json', 'application/', '/', 'a/b/c; ; ;']), body: json, refusedBy: 'n8n-parser' }),
	];
	return random.pick(choices)();
}

/** Bodies hostile in themselves: empty, huge, deeply nested, binary, invalid UTF-8, prototype keys. */
function hostileBody(json: Buffer, random: Random): { label: string; contentType?: string; body: Buffer; refusedBy: RefusedBy; headers?: Record<string, string> } {
	const choices: Array<() => { label: string; contentType?: string; body: Buffer; refusedBy: RefusedBy; headers?: Record<string, string> }> = [
		() => ({ label: 'empty body', contentType: 'application/json', body: Buffer.alloc(0), refusedBy: 'node' }),
		() => ({ label: 'empty body, no content type', body: Buffer.alloc(0), refusedBy: 'node' }),
		() => {
			// Huge, but below n8n's own 16 MB N8N_PAYLOAD_SIZE_MAX (n8n answers that limit itself).
			const megabytes = random.pick([1, 2, 4]);
			const padding = 'x'.repeat(megabytes * 1024 * 1024);
			return { label: `huge JSON (${megabytes} MB)`, contentType: 'application/json', body: Buffer.from(JSON.stringify({ ...JSON.parse(json.toString('utf8')), padding })), refusedBy: 'node' };
		},
		() => {
			const depth = random.pick([100, 1000, 10_000, 50_000]);
			const array = random.chance(0.5);
			return { label: `JSON nested ${depth} deep`, contentType: 'application/json', body: Buffer.from(array ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`), refusedBy: 'node' };
		},
		() => ({ label: 'random bytes as JSON', contentType: 'application/json', body: Buffer.from(Array.from({ length: random.int(1, 2048) }, () => random.int(0, 255))), refusedBy: 'n8n-parser' }),
		() => ({ label: 'random bytes, no content type', body: Buffer.from(Array.from({ length: random.int(1, 2048) }, () => random.int(0, 255))), refusedBy: 'node' }),
		() => ({ label: 'invalid UTF-8 in JSON strings', contentType: 'application/json', body: Buffer.concat([Buffer.from('{"data":{"email":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xa0, 0xa1]), Buffer.from('"}}')]), refusedBy: 'node' }),
		() => ({ label: 'unicode and NUL in JSON', contentType: 'application/json', body: Buffer.from(JSON.stringify({ data: { name: '🔑 é 漢字 \u0000 \u202e', id: '\ud800' } })), refusedBy: 'node' }),
		() => ({ label: 'prototype keys', contentType: 'application/json', body: Buffer.from(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"data":${json.toString('utf8')}}`), refusedBy: 'node' }),
		() => ({ label: 'JSON scalar', contentType: 'application/json', body: Buffer.from(random.pick(['null', '0', '"text"', 'true', '[]', '{}'])), refusedBy: 'node' }),
		() => ({ label: 'JSON with byte-order mark', contentType: 'application/json', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]), refusedBy: 'node' }),
		() => ({ label: 'gzip-encoded JSON', contentType: 'application/json', body: gzipSync(json), refusedBy: 'node', headers: { 'content-encoding': 'gzip' } }),
		// n8n 2.41.1 answers 500 when a gzip body does not inflate, before any node runs (its own Webhook node too).
		() => ({ label: 'Content-Encoding gzip, body not gzip', contentType: 'application/json', body: json, refusedBy: 'n8n-itself', headers: { 'content-encoding': 'gzip' } }),
	];
	return random.pick(choices)();
}

/** A body changed after it was signed (only where the proof covers the body). */
function changedBody(json: Buffer, random: Random): { label: string; body: Buffer } {
	const text = json.toString('utf8');
	const at = random.int(0, json.length - 1);
	return random.pick([
		() => {
			const copy = Buffer.from(json);
			copy[at] = copy[at] ^ (1 << random.int(0, 6));
			return { label: 'one byte changed', body: copy };
		},
		() => ({ label: 'whitespace appended', body: Buffer.concat([json, Buffer.from(random.pick([' ', '\n', '\r\n', '\t']))]) }),
		() => ({ label: 're-serialised with indentation', body: Buffer.from(JSON.stringify(JSON.parse(text), null, 2)) }),
		() => ({ label: 'a value changed', body: Buffer.from(text.replace(/mallory@evil\.example/, 'eve@evil.example').replace(/"status":"[A-Z_]+"/, '"status":"CANCELED"')) }),
		() => ({ label: 'truncated', body: json.subarray(0, random.int(1, json.length - 1)) }),
		() => ({ label: 'byte-order mark added', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]) }),
		() => ({ label: 'doubled', body: Buffer.concat([json, json]) }),
		() => ({ label: 'emptied', body: Buffer.alloc(0) }),
	])();
}

/**
 * `count` cases for one target, made one at a time as they are sent (timestamps are "now" when a
 * case is made, so a case sent late is not mistaken for a fresh one). Families: a near-miss proof
 * (every scheme), the right proof over changed bytes (schemes that sign the body), forged proofs in
 * every content type and with hostile bodies, wrong methods, and (waiting webhooks) near-miss
 * resume tokens. The same seed gives the same cases in the same order.
 */
export function* generateCases(shape: TargetShape, count: number, random: Random, nowMs: () => number): Generator<FuzzCase> {
	const cases: FuzzCase[] = [];
	const jsonHeaders = (contentType?: string): Record<string, string> => (contentType ? { 'content-type': contentType } : {});
	for (let index = 0; index < count; index++) {
		while (cases.length > 0) yield cases.shift()!;
		const json = shape.body();
		const roll = random.next();
		if (roll < 0.3) {
			const proof = forgedProof(shape, json, random, nowMs());
			cases.push({ kind: `proof: ${proof.label}`, method: 'POST', headers: { ...jsonHeaders('application/json'), ...proof.headers }, body: json, refusedBy: 'node' });
		} else if (roll < 0.45 && shape.scheme.coversBody) {
			const changed = changedBody(json, random);
			const genuine = shape.scheme.genuineHeaders(json, nowMs());
			// A changed body may no longer be JSON: n8n's parser may refuse it first (422).
			cases.push({ kind: `signed, then body ${changed.label}`, method: 'POST', headers: { ...jsonHeaders('application/json'), ...genuine }, body: changed.body, refusedBy: 'n8n-parser' });
		} else if (roll < 0.6 && shape.scheme.coversBody) {
			// The right signature of the JSON, the JSON sent in another form: other bytes, so a forgery.
			const sent = asContentType(json, random);
			if (sent.body.equals(json)) {
				index--;
				continue;
			}
			cases.push({ kind: `signed JSON sent as ${sent.label}`, method: 'POST', headers: { ...jsonHeaders(sent.contentType), ...shape.scheme.genuineHeaders(json, nowMs()) }, body: sent.body, refusedBy: sent.refusedBy });
		} else if (roll < 0.75) {
			const sent = asContentType(json, random);
			const proof = forgedProof(shape, sent.body, random, nowMs());
			cases.push({ kind: `${sent.label} with ${proof.label}`, method: 'POST', headers: { ...jsonHeaders(sent.contentType), ...proof.headers }, body: sent.body, refusedBy: sent.refusedBy });
		} else if (roll < 0.92) {
			const hostile = hostileBody(json, random);
			const proof = forgedProof(shape, hostile.body, random, nowMs());
			cases.push({ kind: `${hostile.label} with ${proof.label}`, method: 'POST', headers: { ...jsonHeaders(hostile.contentType), ...hostile.headers, ...proof.headers }, body: hostile.body, refusedBy: hostile.refusedBy });
		} else if (roll < 0.97 || !shape.waiting) {
			// The right proof, the wrong method: the webhook listens for POST only.
			const method = random.pick(['GET', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
			const withBody = method !== 'GET' && method !== 'HEAD';
			cases.push({
				kind: `method ${method} with the right proof`,
				method,
				headers: { ...(withBody ? jsonHeaders('application/json') : {}), ...shape.scheme.genuineHeaders(withBody ? json : Buffer.alloc(0), nowMs()) },
				body: withBody ? json : undefined,
				refusedBy: 'n8n-routing',
			});
		} else {
			const miss = random.pick(['one character changed', 'truncated', 'missing', 'doubled']);
			cases.push({
				kind: `resume token ${miss}, right proof`,
				method: 'POST',
				headers: { ...jsonHeaders('application/json'), ...shape.scheme.genuineHeaders(json, nowMs()) },
				body: json,
				tokenMutation: (url) =>
					url.replace(/signature=([0-9a-f]+)/, (_all, token: string) => {
						if (miss === 'missing') return 'signatur=';
						if (miss === 'truncated') return `signature=${token.slice(0, -1)}`;
						if (miss === 'doubled') return `signature=${token}${token}`;
						const at = random.int(0, token.length - 1);
						return `signature=${token.slice(0, at)}${token[at] === '0' ? '1' : '0'}${token.slice(at + 1)}`;
					}),
				refusedBy: 'n8n-token',
			});
		}
	}
	yield* cases;
}
