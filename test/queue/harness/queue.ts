// What queue-mode test files use: a client of the stack's main process (REST, executions), the
// load balancer's address for webhooks, and restarts of n8n processes (test/queue/harness/globalSetup.js).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { connectTo, type N8nClient, type N8nConnection } from '../../e2e/harness/n8n';

export interface StackProcess {
	name: string;
	command: 'start' | 'worker' | 'webhook';
	port: number;
	pid: number;
	logFile: string;
	[key: string]: unknown;
}

export interface QueueConnection extends N8nConnection {
	/** The round-robin proxy in front of the webhook processes (WEBHOOK_URL). */
	webhookBase: string;
	processes: StackProcess[];
}

const CONNECTION_ENV = 'N8N_QUEUE_CONNECTION_FILE';

/** undefined when the queue-mode tests are skipped (N8N_QUEUE_TESTS=skip without PostgreSQL/Redis). */
export function queueConnectionFile(): string | undefined {
	const file = process.env[CONNECTION_ENV];
	if (!file) throw new Error(`${CONNECTION_ENV} is not set: run queue-mode tests through jest's queue project (\`npx jest --selectProjects queue -- test/queue/<file>\`)`);
	return file === 'skip' ? undefined : file;
}

export function readQueueConnection(): QueueConnection {
	return JSON.parse(readFileSync(queueConnectionFile()!, 'utf8')) as QueueConnection;
}

export async function connectQueue(): Promise<{ n8n: N8nClient; connection: QueueConnection }> {
	const connection = readQueueConnection();
	return { n8n: await connectTo(connection), connection };
}

/** Restarts n8n processes of the stack by name (SIGTERM, wait, start, wait until ready). */
export async function restartProcesses(names: string[], log: (line: string) => void = () => {}): Promise<void> {
	const script = join(__dirname, '..', '..', '..', 'scripts', 'queue-restart.mjs');
	const { stdout } = await promisify(execFile)(process.execPath, [script, queueConnectionFile()!, ...names], { timeout: 10 * 60_000 });
	for (const line of stdout.split('\n').filter(Boolean)) log(line);
}

/** Restarts main, every worker and every webhook process at once (PostgreSQL and Redis stay up): all stop, then all start. */
export async function restartEveryN8nProcess(log: (line: string) => void = () => {}): Promise<void> {
	await restartProcesses(
		readQueueConnection().processes.map((member) => member.name),
		log,
	);
}

/** Lines of a process's log that contain `text`. */
export function logLines(processName: string, text: string): string[] {
	const member = readQueueConnection().processes.find((candidate) => candidate.name === processName);
	if (!member) return [];
	return readFileSync(member.logFile, 'utf8').split('\n').filter((line) => line.includes(text));
}
