// Which deliveries a trigger has already accepted, so a provider's repeat of one starts no second
// execution. Two places hold it, because n8n gives a trigger no atomic store:
// - this process's memory (module state, shared by every request this n8n process serves): one
//   JavaScript thread checks and records an id without interruption, so the same delivery
//   reaching this process several times at once starts one execution;
// - the workflow's static data (n8n's database): survives restarts and is read by the other
//   queue-mode webhook processes. n8n writes it back whole, last writer wins
//   (WorkflowStaticDataService.saveStaticDataById), so every write here carries every id this
//   process knows (merged into what the request loaded), and a write that loses a race is
//   repaired by the next request to the same process (a repeat included) that loads static data
//   without those ids.
// An id counts as accepted only once n8n answered the delivery 2xx, that is once the execution is
// stored (see acceptAndStart in ./webhook.ts): after a 5xx the provider retries, and the retry
// must not be taken for a repeat.
// Left open: the same delivery reaching two processes within the time one request takes (from
// n8n loading static data to saving it after the execution is stored; a few hundred milliseconds
// measured under load) can start two executions (docs/limits.md).
import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { liveEntries, storedFormOf, type Entry, type SeenIdsPolicy } from './seenIds';

type State = 'pending' | 'accepted';

interface Remembered {
	firstSeenMs: number;
	state: State;
}

/** Per workflow and node: id (stored form) -> what this process knows of it. */
const memory = new Map<string, Map<string, Remembered>>();

interface PendingWrite {
	store: IDataObject;
	key: string;
	scope: string;
	id: string;
	policy: SeenIdsPolicy;
}

/** Deliveries accepted by `webhook()` whose answer n8n has not sent yet. */
const pendingWrites = new Set<PendingWrite>();

function scopeOf(context: IWebhookFunctions): string {
	return `${context.getWorkflow().id ?? ''}\u0000${context.getNode().name}`;
}

function memoryOf(scope: string): Map<string, Remembered> {
	let known = memory.get(scope);
	if (!known) {
		known = new Map();
		memory.set(scope, known);
	}
	return known;
}

function prune(known: Map<string, Remembered>, policy: SeenIdsPolicy, nowMs: number): void {
	for (const [id, entry] of known) {
		if (entry.firstSeenMs <= nowMs - policy.windowMs) known.delete(id);
	}
	// Map keeps insertion order: the oldest go first. Pending ids stay (their answer decides).
	let excess = known.size - policy.maxEntries;
	for (const [id, entry] of known) {
		if (excess <= 0) break;
		if (entry.state === 'accepted') {
			known.delete(id);
			excess--;
		}
	}
}

/**
 * What to write to static data: the ids it held when loaded, every id this process has seen
 * accepted, and `ownId` (the delivery of this request), bounded to the newest maxEntries.
 */
function entriesToStore(loaded: Entry[], known: Map<string, Remembered>, ownId: string, policy: SeenIdsPolicy, nowMs: number): Entry[] {
	const byId = new Map<string, number>();
	for (const [id, firstSeenMs] of liveEntries(loaded, nowMs, policy.windowMs)) byId.set(id, firstSeenMs);
	for (const [id, entry] of known) {
		if (entry.state === 'accepted' || id === ownId) byId.set(id, Math.min(byId.get(id) ?? entry.firstSeenMs, entry.firstSeenMs));
	}
	return [...byId.entries()].sort((a, b) => a[1] - b[1]).slice(-policy.maxEntries);
}

/**
 * Returns true the first time `deliveryId` is seen (the caller then starts the execution with
 * acceptAndStart) and false for a repeat of a delivery accepted, or being accepted right now,
 * inside the policy's window. Must be called only on the path that returns acceptAndStart.
 */
export function acceptOnce(context: IWebhookFunctions, key: string, deliveryId: string, policy: SeenIdsPolicy, nowMs = Date.now()): boolean {
	const scope = scopeOf(context);
	const known = memoryOf(scope);
	prune(known, policy, nowMs);
	const store = context.getWorkflowStaticData('node');
	const loaded = liveEntries(store[key], nowMs, policy.windowMs);
	// What another process (or an earlier run of this one) recorded is known from now on.
	for (const [id, firstSeenMs] of loaded) {
		if (!known.has(id)) known.set(id, { firstSeenMs, state: 'accepted' });
	}
	const id = storedFormOf(deliveryId);
	if (known.has(id)) {
		// A repeat. If what the request loaded lacks ids this process saw accepted (another
		// process's write won a race), write them back: n8n saves static data for this answer too.
		const loadedIds = new Set(loaded.map(([loadedId]) => loadedId));
		const lost = [...known].some(([knownId, entry]) => entry.state === 'accepted' && !loadedIds.has(knownId));
		if (lost) store[key] = entriesToStore(loaded, known, '', policy, nowMs) as unknown as IDataObject[];
		return false;
	}
	known.set(id, { firstSeenMs: nowMs, state: 'pending' });

	const write: PendingWrite = { store, key, scope, id, policy };
	pendingWrites.add(write);
	writeStore(write, loaded, nowMs);

	// n8n's answer says whether the execution is stored: 2xx keeps the id, anything else (or a
	// connection closed before the answer) forgets it so the provider's retry is accepted.
	const response = context.getResponseObject();
	const settle = () => {
		if (!pendingWrites.delete(write)) return;
		const entry = known.get(id);
		if (!entry || entry.state !== 'pending') return;
		if (response.writableFinished && response.statusCode >= 200 && response.statusCode < 300) entry.state = 'accepted';
		else known.delete(id);
	};
	response.once('finish', settle);
	response.once('close', settle);
	return true;
}

function writeStore(write: PendingWrite, loaded: Entry[], nowMs: number): void {
	const known = memoryOf(write.scope);
	// A new array every time: n8n notices changes to static data by assignment to its keys
	// (n8n-workflow ObservableObject), not by mutation of nested arrays.
	write.store[write.key] = entriesToStore(loaded, known, write.id, write.policy, nowMs) as unknown as IDataObject[];
}

/**
 * Assigns the static data of every delivery still waiting for its answer again, which marks it
 * changed. n8n clears the "changed" flag while it sets the execution up (workflow-runner.js
 * establishContextForPersistence wraps the same object again), between `webhook()` and the save
 * that precedes its answer; ./webhook.ts calls this when n8n reads `responseData`, which it does
 * after that set-up and before that save.
 */
export function markPendingDeliveriesChanged(nowMs = Date.now()): void {
	for (const write of pendingWrites) {
		writeStore(write, liveEntries(write.store[write.key], nowMs, write.policy.windowMs), nowMs);
	}
}

/** Forgets everything this process remembers (tests). */
export function forgetAllDeliveries(): void {
	memory.clear();
	pendingWrites.clear();
}

/**
 * For providers whose deliveries carry no id of their own (FullEnrich, Surfe, Wiza): a digest of the
 * exact bytes received, which a provider's repeat of the same delivery reproduces. Two different
 * events never share their bytes (each names its enrichment and its results).
 */
export function deliveryIdOfBytes(rawBody: Buffer | undefined, event = ''): string {
	return `body:${event}:${createHash('sha256').update(rawBody ?? Buffer.alloc(0)).digest('hex')}`;
}

/** How long FullEnrich, Surfe and Wiza deliveries are remembered: their retries come within minutes. */
export const BODY_DELIVERY_POLICY: SeenIdsPolicy = { windowMs: 24 * 3_600_000, maxEntries: 1000 };
export const BODY_DELIVERY_KEY = 'acceptedDeliveries';
