import type { QPProblem } from '../problem/types.js';
import { denseNormal, type Facet, normalNorm } from './facets.js';

/**
 * Linear independence of a working set (DESIGN §4, polish). Duplicated rows,
 * rescaled copies, an equality written as two opposite inequalities, or a row
 * that is a combination of active bounds make the active normals linearly
 * dependent; the equality-constrained KKT matrix is then singular. The polish
 * keeps only a linearly independent subset in the equality-constrained QP and
 * checks the others for consistency at its solution.
 *
 * The subset is chosen greedily in the working set's priority order
 * (equality facets first, then by increasing slack): a facet is kept when the
 * component of its normal a_k orthogonal to the normals kept so far satisfies
 *
 *     ‖a_k − Q Qᵀ a_k‖ > DEPENDENCE_TOL · ‖a_k‖,
 *
 * where the columns of Q are an orthonormal basis of the kept normals (modified
 * Gram–Schmidt, run a second time whenever the first pass cancelled more than
 * 1 − 1/√2 of the norm, the Daniel–Gragg–Kaufman–Stewart criterion; "twice is
 * enough", so Q stays orthonormal to rounding). This is the rank-revealing
 * test of a QR factorisation of the normals taken in priority order; it is
 * written here rather than taken from ml-matrix because that library's QR has
 * no way to skip a column in the middle of the factorisation, and which facet
 * of a dependent group is kept matters (equalities first). Cost O(n·k²) for k kept normals.
 *
 * Dependence is tested in the full space of x, so a row that depends on active
 * bounds is recognised: with the bounds' variables eliminated, the kept rows
 * restricted to the free variables then have full row rank.
 */
export const DEPENDENCE_TOL = 1e-10;

/** The Daniel–Gragg–Kaufman–Stewart threshold of the second Gram–Schmidt pass. */
const REORTHOGONALISE_BELOW = Math.SQRT1_2;

/** The facets of a working set split into the kept (independent) ones and the rest. */
export interface Selection {
  /** Linearly independent facets, in priority order. */
  selected: Facet[];
  /** Facets whose normal is (numerically) a combination of the selected ones. */
  dependent: Facet[];
}

/**
 * Greedy selection of linearly independent normals in the order given
 * (see {@link DEPENDENCE_TOL}). Zero normals are dependent.
 */
export function selectIndependent(
  p: QPProblem,
  facets: readonly Facet[],
  norms: Float64Array,
): Selection {
  const { n } = p;
  const basis: Float64Array[] = [];
  const selected: Facet[] = [];
  const dependent: Facet[] = [];
  const v = new Float64Array(n);
  for (const f of facets) {
    const size = normalNorm(f, norms);
    if (basis.length >= n || !(size > 0)) {
      dependent.push(f);
      continue;
    }
    denseNormal(p, f, v);
    const rest = orthogonalComponent(basis, v, n, size);
    if (!(rest > DEPENDENCE_TOL * size)) {
      dependent.push(f);
      continue;
    }
    const q = new Float64Array(n);
    for (let j = 0; j < n; j++) q[j] = v[j] / rest;
    basis.push(q);
    selected.push(f);
  }
  return { selected, dependent };
}

/**
 * Replaces v (of norm `size`) by its component orthogonal to the orthonormal
 * basis and returns its norm: one modified Gram–Schmidt pass, and a second one
 * only after cancellation (DGKS): when the first kept more than 1/√2 of the
 * norm, v is already orthogonal to the basis to rounding.
 */
export function orthogonalComponent(
  basis: readonly Float64Array[],
  v: Float64Array,
  n: number,
  size: number,
): number {
  const rest = orthogonalise(basis, v, n);
  return rest > REORTHOGONALISE_BELOW * size ? rest : orthogonalise(basis, v, n);
}

/** One modified Gram–Schmidt pass of v against the basis, in place; returns ‖v‖ afterwards. */
function orthogonalise(basis: readonly Float64Array[], v: Float64Array, n: number): number {
  for (const q of basis) {
    let h = 0;
    for (let j = 0; j < n; j++) h += q[j] * v[j];
    if (h === 0) continue;
    for (let j = 0; j < n; j++) v[j] -= h * q[j];
  }
  let sq = 0;
  for (let j = 0; j < n; j++) sq += v[j] * v[j];
  return Math.sqrt(sq);
}
