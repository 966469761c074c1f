/**
 * The warmstart suite's steady-state loop: what a long-running receding-horizon
 * controller sees. One SnnSolver serves a sequence round after round (update,
 * then a warm solve from the previous solution), with quadprog solving the
 * same step right after it; the first half of the rounds warms the code up and
 * the medians are taken over the second half. The per-pass table of the suite
 * builds new solvers each pass, so its times include code that has run only a
 * few dozen times; this loop shows the cost once the JIT has settled.
 */
import { type QPProblem, SnnSolver, type SolverOptions } from '@snn-opt/core';
import { median, objectiveOf, relativeGap } from '../common.js';
import { quadprogSolver } from '../solvers.js';

export interface SteadyState {
  /** Rounds over the sequence; the medians use the last ⌈rounds/2⌉. */
  rounds: number;
  /** Warm solves the medians are taken over. */
  timedSolves: number;
  medianWarmSolveMs: number;
  medianUpdateMs: number;
  medianQuadprogSolveMs: number;
  medianQuadprogSetupMs: number;
  /** Median warm solve over median quadprog solve, both from this loop. */
  warmSolveOverQuadprog: number;
  /** Median of update + warm solve over median of quadprog's setup + solve, per step. */
  warmSetupPlusSolveOverQuadprog: number;
  /** Status counts of every warm solve in the loop. */
  statuses: Record<string, number>;
  /** Status counts of quadprog's solves of the same steps. */
  quadprogStatuses: Record<string, number>;
  /** Largest relative gap of a warm solve to the step's reference objective. */
  maxWarmGap: number;
}

/**
 * Runs `rounds` rounds over `problems` (which share A and C) with one solver.
 * `warmFrom` maps the previous solution to the next start (the MPC sequence
 * shifts it by one step); `references` are the steps' optimal objectives.
 */
export function steadyState(
  problems: QPProblem[],
  references: number[],
  coldStart: ArrayLike<number>,
  warmFrom: (previous: Float64Array) => ArrayLike<number>,
  options: SolverOptions,
  rounds: number,
): SteadyState {
  const same = (u: ArrayLike<number>, v: ArrayLike<number>) =>
    u.length === v.length && Array.prototype.every.call(u, (e: number, i: number) => e === v[i]);
  problems.forEach((p, k) => {
    if (!same(p.A, problems[0].A) || !same(p.C, problems[0].C))
      throw new Error(
        `steadyState: step ${k} has an A or C of its own; update() changes only b and the bounds`,
      );
  });
  const solver = new SnnSolver(problems[0], options);
  let x: Float64Array = solver.solve(coldStart).x;
  const firstTimed = Math.floor(rounds / 2);
  const solve: number[] = [];
  const update: number[] = [];
  const qpSolve: number[] = [];
  const qpSetup: number[] = [];
  const total: number[] = [];
  const qpTotal: number[] = [];
  const statuses: Record<string, number> = {};
  const quadprogStatuses: Record<string, number> = {};
  let maxWarmGap = 0;
  for (let round = 0; round < rounds; round++) {
    problems.forEach((p, k) => {
      if (round === 0 && k === 0) return; // the cold solve above
      const t = performance.now();
      solver.update({ b: p.b, lo: p.lo, hi: p.hi, lower: p.lower, upper: p.upper });
      const updateMs = performance.now() - t;
      const r = solver.solve(warmFrom(x));
      const qp = quadprogSolver.run(p);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      quadprogStatuses[qp.status] = (quadprogStatuses[qp.status] ?? 0) + 1;
      maxWarmGap = Math.max(maxWarmGap, relativeGap(objectiveOf(p, r.x), references[k]));
      x = r.x;
      if (round < firstTimed) return;
      solve.push(r.timings.solveMs);
      update.push(updateMs);
      qpSolve.push(qp.solveMs);
      qpSetup.push(qp.setupMs);
      total.push(updateMs + r.timings.solveMs);
      qpTotal.push(qp.setupMs + qp.solveMs);
    });
  }
  const medianWarmSolveMs = median(solve);
  const medianQuadprogSolveMs = median(qpSolve);
  return {
    rounds,
    timedSolves: solve.length,
    medianWarmSolveMs,
    medianUpdateMs: median(update),
    medianQuadprogSolveMs,
    medianQuadprogSetupMs: median(qpSetup),
    warmSolveOverQuadprog: medianWarmSolveMs / medianQuadprogSolveMs,
    warmSetupPlusSolveOverQuadprog: median(total) / median(qpTotal),
    statuses,
    quadprogStatuses,
    maxWarmGap,
  };
}
