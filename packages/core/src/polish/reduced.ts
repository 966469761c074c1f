import type { QPProblem } from '../problem/types.js';
import { mulVec } from './dense.js';
import { type Facet, facetTarget, normalSign } from './facets.js';

/**
 * The equality-constrained QP of a working set in the variables the solve
 * works on (eqp.ts):
 *
 *     minimise ½yᵀHy + gᵀy  s.t.  Ey = e,   H = A_FF,  g = b_F + A_FX x_X,
 *     E = the working normals a_k restricted to F,  e_k = t_k − a_kᵀ(x_X).
 *
 * Two forms of it:
 * - bounds eliminated (`eliminateBounds` true): a working bound fixes its
 *   variable at the bound; F is the rest, X the fixed ones, and E holds only
 *   the general rows;
 * - bounds as rows: F is every variable, X is empty, H = A, and a working
 *   bound x_j = t is the row ±e_jᵀ of E. This keeps one Hessian, so that one
 *   factor of A serves every working set of a problem (range-space.ts).
 */
export interface Reduced {
  f: number;
  k: number;
  free: Int32Array;
  /** Current point with the fixed variables set to their bounds. */
  base: Float64Array;
  /** The facets that are rows of E, in order (bounds too when they are not eliminated). */
  rows: Facet[];
  /** A_FF; A itself (shared, read-only) when every variable is free. */
  H: Float64Array;
  g: Float64Array;
  E: Float64Array;
  e: Float64Array;
  y0: Float64Array;
}

/** The value a working bound fixes its variable to. */
export function boundValue(p: QPProblem, fc: Facet): number {
  return normalSign(fc) * facetTarget(p, fc);
}

/** 0, 1, …, n − 1: every variable free. */
export function allVariables(n: number): Int32Array {
  const all = new Int32Array(n);
  for (let j = 0; j < n; j++) all[j] = j;
  return all;
}

/** The variables a working set leaves free when its bounds are eliminated, in increasing order. */
export function freeVariables(p: QPProblem, selected: readonly Facet[]): Int32Array {
  const fixed = new Uint8Array(p.n);
  for (const fc of selected) if (fc.kind === 'bound') fixed[fc.index] = 1;
  let f = 0;
  for (let j = 0; j < p.n; j++) f += 1 - fixed[j];
  const free = new Int32Array(f);
  for (let j = 0, a = 0; j < p.n; j++) if (!fixed[j]) free[a++] = j;
  return free;
}

/** Splits the selected facets into fixed variables and rows (see {@link Reduced}) and builds H, g, E, e. */
export function buildReduced(
  p: QPProblem,
  x: Float64Array,
  selected: readonly Facet[],
  eliminateBounds = true,
): Reduced {
  const { n, A, C } = p;
  const base = x.slice();
  const rows: Facet[] = [];
  const fixedList: number[] = [];
  for (const fc of selected) {
    if (fc.kind === 'row' || !eliminateBounds) rows.push(fc);
    else {
      fixedList.push(fc.index);
      base[fc.index] = boundValue(p, fc);
    }
  }
  const free = eliminateBounds ? freeVariables(p, selected) : allVariables(n);
  const f = free.length;
  const k = rows.length;
  // With every variable free H is A itself, shared (nothing here or in the solves writes to H).
  const shared = f === n && !p.isLinear;
  const H = shared ? A : new Float64Array(f * f);
  const g = new Float64Array(f);
  for (let a = 0; a < f; a++) {
    const ra = free[a] * n;
    g[a] = p.b[free[a]];
    if (p.isLinear) continue;
    if (!shared) for (let c = 0; c < f; c++) H[a * f + c] = A[ra + free[c]];
    for (const j of fixedList) g[a] += A[ra + j] * base[j];
  }
  const E = new Float64Array(k * f);
  const e = new Float64Array(k);
  rows.forEach((fc, r) => {
    const s = normalSign(fc);
    if (fc.kind === 'bound') {
      // Only when bounds are not eliminated: F is every variable, so column = variable.
      E[r * f + fc.index] = s;
      e[r] = facetTarget(p, fc);
      return;
    }
    const ri = fc.index * n;
    for (let a = 0; a < f; a++) E[r * f + a] = s * C[ri + free[a]];
    let fx = 0;
    for (const j of fixedList) fx += C[ri + j] * base[j];
    e[r] = facetTarget(p, fc) - s * fx;
  });
  const y0 = new Float64Array(f);
  for (let a = 0; a < f; a++) y0[a] = x[free[a]];
  return { f, k, free, base, rows, H, g, E, e, y0 };
}

/**
 * Multipliers of the selected facets (in their order) at the full point x̂:
 * λ of the solve for the facets that are rows of E; for an eliminated bound,
 * read off its variable's component of ∇f + Σ_k λ_k a_k = 0.
 */
export function multipliersAt(
  p: QPProblem,
  red: Reduced,
  selected: readonly Facet[],
  xh: Float64Array,
  l: Float64Array,
): Float64Array {
  // Every facet a row of E (no bound eliminated): buildReduced kept their order.
  if (red.rows.length === selected.length) return l.slice();
  // Otherwise the rows of E are the general rows, in order, and every bound was eliminated.
  const { n } = p;
  const force = new Float64Array(n);
  for (let j = 0; j < n; j++) force[j] = p.b[j];
  if (!p.isLinear) {
    const ax = mulVec(p.A, n, n, xh);
    for (let j = 0; j < n; j++) force[j] += ax[j];
  }
  red.rows.forEach((fc, r) => {
    const s = normalSign(fc) * l[r];
    const ri = fc.index * n;
    for (let j = 0; j < n; j++) force[j] += s * p.C[ri + j];
  });
  const out = new Float64Array(selected.length);
  for (let k = 0, r = 0; k < selected.length; k++) {
    const fc = selected[k];
    out[k] = fc.kind === 'row' ? l[r++] : -force[fc.index] / normalSign(fc);
  }
  return out;
}
