import type { QPProblem } from '../problem/types.js';

/**
 * Applying a diagonal scaling to a problem, exactly.
 *
 * Every scale factor is a power of two. Multiplying or dividing a binary64
 * number by 2^k only changes its exponent, so the result is exact — the
 * rounding of `fl(2^k · a)` is nothing — as long as it stays in the normal
 * range (|value| between about 2.2e-308 and 1.8e308). The factors used here
 * lie far inside that range, so for all data of ordinary size:
 *
 *   - x̂ = D⁻¹x and x = Dx̂ are exact inverses, bit for bit;
 *   - a dot product in scaled variables is the original one times a power of
 *     two: fl(Σ_j (e_i d_j C_ij)(x_j / d_j)) = e_i · fl(Σ_j C_ij x_j), because
 *     every term carries the same factor and rounding commutes with it;
 *   - hence the scaled objective is exactly c times the original and every
 *     scaled row residual is exactly e_i times the original.
 *
 * ±Infinity bounds stay ±Infinity (a positive factor keeps the sign) and
 * zero entries stay zero.
 */

/** Smallest and largest exponent a rounded factor may take (2^±1000 is far from binary64's limits). */
const EXPONENT_LIMIT = 1000;

/**
 * The power of two nearest to a positive finite v in the logarithmic sense:
 * 2^round(log2 v). The factor between v and its rounding is at most √2.
 */
export function nearestPowerOfTwo(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const k = Math.max(-EXPONENT_LIMIT, Math.min(EXPONENT_LIMIT, Math.round(Math.log2(v))));
  return 2 ** k;
}

/** Rounds every entry of a vector of positive factors to a power of two. */
export function roundFactors(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let k = 0; k < v.length; k++) out[k] = nearestPowerOfTwo(v[k]);
  return out;
}

/**
 * The problem in scaled variables x̂ = D⁻¹x, rows multiplied by E and the
 * objective by c (d, e, c powers of two):
 *
 *     Â = c·DAD      b̂ = c·Db      constant ĉ₀ = c·c₀
 *     Ĉ = ECD        lô = E·lo     hî = E·hi
 *     lower̂ = D⁻¹·lower             upper̂ = D⁻¹·upper
 *
 * so that f̂(x̂) = c·f(Dx̂) and Ĉx̂ = E·Cx. Â is symmetric because the factor
 * of entry (i, j), c·d_i·d_j, is the same product for (j, i). The problem's
 * names and isLinear flag are carried over.
 */
export function applyScaling(p: QPProblem, d: Float64Array, e: Float64Array, c: number): QPProblem {
  const { n, m } = p;
  const A = new Float64Array(n * n);
  if (!p.isLinear) {
    for (let i = 0; i < n; i++) {
      const cdi = c * d[i];
      for (let j = 0; j < n; j++) A[i * n + j] = cdi * d[j] * p.A[i * n + j];
    }
  }
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) C[i * n + j] = e[i] * d[j] * p.C[i * n + j];
  return scaleVectors(p, d, e, c, { A, C });
}

/**
 * {@link applyScaling} of the unscaled problem p when its A and C are already
 * scaled (`update` of b and the bounds keeps them): `matrices` must hold p's
 * A and C scaled with these same d, e and c. Only the vectors are scaled; the
 * result shares `matrices`' arrays.
 */
export function scaleVectors(
  p: QPProblem,
  d: Float64Array,
  e: Float64Array,
  c: number,
  matrices: Pick<QPProblem, 'A' | 'C'>,
): QPProblem {
  const { n, m } = p;
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    lo[i] = e[i] * p.lo[i];
    hi[i] = e[i] * p.hi[i];
  }
  const b = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    b[j] = c * d[j] * p.b[j];
    lower[j] = p.lower[j] / d[j];
    upper[j] = p.upper[j] / d[j];
  }
  const scaled: QPProblem = {
    n,
    m,
    A: matrices.A,
    b,
    C: matrices.C,
    lo,
    hi,
    lower,
    upper,
    objectiveConstant: c * p.objectiveConstant,
    isLinear: p.isLinear,
  };
  return p.names === undefined ? scaled : { ...scaled, names: p.names };
}

/** x̂ = D⁻¹x (exact for power-of-two d). */
export function divideBy(x: Float64Array, d: Float64Array): Float64Array {
  const out = new Float64Array(d.length);
  for (let j = 0; j < d.length; j++) out[j] = x[j] / d[j];
  return out;
}

/** x = Dx̂ (exact for power-of-two d). */
export function multiplyBy(xHat: Float64Array, d: Float64Array): Float64Array {
  const out = new Float64Array(d.length);
  for (let j = 0; j < d.length; j++) out[j] = xHat[j] * d[j];
  return out;
}
