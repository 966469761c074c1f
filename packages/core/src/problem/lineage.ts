import { counted } from '../counted.js';
import { describeValue, SnnOptError } from '../errors.js';
import { matrixRowCount, toVector } from './convert.js';
import type { BoundInput, MatrixInput, ProblemInput, VectorInput } from './types.js';

/** The research lineage's form: min ½xᵀAx + bᵀx s.t. Cx + d ≤ 0, lowerBound ≤ x ≤ upperBound. */
export interface LineageProblemInput {
  A?: MatrixInput | null;
  b: VectorInput;
  C?: MatrixInput | null;
  d?: VectorInput | null;
  lower?: BoundInput;
  upper?: BoundInput;
}

/**
 * Rewrites `Cx + d ≤ 0` as the two-sided form `−∞ ≤ Cx ≤ −d` (DESIGN §1).
 * Lengths are checked here so that a mismatch names `d`, not `hi`.
 */
export function fromLineageForm(input: LineageProblemInput): ProblemInput {
  const n = input.b?.length ?? 0;
  const m = input.C == null || n === 0 ? 0 : matrixRowCount('C', input.C, n);
  if (m > 0 && input.d == null) {
    throw new SnnOptError('dimension_mismatch', `d is missing but C has ${counted(m, 'row')}`, {
      argument: 'd',
      expected: counted(m, 'entry', 'entries'),
      received: describeValue(input.d),
    });
  }
  const d = m === 0 ? new Float64Array(0) : toVector('d', input.d, m, 'finite');
  const extra = m === 0 && input.d != null ? (input.d as ArrayLike<number>).length : 0;
  if (extra > 0) {
    const entries = counted(extra, 'entry', 'entries');
    throw new SnnOptError('dimension_mismatch', `d has ${entries} but C has no rows`, {
      argument: 'd',
      expected: '0 entries',
      received: entries,
    });
  }
  const hi = new Float64Array(m);
  for (let i = 0; i < m; i++) hi[i] = -d[i];
  return {
    A: input.A,
    b: input.b,
    C: m === 0 ? null : input.C,
    hi,
    lower: input.lower,
    upper: input.upper,
  };
}
