/**
 * The kernel interfaces of @snn-opt/core (packages/core/src/dynamics/kernel.ts
 * and sweep.ts), declared here by shape instead of imported: core loads this
 * package, so importing core back would make a dependency cycle. A core
 * `KernelSetup` is accepted as it is, and every kernel this package creates
 * is a core `DynamicsKernel`. Keep these in step with core when either changes.
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

/** The fixed data of the dynamics (core's `KernelSetup`, from `prepareKernelSetup`). */
export interface KernelSetup {
  readonly problem: KernelProblem;
  /** Drift step. */
  readonly k0: number;
  /** Gram matrix CCᵀ, m×m row-major. */
  readonly gram: Float64Array;
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
export type AdvanceStatus = 'running' | 'projection_budget_exhausted' | 'diverged';

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

/** A backend of the dynamics behind the chunked interface (core's `DynamicsKernel`). */
export interface DynamicsKernel {
  /** Current point (owned by the kernel; copy before keeping). */
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
  /** The objective values of the most recent iterates, oldest first; at most windowSize values. */
  objectiveWindow(): Float64Array;
}

/** What the kernel's observer accumulates besides the digest (constant memory). */
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

/** The WebAssembly kernel: core's `DynamicsKernel` plus the spike digest and explicit release. */
export interface WasmDynamicsKernel extends DynamicsKernel {
  /**
   * FNV-1a 64 of the spike stream since the last reset, over the 32-bit words
   * (iteration, ordinal, candidate) of each spike, each fed as 4 little-endian
   * bytes (kernels/README.md). Equal to core's `createDigestObserver()` fed
   * the same run.
   */
  digest(): bigint;
  /** The digest as 16 lowercase hex digits. */
  digestHex(): string;
  /** Spike count, total correction and first/last candidate since the last reset. */
  observerStats(): ObserverStats;
  /**
   * Frees the kernel's WebAssembly memory now. Afterwards `x`, `spikeCounts`,
   * `iteration` and `spikes` keep their last values and every other method
   * throws. Calling it again does nothing. A kernel that is never disposed is
   * freed after it is garbage-collected.
   */
  dispose(): void;
  /** True once {@link dispose} has run. */
  readonly disposed: boolean;
}

/** Tuning of a WebAssembly kernel; the defaults suit every use. */
export interface WasmKernelOptions {
  /**
   * Initial size (events) of the buffer that carries spikes to an observer.
   * Default: the most one iteration can fire (the sweep cap, or n for a
   * box-only problem), between 1024 and 65536. It grows when one iteration
   * needs more. Range: integer in [1, 2²⁴].
   */
  eventCapacity?: number;
}

/** The loaded WebAssembly backend, in the shape core's backend registry expects. */
export interface WasmBackend {
  readonly name: 'wasm';
  /** Creates a kernel for the setup core's `prepareKernelSetup` computed. */
  createKernel(setup: KernelSetup, options?: WasmKernelOptions): WasmDynamicsKernel;
  /** Bytes of WebAssembly memory the module currently holds (it grows, never shrinks). */
  memoryBytes(): number;
}
