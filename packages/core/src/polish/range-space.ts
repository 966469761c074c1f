import { CholeskyDecomposition } from 'ml-matrix';
import { gramMatrix } from '../dynamics/setup.js';
import { PD_TOL } from './curvature.js';
import { mulTVec, mulVec, solveUpper, solveUpperTransposed } from './dense.js';

/**
 * Range-space factors of the working-set KKT system (DESIGN §4, polish)
 *
 *     [H Eᵀ; E 0] [δy; δλ] = [r₁; r₂]
 *
 * for a positive definite H = UᵀU (Cholesky, U upper triangular) and E of
 * full row rank k: with W = U⁻ᵀEᵀ (f×k) the Schur complement
 * S = E H⁻¹ Eᵀ = WᵀW is positive definite, S = VᵀV, and
 *
 *     z = U⁻ᵀ r₁,   S δλ = Wᵀz − r₂,   δy = U⁻¹(z − W δλ).
 *
 * Two Cholesky factorisations (f³/3 + k³/3 flops), k triangular solves for W
 * (kf² flops) and S = WᵀW (k²f/2)
 * replace the null-space method's f×f QR, its explicit Q and ZᵀHZ: on a
 * strictly convex working set this is the cheap path. A pivot of either
 * factor below PD_TOL of its largest diagonal entry (H nearly singular,
 * rows nearly dependent after elimination) sends the caller to the
 * null-space method, which handles both.
 */
export interface RangeSpaceFactors {
  f: number;
  k: number;
  /** Cholesky factor of H (f×f, upper, row-major). */
  U: Float64Array;
  /** Wᵀ = (U⁻ᵀEᵀ)ᵀ (k×f, row-major). */
  Wt: Float64Array;
  /** Cholesky factor of S = WᵀW (k×k, upper, row-major). */
  V: Float64Array;
}

/** Upper Cholesky factor of the d×d row-major M, or null when a pivot is not safely positive. */
export function upperCholesky(M: Float64Array, d: number): Float64Array | null {
  let maxDiag = 0;
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, M[i * d + i]);
  if (!(maxDiag > 0)) return null;
  const rows: number[][] = new Array(d);
  for (let i = 0; i < d; i++) {
    const row = new Array<number>(d);
    for (let j = 0; j < d; j++) row[j] = 0.5 * (M[i * d + j] + M[j * d + i]);
    rows[i] = row;
  }
  // ml-matrix wraps a 2-D array without copying it.
  const chol = new CholeskyDecomposition(rows);
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

/** The factors for H (f×f) and E (k×f), or null when H or S is not safely positive definite. */
export function factorRangeSpace(
  H: Float64Array,
  E: Float64Array,
  f: number,
  k: number,
  factorOfH?: Float64Array | null,
): RangeSpaceFactors | null {
  const U = factorOfH ?? upperCholesky(H, f);
  if (U === null) return null;
  // Row r of Wt is column r of W = U⁻ᵀEᵀ, i.e. U⁻ᵀ applied to row r of E.
  const Wt = new Float64Array(k * f);
  for (let r = 0; r < k; r++)
    Wt.set(solveUpperTransposed(U, f, E.subarray(r * f, (r + 1) * f)), r * f);
  // S = WᵀW is the Gram matrix of the rows of Wᵀ.
  const S = gramMatrix(Wt, k, f);
  const V = k > 0 ? upperCholesky(S, k) : new Float64Array(0);
  if (V === null) return null;
  return { f, k, U, Wt, V };
}

/** Solves the KKT system for (r₁, r₂) with the range-space factors. */
export function applyRangeSpace(
  rs: RangeSpaceFactors,
  r1: Float64Array,
  r2: Float64Array,
): { dy: Float64Array; dl: Float64Array } {
  const { f, k, U, Wt, V } = rs;
  const z = solveUpperTransposed(U, f, r1);
  const rhs = mulVec(Wt, k, f, z);
  for (let r = 0; r < k; r++) rhs[r] -= r2[r];
  const dl = k > 0 ? solveUpper(V, k, solveUpperTransposed(V, k, rhs)) : new Float64Array(0);
  const wl = mulTVec(Wt, k, f, dl);
  for (let a = 0; a < f; a++) z[a] -= wl[a];
  return { dy: solveUpper(U, f, z), dl };
}

/**
 * The last Cholesky factor of a principal submatrix A_FF, kept for the next
 * working-set solve with the same free variables F: successive solves of one
 * polish, and the warm solves of a receding-horizon sequence (where A stays
 * and the working set changes in its rows), often share F. The factor is
 * reused only for the very same A array and the very same F.
 */
export class HessianFactorCache {
  private A: Float64Array | null = null;
  private key = '';
  private U: Float64Array | false = false;
  /** Lookups answered from the cache (a diagnostic). */
  hits = 0;

  /** The cached factor of A_FF; false when A_FF is known not to be safely positive definite; null when unknown. */
  get(A: Float64Array, free: Int32Array): Float64Array | false | null {
    if (this.A !== A || this.key !== free.join(',')) return null;
    this.hits++;
    return this.U;
  }

  /** Remembers the factor of A_FF, or (null) that A_FF is not safely positive definite. */
  set(A: Float64Array, free: Int32Array, U: Float64Array | null): void {
    this.A = A;
    this.key = free.join(',');
    this.U = U ?? false;
  }
}
