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

	/** True when nothing was sent in the last window: forgetting this pacer changes nothing. */
	isIdle(): boolean {
		const last = this.sentAt[this.sentAt.length - 1];
		return last === undefined || last <= this.now() - this.limit.windowMs;
	}

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

/** Above this many pacers, idle ones are dropped (per-journey pacing makes one per journey). */
const PRUNE_ABOVE = 1000;

function pruneIdlePacers(): void {
	for (const [key, pacer] of pacers) if (pacer.isIdle()) pacers.delete(key);
}

/** How many pacers are kept now (for tests). */
export function pacerCount(): number {
	return pacers.size;
}

/** The process-wide pacer for one account (never keyed by the secret itself, only its hash). */
export function pacerFor(scope: string, accountSecret: string, limit: RateLimit): SlidingWindowPacer {
	const key = `${scope}:${createHash('sha256').update(accountSecret).digest('hex').slice(0, 16)}`;
	let pacer = pacers.get(key);
	if (!pacer) {
		if (pacers.size >= PRUNE_ABOVE) pruneIdlePacers();
		pacer = new SlidingWindowPacer(limit);
		pacers.set(key, pacer);
	}
	return pacer;
}
