import { certificateAt, computeCertificate, type FacetMultiplier } from '../certificate/kkt.js';
import type { KktCertificate } from '../certificate/types.js';
import type { QPProblem } from '../problem/types.js';
import { type Facet, normalNorm } from './facets.js';

/**
 * The acceptance certificate of a polished point (DESIGN §3), warm-started
 * with the polish's own active set. computeCertificate fits −∇f with the
 * facets' unit normals by non-negative least squares; at a degenerate point
 * (more facets meet than there are variables, many of them dependent) the
 * Lawson–Hanson fit can stop at an upper bound of its optimum (nnls.ts). The
 * polish knows a linearly independent set of facets whose multipliers are
 * non-negative and fit −∇f to rounding, so it loads exactly those columns
 * first (an equality facet on the side its multiplier's sign picks). The
 * pass test is unchanged and a pass is still backed by real multipliers μ ≥ 0;
 * only the starting set of the fit differs from the default.
 *
 * Before any fit, the certificate is evaluated at the polish's own
 * multipliers (certificateAt): on a polished optimum they fit −∇f to rounding,
 * so this usually passes at the cost of one pass over the working facets, and
 * the fit runs only when it does not.
 *
 * The columns are numbered as kkt.ts builds them: for each nonzero row the
 * upper side (finite hi) then the lower side (finite lo), then every finite
 * lower bound, then every finite upper bound.
 */
export function certifyPolished(
  p: QPProblem,
  x: Float64Array,
  tol: { kktAbsTol: number; kktRelTol: number },
  norms: Float64Array,
  support: ReadonlyArray<{ facet: Facet; value: number }> | undefined,
): KktCertificate {
  if (support === undefined) return computeCertificate(p, x, tol, norms);
  const direct = certificateAt(p, x, tol, norms, unitMultipliers(support, norms));
  if (direct !== null && direct.status === 'passed') return direct;
  const cols = certificateColumns(p, norms);
  const initialSet: number[] = [];
  for (const { facet: f, value } of support) {
    if (!(value !== 0)) continue;
    const upper = f.side === 'upper' || (f.side === 'equal' && value > 0);
    const table =
      f.kind === 'row'
        ? upper
          ? cols.rowUpper
          : cols.rowLower
        : upper
          ? cols.boundUpper
          : cols.boundLower;
    const col = table[f.index];
    if (col >= 0) initialSet.push(col);
  }
  return computeCertificate(p, x, tol, norms, { initialSet });
}

/** Column of each row side and bound in the certificate's facet matrix (−1 when absent). */
function certificateColumns(p: QPProblem, norms: Float64Array) {
  const { m, n } = p;
  const rowUpper = new Int32Array(m).fill(-1);
  const rowLower = new Int32Array(m).fill(-1);
  const boundLower = new Int32Array(n).fill(-1);
  const boundUpper = new Int32Array(n).fill(-1);
  let k = 0;
  for (let i = 0; i < m; i++) {
    if (norms[i] === 0) continue;
    if (Number.isFinite(p.hi[i])) rowUpper[i] = k++;
    if (Number.isFinite(p.lo[i])) rowLower[i] = k++;
  }
  for (let j = 0; j < n; j++) if (Number.isFinite(p.lower[j])) boundLower[j] = k++;
  for (let j = 0; j < n; j++) if (Number.isFinite(p.upper[j])) boundUpper[j] = k++;
  return { rowUpper, rowLower, boundLower, boundUpper };
}

/**
 * The polish's multipliers (∇f + Σ v_k a_k = 0) on unit normals: μ_k = v_k‖a_k‖
 * on the side the sign picks for an equality facet; a slightly negative
 * inequality multiplier (the active-set loop tolerates −negTol) counts as 0.
 */
function unitMultipliers(
  support: ReadonlyArray<{ facet: Facet; value: number }>,
  norms: Float64Array,
): FacetMultiplier[] {
  const out: FacetMultiplier[] = [];
  for (const { facet: f, value } of support) {
    if (!(value !== 0)) continue;
    const upper = f.side === 'upper' || (f.side === 'equal' && value > 0);
    const mu = f.side === 'equal' ? Math.abs(value) : Math.max(0, value);
    out.push({ kind: f.kind, index: f.index, upper, mu: mu * normalNorm(f, norms) });
  }
  return out;
}
