import type { QPProblem } from '../problem/types.js';
import { measureFeasibility } from '../solver/feasibility.js';
import { BULK_ROUNDS, bulkActiveSet } from './bulk.js';
import { allFacets, type Facet } from './facets.js';
import { acceptRun, type PolishOptions, type PolishOutcome } from './polish.js';

/**
 * Hot start of a receding-horizon solve (DESIGN §4). Between two solves of
 * one solver only b and the bounds move (`update`); A and C, and with them
 * the normals of every facet, stay. The working set W that the previous
 * polish ended on (its linearly independent facets, `PolishOutcome.selected`)
 * is then the active set of the new problem, or close to it: in a closed loop
 * that has settled, W stays the same from one step to the next (often empty),
 * and while it moves, a facet or two join or leave per step.
 *
 * So the primal-dual active-set phase (bulk.ts) starts from W, with the
 * facets of W that no longer exist on their side dropped (a bound made
 * infinite, an equality that became two-sided): at most BULK_ROUNDS
 * equality-constrained solves (more while it converges, bulk.ts), each followed
 * by the phase's optimality test
 * (no facet violated beyond rounding, no negative inequality multiplier). When
 * W still holds this is one solve with A's cached factor. The point it ends
 * at must then pass the polish's acceptance checks (polish.ts: feasible to
 * feasibilityTol, the KKT certificate, the objective test against x0).
 *
 * Otherwise null, and the solve goes on as without a hot start (polish from
 * x0 with the previous spikes as hints, then the dynamics): the attempt costs
 * its solves and never changes what is claimed.
 */
export function hotStart(
  p: QPProblem,
  held: readonly Facet[],
  x0: Float64Array,
  norms: Float64Array,
  options: PolishOptions,
): PolishOutcome | null {
  const working = stillFacets(p, held, norms);
  const bulk = bulkActiveSet(p, x0, working, norms, {
    maxSteps: BULK_ROUNDS,
    kktAbsTol: options.kktAbsTol,
    kktRelTol: options.kktRelTol,
    factors: options.factors,
  });
  if (bulk.result === null) return null;
  const before = measureFeasibility(p, x0, norms);
  const outcome = acceptRun(
    p,
    x0,
    before,
    bulk.result,
    { norms },
    options,
    `hot start from the previous working set (${held.length} facets): primal-dual active-set phase optimal after ${bulk.result.steps} solves`,
  );
  return outcome.status === 'accepted' ? outcome : null;
}

/**
 * The facets of `held` that are still facets of p on the same side (allFacets:
 * a nonzero row or a finite bound, an equality exactly when lo = hi).
 */
export function stillFacets(p: QPProblem, held: readonly Facet[], norms: Float64Array): Facet[] {
  const current = new Map(allFacets(p, norms).map((f) => [f.key, f.side]));
  return held.filter((f) => current.get(f.key) === f.side);
}
