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
		const id = mapped.trim() !== '' ? mapped.trim() : `n8n-${this.executionId}-${itemIndex}`;
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
