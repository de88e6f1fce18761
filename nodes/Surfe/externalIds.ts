// Surfe issues no id per person or company: the `externalID` we send is echoed on the GET
// result and on every webhook, and is the only way to match a result back to its input item.
import type { INode } from 'n8n-workflow';

import { invalidInputError } from '../shared/errors';

/**
 * Hands out one externalID per item: the user's own value when they mapped one, else
 * `n8n-<execution id>-<item index>`, unique across executions of this n8n instance. An id used
 * twice in one run is refused: two results with the same id could not be told apart.
 */
export class ExternalIds {
	private readonly usedBy = new Map<string, number>();

	constructor(
		private readonly node: INode,
		private readonly executionId: string,
	) {}

	idFor(itemIndex: number, mapped: string): string {
		const id = mapped.trim() !== '' ? mapped.trim() : nodeExternalId(this.executionId, itemIndex);
		const earlier = this.usedBy.get(id);
		if (earlier !== undefined) {
			throw invalidInputError(
				this.node,
				`External ID "${id}" is used by item ${earlier} and item ${itemIndex}`,
				'Surfe echoes the External ID back as the only way to match results to input items, so each item needs its own. Map a unique column, or leave the field empty to let the node make one.',
				itemIndex,
			);
		}
		this.usedBy.set(id, itemIndex);
		return id;
	}
}

/** The externalID the node makes for an item: `n8n-<execution id>-<item index>`. */
export function nodeExternalId(executionId: string, itemIndex: number): string {
	return `n8n-${executionId}-${itemIndex}`;
}

/**
 * The item index in an externalID the node made for this execution; undefined for any other id
 * (another execution's, or the user's own), so a result can never land on the wrong item.
 */
export function itemIndexOfExternalId(externalID: unknown, executionId: string): number | undefined {
	const prefix = `n8n-${executionId}-`;
	if (typeof externalID !== 'string' || !externalID.startsWith(prefix)) return undefined;
	const index = externalID.slice(prefix.length);
	return /^\d{1,9}$/.test(index) ? Number(index) : undefined;
}
