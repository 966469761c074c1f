import { solveNnls } from '../certificate/nnls.js';
import { gradient } from '../certificate/objective.js';
import { rowActivities } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import { norm2 } from './dense.js';
import {
  denseNormal,
  type Facet,
  facetSlack,
  isEquality,
  normalNorm,
  roundingAllowance,
} from './facets.js';

/**
 * Leaving a degenerate point (DESIGN §4, polish). Where many facets meet at x
 * (a degenerate vertex, e.g. the origin of a problem whose rows all have a
 * zero right-hand side), the primal active-set step can drop a facet, be
 * blocked at once by another one through x, add it, drop the next, …, without
 * ever moving: cycling. The cure used here is a step along the projection of
 * −∇f onto the tangent cone of the facets that meet at x, found by the same
 * non-negative least-squares fit as the certificate (DESIGN §3, nnls.ts):
 *
 *     μ = argmin_{μ ≥ 0} ‖Uμ − (−∇f)‖,   d = −∇f − Uμ,
 *
 * where the columns of U are the unit outward normals of the near facets
 * (slack ≤ NEAR_FACTOR × their rounding allowance, violated ones included),
 * an equality facet contributing both ±a_k/‖a_k‖. At the fit's optimum
 * u_kᵀd ≤ 0 for every column (so d keeps every near facet), and μ_k u_kᵀd = 0,
 * so ∇fᵀd = −dᵀ(d + Uμ) = −‖d‖² < 0: d is a feasible descent direction and
 * every step along it strictly lowers f, so it cannot cycle. When ‖d‖ is below
 * the stationarity tolerance, x is a KKT point of the near facets and the
 * facets with μ_k > 0 are its active set.
 */
export interface TangentStep {
  /** The projected steepest-descent direction d. */
  direction: Float64Array;
  /** ‖d‖. */
  size: number;
  /** Equality facets, then the near facets with μ_k > 0 (they stay active along d). */
  support: Facet[];
  /** False when the fit did not converge (do not use the step). */
  converged: boolean;
}

/** Slack (in rounding allowances) under which a facet counts as meeting at x. */
export const NEAR_FACTOR = 1e3;

/** Projects −∇f(x) onto the tangent cone of the facets that meet at x (see the module comment). */
export function tangentStep(
  p: QPProblem,
  x: Float64Array,
  facets: readonly Facet[],
  norms: Float64Array,
): TangentStep {
  const { n } = p;
  const act = rowActivities(p.C, p.m, p.n, x);
  const xNorm = norm2(x);
  const cols: Array<{ f: Facet; sign: number }> = [];
  for (const f of facets) {
    if (isEquality(f)) cols.push({ f, sign: 1 }, { f, sign: -1 });
    else if (facetSlack(p, f, x, act) <= NEAR_FACTOR * roundingAllowance(p, f, norms, xNorm))
      cols.push({ f, sign: 1 });
  }
  const M = new Float64Array(n * cols.length);
  const a = new Float64Array(n);
  cols.forEach(({ f, sign }, k) => {
    denseNormal(p, f, a);
    const scale = sign / normalNorm(f, norms);
    for (let j = 0; j < n; j++) M[k * n + j] = scale * a[j];
  });
  const t = gradient(p, x).map((v) => -v);
  const fit = solveNnls(M, n, cols.length, t);
  const direction = Float64Array.from(t);
  cols.forEach((_, k) => {
    if (fit.x[k] === 0) return;
    for (let j = 0; j < n; j++) direction[j] -= fit.x[k] * M[k * n + j];
  });
  const support: Facet[] = [];
  const seen = new Set<number>();
  cols.forEach(({ f }, k) => {
    if ((isEquality(f) || fit.x[k] > 0) && !seen.has(f.key)) {
      seen.add(f.key);
      support.push(f);
    }
  });
  support.sort((u, v) => Number(isEquality(v)) - Number(isEquality(u)));
  return { direction, size: norm2(direction), support, converged: fit.converged };
}
