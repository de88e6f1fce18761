// Waiting in a test for something a fake provider records (requests, deliveries) to come true.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 100 ms; throws, naming `what`, when it is still false after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`${what}: not seen within ${Math.round(timeoutMs / 1000)} s`);
		await sleep(100);
	}
}
