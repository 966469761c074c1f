import type { QPProblem } from './types.js';

/**
 * Facets and candidate ids (DESIGN §2). The candidates of a spike sweep, in
 * their frozen order, are
 *
 *     rows               0 .. m−1          (either side of row i; the side is reported apart)
 *     lower-bound facets m .. m+n−1        (x_j ≥ lower_j, candidate m + j)
 *     upper-bound facets m+n .. m+2n−1     (x_j ≤ upper_j, candidate m + n + j)
 *
 * A row side's outward unit normal is +c_i/‖c_i‖ (upper side) or −c_i/‖c_i‖
 * (lower side); a lower-bound facet's is −e_j and an upper-bound facet's +e_j.
 */

/** Which side of a facet a spike or a multiplier refers to. */
export type FacetSide = 'upper' | 'lower';

/** Kind of a candidate id. */
export type FacetKind = 'row' | 'lower_bound' | 'upper_bound';

/** Number of candidate ids of a problem: m + 2n. */
export function candidateCount(problem: Pick<QPProblem, 'm' | 'n'>): number {
  return problem.m + 2 * problem.n;
}

/** Splits a candidate id into its kind and the row or variable index it refers to. */
export function describeCandidate(
  problem: Pick<QPProblem, 'm' | 'n'>,
  candidate: number,
): { kind: FacetKind; index: number } {
  const { m, n } = problem;
  if (candidate < m) return { kind: 'row', index: candidate };
  if (candidate < m + n) return { kind: 'lower_bound', index: candidate - m };
  return { kind: 'upper_bound', index: candidate - m - n };
}

/** Euclidean norms ‖c_i‖ of the rows of C (row-major m×n). Summation over j ascending. */
export function rowNorms(C: Float64Array, m: number, n: number): Float64Array {
  const norms = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sq = 0;
    const base = i * n;
    for (let j = 0; j < n; j++) sq += C[base + j] * C[base + j];
    norms[i] = Math.sqrt(sq);
  }
  return norms;
}

/** Row activities r = Cx (summation over j ascending, the order every backend uses). */
export function rowActivities(
  C: Float64Array,
  m: number,
  n: number,
  x: Float64Array,
  out = new Float64Array(m),
): Float64Array {
  for (let i = 0; i < m; i++) {
    let s = 0;
    const base = i * n;
    for (let j = 0; j < n; j++) s += C[base + j] * x[j];
    out[i] = s;
  }
  return out;
}
