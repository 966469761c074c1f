import type { QPProblem } from '../problem/types.js';

/**
 * Facets as the polish step sees them (DESIGN §2–§4). Every finite side of a
 * nonzero row and every finite bound is a facet k with an outward normal a_k
 * and a target t_k, so that the facet holds when
 *
 *     s_k(x) = t_k − a_kᵀx ≥ 0        (s_k is the slack, in the row's own units)
 *
 *     row upper side    a = +c_i,  t = hi_i
 *     row lower side    a = −c_i,  t = −lo_i
 *     equality row      a = +c_i,  t = hi_i = lo_i   (must hold with s = 0)
 *     lower bound       a = −e_j,  t = −l_j
 *     upper bound       a = +e_j,  t = u_j
 *     fixed variable    a = +e_j,  t = l_j = u_j     (must hold with s = 0)
 *
 * The geometric slack of DESIGN §2 is s_k/‖a_k‖. With this sign convention the
 * KKT conditions of DESIGN §3 read ∇f + Σ_k μ_k a_k = 0 with μ_k ≥ 0 for every
 * inequality facet and μ_k of either sign for an equality facet.
 */

/** Which side of its row or bound a facet is; `equal` for lo = hi rows and fixed variables. */
export type PolishSide = 'upper' | 'lower' | 'equal';

/** One facet. */
export interface Facet {
  /**
   * Unique key: rows 2i (upper or equal side) and 2i + 1 (lower side); bounds
   * 2m + j (lower bound or fixed variable) and 2m + n + j (upper bound).
   */
  readonly key: number;
  readonly kind: 'row' | 'bound';
  /** Row index i or variable index j. */
  readonly index: number;
  readonly side: PolishSide;
}

/** Facet of row i on the given side. */
export function rowFacet(i: number, side: PolishSide): Facet {
  return { key: 2 * i + (side === 'lower' ? 1 : 0), kind: 'row', index: i, side };
}

/** Facet of variable j's bound on the given side. */
export function boundFacet(p: QPProblem, j: number, side: PolishSide): Facet {
  return { key: 2 * p.m + (side === 'upper' ? p.n : 0) + j, kind: 'bound', index: j, side };
}

/** True for facets that must hold with equality (lo = hi rows, fixed variables). */
export function isEquality(f: Facet): boolean {
  return f.side === 'equal';
}

/** Sign σ of the normal: a = σ c_i for rows, a = σ e_j for bounds. */
export function normalSign(f: Facet): number {
  if (f.kind === 'row') return f.side === 'lower' ? -1 : 1;
  return f.side === 'lower' ? -1 : 1;
}

/** The target t_k of the facet. */
export function facetTarget(p: QPProblem, f: Facet): number {
  if (f.kind === 'row') return f.side === 'lower' ? -p.lo[f.index] : p.hi[f.index];
  if (f.side === 'lower') return -p.lower[f.index];
  return f.side === 'upper' ? p.upper[f.index] : p.lower[f.index];
}

/** ‖a_k‖: the row norm, or 1 for a bound. */
export function normalNorm(f: Facet, norms: Float64Array): number {
  return f.kind === 'row' ? norms[f.index] : 1;
}

/** a_kᵀv, given the row products Cv (`cv`). */
export function normalDot(f: Facet, v: Float64Array, cv: Float64Array): number {
  return normalSign(f) * (f.kind === 'row' ? cv[f.index] : v[f.index]);
}

/** Slack s_k(x) = t_k − a_kᵀx, given the row activities Cx (`act`). */
export function facetSlack(p: QPProblem, f: Facet, x: Float64Array, act: Float64Array): number {
  return facetTarget(p, f) - normalDot(f, x, act);
}

/** Writes the dense outward normal a_k into `out` (length n). */
export function denseNormal(p: QPProblem, f: Facet, out: Float64Array): Float64Array {
  const s = normalSign(f);
  if (f.kind === 'bound') {
    out.fill(0);
    out[f.index] = s;
    return out;
  }
  const base = f.index * p.n;
  for (let j = 0; j < p.n; j++) out[j] = s * p.C[base + j];
  return out;
}

/**
 * Rounding allowance of a facet at a point of norm `xNorm`:
 * ROUNDING · (|t_k| + ‖a_k‖·ℓ), ℓ = max(1, ‖x‖₂) as in the certificate
 * (DESIGN §3). By Cauchy–Schwarz |a_kᵀx| ≤ ‖a_k‖‖x‖, so this bounds the error
 * of an evaluated slack with room for the solve's own error; a facet "holds"
 * when s_k ≥ −allowance. The floor ℓ ≥ 1 keeps a point near the origin, where
 * many facets with t_k = 0 may meet, from treating rounding noise of a
 * denormal size as a violation.
 */
export function roundingAllowance(
  p: QPProblem,
  f: Facet,
  norms: Float64Array,
  xNorm: number,
): number {
  return ROUNDING * (Math.abs(facetTarget(p, f)) + normalNorm(f, norms) * Math.max(1, xNorm));
}

/**
 * How far facet k is violated at x, in its own units (−s_k, or |s_k| for an
 * equality facet), when that exceeds its rounding allowance; 0 otherwise.
 */
export function violationBeyondRounding(
  p: QPProblem,
  f: Facet,
  x: Float64Array,
  act: Float64Array,
  norms: Float64Array,
  xNorm: number,
): number {
  const slack = facetSlack(p, f, x, act);
  const off = isEquality(f) ? Math.abs(slack) : -slack;
  return off > roundingAllowance(p, f, norms, xNorm) ? off : 0;
}

/** Relative rounding level of {@link roundingAllowance}. */
export const ROUNDING = 1e-11;

/**
 * Every facet of the problem in candidate order (rows, then lower bounds,
 * then upper bounds). Zero rows are skipped (they are always satisfied or the
 * problem was rejected by normalizeProblem); a row with lo = hi and a variable
 * with lower = upper give one `equal` facet each.
 */
export function allFacets(p: QPProblem, norms: Float64Array): Facet[] {
  const out: Facet[] = [];
  for (let i = 0; i < p.m; i++) {
    if (!(norms[i] > 0)) continue;
    if (p.lo[i] === p.hi[i]) {
      out.push(rowFacet(i, 'equal'));
      continue;
    }
    if (Number.isFinite(p.hi[i])) out.push(rowFacet(i, 'upper'));
    if (Number.isFinite(p.lo[i])) out.push(rowFacet(i, 'lower'));
  }
  for (let j = 0; j < p.n; j++) {
    if (p.lower[j] === p.upper[j]) out.push(boundFacet(p, j, 'equal'));
    else if (Number.isFinite(p.lower[j])) out.push(boundFacet(p, j, 'lower'));
  }
  for (let j = 0; j < p.n; j++) {
    if (p.lower[j] !== p.upper[j] && Number.isFinite(p.upper[j]))
      out.push(boundFacet(p, j, 'upper'));
  }
  return out;
}

/** The candidate id (problem/facets.ts) a facet belongs to. */
export function candidateOf(p: QPProblem, f: Facet): number {
  if (f.kind === 'row') return f.index;
  return f.side === 'upper' ? p.m + p.n + f.index : p.m + f.index;
}
