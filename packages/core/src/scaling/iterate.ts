import type { QPProblem } from '../problem/types.js';
import { nearestPowerOfTwo, roundFactors } from './apply.js';
import {
  costMeasure,
  type KktNorms,
  kktNorms,
  maxLog2Deviation,
  normSpread,
  ones,
} from './norms.js';

/**
 * The two stages of the equilibration (see ./ruiz.ts for the whole picture):
 * a real-valued Ruiz iteration with OSQP-style cost steps, then rounding of
 * every factor to a power of two followed by a short integer-exponent
 * refinement that only ever accepts an improvement.
 */

/** Smallest factor one pass may apply to a column or row, and smallest total cost scale. */
export const MIN_SCALE = 1e-4;
/** Largest factor one pass may apply to a column or row, and largest total cost scale. */
export const MAX_SCALE = 1e4;
/** Most integer-exponent refinement passes after rounding. */
export const MAX_REFINE_PASSES = 8;

/** Diagonal scaling factors: x = Dx̂, rows times E, objective times c. */
export interface Factors {
  d: Float64Array;
  e: Float64Array;
  c: number;
}

/** Settings the iteration needs (resolved scaling options). */
export interface IterationSettings {
  passes: number;
  tolerance: number;
  scaleCost: boolean;
}

function clampScale(v: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, v));
}

/** True when every nonzero norm lies in [1 − tol, 1 + tol]. */
function balanced(norms: KktNorms, tol: number): boolean {
  for (const arr of [norms.col, norms.row]) {
    for (let k = 0; k < arr.length; k++)
      if (arr[k] !== 0 && Math.abs(arr[k] - 1) > tol) return false;
  }
  return true;
}

/** The cost scale after one cost step: c · clamp(1/γ), the total kept in [MIN_SCALE, MAX_SCALE]; γ = 0 keeps c. */
function costStep(p: QPProblem, d: Float64Array, c: number): number {
  const gamma = costMeasure(p, d, c);
  return gamma > 0 ? clampScale(c * clampScale(1 / gamma)) : c;
}

/** Multiplies every factor by clamp(1/√ν) of its norm ν (ν = 0: unchanged). */
function ruizStep(factors: Float64Array, norms: Float64Array): void {
  for (let k = 0; k < factors.length; k++) {
    if (norms[k] > 0) factors[k] *= clampScale(1 / Math.sqrt(norms[k]));
  }
}

/**
 * Real-valued Ruiz passes on K̂ = [c·DAD (ECD)ᵀ; ECD 0]:
 *
 *     ν = col norms of K̂;   d_j ← d_j·clamp(ν_j^(−½)),  e_i ← e_i·clamp(ν_{n+i}^(−½));
 *     (scaleCost) c ← clamp(c · clamp(1/γ)),  γ = max(mean_j ‖(c·DAD)_{:,j}‖∞, ‖c·Db‖∞)
 *
 * until every nonzero ν is within 1 ± tol and the cost step would change c by
 * at most tol, or `passes` passes are done. The total c is held in
 * [1e-4, 1e4]: when b = 0 and some columns of A are zero or dominated by C,
 * mean_j ‖Â_{:,j}‖∞ < 1 at every balanced point, and an unbounded c would
 * grow without end while the column steps undo it.
 */
export function ruizPasses(p: QPProblem, s: IterationSettings): Factors & { passes: number } {
  const d = ones(p.n);
  const e = ones(p.m);
  let c = 1;
  let passes = 0;
  while (passes < s.passes) {
    const norms = kktNorms(p, d, e, c);
    const costSettled = !s.scaleCost || Math.abs(costStep(p, d, c) / c - 1) <= s.tolerance;
    if (costSettled && balanced(norms, s.tolerance)) break;
    ruizStep(d, norms.col);
    ruizStep(e, norms.row);
    if (s.scaleCost) c = costStep(p, d, c);
    passes++;
  }
  return { d, e, c, passes };
}

/** Multiplies each power-of-two factor by 2^round(−½ log2 ν) (ν = 0: unchanged); exact. */
function integerStep(factors: Float64Array, norms: Float64Array): Float64Array {
  const out = factors.slice();
  for (let k = 0; k < out.length; k++) {
    if (norms[k] > 0) out[k] *= nearestPowerOfTwo(1 / Math.sqrt(norms[k]));
  }
  return out;
}

/** Lexicographic quality of a scaling: spread of the norms first, then the worst |log2 ν|. Smaller is better. */
function quality(norms: KktNorms): [number, number] {
  return [normSpread(norms), maxLog2Deviation(norms)];
}

function better(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/**
 * Rounds the factors to powers of two (each moves by at most √2, so an entry
 * of K̂ by at most 2√2) and then repairs what the rounding spoiled with
 * integer-exponent Ruiz passes (factor 2^round(−½ log2 ν)), keeping a pass
 * only when it improves the quality (spread max ν / min ν over the nonzero
 * norms, then the worst |log2 ν|). c is not changed by the refinement.
 */
export function roundAndRefine(p: QPProblem, real: Factors): Factors {
  let best: Factors = {
    d: roundFactors(real.d),
    e: roundFactors(real.e),
    c: nearestPowerOfTwo(real.c),
  };
  let norms = kktNorms(p, best.d, best.e, best.c);
  let q = quality(norms);
  for (let k = 0; k < MAX_REFINE_PASSES && q[1] > 0; k++) {
    const next: Factors = {
      d: integerStep(best.d, norms.col),
      e: integerStep(best.e, norms.row),
      c: best.c,
    };
    const norms2 = kktNorms(p, next.d, next.e, next.c);
    const q2 = quality(norms2);
    if (!better(q2, q)) break;
    best = next;
    norms = norms2;
    q = q2;
  }
  return best;
}

/**
 * The first of the candidates with the smallest quality (see
 * {@link roundAndRefine}). Used to make sure the equilibration never leaves
 * the data less balanced than it found them: the caller lists the refined
 * factors first, then the identity column/row scaling with and without the
 * cost scale.
 */
export function leastSpread(p: QPProblem, candidates: Factors[]): Factors {
  let best = candidates[0];
  let q = quality(kktNorms(p, best.d, best.e, best.c));
  for (let k = 1; k < candidates.length; k++) {
    const qk = quality(kktNorms(p, candidates[k].d, candidates[k].e, candidates[k].c));
    if (qk[0] < q[0]) {
      best = candidates[k];
      q = qk;
    }
  }
  return best;
}
