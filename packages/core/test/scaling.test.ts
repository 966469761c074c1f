import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeCertificate } from '../src/certificate/kkt.js';
import { objectiveValue } from '../src/certificate/objective.js';
import { parseQps } from '../src/io/qps.js';
import { rowActivities } from '../src/problem/facets.js';
import { normalizeProblem } from '../src/problem/normalize.js';
import type { ProblemInput, QPProblem } from '../src/problem/types.js';
import { kktNorms, normSpread } from '../src/scaling/norms.js';
import { describeScaling, equilibrate, identityEquilibration } from '../src/scaling/ruiz.js';
import { MM_DIR, mmFiles } from './helpers/maros.js';
import { gaussianSource } from './helpers/random.js';

const INF = Infinity;
const TOL = { kktAbsTol: 1e-9, kktRelTol: 1e-4 }; // the solver's defaults (DESIGN §3)

/** Deterministic generator (mulberry32) with Gaussian draws. */
function rng(seed: number) {
  const { u, g } = gaussianSource(seed);
  return { u, g };
}

/** A well-scaled random QP: A = MᵀM + I, mixed finite and infinite row and variable bounds. */
type Input = ProblemInput & { A: number[]; b: number[]; C: number[] };
function randomInput(n: number, m: number, seed: number): Input {
  const r = rng(seed);
  const M = Array.from({ length: n * n }, r.g);
  const A: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += M[k * n + i] * M[k * n + j];
      A.push(s);
    }
  }
  const vec = (k: number, f: (i: number) => number) => Array.from({ length: k }, (_, i) => f(i));
  const lo = vec(m, (i) => (i % 3 === 0 ? -INF : -1 - r.u()));
  const hi = vec(m, (i) => (i % 3 === 1 ? INF : 1 + r.u()));
  const [b, C] = [vec(n, r.g), vec(m * n, r.g)];
  const lower = vec(n, (j) => (j % 2 === 0 ? -2 : -INF));
  const upper = vec(n, (j) => (j % 3 === 0 ? INF : 2 + r.u()));
  return { A, b, C, lo, hi, lower, upper, objectiveConstant: 0.75 };
}

/**
 * The same problem written badly: x = S y with S = diag(1e4, 1e-4, 1e4, …),
 * rows multiplied by 1e6, 1e-6, …, objective by 1e8. Its solution is y* = S⁻¹x*.
 */
function badlyScaled(p: Input, n: number): ProblemInput {
  const s = (j: number): number => (j % 2 === 0 ? 1e4 : 1e-4);
  const r = (i: number): number => (i % 2 === 0 ? 1e6 : 1e-6);
  const alpha = 1e8;
  const bound = (v: ArrayLike<number>) => Array.from({ length: n }, (_, j) => v[j] / s(j));
  return {
    A: p.A.map((v, k) => alpha * s(Math.floor(k / n)) * s(k % n) * v),
    b: p.b.map((v, j) => alpha * s(j) * v),
    C: p.C.map((v, k) => r(Math.floor(k / n)) * v * s(k % n)),
    lo: Array.from(p.lo as ArrayLike<number>, (v, i) => r(i) * v),
    hi: Array.from(p.hi as ArrayLike<number>, (v, i) => r(i) * v),
    lower: bound(p.lower as number[]),
    upper: bound(p.upper as number[]),
    objectiveConstant: alpha * (p.objectiveConstant ?? 0),
  };
}

function randomPoint(n: number, r: ReturnType<typeof rng>): Float64Array {
  return Float64Array.from({ length: n }, r.g);
}

/** All nonzero inf-norms of the problem's KKT matrix lie in [1/f, f]. */
function worstFactor(p: QPProblem): number {
  const { col, row } = kktNorms(p);
  let worst = 1;
  for (const v of [...col, ...row]) if (v !== 0) worst = Math.max(worst, v, 1 / v);
  return worst;
}

const bad = normalizeProblem(badlyScaled(randomInput(6, 4, 7), 6));

describe('equilibrate: exact maps (powers of two)', () => {
  const eq = equilibrate(bad);
  const { scaled, colScale: d, rowScale: e, costScale: c } = eq;

  it('uses powers of two for every factor', () => {
    for (const v of [...d, ...e, c]) expect(2 ** Math.round(Math.log2(v))).toBe(v); // also > 0
  });

  it('f̂(x̂) = c·f(x) bit for bit and row residuals scale by exactly e_i', () => {
    const r = rng(11);
    for (let t = 0; t < 50; t++) {
      const x = Float64Array.from(randomPoint(6, r), (v, j) => v * (j % 2 === 0 ? 1e-4 : 1e4));
      const xHat = eq.toScaled(x);
      expect(objectiveValue(scaled, xHat)).toBe(c * objectiveValue(bad, x));
      const act = rowActivities(bad.C, bad.m, bad.n, x);
      const actHat = rowActivities(scaled.C, scaled.m, scaled.n, xHat);
      for (let i = 0; i < bad.m; i++) {
        expect(actHat[i]).toBe(e[i] * act[i]);
        expect(actHat[i] - scaled.hi[i]).toBe(e[i] * (act[i] - bad.hi[i]));
        expect(scaled.lo[i] - actHat[i]).toBe(e[i] * (bad.lo[i] - act[i]));
      }
    }
  });

  it('maps bounds exactly and keeps infinite bounds infinite', () => {
    for (let j = 0; j < bad.n; j++) {
      expect(scaled.lower[j] * d[j]).toBe(bad.lower[j]);
      expect(scaled.upper[j] * d[j]).toBe(bad.upper[j]);
    }
    for (let i = 0; i < bad.m; i++) {
      expect(scaled.lo[i] / e[i]).toBe(bad.lo[i]);
      expect(scaled.hi[i] / e[i]).toBe(bad.hi[i]);
    }
    expect([scaled.lower[1], scaled.upper[0], scaled.lo[0], scaled.hi[1]]).toEqual([
      -INF,
      INF,
      -INF,
      INF,
    ]);
    expect(scaled.objectiveConstant).toBe(c * bad.objectiveConstant);
  });

  it('keeps A symmetric and the problem valid', () => {
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) expect(scaled.A[i * 6 + j]).toBe(scaled.A[j * 6 + i]);
    expect(scaled.isLinear).toBe(false);
    expect(() => normalizeProblem({ ...scaled, A: scaled.A, C: scaled.C })).not.toThrow();
  });

  it('round-trips x bit for bit, signed zeros and extreme magnitudes included', () => {
    const r = rng(3);
    for (let t = 0; t < 200; t++) {
      const x = Float64Array.from(
        { length: 6 },
        () => r.g() * 10 ** Math.round(-200 + 400 * r.u()),
      );
      x[t % 6] = t % 4 === 0 ? -0 : x[t % 6];
      const back = eq.fromScaled(eq.toScaled(x));
      for (let j = 0; j < 6; j++) expect(Object.is(back[j], x[j])).toBe(true);
    }
  });
});

describe('equilibrate: balance', () => {
  it('brings a badly scaled problem to KKT inf-norms within a factor 4 of 1', () => {
    const eq = equilibrate(bad);
    const before = worstFactor(bad);
    const after = worstFactor(eq.scaled);
    console.log(
      `badly scaled QP: worst norm factor ${before.toExponential(2)} → ${after.toFixed(3)}`,
      describeScaling(eq),
    );
    expect(before).toBeGreaterThan(1e9);
    expect(after).toBeLessThanOrEqual(4);
  });

  it('maps the optimum of a known QP into a point the scaled certificate passes', () => {
    // min ½‖x − (3,−1)‖² s.t. x1 + x2 ≤ 1, 0 ≤ x ≤ 2: x* = (1, 0). Written badly with
    // x = S y, S = diag(1e4, 1e-4), the row times 1e6, the objective times 1e8: y* = (1e-4, 0).
    const badQp = normalizeProblem({
      A: [1e16, 0, 0, 1],
      b: [-3e12, 1e4],
      C: [[1e10, 1e2]],
      hi: [1e6],
      lower: 0,
      upper: [2e-4, 2e4],
      objectiveConstant: 5e8,
    });
    const yStar = Float64Array.of(1e-4, 0);
    const eq = equilibrate(badQp);
    expect(worstFactor(eq.scaled)).toBeLessThanOrEqual(4);
    const xHat = eq.toScaled(yStar);
    const cert = computeCertificate(eq.scaled, xHat, TOL);
    expect(cert.status, cert.reason).toBe('passed');
    expect(cert.relative).toBeLessThan(1e-12);
    expect(eq.fromScaled(xHat)).toEqual(yStar);
    // Multipliers: the row (2 in the original units) and the lower bound of x2 (3) are active.
    expect(cert.multipliers[0]).toBeGreaterThan(0);
    expect(cert.multipliers[1 + 1]).toBeGreaterThan(0);
  });
});

describe('equilibrate: edge cases', () => {
  it('leaves zero rows zero with row scale 1, and infinite bounds infinite', () => {
    const p = normalizeProblem({
      A: [4, 1, 1, 2],
      b: [1, -1],
      C: [0, 0, 300, 2],
      lo: [-1, -INF],
      hi: [1, 5],
      lower: -INF,
      upper: [INF, 3],
    });
    const eq = equilibrate(p);
    expect(eq.rowScale[0]).toBe(1);
    expect([...eq.scaled.C.subarray(0, 2)]).toEqual([0, 0]);
    expect([eq.scaled.lo[0], eq.scaled.hi[0]]).toEqual([-1, 1]);
    expect(eq.scaled.lo[1]).toBe(-INF);
    expect([eq.scaled.lower[0], eq.scaled.lower[1], eq.scaled.upper[0]]).toEqual([-INF, -INF, INF]);
    expect(normSpread(kktNorms(eq.scaled))).toBeLessThan(normSpread(kktNorms(p)));
  });

  it('handles m = 0', () => {
    const p = normalizeProblem({
      A: [1e6, 0, 0, 1e-6],
      b: [1, 1],
      lower: -1,
      upper: 1,
    });
    const eq = equilibrate(p);
    expect(eq.scaled.m).toBe(0);
    expect(eq.rowScale.length).toBe(0);
    expect(normSpread(kktNorms(p))).toBe(1e12);
    expect(normSpread(kktNorms(eq.scaled))).toBeLessThanOrEqual(1.25);
    expect(describeScaling(eq)).toMatchObject({ minRowScale: 1, maxRowScale: 1 });
  });

  it('handles an LP (A = 0), an empty objective and a variable in no row', () => {
    const p = normalizeProblem({
      b: [1e3, -2e3, 0],
      C: [1e-3, 4e-3, 0, 2, 1, 0],
      hi: [1, 1],
      lower: 0,
    });
    const eq = equilibrate(p);
    expect(eq.scaled.isLinear).toBe(true);
    expect(eq.scaled.A.every((v) => v === 0)).toBe(true);
    expect(eq.colScale[2]).toBe(1);
    expect(Math.max(...eq.scaled.b.map(Math.abs))).toBeLessThanOrEqual(2);
    const empty = equilibrate(normalizeProblem({ b: [0, 0], C: [[1, 1]], hi: [1] }));
    expect(empty.costScale).toBe(1);
  });

  it('honours scaleCost: false, passes: 0 and rejects bad options', () => {
    expect(equilibrate(bad, { scaleCost: false }).costScale).toBe(1);
    const none = equilibrate(bad, { passes: 0 });
    expect(none.passes).toBe(0);
    expect(none.scaled).toBe(bad);
    expect([...none.colScale, ...none.rowScale, none.costScale].every((v) => v === 1)).toBe(true);
    expect(() => equilibrate(bad, { passes: 1.5 })).toThrow(/non-negative integer/);
    expect(() => equilibrate(bad, { tolerance: -1 })).toThrow(/tolerance/);
    expect(() => equilibrate(bad).toScaled(new Float64Array(2))).toThrow(/length n = 6/);
  });

  it('identityEquilibration is a no-op', () => {
    const eq = identityEquilibration(bad);
    expect(eq.scaled).toBe(bad);
    const ones = { minColScale: 1, maxColScale: 1, minRowScale: 1, maxRowScale: 1, costScale: 1 };
    expect(describeScaling(eq)).toEqual({ ...ones, passes: 0 });
    const x = Float64Array.of(1, -2, 3, 0.1, 5, 6);
    expect(eq.fromScaled(eq.toScaled(x))).toEqual(x);
  });
});

describe('equilibrate: Maros–Meszaros fixtures', () => {
  const rows: string[] = [];
  for (const file of mmFiles()) {
    const name = file.replace(/\.qps$/i, '');
    it(`${name}: finite scaled data, exact objective map, spread does not grow`, () => {
      const p = normalizeProblem(parseQps(readFileSync(MM_DIR + file, 'utf8'), file).problem);
      const eq = equilibrate(p);
      const s = eq.scaled;
      for (const arr of [s.A, s.b, s.C]) expect(arr.every(Number.isFinite)).toBe(true);
      for (const arr of [s.lo, s.hi, s.lower, s.upper]) expect(arr.some(Number.isNaN)).toBe(false);
      expect(Number.isFinite(s.objectiveConstant)).toBe(true);
      const x = randomPoint(p.n, rng(p.n + p.m));
      expect(objectiveValue(s, eq.toScaled(x))).toBe(eq.costScale * objectiveValue(p, x));
      const before = normSpread(kktNorms(p));
      const after = normSpread(kktNorms(s));
      const d = describeScaling(eq);
      rows.push(
        `${name.padEnd(9)} n=${String(p.n).padStart(3)} m=${String(p.m).padStart(3)}  spread ${before.toExponential(2)} → ${after.toFixed(2)}` +
          `  passes ${d.passes}  D∈[2^${Math.log2(d.minColScale)}, 2^${Math.log2(d.maxColScale)}]` +
          `  E∈[2^${Math.log2(d.minRowScale)}, 2^${Math.log2(d.maxRowScale)}]  c=2^${Math.log2(d.costScale)}`,
      );
      expect(after).toBeLessThanOrEqual(before);
      if (before > 2) expect(after).toBeLessThan(before);
    });
  }
  it('prints the table', () => {
    console.log(
      `max/min ratio of the nonzero KKT row/column inf-norms, before → after:\n${rows.join('\n')}`,
    );
    expect(rows.length).toBe(mmFiles().length);
  });
});
