// A bounded memory of ids already accepted, as kept in a node's workflow static data: the stored
// form of an id and the entries still inside their window. ./deliveryMemory.ts decides when ids
// are recorded and how concurrent requests and processes share them.
import { createHash } from 'crypto';

export interface SeenIdsPolicy {
	/** How long an id is remembered after it was first accepted. */
	windowMs: number;
	/** Most ids kept; the oldest go first. Bounds what is written to the database each call. */
	maxEntries: number;
}

/** Ids are stored as given when short (readable when debugging), else as a digest. */
const MAX_STORED_ID_LENGTH = 128;

export type Entry = [id: string, firstSeenMs: number];

export function storedFormOf(id: string): string {
	return id.length <= MAX_STORED_ID_LENGTH ? id : `sha256:${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}

/** The entries still inside the window, oldest first; anything malformed in storage is dropped. */
export function liveEntries(stored: unknown, nowMs: number, windowMs: number): Entry[] {
	if (!Array.isArray(stored)) return [];
	return stored.filter(
		(entry): entry is Entry =>
			Array.isArray(entry) &&
			entry.length === 2 &&
			typeof entry[0] === 'string' &&
			typeof entry[1] === 'number' &&
			entry[1] > nowMs - windowMs &&
			entry[1] <= nowMs + windowMs,
	);
}
