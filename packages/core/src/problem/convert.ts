import { counted } from '../counted.js';
import { describeValue, SnnOptError } from '../errors.js';
import type { BoundInput, MatrixInput, VectorInput } from './types.js';

/**
 * Conversion of boundary inputs into owned Float64Arrays, checking shapes and
 * values. Each failure is an SnnOptError naming the argument and the index.
 */

export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (value === null || value === undefined || typeof value === 'string') return false;
  if (ArrayBuffer.isView(value)) return true;
  return (
    Array.isArray(value) ||
    (typeof value === 'object' && typeof (value as { length?: unknown }).length === 'number')
  );
}

/** Throws `invalid_argument`; `hint` (e.g. "; options go in …") is appended to the message. */
export function badArgument(argument: string, expected: string, value: unknown, hint = ''): never {
  throw new SnnOptError(
    'invalid_argument',
    `${argument} must be ${expected}, received ${describeValue(value)}${hint}`,
    {
      argument,
      expected,
      received: describeValue(value),
    },
  );
}

/** Throws `dimension_mismatch`; `what` is the counted noun, singular and plural. */
function wrongLength(
  argument: string,
  expected: number,
  received: number,
  what: readonly [string, string] = ['entry', 'entries'],
): never {
  throw new SnnOptError(
    'dimension_mismatch',
    `${argument} must have ${counted(expected, ...what)}, received ${received}`,
    { argument, expected: counted(expected, ...what), received: counted(received, ...what) },
  );
}

/** Which values an entry may take. */
export type FiniteRule = 'finite' | 'not_nan' | 'not_nan_or_minus_inf' | 'not_nan_or_plus_inf';

function ruleExpectation(rule: FiniteRule): string {
  switch (rule) {
    case 'finite':
      return 'a finite number';
    case 'not_nan':
      return 'a number (±Infinity allowed)';
    case 'not_nan_or_minus_inf':
      return 'a number or +Infinity';
    case 'not_nan_or_plus_inf':
      return 'a number or -Infinity';
  }
}

/** True when v is a number that the rule admits (checkEntry would return it unchanged). */
function acceptable(v: unknown, rule: FiniteRule): v is number {
  return typeof v === 'number' && !breaksRule(v, rule);
}

function breaksRule(v: number, rule: FiniteRule): boolean {
  if (typeof v !== 'number' || Number.isNaN(v)) return true;
  switch (rule) {
    case 'finite':
      return !Number.isFinite(v);
    case 'not_nan':
      return false;
    case 'not_nan_or_minus_inf':
      return v === Number.NEGATIVE_INFINITY;
    case 'not_nan_or_plus_inf':
      return v === Number.POSITIVE_INFINITY;
  }
}

/** Checks one entry; `position` is given for matrix entries. */
export function checkEntry(
  argument: string,
  v: unknown,
  index: number,
  rule: FiniteRule,
  position?: readonly [number, number],
): number {
  if (typeof v !== 'number' || breaksRule(v, rule)) {
    const where = position ? `[${position[0]}][${position[1]}]` : `[${index}]`;
    throw new SnnOptError(
      'non_finite_value',
      `${argument}${where} must be ${ruleExpectation(rule)}, received ${describeValue(v)}`,
      {
        argument,
        index,
        position,
        expected: ruleExpectation(rule),
        received: describeValue(v),
      },
    );
  }
  return v;
}

/** Converts a vector of the given length. */
export function toVector(
  argument: string,
  value: VectorInput | null | undefined,
  length: number,
  rule: FiniteRule,
): Float64Array {
  if (!isArrayLike(value)) badArgument(argument, `an array of ${counted(length, 'number')}`, value);
  const v = value as ArrayLike<unknown>;
  if (v.length !== length) wrongLength(argument, length, v.length);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = checkEntry(argument, v[i], i, rule);
  return out;
}

/** Converts a vector whose length defines a dimension (e.g. b defines n). */
export function toVectorAnyLength(
  argument: string,
  value: VectorInput | null | undefined,
  rule: FiniteRule,
): Float64Array {
  if (!isArrayLike(value)) badArgument(argument, 'an array of numbers', value);
  return toVector(argument, value, (value as ArrayLike<unknown>).length, rule);
}

/**
 * Number of rows of a matrix input with `cols` columns: an array of rows, or
 * flat row-major values whose length is a multiple of `cols`.
 */
export function matrixRowCount(argument: string, value: MatrixInput, cols: number): number {
  if (!isArrayLike(value))
    badArgument(argument, 'a matrix (array of rows or row-major numbers)', value);
  const v = value as ArrayLike<unknown>;
  if (v.length === 0) return 0;
  if (isArrayLike(v[0])) return v.length;
  if (cols === 0 || v.length % cols !== 0) {
    throw new SnnOptError(
      'dimension_mismatch',
      `${argument} has ${counted(v.length, 'row-major value')}, which is not a multiple of n = ${cols}`,
      {
        argument,
        expected: `a multiple of ${cols} values`,
        received: counted(v.length, 'value'),
      },
    );
  }
  return v.length / cols;
}

/** Converts a rows×cols matrix (array of rows or flat row-major) into a row-major Float64Array. */
export function toMatrix(
  argument: string,
  value: MatrixInput,
  rows: number,
  cols: number,
  rule: FiniteRule,
): Float64Array {
  if (!isArrayLike(value))
    badArgument(argument, 'a matrix (array of rows or row-major numbers)', value);
  const out = new Float64Array(rows * cols);
  const v = value as ArrayLike<unknown>;
  if (v.length > 0 && isArrayLike(v[0])) {
    if (v.length !== rows) wrongLength(argument, rows, v.length, ['row', 'rows']);
    for (let i = 0; i < rows; i++) {
      const row = v[i];
      if (!isArrayLike(row))
        badArgument(`${argument}[${i}]`, `an array of ${counted(cols, 'number')}`, row);
      const r = row as ArrayLike<unknown>;
      if (r.length !== cols) wrongLength(`${argument}[${i}]`, cols, r.length);
      for (let j = 0; j < cols; j++) {
        const x = r[j];
        // The position is built only for an entry that fails (checkEntry then throws).
        out[i * cols + j] = acceptable(x, rule)
          ? x
          : checkEntry(argument, x, i * cols + j, rule, [i, j]);
      }
    }
    return out;
  }
  if (v.length !== rows * cols)
    wrongLength(argument, rows * cols, v.length, ['row-major value', 'row-major values']);
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    out[k] = acceptable(x, rule)
      ? x
      : checkEntry(argument, x, k, rule, [Math.floor(k / cols), k % cols]);
  }
  return out;
}

/** Converts a scalar-or-vector bound; `fill` is used when absent. */
export function toBound(
  argument: string,
  value: BoundInput,
  n: number,
  fill: number,
  rule: FiniteRule,
): Float64Array {
  if (value === null || value === undefined) return new Float64Array(n).fill(fill);
  if (typeof value === 'number')
    return new Float64Array(n).fill(checkEntry(argument, value, 0, rule));
  return toVector(argument, value, n, rule);
}
