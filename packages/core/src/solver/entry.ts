import { counted } from '../counted.js';
import { badArgument, isArrayLike } from '../problem/convert.js';
import { fromLineageForm } from '../problem/lineage.js';
import type { BoundInput, MatrixInput, ProblemInput, VectorInput } from '../problem/types.js';
import { checkOptionNames, type SolverOptions } from './options.js';
import type { Solution } from './solution.js';
import { SnnSolver } from './solver.js';

/** Options of the lineage's entry point: the solver options plus scalar (or per-variable) box bounds. */
export interface LineageSolveOptions extends SolverOptions {
  /** Lower bound of every variable (or one per variable). Default −Infinity. */
  lowerBound?: BoundInput;
  /** Upper bound of every variable (or one per variable). Default +Infinity. */
  upperBound?: BoundInput;
}

/**
 * The research lineage's entry point:
 *
 *     minimise ½xᵀAx + bᵀx  subject to  Cx + d ≤ 0,  lowerBound ≤ x ≤ upperBound
 *
 * `C` may be null or empty for a box-only problem. Starts from x0 (default 0).
 */
export function solveQP(
  A: MatrixInput | null,
  b: VectorInput,
  C?: MatrixInput | null,
  d?: VectorInput | null,
  x0?: VectorInput | null,
  options: LineageSolveOptions = {},
): Solution {
  checkOptionNames(options ?? {}, true);
  const { lowerBound, upperBound, ...solverOptions } = options ?? {};
  const problem = fromLineageForm({ A, b, C, d, lower: lowerBound, upper: upperBound });
  // Options one slot early land in x0: say where they go (before the setup's work), rather
  // than only what x0 must be.
  if (x0 != null && typeof x0 === 'object' && !isArrayLike(x0) && isArrayLike(problem.b)) {
    badArgument(
      'x0',
      `an array of ${counted(problem.b.length, 'number')}`,
      x0,
      '; options go in the last argument (pass null for x0)',
    );
  }
  const solver = new SnnSolver(problem, solverOptions);
  return solver.solve(x0);
}

/**
 * The general entry point: a problem in the two-sided form of DESIGN §1
 * (`lo ≤ Cx ≤ hi`, `lower ≤ x ≤ upper`), solved from x0 (default 0).
 */
export function solve(
  problem: ProblemInput,
  options: SolverOptions = {},
  x0?: VectorInput | null,
): Solution {
  return new SnnSolver(problem, options).solve(x0);
}
