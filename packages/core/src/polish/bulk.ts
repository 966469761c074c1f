import { counted } from '../counted.js';
import { rowActivities } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import { type ActiveSetOptions, type ActiveSetResult, stationarityTol } from './active-set.js';
import { norm2 } from './dense.js';
import { solveEqp } from './eqp.js';
import {
  allFacets,
  type Facet,
  isEquality,
  normalNorm,
  violationBeyondRounding,
} from './facets.js';
import { selectIndependent } from './selection.js';

/**
 * A short primal-dual active-set phase ahead of the primal loop (polish,
 * DESIGN §4). The primal loop of active-set.ts changes its working set W by
 * one facet per equality-constrained solve; when the dynamics stopped early
 * and W misses a dozen facets, that is a dozen solves. Here W is corrected in
 * bulk instead: solve the equality-constrained QP on W (eqp.ts) for x̂ and the
 * multipliers, then
 *
 *     W ← (W without the inequality facets whose scaled multiplier is below
 *          −negTol) ∪ (every facet violated at x̂ beyond its allowance)
 *
 * and repeat. When no facet is violated at x̂ and no multiplier is negative,
 * x̂ satisfies the KKT conditions on W, which is the primal loop's own
 * optimality test; the point then goes to the same acceptance checks.
 * The iteration (the primal-dual active-set method of Hintermüller, Ito and
 * Kunisch) often needs two or three solves but may cycle or wander on
 * general polyhedra, so it has BULK_ROUNDS solves, and up to BULK_MAX_ROUNDS
 * while the number of facets that change shrinks (all counted in the polish's
 * step budget), and stops on a repeated W,
 * a ray or a failed solve; the primal loop then starts from the dynamics'
 * point with the dynamics' working set, as if this phase had not run.
 */
export const BULK_ROUNDS = 4;

/**
 * Rounds the phase may take in all: after BULK_ROUNDS it goes on only while
 * the number of facets that join or leave W shrinks from round to round. With
 * a hundred or more active facets the dynamics' W can miss dozens of them, and
 * the phase then needs some seven solves where the primal loop would need one
 * per missing facet.
 */
export const BULK_MAX_ROUNDS = 12;

/** Every facet violated at x beyond its rounding allowance (|s| for an equality). */
function violatedAt(
  p: QPProblem,
  facets: readonly Facet[],
  norms: Float64Array,
  x: Float64Array,
): Facet[] {
  const act = rowActivities(p.C, p.m, p.n, x);
  const xNorm = norm2(x);
  return facets.filter((f) => violationBeyondRounding(p, f, x, act, norms, xNorm) > 0);
}

/**
 * The phase's test at the solution x̂ of a working set's equality-constrained
 * QP with the multipliers of its `selected` facets: the facets violated at x̂
 * beyond rounding (they join W) and the keys of the inequality facets whose
 * scaled multiplier is below −negTol (they leave). Both empty: x̂ is a KKT
 * point of the working set, feasible and with non-negative multipliers.
 */
export function workingSetChanges(
  p: QPProblem,
  facets: readonly Facet[],
  norms: Float64Array,
  selected: readonly Facet[],
  x: Float64Array,
  multipliers: Float64Array,
  opts: Pick<ActiveSetOptions, 'kktAbsTol' | 'kktRelTol'>,
): { joining: Facet[]; leaving: Set<number> } {
  const joining = violatedAt(p, facets, norms, x);
  const negTol = stationarityTol(p, x, opts);
  const leaving = new Set<number>();
  for (let k = 0; k < selected.length; k++) {
    const f = selected[k];
    if (!isEquality(f) && multipliers[k] * normalNorm(f, norms) < -negTol) leaving.add(f.key);
  }
  return { joining, leaving };
}

/** W without the facets that leave, with those that join (once each). */
export function nextWorkingSet(
  W: readonly Facet[],
  joining: readonly Facet[],
  leaving: ReadonlySet<number>,
): Facet[] {
  const inW = new Set(W.map((f) => f.key));
  return [...W.filter((f) => !leaving.has(f.key)), ...joining.filter((f) => !inW.has(f.key))];
}

/** A working set's facets as one string, the same for any order. */
function setKey(W: readonly Facet[]): string {
  return W.map((f) => f.key)
    .sort((a, b) => a - b)
    .join(',');
}

/**
 * The phase's optimum, or null, with the solves it used. `tried` holds working
 * sets already solved and rejected before the phase (a hot start's first
 * round): the phase stops instead of solving one of them again.
 */
export function bulkActiveSet(
  p: QPProblem,
  x0: Float64Array,
  working: readonly Facet[],
  norms: Float64Array,
  opts: ActiveSetOptions,
  tried: readonly (readonly Facet[])[] = [],
): { result: ActiveSetResult | null; rounds: number } {
  const facets = allFacets(p, norms);
  const seen = new Set<string>(tried.map(setKey));
  let W = [...working];
  const rounds = Math.min(BULK_MAX_ROUNDS, opts.maxSteps);
  let previousChanges = Number.POSITIVE_INFINITY;
  for (let round = 1; round <= rounds; round++) {
    const key = setKey(W);
    if (seen.has(key)) return { result: null, rounds: round - 1 };
    seen.add(key);
    const sel = selectIndependent(p, W, norms);
    const out = solveEqp(p, x0, sel.selected, norms, stationarityTol(p, x0, opts), opts.factors);
    if (out.kind !== 'point' || !out.stationary) return { result: null, rounds: round };
    const { joining, leaving } = workingSetChanges(
      p,
      facets,
      norms,
      sel.selected,
      out.x,
      out.multipliers,
      opts,
    );
    if (joining.length === 0 && leaving.size === 0) {
      return {
        result: {
          status: 'optimal',
          reason: `primal-dual active-set phase: on its working set the solution is feasible and every inequality multiplier is non-negative (${counted(round, 'solve')})`,
          x: out.x,
          working: W,
          steps: round,
          multipliers: sel.selected.map((facet, k) => ({ facet, value: out.multipliers[k] })),
        },
        rounds: round,
      };
    }
    // Past BULK_ROUNDS the phase goes on only while it converges: fewer facets change each round.
    const changes = joining.length + leaving.size;
    if (round >= BULK_ROUNDS && !(changes < previousChanges))
      return { result: null, rounds: round };
    previousChanges = changes;
    W = nextWorkingSet(W, joining, leaving);
  }
  return { result: null, rounds };
}
