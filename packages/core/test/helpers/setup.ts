import { ReferenceKernel } from '../../src/dynamics/kernel.js';
import { prepareKernelSetup } from '../../src/dynamics/setup.js';
import type { SweepState } from '../../src/dynamics/sweep.js';
import { normalizeProblem } from '../../src/problem/normalize.js';
import type { ProblemInput } from '../../src/problem/types.js';
import { resolveOptions, type SolverOptions } from '../../src/solver/options.js';

/** A sweep state over a problem, starting at x (activities already refreshed by the caller). */
export function sweepStateFor(
  input: ProblemInput,
  x: number[],
  options: SolverOptions = {},
): SweepState {
  const problem = normalizeProblem(input);
  const setup = prepareKernelSetup(problem, resolveOptions(options));
  return {
    n: problem.n,
    m: problem.m,
    C: problem.C,
    gram: setup.gram,
    norms: setup.norms,
    normsSq: setup.normsSq,
    lo: problem.lo,
    hi: problem.hi,
    lower: problem.lower,
    upper: problem.upper,
    x: Float64Array.from(x),
    r: new Float64Array(problem.m),
    spikeCounts: new Uint32Array(problem.m + 2 * problem.n),
    constraintTol: setup.constraintTol,
    maxSpikes: setup.maxSpikesPerSweep,
  };
}

/** A reference kernel over a problem. */
export function kernelFor(input: ProblemInput, options: SolverOptions = {}): ReferenceKernel {
  const problem = normalizeProblem(input);
  return new ReferenceKernel(prepareKernelSetup(problem, resolveOptions(options)));
}

/** Records spikes as [candidate, side] pairs. */
export function spikeLog(): {
  log: Array<[number, number]>;
  observer: (i: number, o: number, c: number, s: number) => void;
} {
  const log: Array<[number, number]> = [];
  return { log, observer: (_i, _o, c, s) => log.push([c, s]) };
}
