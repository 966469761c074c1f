import { objectiveTerms, objectiveValue } from '../certificate/objective.js';
import type { KktCertificate } from '../certificate/types.js';
import { counted } from '../counted.js';
import { SnnOptError } from '../errors.js';
import { rowActivities } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import { type Feasibility, measureFeasibility } from '../solver/feasibility.js';
import { type ActiveSetResult, runActiveSet } from './active-set.js';
import { bulkActiveSet } from './bulk.js';
import { certifyPolished } from './certify.js';
import type { Facet } from './facets.js';
import type { HessianFactorCache } from './factor-cache.js';
import { initialWorkingSet, type PolishHints } from './working-set.js';

export type { PolishHints } from './working-set.js';

/**
 * Polish (DESIGN §4): when the dynamics stop, the spikes have (nearly)
 * identified the active set; an equality-constrained KKT solve on those
 * facets gives the exact optimum, which the certificate of DESIGN §3 then
 * verifies before it is accepted.
 *
 * Method (the files of this folder):
 * 1. working-set.ts — first guess of the active set from the slacks at x and
 *    the hints (spike counts, certificate multipliers); equality rows and
 *    fixed variables always belong to it;
 * 2. selection.ts — the linearly independent part of the working set
 *    (duplicated rows, paired inequalities, rows implied by bounds);
 * 3. reduced.ts, eqp.ts, range-space.ts, factor-cache.ts, curvature.ts — the equality-constrained
 *    QP with iterative refinement: by the range-space method when the Hessian
 *    block is positive definite (working bounds eliminated, or kept as rows
 *    so that A's factor is reused), else by the null-space method with the
 *    bounds eliminated, robust to singular Hessians (least-norm solution, or
 *    a descent ray when the QP on the working set is unbounded);
 * 4. bulk.ts — a few primal-dual active-set solves that correct the working
 *    set in bulk; when they end at a KKT point the loop below is skipped;
 * 5. active-set.ts, escape.ts — a primal active-set loop with a ratio test
 *    from the dynamics' point: facets with negative multipliers leave,
 *    blocking or violated facets join, a projected-gradient step leaves a
 *    degenerate point; at most `maxActiveSetSteps` steps.
 *
 * Acceptance of the final point x⁺ (all checked from scratch):
 * - feasibility: every row and bound violated by at most feasibilityTol
 *   (absolute, `measureFeasibility(…).maxViolation`);
 * - the certificate (computeCertificate with the given tolerances, its fit
 *   warm-started with the polish's active set, certify.ts) passes;
 * - when the input x₀ was feasible to feasibilityTol, the objective is not
 *   worse than the input's:
 *
 *       f(x⁺) ≤ f(x₀) + 1e-12·max(1, |f(x₀)|, T(x₀), T(x⁺)) + Σ_k μ_k·viol_k(x₀),
 *
 *   T(x) = |½xᵀAx| + |bᵀx| + |constant| (f is known to rounding relative to
 *   its terms, which may cancel),
 *   μ the certificate's multipliers at x⁺ and viol_k(x₀) = max(0, a_kᵀx₀ − t_k)
 *   the input's own violation of facet k. The last term is what those
 *   violations can be worth: L(z) = f(z) + Σ_k μ_k(a_kᵀz − t_k) is convex and,
 *   at an exact KKT point x⁺, minimal there with L(x⁺) = f(x⁺), so
 *   f(x⁺) ≤ L(x₀) ≤ f(x₀) + Σ_k μ_k·viol_k(x₀). A point feasible only to
 *   feasibilityTol (the dynamics leave x within constraintTol of its facets)
 *   may sit below the optimum by that much, and the exact optimum must not be
 *   rejected for it; on an exactly feasible x₀ the test is plain
 *   f(x⁺) ≤ f(x₀) + rounding. (Adding the certificate's residual terms
 *   ‖∇L(x⁺)‖·‖x₀ − x⁺‖ + |s(x⁺)|ᵀμ would make the test a theorem that always
 *   holds; without them it catches a point that passed a loose certificate
 *   but is worse than where the dynamics stood.)
 */
export interface PolishOptions {
  /** Cap on the steps of the active-set loop (each one equality-constrained solve or tangent-cone step). Default 25. */
  maxActiveSetSteps?: number;
  /** Largest absolute violation of a row or bound the polished point may have. */
  feasibilityTol: number;
  /** Relative tolerance of the acceptance certificate (tight, e.g. 1e-9). */
  kktRelTol: number;
  /** Absolute tolerance of the acceptance certificate. */
  kktAbsTol: number;
  /** A cache of Hessian factors shared by successive polishes of one problem (its A must not change). */
  factors?: HessianFactorCache;
}

/** accepted: the polished point passed every check; rejected: it did not (reason says which); skipped: nothing to do. */
export type PolishStatus = 'accepted' | 'rejected' | 'skipped';

/** The final working set, in the problem's terms. */
export interface PolishActiveSet {
  rows: Array<{ index: number; side: 'upper' | 'lower' | 'equal' }>;
  /** Variables held at their lower bound (a fixed variable, lower = upper, is listed in both lists). */
  lowerBounds: number[];
  /** Variables held at their upper bound. */
  upperBounds: number[];
}

export interface PolishOutcome {
  status: PolishStatus;
  reason: string;
  /** The polished point when accepted, else the input x (a copy). */
  x: Float64Array;
  activeSet: PolishActiveSet;
  /** Active-set steps performed (see active-set.ts). */
  steps: number;
  /** Certificate of the polished point (null when it was not evaluated). */
  certificate: KktCertificate | null;
  /** Objective at the returned x. */
  objective: number;
  /** Largest absolute row or bound violation at the returned x. */
  maxViolation: number;
  /** Row and bound feasibility of the returned x (measureFeasibility). */
  feasibility: Feasibility;
  /**
   * When accepted at a KKT point of its working set: the linearly independent
   * facets the returned x satisfies with equality, whose multipliers the
   * certificate started from (the working set a later solve of the same A and C
   * can try first, hot-start.ts); null otherwise (also when the loop ran out of
   * steps and the point was accepted on its certificate alone).
   */
  selected: readonly Facet[] | null;
}

/** Default of {@link PolishOptions.maxActiveSetSteps}. */
export const DEFAULT_MAX_ACTIVE_SET_STEPS = 25;

function checkLengths(p: QPProblem, x: Float64Array, hints: PolishHints): void {
  const want: Array<[string, ArrayLike<number> | undefined, number]> = [
    ['x', x, p.n],
    ['hints.norms', hints.norms, p.m],
    ['hints.spikeCounts', hints.spikeCounts, p.m + 2 * p.n],
    ['hints.multipliers', hints.multipliers, p.m + 2 * p.n],
  ];
  for (const [name, v, len] of want) {
    if (v !== undefined && v.length !== len) {
      throw new SnnOptError(
        'dimension_mismatch',
        `polish: ${name} has length ${v.length}, expected ${len}`,
        {
          argument: name,
          expected: `length ${len}`,
          received: `length ${v.length}`,
        },
      );
    }
  }
}

function describeActiveSet(working: readonly Facet[]): PolishActiveSet {
  const out: PolishActiveSet = { rows: [], lowerBounds: [], upperBounds: [] };
  for (const f of working) {
    if (f.kind === 'row') out.rows.push({ index: f.index, side: f.side });
    else {
      if (f.side !== 'upper') out.lowerBounds.push(f.index);
      if (f.side !== 'lower') out.upperBounds.push(f.index);
    }
  }
  out.rows.sort((a, b) => a.index - b.index);
  out.lowerBounds.sort((a, b) => a - b);
  out.upperBounds.sort((a, b) => a - b);
  return out;
}

/** Σ_k μ_k·viol_k(x₀) with the certificate's multipliers by candidate id (net multiplier per row). */
function violationCredit(p: QPProblem, x0: Float64Array, mu: Float64Array): number {
  const { m, n } = p;
  const act = rowActivities(p.C, m, n, x0);
  let credit = 0;
  for (let i = 0; i < m; i++) {
    const y = mu[i];
    if (y > 0) credit += y * Math.max(0, act[i] - p.hi[i]);
    else if (y < 0) credit -= y * Math.max(0, p.lo[i] - act[i]);
  }
  for (let j = 0; j < n; j++) {
    credit += mu[m + j] * Math.max(0, p.lower[j] - x0[j]);
    credit += mu[m + n + j] * Math.max(0, x0[j] - p.upper[j]);
  }
  return credit;
}

/**
 * The objective test of the acceptance (see {@link PolishOptions}): the
 * failure, or null when it holds, with f(x₁). The terms' size (objectiveTerms)
 * enters the allowance: when they cancel (an objective constant offsetting
 * the rest, as in HS268) f is only known to rounding relative to it. On an
 * input that violates nothing (`before.maxViolation` = 0) every violation,
 * and so the credit, is exactly 0.
 */
function objectiveCheck(
  p: QPProblem,
  x0: Float64Array,
  before: Feasibility,
  x1: Float64Array,
  cert: KktCertificate,
): { failure: string | null; objective: number } {
  const t0 = objectiveTerms(p, x0);
  const t1 = objectiveTerms(p, x1);
  const f0 = t0.value;
  const f1 = t1.value;
  const credit = before.maxViolation > 0 ? violationCredit(p, x0, cert.multipliers) : 0;
  const allowance = 1e-12 * Math.max(1, Math.abs(f0), t0.scale, t1.scale) + credit;
  if (f1 <= f0 + allowance) return { failure: null, objective: f1 };
  return {
    failure: `the polished objective ${f1} is worse than the input's ${f0} by ${(f1 - f0).toExponential(3)} > allowance ${allowance.toExponential(3)} (of which ${credit.toExponential(3)} for the input's violations)`,
    objective: f1,
  };
}

/** The acceptance checks' result: the first failure, or the verified point's certificate and objective. */
type Acceptance =
  | { failure: string; certificate: KktCertificate | null; feasibility: Feasibility }
  | { failure: null; certificate: KktCertificate; feasibility: Feasibility; objective: number };

/** Acceptance checks of a candidate, in order (feasibility, certificate, objective): the first that fails, or null. */
function accept(
  p: QPProblem,
  x0: Float64Array,
  before: Feasibility,
  run: ActiveSetResult,
  hints: PolishHints,
  options: PolishOptions,
): Acceptance {
  const feasibility = measureFeasibility(p, run.x, hints.norms);
  if (!(feasibility.maxViolation <= options.feasibilityTol)) {
    const where =
      feasibility.rowViolation >= feasibility.boundViolation
        ? `row ${feasibility.worstRow}`
        : `bound of x[${feasibility.worstBound}]`;
    return {
      certificate: null,
      feasibility,
      failure: `the polished point is infeasible: ${where} violated by ${feasibility.maxViolation.toExponential(3)} > feasibilityTol ${options.feasibilityTol}`,
    };
  }
  const certificate = certifyPolished(p, run.x, options, hints.norms, run.multipliers);
  if (certificate.status !== 'passed') {
    return {
      certificate,
      feasibility,
      failure: `the certificate of the polished point did not pass (${certificate.status}: ${certificate.reason ?? ''})`,
    };
  }
  if (!(before.maxViolation <= options.feasibilityTol))
    return { certificate, feasibility, failure: null, objective: objectiveValue(p, run.x) };
  const { failure, objective } = objectiveCheck(p, x0, before, run.x, certificate);
  if (failure !== null) return { certificate, feasibility, failure };
  return { certificate, feasibility, failure: null, objective };
}

/** The loop's result with the solves of a bulk phase that did not finish counted in. */
export function withSteps(run: ActiveSetResult, extra: number): ActiveSetResult {
  return { ...run, steps: run.steps + extra };
}

/**
 * Polishes the point x of the dynamics into the exact optimum of the active
 * set the spikes identified, and verifies it (see {@link PolishOptions} for the
 * method and the acceptance checks). Never throws for numeric trouble; throws
 * SnnOptError `dimension_mismatch` when x or a hint has the wrong length.
 */
export function polish(
  problem: QPProblem,
  x: Float64Array,
  hints: PolishHints,
  options: PolishOptions,
): PolishOutcome {
  checkLengths(problem, x, hints);
  const input = Float64Array.from(x);
  const before = measureFeasibility(problem, input, hints.norms);
  const result = (
    status: PolishStatus,
    reason: string,
    extra: Parameters<typeof outcome>[5] = {},
  ): PolishOutcome => outcome(problem, input, before, status, reason, extra);
  const bad = input.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return result('skipped', `x[${bad}] is ${input[bad]}: nothing to polish`);
  const maxSteps = options.maxActiveSetSteps ?? DEFAULT_MAX_ACTIVE_SET_STEPS;
  const working = initialWorkingSet(problem, input, hints, options.feasibilityTol);
  const loopOptions = { ...options, maxSteps };
  const bulk = bulkActiveSet(problem, input, working, hints.norms, loopOptions);
  const rest = { ...loopOptions, maxSteps: maxSteps - bulk.rounds };
  const run =
    bulk.result ?? withSteps(runActiveSet(problem, input, working, hints.norms, rest), bulk.rounds);
  const common = { activeSet: describeActiveSet(run.working), steps: run.steps };
  if (run.status === 'failed' || run.status === 'unbounded') {
    return result(
      'rejected',
      `active-set loop ${run.status} after ${counted(run.steps, 'step')}: ${run.reason}`,
      common,
    );
  }
  const loop = bulk.result
    ? `primal-dual active-set phase optimal after ${counted(run.steps, 'solve')}`
    : `active-set loop ${run.status} after ${counted(run.steps, 'step')}`;
  return acceptRun(problem, input, before, run, hints, options, loop);
}

/**
 * The acceptance checks of a candidate point (see {@link PolishOptions}) and
 * the outcome: `accepted` with the candidate when every check passes, else
 * `rejected` with the input. `input` is the point the search started from and
 * `before` its feasibility; `loop` says how the candidate was found.
 */
export function acceptRun(
  problem: QPProblem,
  input: Float64Array,
  before: Feasibility,
  run: ActiveSetResult,
  hints: PolishHints,
  options: PolishOptions,
  loop: string,
): PolishOutcome {
  const activeSet = describeActiveSet(run.working);
  const checked = accept(problem, input, before, run, hints, options);
  if (checked.failure !== null) {
    return outcome(problem, input, before, 'rejected', `${checked.failure} (${loop})`, {
      activeSet,
      steps: run.steps,
      certificate: checked.certificate,
    });
  }
  const { certificate: cert, feasibility, objective } = checked;
  let selected: Facet[] | null = null;
  if (run.status === 'optimal' && run.multipliers) {
    selected = [];
    for (const m of run.multipliers) selected.push(m.facet);
  }
  return {
    status: 'accepted',
    reason: `${loop}; feasible and KKT residual ${cert.residual.toExponential(3)} ≤ ${(options.kktAbsTol + options.kktRelTol * cert.scale).toExponential(3)}`,
    x: run.x,
    activeSet,
    steps: run.steps,
    certificate: cert,
    objective,
    maxViolation: feasibility.maxViolation,
    feasibility,
    selected,
  };
}

/** An outcome that returns the input x (whose feasibility is known); the rest defaults to empty. */
function outcome(
  problem: QPProblem,
  input: Float64Array,
  before: Feasibility,
  status: PolishStatus,
  reason: string,
  extra: Pick<Partial<PolishOutcome>, 'activeSet' | 'steps' | 'certificate'> = {},
): PolishOutcome {
  return {
    status,
    reason,
    x: input,
    activeSet: extra.activeSet ?? { rows: [], lowerBounds: [], upperBounds: [] },
    steps: extra.steps ?? 0,
    certificate: extra.certificate ?? null,
    objective: objectiveValue(problem, input),
    maxViolation: before.maxViolation,
    feasibility: before,
    selected: null,
  };
}
