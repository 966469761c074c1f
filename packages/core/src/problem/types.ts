import type { KernelProblem } from '@snn-opt/kernel-types';
/**
 * The problem of DESIGN §1, in the general two-sided form the solver works on:
 *
 *     minimise    ½ xᵀAx + bᵀx + constant
 *     subject to  lo_i ≤ c_iᵀx ≤ hi_i     i = 0..m−1   (±Infinity allowed, lo = hi is an equality)
 *                 lower_j ≤ x_j ≤ upper_j  j = 0..n−1   (±Infinity allowed)
 */

/** A dense matrix as accepted at the API boundary: rows of numbers, or row-major values. */
export type MatrixInput = ReadonlyArray<ArrayLike<number>> | Float64Array | ReadonlyArray<number>;

/** A vector as accepted at the API boundary. */
export type VectorInput = ArrayLike<number>;

/** A bound given once for every variable (scalar) or per variable. */
export type BoundInput = number | VectorInput | null | undefined;

/** The general problem as a caller writes it; dense, row-major when flat. */
export interface ProblemInput {
  /** Hessian A (n×n, symmetric positive semidefinite); omit or all zeros for an LP. */
  A?: MatrixInput | null;
  /** Linear term b (length n). */
  b: VectorInput;
  /** Constraint matrix C (m×n); omit for a box-only or unconstrained problem. */
  C?: MatrixInput | null;
  /** Row lower bounds lo (length m); −Infinity where a row has no lower side. Default all −Infinity. */
  lo?: VectorInput | null;
  /** Row upper bounds hi (length m); +Infinity where a row has no upper side. Default all +Infinity. */
  hi?: VectorInput | null;
  /** Variable lower bounds: scalar or length n; default −Infinity. */
  lower?: BoundInput;
  /** Variable upper bounds: scalar or length n; default +Infinity. */
  upper?: BoundInput;
  /** Constant added to the objective (e.g. from a QPS file's objective RHS). Default 0. */
  objectiveConstant?: number;
  /** Optional names for reports. */
  names?: ProblemNames;
}

/** Names carried from a problem file for reports. */
export interface ProblemNames {
  /** Problem name (NAME card of a QPS file). */
  problem?: string;
  /** One name per variable. */
  variables?: readonly string[];
  /** One name per row. */
  rows?: readonly string[];
}

/**
 * A validated problem in the solver's internal dense form: the fields the
 * dynamics read (`KernelProblem`: n, m, A symmetric, b, C, lo, hi, lower,
 * upper, all row-major) and those of the objective and reports. Arrays are
 * owned and never mutated.
 */
export interface QPProblem extends KernelProblem {
  /** Constant term of the objective. */
  readonly objectiveConstant: number;
  /** True when A is identically zero (an LP). */
  readonly isLinear: boolean;
  /** Names for reports, if known. */
  readonly names?: ProblemNames;
}
