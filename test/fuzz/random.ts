// A seeded random source, so a fuzz run can be replayed exactly: FUZZ_SEED=<the printed seed>.
// mulberry32: tiny, fast, good enough to pick cases (not for secrets).

export interface Random {
	readonly seed: number;
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max]. */
	int(min: number, max: number): number;
	pick<T>(values: readonly T[]): T;
	chance(probability: number): boolean;
	/** `length` characters drawn from `alphabet`. */
	text(length: number, alphabet: string): string;
}

export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		seed,
		next,
		int,
		pick: (values) => values[int(0, values.length - 1)],
		chance: (probability) => next() < probability,
		text: (length, alphabet) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join(''),
	};
}

/** The seed of this run: FUZZ_SEED when set (to replay a run), else a fresh one. */
export function seedFromEnvironment(): number {
	const raw = process.env.FUZZ_SEED;
	if (raw === undefined || raw === '') return Math.floor(Math.random() * 2 ** 31);
	const seed = Number(raw);
	if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
		throw new Error(`FUZZ_SEED must be an integer from 0 to ${2 ** 32 - 1} (the seed a fuzz run printed), got "${raw}"`);
	}
	return seed;
}

/** Cases per target: FUZZ_CASES when set (e.g. 5000 for a long run), else `fallback`. */
export function casesFromEnvironment(fallback: number): number {
	const raw = process.env.FUZZ_CASES;
	if (raw === undefined || raw === '') return fallback;
	const cases = Number(raw);
	if (!Number.isInteger(cases) || cases < 1 || cases > 1_000_000) {
		throw new Error(`FUZZ_CASES must be a whole number of requests per target from 1 to 1000000, got "${raw}"`);
	}
	return cases;
}
