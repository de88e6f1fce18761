// Benchmarks the verification helper (the code on every webhook's hot path) and prints figures:
// verifications per second and nanoseconds per call for each scheme, on valid and hostile input,
// and the process's peak memory. Run `npm run build` first. Whole-process timings: use
//   hyperfine 'node scripts/bench.mjs'   (hyperfine: Debian/Ubuntu package, or `time npm run bench`)
// Nothing here asserts a speed; it prints numbers to compare between versions.
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const verification = require('../dist/nodes/shared/verification.js');

const apiKey = 'bench-api-key-0123456789';
const body = Buffer.from(JSON.stringify({ id: 'x', data: Array.from({ length: 100 }, (_, i) => ({ i, email: `p${i}@example.com` })) }));
const bigBody = Buffer.alloc(1024 * 1024, 'a');
const now = Date.now();
const surfeHeader = (raw) => `t=${now},v0=${createHmac('sha256', apiKey).update(`${now}.`).update(raw).digest('hex')}`;

const cases = [
	['wiza x-auth-key valid', () => verification.verifyWizaAuthKey({ apiKey, presentedKey: createHash('sha256').update(apiKey).digest('hex') })],
	['wiza x-auth-key wrong length', () => verification.verifyWizaAuthKey({ apiKey, presentedKey: 'abc' })],
	['wiza x-auth-key 8 KB garbage', () => verification.verifyWizaAuthKey({ apiKey, presentedKey: 'z'.repeat(8192) })],
	['fullenrich hmac-sha1 10 KB body', () => verification.verifyHmacSha1Body({ secret: apiKey, rawBody: body, presentedSignature: createHmac('sha1', apiKey).update(body).digest('hex') })],
	['fullenrich hmac-sha1 1 MB body', () => verification.verifyHmacSha1Body({ secret: apiKey, rawBody: bigBody, presentedSignature: '00'.repeat(20) })],
	['surfe t/v0 valid', () => verification.verifyTimestampedHmacSha256({ secret: apiKey, rawBody: body, presentedHeader: surfeHeader(body), nowMs: now })],
	['surfe malformed header', () => verification.verifyTimestampedHmacSha256({ secret: apiKey, rawBody: body, presentedHeader: 't=,v0=', nowMs: now })],
	['idwise basic valid', () => verification.verifyBasicAuth({ username: 'u', password: 'p', authorization: `Basic ${Buffer.from('u:p').toString('base64')}` })],
	['idwise bearer wrong', () => verification.verifyBearerToken({ token: apiKey, authorization: 'Bearer nope' })],
];

function measure(run) {
	const deadline = process.hrtime.bigint() + 300_000_000n;
	let calls = 0;
	const start = process.hrtime.bigint();
	while (process.hrtime.bigint() < deadline) {
		for (let i = 0; i < 50; i++) run();
		calls += 50;
	}
	const elapsedNs = Number(process.hrtime.bigint() - start);
	return { perSecond: Math.round((calls / elapsedNs) * 1e9), nsPerCall: Math.round(elapsedNs / calls) };
}

console.log('scheme'.padEnd(36), 'calls/s'.padStart(12), 'ns/call'.padStart(12));
for (const [name, run] of cases) {
	const { perSecond, nsPerCall } = measure(run);
	console.log(name.padEnd(36), String(perSecond).padStart(12), String(nsPerCall).padStart(12));
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
