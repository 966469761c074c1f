import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Extreme eigenvalues of a symmetric matrix. */
export interface Spectrum {
  /** Largest eigenvalue. */
  lambdaMax: number;
  /** Smallest eigenvalue. */
  lambdaMin: number;
}

/**
 * Extreme eigenvalues of a dense symmetric n×n matrix (row-major). Uses
 * ml-matrix's symmetric eigenvalue decomposition (Householder tridiagonal
 * reduction + QL), which is exact to rounding and has no convergence
 * threshold to tune: O(n³) once per problem, done at solver setup.
 */
export function symmetricSpectrum(A: Float64Array, n: number): Spectrum {
  if (n === 1) return { lambdaMax: A[0], lambdaMin: A[0] };
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(A.subarray(i * n, (i + 1) * n));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  let lambdaMax = Number.NEGATIVE_INFINITY;
  let lambdaMin = Number.POSITIVE_INFINITY;
  for (const value of evd.realEigenvalues) {
    if (value > lambdaMax) lambdaMax = value;
    if (value < lambdaMin) lambdaMin = value;
  }
  return { lambdaMax, lambdaMin };
}
