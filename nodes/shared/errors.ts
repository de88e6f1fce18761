import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/** An API answer we could not understand: an error that says which provider and which field. */
export function unexpectedResponseError(node: INode, provider: string, what: string, problem: string, itemIndex?: number) {
	return new NodeApiError(node, { message: problem } as JsonObject, {
		message: `${provider} answered ${what} with data this node does not understand`,
		description: `${problem}. If ${provider} changed its API, please report it with this message.`,
		itemIndex,
	});
}

/** Bad input from the user's item or parameters: says what and how to fix it. */
export function invalidInputError(node: INode, message: string, description: string, itemIndex?: number) {
	return new NodeOperationError(node, message, { description, itemIndex });
}

/** Short, secret-free text of any thrown value, for error items under `continueOnFail`. */
export function errorMessageOf(error: unknown): string {
	if (error instanceof Error) return error.message;
	return typeof error === 'string' ? error : 'Unknown error';
}
