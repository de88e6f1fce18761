import { createHash, createHmac } from 'node:crypto';

import {
	bytesEqual,
	hexDigestMatches,
	parseTimestampedSignature,
	singleHeaderValue,
	textEqual,
	verifyBasicAuth,
	verifyBearerToken,
	verifyCustomHeaders,
	verifyHmacSha1Body,
	verifyTimestampedHmacSha256,
	verifyWizaAuthKey,
} from '../../../nodes/shared/verification';

const SECRET = 'shared-secret-for-tests';
const BODY = '{"hello":"world","n":1}';
const sha256hex = (text: string) => createHash('sha256').update(text).digest('hex');
const hmacSha1 = (key: string, body: string) => createHmac('sha1', key).update(body).digest('hex');
const surfeSignature = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const FE_CHECK = { header: 'X-Signature-SHA1', digest: 'the HMAC-SHA1 of the body' };
const SURFE = 'x-surfe-signature';

/** Values an attacker (or a broken proxy) can put where a header or signature belongs. */
const HOSTILE: Array<[string, unknown]> = [
	['undefined', undefined],
	['null', null],
	['empty', ''],
	['spaces', '   '],
	['a number', 12345],
	['NaN', NaN],
	['a boolean', true],
	['an object', { value: 'x' }],
	['an empty array', []],
	['an array of two', ['a', 'b']],
	['an array holding a number', [1]],
	['huge', 'f'.repeat(1_000_000)],
	['unicode', '🔑é漢字'.repeat(20)],
	['control characters', '\u0000\r\n\t'],
	['non-hex of hex length', 'g'.repeat(64)],
	['wrong length hex', 'ab'.repeat(7)],
];

describe('verification never throws and never verifies hostile input', () => {
	const schemes: Array<[string, (presented: unknown) => { verified: boolean }]> = [
		['Wiza x-auth-key', (presented) => verifyWizaAuthKey({ apiKey: SECRET, presentedKey: presented })],
		['FullEnrich HMAC-SHA1', (presented) => verifyHmacSha1Body({ secret: SECRET, rawBody: BODY, presentedSignature: presented, check: FE_CHECK })],
		['Surfe t/v0', (presented) => verifyTimestampedHmacSha256({ secret: SECRET, rawBody: BODY, presentedHeader: presented, headerName: SURFE, nowMs: Date.now() })],
		['Basic', (presented) => verifyBasicAuth({ username: 'user', password: SECRET, authorization: presented })],
		['Bearer', (presented) => verifyBearerToken({ token: SECRET, authorization: presented })],
		['custom headers', (presented) => verifyCustomHeaders({ expected: [{ name: 'X-Token', value: SECRET }], headers: { 'x-token': presented } })],
		['hex digest', (presented) => hexDigestMatches(Buffer.alloc(32, 1), presented, { header: 'x-digest', digest: 'a digest' })],
	];

	for (const [scheme, verify] of schemes) {
		it.each(HOSTILE)(`${scheme}: %s`, (_case, presented) => {
			let result: { verified: boolean; reason?: string } | undefined;
			expect(() => {
				result = verify(presented);
			}).not.toThrow();
			expect(result?.verified).toBe(false);
			// The reason names what was wrong, never the secret or what was presented.
			expect(result?.reason).toEqual(expect.any(String));
			expect(result?.reason).not.toContain(SECRET);
			if (typeof presented === 'string' && presented.trim().length > 3) expect(result?.reason).not.toContain(presented.trim());
		});
	}
});

describe('helpers', () => {
	it('singleHeaderValue takes a string or a one-element array only', () => {
		expect(singleHeaderValue('a')).toBe('a');
		expect(singleHeaderValue(['a'])).toBe('a');
		expect(singleHeaderValue(['a', 'b'])).toBeUndefined();
		expect(singleHeaderValue([1])).toBeUndefined();
		expect(singleHeaderValue(undefined)).toBeUndefined();
	});

	it('bytesEqual is false for different lengths and for two empty buffers', () => {
		expect(bytesEqual(Buffer.from('ab'), Buffer.from('abc'))).toBe(false);
		expect(bytesEqual(Buffer.alloc(0), Buffer.alloc(0))).toBe(false);
		expect(bytesEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
	});

	it('textEqual refuses an empty secret even when the presented value is empty too', () => {
		expect(textEqual('', '')).toBe(false);
		expect(textEqual('x', 'x')).toBe(true);
		expect(textEqual('x', 'x ')).toBe(false);
	});
});

describe('Wiza x-auth-key', () => {
	it('verifies hex SHA-256 of the API key, in either case, with surrounding spaces', () => {
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: sha256hex(SECRET) })).toEqual({ verified: true });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: sha256hex(SECRET).toUpperCase() })).toEqual({ verified: true });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: ` ${sha256hex(SECRET)} ` })).toEqual({ verified: true });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: [sha256hex(SECRET)] })).toEqual({ verified: true });
	});

	it('refuses the hash of another key, the key itself, and a repeated header', () => {
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: sha256hex('other') })).toMatchObject({ verified: false, reason: "x-auth-key does not match the SHA-256 of the credential's API key" });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: SECRET }).verified).toBe(false);
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: [sha256hex(SECRET), sha256hex(SECRET)] }).verified).toBe(false);
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: `${sha256hex(SECRET)}, ${sha256hex(SECRET)}` }).verified).toBe(false);
	});

	it('refuses everything when the credential has no key (even the hash of an empty key)', () => {
		expect(verifyWizaAuthKey({ apiKey: '', presentedKey: sha256hex('') })).toMatchObject({ verified: false });
	});

	it('says which check failed', () => {
		// Wiza signs nothing: every reason speaks of x-auth-key and the SHA-256 of the key, never of a signature.
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: undefined })).toMatchObject({ reason: 'x-auth-key header is missing' });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: '' })).toMatchObject({ reason: 'x-auth-key header is empty' });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: 'abcd' })).toMatchObject({ reason: "x-auth-key has the wrong length: expected 64 hexadecimal characters (the SHA-256 of the credential's API key)" });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: 'z'.repeat(64) })).toMatchObject({ reason: "x-auth-key is not hexadecimal (expected the SHA-256 of the credential's API key)" });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: 'a'.repeat(9000) })).toMatchObject({ reason: 'x-auth-key header is too long' });
		expect(verifyWizaAuthKey({ apiKey: SECRET, presentedKey: [sha256hex(SECRET), sha256hex(SECRET)] })).toMatchObject({ reason: 'x-auth-key header is repeated or not a single value' });
		for (const presentedKey of [undefined, '', 'abcd', sha256hex('other'), ['a', 'b']]) {
			expect(JSON.stringify(verifyWizaAuthKey({ apiKey: SECRET, presentedKey }))).not.toMatch(/signature/i);
		}
	});
});

describe('FullEnrich HMAC-SHA1 of the raw body', () => {
	it('verifies the HMAC of the exact bytes, as string or Buffer', () => {
		expect(verifyHmacSha1Body({ secret: SECRET, rawBody: BODY, presentedSignature: hmacSha1(SECRET, BODY), check: FE_CHECK }).verified).toBe(true);
		expect(verifyHmacSha1Body({ secret: SECRET, rawBody: Buffer.from(BODY), presentedSignature: hmacSha1(SECRET, BODY), check: FE_CHECK }).verified).toBe(true);
	});

	it('refuses a re-serialised body, another key, and a missing body', () => {
		const reserialised = JSON.stringify(JSON.parse(BODY), null, 1);
		expect(verifyHmacSha1Body({ secret: SECRET, rawBody: reserialised, presentedSignature: hmacSha1(SECRET, BODY), check: FE_CHECK }).verified).toBe(false);
		expect(verifyHmacSha1Body({ secret: SECRET, rawBody: BODY, presentedSignature: hmacSha1('other', BODY), check: FE_CHECK }).verified).toBe(false);
		expect(verifyHmacSha1Body({ secret: SECRET, rawBody: undefined, presentedSignature: hmacSha1(SECRET, BODY), check: FE_CHECK })).toMatchObject({ verified: false, reason: expect.stringContaining('no raw body to check X-Signature-SHA1') });
		expect(verifyHmacSha1Body({ secret: '', rawBody: BODY, presentedSignature: hmacSha1('', BODY), check: FE_CHECK }).verified).toBe(false);
	});

	it('refuses a SHA-256 signature where SHA-1 is expected (wrong length)', () => {
		expect(verifyHmacSha1Body({ secret: SECRET, rawBody: BODY, presentedSignature: createHmac('sha256', SECRET).update(BODY).digest('hex'), check: FE_CHECK })).toMatchObject({ reason: 'X-Signature-SHA1 has the wrong length: expected 40 hexadecimal characters (the HMAC-SHA1 of the body)' });
	});
});

describe('Surfe t=..,v0=.. HMAC-SHA256', () => {
	const nowMs = 1_760_000_000_000;
	const header = (timestamp: string, ...signatures: string[]) => [`t=${timestamp}`, ...signatures.map((signature) => `v0=${signature}`)].join(',');
	const verify = (presentedHeader: unknown, extra: { toleranceSeconds?: number; rawBody?: string } = {}) =>
		verifyTimestampedHmacSha256({ secret: SECRET, rawBody: extra.rawBody ?? BODY, presentedHeader, headerName: SURFE, nowMs, toleranceSeconds: extra.toleranceSeconds });

	it('parses t and every v0, ignoring unknown parts and spaces', () => {
		expect(parseTimestampedSignature('t=1, v0=aa ,v1=zz,v0=bb,junk')).toEqual({ timestamp: '1', signatures: ['aa', 'bb'] });
		expect(parseTimestampedSignature('v0=aa')).toBeUndefined();
		expect(parseTimestampedSignature('t=1')).toBeUndefined();
		expect(parseTimestampedSignature('=,=,')).toBeUndefined();
	});

	it('verifies a fresh millisecond timestamp', () => {
		const t = String(nowMs - 1000);
		expect(verify(header(t, surfeSignature(SECRET, t, BODY)))).toEqual({ verified: true });
	});

	it('reads a seconds timestamp as seconds, signed over the digits as sent', () => {
		const t = String(Math.floor(nowMs / 1000) - 10);
		expect(verify(header(t, surfeSignature(SECRET, t, BODY)))).toEqual({ verified: true });
	});

	it('refuses a stale or future timestamp even with a correct signature', () => {
		const stale = String(nowMs - 301_000);
		const future = String(nowMs + 301_000);
		expect(verify(header(stale, surfeSignature(SECRET, stale, BODY)))).toMatchObject({ reason: 'x-surfe-signature timestamp (t) is more than 300 s away from now (stale, future or a replay)' });
		expect(verify(header(future, surfeSignature(SECRET, future, BODY)))).toMatchObject({ reason: 'x-surfe-signature timestamp (t) is more than 300 s away from now (stale, future or a replay)' });
		const staleSeconds = String(Math.floor(nowMs / 1000) - 400);
		expect(verify(header(staleSeconds, surfeSignature(SECRET, staleSeconds, BODY))).verified).toBe(false);
	});

	it('honours a custom tolerance', () => {
		const t = String(nowMs - 20_000);
		expect(verify(header(t, surfeSignature(SECRET, t, BODY)), { toleranceSeconds: 10 }).verified).toBe(false);
		expect(verify(header(t, surfeSignature(SECRET, t, BODY)), { toleranceSeconds: 30 }).verified).toBe(true);
	});

	it('accepts any one matching v0 (secret rotation)', () => {
		const t = String(nowMs);
		expect(verify(header(t, surfeSignature('old-secret', t, BODY), surfeSignature(SECRET, t, BODY))).verified).toBe(true);
		expect(verify(header(t, surfeSignature('old-secret', t, BODY), 'zz')).verified).toBe(false);
	});

	it('refuses a signature made for another timestamp or body', () => {
		const t = String(nowMs);
		expect(verify(header(t, surfeSignature(SECRET, String(nowMs - 1), BODY))).verified).toBe(false);
		expect(verify(header(t, surfeSignature(SECRET, t, BODY)), { rawBody: `${BODY} ` }).verified).toBe(false);
	});

	it.each([
		['no t', 'v0=abcd'],
		['no v0', `t=${nowMs}`],
		['a non-numeric t', 'v0=ab,t=soon'],
		['a negative t', 'v0=ab,t=-5'],
		['an absurdly long t', `t=${'9'.repeat(40)},v0=ab`],
		['an exponent t', 't=1e12,v0=ab'],
	])('refuses a header with %s', (_case, presented) => {
		expect(verify(presented).verified).toBe(false);
	});
});

describe('IDWise Basic, Bearer and custom headers', () => {
	it('Basic: verifies the exact user and password, case-insensitive scheme', () => {
		expect(verifyBasicAuth({ username: 'user', password: SECRET, authorization: basic('user', SECRET) }).verified).toBe(true);
		expect(verifyBasicAuth({ username: 'user', password: SECRET, authorization: basic('user', SECRET).replace('Basic', 'basic') }).verified).toBe(true);
		expect(verifyBasicAuth({ username: 'user', password: 'pa:ss', authorization: basic('user', 'pa:ss') }).verified).toBe(true);
	});

	it('Basic: refuses a wrong user, a wrong password, a missing colon and another scheme', () => {
		expect(verifyBasicAuth({ username: 'user', password: SECRET, authorization: basic('admin', SECRET) }).verified).toBe(false);
		expect(verifyBasicAuth({ username: 'user', password: SECRET, authorization: basic('user', `${SECRET}x`) }).verified).toBe(false);
		expect(verifyBasicAuth({ username: 'user', password: SECRET, authorization: `Basic ${Buffer.from('usernocolon').toString('base64')}` })).toMatchObject({ reason: 'Basic auth: the decoded credentials have no ":" between username and password' });
		expect(verifyBasicAuth({ username: 'user', password: SECRET, authorization: `Bearer ${SECRET}` })).toMatchObject({ reason: 'Basic auth: the Authorization header is not "Basic <base64 of username:password>"' });
		expect(verifyBasicAuth({ username: 'user', password: SECRET, authorization: 'Basic !!!not-base64!!!' }).verified).toBe(false);
		expect(verifyBasicAuth({ username: '', password: '', authorization: basic('', '') }).verified).toBe(false);
	});

	it('Basic: accepts one encoding of the right credentials, the standard base64 with or without its padding, and refuses the rest', () => {
		const verify = (authorization: string) => verifyBasicAuth({ username: 'user', password: 'pw1', authorization });
		const right = Buffer.from('user:pw1').toString('base64'); // "dXNlcjpwdzE=": one "=" of padding
		expect(right).toMatch(/[^=]=$/);
		expect(verify(`Basic ${right}`).verified).toBe(true);
		expect(verify(`Basic ${right.replace(/=+$/, '')}`).verified).toBe(true);
		expect(verify(`basic ${right}`).verified).toBe(true);
		// Node's decoder stops at "=" and skips stray characters; each of these decodes to the right credentials.
		for (const variant of [`${right}Ym1tMXJ3`, `${right}=`, `${right}==Ym1tMXJ3`, `${right.slice(0, 4)}\t${right.slice(4)}`, `${right}.`, `${right.slice(0, 4)}*${right.slice(4)}`]) {
			expect(Buffer.from(variant, 'base64').toString('utf8')).toBe('user:pw1');
			expect(verify(`Basic ${variant}`)).toEqual({ verified: false, reason: expect.stringMatching(/^Basic auth: /) });
		}
		// Where the canonical form has no padding, padding is refused.
		const unpadded = Buffer.from('user:pw12').toString('base64');
		expect(unpadded).not.toContain('=');
		expect(verifyBasicAuth({ username: 'user', password: 'pw12', authorization: `Basic ${unpadded}` }).verified).toBe(true);
		expect(verifyBasicAuth({ username: 'user', password: 'pw12', authorization: `Basic ${unpadded}==` }).verified).toBe(false);
		// Non-canonical trailing bits: the same bytes, another text.
		const lastChar = right.replace(/=+$/, '').slice(-1);
		const sibling = right.replace(/=+$/, '').slice(0, -1) + String.fromCharCode(lastChar.charCodeAt(0) + 1);
		expect(Buffer.from(sibling, 'base64').toString('utf8')).toBe('user:pw1');
		expect(verify(`Basic ${sibling}`).verified).toBe(false);
	});

	it('Bearer: verifies the exact token only', () => {
		expect(verifyBearerToken({ token: SECRET, authorization: `Bearer ${SECRET}` }).verified).toBe(true);
		expect(verifyBearerToken({ token: SECRET, authorization: `bearer ${SECRET}  ` }).verified).toBe(true);
		expect(verifyBearerToken({ token: SECRET, authorization: `Bearer ${SECRET}x` }).verified).toBe(false);
		expect(verifyBearerToken({ token: SECRET, authorization: SECRET })).toMatchObject({ reason: 'Bearer token: the Authorization header is not "Bearer <token>"' });
		expect(verifyBearerToken({ token: '', authorization: 'Bearer ' }).verified).toBe(false);
		expect(verifyBearerToken({ token: SECRET, authorization: [`Bearer ${SECRET}`, 'Bearer x'] }).verified).toBe(false);
	});

	it('custom headers: every configured header must match; names are case-insensitive', () => {
		const expected = [
			{ name: 'X-One', value: 'first' },
			{ name: 'X-Two', value: 'second' },
		];
		expect(verifyCustomHeaders({ expected, headers: { 'x-one': 'first', 'x-two': 'second', other: 'x' } }).verified).toBe(true);
		expect(verifyCustomHeaders({ expected, headers: { 'x-one': 'first' } })).toMatchObject({ verified: false, reason: 'custom headers: header "X-Two" is missing or does not match the credential' });
		expect(verifyCustomHeaders({ expected, headers: { 'x-one': 'FIRST', 'x-two': 'second' } }).verified).toBe(false);
		expect(verifyCustomHeaders({ expected: [], headers: {} })).toMatchObject({ reason: 'custom headers: the credential lists no header to check' });
		expect(verifyCustomHeaders({ expected: [{ name: 'X-Empty', value: '' }], headers: { 'x-empty': '' } }).verified).toBe(false);
	});

	it('custom headers: a reason never carries the expected value', () => {
		const result = verifyCustomHeaders({ expected: [{ name: 'X-Token', value: SECRET }], headers: { 'x-token': 'wrong' } });
		expect(JSON.stringify(result)).not.toContain(SECRET);
	});
});
