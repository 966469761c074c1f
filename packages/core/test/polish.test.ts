import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Matrix, pseudoInverse, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { objectiveValue } from '../src/certificate/objective.js';
import { SnnSolver } from '../src/index.js';
import { parseQps } from '../src/io/qps.js';
import { BULK_MAX_ROUNDS, BULK_ROUNDS } from '../src/polish/bulk.js';
import { solveEqp } from '../src/polish/eqp.js';
import { allFacets, type Facet } from '../src/polish/facets.js';
import { HessianFactorCache } from '../src/polish/factor-cache.js';
import { type PolishOptions, polish } from '../src/polish/polish.js';
import {
  applyRangeSpace,
  factorRangeSpace,
  planRangeSpace,
  rangeSpaceScratch,
} from '../src/polish/range-space.js';
import { orthogonalComponent } from '../src/polish/selection.js';
import { rowNorms } from '../src/problem/facets.js';
import { fromLineageForm } from '../src/problem/lineage.js';
import { normalizeProblem } from '../src/problem/normalize.js';
import type { ProblemInput, QPProblem } from '../src/problem/types.js';
import {
  type Built,
  build,
  dot,
  hintsFor,
  perturbed,
  rng,
  type Spec,
} from './helpers/constructed-qp.js';
import { manyActiveFacets } from './helpers/many-active.js';
import { referenceSolve } from './helpers/property-reference.js';
import { kernelFor } from './helpers/setup.js';

/**
 * Tolerances. The acceptance certificate is the tight one the polish is meant
 * for (kktRelTol 1e-9); feasibilityTol 1e-9 asks the polished point to be
 * feasible to rounding, not just to the dynamics' 1e-6. A polished point is an
 * exact KKT solve with iterative refinement on well-conditioned random data,
 * so it must match the constructed optimum to X_TOL = 1e-9 (relative to
 * max(1, ‖x*‖∞)); the observed errors are ~1e-15.
 */
const OPTS: PolishOptions = { feasibilityTol: 1e-9, kktRelTol: 1e-9, kktAbsTol: 1e-12 };
const X_TOL = 1e-9;

function expectAt(out: ReturnType<typeof polish>, xStar: ArrayLike<number>): void {
  expect(out.status, out.reason).toBe('accepted');
  const scale = Math.max(1, ...Array.from(xStar, Math.abs));
  const err = Math.max(...Array.from(out.x, (v, j) => Math.abs(v - xStar[j])));
  expect(err).toBeLessThanOrEqual(X_TOL * scale);
  expect(out.certificate?.status).toBe('passed');
  expect(out.maxViolation).toBeLessThanOrEqual(OPTS.feasibilityTol);
}

/** A point with slack ε on every active facet (x* + εd with a_kᵀd = −1 for the active normals): strictly feasible. */
function interiorPoint(p: QPProblem, built: Built, eps: number): Float64Array {
  const normals = built.active.map((id) => {
    if (id < p.m) {
      const row = Array.from(p.C.subarray(id * p.n, (id + 1) * p.n));
      return p.lo[id] === -Infinity ? row : row.map((v) => -v);
    }
    const j = id < p.m + p.n ? id - p.m : id - p.m - p.n;
    return Array.from({ length: p.n }, (_, k) => (k === j ? (id < p.m + p.n ? -1 : 1) : 0));
  });
  const d = pseudoInverse(new Matrix(normals))
    .mmul(Matrix.columnVector(normals.map(() => -1)))
    .getColumn(0);
  return Float64Array.from(built.xStar, (v, j) => v + eps * d[j]);
}

describe('polish: strictly convex QPs with a constructed optimum', () => {
  const spec: Spec = {
    n: 12,
    activeRows: ['upper', 'lower', 'upper', 'equal'],
    inactiveRows: 8,
    activeLower: 2,
    activeUpper: 1,
  };

  it('(a) reaches x* to 1e-9 from a 1e-3 perturbation when the spikes name the active set', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const built = build(seed, spec);
      const p = normalizeProblem(built.input);
      const out = polish(
        p,
        perturbed(built.xStar, 100 + seed, 1e-3),
        hintsFor(p, built.active),
        OPTS,
      );
      expectAt(out, built.xStar);
      expect(out.steps).toBe(1);
      expect(out.activeSet.rows.map((r) => `${r.index}${r.side[0]}`)).toEqual([
        '0u',
        '1l',
        '2u',
        '3e',
      ]);
      expect(out.activeSet.lowerBounds).toEqual([0, 1]);
      expect(out.activeSet.upperBounds).toEqual([2]);
    }
  });

  it('(a) identifies the active set from slacks alone when the point sits on its facets', () => {
    const built = build(9, spec);
    const p = normalizeProblem(built.input);
    const x0 = interiorPoint(p, built, 1e-7); // every active facet within the tight slack threshold
    const out = polish(p, x0, { norms: rowNorms(p.C, p.m, p.n) }, OPTS);
    expectAt(out, built.xStar);
    expect(out.steps).toBe(1);
  });

  it('(b) recovers from a wrong initial active set: one extra facet (negative multiplier), one missing', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const built = build(seed, { ...spec, nearRow: 5e-3 });
      const p = normalizeProblem(built.input);
      const wrong = [...built.active.slice(1), p.m - 1]; // drop row 0, add the near row
      const out = polish(p, perturbed(built.xStar, 200 + seed, 1e-3), hintsFor(p, wrong), OPTS);
      expectAt(out, built.xStar);
      expect(out.steps).toBeGreaterThan(1);
      expect(out.activeSet.rows.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    }
  });

  it('(b) from a strictly feasible point with no hints, f never increases and x* is reached', () => {
    const built = build(21, spec);
    const p = normalizeProblem(built.input);
    const x0 = interiorPoint(p, built, 0.05);
    const out = polish(p, x0, { norms: rowNorms(p.C, p.m, p.n) }, OPTS);
    expectAt(out, built.xStar);
    expect(out.objective).toBeLessThan(objectiveValue(p, x0));
  });

  it('polishes a larger problem (n = 80, 40 active facets) in one solve', () => {
    const big: Spec = {
      n: 80,
      activeRows: Array.from(
        { length: 30 },
        (_, i) => (['upper', 'lower', 'equal'] as const)[i % 3],
      ),
      inactiveRows: 60,
      activeLower: 6,
      activeUpper: 4,
    };
    const built = build(5, big);
    const p = normalizeProblem(built.input);
    const out = polish(p, perturbed(built.xStar, 7, 1e-3), hintsFor(p, built.active), OPTS);
    expectAt(out, built.xStar);
  });
});

describe('polish: the range-space KKT solve (range-space.ts)', () => {
  // Reference: the full (f + k)×(f + k) KKT matrix solved by ml-matrix's LU.
  // Both are direct solves of a system with condition ~1e3 here: agreement
  // to 1e-10 relative leaves room for that.
  it('matches a dense solve of [H Eᵀ; E 0] and declines a singular H', () => {
    const r = rng(77);
    const f = 12;
    const k = 4;
    const L = Array.from({ length: f }, () => r.vec(f));
    const H = Float64Array.from({ length: f * f }, (_, t) => {
      const i = Math.floor(t / f);
      const j = t % f;
      return dot(L[i], L[j]) + (i === j ? 0.1 : 0);
    });
    const E = Float64Array.from({ length: k * f }, () => r.g());
    const r1 = Float64Array.from({ length: f }, () => r.g());
    const r2 = Float64Array.from({ length: k }, () => r.g());
    const K = Matrix.zeros(f + k, f + k);
    for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) K.set(i, j, H[i * f + j]);
    for (let q = 0; q < k; q++) {
      for (let j = 0; j < f; j++) {
        K.set(f + q, j, E[q * f + j]);
        K.set(j, f + q, E[q * f + j]);
      }
    }
    const ref = solve(K, Matrix.columnVector([...r1, ...r2])).getColumn(0);
    const rs = factorRangeSpace(H, E, f, k);
    expect(rs).not.toBeNull();
    const { dy, dl } = applyRangeSpace(rs!, r1, r2);
    const got = [...dy, ...dl];
    const scale = Math.max(...ref.map(Math.abs));
    const err = Math.max(...got.map((v, i) => Math.abs(v - ref[i])));
    expect(err).toBeLessThanOrEqual(1e-10 * scale);
    // Into the residual's own buffers with held scratch (held-working-set.ts): the same bits.
    const step = { dy: Float64Array.from(r1), dl: Float64Array.from(r2) };
    const scratch = rangeSpaceScratch(rs!);
    for (let again = 0; again < 2; again++) {
      step.dy.set(r1);
      step.dl.set(r2);
      expect(applyRangeSpace(rs!, step.dy, step.dl, step, scratch)).toBe(step);
      expect([...step.dy, ...step.dl]).toEqual(got);
    }
    // Rank-deficient H (one zero eigenvalue): the null-space method's case.
    const singular = Float64Array.from(H);
    const u = r.vec(f);
    const uu = dot(u, u);
    for (let i = 0; i < f; i++)
      for (let j = 0; j < f; j++) singular[i * f + j] = (u[i] * u[j]) / uu;
    expect(factorRangeSpace(singular, E, f, k)).toBeNull();
  });
});

describe('polish: the Hessian factor cache', () => {
  it('hits only for the same A array and the same free variables, and agrees with a polish without it', () => {
    const cache = new HessianFactorCache();
    const A = new Float64Array([4, 1, 1, 3]);
    const U = new Float64Array([2, 0.5, 0, Math.sqrt(2.75)]);
    cache.set(A, Int32Array.from([0, 1]), U);
    expect(cache.lookup(A, Int32Array.from([0, 1]))).toBe(U);
    expect(cache.lookup(A, Int32Array.from([1]))).toBeNull();
    expect(cache.lookup(Float64Array.from(A), Int32Array.from([0, 1]))).toBeNull();
    cache.set(A, Int32Array.from([1]), null);
    expect(cache.lookup(A, Int32Array.from([1]))).toBe(false);
    // The factor of A itself (every variable free) has its own slot.
    expect(cache.lookup(A, Int32Array.from([0, 1]))).toBe(U);
    expect(cache.factorisations(A)).toBe(2);
    // A factor of another matrix clears both slots and the count.
    const A2 = Float64Array.from(A);
    cache.set(A2, Int32Array.from([0]), new Float64Array([2]));
    expect(cache.lookup(A, Int32Array.from([0, 1]))).toBeNull();
    expect(cache.lookup(A2, Int32Array.from([0, 1]))).toBeNull();
    expect(cache.factorisations(A)).toBe(0);
    expect(cache.factorisations(A2)).toBe(1);
    // Two polishes of one problem through one cache, against polishes without
    // one. With a cache the planner may keep the bounds as rows (once a second
    // factorisation was needed) where without one it eliminates them; either is
    // an exact solve with refinement on this well-conditioned system, so the
    // points agree to rounding: 1e-12 relative to max(1, ‖x‖∞) leaves room for it.
    const built = build(41, {
      n: 30,
      activeRows: ['upper', 'upper', 'lower', 'equal'],
      inactiveRows: 10,
      activeLower: 3,
      activeUpper: 2,
    });
    const p = normalizeProblem(built.input);
    const shared = new HessianFactorCache();
    for (const seed of [1, 2]) {
      const x0 = perturbed(built.xStar, seed, 1e-3);
      const hints = hintsFor(p, built.active);
      const withCache = polish(p, x0, hints, { ...OPTS, factors: shared });
      const without = polish(p, x0, hints, OPTS);
      expectAt(withCache, built.xStar);
      const size = Math.max(1, ...Array.from(without.x, Math.abs));
      const apart = Math.max(...Array.from(withCache.x, (v, j) => Math.abs(v - without.x[j])));
      expect(apart).toBeLessThanOrEqual(1e-12 * size);
    }
    // The second polish (and later solves of the first) found the factor in the cache.
    expect(shared.hits).toBeGreaterThan(0);
  });
});

describe('polish: the two forms of the range-space solve (range-space.ts planRangeSpace)', () => {
  // The optimum x* and its multipliers μ are known by construction (build), so
  // both forms are checked against them, not against each other: X_TOL as in
  // every polish test, for μ too (an exact solve on well-conditioned data).
  // The working set interleaves bounds and rows, so a multiplier reported for
  // the wrong facet is caught. Bounds kept as rows must still put their
  // variables exactly on the bounds.
  const spec = (bounds: number): Spec => ({
    n: 30,
    activeRows: ['upper', 'lower', 'upper'],
    inactiveRows: 8,
    activeLower: bounds,
    activeUpper: bounds,
  });
  /** The facet of a candidate id, with its constructed multiplier. */
  function facetsOf(p: QPProblem, built: Built) {
    const norms = rowNorms(p.C, p.m, p.n);
    const byKey = new Map(allFacets(p, norms).map((f) => [`${f.kind}:${f.index}:${f.side}`, f]));
    return built.active.map((id, k) => {
      const key =
        id < p.m
          ? `row:${id}:${p.lo[id] === -Infinity ? 'upper' : 'lower'}`
          : id < p.m + p.n
            ? `bound:${id - p.m}:lower`
            : `bound:${id - p.m - p.n}:upper`;
      return { facet: byKey.get(key)!, mu: built.multipliers[k] };
    });
  }
  /** Bounds and rows alternating: bound, row, bound, row, …, then the rest. */
  function interleaved<T extends { facet: Facet }>(items: T[]): T[] {
    const rows = items.filter((t) => t.facet.kind === 'row');
    const bounds = items.filter((t) => t.facet.kind === 'bound');
    const out: T[] = [];
    for (let i = 0; i < Math.max(rows.length, bounds.length); i++) {
      if (i < bounds.length) out.push(bounds[i]);
      if (i < rows.length) out.push(rows[i]);
    }
    return out;
  }
  it.each([
    [2, 'bounds as rows', 30],
    [12, 'bounds eliminated', 6],
  ])('with %i lower and as many upper bounds active the cheaper form is %s', (bounds, _name, f) => {
    const built = build(61, spec(bounds));
    const p = normalizeProblem(built.input);
    const items = interleaved(facetsOf(p, built));
    const selected = items.map((t) => t.facet);
    expect(selected.every((fc) => fc !== undefined)).toBe(true);
    expect(selected.length).toBe(3 + 2 * bounds);
    const cache = new HessianFactorCache();
    const x0 = perturbed(built.xStar, 3, 1e-3);
    // A fresh cache factors the cheaper matrix at hand: A_FF with the bounds eliminated
    // (the working set less one bound, so that the next call has another F).
    const fewer = selected.filter((fc) => fc !== selected[0]);
    expect(selected[0].kind).toBe('bound');
    expect(planRangeSpace(p, x0, fewer, cache).red.f).toBe(30 - 2 * bounds + 1);
    // From the second factorisation on, A's factor counts as free (rent before buying).
    const plan = planRangeSpace(p, x0, selected, cache);
    expect(plan.rs).not.toBeNull();
    expect(plan.red.f).toBe(f);
    // With every variable free the Hessian block is A itself (shared, never written).
    if (f === p.n) expect(plan.red.H).toBe(p.A);
    else expect(plan.red.H).not.toBe(p.A);
    const aBefore = p.A.slice();
    const out = solveEqp(p, x0, selected, rowNorms(p.C, p.m, p.n), 1e-12, cache);
    expect(p.A).toEqual(aBefore);
    expect(out.kind).toBe('point');
    if (out.kind !== 'point') return;
    const scale = Math.max(1, ...built.xStar.map(Math.abs));
    const err = Math.max(...Array.from(out.x, (v, j) => Math.abs(v - built.xStar[j])));
    expect(err).toBeLessThanOrEqual(X_TOL * scale);
    for (const fc of selected) {
      if (fc.kind !== 'bound') continue;
      expect(out.x[fc.index]).toBe(fc.side === 'lower' ? p.lower[fc.index] : p.upper[fc.index]);
    }
    const muScale = Math.max(1, ...items.map((t) => Math.abs(t.mu)));
    items.forEach((t, k) => {
      expect(Math.abs(out.multipliers[k] - t.mu)).toBeLessThanOrEqual(X_TOL * muScale);
    });
  });
});

describe('polish: a working set without rows', () => {
  // With no working rows (only bounds, or none) and A_FF positive definite the
  // solve is A_FF y = −g by the cached Cholesky factor. Reference: ml-matrix's
  // LU solve of the same system; condition ~1e2, so 1e-10 relative agreement.
  it('solves A_FF y = −g through the factor cache', () => {
    const r = rng(5);
    const n = 8;
    const L = Array.from({ length: n }, () => r.vec(n));
    const A = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => dot(L[i], L[j]) + (i === j ? 1 : 0)),
    );
    // b puts the optimum at x* with x₂ on its upper bound 0.5 (multiplier 1), the rest free.
    const xStar = r.vec(n);
    xStar[2] = 0.5;
    const b = A.map((row, i) => -dot(row, xStar) - (i === 2 ? 1 : 0));
    const input: ProblemInput = {
      A,
      b,
      lower: new Array(n).fill(-1e3),
      upper: Array.from({ length: n }, (_, j) => (j === 2 ? 0.5 : 1e3)),
    };
    const p = normalizeProblem(input);
    const free = [0, 1, 3, 4, 5, 6, 7];
    const Aff = new Matrix(free.map((i) => free.map((j) => A[i][j])));
    const g = free.map((i) => b[i] + A[i][2] * 0.5);
    const y = solve(Aff, Matrix.columnVector(g.map((v) => -v))).getColumn(0);
    const cache = new HessianFactorCache();
    const hints = { norms: new Float64Array(0), spikeCounts: new Uint32Array(2 * n) };
    hints.spikeCounts[n + 2] = 1;
    const x0 = new Float64Array(n);
    x0[2] = 0.5;
    for (let round = 0; round < 2; round++) {
      const out = polish(p, x0, hints, { ...OPTS, factors: cache });
      const want = new Float64Array(n);
      free.forEach((j, a) => {
        want[j] = y[a];
      });
      want[2] = 0.5;
      const scale = Math.max(1, ...y.map(Math.abs));
      if (want.some((v) => Math.abs(v) >= 1e3)) throw new Error('the reference left the box');
      expect(out.status).toBe('accepted');
      expect(Math.max(...Array.from(out.x, (v, j) => Math.abs(v - want[j])))).toBeLessThanOrEqual(
        1e-10 * scale,
      );
    }
    // The second polish found the factor of A_FF from the first.
    expect(cache.hits).toBeGreaterThan(0);
  });
});

describe('polish: the primal-dual active-set phase (bulk.ts)', () => {
  // The primal loop adds one facet per solve; the bulk phase adds every facet
  // violated at the working-set solution at once. With 8 of 24 active facets
  // missing from the hints the loop alone needs at least 8 more solves.
  it('repairs a working set that misses a third of the active facets within its 4 solves', () => {
    const spec: Spec = {
      n: 60,
      activeRows: Array.from({ length: 16 }, () => 'upper' as const),
      inactiveRows: 30,
      activeLower: 4,
      activeUpper: 4,
    };
    const built = build(31, spec);
    const p = normalizeProblem(built.input);
    const x0 = interiorPoint(p, built, 0.05);
    const named = built.active.filter((_, k) => k % 3 !== 0);
    expect(built.active.length - named.length).toBe(8);
    const out = polish(p, x0, hintsFor(p, named), OPTS);
    expectAt(out, built.xStar);
    expect(out.steps).toBeLessThanOrEqual(BULK_ROUNDS);
    expect(out.reason).toMatch(/primal-dual active-set phase/);
  });

  it('goes on past 4 rounds while fewer facets change, on a QP with about 90 active facets', () => {
    // Its early polish needs 7 rounds: with the phase stopped at 4 it failed, and the
    // dynamics ran on to their budget. Checked against quadprog.
    const dense = manyActiveFacets(120);
    const r = new SnnSolver(dense).solve();
    expect(r.status).toBe('optimal');
    expect(r.polish?.reason).toMatch(/^primal-dual active-set phase optimal after (\d+) solves/);
    const solves = Number(/after (\d+) solves/.exec(r.polish?.reason ?? '')?.[1]);
    expect(solves).toBeGreaterThan(BULK_ROUNDS);
    expect(solves).toBeLessThanOrEqual(BULK_MAX_ROUNDS);
    expect(r.iterations).toBeLessThan(100);
    const ref = referenceSolve(dense);
    const err = Math.max(...ref.x.map((v, j) => Math.abs(v - r.x[j])));
    expect(err).toBeLessThanOrEqual(1e-7 * Math.max(1, ...ref.x.map(Math.abs)));
  });

  it('is tried on an unsettled firing set at minIterations, and finds the optimum there', () => {
    // At n = 200 (163 active facets) the facets that fire never repeat from one window to the
    // next; without the try at minIterations (100) the dynamics ran their 2000 iterations.
    const dense = manyActiveFacets(200);
    const r = new SnnSolver(dense).solve();
    expect(r.status).toBe('optimal');
    expect(r.message).toMatch(/^the facets firing up to iteration 100 had not settled/);
    expect(r.iterations).toBe(100);
    const ref = referenceSolve(dense);
    const err = Math.max(...ref.x.map((v, j) => Math.abs(v - r.x[j])));
    expect(err).toBeLessThanOrEqual(1e-7 * Math.max(1, ...ref.x.map(Math.abs)));
  });
});

describe('polish: singular Hessians', () => {
  it('(c) identifies an LP vertex (A = 0), from a perturbed point and from an interior point', () => {
    const built = build(3, {
      n: 8,
      activeRows: ['upper', 'lower', 'upper'],
      inactiveRows: 10,
      activeLower: 3,
      activeUpper: 2,
      rank: 0,
    });
    const p = normalizeProblem(built.input);
    expect(p.isLinear).toBe(true);
    expectAt(
      polish(p, perturbed(built.xStar, 5, 1e-3), hintsFor(p, built.active), OPTS),
      built.xStar,
    );
    const x0 = interiorPoint(p, built, 0.05);
    const out = polish(
      p,
      x0,
      { norms: rowNorms(p.C, p.m, p.n) },
      { ...OPTS, maxActiveSetSteps: 60 },
    );
    expectAt(out, built.xStar);
    expect(out.objective).toBeLessThan(objectiveValue(p, x0));
  });

  it('(d) PSD Hessian of rank 4 in 10 variables with 6 active facets', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const built = build(seed, {
        n: 10,
        activeRows: ['upper', 'lower', 'equal'],
        inactiveRows: 8,
        activeLower: 2,
        activeUpper: 1,
        rank: 4,
      });
      const p = normalizeProblem(built.input);
      expectAt(
        polish(p, perturbed(built.xStar, seed, 1e-3), hintsFor(p, built.active), OPTS),
        built.xStar,
      );
      const x0 = interiorPoint(p, built, 0.05);
      expectAt(
        polish(p, x0, { norms: rowNorms(p.C, p.m, p.n) }, { ...OPTS, maxActiveSetSteps: 60 }),
        built.xStar,
      );
    }
  });

  it('(d) takes the least-norm step when the optimum is not unique', () => {
    // min ½x₁² − x₁ on 0 ≤ x ≤ 1: x₁ = 1, any x₂ ∈ [0, 1] is optimal; x₂ must stay where it was.
    const p = normalizeProblem({
      A: [
        [1, 0],
        [0, 0],
      ],
      b: [-1, 0],
      lower: 0,
      upper: 1,
    });
    const out = polish(p, Float64Array.from([0.9, 0.37]), { norms: new Float64Array(0) }, OPTS);
    expectAt(out, [1, 0.37]);
  });

  it('(d) rejects an unbounded problem and says why', () => {
    const p = normalizeProblem({
      A: [
        [1, 0],
        [0, 0],
      ],
      b: [0, -1],
      C: [[1, 1]],
      lo: [-5],
    });
    const out = polish(p, Float64Array.from([0, 0]), { norms: rowNorms(p.C, p.m, p.n) }, OPTS);
    expect(out.status).toBe('rejected');
    expect(out.reason).toMatch(/unbounded/);
    expect(Array.from(out.x)).toEqual([0, 0]);
  });
});

describe('polish: dependent working rows', () => {
  it('(e) duplicated, rescaled and paired-inequality equality rows', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const built = build(seed, {
        n: 10,
        activeRows: ['equal', 'equal', 'upper'],
        inactiveRows: 6,
        activeLower: 1,
        activeUpper: 1,
      });
      const { C, lo, hi } = built.input;
      const t0 = hi[0];
      const t1 = hi[1];
      C.push(
        [...C[0]],
        C[0].map((v) => 2 * v),
      ); // row 0 twice more, once rescaled
      lo.push(t0, 2 * t0);
      hi.push(t0, 2 * t0);
      lo[1] = -Infinity; // row 1 as two opposite inequalities
      C.push(C[1].map((v) => -v));
      lo.push(-Infinity);
      hi.push(-t1);
      const p = normalizeProblem(built.input);
      const active = built.active
        .map((id) => (id >= built.m ? id + 3 : id))
        .concat([built.m, built.m + 1, built.m + 2]);
      const out = polish(p, perturbed(built.xStar, seed, 1e-3), hintsFor(p, active), OPTS);
      expectAt(out, built.xStar);
    }
  });

  it('(e) the triplicated paired equality of fixture case 14 (x + y = 2 six times)', () => {
    const fx = JSON.parse(
      readFileSync(
        fileURLToPath(
          new URL('./fixtures/cases/14_triplicated_equality_rows.json', import.meta.url),
        ),
        'utf8',
      ),
    );
    const p = normalizeProblem(fromLineageForm(fx.problem));
    const out = polish(
      p,
      Float64Array.from([0.4, 1.7]),
      { norms: rowNorms(p.C, p.m, p.n), spikeCounts: new Uint32Array(10).fill(1, 0, 6) },
      OPTS,
    );
    expectAt(out, fx.expected.x);
  });
});

describe('polish: degenerate points', () => {
  it('leaves the degenerate origin of QPCBLEND (Maros–Meszaros) and reaches the published optimum', () => {
    // At x = 0 dozens of facets meet in 83 variables: dropping one facet, being blocked at once
    // by another and so on would cycle; the tangent-cone step (escape.ts) breaks the cycle. The
    // published optima are interior-point (BPMPD) results, good to about 1e-8·max(1, |f*|) rather
    // than to their 8 printed digits (here the certified point differs from it by 2.2e-9).
    const dir = fileURLToPath(new URL('./fixtures/maros-meszaros/', import.meta.url));
    const p = normalizeProblem(
      parseQps(readFileSync(`${dir}QPCBLEND.QPS`, 'utf8'), 'QPCBLEND.QPS').problem,
    );
    const fStar = -7.8425409e-3;
    const out = polish(
      p,
      new Float64Array(p.n),
      { norms: rowNorms(p.C, p.m, p.n) },
      { ...OPTS, maxActiveSetSteps: 60 },
    );
    expect(out.status, out.reason).toBe('accepted');
    expect(Math.abs(out.objective - fStar)).toBeLessThanOrEqual(
      1e-8 * Math.max(1, Math.abs(fStar)),
    );
    expect(out.certificate?.relative).toBeLessThan(1e-12);
  });
});

describe('polish: the lineage problem (DESIGN §4)', () => {
  const fx = JSON.parse(
    readFileSync(
      fileURLToPath(new URL('./fixtures/lineage/convergence-50x30.json', import.meta.url)),
      'utf8',
    ),
  );
  const input = fromLineageForm({ A: fx.A, b: fx.b, C: fx.C, d: fx.d });
  const p = normalizeProblem(input);
  const norms = rowNorms(p.C, p.m, p.n);
  const fRef: number = fx.reference.objective;
  const relGap = (x: Float64Array): number =>
    Math.abs(objectiveValue(p, x) - fRef) / Math.abs(fRef);

  it("(f) polishes the dynamics' limit-cycle point to the reference optimum within 1e-9 relative", () => {
    const kernel = kernelFor(input); // the reference dynamics alone, default options (k0Scale 0.5)
    kernel.reset(Float64Array.from(fx.x0));
    expect(kernel.advance(2000)).toBe('running');
    expect(relGap(kernel.x)).toBeGreaterThan(1e-5); // the documented limit cycle (gap 3e-4..7e-4)
    const out = polish(p, kernel.x, { norms, spikeCounts: kernel.spikeCounts }, OPTS);
    expect(out.status, out.reason).toBe('accepted');
    expect(relGap(out.x)).toBeLessThanOrEqual(1e-9);
    expect(out.activeSet.rows.map((r) => r.index)).toEqual(fx.reference.active_rows);
  });

  it('(f) from the reference x plus 1e-3 noise (gap ~1e-4), with and without hints', () => {
    const x0 = perturbed(fx.reference.x, 11, 1e-3);
    expect(relGap(x0)).toBeGreaterThan(1e-6);
    const spikeCounts = new Uint32Array(p.m + 2 * p.n);
    for (const i of fx.reference.active_rows) spikeCounts[i] = 1;
    for (const hints of [{ norms, spikeCounts }, { norms }]) {
      const out = polish(p, x0, hints, OPTS);
      expect(out.status, out.reason).toBe('accepted');
      expect(relGap(out.x)).toBeLessThanOrEqual(1e-9);
      const err = Math.max(...Array.from(out.x, (v, j) => Math.abs(v - fx.reference.x[j])));
      expect(err).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe('polish: the objective check', () => {
  const spec: Spec = {
    n: 12,
    activeRows: ['upper', 'lower'],
    inactiveRows: 8,
    activeLower: 1,
    activeUpper: 1,
    nearRow: 5e-3,
  };

  it('accepts x* from a point below the optimum thanks to a tolerated violation', () => {
    // x₀ = x* pushed 1e-10 outward through active row 0: feasible to 1e-9, and
    // f(x₀) < f(x*) by about μ·1e-10, far more than 1e-12·|f| (the Lagrangian credit covers it).
    const built = build(31, spec);
    const p = normalizeProblem(built.input);
    const c0 = built.input.C[0];
    const x0 = Float64Array.from(built.xStar, (v, j) => v + (1e-10 * c0[j]) / dot(c0, c0));
    expect(objectiveValue(p, x0)).toBeLessThan(
      objectiveValue(p, Float64Array.from(built.xStar)) - 1e-11,
    );
    expectAt(polish(p, x0, hintsFor(p, built.active), OPTS), built.xStar);
  });

  it('rejects a worse point that a loose certificate would pass', () => {
    // From x* itself, with an extra near facet in the working set and a single step,
    // the loop ends on the near facet (worse by ~1e-5); a certificate at kktRelTol 10 passes it.
    const built = build(32, spec);
    const p = normalizeProblem(built.input);
    const x0 = Float64Array.from(built.xStar);
    const out = polish(p, x0, hintsFor(p, [...built.active, p.m - 1]), {
      ...OPTS,
      kktRelTol: 10,
      maxActiveSetSteps: 1,
    });
    expect(out.status).toBe('rejected');
    expect(out.reason).toMatch(/worse than the input/);
    expect(out.certificate?.status).toBe('passed');
    expect(Array.from(out.x)).toEqual(Array.from(x0));
  });
});

describe('polish: the objective check under cancellation', () => {
  it('HS268: f = … + 14463 cancels to an optimum of 0; polishing the polished point is accepted', () => {
    // f is known only to rounding relative to its terms (~1e4 here), not to |f| ~ 1e-11, so the
    // objective check's rounding allowance is 1e-12·max(1, |f|, |½xᵀAx| + |bᵀx| + |constant|).
    const dir = fileURLToPath(new URL('./fixtures/maros-meszaros/', import.meta.url));
    const p = normalizeProblem(
      parseQps(readFileSync(`${dir}HS268.QPS`, 'utf8'), 'HS268.QPS').problem,
    );
    const norms = rowNorms(p.C, p.m, p.n);
    const first = polish(p, new Float64Array(p.n), { norms }, { ...OPTS, maxActiveSetSteps: 60 });
    expectAt(first, [1, 2, -1, 3, -4]);
    const again = polish(p, first.x, { norms }, OPTS);
    expect(again.status, again.reason).toBe('accepted');
    expect(Math.abs(again.objective)).toBeLessThan(1e-9);
  });
});

describe('polish: rejection and skipping', () => {
  it('(g) rejects with the input x unchanged when the certificate cannot pass', () => {
    const built = build(4, {
      n: 12,
      activeRows: ['upper', 'lower'],
      inactiveRows: 8,
      activeLower: 1,
      activeUpper: 1,
    });
    const p = normalizeProblem(built.input);
    const x0 = perturbed(built.xStar, 3, 0.5);
    const out = polish(p, x0, hintsFor(p, [4, 5, 6]), {
      ...OPTS,
      feasibilityTol: 10,
      maxActiveSetSteps: 0,
    });
    expect(out.status).toBe('rejected');
    expect(out.steps).toBe(0);
    expect(out.reason).toMatch(/certificate/);
    expect(out.x).not.toBe(x0);
    expect(Array.from(out.x)).toEqual(Array.from(x0));
    expect(out.objective).toBe(objectiveValue(p, x0));
    const strict = polish(p, x0, hintsFor(p, [4, 5, 6]), { ...OPTS, maxActiveSetSteps: 0 });
    expect(strict.status).toBe('rejected');
    expect(strict.reason).toMatch(/infeasible/);
  });

  it('skips a non-finite point; rejects hint arrays of the wrong length', () => {
    const p = normalizeProblem({
      A: [
        [1, 0],
        [0, 1],
      ],
      b: [1, 1],
      lower: 0,
    });
    const out = polish(p, Float64Array.from([Number.NaN, 0]), { norms: new Float64Array(0) }, OPTS);
    expect(out.status).toBe('skipped');
    expect(() =>
      polish(
        p,
        Float64Array.from([0, 0]),
        { norms: new Float64Array(0), spikeCounts: new Uint32Array(3) },
        OPTS,
      ),
    ).toThrow(/length/);
  });
});

describe('the independence test of a working set', () => {
  it('leaves a normal orthogonal to the kept ones after heavy cancellation', () => {
    // v = Q·c + 1e-9·z: one Gram–Schmidt pass leaves components along Q of about
    // ε·‖v‖ ≈ 1e-16, i.e. 1e-7 of what remains; the second pass takes them to rounding
    // of the remainder. 1e-12 separates the two outcomes by four orders either way.
    const n = 20;
    const { g } = rng(41);
    const basis: Float64Array[] = [];
    for (let k = 0; k < 5; k++) {
      const q = Float64Array.from({ length: n }, () => g());
      orthogonalComponent(basis, q, n, Math.hypot(...q));
      const norm = Math.hypot(...q);
      basis.push(q.map((x) => x / norm));
    }
    const v = new Float64Array(n);
    for (const q of basis) {
      const c = g();
      for (let j = 0; j < n; j++) v[j] += c * q[j];
    }
    for (let j = 0; j < n; j++) v[j] += 1e-9 * g();
    const rest = orthogonalComponent(basis, v, n, Math.hypot(...v));
    expect(rest).toBeGreaterThan(1e-10);
    expect(rest).toBeLessThan(1e-8);
    for (const q of basis) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += q[j] * v[j];
      expect(Math.abs(dot) / rest).toBeLessThan(1e-12);
    }
  });
});
