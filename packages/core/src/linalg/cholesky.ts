import { CholeskyDecomposition, WrapperMatrix1D } from 'ml-matrix';

/**
 * Pivot threshold of a "safe" Cholesky factorisation: every pivot² must
 * exceed PD_TOL times the largest diagonal entry, else the matrix is treated
 * as not (numerically) positive definite.
 */
export const PD_TOL = 1e-10;

/**
 * Upper Cholesky factor U (UᵀU = M/divisor) of the symmetric part of the d×d
 * row-major M divided by `divisor` (ml-matrix's factorisation), or null when a
 * pivot is not safely positive (see {@link PD_TOL}). A power-of-two divisor
 * keeps huge or tiny entries from overflowing without changing them otherwise.
 */
export function upperCholesky(M: Float64Array, d: number, divisor = 1): Float64Array | null {
  let maxDiag = 0;
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, M[i * d + i] / divisor);
  if (!(maxDiag > 0)) return null;
  const sym = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) sym[i * d + j] = (0.5 * (M[i * d + j] + M[j * d + i])) / divisor;
  // A WrapperMatrix1D reads the typed array in place (a 2-D array would be copied).
  const chol = new CholeskyDecomposition(new WrapperMatrix1D(sym, { rows: d }));
  if (!chol.isPositiveDefinite()) return null;
  const L = chol.lowerTriangularMatrix;
  const U = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const pivot = L.get(i, i);
    if (!(pivot * pivot > PD_TOL * maxDiag)) return null;
    for (let j = 0; j <= i; j++) U[j * d + i] = L.get(i, j);
  }
  return U;
}
