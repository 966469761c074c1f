import fc from 'fast-check';
import type { DenseQP } from './property-reference.js';

/**
 * fast-check generators of the property tests: feasible strictly convex QPs
 * built around a planted feasible point, infeasible ones with a planted
 * contradiction, and unbounded ones with a planted recession direction.
 */

const INF = Number.POSITIVE_INFINITY;

/** A moderate finite double (shrinks towards 0). */
export const coefficient = (limit = 3): fc.Arbitrary<number> =>
  fc.double({ min: -limit, max: limit, noNaN: true, noDefaultInfinity: true }).map(flushTiny);

/**
 * Values under 1e-6 in magnitude become 0: quadprog's Cholesky factorisation
 * turns subnormal entries (5e-324 from a product of tiny shrunk values) into
 * NaN, a defect of the reference, not of snn-opt.
 */
function flushTiny(v: number): number {
  return Math.abs(v) < 1e-6 ? 0 : v;
}

/** A non-negative slack, 0 (an active facet at the planted point) about a third of the time. */
const positive = fc.double({ min: 0, max: 2, noNaN: true }).map(flushTiny);
const slack: fc.Arbitrary<number> = fc.oneof(fc.constant(0), positive, positive);

const vec = (n: number, limit = 3) => fc.array(coefficient(limit), { minLength: n, maxLength: n });
const mat = (rows: number, cols: number, limit = 3) =>
  fc.array(vec(cols, limit), { minLength: rows, maxLength: rows });

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** MᵀM + μI, symmetric by construction (positive definite for μ > 0). */
export function gram(M: number[][], n: number, mu: number): number[][] {
  const A: number[][] = [];
  for (let i = 0; i < n; i++) {
    A.push([]);
    for (let j = 0; j < n; j++) {
      let s = i === j ? mu : 0;
      for (const row of M) s += row[i] * row[j];
      A[i].push(s);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[i][j] = A[j][i];
  return A;
}

/** A strictly convex Hessian MᵀM + μI, μ ∈ [0.1, 2]. */
export const strictlyConvexHessian = (n: number): fc.Arbitrary<number[][]> =>
  fc
    .tuple(
      fc.integer({ min: 0, max: n }).chain((k) => mat(k, n)),
      fc.double({ min: 0.1, max: 2, noNaN: true }),
    )
    .map(([M, mu]) => gram(M, n, mu));

export type RowKind = 'le' | 'ge' | 'two' | 'eq';
export type BoundKind = 'free' | 'lower' | 'upper' | 'both' | 'fixed';

interface RowSpec {
  c: number[];
  kind: RowKind;
  s1: number;
  s2: number;
}
interface BoundSpec {
  kind: BoundKind;
  s1: number;
  s2: number;
}

/** A row vector with ‖c‖∞ ≥ 0.5, so that it is never a zero row. */
const nonZeroRow = (n: number) =>
  fc
    .tuple(
      vec(n),
      fc.nat({ max: n - 1 }),
      fc.double({ min: 0.5, max: 3, noNaN: true }),
      fc.boolean(),
    )
    .map(([c, k, big, neg]) => {
      const out = [...c];
      out[k] = neg ? -big : big;
      return out;
    });

/**
 * Rows have ‖c‖∞ ≥ 0.5: quadprog (the reference) declares a row like
 * 1.5e-5·x₄ = 0 next to x₄ ≤ 0 "inconsistent", so badly scaled rows are left
 * to the scaling tests.
 */
const rowSpec = (n: number): fc.Arbitrary<RowSpec> =>
  fc.record({
    c: nonZeroRow(n),
    kind: fc.constantFrom<RowKind>('le', 'ge', 'two', 'eq'),
    s1: slack,
    s2: slack,
  });
const boundSpec: fc.Arbitrary<BoundSpec> = fc.record({
  kind: fc.constantFrom<BoundKind>('free', 'lower', 'upper', 'both', 'both', 'fixed'),
  s1: slack,
  s2: slack,
});

/**
 * Rows and bounds chosen around x0 so that x0 satisfies all of them. At most
 * n − 1 equalities in all (rows with lo = hi and fixed variables): the extra
 * ones become two-sided rows or boxes, which keeps the equality set
 * independent for the reference solver.
 */
function plant(n: number, x0: number[], rows: RowSpec[], bounds: BoundSpec[]) {
  let equalities = 0;
  const C: number[][] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const r of rows) {
    const v = dot(r.c, x0);
    let kind = r.kind;
    if (kind === 'eq' && equalities >= n - 1) kind = 'two';
    if (kind === 'eq') equalities++;
    C.push(r.c);
    lo.push(kind === 'ge' || kind === 'two' ? v - r.s1 : kind === 'eq' ? v : -INF);
    hi.push(kind === 'le' || kind === 'two' ? v + r.s2 : kind === 'eq' ? v : INF);
  }
  const lower: number[] = [];
  const upper: number[] = [];
  for (let j = 0; j < n; j++) {
    const b = bounds[j];
    let kind = b.kind;
    if (kind === 'fixed' && equalities >= n - 1) kind = 'both';
    if (kind === 'fixed') equalities++;
    lower.push(
      kind === 'lower' || kind === 'both' ? x0[j] - b.s1 : kind === 'fixed' ? x0[j] : -INF,
    );
    upper.push(kind === 'upper' || kind === 'both' ? x0[j] + b.s2 : kind === 'fixed' ? x0[j] : INF);
  }
  return { C, lo, hi, lower, upper };
}

/** A feasible, strictly convex QP: n ∈ [2, 8], m ∈ [0, 6] rows of mixed kinds, mixed bounds. */
export const feasibleStrictlyConvexQP: fc.Arbitrary<DenseQP> = fc
  .integer({ min: 2, max: 8 })
  .chain((n) =>
    fc
      .record({
        A: strictlyConvexHessian(n),
        b: vec(n, 5),
        x0: vec(n, 2),
        rows: fc.array(rowSpec(n), { minLength: 0, maxLength: 6 }),
        bounds: fc.array(boundSpec, { minLength: n, maxLength: n }),
      })
      .map(({ A, b, x0, rows, bounds }) => ({ n, A, b, ...plant(n, x0, rows, bounds) })),
  );

export type Contradiction = 'row_pair' | 'row_lower_side' | 'equality_pair' | 'box_vs_row';

/**
 * A QP (strictly convex or an LP) whose feasible part around x0 is spoiled by
 * one planted contradiction of size δ ∈ [0.01, 2]:
 *  - row_pair:       c·x ≤ h and −c·x ≤ −h − δ (both one-sided upper rows);
 *  - row_lower_side: c·x ≤ h and c·x ≥ h + δ (an upper and a lower row);
 *  - equality_pair:  c·x = h and 2c·x = 2h + δ;
 *  - box_vs_row:     every variable boxed, and c·x ≥ max over the box of c·x + δ.
 */
export const infeasibleQP = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc
    .record({
      linear: fc.boolean(),
      A: strictlyConvexHessian(n),
      b: vec(n, 5),
      x0: vec(n, 2),
      rows: fc.array(rowSpec(n), { minLength: 0, maxLength: 3 }),
      bounds: fc.array(boundSpec, { minLength: n, maxLength: n }),
      contradiction: fc.constantFrom<Contradiction>(
        'row_pair',
        'row_lower_side',
        'equality_pair',
        'box_vs_row',
      ),
      c: nonZeroRow(n),
      offset: fc.double({ min: -1, max: 1, noNaN: true }),
      delta: fc.double({ min: 0.01, max: 2, noNaN: true }),
      box: fc.array(fc.double({ min: 0.1, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
      insertAt: fc.nat(),
    })
    .map((g) => {
      const p = { n, A: g.A, b: g.b, ...plant(n, g.x0, g.rows, g.bounds) };
      const h = dot(g.c, g.x0) + g.offset;
      const extra: Array<[number[], number, number]> = [];
      switch (g.contradiction) {
        case 'row_pair':
          extra.push([g.c, -INF, h], [g.c.map((v) => -v), -INF, -h - g.delta]);
          break;
        case 'row_lower_side':
          extra.push([g.c, -INF, h], [g.c, h + g.delta, INF]);
          break;
        case 'equality_pair':
          extra.push([g.c, h, h], [g.c.map((v) => 2 * v), 2 * h + g.delta, 2 * h + g.delta]);
          break;
        case 'box_vs_row': {
          let top = 0;
          for (let j = 0; j < n; j++) {
            p.lower[j] = g.x0[j] - g.box[j];
            p.upper[j] = g.x0[j] + g.box[j];
            top += g.c[j] >= 0 ? g.c[j] * p.upper[j] : g.c[j] * p.lower[j];
          }
          extra.push([g.c, top + g.delta, INF]);
          break;
        }
      }
      const at = g.insertAt % (p.C.length + 1);
      for (const [c, lo, hi] of extra.reverse()) {
        p.C.splice(at, 0, c);
        p.lo.splice(at, 0, lo);
        p.hi.splice(at, 0, hi);
      }
      return {
        problem: { ...p, A: g.linear ? null : p.A },
        contradiction: g.contradiction,
        delta: g.delta,
      };
    }),
);

const smallInt = fc.integer({ min: -3, max: 3 });
const intVec = (n: number) => fc.array(smallInt, { minLength: n, maxLength: n });

/**
 * An unbounded problem with a planted ray: integer data, so that every
 * identity below holds exactly in floating point. d ∈ {−1, 0, 1}ⁿ \ {0};
 * A = MᵀM with the rows of M made orthogonal to d (A d = 0 exactly; A = 0 for
 * an LP); b = (r with its d-part removed) − γd, so bᵀd = −γ‖d‖² < 0; rows keep
 * d in their recession cone (c·d ≤ 0 on ≤ rows, ≥ 0 on ≥ rows, = 0 on
 * two-sided rows and equalities); bounds only on the side d does not move to.
 */
export const unboundedProblem = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc
    .record({
      linear: fc.boolean(),
      d: fc
        .array(fc.constantFrom(-1, 0, 1), { minLength: n, maxLength: n })
        .filter((d) => d.some((v) => v !== 0)),
      M: fc
        .integer({ min: 0, max: n })
        .chain((k) => fc.array(intVec(n), { minLength: k, maxLength: k })),
      r: intVec(n),
      gamma: fc.integer({ min: 1, max: 4 }),
      x0: intVec(n),
      rows: fc.array(
        fc.record({
          c: intVec(n),
          kind: fc.constantFrom<RowKind>('le', 'ge', 'two', 'eq'),
          s1: fc.nat(3),
          s2: fc.nat(3),
        }),
        { maxLength: 5 },
      ),
      bounds: fc.array(
        fc.record({
          lowerSide: fc.boolean(),
          upperSide: fc.boolean(),
          s1: fc.nat(3),
          s2: fc.nat(3),
        }),
        {
          minLength: n,
          maxLength: n,
        },
      ),
    })
    .map((g) => {
      const { d } = g;
      const dd = dot(d, d);
      const orth = (v: number[]) => {
        const vd = dot(v, d);
        return v.map((vi, i) => dd * vi - vd * d[i]);
      };
      const A = g.linear ? null : gram(g.M.map(orth), n, 0);
      const b = orth(g.r).map((v, i) => v - g.gamma * d[i]);
      const C: number[][] = [];
      const lo: number[] = [];
      const hi: number[] = [];
      for (const row of g.rows) {
        let c = row.c;
        if (row.kind === 'two' || row.kind === 'eq') c = orth(c);
        else if ((row.kind === 'le' && dot(c, d) > 0) || (row.kind === 'ge' && dot(c, d) < 0))
          c = c.map((v) => -v);
        const v = dot(c, g.x0);
        // A zero row is legal only with 0 inside its bounds; its bounds around c·x0 = 0 are.
        C.push(c);
        lo.push(
          row.kind === 'ge' || row.kind === 'two' ? v - row.s1 : row.kind === 'eq' ? v : -INF,
        );
        hi.push(row.kind === 'le' || row.kind === 'two' ? v + row.s2 : row.kind === 'eq' ? v : INF);
      }
      const lower: number[] = [];
      const upper: number[] = [];
      for (let j = 0; j < n; j++) {
        const bd = g.bounds[j];
        lower.push(bd.lowerSide && d[j] >= 0 ? g.x0[j] - bd.s1 : -INF);
        upper.push(bd.upperSide && d[j] <= 0 ? g.x0[j] + bd.s2 : INF);
      }
      return { problem: { n, A, b, C, lo, hi, lower, upper }, direction: d, slope: dot(b, d) };
    }),
);
