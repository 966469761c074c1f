/**
 * Seeded random problems for the parity tests: dense QPs and LPs with every
 * row kind (one-sided either way, two-sided, equality, free, zero rows),
 * bounds finite, infinite or mixed, box-only problems, infeasible starts,
 * infeasible row pairs, tight sweep caps and diverging drift steps.
 */
import type { KernelSetup } from '../../core/src/dynamics/kernel.js';
import { prepareKernelSetup } from '../../core/src/dynamics/setup.js';
import { normalizeProblem } from '../../core/src/problem/normalize.js';
import type { ProblemInput } from '../../core/src/problem/types.js';
import { resolveOptions, type SolverOptions } from '../../core/src/solver/options.js';

/** mulberry32: a 32-bit seeded generator, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ParityCase {
  seed: number;
  /** What the generator chose, for failure messages. */
  label: string;
  setup: KernelSetup;
  x0: Float64Array;
  iterations: number;
}

class Draw {
  constructor(readonly next: () => number) {}
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

type RowKind = 'upper' | 'lower' | 'two_sided' | 'equality' | 'free' | 'zero';

/** One random problem; `seed` fixes everything. */
export function randomCase(seed: number): ParityCase {
  const d = new Draw(mulberry32(seed));
  const n = d.chance(0.15) ? d.int(10, 24) : d.int(1, 9);
  const boxOnly = d.chance(0.15);
  const m = boxOnly ? 0 : d.chance(0.2) ? d.int(8, 20) : d.int(1, 7);
  // A drift step far past the stability limit 2/λmax, with no bounds to
  // catch it: the iterates blow up until the objective overflows.
  const diverging = d.chance(0.05);
  const linear = !diverging && d.chance(0.2);
  const scale = 10 ** d.uniform(-1.5, 1.5);
  const tags: string[] = [`n=${n}`, `m=${m}`];

  // A = M Mᵀ (rank r ≤ n): summed in the same order for (i, j) and (j, i), so exactly symmetric.
  let A: number[][] | null = null;
  if (!linear) {
    const r = d.chance(0.3) ? d.int(1, n) : n;
    const M = Array.from({ length: n }, () => Array.from({ length: r }, () => d.uniform(-1, 1)));
    A = M.map((mi) =>
      M.map((mj) => {
        let s = 0;
        for (let k = 0; k < r; k++) s += mi[k] * mj[k];
        return s * scale;
      }),
    );
    if (r < n) tags.push(`rank=${r}`);
  } else {
    tags.push('LP');
  }
  const b = Array.from({ length: n }, () => d.uniform(-5, 5) * scale);

  // A reference point most rows and bounds are built around.
  const xf = Array.from({ length: n }, () => d.uniform(-2, 2));
  const boundMode = diverging
    ? 'infinite'
    : d.pick(['finite', 'infinite', 'mixed', 'scalar'] as const);
  tags.push(`bounds=${boundMode}`);
  let lower: number | number[];
  let upper: number | number[];
  if (boundMode === 'scalar') {
    lower = -2 - d.uniform(0, 2);
    upper = 2 + d.uniform(0, 2);
  } else {
    lower = xf.map((v) =>
      boundMode === 'infinite' || (boundMode === 'mixed' && d.chance(0.5))
        ? -Infinity
        : v - d.uniform(0, 2),
    );
    upper = xf.map((v) =>
      boundMode === 'infinite' || (boundMode === 'mixed' && d.chance(0.5))
        ? Infinity
        : v + d.uniform(0, 2),
    );
    // Now and then a fixed variable.
    if (boundMode !== 'infinite' && d.chance(0.1)) {
      const j = d.int(0, n - 1);
      (lower as number[])[j] = xf[j];
      (upper as number[])[j] = xf[j];
    }
  }

  const C: number[][] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const kinds: RowKind[] = ['upper', 'lower', 'two_sided', 'equality', 'free', 'zero'];
  const weights = [0.3, 0.2, 0.2, 0.15, 0.05, 0.03];
  for (let i = 0; i < m; i++) {
    if (i > 0 && d.chance(0.08)) {
      // A duplicated row: exact ties in the sweep.
      C.push([...C[i - 1]]);
      lo.push(lo[i - 1]);
      hi.push(hi[i - 1]);
      continue;
    }
    let u = d.next() * weights.reduce((s, w) => s + w, 0);
    let kind: RowKind = 'upper';
    for (let k = 0; k < kinds.length; k++) {
      if (u < weights[k]) {
        kind = kinds[k];
        break;
      }
      u -= weights[k];
    }
    const sparse = d.chance(0.3);
    const row = Array.from({ length: n }, (): number =>
      kind === 'zero' || (sparse && d.chance(0.5)) ? 0 : d.uniform(-1, 1),
    );
    // Only 'zero' rows may be all zero (they get bounds around 0).
    if (kind !== 'zero' && !row.some((c) => c !== 0)) row[d.int(0, n - 1)] = d.uniform(0.5, 1);
    let value = 0;
    for (let j = 0; j < n; j++) value += row[j] * xf[j];
    C.push(row);
    switch (kind) {
      case 'upper':
        lo.push(-Infinity);
        hi.push(value + d.uniform(-0.5, 1));
        break;
      case 'lower':
        lo.push(value - d.uniform(-0.5, 1));
        hi.push(Infinity);
        break;
      case 'two_sided':
        lo.push(value - d.uniform(0, 1));
        hi.push(value + d.uniform(0, 1));
        break;
      case 'equality':
        lo.push(value);
        hi.push(value);
        break;
      case 'free':
        lo.push(-Infinity);
        hi.push(Infinity);
        break;
      case 'zero':
        lo.push(-d.uniform(0, 1));
        hi.push(d.uniform(0, 1));
        break;
    }
  }
  // An infeasible pair (c x ≤ v and c x ≥ v + gap): the sweep ping-pongs to its cap.
  if (m >= 2 && d.chance(0.08)) {
    C[m - 1] = [...C[0]];
    const v = Number.isFinite(hi[0]) ? hi[0] : 0;
    lo[0] = -Infinity;
    hi[0] = v;
    lo[m - 1] = v + d.uniform(0.1, 1);
    hi[m - 1] = Infinity;
    if (!C[0].some((c) => c !== 0)) C[0][0] = C[m - 1][0] = 1;
    tags.push('infeasible-pair');
  }

  const options: SolverOptions = {
    k0Scale: d.pick([0.5, 0.5, 0.2, 0.9, 1.5, 1.9]),
    constraintTol: d.pick([1e-6, 1e-6, 1e-9, 1e-4]),
    windowSize: d.int(2, 12),
  };
  if (d.chance(0.15)) {
    options.maxSpikesPerSweep = d.int(1, 4);
    tags.push(`cap=${options.maxSpikesPerSweep}`);
  }
  const input: ProblemInput = {
    A,
    b,
    C: m > 0 ? C : null,
    lo: m > 0 ? lo : null,
    hi: m > 0 ? hi : null,
    lower,
    upper,
  };
  const base = prepareKernelSetup(normalizeProblem(input), resolveOptions(options));
  let setup: KernelSetup = base;
  if (diverging) {
    setup = { ...base, k0: base.k0 * 10 ** d.uniform(3, 5) };
    tags.push('diverging');
  }

  const x0 = new Float64Array(n);
  const start = d.pick(['zero', 'near', 'far'] as const);
  for (let j = 0; j < n; j++) {
    x0[j] =
      start === 'zero' ? 0 : start === 'near' ? xf[j] + d.uniform(-0.1, 0.1) : d.uniform(-20, 20);
  }
  tags.push(`start=${start}`);
  return { seed, label: tags.join(' '), setup, x0, iterations: d.int(50, 200) };
}
