import type { QPProblem } from '../problem/types.js';
import { findInfeasibilityCertificate } from './farkas.js';
import { findUnboundedDirection, type RecessionOptions } from './recession.js';
import type { InfeasibilityCertificate, UnboundedCertificate } from './types.js';

/** How a solve ended without an optimum: the statuses a verdict may replace. */
export type UnresolvedStatus = 'projection_budget_exhausted' | 'max_iterations' | 'diverged';

/** What the solver knows when it asks for a verdict. */
export interface DiagnoseContext extends RecessionOptions {
  /** The status the dynamics ended with. */
  status: UnresolvedStatus;
  /**
   * Direction the iterates were drifting along (e.g. x_k − x_{k−w} over the
   * last window), tried first as a recession direction.
   */
  trajectoryHint?: Float64Array;
}

/** A verdict with its checked certificate. */
export type Verdict =
  | { verdict: 'infeasible'; certificate: InfeasibilityCertificate }
  | { verdict: 'unbounded'; certificate: UnboundedCertificate };

/**
 * Tries to turn an unresolved status into a verdict with evidence. Returns
 * null unless a certificate passed its check (farkas.ts, recession.ts), so a
 * status never claims more than was verified.
 *
 * Routing:
 *  - every status first looks for a Farkas certificate around x (for a
 *    finite x that violates nothing this costs one pass over the facets: x
 *    itself proves there is none). An infeasible problem cannot be unbounded,
 *    so a Farkas certificate settles the case;
 *  - then every status looks for a recession direction (after
 *    `projection_budget_exhausted` too: a sweep that could not reach the
 *    feasible set says nothing about the objective, so the search starts from
 *    a point of the feasibility fit) from
 *    x (or, when x is not finite or not feasible, from a point found by the
 *    feasibility fit), seeded by `trajectoryHint` and by −b. A slowly
 *    converging bounded problem has no such direction, so trying costs time
 *    (one SVD and one NNLS fit) but never a false verdict.
 *
 * @param x the last iterate (for `diverged`, preferably the last finite one).
 * @param norms ‖c_i‖ for every row.
 */
export function diagnose(
  problem: QPProblem,
  x: Float64Array,
  norms: Float64Array,
  context: DiagnoseContext,
): Verdict | null {
  const finite = x.length === problem.n && x.every((v) => Number.isFinite(v));
  const farkas = findInfeasibilityCertificate(problem, norms, finite ? x : undefined);
  if (farkas !== null) return { verdict: 'infeasible', certificate: farkas };
  const options: RecessionOptions = {};
  if (context.feasibilityTol !== undefined) options.feasibilityTol = context.feasibilityTol;
  const ray = findUnboundedDirection(problem, x, context.trajectoryHint, options);
  return ray === null ? null : { verdict: 'unbounded', certificate: ray };
}
