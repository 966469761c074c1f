import { counted } from '../counted.js';
import type { QPProblem } from '../problem/types.js';
import { measureFeasibility } from '../solver/feasibility.js';
import type { ActiveSetResult } from './active-set.js';
import { BULK_ROUNDS, bulkActiveSet, nextWorkingSet, workingSetChanges } from './bulk.js';
import { allFacets, type Facet } from './facets.js';
import { HeldWorkingSet } from './held-working-set.js';
import { acceptRun, type PolishOptions, type PolishOutcome, withSteps } from './polish.js';

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
 * equality-constrained solves in all, each followed by the phase's
 * optimality test
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
  memory: HotStartMemory = { system: null, facets: null },
): PolishOutcome | null {
  const facets = facetsOf(p, norms, memory);
  const working = held.length === 0 ? [] : stillFacets(p, held, norms, facets);
  const first = heldSolve(p, working, facets, x0, norms, options, memory);
  const dropped = held.length - working.length;
  const gone =
    dropped === 0 ? '' : `; ${dropped} more no longer ${dropped === 1 ? 'a facet' : 'facets'}`;
  const previous = `the previous working set (${counted(working.length, 'facet')}${gone})`;
  let run: ActiveSetResult;
  let reason: string;
  if (first.kind === 'held') {
    run = first.run;
    reason = `hot start: ${previous} held at the new data, ${first.run.reason}`;
  } else {
    // The phase goes on from W corrected by the first round, or from W itself when that
    // round gave no point; the rounds it already spent count against BULK_ROUNDS.
    const spent = first.kind === 'unavailable' ? 0 : 1;
    // A corrected first round rejected W: the phase does not solve W again.
    const corrected = first.kind === 'corrected';
    const bulk = bulkActiveSet(
      p,
      x0,
      corrected ? first.working : working,
      norms,
      {
        maxSteps: BULK_ROUNDS - spent,
        kktAbsTol: options.kktAbsTol,
        kktRelTol: options.kktRelTol,
        factors: options.factors,
      },
      corrected ? [working] : [],
    );
    if (bulk.result === null) return null;
    run = withSteps(bulk.result, spent);
    const outcome = `its solution violates no other facet and no inequality multiplier is negative`;
    reason = sameFacets(run.working, working)
      ? `hot start: ${previous} held at the new data, checked by the primal-dual active-set phase in ${counted(run.steps, 'solve')}: ${outcome}`
      : `hot start: ${previous}, corrected by the primal-dual active-set phase to ${counted(run.multipliers?.length ?? run.working.length, 'facet')} in ${counted(run.steps, 'solve')}: ${outcome}`;
  }
  const before = measureFeasibility(p, x0, norms);
  const outcome = acceptRun(p, x0, before, run, { norms }, options, reason);
  return outcome.status === 'accepted' ? outcome : null;
}

/** What a solver keeps between hot starts: the factored system of the last working set tried, and p's facets. */
export interface HotStartMemory {
  system: HeldWorkingSet | null;
  /** allFacets of a problem with these very bound arrays and row norms. */
  facets: {
    of: readonly [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    list: Facet[];
  } | null;
}

/**
 * allFacets(p, norms), kept while p's lo, hi, lower and upper are the same
 * arrays as before (the facets depend only on them and the norms): `update`
 * keeps the arrays it is not given, and builds new ones for those it is.
 */
function facetsOf(p: QPProblem, norms: Float64Array, memory: HotStartMemory): Facet[] {
  const of = memory.facets?.of;
  if (
    of &&
    of[0] === p.lo &&
    of[1] === p.hi &&
    of[2] === p.lower &&
    of[3] === p.upper &&
    of[4] === norms
  )
    return memory.facets!.list;
  const list = allFacets(p, norms);
  memory.facets = { of: [p.lo, p.hi, p.lower, p.upper, norms], list };
  return list;
}

/** What the first round on W gave (heldSolve). */
type FirstRound =
  /** W is a KKT point's working set at the new data: the solution. */
  | { kind: 'held'; run: ActiveSetResult }
  /** W does not hold: the working set the first round's test leads to (bulk.ts). */
  | { kind: 'corrected'; working: Facet[] }
  /** The round gave no point (a number not finite): the phase starts from W itself. */
  | { kind: 'no_point' }
  /** No factored system (no factor cache, an LP, A or the Schur complement not positive definite). */
  | { kind: 'unavailable' };

/**
 * The first round of the primal-dual phase on W with W's factored system
 * (held-working-set.ts): the one kept from the previous solve when it serves
 * W, else factored now and kept for the next.
 */
function heldSolve(
  p: QPProblem,
  working: readonly Facet[],
  facets: readonly Facet[],
  x0: Float64Array,
  norms: Float64Array,
  options: PolishOptions,
  memory: HotStartMemory,
): FirstRound {
  if (!options.factors) return { kind: 'unavailable' };
  const kept = memory.system?.serves(p, working) === true;
  if (!kept) memory.system = HeldWorkingSet.factor(p, working, options.factors);
  if (memory.system === null) return { kind: 'unavailable' };
  const out = memory.system.solve(p, x0, norms);
  if (!out) return { kind: 'no_point' };
  const { joining, leaving } = workingSetChanges(
    p,
    facets,
    norms,
    working,
    out.x,
    out.multipliers,
    options,
  );
  if (joining.length > 0 || leaving.size > 0)
    return { kind: 'corrected', working: nextWorkingSet(working, joining, leaving) };
  const factored = kept ? "with the previous solve's factors" : 'factored now';
  return {
    kind: 'held',
    run: {
      status: 'optimal',
      reason: `one solve (${factored}): its solution violates no other facet and no inequality multiplier is negative`,
      x: out.x,
      working: [...working],
      steps: 1,
      multipliers: working.map((facet, k) => ({ facet, value: out.multipliers[k] })),
    },
  };
}

/** True when a and b hold the same facets on the same sides, in any order. */
function sameFacets(a: readonly Facet[], b: readonly Facet[]): boolean {
  if (a.length !== b.length) return false;
  const sides = new Map(a.map((f) => [f.key, f.side]));
  return b.every((f) => sides.get(f.key) === f.side);
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
