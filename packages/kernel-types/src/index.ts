/**
 * The interfaces between snn-opt's host (@snn-opt/core) and its dynamics
 * backends (@snn-opt/native, @snn-opt/wasm, and core's own TypeScript
 * reference kernel): DESIGN §5's chunked interface. Core loads the backend
 * packages, so they cannot import core; all three import these declarations
 * instead. Types only: the compiled module is empty.
 */

/** The problem fields the dynamics read (a subset of core's `QPProblem`). All matrices row-major. */
export interface KernelProblem {
  /** Number of variables. */
  readonly n: number;
  /** Number of rows of C. */
  readonly m: number;
  /** Hessian, n×n. */
  readonly A: Float64Array;
  /** Linear term, length n. */
  readonly b: Float64Array;
  /** Constraint matrix, m×n. */
  readonly C: Float64Array;
  /** Row lower bounds, length m (−Infinity for none). */
  readonly lo: Float64Array;
  /** Row upper bounds, length m (+Infinity for none). */
  readonly hi: Float64Array;
  /** Variable lower bounds, length n (−Infinity for none). */
  readonly lower: Float64Array;
  /** Variable upper bounds, length n (+Infinity for none). */
  readonly upper: Float64Array;
}

/**
 * The fixed data of the dynamics, computed once per problem (core's `prepareKernelSetup`).
 * A kernel may read its arrays in place (the TypeScript and native kernels read
 * A, C, Cᵀ and the Gram matrix without copying them): they must not change or
 * be detached while a kernel made from the setup is in use.
 */
export interface KernelSetup {
  readonly problem: KernelProblem;
  /** Drift step. */
  readonly k0: number;
  /** Gram matrix CCᵀ, m×m row-major. */
  readonly gram: Float64Array;
  /**
   * Cᵀ, n×m row-major (row j = column j of C), for contiguous lateral updates
   * of bound spikes. Built by prepareKernelSetup; a kernel that needs it builds
   * it from C when a setup lacks it.
   */
  readonly CT?: Float64Array;
  /** Row norms ‖c_i‖. */
  readonly norms: Float64Array;
  /** Squared row norms. */
  readonly normsSq: Float64Array;
  /** Geometric distance under which a facet counts as satisfied in a sweep. */
  readonly constraintTol: number;
  /** Safety cap on spikes within one sweep. */
  readonly maxSpikesPerSweep: number;
  /** Length of the objective window kept for the stopping policy. */
  readonly windowSize: number;
}

/** Why a chunk of the dynamics returned. */
export type AdvanceStatus =
  /** The requested iterations ran; the host may check and continue. */
  | 'running'
  /** A sweep hit its spike cap and a facet was still violated on a fresh recheck. */
  | 'projection_budget_exhausted'
  /**
   * The objective at the start of an iteration was not finite (NaN or ±Infinity):
   * the iterates have overflowed. Checked once per iteration, before the drift.
   */
  | 'diverged';

/**
 * Receives each spike: the iteration (1-based), its ordinal within the sweep
 * (0-based), the candidate id, the side (+1 upper, −1 lower) and the
 * correction norm (the distance x moved).
 */
export type SpikeObserver = (
  iteration: number,
  ordinal: number,
  candidate: number,
  side: number,
  correction: number,
) => void;

/**
 * A backend of the dynamics behind the chunked interface of DESIGN §5: the
 * host resets it with a start point, advances it to the next checkpoint,
 * reads the point and the objective window, and decides whether to go on.
 */
export interface DynamicsKernel {
  /** Current point (a view owned by the kernel; copy before keeping). */
  readonly x: Float64Array;
  /** Outer iterations done since the last reset. */
  readonly iteration: number;
  /** Spikes fired since the last reset. */
  readonly spikes: number;
  /** Spikes per candidate id since the last reset. */
  readonly spikeCounts: Uint32Array;
  /** Starts a new run from x0 (copied). */
  reset(x0: Float64Array): void;
  /** Runs up to `iterations` outer iterations. `observer` receives every spike. */
  advance(iterations: number, observer?: SpikeObserver | null): AdvanceStatus;
  /**
   * The objective values (without constant) of the most recent iterates, oldest
   * first; at most windowSize values. The value for iteration k is that of the
   * point iteration k started from.
   */
  objectiveWindow(): Float64Array;
}

/** What a compiled kernel's built-in observer accumulates besides the spike digest (constant memory). */
export interface ObserverStats {
  /** Spikes seen since the last reset. */
  spikes: number;
  /** Sum of the correction norms, in spike order. */
  totalCorrection: number;
  /** Candidate id of the first spike since the last reset, −1 if none. */
  firstCandidate: number;
  /** Candidate id of the latest spike, −1 if none. */
  lastCandidate: number;
}
