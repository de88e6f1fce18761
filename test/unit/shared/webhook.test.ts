// rawBodyOf: the exact bytes of a request, or undefined when n8n kept none; never a throw (a throw
// in a webhook() is n8n's 500 and an error execution).
import type { IWebhookFunctions } from 'n8n-workflow';

import { rawBodyOf } from '../../../nodes/shared/webhook';

const contextWith = (request: Record<string, unknown>) => ({ getRequestObject: () => request }) as unknown as IWebhookFunctions;

describe('rawBodyOf', () => {
	it('returns the bytes n8n already read, without reading again', async () => {
		const readRawBody = jest.fn();
		const bytes = Buffer.from('{"a":1}');
		expect(await rawBodyOf(contextWith({ rawBody: bytes, readRawBody }))).toBe(bytes);
		expect(readRawBody).not.toHaveBeenCalled();
	});

	it('reads the body when n8n has not yet', async () => {
		const request: Record<string, unknown> = {};
		request.readRawBody = async () => {
			request.rawBody = Buffer.from('body');
		};
		expect((await rawBodyOf(contextWith(request)))?.toString()).toBe('body');
	});

	it('returns an empty body as an empty buffer (a signature over no bytes can still be checked)', async () => {
		const request: Record<string, unknown> = {};
		request.readRawBody = async () => {
			request.rawBody = Buffer.alloc(0);
		};
		expect(await rawBodyOf(contextWith(request))).toEqual(Buffer.alloc(0));
	});

	it('returns undefined, never throws, when the stream is gone (n8n parsed multipart/form-data itself)', async () => {
		// What n8n 2.41.1's readRawBody throws after formidable consumed the request (middlewares/body-parser.js).
		const readRawBody = async () => {
			throw Object.assign(new Error('Request body stream was aborted or is not readable'), { httpStatusCode: 400 });
		};
		await expect(rawBodyOf(contextWith({ readRawBody, body: { data: {}, files: {} } }))).resolves.toBeUndefined();
	});

	it('returns undefined when n8n offers no way to read the body', async () => {
		await expect(rawBodyOf(contextWith({}))).resolves.toBeUndefined();
	});
});
