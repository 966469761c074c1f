import type { QPProblem } from '../problem/types.js';
import { norm2 } from './dense.js';
import { type Facet, roundingAllowance } from './facets.js';
import { boundValue } from './reduced.js';

/**
 * The finish shared by every working-set solve (eqp.ts, held-working-set.ts):
 * iterative refinement of the KKT system
 *
 *     [H Eᵀ; E 0] [δy; δλ] = [r₁; r₂],   r₁ = −g − Hy − Eᵀλ,  r₂ = e − Ey,
 *
 * from the current point, then working bounds put exactly on their value.
 * The first solve takes (y, λ = 0) to the solution up to the factor's error;
 * each refinement step solves again for the residual that is left, which
 * brings the solution to rounding level.
 */

/** A solution (δy, δλ) of the KKT system: f and k entries. */
export interface KktStep {
  dy: Float64Array;
  dl: Float64Array;
}

/**
 * The step that solves the KKT system for the residual at (y, λ). The arrays
 * it returns are read before the next call, so they may be reused buffers.
 */
export type KktCorrection = (y: Float64Array, l: Float64Array) => KktStep;

/** Extra steps of iterative refinement after the first solve (at most). */
export const REFINEMENT_STEPS = 2;

/** Relative size of a refinement correction below which the refinement stops early. */
export const REFINED_TOL = 1e-13;

/** max|d| ≤ REFINED_TOL·max(1, max|v|): a refinement step d of v that changed nothing that counts. */
export function negligible(d: Float64Array, v: Float64Array): boolean {
  let dm = 0;
  let vm = 1;
  for (let i = 0; i < d.length; i++) {
    dm = Math.max(dm, Math.abs(d[i]));
    vm = Math.max(vm, Math.abs(v[i]));
  }
  return dm <= REFINED_TOL * vm;
}

/**
 * Adds to (y, λ) the first solve's step and up to REFINEMENT_STEPS refinement
 * steps, each computed by `correct` at the point reached so far.
 */
export function refineKkt(y: Float64Array, l: Float64Array, correct: KktCorrection): void {
  for (let step = 0; step <= REFINEMENT_STEPS; step++) {
    const { dy, dl } = correct(y, l);
    for (let a = 0; a < y.length; a++) y[a] += dy[a];
    for (let r = 0; r < l.length; r++) l[r] += dl[r];
    // A refinement that moved nothing beyond REFINED_TOL has converged: the next would not either.
    if (step > 0 && negligible(dy, y) && negligible(dl, l)) break;
  }
}

/**
 * Puts x exactly on the value of each working bound among `facets` that it
 * meets to rounding (roundingAllowance at ‖x‖₂ before any change). A larger
 * miss is left as it is, for the feasibility check to see.
 */
export function snapWorkingBounds(
  p: QPProblem,
  facets: readonly Facet[],
  x: Float64Array,
  norms: Float64Array,
): void {
  let xNorm = -1;
  for (const fc of facets) {
    if (fc.kind !== 'bound') continue;
    if (xNorm < 0) xNorm = norm2(x);
    const at = boundValue(p, fc);
    if (Math.abs(x[fc.index] - at) <= roundingAllowance(p, fc, norms, xNorm)) x[fc.index] = at;
  }
}
