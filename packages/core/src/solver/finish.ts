import { computeCertificate } from '../certificate/kkt.js';
import type { KktCertificate } from '../certificate/types.js';
import type { Facet } from '../polish/facets.js';
import type { HessianFactorCache } from '../polish/factor-cache.js';
import { type PolishOptions, type PolishOutcome, polish } from '../polish/polish.js';
import type { QPProblem } from '../problem/types.js';
import { diagnose } from '../verdicts/detect.js';
import type { InfeasibilityCertificate, UnboundedCertificate } from '../verdicts/types.js';
import { type Feasibility, measureFeasibility } from './feasibility.js';
import type { ResolvedOptions } from './options.js';
import type { PolishReport, SolveStatus } from './result.js';

/** Where the dynamics left the solve. */
export interface DynamicsEnd {
  status: SolveStatus;
  message: string;
  /** The dynamics' final point, in the original variables. */
  x: Float64Array;
  /** Certificate of the last passing checkpoint when status is `optimal`. */
  certificate: KktCertificate | null;
  spikeCounts: Uint32Array;
  /** Displacement of the iterates between the last two checkpoints (a drift-direction hint). */
  drift: Float64Array | null;
  /** The last checkpoint's point (finite), for a diverged run. */
  lastFinite: Float64Array | null;
  /** An accepted polish during the dynamics (early polish, warm start), which ended them early. */
  polished: PolishOutcome | null;
}

/** The solve's outcome after the certificate, polish and verdicts. */
export interface FinishedSolve {
  status: SolveStatus;
  message: string;
  x: Float64Array;
  feasibility: Feasibility;
  kkt: KktCertificate;
  polish: PolishReport | null;
  infeasibility?: InfeasibilityCertificate;
  unboundedness?: UnboundedCertificate;
  /** The accepted polish's independent working set (PolishOutcome.selected); null without one. */
  selected: readonly Facet[] | null;
}

/** A certificate that was never evaluated, with the reason. */
export function notEvaluated(reason: string, size: number): KktCertificate {
  return {
    status: 'not_evaluated',
    reason,
    stationarity: Number.NaN,
    complementarity: Number.NaN,
    residual: Number.NaN,
    scale: Number.NaN,
    relative: Number.NaN,
    multipliers: new Float64Array(size),
  };
}

function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/** The dynamics' own verdict: the certificate at its final point, when it is feasible. */
function certifyDynamics(
  problem: QPProblem,
  end: DynamicsEnd,
  norms: Float64Array,
  opts: ResolvedOptions,
) {
  const size = problem.m + 2 * problem.n;
  const feasibility = measureFeasibility(problem, end.x, norms);
  let { status, message } = end;
  let kkt = end.certificate;
  if (status !== 'optimal' || kkt === null) {
    kkt =
      feasibility.jointDistance <= opts.feasibilityTol
        ? computeCertificate(problem, end.x, opts, norms)
        : notEvaluated(`x is not feasible (joint distance ${feasibility.jointDistance})`, size);
    if (status === 'max_iterations' && kkt.status === 'passed') {
      status = 'optimal';
      message =
        'the iteration budget ran out, but the final point is feasible and its KKT certificate passed';
    }
  }
  return { status, message, feasibility, kkt };
}

/** Equality-constrained solves an early polish may spend (the dynamics go on if it fails). */
export const CHECKPOINT_POLISH_STEPS = 25;

/**
 * Equality-constrained solves the final polish may spend: enough for the
 * active set to change twice per row and variable, 25 at the least. Each is a
 * dense O(n³) solve, so on a large problem a failing final polish is slow.
 */
export function finalPolishSteps(problem: QPProblem): number {
  return Math.max(CHECKPOINT_POLISH_STEPS, 2 * (problem.m + problem.n));
}

/** The polish's options from the solve's: its tolerances, with the certificate's tight relative one. */
export function polishOptions(
  opts: ResolvedOptions,
  maxActiveSetSteps: number = CHECKPOINT_POLISH_STEPS,
  factors?: HessianFactorCache,
): PolishOptions {
  return {
    maxActiveSetSteps,
    feasibilityTol: opts.feasibilityTol,
    kktRelTol: Math.min(opts.polishKktRelTol, opts.kktRelTol),
    kktAbsTol: opts.kktAbsTol,
    factors,
  };
}

/** Polish at x with the solve's tolerances (the certificate's tight relative tolerance). */
export function polishPoint(
  problem: QPProblem,
  x: Float64Array,
  spikeCounts: Uint32Array,
  kkt: KktCertificate | null,
  norms: Float64Array,
  opts: ResolvedOptions,
  maxActiveSetSteps: number = CHECKPOINT_POLISH_STEPS,
  factors?: HessianFactorCache,
): PolishOutcome {
  const multipliers = kkt && kkt.status !== 'not_evaluated' ? kkt.multipliers : undefined;
  return polish(
    problem,
    x,
    { spikeCounts, multipliers, norms },
    polishOptions(opts, maxActiveSetSteps, factors),
  );
}

function polishReport(outcome: PolishOutcome): PolishReport {
  return {
    status: outcome.status,
    reason: outcome.reason,
    steps: outcome.steps,
    activeSet: outcome.activeSet,
  };
}

/**
 * After the dynamics stop: certify their point, polish it (DESIGN §4) and,
 * when no optimum was certified, look for an infeasibility or unboundedness
 * certificate. Every status claimed here was checked from the problem data.
 */
export function finishSolve(
  problem: QPProblem,
  end: DynamicsEnd,
  norms: Float64Array,
  opts: ResolvedOptions,
  factors?: HessianFactorCache,
): FinishedSolve {
  if (end.polished?.status === 'accepted' && end.polished.certificate) {
    return {
      status: 'optimal',
      message: end.message,
      x: end.polished.x,
      feasibility: end.polished.feasibility,
      kkt: end.polished.certificate,
      polish: polishReport(end.polished),
      selected: end.polished.selected,
    };
  }
  const own = certifyDynamics(problem, end, norms, opts);
  let finished: FinishedSolve = { ...own, x: end.x, polish: null, selected: null };
  if (opts.polish && allFinite(end.x)) {
    const outcome = polishPoint(
      problem,
      end.x,
      end.spikeCounts,
      own.kkt,
      norms,
      opts,
      finalPolishSteps(problem),
      factors,
    );
    finished.polish = polishReport(outcome);
    if (outcome.status === 'accepted' && outcome.certificate) {
      finished = {
        ...finished,
        status: 'optimal',
        message:
          own.status === 'optimal' && end.status === 'optimal'
            ? 'the dynamics converged and polish found the exact optimum on their active set (certificate passed)'
            : own.status === 'optimal'
              ? `the dynamics ended with ${end.status} at a point whose certificate passed; polish found the exact optimum on the spikes' active set (certificate passed)`
              : `the dynamics ended with ${own.status}; polish found an optimum on the spikes' active set and its certificate passed`,
        x: outcome.x,
        feasibility: outcome.feasibility,
        kkt: outcome.certificate,
        selected: outcome.selected,
      };
    }
  }
  if (finished.status === 'optimal') return finished;
  const point = allFinite(end.x) ? end.x : (end.lastFinite ?? end.x);
  const verdict = diagnose(problem, point, norms, {
    status:
      finished.status === 'max_iterations' ||
      finished.status === 'diverged' ||
      finished.status === 'projection_budget_exhausted'
        ? finished.status
        : 'max_iterations',
    trajectoryHint: end.drift ?? undefined,
    feasibilityTol: opts.feasibilityTol,
  });
  if (verdict?.verdict === 'infeasible') {
    return {
      ...finished,
      status: 'infeasible',
      message: 'no point satisfies every row and bound: a Farkas certificate was found and checked',
      infeasibility: verdict.certificate,
    };
  }
  if (verdict?.verdict === 'unbounded') {
    // x is the feasible point the checked ray starts from, not the dynamics' last iterate.
    const start = verdict.certificate.point;
    return {
      ...finished,
      status: 'unbounded',
      message:
        'the objective decreases without bound along a feasible ray from x: a recession direction was found and checked',
      x: start,
      feasibility: measureFeasibility(problem, start, norms),
      kkt: notEvaluated(
        'the problem is unbounded: no optimum to certify',
        problem.m + 2 * problem.n,
      ),
      unboundedness: verdict.certificate,
    };
  }
  return finished;
}
