import { describe, expect, it } from 'vitest';
import { SnnSolver } from '../src/index.js';
import { solveEqp } from '../src/polish/eqp.js';
import { HessianFactorCache } from '../src/polish/factor-cache.js';
import { HeldWorkingSet } from '../src/polish/held-working-set.js';
import { type HotStartMemory, hotStart, stillFacets } from '../src/polish/hot-start.js';
import { type PolishOptions, polish } from '../src/polish/polish.js';
import { rowNorms } from '../src/problem/facets.js';
import { normalizeProblem } from '../src/problem/normalize.js';
import type { QPProblem } from '../src/problem/types.js';
import { type Built, build, dot, hintsFor, type Spec } from './helpers/constructed-qp.js';
import { referenceSolve } from './helpers/property-reference.js';

/**
 * The hot start (polish/hot-start.ts) against optima known by construction.
 * A problem of helpers/constructed-qp.ts is moved to a second one with the
 * same A, C, active set and multipliers: its optimum x₂ = x* + δ is put on
 * the active facets (their targets move with it) and b₂ = b − Aδ, so x₂
 * satisfies the KKT conditions of the second problem; ‖δ‖∞ = 0.01 keeps
 * every inactive facet (slack ≥ 0.2‖a‖ at x*) inactive. Tolerance X_TOL =
 * 1e-9 relative to max(1, ‖x‖∞), as in the polish tests: an exact KKT solve
 * on well-conditioned data (observed errors ~1e-15).
 */
const OPTS: PolishOptions = { feasibilityTol: 1e-9, kktRelTol: 1e-9, kktAbsTol: 1e-12 };
const X_TOL = 1e-9;
const SPEC: Spec = {
  n: 10,
  activeRows: ['upper', 'lower', 'equal'],
  inactiveRows: 6,
  activeLower: 1,
  activeUpper: 1,
};

/** The second problem's data: x₂ = x* + δ on the same active set, multipliers scaled by `muScale` on the first active row. */
function moved(built: Built, delta: number[], muScale = 1) {
  const { input, xStar } = built;
  const n = xStar.length;
  const x2 = xStar.map((v, j) => v + delta[j]);
  const A = input.A as number[][];
  const b2 = (input.b as number[]).map((v, i) => v - dot(A[i], delta));
  const lo = [...input.lo];
  const hi = [...input.hi];
  const lower = [...(input.lower as number[])];
  const upper = [...(input.upper as number[])];
  for (const [k, id] of built.active.entries()) {
    if (id < built.m) {
      const t = dot(input.C[id], x2);
      if (Number.isFinite(lo[id])) lo[id] = t;
      if (Number.isFinite(hi[id])) hi[id] = t;
      if (k === 0 && muScale !== 1) {
        // b moves with the multiplier: b₂ gains (1 − s)·μ·a for the first active row's normal a.
        const sign = input.lo[id] === -Infinity ? 1 : -1;
        const mu = built.multipliers[0];
        for (let j = 0; j < n; j++) b2[j] += (1 - muScale) * mu * sign * input.C[id][j];
      }
    } else if (id < built.m + n) lower[id - built.m] = x2[id - built.m];
    else upper[id - built.m - n] = x2[id - built.m - n];
  }
  return { x2, b: b2, lo, hi, lower, upper };
}

function delta(n: number): number[] {
  return Array.from({ length: n }, (_, j) => 0.01 * Math.sin(3 * j + 1));
}

function maxError(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let e = 0;
  for (let j = 0; j < ref.length; j++) e = Math.max(e, Math.abs(x[j] - ref[j]));
  return e;
}

/** p₁, its accepted polish at x* (whose `selected` is the working set to hold), and p₂. */
function setup(seed: number, muScale = 1) {
  const built = build(seed, SPEC);
  const p1 = normalizeProblem(built.input);
  const first = polish(p1, Float64Array.from(built.xStar), hintsFor(p1, built.active), OPTS);
  if (first.selected === null) throw new Error(`seed ${seed}: the first polish has no working set`);
  const held = first.selected;
  const { x2, ...vectors } = moved(built, delta(SPEC.n), muScale);
  const p2: QPProblem = normalizeProblem({ ...built.input, ...vectors });
  return { built, p1, first, held, p2, x2 };
}

/** x against quadprog's optimum of p (helpers/property-reference.ts: accurate to a few 1e-8), to 1e-7. */
function expectReference(p: QPProblem, x: ArrayLike<number>): void {
  const { n, m } = p;
  const rows = (M: Float64Array, r: number) =>
    Array.from({ length: r }, (_, i) => Array.from(M.subarray(i * n, (i + 1) * n)));
  const ref = referenceSolve({
    n,
    A: rows(p.A, n),
    b: Array.from(p.b),
    C: rows(p.C, m),
    lo: Array.from(p.lo),
    hi: Array.from(p.hi),
    lower: Array.from(p.lower),
    upper: Array.from(p.upper),
  });
  expect(maxError(x, ref.x)).toBeLessThanOrEqual(1e-7 * Math.max(1, ...ref.x.map(Math.abs)));
}

describe('hot start: the previous working set at new data', () => {
  it('finds the moved optimum in one working-set solve when the active set holds', () => {
    for (const seed of [5, 17, 23]) {
      const { first, held, p2, x2, built } = setup(seed);
      expect(first.status, first.reason).toBe('accepted');
      expect(held.length).toBe(built.active.length);
      const norms = rowNorms(p2.C, p2.m, p2.n);
      const factors = new HessianFactorCache();
      const hot = hotStart(p2, held, first.x, norms, { ...OPTS, factors });
      expect(hot, `seed ${seed}`).not.toBeNull();
      if (hot === null) continue;
      expect(hot.status).toBe('accepted');
      expect(hot.steps).toBe(1);
      expect(hot.certificate?.status).toBe('passed');
      expect(maxError(hot.x, x2)).toBeLessThanOrEqual(X_TOL * Math.max(1, ...x2.map(Math.abs)));
      expect(hot.selected).toEqual(held);
    }
  });

  it('moves off a facet whose multiplier turned negative, to the optimum of an independent solver', () => {
    const { held, first, p2, built } = setup(5, -1);
    const norms = rowNorms(p2.C, p2.m, p2.n);
    const hot = hotStart(p2, held, first.x, norms, OPTS);
    expect(hot).not.toBeNull();
    if (hot === null) return;
    expect(hot.steps).toBeGreaterThan(1);
    const leaving = built.active[0];
    expect(hot.selected?.some((f) => f.kind === 'row' && f.index === leaving)).toBe(false);
    expectReference(p2, hot.x);
  });

  it('drops a facet that no longer exists on its side, and still reaches the optimum', () => {
    const { first, held, p2, built } = setup(17);
    const norms = rowNorms(p2.C, p2.m, p2.n);
    const upperRow = built.active.find((id) => id < built.m && p2.lo[id] === -Infinity)!;
    const hi = Float64Array.from(p2.hi);
    hi[upperRow] = Infinity;
    const gone: QPProblem = { ...p2, hi };
    const facet = held.find((f) => f.kind === 'row' && f.index === upperRow)!;
    expect(stillFacets(p2, held, norms)).toEqual(held);
    expect(stillFacets(gone, held, norms)).toEqual(held.filter((f) => f !== facet));
    const hot = hotStart(gone, held, first.x, norms, OPTS);
    expect(hot).not.toBeNull();
    if (hot !== null) {
      expect(hot.selected).not.toContain(facet);
      expectReference(gone, hot.x);
    }
    // An equality row that became two-sided, and a row that became an equality.
    const eqRow = built.active.find((id) => id < built.m && p2.lo[id] === p2.hi[id])!;
    const eqFacet = held.find((f) => f.kind === 'row' && f.index === eqRow)!;
    const opened = { ...p2, hi: Float64Array.from(p2.hi, (v, i) => (i === eqRow ? v + 1 : v)) };
    expect(stillFacets(opened, held, norms)).not.toContain(eqFacet);
    const closed = {
      ...p2,
      lo: Float64Array.from(p2.lo, (v, i) => (i === upperRow ? p2.hi[i] : v)),
    };
    expect(stillFacets(closed, held, norms)).not.toContain(facet);
    expect(stillFacets(closed, held, norms)).toContain(eqFacet);
  });

  it('a reused solver hot-starts after update() and reports the same optimum as a new solver', () => {
    const { built, p2, x2 } = setup(23);
    const solver = new SnnSolver(built.input);
    const r1 = solver.solve();
    expect(r1.status).toBe('optimal');
    solver.update({ b: p2.b, lo: p2.lo, hi: p2.hi, lower: p2.lower, upper: p2.upper });
    const r2 = solver.solve(r1.x);
    expect(r2.status).toBe('optimal');
    expect(r2.message).toMatch(
      /^hot start: the previous working set .* held at the new data, one solve/,
    );
    expect(r2.iterations).toBe(0);
    expect(r2.kkt.status).toBe('passed');
    expect(maxError(r2.x, x2)).toBeLessThanOrEqual(X_TOL * Math.max(1, ...x2.map(Math.abs)));
    const fresh = new SnnSolver(p2).solve();
    expect(fresh.status).toBe('optimal');
    expect(maxError(r2.x, fresh.x)).toBeLessThanOrEqual(X_TOL * Math.max(1, ...x2.map(Math.abs)));
    // When the working set does not hold, the hot start corrects it (the facet leaves).
    const { x2: _x3, ...third } = moved(built, delta(SPEC.n), -1);
    const p3 = normalizeProblem({ ...built.input, ...third });
    solver.update({ b: p3.b, lo: p3.lo, hi: p3.hi, lower: p3.lower, upper: p3.upper });
    const r3 = solver.solve(r2.x);
    expect(r3.status).toBe('optimal');
    // The message says the set was corrected, and counts every solve the polish counted.
    expect(r3.message).toMatch(/^hot start: .*, corrected by the primal-dual active-set phase/);
    expect(r3.message).toContain(`in ${r3.polish?.steps} solves:`);
    expect(r3.polish?.steps).toBeGreaterThanOrEqual(2);
    const fresh3 = new SnnSolver(p3).solve();
    expect(Math.abs(r3.objective - fresh3.objective)).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(fresh3.objective)),
    );
  });

  it('declines when a facet outside the set is crossed, even by less than feasibilityTol', () => {
    // min ½|x|² + bᵀx in the box |x_j| ≤ 1e-7, at the solver's default tolerances
    // (feasibilityTol 1e-6). b = (−5e-8, 0): the optimum (5e-8, 0) is interior, the working
    // set empty. b = (−5e-7, 0): the unconstrained point (5e-7, 0) crosses x₀ ≤ 1e-7 by 4e-7,
    // within feasibilityTol, yet the optimum is on that bound.
    const solver = new SnnSolver({
      A: [
        [1, 0],
        [0, 1],
      ],
      b: [-5e-8, 0],
      lower: -1e-7,
      upper: 1e-7,
    });
    const r1 = solver.solve();
    expect(r1.status).toBe('optimal');
    expect(r1.x[0]).toBeCloseTo(5e-8, 20);
    solver.update({ b: [-5e-7, 0] });
    const r2 = solver.solve(r1.x);
    expect(r2.status).toBe('optimal');
    expect(r2.x[0]).toBe(1e-7);
    expect(r2.feasibility.maxViolation).toBe(0);
  });

  it('in a closed loop whose reference flips, every message says which path found the optimum', () => {
    // Condensed MPC of a scalar integrator over N = 8 steps: u are the inputs (|u| ≤ umax(t)),
    // the rows bound the predicted state at steps 3 and 8, and the reference flips between
    // +2 and −2 every five steps. At a flip most bounds change side: the hot start's
    // primal-dual phase may not settle, and polish from x0 takes over.
    const N = 8;
    const L = Array.from({ length: N }, (_, k) =>
      Array.from({ length: N }, (_, i) => (i <= k ? 1 : 0)),
    );
    const A = L.map((_, i) =>
      L.map((__, j) => 2 * (L.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 0.05 : 0))),
    );
    const C = [L[2], L[7]];
    const data = (state: number, t: number) => {
      const target = t % 10 < 5 ? 2 : -2;
      const umax = 0.6 + 0.3 * Math.sin(t);
      return {
        b: L.map((_, i) => 2 * (state - target) * L.reduce((s, row) => s + row[i], 0)),
        lo: [-1.5 - state, -2.5 - state],
        hi: [1.5 - state, 2.5 - state],
        lower: -umax,
        upper: umax,
      };
    };
    let state = 3;
    const solver = new SnnSolver({ A, C, ...data(state, 0) });
    let x = solver.solve().x;
    const paths = { held: 0, corrected: 0, declined: 0 };
    for (let t = 1; t < 22; t++) {
      const d = data(state, t);
      solver.update(d);
      const r = solver.solve(x);
      expect(r.status, `t=${t}: ${r.message}`).toBe('optimal');
      expectReference(normalizeProblem({ A, C, ...d }), r.x);
      if (
        /^hot start: the previous working set \(\d+ facets?\) held at the new data/.test(r.message)
      )
        paths.held++;
      else if (
        /^hot start: .*, corrected by the primal-dual active-set phase to \d+ facets? in \d+ solves?:/.test(
          r.message,
        )
      )
        paths.corrected++;
      else if (
        /^the hot start from the previous working set gave no certified optimum; polish from x0 \(starting from the facets tight there and those that fired when the dynamics last ran\) found the optimum: /.test(
          r.message,
        )
      )
        paths.declined++;
      else throw new Error(`t=${t}: unexpected message ${r.message}`);
      expect(r.message, 'counts agree with their nouns').not.toMatch(/\b1 (facets|solves|steps)\b/);
      x = r.x;
      state += r.x[0];
    }
    console.info(`[hot start] closed loop paths: ${JSON.stringify(paths)}`);
    // The flipping reference is built to exercise every path, the fallback after a declined
    // hot start included; a change that removes one of them should replace it here.
    expect(paths.held).toBeGreaterThan(0);
    expect(paths.corrected).toBeGreaterThan(0);
    expect(paths.declined).toBeGreaterThan(0);
  });

  it('says "held" when the working set did not change, also for an LP (no held factors), and counts the facets that remain', () => {
    // LP: min x + 2y on 0 ≤ x, y ≤ 5 with x + y ≤ 8; the optimum (0, 0) keeps both lower bounds
    // when b moves to (3, 1). An LP has no held factors: the primal-dual phase checks the set.
    const lp = new SnnSolver({
      A: [
        [0, 0],
        [0, 0],
      ],
      b: [1, 2],
      C: [[1, 1]],
      hi: [8],
      lower: 0,
      upper: 5,
    });
    const l1 = lp.solve();
    expect(l1.status).toBe('optimal');
    lp.update({ b: [3, 1] });
    const l2 = lp.solve(l1.x);
    expect(l2.status).toBe('optimal');
    expect(Array.from(l2.x)).toEqual([0, 0]);
    expect(l2.message).toMatch(
      /^hot start: the previous working set \(2 facets\) held at the new data, checked by the primal-dual active-set phase in 1 solve:/,
    );
    // min ½‖x‖² − 3(x₁ + x₂) on x ≤ 1: both upper bounds active at (1, 1). Without x₂'s upper
    // bound the rest of the set holds, at (1, 3).
    const qp = new SnnSolver({
      A: [
        [1, 0],
        [0, 1],
      ],
      b: [-3, -3],
      upper: 1,
    });
    const q1 = qp.solve();
    expect(Array.from(q1.x)).toEqual([1, 1]);
    qp.update({ upper: [1, Infinity] });
    const q2 = qp.solve(q1.x);
    expect(q2.status).toBe('optimal');
    expect(q2.x[0]).toBe(1);
    expect(q2.x[1]).toBeCloseTo(3, 12);
    expect(q2.message).toMatch(
      /^hot start: the previous working set \(1 facet; 1 more no longer a facet\) held at the new data, one solve/,
    );
  });

  it('counts the same facets in a correction and in the next hot start, duplicate rows included', () => {
    // min ½‖x‖² − 3(x₁ + x₂) with the row x₁ + x₂ ≤ hi written twice: inactive at hi = 10; at
    // hi = 4 the optimum (2, 2) needs one of the two copies (the other is dependent).
    const solver = new SnnSolver({
      A: [
        [1, 0],
        [0, 1],
      ],
      b: [-3, -3],
      C: [
        [1, 1],
        [1, 1],
      ],
      hi: [10, 10],
    });
    let x = solver.solve().x;
    solver.update({ hi: [4, 4] });
    const r1 = solver.solve(x);
    expect(r1.status).toBe('optimal');
    expect(r1.x[0]).toBeCloseTo(2, 12);
    expect(r1.message).toMatch(/corrected by the primal-dual active-set phase to 1 facet in /);
    x = r1.x;
    solver.update({ hi: [3, 3] });
    const r2 = solver.solve(x);
    expect(r2.x[1]).toBeCloseTo(1.5, 12);
    expect(r2.message).toMatch(
      /^hot start: the previous working set \(1 facet\) held at the new data/,
    );
  });

  it('says how many facets of the previous working set update removed, with the right noun', () => {
    // min ½‖x‖² − 3Σx on x ≤ 1: all three upper bounds active; two of them are then removed.
    const solver = new SnnSolver({
      A: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      b: [-3, -3, -3],
      upper: 1,
    });
    const r0 = solver.solve();
    solver.update({ upper: [1, Infinity, Infinity] });
    const r1 = solver.solve(r0.x);
    expect(Array.from(r1.x).map((v) => Number(v.toFixed(12)))).toEqual([1, 3, 3]);
    expect(r1.message).toMatch(
      /^hot start: the previous working set \(1 facet; 2 more no longer facets\) held at the new data/,
    );
  });

  it('is not tried when polish is off', () => {
    const { built, p2 } = setup(23);
    const solver = new SnnSolver(built.input, { polish: false, maxIterations: 400 });
    const r1 = solver.solve();
    solver.update({ b: p2.b, lo: p2.lo, hi: p2.hi, lower: p2.lower, upper: p2.upper });
    const r2 = solver.solve(r1.x);
    expect(r2.message).not.toMatch(/hot start/);
    expect(r2.iterations).toBeGreaterThan(0);
  });
});

describe('held working set: one factorisation serves the solves of a sequence', () => {
  it('factored at p₁, solves p₂ (new b and targets) to its known optimum and multipliers', () => {
    for (const seed of [5, 17, 23]) {
      const { p1, first, held, p2: moved2, x2 } = setup(seed);
      // The same A and C arrays (as update() keeps them), b and the targets of p₂.
      const p2: QPProblem = { ...moved2, A: p1.A, C: p1.C };
      const factors = new HessianFactorCache();
      const system = HeldWorkingSet.factor(p1, held, factors);
      expect(system, `seed ${seed}`).not.toBeNull();
      if (system === null) continue;
      expect(system.serves(p2, held)).toBe(true);
      const norms = rowNorms(p2.C, p2.m, p2.n);
      const out = system.solve(p2, first.x, norms);
      expect(out).not.toBeNull();
      if (out === null) continue;
      const scale = Math.max(1, ...x2.map(Math.abs));
      expect(maxError(out.x, x2)).toBeLessThanOrEqual(X_TOL * scale);
      // Multipliers against eqp.ts's solve of the same working set, factored afresh.
      const eqp = solveEqp(p2, first.x, held, norms, 1e-12, new HessianFactorCache());
      expect(eqp.kind).toBe('point');
      if (eqp.kind !== 'point') continue;
      const mScale = Math.max(1, ...Array.from(eqp.multipliers, Math.abs));
      expect(maxError(out.multipliers, eqp.multipliers)).toBeLessThanOrEqual(X_TOL * mScale);
    }
  });

  it('serves only the same facets, in the same order, of the same A and C', () => {
    const { p1, held, p2: moved2 } = setup(5);
    const p2: QPProblem = { ...moved2, A: p1.A, C: p1.C };
    expect(HeldWorkingSet.factor(p1, held, new HessianFactorCache())!.serves(moved2, held)).toBe(
      false,
    );
    const system = HeldWorkingSet.factor(p1, held, new HessianFactorCache())!;
    expect(system.serves(p2, [...held].reverse())).toBe(held.length < 2);
    expect(system.serves(p2, held.slice(1))).toBe(false);
    expect(system.serves({ ...p2, C: Float64Array.from(p2.C) }, held)).toBe(false);
    expect(system.serves({ ...p2, A: Float64Array.from(p2.A) }, held)).toBe(false);
  });

  it("when W does not hold, the phase goes on from the first round's correction and counts it", () => {
    const { held, first, p2, built } = setup(5, -1);
    const norms = rowNorms(p2.C, p2.m, p2.n);
    const memory: HotStartMemory = { system: null, facets: null };
    const options = { ...OPTS, factors: new HessianFactorCache() };
    const hot = hotStart(p2, held, first.x, norms, options, memory);
    expect(hot).not.toBeNull();
    if (hot === null) return;
    // The first round ran on the held system, and the phase needed at least one more solve.
    expect(memory.system?.facets).toEqual(held);
    expect(hot.steps).toBeGreaterThanOrEqual(2);
    expect(hot.reason).toMatch(new RegExp(`corrected .* in ${hot.steps} solves:`));
    const leaving = built.active[0];
    expect(hot.selected?.some((f) => f.kind === 'row' && f.index === leaving)).toBe(false);
    expectReference(p2, hot.x);
  });

  it('is not built for an LP or a Hessian that is not positive definite', () => {
    const lp = normalizeProblem({
      A: [
        [0, 0],
        [0, 0],
      ],
      b: [1, 1],
      lower: 0,
    });
    expect(HeldWorkingSet.factor(lp, [], new HessianFactorCache())).toBeNull();
    const singular = normalizeProblem({
      A: [
        [1, 1],
        [1, 1],
      ],
      b: [1, 0],
      lower: 0,
    });
    expect(HeldWorkingSet.factor(singular, [], new HessianFactorCache())).toBeNull();
  });

  it('hot starts keep the factored system while the working set holds, and factor again when it changes', () => {
    const { built, first, held, p2 } = setup(17);
    const norms = rowNorms(p2.C, p2.m, p2.n);
    const options = { ...OPTS, factors: new HessianFactorCache() };
    const memory: HotStartMemory = { system: null, facets: null };
    const a = hotStart(p2, held, first.x, norms, options, memory);
    expect(a?.status).toBe('accepted');
    const system = memory.system;
    expect(system?.facets).toEqual(held);
    const b = hotStart(p2, held, a!.x, norms, options, memory);
    expect(b?.status).toBe('accepted');
    expect(memory.system).toBe(system);
    // Without an upper side on one held row the set changes: a new system for the rest.
    const upperRow = built.active.find((id) => id < built.m && p2.lo[id] === -Infinity)!;
    const gone: QPProblem = {
      ...p2,
      hi: Float64Array.from(p2.hi, (v, i) => (i === upperRow ? Infinity : v)),
    };
    hotStart(gone, held, first.x, norms, options, memory);
    expect(memory.system).not.toBe(system);
    expect(memory.system?.facets.some((f) => f.kind === 'row' && f.index === upperRow)).toBe(false);
  });
});
