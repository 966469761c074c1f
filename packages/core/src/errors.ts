/**
 * Typed errors of snn-opt. Every error raised for a caller's mistake is a
 * {@link SnnOptError} with a stable `code`, the argument it concerns, the
 * offending index (when there is one), what was expected and what arrived.
 */

/** Stable identifiers of every input error snn-opt raises. */
export const ERROR_CODES = {
  dimension_mismatch: 'an array does not have the length its problem dimensions require',
  non_finite_value: 'a value that must be finite is NaN or ±Infinity',
  not_symmetric: 'the Hessian A is not symmetric',
  not_positive_semidefinite: 'the Hessian A has negative curvature',
  inverted_row_bounds: 'a row has lo > hi',
  inverted_variable_bounds: 'a variable has lower > upper',
  infeasible_zero_row: 'a row with all-zero coefficients whose bounds exclude 0',
  empty_problem: 'the problem has no variables',
  invalid_option: 'a solver option is out of its range or of the wrong type',
  invalid_argument: 'an argument has the wrong type or shape',
  parse_error: 'a problem file could not be read',
  unsupported_feature: 'a problem file uses a feature snn-opt does not support',
  backend_unavailable: 'the requested backend cannot be loaded',
} as const;

/** A stable error id; see {@link ERROR_CODES} for what each one means. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Details attached to an {@link SnnOptError}. */
export interface ErrorDetails {
  /** Name of the argument or field at fault, e.g. `"A"`, `"lo"`, `"options.k0Scale"`. */
  argument?: string;
  /** Index of the offending entry (row-major flat index, or row/variable index). */
  index?: number;
  /** Row and column of the offending entry of a matrix, when it has two indices. */
  position?: readonly [number, number];
  /** What the argument should have been. */
  expected?: string;
  /** What arrived instead, rendered as text. */
  received?: string;
  /** Source line of a problem file, for parse errors. */
  line?: number;
}

/** The one error class snn-opt throws for bad input; `code` is stable across releases. */
export class SnnOptError extends Error implements ErrorDetails {
  readonly code: ErrorCode;
  readonly argument?: string;
  readonly index?: number;
  readonly position?: readonly [number, number];
  readonly expected?: string;
  readonly received?: string;
  readonly line?: number;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'SnnOptError';
    this.code = code;
    Object.assign(this, details);
  }

  /** A plain object for JSON output (no stack). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      argument: this.argument,
      index: this.index,
      position: this.position,
      expected: this.expected,
      received: this.received,
      line: this.line,
    };
  }
}

/** Renders a value for an error message: numbers keep their sign and NaN/Infinity stay readable. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  return typeof value;
}

/** True for errors raised by snn-opt for a caller's mistake (as opposed to bugs). */
export function isSnnOptError(error: unknown): error is SnnOptError {
  return error instanceof SnnOptError;
}
