/**
 * Seeded random dense QPs for the backends benchmark.
 *
 * Every problem is strictly convex, feasible with x = 0 strictly inside, and
 * built so that some facets are violated at the unconstrained optimum: the
 * dynamics then settle into a regime where every iteration's drift leaves the
 * feasible set and the sweep fires spikes to bring it back, which is the
 * regime a solve spends its iterations in.
 *
 *     A = QᵀQ/n + I          Q an n×n matrix of standard normals (λ(A) ⊂ [1, ~5])
 *     b = −A x_u             x_u standard normal: the unconstrained optimum
 *     m = round(n/2) rows    c_i standard normal / √n (‖c_i‖ ≈ 1)
 *
 * Each row is upper-only (40 %), lower-only (40 %) or two-sided (20 %). With
 * probability `activeRowFraction` (default {@link ACTIVE_ROW_FRACTION}) a row
 * is made active: its violated
 * side sits at a fraction α ∈ [0.2, 0.8] of the way from 0 to c_iᵀx_u, so x_u
 * violates it and x = 0 does not; other sides sit a margin outside both.
 * {@link BOXED_FRACTION} of the variables get box bounds around 0, of which
 * `activeBoundFraction` (default {@link ACTIVE_BOUND_FRACTION}) cut off x_u in
 * the same way. The random draws do not depend on the fractions: a larger
 * fraction gives the same rows and bounds with more of them cutting off x_u.
 *
 * In the steady state each facet that cuts off x_u fires a few spikes per
 * iteration (sequential projections onto facets that interact), and each
 * spike costs O(m + n); at the default 10 % the sweep and the drift cost about
 * the same at n = 1000, at 30 % the sweep dominates.
 */

import type { ProblemInput } from '@snn-opt/core';

/** Default share of the rows whose bound cuts off the unconstrained optimum. */
export const ACTIVE_ROW_FRACTION = 0.1;
/** Share of the variables with box bounds. */
export const BOXED_FRACTION = 0.3;
/** Default share of the boxed variables whose bound cuts off the unconstrained optimum. */
export const ACTIVE_BOUND_FRACTION = 0.1;

/** What the generator built, for the report. */
export interface GeneratedProblem {
  problem: ProblemInput;
  n: number;
  m: number;
  /** Rows made to cut off the unconstrained optimum. */
  activeRows: number;
  /** Variables with box bounds. */
  boxed: number;
  /** Box bounds made to cut off the unconstrained optimum. */
  activeBounds: number;
  seed: number;
}

/** mulberry32: a small, fast, well-mixed 32-bit generator; uniform in [0, 1). */
export function uniformSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normals by the Box–Muller transform over {@link uniformSource}. */
export function normalSource(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/** The seed of the problem of size n: fixed per (seed, n), whichever sizes a run covers. */
export function problemSeed(seed: number, n: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n, 0x85ebca6b)) >>> 0;
}

/** A = QᵀQ/n + I, accumulated row by row of Q over the upper triangle, then mirrored. */
function hessian(n: number, normal: () => number): Float64Array {
  const A = new Float64Array(n * n);
  const q = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < n; j++) q[j] = normal();
    for (let i = 0; i < n; i++) {
      const qi = q[i] / n;
      if (qi === 0) continue;
      const base = i * n;
      for (let k = i; k < n; k++) A[base + k] += qi * q[k];
    }
  }
  for (let i = 0; i < n; i++) {
    A[i * n + i] += 1;
    for (let k = i + 1; k < n; k++) A[k * n + i] = A[i * n + k];
  }
  return A;
}

/** Builds the benchmark problem of size n (m = round(n/2)) from a seed. */
export function generateProblem(
  n: number,
  seed: number,
  activeRowFraction = ACTIVE_ROW_FRACTION,
  activeBoundFraction = ACTIVE_BOUND_FRACTION,
): GeneratedProblem {
  const uniform = uniformSource(problemSeed(seed, n));
  const normal = normalSource(uniform);
  const between = (lo: number, hi: number) => lo + (hi - lo) * uniform();

  const A = hessian(n, normal);
  const xu = new Float64Array(n);
  for (let j = 0; j < n; j++) xu[j] = normal();
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * xu[j];
    b[i] = -s;
  }

  const m = Math.round(n / 2);
  const C = new Float64Array(m * n);
  const lo = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
  const hi = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const scale = 1 / Math.sqrt(n);
  let activeRows = 0;
  for (let i = 0; i < m; i++) {
    const row = C.subarray(i * n, (i + 1) * n);
    let norm2 = 0;
    let g = 0;
    for (let j = 0; j < n; j++) {
      row[j] = scale * normal();
      norm2 += row[j] * row[j];
      g += row[j] * xu[j];
    }
    const norm = Math.sqrt(norm2);
    const kind = uniform();
    const active = uniform() < activeRowFraction;
    const alpha = between(0.2, 0.8);
    const margin = between(0.1, 1) * norm;
    if (active) activeRows++;
    if (kind < 0.4) {
      // Upper side only: c_iᵀx ≤ hi_i. An active row needs c_iᵀx_u > 0; flip the row if not.
      if (active && g <= 0) {
        for (let j = 0; j < n; j++) row[j] = -row[j];
        g = -g;
      }
      hi[i] = active ? alpha * g : Math.max(g, 0) + margin;
    } else if (kind < 0.8) {
      // Lower side only: lo_i ≤ c_iᵀx.
      if (active && g >= 0) {
        for (let j = 0; j < n; j++) row[j] = -row[j];
        g = -g;
      }
      lo[i] = active ? alpha * g : Math.min(g, 0) - margin;
    } else {
      // Two-sided range around 0; the active side is the one x_u lies beyond.
      const loose = Math.abs(g) + margin;
      lo[i] = active && g < 0 ? alpha * g : -loose;
      hi[i] = active && g >= 0 ? alpha * g : loose;
    }
  }

  const lower = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let boxed = 0;
  let activeBounds = 0;
  for (let j = 0; j < n; j++) {
    if (uniform() >= BOXED_FRACTION) continue;
    boxed++;
    const active = uniform() < activeBoundFraction;
    const alpha = between(0.2, 0.8);
    const loose = Math.abs(xu[j]) + between(0.1, 1);
    if (active) activeBounds++;
    lower[j] = active && xu[j] < 0 ? alpha * xu[j] : -loose;
    upper[j] = active && xu[j] >= 0 ? alpha * xu[j] : loose;
  }

  return {
    problem: { A, b, C, lo, hi, lower, upper },
    n,
    m,
    activeRows,
    boxed,
    activeBounds,
    seed,
  };
}
