// Client-side pacing: keeps a credential's requests inside the provider's published rate limit,
// so a large input does not spend itself on 429s. State is per process (n8n's main process or one
// queue-mode worker); several workers sharing a key can still meet a 429, which the transport
// then waits out (see transport.ts).
import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

export interface RateLimit {
	/** Requests allowed in any window of `windowMs`. */
	maxRequests: number;
	windowMs: number;
}

export class SlidingWindowPacer {
	private readonly sentAt: number[] = [];

	constructor(
		private readonly limit: RateLimit,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	/** Resolves when one more request may be sent, and counts it as sent. */
	async acquire(): Promise<void> {
		for (;;) {
			const now = this.now();
			while (this.sentAt.length > 0 && this.sentAt[0] <= now - this.limit.windowMs) this.sentAt.shift();
			if (this.sentAt.length < this.limit.maxRequests) {
				this.sentAt.push(now);
				return;
			}
			await this.wait(this.sentAt[0] + this.limit.windowMs - now);
		}
	}
}

const pacers = new Map<string, SlidingWindowPacer>();

/** The process-wide pacer for one account (never keyed by the secret itself, only its hash). */
export function pacerFor(scope: string, accountSecret: string, limit: RateLimit): SlidingWindowPacer {
	const key = `${scope}:${createHash('sha256').update(accountSecret).digest('hex').slice(0, 16)}`;
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new SlidingWindowPacer(limit);
		pacers.set(key, pacer);
	}
	return pacer;
}
