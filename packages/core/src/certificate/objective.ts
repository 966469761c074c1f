import type { QPProblem } from '../problem/types.js';

/**
 * Objective pieces of DESIGN §1 shared by the certificate (DESIGN §3), the
 * drift (DESIGN §2) and the stopping policy. Every sum runs over j ascending,
 * the order every backend uses.
 */

/**
 * Hessian product Ax (A is n×n row-major): `(Ax)_i = Σ_j A_ij x_j`, j ascending,
 * starting from +0. For an LP (`problem.isLinear`) the product is the zero
 * vector without touching A (identical to the sum for finite x).
 */
export function hessianTimes(
  problem: QPProblem,
  x: Float64Array,
  out: Float64Array = new Float64Array(problem.n),
): Float64Array {
  const { n, A } = problem;
  if (problem.isLinear) {
    out.fill(0, 0, n);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const base = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += A[base + j] * x[j];
    out[i] = s;
  }
  return out;
}

/**
 * Gradient ∇f(x) = Ax + b (DESIGN §3): `g_i = (Σ_j A_ij x_j) + b_i`, the sum over
 * j ascending from +0 and b added last. See {@link hessianTimes} for LPs.
 */
export function gradient(
  problem: QPProblem,
  x: Float64Array,
  out = new Float64Array(problem.n),
): Float64Array {
  hessianTimes(problem, x, out);
  const { n, b } = problem;
  for (let i = 0; i < n; i++) out[i] += b[i];
  return out;
}

/**
 * Objective value ½xᵀAx + bᵀx + objectiveConstant (DESIGN §1), evaluated as
 * `0.5 · Σ_i x_i (Ax)_i + Σ_i b_i x_i + constant`, both sums over i ascending.
 * Pass a precomputed `ax` (= Ax) to save the O(n²) product.
 */
export function objectiveValue(problem: QPProblem, x: Float64Array, ax?: Float64Array): number {
  return objectiveTerms(problem, x, ax).value;
}

/**
 * f(x) as {@link objectiveValue} evaluates it, with the size of its terms
 * |½xᵀAx| + |bᵀx| + |constant|, from one product Ax: when the terms cancel
 * (an objective constant offsetting the rest) f is known only to rounding
 * relative to that size, not to |f|.
 */
export function objectiveTerms(
  problem: QPProblem,
  x: Float64Array,
  ax?: Float64Array,
): { value: number; scale: number } {
  const { n, b } = problem;
  const axv = problem.isLinear ? null : (ax ?? hessianTimes(problem, x));
  let quad = 0;
  let lin = 0;
  for (let i = 0; i < n; i++) {
    if (axv !== null) quad += x[i] * axv[i];
    lin += b[i] * x[i];
  }
  const c = problem.objectiveConstant;
  return { value: 0.5 * quad + lin + c, scale: Math.abs(0.5 * quad) + Math.abs(lin) + Math.abs(c) };
}
