import { counted } from '../counted.js';
import { describeValue, SnnOptError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import {
  isArrayLike,
  matrixRowCount,
  toBound,
  toMatrix,
  toVector,
  toVectorAnyLength,
} from './convert.js';
import type { ProblemInput, QPProblem } from './types.js';

/**
 * Relative tolerance of the symmetry check: |A_ij − A_ji| ≤ SYMMETRY_TOL · max|A|.
 * Entries within it are averaged so the solver works on an exactly symmetric A.
 */
export const SYMMETRY_TOL = 1e-10;

/**
 * Validates a problem in the general form of DESIGN §1 and converts it to the
 * solver's dense form. Throws an SnnOptError naming the argument, the index
 * and the values for every problem it finds; never returns a problem that
 * the dynamics cannot run on.
 */
export function normalizeProblem(input: ProblemInput): QPProblem {
  if (input === null || typeof input !== 'object') {
    throw new SnnOptError(
      'invalid_argument',
      `problem must be an object, received ${describeValue(input)}`,
      {
        argument: 'problem',
        expected: 'an object with at least b',
        received: describeValue(input),
      },
    );
  }
  checkKeys(input);
  const b = toVectorAnyLength('b', input.b, 'finite');
  const n = b.length;
  if (n === 0) {
    throw new SnnOptError('empty_problem', 'the problem has no variables (b is empty)', {
      argument: 'b',
      expected: 'at least one variable',
      received: 'an empty array',
    });
  }
  if (input.A != null) checkHessianSize(input.A, n);
  const A = input.A == null ? new Float64Array(n * n) : toMatrix('A', input.A, n, n, 'finite');
  symmetrize(A, n);
  const m = input.C == null ? 0 : matrixRowCount('C', input.C, n);
  if (m > 0 && input.lo == null && input.hi == null) {
    throw new SnnOptError(
      'invalid_argument',
      `C has ${counted(m, 'row')} but neither lo nor hi is given, so no row would constrain x: give hi (c_iᵀx ≤ hi_i) and/or lo (c_iᵀx ≥ lo_i); for the lineage form Cx + d ≤ 0 use solveQP or hi = −d`,
      { argument: 'lo/hi', expected: `lo and/or hi of length ${m}`, received: 'neither' },
    );
  }
  checkDerivedSizes(input, n, m);
  const C = m === 0 ? new Float64Array(0) : toMatrix('C', input.C!, m, n, 'finite');
  const lo =
    input.lo == null
      ? new Float64Array(m).fill(-Infinity)
      : toVector('lo', input.lo, m, 'not_nan_or_plus_inf');
  const hi =
    input.hi == null
      ? new Float64Array(m).fill(Infinity)
      : toVector('hi', input.hi, m, 'not_nan_or_minus_inf');
  const lower = toBound('lower', input.lower, n, -Infinity, 'not_nan_or_plus_inf');
  const upper = toBound('upper', input.upper, n, Infinity, 'not_nan_or_minus_inf');
  const objectiveConstant = input.objectiveConstant ?? 0;
  if (!Number.isFinite(objectiveConstant)) {
    throw new SnnOptError(
      'non_finite_value',
      `objectiveConstant must be finite, received ${describeValue(objectiveConstant)}`,
      {
        argument: 'objectiveConstant',
        expected: 'a finite number',
        received: describeValue(objectiveConstant),
      },
    );
  }
  checkOrdered('lo', 'hi', lo, hi, 'inverted_row_bounds', 'row');
  checkOrdered('lower', 'upper', lower, upper, 'inverted_variable_bounds', 'variable');
  checkZeroRows(C, lo, hi, m, n);
  let isLinear = true;
  for (let k = 0; k < A.length && isLinear; k++) if (A[k] !== 0) isLinear = false;
  return { n, m, A, b, C, lo, hi, lower, upper, objectiveConstant, isLinear, names: input.names };
}

/** The fields of ProblemInput, as a user writes them (errors list them; options.ts tells them from options). */
export const PROBLEM_INPUT_FIELDS = [
  'A',
  'b',
  'C',
  'lo',
  'hi',
  'lower',
  'upper',
  'objectiveConstant',
  'names',
] as const;

/** The fields a problem may have: those of ProblemInput, and n, m, isLinear of a QPProblem passed back in. */
const PROBLEM_KEYS = new Set<string>([...PROBLEM_INPUT_FIELDS, 'n', 'm', 'isLinear']);

/** An unknown field would be ignored, and the problem solved without it: refuse it instead. */
function checkKeys(input: object): void {
  for (const key of Object.keys(input)) {
    if (PROBLEM_KEYS.has(key) || (input as Record<string, unknown>)[key] === undefined) continue;
    const hint =
      key === 'd'
        ? ' (d belongs to the lineage form Cx + d ≤ 0: use solveQP(A, b, C, d), or hi = −d here)'
        : didYouMean(key, PROBLEM_INPUT_FIELDS);
    const fields = PROBLEM_INPUT_FIELDS.join(', ');
    throw new SnnOptError(
      'invalid_argument',
      `problem has an unknown field "${key}"${hint}; its fields are ${fields}`,
      {
        argument: key,
        expected: `one of ${fields}`,
        received: `"${key}"`,
      },
    );
  }
}

/** n and m of a QPProblem passed back in must be its own (they are not read otherwise). */
function checkDerivedSizes(input: ProblemInput, n: number, m: number): void {
  const given = input as { n?: unknown; m?: unknown };
  for (const [key, value, actual, source] of [
    ['n', given.n, n, 'the length of b'],
    ['m', given.m, m, 'the row count of C'],
  ] as const) {
    if (value === undefined || value === actual) continue;
    throw new SnnOptError(
      'dimension_mismatch',
      `problem.${key} is ${describeValue(value)} but ${source} gives ${key} = ${actual}`,
      { argument: key, expected: `${actual} (${source})`, received: describeValue(value) },
    );
  }
}

/**
 * A of the wrong size for b: the error names both, since either may be the
 * mistake. Nested rows give A's shape (rows × the width they share); k²
 * row-major values are read as k×k. Anything else (rows of unequal widths,
 * a count that is not a square) is left to toMatrix, which names the row or
 * the count.
 */
function checkHessianSize(A: unknown, n: number): void {
  const v = A as ArrayLike<unknown>;
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number') return;
  const nested = v.length > 0 && typeof v[0] === 'object' && v[0] !== null;
  const rows = nested ? v.length : Math.sqrt(v.length);
  const cols = nested ? sharedWidth(v) : rows;
  if (!Number.isInteger(rows) || cols === null || (rows === n && cols === n)) return;
  throw new SnnOptError(
    'dimension_mismatch',
    `b has ${counted(n, 'entry', 'entries')} but A is ${rows}×${cols}: A must be n×n with n = ${n}, the length of b`,
    { argument: 'A', expected: `${n}×${n} (the length of b)`, received: `${rows}×${cols}` },
  );
}

/** The length every row of a nested matrix shares, or null when they differ or one is no array. */
function sharedWidth(rows: ArrayLike<unknown>): number | null {
  let width: number | null = null;
  for (let i = 0; i < rows.length; i++) {
    if (!isArrayLike(rows[i])) return null;
    const w = (rows[i] as ArrayLike<unknown>).length;
    if (width !== null && w !== width) return null;
    width = w;
  }
  return width;
}

const VECTOR_KEYS = ['b', 'lo', 'hi', 'lower', 'upper'];

/** The data `withVectors` may replace. */
export type VectorChanges = Partial<Pick<ProblemInput, 'b' | 'lo' | 'hi' | 'lower' | 'upper'>>;

/**
 * A validated problem with some of b, lo, hi, lower and upper replaced,
 * sharing A and C with `p` (already validated; they are not copied or
 * checked again). The new vectors get the checks of normalizeProblem.
 */
export function withVectors(p: QPProblem, changes: VectorChanges): QPProblem {
  const { n, m } = p;
  if (changes === null || typeof changes !== 'object') {
    throw new SnnOptError(
      'invalid_argument',
      `changes must be an object, received ${describeValue(changes)}`,
      {
        argument: 'changes',
        expected: 'an object with some of b, lo, hi, lower, upper',
        received: describeValue(changes),
      },
    );
  }
  for (const key of Object.keys(changes)) {
    if (!VECTOR_KEYS.includes(key)) {
      // A field of the problem that update() does not replace, or no field at all (a typo).
      const why = PROBLEM_KEYS.has(key)
        ? `"${key}" cannot be changed (A and C are fixed for a solver: build a new one)`
        : `"${key}" is not a field of the problem`;
      throw new SnnOptError(
        'invalid_argument',
        `update() replaces only ${VECTOR_KEYS.join(', ')}; ${why}`,
        { argument: `changes.${key}`, expected: `one of ${VECTOR_KEYS.join(', ')}`, received: key },
      );
    }
  }
  const b = changes.b == null ? p.b : toVector('b', changes.b, n, 'finite');
  const lo = changes.lo == null ? p.lo : toVector('lo', changes.lo, m, 'not_nan_or_plus_inf');
  const hi = changes.hi == null ? p.hi : toVector('hi', changes.hi, m, 'not_nan_or_minus_inf');
  const lower =
    changes.lower == null
      ? p.lower
      : toBound('lower', changes.lower, n, -Infinity, 'not_nan_or_plus_inf');
  const upper =
    changes.upper == null
      ? p.upper
      : toBound('upper', changes.upper, n, Infinity, 'not_nan_or_minus_inf');
  checkOrdered('lo', 'hi', lo, hi, 'inverted_row_bounds', 'row');
  checkOrdered('lower', 'upper', lower, upper, 'inverted_variable_bounds', 'variable');
  checkZeroRows(p.C, lo, hi, m, n);
  return { ...p, b, lo, hi, lower, upper };
}

/** Rejects a non-symmetric A; averages rounding-level asymmetry away. */
function symmetrize(A: Float64Array, n: number): void {
  let scale = 0;
  for (let k = 0; k < A.length; k++) scale = Math.max(scale, Math.abs(A[k]));
  const tol = SYMMETRY_TOL * scale;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const aij = A[i * n + j];
      const aji = A[j * n + i];
      if (aij === aji) continue;
      if (Math.abs(aij - aji) > tol) {
        throw new SnnOptError(
          'not_symmetric',
          `A must be symmetric: A[${i}][${j}] = ${aij} but A[${j}][${i}] = ${aji}` +
            ' (pass the full matrix, not one triangle)',
          {
            argument: 'A',
            index: i * n + j,
            position: [i, j],
            expected: `A[${j}][${i}] = ${aij}`,
            received: String(aji),
          },
        );
      }
      const mean = 0.5 * (aij + aji);
      A[i * n + j] = mean;
      A[j * n + i] = mean;
    }
  }
}

function checkOrdered(
  loName: string,
  hiName: string,
  lo: Float64Array,
  hi: Float64Array,
  code: 'inverted_row_bounds' | 'inverted_variable_bounds',
  what: string,
): void {
  for (let i = 0; i < lo.length; i++) {
    if (lo[i] > hi[i]) {
      throw new SnnOptError(
        code,
        `${what} ${i} has ${loName}[${i}] = ${lo[i]} > ${hiName}[${i}] = ${hi[i]}`,
        {
          argument: loName,
          index: i,
          expected: `${loName}[${i}] ≤ ${hiName}[${i}] = ${hi[i]}`,
          received: String(lo[i]),
        },
      );
    }
  }
}

/** A zero row is either always satisfied (lo ≤ 0 ≤ hi) or certifiably infeasible. */
function checkZeroRows(
  C: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  m: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    let zero = true;
    for (let j = 0; j < n && zero; j++) if (C[i * n + j] !== 0) zero = false;
    if (zero && (lo[i] > 0 || hi[i] < 0)) {
      throw new SnnOptError(
        'infeasible_zero_row',
        `row ${i} has all-zero coefficients, so its value is 0, but its bounds [${lo[i]}, ${hi[i]}] exclude 0: the problem is infeasible`,
        {
          argument: 'C',
          index: i,
          expected: 'lo ≤ 0 ≤ hi for an all-zero row',
          received: `[${lo[i]}, ${hi[i]}]`,
        },
      );
    }
  }
}
