// How an "... and Wait" operation learns that its jobs are done: by the provider's callbacks to
// this execution's resume URL (the default: no requests while waiting, but n8n must be reachable
// from the provider), or by asking the provider (pollJobs.ts: works behind a firewall or on a
// laptop, at the cost of a few GETs per job).
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInputError } from './errors';

export type WaitBy = 'callbacks' | 'polling';

/** Checks per job when the user sets none: with the schedule in pollJobs.ts, about an hour. */
export const DEFAULT_MAX_CHECKS_PER_JOB = 20;
const MAX_CHECKS_LIMIT = 1000;

/** The "Wait By" and "Max Checks per Job" parameters, shown where `displayOptions` says. */
export function waitByProperties(provider: string, displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Wait By',
			name: 'waitBy',
			type: 'options',
			default: 'callbacks',
			description: `How this node learns that ${provider} has finished: a callback to this execution, or asking ${provider} on a schedule`,
			options: [
				{
					name: 'Callbacks',
					value: 'callbacks',
					description: `${provider} calls this execution back when results are ready: no requests while waiting, but ${provider} must be able to reach this n8n`,
				},
				{
					name: 'Polling',
					value: 'polling',
					description: `The node asks ${provider} for all its jobs at once, less and less often, until they are done: works when ${provider} cannot reach this n8n (laptop, firewall)`,
				},
			],
			displayOptions,
		},
		{
			displayName: 'Max Checks per Job',
			name: 'maxChecksPerJob',
			type: 'number',
			default: DEFAULT_MAX_CHECKS_PER_JOB,
			typeOptions: { minValue: 1, maxValue: MAX_CHECKS_LIMIT },
			description:
				'The request budget while polling: how many times each job may be checked. Checks start 3 seconds after the start and space out by half each time (at most 5 minutes apart); the last one comes at the time limit. Items still open when the budget or the time limit runs out get status "timedOut".',
			displayOptions: { ...displayOptions, show: { ...displayOptions?.show, waitBy: ['polling'] } },
		},
	];
}

/** Shows a "... and Wait" notice that describes callbacks only when waiting by callbacks. */
export const WHEN_WAITING_BY_CALLBACKS: INodeProperties['displayOptions'] = { show: { waitBy: ['callbacks'] } };

/** The notice shown instead when waiting by polling. */
export function pollingNotice(provider: string, what: string): INodeProperties {
	return {
		displayName: `Each input item is one ${what}. The node asks ${provider} about all its jobs at once, less and less often, until every result is in (or the time limit or the request budget runs out), then continues with one item per input item: its result, or a status saying why there is none. No callback URL is sent: n8n need not be reachable from ${provider}. The execution stays running meanwhile.`,
		name: 'pollingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { waitBy: ['polling'] } },
	};
}

export function readWaitBy(context: IExecuteFunctions): WaitBy {
	return context.getNodeParameter('waitBy', 0, 'callbacks') === 'polling' ? 'polling' : 'callbacks';
}

export function readMaxChecksPerJob(context: IExecuteFunctions): number {
	const value = context.getNodeParameter('maxChecksPerJob', 0, DEFAULT_MAX_CHECKS_PER_JOB) as number;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CHECKS_LIMIT) {
		throw invalidInputError(
			context.getNode(),
			`Max Checks per Job must be a whole number from 1 to ${MAX_CHECKS_LIMIT}, got ${String(value)}`,
			'Set how many times the node may ask the provider about each job while polling (20 covers about an hour).',
		);
	}
	return value;
}
