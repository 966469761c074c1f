import { loadBackend, resolveLoadedBackend } from '../backends/registry.js';
import type { KernelBackend } from '../backends/types.js';
import { objectiveValue } from '../certificate/objective.js';
import type { KktCertificate } from '../certificate/types.js';
import type { DynamicsKernel, KernelSetup } from '../dynamics/kernel.js';
import { chooseK0, PSD_REL_TOL, prepareKernelSetup } from '../dynamics/setup.js';
import type { SpikeObserver } from '../dynamics/sweep.js';
import { SnnOptError } from '../errors.js';
import { BULK_MAX_ROUNDS } from '../polish/bulk.js';
import type { Facet } from '../polish/facets.js';
import { HessianFactorCache } from '../polish/factor-cache.js';
import { type HotStartMemory, hotStart } from '../polish/hot-start.js';
import type { PolishOutcome } from '../polish/polish.js';
import { toVector } from '../problem/convert.js';
import { describeCandidate, rowNorms } from '../problem/facets.js';
import { normalizeProblem, type VectorChanges, withVectors } from '../problem/normalize.js';
import type { ProblemInput, QPProblem, VectorInput } from '../problem/types.js';
import { scaleVectors } from '../scaling/apply.js';
import { chooseScaling, type Equilibration } from '../scaling/choose.js';
import { measureFeasibility } from './feasibility.js';
import {
  CHECKPOINT_POLISH_STEPS,
  type DynamicsEnd,
  finishSolve,
  polishOptions,
  polishPoint,
} from './finish.js';
import { FiringWindow } from './firing.js';
import { type ResolvedOptions, resolveOptions, type SolverOptions } from './options.js';
import { evaluateCheckpoint } from './policy.js';
import type { SolveResultData, SolveStatus, SpikeEvent } from './result.js';
import { Solution } from './solution.js';

/** Iteration count at which the next checkpoint falls. */
function nextCheckpoint(iteration: number, options: ResolvedOptions): number {
  const next = Math.max(
    options.minIterations,
    (Math.floor(iteration / options.checkEvery) + 1) * options.checkEvery,
  );
  const aligned = Math.ceil(next / options.checkEvery) * options.checkEvery;
  return Math.min(aligned, options.maxIterations);
}

/** Iteration count of the next early-polish attempt (a multiple of polishEvery). */
function nextPolishPoint(iteration: number, options: ResolvedOptions): number {
  const next = (Math.floor(iteration / options.polishEvery) + 1) * options.polishEvery;
  return Math.min(next, options.maxIterations);
}

/** What one solve's dynamics (or a warm start that held) hand to finishSolve and the result. */
interface DynamicsRun extends DynamicsEnd {
  iterations: number;
  spikes: number;
  dynamicsMs: number;
  checkpointMs: number;
  events: SpikeEvent[] | undefined;
  trajectory: Float64Array[] | undefined;
}

/**
 * A spiking QP solver bound to one problem. The setup work (validation,
 * λmax and k0, the Gram matrix, row norms) is done once in the constructor;
 * `solve(x0)` can then be called many times, e.g. warm-started from the
 * previous solution in a receding-horizon loop.
 */
export class SnnSolver {
  /**
   * The validated problem, to read: the setup, the kernel and the hot start's
   * kept factors and facets were built from these arrays, so editing them in
   * place gives answers to a problem nobody checked. Change b and the bounds
   * with `update`; a new A or C needs a new solver.
   */
  get problem(): QPProblem {
    return this.current;
  }
  private current: QPProblem;
  /** The resolved options. */
  readonly options: ResolvedOptions;
  /** Drift step in use. */
  k0: number;
  /** λmax(A) (0 for an LP). */
  readonly lambdaMax: number;
  /** The equilibration the dynamics run under (identity when `scaling` is off). */
  scaling: Equilibration;
  /** Row norms of the original problem. */
  private readonly norms: Float64Array;
  /** The dynamics of the current setup (null after `update` until a solve needs them). */
  private kernel: DynamicsKernel | null;
  private setup: KernelSetup;
  private readonly backendImpl: KernelBackend;
  /** Spike counts of the previous solve, the active-set hint of a warm start. */
  private previousSpikes: Uint32Array | null = null;
  /** The working set of the previous solve's accepted polish, tried first by a warm start (hot-start.ts). */
  private held: readonly Facet[] | null = null;
  /** The factored KKT system of the working set the last hot start tried (hot-start.ts). */
  private readonly hotMemory: HotStartMemory = { system: null, facets: null };
  private readonly setupMs: number;
  /** Hessian factors reused between polishes (A never changes for this solver). */
  private readonly factors = new HessianFactorCache();

  /** Backend that runs the dynamics. */
  readonly backend: KernelBackend['name'];

  /**
   * Validates the problem and does the setup. Synchronous: the backend must
   * be `js`, `auto` (best backend loaded so far) or one already loaded with
   * `loadBackend`; use {@link SnnSolver.create} to load it on the way.
   */
  constructor(problem: ProblemInput, options: SolverOptions = {}, backend?: KernelBackend) {
    const start = performance.now();
    this.options = resolveOptions(options);
    const chosen = backend ?? resolveLoadedBackend(this.options.backend);
    this.current = normalizeProblem(problem);
    this.scaling = chooseScaling(this.problem, this.options.scaling, this.options.k0);
    let setup: ReturnType<typeof prepareKernelSetup>;
    try {
      setup = prepareKernelSetup(this.scaling.scaled, this.options);
    } catch (error) {
      // With scaling the convexity test ran on the equilibrated A, DAD: say so, since its
      // eigenvalues are not A's. DAD has negative curvature exactly when A has (a
      // congruence), but the test's tolerance is relative to the largest eigenvalue, so a
      // negative curvature that is small against λmax(A) (diag(1, −1e-12)) can be refused
      // here and pass unscaled. The stricter verdict stands.
      const refused = error instanceof SnnOptError && error.code === 'not_positive_semidefinite';
      if (!refused || this.scaling.scaled === this.problem) throw error;
      throw new SnnOptError(
        'not_positive_semidefinite',
        `${error.message}. The test ran on the equilibrated A (scaling rescales each variable by a power of two, so these are not A's own eigenvalues): A has negative curvature that is not small against the scale of the variables it involves. With scaling: false the test runs on A as written, against ${PSD_REL_TOL}·λmax(A)`,
        { argument: error.argument, expected: error.expected, received: error.received },
      );
    }
    this.k0 = setup.k0;
    this.lambdaMax = setup.spectrum.lambdaMax;
    this.norms =
      this.scaling.scaled !== this.problem
        ? rowNorms(this.problem.C, this.problem.m, this.problem.n)
        : setup.norms;
    this.setup = setup;
    // The factorisation that proved A positive definite serves the polish (which works on
    // the problem as written, so only when the dynamics run on it unscaled).
    if (setup.spectrum.factor && this.scaling.scaled === this.problem)
      this.factors.setFull(this.problem.A, setup.spectrum.factor);
    // From here on the cache holds it; a factor of a scaled A is of no use to the polish.
    // Either way the setup need not keep its n² entries.
    delete setup.spectrum.factor;
    this.backendImpl = chosen;
    this.kernel = chosen.createKernel(setup);
    this.backend = chosen.name;
    this.setupMs = performance.now() - start;
  }

  /** Loads the requested backend if needed, then constructs the solver. */
  static async create(problem: ProblemInput, options: SolverOptions = {}): Promise<SnnSolver> {
    const resolved = resolveOptions(options);
    const backend = await loadBackend(resolved.backend);
    return new SnnSolver(problem, options, backend);
  }

  /**
   * Replaces the linear term b and keeps the rest of the setup (λmax, Gram
   * matrix, norms, equilibration): the receding-horizon case, where only b
   * moves from one solve to the next. Throws like the constructor on a bad b.
   * The equilibration is not recomputed: after a large change of b's scale,
   * build a new solver for the best-conditioned dynamics.
   */
  setLinearTerm(b: VectorInput): void {
    this.update({ b });
  }

  /**
   * Replaces any of b, the row bounds and the variable bounds, keeping what
   * depends only on A and C (λmax, k0 for a QP, the Gram matrix, norms and
   * the equilibration's factors). For receding-horizon control, where the
   * measured state moves b and the bounds between solves. The new data are
   * validated like the constructor's (a typed error names what is wrong) and
   * nothing changes when they are rejected. A field that is absent, null or
   * undefined keeps its current value (unlike the constructor, where a
   * missing lo or hi means −∞ or +∞): pass the infinities to remove a bound.
   */
  update(changes: VectorChanges): void {
    const next = withVectors(this.problem, changes);
    const { colScale, rowScale, costScale } = this.scaling;
    // A and C do not change: without scaling the dynamics run on the new problem itself,
    // with it they keep the scaled A and C and only the vectors are scaled.
    const previous = this.scaling.scaled;
    const scaled =
      previous === this.problem
        ? next
        : scaleVectors(next, colScale, rowScale, costScale, previous);
    this.current = next;
    this.scaling = { ...this.scaling, scaled };
    this.k0 = chooseK0(this.options, this.lambdaMax, scaled.b);
    this.setup = { ...this.setup, problem: scaled, k0: this.k0 };
    (this.kernel as { dispose?: () => void } | null)?.dispose?.();
    this.kernel = null;
  }

  /** Runs the dynamics from x0 (default: the origin) under the stopping policy. */
  solve(x0?: VectorInput | null): Solution {
    const { n, m } = this.problem;
    const start = performance.now();
    const x0v = x0 == null ? new Float64Array(n) : toVector('x0', x0, n, 'finite');
    const opts = this.options;
    // A warm start carries the previous solve's active set: try it before any dynamics,
    // first the working set itself (a hot start), then polish from x0 with its spikes as hints.
    let warmMs = 0;
    let warm: PolishOutcome | null = null;
    let hot = false;
    let triedHot = false;
    if (x0 != null && opts.polish && opts.polishAtCheckpoints) {
      const t = performance.now();
      if (this.held) {
        const options = polishOptions(opts, CHECKPOINT_POLISH_STEPS, this.factors);
        warm = hotStart(this.problem, this.held, x0v, this.norms, options, this.hotMemory);
        triedHot = true;
        hot = warm !== null;
      }
      if (warm === null && this.previousSpikes) {
        const attempt = polishPoint(
          this.problem,
          x0v,
          this.previousSpikes,
          null,
          this.norms,
          opts,
          CHECKPOINT_POLISH_STEPS,
          this.factors,
        );
        if (attempt.status === 'accepted') warm = attempt;
      }
      warmMs = performance.now() - t;
    }
    const run = warm ? this.heldWarmStart(x0v, warm, hot, triedHot) : this.runDynamics(x0v, start);
    const t2 = performance.now();
    const end = finishSolve(this.problem, run, this.norms, opts, this.factors);
    const checkpointMs = warmMs + run.checkpointMs + (performance.now() - t2);
    // Only a certified solve's firing facets are a useful warm-start hint.
    if (end.status === 'optimal' && (run.spikes > 0 || !this.previousSpikes))
      this.previousSpikes = run.spikeCounts;
    this.held = end.status === 'optimal' ? end.selected : null;
    const data: SolveResultData = {
      status: end.status,
      message: end.message,
      x: end.x,
      objective: objectiveValue(this.problem, end.x),
      iterations: run.iterations,
      spikes: run.spikes,
      spikeCounts: run.spikeCounts,
      feasibility: end.feasibility,
      kkt: end.kkt,
      polish: end.polish,
      infeasibility: end.infeasibility,
      unboundedness: end.unboundedness,
      k0: this.k0,
      lambdaMax: this.lambdaMax,
      backend: this.backend,
      timings: {
        setupMs: this.setupMs,
        dynamicsMs: run.dynamicsMs,
        checkpointMs,
        solveMs: performance.now() - start,
      },
      trajectory: run.trajectory,
      spikeEvents: run.events,
      size: { n, m },
    };
    return new Solution(data);
  }

  /** The kernel of the current setup, created when first needed (after `update`, by the next solve that runs the dynamics). */
  private dynamics(): DynamicsKernel {
    this.kernel ??= this.backendImpl.createKernel(this.setup);
    return this.kernel;
  }

  /**
   * The run of a solve whose warm start held, so no iteration ran and x0 is the
   * dynamics' point: a hot start (`hot`, whose reason says whether the previous
   * working set held or was corrected), or polish from x0 starting from the
   * facets tight there and those that fired when the dynamics last ran (after a
   * hot start that gave no certified optimum when `triedHot`).
   */
  private heldWarmStart(
    x0: Float64Array,
    polished: PolishOutcome,
    hot: boolean,
    triedHot: boolean,
  ): DynamicsRun {
    const opts = this.options;
    const declined = triedHot
      ? 'the hot start from the previous working set gave no certified optimum; '
      : '';
    return {
      status: 'optimal',
      message: hot
        ? polished.reason
        : `${declined}polish from x0 (starting from the facets tight there and those that fired when the dynamics last ran) found the optimum: ${polished.reason}`,
      x: x0,
      certificate: null,
      spikeCounts: new Uint32Array(this.problem.m + 2 * this.problem.n),
      drift: null,
      lastFinite: null,
      polished,
      iterations: 0,
      spikes: 0,
      dynamicsMs: 0,
      checkpointMs: 0,
      events: opts.recordSpikes ? [] : undefined,
      trajectory: opts.recordTrajectory ? [x0.slice()] : undefined,
    };
  }

  /** The dynamics from x0 under the stopping policy, with the early polish at stable firing sets. */
  private runDynamics(x0: Float64Array, start: number): DynamicsRun {
    const opts = this.options;
    const kernel = this.dynamics();
    kernel.reset(this.scaling.toScaled(x0));
    const events: SpikeEvent[] | undefined = opts.recordSpikes ? [] : undefined;
    const trajectory: Float64Array[] | undefined = opts.recordTrajectory ? [x0.slice()] : undefined;
    const observer: SpikeObserver | null = events
      ? (iteration, ordinal, candidate, side, correction) => {
          const { kind, index } = describeCandidate(this.problem, candidate);
          events.push({
            iteration,
            ordinal,
            candidate,
            kind,
            index,
            side: side > 0 ? 'upper' : 'lower',
            correction,
          });
        }
      : null;

    let status: SolveStatus = 'max_iterations';
    let message = `the iteration budget (${opts.maxIterations}) ran out before the stopping policy was met`;
    let certificate: KktCertificate | null = null;
    let passes = 0;
    let dynamicsMs = 0;
    let checkpointMs = 0;
    let previous: Float64Array | null = null;
    let drift: Float64Array | null = null;
    const firing = new FiringWindow(kernel.spikeCounts.length);
    // While the firing set does not settle (many active facets keep trading spikes), polish
    // is also tried on what fired, at minIterations, then at twice the iteration of each try.
    let unsettledTry = Math.max(opts.minIterations, opts.polishEvery);
    let polished: PolishOutcome | null = null;
    const early = opts.polish && opts.polishAtCheckpoints;
    while (polished === null && kernel.iteration < opts.maxIterations) {
      let target = nextCheckpoint(kernel.iteration, opts);
      if (early) target = Math.min(target, nextPolishPoint(kernel.iteration, opts));
      const t0 = performance.now();
      const advance = trajectory
        ? this.advanceRecording(target, observer, trajectory)
        : kernel.advance(target - kernel.iteration, observer);
      dynamicsMs += performance.now() - t0;
      if (advance !== 'running') {
        status = advance;
        message =
          advance === 'diverged'
            ? `the objective overflowed at iteration ${kernel.iteration}: the iterates grew without bound (k0 too large, or an unbounded problem)`
            : `a sweep hit its cap of spikes at iteration ${kernel.iteration} and the point was still infeasible`;
        break;
      }
      const windowEnd = early && kernel.iteration % opts.polishEvery === 0;
      const stable = windowEnd && firing.update(kernel.spikeCounts);
      const unsettled = windowEnd && !stable && kernel.iteration >= unsettledTry;
      if (stable || unsettled) {
        if (unsettled) unsettledTry = 2 * kernel.iteration;
        const t3 = performance.now();
        // A try on an unsettled set gets the primal-dual phase's solves only (bulk.ts).
        const steps = stable ? CHECKPOINT_POLISH_STEPS : BULK_MAX_ROUNDS;
        const attempt = this.polishStableSet(kernel.spikeCounts, steps);
        checkpointMs += performance.now() - t3;
        if (attempt !== null) {
          polished = attempt;
          status = 'optimal';
          message =
            kernel.spikes === 0
              ? `no facet fired up to iteration ${kernel.iteration}; polish from there found the optimum and its certificate passed`
              : stable
                ? `the facets firing up to iteration ${kernel.iteration} were stable; polish on them found the optimum and its certificate passed`
                : `the facets firing up to iteration ${kernel.iteration} had not settled; polish on the ones that fired found the optimum and its certificate passed`;
          break;
        }
      }
      if (kernel.iteration < opts.minIterations || kernel.iteration % opts.checkEvery !== 0)
        continue;
      const t1 = performance.now();
      const current = this.scaling.fromScaled(kernel.x);
      if (previous) drift = current.map((v, k) => v - previous![k]);
      previous = current;
      // The window holds c·f̂ of the scaled problem; c is a power of two, so dividing is exact.
      const window = kernel.objectiveWindow().map((f) => f / this.scaling.costScale);
      const verdict = evaluateCheckpoint(this.problem, current, this.norms, window, opts);
      checkpointMs += performance.now() - t1;
      passes = verdict.passed ? passes + 1 : 0;
      certificate = verdict.certificate;
      opts.onCheckpoint?.({
        iteration: kernel.iteration,
        objective: objectiveValue(this.problem, current),
        maxViolation: verdict.feasibility.jointDistance,
        kktRelative: verdict.certificate ? verdict.certificate.relative : Number.NaN,
        spikes: kernel.spikes,
        elapsedMs: performance.now() - start,
        passed: verdict.passed,
        passes,
      });
      if (passes >= opts.patience) {
        status = 'optimal';
        message = `${passes} consecutive checkpoints passed feasibility, plateau and the KKT certificate`;
        break;
      }
    }
    return {
      status,
      message,
      x: this.scaling.fromScaled(kernel.x),
      certificate,
      spikeCounts: kernel.spikeCounts.slice(),
      drift,
      lastFinite: previous,
      polished,
      iterations: kernel.iteration,
      spikes: kernel.spikes,
      dynamicsMs,
      checkpointMs,
      events,
      trajectory,
    };
  }

  /**
   * The early polish on a stable firing set: the accepted outcome, or null
   * when the dynamics' point is not feasible yet or polish did not succeed.
   */
  private polishStableSet(
    spikeCounts: Uint32Array,
    steps: number = CHECKPOINT_POLISH_STEPS,
  ): PolishOutcome | null {
    const current = this.scaling.fromScaled(this.dynamics().x);
    const feasibility = measureFeasibility(this.problem, current, this.norms);
    if (!(feasibility.jointDistance <= this.options.feasibilityTol)) return null;
    const attempt = polishPoint(
      this.problem,
      current,
      spikeCounts.slice(),
      null,
      this.norms,
      this.options,
      steps,
      this.factors,
    );
    return attempt.status === 'accepted' ? attempt : null;
  }

  /** Advances one iteration at a time, keeping a copy of each iterate. */
  private advanceRecording(
    target: number,
    observer: SpikeObserver | null,
    trajectory: Float64Array[],
  ) {
    const kernel = this.dynamics();
    while (kernel.iteration < target) {
      const status = kernel.advance(1, observer);
      trajectory.push(this.scaling.fromScaled(kernel.x));
      if (status !== 'running') return status;
    }
    return 'running' as const;
  }
}
