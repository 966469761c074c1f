import { computeCertificate } from '../certificate/kkt.js';
import type { KktCertificate } from '../certificate/types.js';
import type { QPProblem } from '../problem/types.js';
import { type Feasibility, measureFeasibility } from './feasibility.js';
import type { ResolvedOptions } from './options.js';

/** What one checkpoint of the stopping policy found (DESIGN §2, step 3). */
export interface CheckpointVerdict {
  /** Whether the point passed every stage: feasibility gate, plateau, certificate. */
  passed: boolean;
  feasibility: Feasibility;
  /** Whether the objective window is flat; false when the gate failed first. */
  plateau: boolean;
  /** The certificate, or null when an earlier stage failed (it is not evaluated then). */
  certificate: KktCertificate | null;
}

/** Spread of the objective window: flat when max − min ≤ plateauRelTol·|last| + plateauAbsTol. */
export function isPlateau(
  window: Float64Array,
  options: Pick<ResolvedOptions, 'windowSize' | 'plateauRelTol' | 'plateauAbsTol'>,
): boolean {
  if (window.length < options.windowSize) return false;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const f of window) {
    if (!Number.isFinite(f)) return false;
    if (f < lo) lo = f;
    if (f > hi) hi = f;
  }
  const last = window[window.length - 1];
  return hi - lo <= options.plateauRelTol * Math.abs(last) + options.plateauAbsTol;
}

/**
 * One checkpoint: the feasibility gate (a fresh joint distance ≤ feasibilityTol),
 * then the cheap plateau test, then the KKT certificate. Each stage runs only
 * when the previous one passed.
 */
export function evaluateCheckpoint(
  problem: QPProblem,
  x: Float64Array,
  norms: Float64Array,
  window: Float64Array,
  options: ResolvedOptions,
): CheckpointVerdict {
  const feasibility = measureFeasibility(problem, x, norms);
  if (!(feasibility.jointDistance <= options.feasibilityTol)) {
    return { passed: false, feasibility, plateau: false, certificate: null };
  }
  if (!isPlateau(window, options))
    return { passed: false, feasibility, plateau: false, certificate: null };
  const certificate = computeCertificate(problem, x, options, norms);
  return { passed: certificate.status === 'passed', feasibility, plateau: true, certificate };
}
