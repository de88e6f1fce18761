// n8n in queue mode on one machine, for the queue-mode tests (test/queue/): PostgreSQL and Redis as
// child processes of our own on free loopback ports, a main process (editor, REST), two workers and
// two webhook processes sharing one encryption key, and a small round-robin proxy in front of the
// webhook processes standing in for the load balancer (WEBHOOK_URL points at it). Only Node
// built-ins; PostgreSQL and Redis are Debian's `postgresql` and `redis-server` packages.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, symlinkSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import { join } from 'node:path';

import { aptInstall, canInstallWithApt } from './apt.mjs';
import { freePort, isAlive, n8nEnv, spawnN8n, stopProcessGroup, waitForN8n } from './n8n-instance.mjs';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Where Debian puts PostgreSQL's server programs (initdb, pg_ctl are not on PATH). */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
	for (const version of versions) {
		const dir = join(root, version, 'bin');
		if (existsSync(join(dir, 'initdb'))) return dir;
	}
	return undefined;
}

function redisServerBin() {
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(candidate)) return candidate;
	return undefined;
}

/** What is missing to run the queue-mode stack (installed first with apt-get when allowed), with how to get it; empty when nothing is. */
export function queueStackPrerequisites() {
	let missing = missingQueuePackages();
	if (missing.length > 0 && canInstallWithApt()) {
		aptInstall(missing);
		missing = missingQueuePackages();
	}
	if (missing.length === 0) return [];
	return [`${missing.join(' and ')} (Debian/Ubuntu: \`sudo apt-get install -y ${missing.join(' ')}\`; run as root, npm test installs them itself)`];
}

/** The Debian packages of the queue-mode stack that are not on this machine. */
function missingQueuePackages() {
	const missing = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!redisServerBin()) missing.push('redis-server');
	return missing;
}

/** PostgreSQL refuses to run as root: its processes run as the `postgres` user Debian creates. */
function asPostgresUser(args) {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)];
}

async function startPostgres({ dir, log }) {
	const bin = postgresBinDir();
	const dataDir = join(dir, 'pgdata');
	const socketDir = join(dir, 'pgsocket');
	mkdirSync(socketDir, { recursive: true });
	if (process.getuid?.() === 0) {
		// A mktemp-style folder may be 0700 root: the postgres user must reach its own folders.
		chmodSync(dir, 0o755);
		const { uid, gid } = postgresIds();
		mkdirSync(dataDir, { recursive: true });
		chownSync(dataDir, uid, gid);
		chownSync(socketDir, uid, gid);
	}
	const [initCmd, initArgs] = asPostgresUser([join(bin, 'initdb'), '-D', dataDir, '-U', 'n8n', '--auth=trust', '--no-sync', '-E', 'UTF8']);
	execFileSync(initCmd, initArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
	const port = await freePort();
	const logFile = join(dir, 'postgres.log');
	const out = openSync(logFile, 'a');
	if (process.getuid?.() === 0) chownSync(logFile, postgresIds().uid, postgresIds().gid);
	const [cmd, args] = asPostgresUser([join(bin, 'postgres'), '-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200']);
	const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out] });
	closeSync(out);
	child.unref();
	const deadline = Date.now() + 60_000;
	for (;;) {
		try {
			execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
			break;
		} catch {
			if (Date.now() > deadline || !isAlive(child.pid)) throw new Error(`PostgreSQL did not start on port ${port}; see ${logFile}`);
			await sleep(300);
		}
	}
	log(`postgres on 127.0.0.1:${port} (pid ${child.pid})`);
	return { pid: child.pid, port };
}

function postgresIds() {
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

async function startRedis({ dir, log }) {
	const port = await freePort();
	const out = openSync(join(dir, 'redis.log'), 'a');
	const child = spawn(redisServerBin(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { detached: true, stdio: ['ignore', out, out] });
	closeSync(out);
	child.unref();
	await sleep(300);
	if (!isAlive(child.pid)) throw new Error(`redis-server did not start; see ${join(dir, 'redis.log')}`);
	log(`redis on 127.0.0.1:${port} (pid ${child.pid})`);
	return { pid: child.pid, port };
}

/**
 * A round-robin HTTP proxy over `targets` (ports on 127.0.0.1), without keep-alive to n8n (a reused
 * socket saw a reset). Counts the requests each target got.
 */
export async function startRoundRobinProxy(targets) {
	let next = 0;
	const served = targets.map(() => 0);
	const server = createServer((req, res) => {
		const index = next++ % targets.length;
		served[index]++;
		const upstream = httpRequest(
			{ host: '127.0.0.1', port: targets[index], method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' }, agent: false },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: `proxy: ${error.message}` }));
		});
		req.pipe(upstream);
	});
	const port = await freePort();
	await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { port, served, setTargets: (ports) => targets.splice(0, targets.length, ...ports), close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Starts PostgreSQL, Redis, main, workers, webhook processes and the proxy. `nodesStore` holds the
 * package installed with installTarball; every process gets its own user folder whose
 * `.n8n/nodes` points at it. Returns the stack (see stopQueueStack, restartN8nProcess).
 */
export async function startQueueStack({ dir, nodesStore, workers = 2, webhooks = 2, log = () => {} }) {
	const stack = { dir, processes: [], services: [] };
	try {
		const postgres = await startPostgres({ dir, log });
		stack.services.push(postgres);
		const redis = await startRedis({ dir, log });
		stack.services.push(redis);

		const webhookPorts = [];
		for (let index = 0; index < webhooks; index++) webhookPorts.push(await freePort());
		const proxy = await startRoundRobinProxy([...webhookPorts]);
		stack.proxy = proxy;
		stack.webhookBase = `http://127.0.0.1:${proxy.port}`;
		const shared = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			WEBHOOK_URL: `${stack.webhookBase}/`,
			N8N_WEBHOOK_URL: `${stack.webhookBase}/`,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			N8N_LOG_LEVEL: 'info',
		};
		stack.shared = shared;

		const main = await defineProcess(stack, { name: 'main', command: 'start', nodesStore, port: await freePort() });
		await startProcess(stack, main, log);
		for (let index = 0; index < workers; index++) {
			const worker = await defineProcess(stack, { name: `worker${index + 1}`, command: 'worker', args: ['--concurrency=4'], nodesStore, port: await freePort() });
			await startProcess(stack, worker, log);
		}
		for (let index = 0; index < webhooks; index++) {
			const webhook = await defineProcess(stack, { name: `webhook${index + 1}`, command: 'webhook', nodesStore, port: webhookPorts[index] });
			await startProcess(stack, webhook, log);
		}
		stack.baseUrl = `http://127.0.0.1:${main.port}`;
		return stack;
	} catch (error) {
		await stopQueueStack(stack);
		throw error;
	}
}

async function defineProcess(stack, { name, command, args = [], nodesStore, port }) {
	const userFolder = join(stack.dir, name);
	mkdirSync(join(userFolder, '.n8n'), { recursive: true });
	if (!existsSync(join(userFolder, '.n8n', 'nodes'))) symlinkSync(nodesStore, join(userFolder, '.n8n', 'nodes'), 'dir');
	const brokerPort = await freePort();
	const extra = { ...stack.shared };
	// Workers answer their health check on a port of their own; their HTTP server is that one.
	if (command === 'worker') extra.QUEUE_HEALTH_CHECK_PORT = String(port);
	const env = n8nEnv({ userFolder, port, brokerPort, extra });
	const member = { name, command, args, env, port, logFile: join(stack.dir, `${name}.log`) };
	stack.processes.push(member);
	return member;
}

const READY = {
	start: { readyLine: 'Editor is now accessible via', readyPaths: ['/healthz', '/rest/settings'] },
	worker: { readyLine: 'n8n worker is now ready', readyPaths: ['/healthz'] },
	webhook: { readyLine: 'Webhook listener waiting for requests', readyPaths: ['/healthz'] },
};

async function startProcess(stack, member, log) {
	const { pid, logOffset } = spawnN8n({ env: member.env, logFile: member.logFile, command: member.command, args: member.args });
	member.pid = pid;
	log(`${member.name}: n8n ${member.command} on 127.0.0.1:${member.port} (pid ${pid}, log ${member.logFile})`);
	const waited = await waitForN8n({ baseUrl: `http://127.0.0.1:${member.port}`, pid, logFile: member.logFile, logOffset, timeoutMs: 300_000, log, ...READY[member.command] });
	log(`${member.name}: ready after ${(waited / 1000).toFixed(1)} s`);
}

/** Stops n8n processes by name (SIGTERM, then SIGKILL) and starts them again. */
export async function restartN8nProcesses(stack, names, log = () => {}) {
	const chosen = stack.processes.filter((member) => names.includes(member.name));
	await Promise.all(chosen.map((member) => stopProcessGroup(member.pid, { timeoutMs: 35_000 })));
	for (const member of chosen) await startProcess(stack, member, log);
}

/** Stops everything the stack started (n8n processes first, then Redis and PostgreSQL). */
export async function stopQueueStack(stack) {
	await Promise.all(stack.processes.filter((member) => member.pid).map((member) => stopProcessGroup(member.pid)));
	await stack.proxy?.close();
	for (const service of stack.services.reverse()) await stopProcessGroup(service.pid, { timeoutMs: 10_000 });
}
