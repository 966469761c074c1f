import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { PD_TOL } from '../linalg/cholesky.js';
import { mulTVec, mulVec } from './dense.js';

/**
 * The reduced Hessian H_Z = Zᵀ H Z of an equality-constrained QP (DESIGN §4,
 * polish), where the columns of Z span the null space of the working rows.
 * H is positive semidefinite, so H_Z is too; the QP restricted to the working
 * set has a unique minimiser iff H_Z is positive definite.
 *
 * - `cholesky`: H_Z = LLᵀ with every pivot L_jj² > PD_TOL · max_i (H_Z)_ii.
 *   For a singular PSD matrix some pivot of an exact Cholesky factorisation is
 *   zero, and rounding keeps it at the level of ε‖H_Z‖, so this test sends
 *   singular and nearly singular matrices to the eigen-decomposition.
 * - `eigen`: H_Z = V Θ Vᵀ (symmetric eigen-decomposition); eigenvalues
 *   θ_i ≤ EIG_TOL · θ_max are treated as zero curvature. `solve` is then the
 *   pseudo-inverse (the least-norm minimiser on the curved part) and
 *   `nullPart` the projection onto the zero-curvature eigenvectors.
 * - `zero`: H_Z = 0 (an LP, or no quadratic term on the free variables).
 * - `empty`: the null space is {0} (the working set fixes the point).
 */
export interface CurvatureFactor {
  readonly kind: 'cholesky' | 'eigen' | 'zero' | 'empty';
  /** Dimension d of the null space. */
  readonly size: number;
  /** Number of zero-curvature directions. */
  readonly nullity: number;
  /** w = H_Z⁺ t. */
  solve(t: Float64Array): Float64Array;
  /** Projection of t onto the null space of H_Z (zero for `cholesky`). */
  nullPart(t: Float64Array): Float64Array;
}

/** Eigenvalue threshold of the eigen path, relative to the largest eigenvalue. */
export const EIG_TOL = 1e-10;

/** Factorises a symmetric PSD d×d matrix (row-major) as described in {@link CurvatureFactor}. */
export function factorCurvature(Hz: Float64Array, d: number): CurvatureFactor {
  if (d === 0) {
    const none = (): Float64Array => new Float64Array(0);
    return { kind: 'empty', size: 0, nullity: 0, solve: none, nullPart: none };
  }
  let maxDiag = 0;
  let maxAbs = 0;
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, Hz[i * d + i]);
  for (let k = 0; k < Hz.length; k++) maxAbs = Math.max(maxAbs, Math.abs(Hz[k]));
  if (maxAbs === 0 || !(maxDiag > 0)) {
    return {
      kind: 'zero',
      size: d,
      nullity: d,
      solve: () => new Float64Array(d),
      nullPart: (t) => Float64Array.from(t),
    };
  }
  const H = new Matrix(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) H.set(i, j, 0.5 * (Hz[i * d + j] + Hz[j * d + i]));
  }
  return choleskyFactor(H, d, maxDiag) ?? eigenFactor(H, d);
}

/** The Cholesky path, or null when a pivot is not safely positive. */
function choleskyFactor(H: Matrix, d: number, maxDiag: number): CurvatureFactor | null {
  const chol = new CholeskyDecomposition(H);
  if (!chol.isPositiveDefinite()) return null;
  const L = chol.lowerTriangularMatrix;
  for (let j = 0; j < d; j++) {
    const pivot = L.get(j, j);
    if (!(pivot * pivot > PD_TOL * maxDiag)) return null;
  }
  return {
    kind: 'cholesky',
    size: d,
    nullity: 0,
    solve: (t) => Float64Array.from(chol.solve(Matrix.columnVector(t)).getColumn(0)),
    nullPart: () => new Float64Array(d),
  };
}

/** The eigen path: pseudo-inverse on θ > EIG_TOL·θ_max, projection on the rest. */
function eigenFactor(H: Matrix, d: number): CurvatureFactor {
  const evd = new EigenvalueDecomposition(H, { assumeSymmetric: true });
  const theta = evd.realEigenvalues;
  const Vall = evd.eigenvectorMatrix;
  let top = 0;
  for (const t of theta) top = Math.max(top, t);
  const pos: number[] = [];
  const zero: number[] = [];
  for (let i = 0; i < d; i++) (theta[i] > EIG_TOL * top ? pos : zero).push(i);
  const pick = (cols: number[]): Float64Array => {
    const out = new Float64Array(d * cols.length);
    cols.forEach((c, k) => {
      for (let i = 0; i < d; i++) out[i * cols.length + k] = Vall.get(i, c);
    });
    return out;
  };
  const Vp = pick(pos);
  const V0 = pick(zero);
  const inv = Float64Array.from(pos, (i) => 1 / theta[i]);
  return {
    kind: 'eigen',
    size: d,
    nullity: zero.length,
    solve: (t) => {
      const c = mulTVec(Vp, d, pos.length, t);
      for (let k = 0; k < c.length; k++) c[k] *= inv[k];
      return mulVec(Vp, d, pos.length, c);
    },
    nullPart: (t) => mulVec(V0, d, zero.length, mulTVec(V0, d, zero.length, t)),
  };
}
