// scripts/send-sample.mjs signs like the providers (the same computation as the fake providers,
// which follow the providers' docs) and its requests pass the verification the triggers run.
// Whether the real triggers accept them in n8n: test/e2e/sample.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { signFullEnrichBody } from '../../fakes/fullenrich';
import { signSurfeBody } from '../../fakes/surfe';
import { sha256hex } from '../../fakes/wiza';
import {
	verifyBasicAuth,
	verifyBearerToken,
	verifyCustomHeaders,
	verifyHmacSha1Body,
	verifyTimestampedHmacSha256,
	verifyWizaAuthKey,
} from '../../../nodes/shared/verification';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'send-sample.mjs');
const URL = 'http://127.0.0.1:5678/webhook/abc/webhook';

interface PrintedRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: string;
}

function printed(...args: string[]): PrintedRequest {
	return JSON.parse(execFileSync(process.execPath, [SCRIPT, ...args, '--print'], { encoding: 'utf8' })) as PrintedRequest;
}

function usageError(...args: string[]) {
	const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
	return { code: result.status, stderr: result.stderr };
}

describe('send-sample signs like the providers', () => {
	it.each(['reveal.finished', 'reveal.failed'])('wiza %s: x-auth-key is the hex SHA-256 of the key', (event) => {
		const request = printed('wiza', URL, '--key', 'k-123', '--event', event);
		expect(request.headers['x-auth-key']).toBe(sha256hex('k-123'));
		expect(verifyWizaAuthKey({ apiKey: 'k-123', presentedKey: request.headers['x-auth-key'] })).toEqual({ verified: true });
		expect(verifyWizaAuthKey({ apiKey: 'other', presentedKey: request.headers['x-auth-key'] }).verified).toBe(false);
		expect(JSON.parse(request.body)).toMatchObject({ type: 'individual_reveal', data: { status: event === 'reveal.failed' ? 'failed' : 'finished' } });
	});

	it.each(['batch_finished', 'contact_finished'])('fullenrich %s: X-Signature-SHA1 is the HMAC-SHA1 of the exact body', (event) => {
		const request = printed('fullenrich', URL, '--key', 'fe-key', '--event', event);
		expect(request.headers['x-signature-sha1']).toBe(signFullEnrichBody(request.body, 'fe-key'));
		const rawBody = Buffer.from(request.body, 'utf8');
		expect(verifyHmacSha1Body({ secret: 'fe-key', rawBody, presentedSignature: request.headers['x-signature-sha1'] })).toEqual({ verified: true });
		expect(verifyHmacSha1Body({ secret: 'fe-key', rawBody: Buffer.from(`${request.body} `), presentedSignature: request.headers['x-signature-sha1'] }).verified).toBe(false);
		expect(JSON.parse(request.body).status).toBe(event === 'batch_finished' ? 'FINISHED' : 'IN_PROGRESS');
	});

	it.each(['person.enrichment.completed', 'person.batch-enrichment.completed', 'company.enrichment.completed'])(
		'surfe %s: x-surfe-signature is t=<ms>,v0=HMAC-SHA256("<t>.<body>") with the secret',
		(event) => {
			const before = Date.now();
			const request = printed('surfe', URL, '--secret', 'whsec', '--event', event);
			const t = Number(/^t=(\d+),/.exec(request.headers['x-surfe-signature'])?.[1]);
			expect(t).toBeGreaterThanOrEqual(before);
			expect(request.headers['x-surfe-signature']).toBe(signSurfeBody('whsec', request.body, t));
			const rawBody = Buffer.from(request.body, 'utf8');
			const check = (secret: string) => verifyTimestampedHmacSha256({ secret, rawBody, presentedHeader: request.headers['x-surfe-signature'], nowMs: Date.now() });
			expect(check('whsec')).toEqual({ verified: true });
			expect(check('other').verified).toBe(false);
			expect(JSON.parse(request.body).eventType).toBe(event);
		},
	);

	it('idwise: Bearer, Basic and custom headers, as set in the webhook wizard', () => {
		const bearer = printed('idwise', URL, '--bearer', 'tok');
		expect(verifyBearerToken({ token: 'tok', authorization: bearer.headers.authorization })).toEqual({ verified: true });
		const basic = printed('idwise', URL, '--user', 'hooks', '--password', 'p:ss');
		expect(verifyBasicAuth({ username: 'hooks', password: 'p:ss', authorization: basic.headers.authorization })).toEqual({ verified: true });
		const custom = printed('idwise', URL, '--header', 'X-Hook-Key: v1', '--header', 'X-Other: v2');
		expect(verifyCustomHeaders({ expected: [{ name: 'X-Hook-Key', value: 'v1' }, { name: 'X-Other', value: 'v2' }], headers: custom.headers })).toEqual({ verified: true });
		expect(JSON.parse(bearer.body)).toMatchObject({ event: 'Finished Journey', body: { eventId: expect.any(String), referenceNo: 'sample-customer-1' } });
		expect(JSON.parse(printed('idwise', URL, '--bearer', 'tok', '--event', 'Manually Reviewed').body).event).toBe('Manually Reviewed');
	});
});

describe('send-sample refuses bad input with a clear message (exit 2)', () => {
	it.each([
		[['nope', URL, '--key', 'k'], /Unknown provider "nope"/],
		[['wiza', URL], /wiza needs --key <value>/],
		[['wiza', 'not a url', '--key', 'k'], /is not a URL/],
		[['wiza', 'ftp://x/y', '--key', 'k'], /is not an http\(s\) URL/],
		[['surfe', URL, '--key', 'k'], /surfe needs --secret/],
		[['idwise', URL, '--bearer', 't', '--user', 'u'], /exactly one of/],
		[['idwise', URL, '--header', 'no colon'], /is not "<Name>: <value>"/],
		[['wiza', URL, '--key', 'k', '--event', 'list.finished'], /wiza has no event "list.finished"/],
		[['wiza'], /Give a provider and a URL/],
	])('%j', (args, message) => {
		const result = usageError(...(args as string[]));
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(message as RegExp);
		expect(result.stderr).toMatch(/Usage:/);
	});
});
