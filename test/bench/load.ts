// Fires HTTP requests at a webhook URL and measures them from the client's side: each latency is
// the time from sending the request to having read the whole answer. Nothing here judges speed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One request to send: the exact body bytes and headers, and the id the body carries. */
export interface BenchRequest {
	id: string;
	body: string;
	headers: Record<string, string>;
}

export interface LoadResult {
	/** Answer status of each request, in the order the requests were given. */
	statuses: number[];
	latenciesMs: number[];
	elapsedMs: number;
}

export interface LoadFigures {
	perSecond: number;
	p50Ms: number;
	p95Ms: number;
}

async function send(url: string, request: BenchRequest): Promise<{ status: number; ms: number }> {
	const started = performance.now();
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...request.headers },
		body: request.body,
		signal: AbortSignal.timeout(120_000),
	});
	await response.arrayBuffer();
	return { status: response.status, ms: performance.now() - started };
}

/** Sends every request, `concurrency` at a time (1: one after another). */
export async function fire(url: string, requests: BenchRequest[], concurrency: number): Promise<LoadResult> {
	const statuses: number[] = new Array(requests.length);
	const latenciesMs: number[] = new Array(requests.length);
	let next = 0;
	const worker = async () => {
		while (next < requests.length) {
			const index = next++;
			const { status, ms } = await send(url, requests[index]);
			statuses[index] = status;
			latenciesMs[index] = ms;
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
	return { statuses, latenciesMs, elapsedMs: performance.now() - started };
}

/** Nearest-rank percentile of `values` (p in 0..100). */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1];
}

export function figuresOf(result: LoadResult): LoadFigures {
	return {
		perSecond: (result.latenciesMs.length / result.elapsedMs) * 1000,
		p50Ms: percentile(result.latenciesMs, 50),
		p95Ms: percentile(result.latenciesMs, 95),
	};
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB, from /proc (Linux). */
export function memoryOf(pid: number): { peakMiB: number; currentMiB: number } | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
		return { peakMiB: kib('VmHWM') / 1024, currentMiB: kib('VmRSS') / 1024 };
	} catch {
		return undefined;
	}
}

/**
 * Resets a process's VmHWM to its current RSS (Linux: `5` to /proc/<pid>/clear_refs), so the next
 * memoryOf() reads the peak since now. Returns whether that worked.
 */
export function resetPeakMemory(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** A plain-text table with right-aligned columns (the first column left-aligned). */
export function table(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
	return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/**
 * CPU time (user + system, in ms) used so far by every live process in the process group `pgid`
 * (n8n and its task runners), from /proc/<pid>/stat (Linux); undefined when /proc is unreadable.
 * A process that exited in between takes its time with it: read it around work it outlives.
 */
export function groupCpuMs(pgid: number): number | undefined {
	try {
		const ticksPerSecond = 100; // USER_HZ on Linux
		let ticks = 0;
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			let stat: string;
			try {
				stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			} catch {
				continue; // exited meanwhile
			}
			// Fields after the command name (which may hold spaces): state is field 3, pgrp 5, utime 14, stime 15.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid) continue;
			ticks += Number(fields[11]) + Number(fields[12]);
		}
		return (ticks / ticksPerSecond) * 1000;
	} catch {
		return undefined;
	}
}

/**
 * How many expression isolates ("bridges") n8n has taken from its pool so far: the counter
 * `expression.pool.acquired` of n8n's expression engine, on /metrics (n8n started with
 * N8N_METRICS=true); undefined when n8n does not expose it.
 */
export async function isolatesAcquired(baseUrl: string): Promise<number | undefined> {
	try {
		const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(30_000) });
		if (!response.ok) return undefined;
		const match = /^n8n_expression_pool_acquired(?:_total)?(?:\{[^}]*\})? (\d+(?:\.\d+)?)$/m.exec(await response.text());
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}
