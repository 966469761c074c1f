/**
 * Seeded random problems for the parity tests. Each seed fixes one problem
 * and one run; together they reach every path of the dynamics: QPs of full
 * and low rank, LPs, box-only problems (the clip), one- and two-sided rows,
 * equalities, free rows, zero rows, duplicated rows (exact ties), fixed
 * variables, infinite and scalar bounds, infeasible row pairs that ping-pong
 * to the sweep cap, tight caps, and drift steps far past stability (the
 * iterates overflow to ±Infinity and NaN).
 */
import type { KernelSetup } from '../../core/src/dynamics/kernel.js';
import { prepareKernelSetup } from '../../core/src/dynamics/setup.js';
import { normalizeProblem } from '../../core/src/problem/normalize.js';
import type { ProblemInput } from '../../core/src/problem/types.js';
import { resolveOptions, type SolverOptions } from '../../core/src/solver/options.js';

/** sfc32 seeded through splitmix32: uniform doubles in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** One problem and one run of the parity suite. */
export interface GeneratedCase {
  seed: number;
  /** What the generator chose, for failure messages. */
  label: string;
  setup: KernelSetup;
  x0: Float64Array;
  iterations: number;
  /** The generator's choices, for coverage checks. */
  traits: {
    boxOnly: boolean;
    linear: boolean;
    tightCap: boolean;
    diverging: boolean;
    infeasiblePair: boolean;
  };
}

class Dice {
  constructor(private readonly rand: () => number) {}
  real(lo: number, hi: number): number {
    return lo + (hi - lo) * this.rand();
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  coin(p: number): boolean {
    return this.rand() < p;
  }
  oneOf<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)];
  }
}

type Row = { c: number[]; lo: number; hi: number };

/** The problem and run for `seed`. */
export function generateCase(seed: number): GeneratedCase {
  const dice = new Dice(seededRandom(seed));
  const tags: string[] = [];
  const n = dice.coin(0.12) ? dice.int(12, 30) : dice.int(1, 10);
  const boxOnly = dice.coin(0.15);
  const m = boxOnly ? 0 : dice.coin(0.2) ? dice.int(8, 24) : dice.int(1, 8);
  const diverging = dice.coin(0.05);
  const linear = !diverging && dice.coin(0.2);
  const magnitude = 10 ** dice.real(-2, 2);
  tags.push(`n=${n}`, `m=${m}`, `scale=${magnitude.toPrecision(3)}`);

  // A = BᵀB·scale with B k×n (k < n gives a singular A). Each entry sums over
  // t in the same order for (i, j) and (j, i), so A is exactly symmetric.
  let A: number[][] | null = null;
  if (linear) {
    tags.push('LP');
  } else {
    const k = dice.coin(0.3) ? dice.int(1, n) : n;
    const B = Array.from({ length: k }, () => Array.from({ length: n }, () => dice.real(-1, 1)));
    A = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let t = 0; t < k; t++) s += B[t][i] * B[t][j];
        return s * magnitude;
      }),
    );
    if (k < n) tags.push(`rank≤${k}`);
  }
  const b = Array.from({ length: n }, () => dice.real(-4, 4) * magnitude);

  // Rows and bounds are placed around an anchor point, so most problems are feasible.
  const anchor = Array.from({ length: n }, () => dice.real(-2, 2));
  const boundStyle = diverging
    ? 'none'
    : dice.oneOf(['none', 'finite', 'mixed', 'scalar'] as const);
  tags.push(`bounds=${boundStyle}`);
  let lower: number | number[] | undefined;
  let upper: number | number[] | undefined;
  if (boundStyle === 'scalar') {
    lower = -1.5 - dice.real(0, 2);
    upper = 1.5 + dice.real(0, 2);
  } else if (boundStyle !== 'none') {
    const keep = () => boundStyle === 'finite' || dice.coin(0.5);
    lower = anchor.map((v) => (keep() ? v - dice.real(0, 1.5) : -Infinity));
    upper = anchor.map((v) => (keep() ? v + dice.real(0, 1.5) : Infinity));
    if (dice.coin(0.1)) {
      const j = dice.int(0, n - 1);
      lower[j] = upper[j] = anchor[j];
      tags.push('fixed-var');
    }
  }

  const rows: Row[] = [];
  for (let i = 0; i < m; i++) {
    if (i > 0 && dice.coin(0.08)) {
      const prev = rows[i - 1];
      rows.push({ c: prev.c.slice(), lo: prev.lo, hi: prev.hi });
      continue;
    }
    const kind = dice.oneOf([
      'le',
      'le',
      'le',
      'ge',
      'ge',
      'range',
      'range',
      'eq',
      'eq',
      'free',
      'zero',
    ] as const);
    const sparse = dice.coin(0.3);
    const c = anchor.map((): number =>
      kind === 'zero' || (sparse && dice.coin(0.5)) ? 0 : dice.real(-1, 1),
    );
    if (kind !== 'zero' && !c.some((v) => v !== 0)) c[dice.int(0, n - 1)] = dice.real(0.5, 1);
    let at = 0;
    for (let j = 0; j < n; j++) at += c[j] * anchor[j];
    switch (kind) {
      case 'le':
        rows.push({ c, lo: -Infinity, hi: at + dice.real(-0.4, 1) });
        break;
      case 'ge':
        rows.push({ c, lo: at - dice.real(-0.4, 1), hi: Infinity });
        break;
      case 'range':
        rows.push({ c, lo: at - dice.real(0, 1), hi: at + dice.real(0, 1) });
        break;
      case 'eq':
        rows.push({ c, lo: at, hi: at });
        break;
      case 'free':
        rows.push({ c, lo: -Infinity, hi: Infinity });
        break;
      case 'zero':
        rows.push({ c, lo: -dice.real(0, 1), hi: dice.real(0, 1) });
        break;
    }
  }
  // c x ≤ v and c x ≥ v + gap: no point satisfies both, the sweep runs to its cap.
  const infeasiblePair = m >= 2 && dice.coin(0.08);
  if (infeasiblePair) {
    const c = rows[0].c.some((v) => v !== 0)
      ? rows[0].c.slice()
      : anchor.map((_, j) => (j === 0 ? 1 : 0));
    const v = Number.isFinite(rows[0].hi) ? rows[0].hi : 0;
    rows[0] = { c, lo: -Infinity, hi: v };
    rows[m - 1] = { c: c.slice(), lo: v + dice.real(0.1, 1), hi: Infinity };
    tags.push('infeasible-pair');
  }

  const options: SolverOptions = {
    k0Scale: dice.oneOf([0.5, 0.5, 0.25, 0.8, 1.2, 1.9]),
    constraintTol: dice.oneOf([1e-6, 1e-6, 1e-10, 1e-3]),
    windowSize: dice.int(2, 15),
  };
  const tightCap = dice.coin(0.15);
  if (tightCap) {
    options.maxSpikesPerSweep = dice.int(1, 5);
    tags.push(`cap=${options.maxSpikesPerSweep}`);
  }
  const input: ProblemInput = {
    A,
    b,
    C: m > 0 ? rows.map((r) => r.c) : null,
    lo: m > 0 ? rows.map((r) => r.lo) : null,
    hi: m > 0 ? rows.map((r) => r.hi) : null,
    lower,
    upper,
  };
  const prepared = prepareKernelSetup(normalizeProblem(input), resolveOptions(options));
  let setup: KernelSetup = prepared;
  if (diverging) {
    // Far past the stability limit 2/λmax, with no bounds to stop it.
    setup = { ...prepared, k0: prepared.k0 * 10 ** dice.real(3, 5) };
    tags.push('diverging');
  }

  const start = dice.oneOf(['origin', 'anchor', 'wild'] as const);
  const x0 = Float64Array.from(anchor, (v) =>
    start === 'origin' ? 0 : start === 'anchor' ? v + dice.real(-0.1, 0.1) : dice.real(-25, 25),
  );
  tags.push(`start=${start}`);
  return {
    seed,
    label: tags.join(' '),
    setup,
    x0,
    iterations: dice.int(40, 220),
    traits: { boxOnly, linear, tightCap, diverging, infeasiblePair },
  };
}
