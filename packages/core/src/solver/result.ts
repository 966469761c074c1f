import type { KktCertificate } from '../certificate/types.js';
import type { FacetKind, FacetSide } from '../problem/facets.js';
import type { InfeasibilityCertificate, UnboundedCertificate } from '../verdicts/types.js';
import type { Feasibility } from './feasibility.js';

/** How a solve ended. `optimal` is only ever reported when the KKT certificate passed at the returned point. */
export type SolveStatus =
  /** Feasible to feasibilityTol and the KKT certificate passed (DESIGN §3). */
  | 'optimal'
  /** The iteration budget ran out before the stopping policy was satisfied. */
  | 'max_iterations'
  /** A sweep hit its spike cap and the point was still infeasible on a fresh recheck. */
  | 'projection_budget_exhausted'
  /** The iterates stopped being finite (the drift overflowed). */
  | 'diverged'
  /** No point satisfies every row and bound; `infeasibility` holds a checked Farkas certificate. */
  | 'infeasible'
  /** The objective is unbounded below on the feasible set; `unboundedness` holds a checked ray. */
  | 'unbounded';

/** What polish did (DESIGN §4). */
export interface PolishReport {
  /** accepted: the polished point replaced the dynamics' point; rejected: it did not pass (see reason); skipped: nothing to do. */
  status: 'accepted' | 'rejected' | 'skipped';
  /** Why, in one sentence with the numbers. */
  reason: string;
  /** Equality-constrained KKT solves performed. */
  steps: number;
  /** The active set polish ended on. */
  activeSet: {
    rows: Array<{ index: number; side: 'upper' | 'lower' | 'equal' }>;
    lowerBounds: number[];
    upperBounds: number[];
  };
}

/** One spike: a projection event onto a facet. */
export interface SpikeEvent {
  /** Outer iteration (1-based) in which the spike fired. */
  iteration: number;
  /** Ordinal of the spike within its sweep (0-based). */
  ordinal: number;
  /** Candidate id (rows 0..m−1, lower bounds m..m+n−1, upper bounds m+n..m+2n−1). */
  candidate: number;
  /** Whether the facet is a row or a bound. */
  kind: FacetKind;
  /** Row index or variable index. */
  index: number;
  /** Which side of the facet x was put on. */
  side: FacetSide;
  /** Distance x moved (Euclidean norm of the correction). */
  correction: number;
}

/** Wall-clock times of a solve, in milliseconds. */
export interface SolveTimings {
  /** Problem setup (validation, λmax, Gram matrix), shared by every solve of one solver. */
  setupMs: number;
  /** Time spent advancing the dynamics. */
  dynamicsMs: number;
  /** Time spent in checkpoints (feasibility and KKT certificate). */
  checkpointMs: number;
  /** Whole solve call (excluding setup). */
  solveMs: number;
}

/** Everything a solve returns (DESIGN §6). */
export interface SolveResultData {
  status: SolveStatus;
  /** One sentence saying why the solve ended. */
  message: string;
  /** The point the solve ended at. */
  x: Float64Array;
  /** ½xᵀAx + bᵀx + constant at x. */
  objective: number;
  /** Outer iterations run. */
  iterations: number;
  /** Total spikes fired. */
  spikes: number;
  /** Spikes per candidate id (length m + 2n); the facets that keep firing are the active ones. */
  spikeCounts: Uint32Array;
  /** Joint feasibility of x, rows and bounds apart. */
  feasibility: Feasibility;
  /** KKT certificate at x (status `not_evaluated` when x was not feasible). */
  kkt: KktCertificate;
  /** What polish did, or null when polish was off. */
  polish: PolishReport | null;
  /** The checked Farkas certificate when status is `infeasible`. */
  infeasibility?: InfeasibilityCertificate;
  /** The checked recession ray when status is `unbounded`. */
  unboundedness?: UnboundedCertificate;
  /** Drift step used, for the problem the dynamics ran on (the equilibrated one when scaling was applied). */
  k0: number;
  /** λmax of the Hessian the dynamics ran on (equilibrated when scaling was applied; 0 for an LP). */
  lambdaMax: number;
  /** Backend that ran the dynamics. */
  backend: string;
  timings: SolveTimings;
  /** x after every iteration (x0 first), when `recordTrajectory` was set. */
  trajectory?: Float64Array[];
  /** Every spike, when `recordSpikes` was set. */
  spikeEvents?: SpikeEvent[];
  /** Problem size, for reports. */
  size: { n: number; m: number };
}
