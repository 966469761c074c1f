import type { QPProblem } from '../problem/types.js';
import { measureFeasibility } from '../solver/feasibility.js';
import type { ActiveSetResult } from './active-set.js';
import { BULK_ROUNDS, bulkActiveSet, workingSetChanges } from './bulk.js';
import { allFacets, type Facet } from './facets.js';
import { HeldWorkingSet } from './held-working-set.js';
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
 * W still holds this is one solve, and the solver keeps W's factored KKT
 * system between solves (held-working-set.ts, `HotStartMemory`), so that a
 * sequence whose working set stays the same pays for the factorisation once
 * and then O(n² + kn) per solve in buffers allocated once. The point it ends
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
  memory: HotStartMemory = { system: null },
): PolishOutcome | null {
  const facets = allFacets(p, norms);
  const working = stillFacets(p, held, norms, facets);
  const run =
    heldSolve(p, working, facets, x0, norms, options, memory) ??
    bulkActiveSet(p, x0, working, norms, {
      maxSteps: BULK_ROUNDS,
      kktAbsTol: options.kktAbsTol,
      kktRelTol: options.kktRelTol,
      factors: options.factors,
    }).result;
  if (run === null) return null;
  const before = measureFeasibility(p, x0, norms);
  const outcome = acceptRun(
    p,
    x0,
    before,
    run,
    { norms },
    options,
    `hot start from the previous working set (${held.length} facets): ${run.reason}`,
  );
  return outcome.status === 'accepted' ? outcome : null;
}

/** What a solver keeps between hot starts: the factored system of the last working set tried. */
export interface HotStartMemory {
  system: HeldWorkingSet | null;
}

/**
 * The first round of the primal-dual phase on W with W's factored system
 * (held-working-set.ts, factored again only when W changed): the solution
 * when it is a KKT point of W (workingSetChanges finds nothing to change),
 * else null and the phase runs in full (bulk.ts). Needs a factor cache (the
 * solver's) and a positive definite A.
 */
function heldSolve(
  p: QPProblem,
  working: readonly Facet[],
  facets: readonly Facet[],
  x0: Float64Array,
  norms: Float64Array,
  options: PolishOptions,
  memory: HotStartMemory,
): ActiveSetResult | null {
  if (!options.factors) return null;
  if (!memory.system?.serves(p, working))
    memory.system = HeldWorkingSet.factor(p, working, options.factors);
  const out = memory.system?.solve(p, x0, norms);
  if (!out) return null;
  const { joining, leaving } = workingSetChanges(
    p,
    facets,
    norms,
    working,
    out.x,
    out.multipliers,
    options,
  );
  if (joining.length > 0 || leaving.size > 0) return null;
  return {
    status: 'optimal',
    reason:
      'one solve with its held factors: feasible, and every inequality multiplier is non-negative',
    x: out.x,
    working: [...working],
    steps: 1,
    multipliers: working.map((facet, k) => ({ facet, value: out.multipliers[k] })),
  };
}

/**
 * The facets of `held` that are still facets of p on the same side (allFacets:
 * a nonzero row or a finite bound, an equality exactly when lo = hi).
 */
export function stillFacets(
  p: QPProblem,
  held: readonly Facet[],
  norms: Float64Array,
  facets: readonly Facet[] = allFacets(p, norms),
): Facet[] {
  const current = new Map(facets.map((f) => [f.key, f.side]));
  return held.filter((f) => current.get(f.key) === f.side);
}
