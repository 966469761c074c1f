import { gramMatrix } from '../dynamics/setup.js';
import { upperCholesky } from '../linalg/cholesky.js';
import type { QPProblem } from '../problem/types.js';
import { mulTVec, mulVec, solveUpper, solveUpperTransposed } from './dense.js';
import type { Facet } from './facets.js';
import type { HessianFactorCache } from './factor-cache.js';
import type { KktStep } from './kkt-refinement.js';
import { allVariables, buildReduced, freeVariables, type Reduced } from './reduced.js';

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

/** Work vectors of {@link applyRangeSpace}, for a caller that solves again and again. */
export interface RangeSpaceScratch {
  /** U⁻ᵀr₁, then z − W δλ (f). */
  z: Float64Array;
  /** Wᵀz (k). */
  wz: Float64Array;
}

/** New work vectors for the factors `rs`. */
export function rangeSpaceScratch(rs: RangeSpaceFactors): RangeSpaceScratch {
  return { z: new Float64Array(rs.f), wz: new Float64Array(rs.k) };
}

/**
 * Solves the KKT system for (r₁, r₂) with the range-space factors, into `out`
 * (new arrays when absent). out.dy may be r₁ itself and out.dl r₂ itself, so
 * that with `scratch` a repeated solve allocates nothing.
 */
export function applyRangeSpace(
  rs: RangeSpaceFactors,
  r1: Float64Array,
  r2: Float64Array,
  out: KktStep = { dy: new Float64Array(rs.f), dl: new Float64Array(rs.k) },
  scratch: RangeSpaceScratch = rangeSpaceScratch(rs),
): KktStep {
  const { f, k, U, Wt, V } = rs;
  const { dy, dl } = out;
  const { z, wz } = scratch;
  solveUpperTransposed(U, f, r1, z);
  if (k > 0) {
    // S δλ = Wᵀz − r₂: each r₂[r] is read before dl[r] (perhaps the same entry) is written.
    mulVec(Wt, k, f, z, wz);
    for (let r = 0; r < k; r++) dl[r] = wz[r] - r2[r];
    solveUpperTransposed(V, k, dl, dl);
    solveUpper(V, k, dl, dl);
    // z − W δλ, with dy holding W δλ meanwhile (r₁ has been read).
    mulTVec(Wt, k, f, dl, dy);
    for (let a = 0; a < f; a++) z[a] -= dy[a];
  }
  solveUpper(U, f, z, dy);
  return out;
}

/** Flops of a Cholesky factorisation of order d. */
const cholFlops = (d: number): number => (d * d * d) / 3;

/** Flops of W = U⁻ᵀEᵀ, S = WᵀW and the factor of S for k rows in d variables. */
const schurFlops = (d: number, k: number): number =>
  (k * d * d) / 2 + (k * k * d) / 2 + cholFlops(k);

/**
 * The working-set system and its range-space factors, or `rs: null` when H is
 * not safely positive definite (the caller then takes the null-space
 * method on `red`, whose bounds are eliminated). Of the two forms of
 * reduced.ts the one with fewer flops is factored:
 *
 *     bounds eliminated:  [f³/3 unless A_FF is cached] + schur(f, k_rows)
 *     bounds as rows:     [n³/3 unless A's factor is known] + schur(n, k_rows + k_bounds)
 *
 * A's factor, once computed and cached, serves every later working set of
 * the problem whichever bounds it holds, where the eliminated form needs a new
 * factor of A_FF whenever F changes. Whether that pays is not known in
 * advance (a cold solve often needs a single working-set solve), so the rule
 * of renting before buying applies: A's factor is counted as free once the
 * cache holds it (the solver's setup puts there the factor that proved A
 * convex) or has already factored some matrix of this problem, i.e. from the
 * second factorisation on; at most one factorisation is then spent beyond
 * the cheapest choice. When A is positive definite so is every A_FF, and when
 * some A_FF is not, neither is A.
 */
export function planRangeSpace(
  p: QPProblem,
  x: Float64Array,
  selected: readonly Facet[],
  cache: HessianFactorCache | undefined,
): { red: Reduced; rs: RangeSpaceFactors | null } {
  if (p.isLinear) return { red: buildReduced(p, x, selected), rs: null };
  const free = freeVariables(p, selected);
  const sub = cache?.lookup(p.A, free) ?? null;
  const rows = selected.length - (p.n - free.length);
  if (free.length < p.n && free.length > 0 && sub !== false) {
    const all = allVariables(p.n);
    const full = cache?.lookup(p.A, all) ?? null;
    const paid = full !== null || (cache?.factorisations(p.A) ?? 0) > 0;
    const wide = (paid ? 0 : cholFlops(p.n)) + schurFlops(p.n, selected.length);
    const narrow = (sub !== null ? 0 : cholFlops(free.length)) + schurFlops(free.length, rows);
    if (full !== false && wide < narrow) {
      const asRows = buildReduced(p, x, selected, false);
      const rs = factorsWith(cache, p.A, all, asRows, full);
      if (rs !== null) return { red: asRows, rs };
    }
  }
  const red = buildReduced(p, x, selected);
  if (red.f === 0 || sub === false) return { red, rs: null };
  return { red, rs: factorsWith(cache, p.A, red.free, red, sub) };
}

/** The range-space factors of `red` with the cached factor of H (or a new one, then cached). */
function factorsWith(
  cache: HessianFactorCache | undefined,
  A: Float64Array,
  free: Int32Array,
  red: Reduced,
  cached: Float64Array | null,
): RangeSpaceFactors | null {
  let U = cached;
  if (U === null) {
    U = upperCholesky(red.H, red.f);
    cache?.set(A, free, U);
  } else cache?.reused();
  return U === null ? null : factorRangeSpace(red.H, red.E, red.f, red.k, U);
}
