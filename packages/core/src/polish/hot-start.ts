import type { QPProblem } from '../problem/types.js';
import { measureFeasibility } from '../solver/feasibility.js';
import { type ActiveSetResult, stationarityTol } from './active-set.js';
import { violatedAt } from './bulk.js';
import { solveEqp } from './eqp.js';
import { allFacets, type Facet, isEquality, normalNorm } from './facets.js';
import { acceptRun, type PolishOptions, type PolishOutcome } from './polish.js';

/**
 * Hot start of a receding-horizon solve (DESIGN §4). Between two solves of
 * one solver only b and the bounds move (`update`); A and C, and with them
 * the normals of every facet, stay. The working set W that the previous
 * polish ended on (its linearly independent facets, `PolishOutcome.selected`)
 * is then often the active set of the new problem too: in a closed loop that
 * has settled, W stays the same from one step to the next, and W is often
 * empty (no constraint active). One equality-constrained solve on W at the
 * new data (eqp.ts; A's factor and, for W empty, nothing else is needed) gives
 * x̂ and the multipliers; x̂ is the new optimum exactly when
 *
 * - every facet of W still exists on the same side (its bound is finite, an
 *   equality row or fixed variable is still one);
 * - no facet is violated at x̂ beyond its rounding allowance (the optimality
 *   test of the primal-dual phase, bulk.ts: a facet about to become active
 *   must not pass as satisfied because it is within feasibilityTol);
 * - every inequality multiplier on W is non-negative, to within the
 *   stationarity tolerance of the active-set loop;
 * - and x̂ passes the polish's acceptance checks (polish.ts: feasible to
 *   feasibilityTol, the KKT certificate, the objective test against x0).
 *
 * Any miss returns null and the solve goes on as without a hot start (polish
 * from x0 with the previous spikes as hints, then the dynamics): the attempt
 * costs one working-set solve and never changes what is claimed.
 */
export function hotStart(
  p: QPProblem,
  held: readonly Facet[],
  x0: Float64Array,
  norms: Float64Array,
  options: PolishOptions,
): PolishOutcome | null {
  for (const f of held) if (!facetExists(p, f, norms)) return null;
  const out = solveEqp(p, x0, held, norms, stationarityTol(p, x0, options), options.factors);
  if (out.kind !== 'point' || !out.stationary) return null;
  if (violatedAt(p, allFacets(p, norms), norms, out.x).length > 0) return null;
  const negTol = stationarityTol(p, out.x, options);
  for (let k = 0; k < held.length; k++) {
    const f = held[k];
    if (!isEquality(f) && out.multipliers[k] * normalNorm(f, norms) < -negTol) return null;
  }
  const run: ActiveSetResult = {
    status: 'optimal',
    reason: 'hot start: the previous working set solved at the new data',
    x: out.x,
    working: [...held],
    steps: 1,
    multipliers: held.map((facet, k) => ({ facet, value: out.multipliers[k] })),
  };
  const before = measureFeasibility(p, x0, norms);
  const outcome = acceptRun(
    p,
    x0,
    before,
    run,
    { norms },
    options,
    `hot start on the previous working set (${held.length} facets)`,
  );
  return outcome.status === 'accepted' ? outcome : null;
}

/** Whether facet f is a facet of p on the same side: a nonzero row or a variable whose bound on that side is finite, an equality exactly when lo = hi. */
export function facetExists(p: QPProblem, f: Facet, norms: Float64Array): boolean {
  const i = f.index;
  const row = f.kind === 'row';
  if (row && !(norms[i] > 0)) return false;
  const lo = row ? p.lo[i] : p.lower[i];
  const hi = row ? p.hi[i] : p.upper[i];
  if (f.side === 'equal') return lo === hi;
  if (lo === hi) return false;
  return f.side === 'upper' ? Number.isFinite(hi) : Number.isFinite(lo);
}
