import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProblemInput, SolverOptions, SolveStatus } from '../src/index.js';
import {
  ERROR_CODES,
  fromLineageForm,
  SnnOptError,
  SnnSolver,
  solve,
  solveQP,
} from '../src/index.js';
import { closestNames, didYouMean, editDistance } from '../src/suggest.js';
import {
  coefficient,
  feasibleStrictlyConvexQP,
  gram,
  infeasibleQP,
  unboundedProblem,
} from './helpers/property-arbitraries.js';
import {
  type DenseQP,
  denseObjective,
  denseViolation,
  referenceSolve,
} from './helpers/property-reference.js';

/**
 * Property tests. Every property runs from a fixed seed so
 * that CI is reproducible; a failure prints the seed and the shrunk
 * counterexample. The reference optimum is quadprog's (Goldfarb–Idnani), an
 * implementation independent of snn-opt.
 */

const OPTIONS: SolverOptions = { maxIterations: 3000 };

function solveDense(p: {
  A: number[][] | null;
  b: number[];
  C: number[][];
  lo: number[];
  hi: number[];
  lower: number[];
  upper: number[];
}) {
  const input: ProblemInput = {
    A: p.A,
    b: p.b,
    C: p.C,
    lo: p.lo,
    hi: p.hi,
    lower: p.lower,
    upper: p.upper,
  };
  return new SnnSolver(input, OPTIONS).solve();
}

function tally(statuses: SolveStatus[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

const infNorm = (x: ArrayLike<number>) =>
  Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** The SnnOptError that constructing a solver throws; the test fails when it throws nothing or something else. */
function constructionError(problem: unknown, options?: SolverOptions): SnnOptError {
  try {
    new SnnSolver(problem as ProblemInput, options);
  } catch (e) {
    if (e instanceof SnnOptError) return e;
    throw e;
  }
  throw new Error('expected an SnnOptError, but the solver was constructed');
}

describe('property: feasible strictly convex QPs', () => {
  const RUNS = 1000;
  it(`an optimal status agrees with quadprog to 1e-7, and ≥ 95% of ${RUNS} runs are optimal`, () => {
    const statuses: SolveStatus[] = [];
    fc.assert(
      fc.property(feasibleStrictlyConvexQP, (p: DenseQP) => {
        const ref = referenceSolve(p);
        // The reference itself must be right: feasible (the planted point proves the problem is).
        expect(denseViolation(p, ref.x)).toBeLessThanOrEqual(1e-9 * Math.max(1, infNorm(ref.x)));
        const result = solveDense(p);
        statuses.push(result.status);
        if (result.status !== 'optimal') return;
        const xErr = Math.max(...ref.x.map((v, i) => Math.abs(v - result.x[i])));
        expect(xErr, 'x vs quadprog').toBeLessThanOrEqual(1e-7 * Math.max(1, infNorm(ref.x)));
        const fErr = Math.abs(result.objective - ref.objective);
        expect(fErr, 'objective vs quadprog').toBeLessThanOrEqual(
          1e-7 * Math.max(1, Math.abs(ref.objective)),
        );
        expect(Math.abs(result.objective - denseObjective(p, result.x))).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(ref.objective)),
        );
      }),
      { seed: 20240501, numRuns: RUNS },
    );
    const counts = tally(statuses);
    console.info(
      `[property] feasible strictly convex QPs: ${JSON.stringify(counts)} of ${statuses.length}`,
    );
    expect(statuses.length).toBe(RUNS);
    expect(counts.optimal ?? 0, JSON.stringify(counts)).toBeGreaterThanOrEqual(
      Math.ceil(0.95 * RUNS),
    );
  });
});

describe('property: planted infeasibility', () => {
  const RUNS = 400;
  it(`is reported infeasible with a checked Farkas certificate (${RUNS} runs)`, () => {
    const statuses: SolveStatus[] = [];
    fc.assert(
      fc.property(infeasibleQP, ({ problem }) => {
        const result = solveDense(problem);
        statuses.push(result.status);
        expect(result.status, result.message).not.toBe('optimal');
        expect(result.status, result.message).toBe('infeasible');
        expect(result.infeasibility?.checked).toBe(true);
        expect(result.infeasibility!.offsetGap).toBeLessThan(0);
        expect(result.unboundedness).toBeUndefined();
      }),
      { seed: 20240502, numRuns: RUNS },
    );
    console.info(
      `[property] planted infeasibility: ${JSON.stringify(tally(statuses))} of ${statuses.length}`,
    );
  });
});

describe('property: planted unboundedness', () => {
  const RUNS = 400;
  it(`is never reported optimal or infeasible; an unbounded verdict carries a checked ray (${RUNS} runs)`, () => {
    const statuses: SolveStatus[] = [];
    fc.assert(
      fc.property(unboundedProblem, ({ problem }) => {
        const result = solveDense(problem);
        statuses.push(result.status);
        expect(result.status, result.message).not.toBe('optimal');
        // The planted point is feasible, so a Farkas certificate would be wrong.
        expect(result.status, result.message).not.toBe('infeasible');
        if (result.status === 'unbounded') {
          expect(result.unboundedness?.checked).toBe(true);
          expect(result.unboundedness!.slope).toBeLessThan(0);
        }
      }),
      { seed: 20240503, numRuns: RUNS },
    );
    console.info(
      `[property] planted unboundedness: ${JSON.stringify(tally(statuses))} of ${statuses.length}`,
    );
  });

  // Regression: an LP whose first sweep from the origin exhausts its spike cap
  // (b = [1, −1, −1], C = [[2, 1, 1], [−7, −5, −2]], lo = hi = [1, −5], lower = [−∞, −∞, 0],
  // unbounded along d = (−1, 1, 1)) must still get its ray: the recession search also runs after
  // projection_budget_exhausted, from a point of the feasibility fit.
  it(`is reported unbounded (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(unboundedProblem, ({ problem }) => {
        const result = solveDense(problem);
        expect(result.status, result.message).toBe('unbounded');
      }),
      { seed: 20240503, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------
// Malformed input
// ---------------------------------------------------------------------------

type Junk = unknown;
const junk: fc.Arbitrary<Junk> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.string(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.boolean(),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
);
const badNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.string(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant({}),
);

interface Base {
  n: number;
  A: number[][];
  b: number[];
  C: number[][];
  lo: number[];
  hi: number[];
  lower: number[];
  upper: number[];
}

/** A small valid problem (lo ≤ hi, lower ≤ upper, A positive definite) to be broken. */
const validBase: fc.Arbitrary<Base> = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.integer({ min: 1, max: 3 }).chain((m) =>
    fc
      .record({
        M: fc.array(fc.array(coefficient(), { minLength: n, maxLength: n }), {
          minLength: n,
          maxLength: n,
        }),
        b: fc.array(coefficient(), { minLength: n, maxLength: n }),
        C: fc.array(
          fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
          { minLength: m, maxLength: m },
        ),
        lo: fc.array(fc.double({ min: -3, max: -1, noNaN: true }), { minLength: m, maxLength: m }),
        hi: fc.array(fc.double({ min: 1, max: 3, noNaN: true }), { minLength: m, maxLength: m }),
        lower: fc.array(fc.double({ min: -3, max: -1, noNaN: true }), {
          minLength: n,
          maxLength: n,
        }),
        upper: fc.array(fc.double({ min: 1, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
      })
      .map((g) => ({
        n,
        A: gram(g.M, n, 0.5),
        b: g.b,
        C: g.C,
        lo: g.lo,
        hi: g.hi,
        lower: g.lower,
        upper: g.upper,
      })),
  ),
);

type Field = 'A' | 'b' | 'C' | 'lo' | 'hi' | 'lower' | 'upper';
type Mutation =
  | { kind: 'wrong_length'; field: Field; grow: boolean }
  | { kind: 'bad_entry'; field: Field; at: number; value: unknown }
  | { kind: 'non_symmetric'; delta: number }
  | { kind: 'negative_definite'; scale: number }
  | { kind: 'inverted_row'; at: number; gap: number }
  | { kind: 'inverted_bound'; at: number; gap: number }
  | { kind: 'junk_field'; field: Field; value: Junk }
  | { kind: 'junk_problem'; value: Junk }
  | { kind: 'bad_x0'; value: unknown; at: number; grow: boolean }
  | { kind: 'bad_option'; option: keyof SolverOptions | 'bogus'; value: unknown };

const FIELDS: Field[] = ['A', 'b', 'C', 'lo', 'hi', 'lower', 'upper'];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('wrong_length' as const),
    field: fc.constantFrom(...FIELDS.filter((f) => f !== 'b')),
    grow: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('bad_entry' as const),
    field: fc.constantFrom(...FIELDS),
    at: fc.nat(),
    value: badNumber,
  }),
  fc.record({
    kind: fc.constant('non_symmetric' as const),
    delta: fc.double({ min: 0.5, max: 5, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('negative_definite' as const),
    scale: fc.double({ min: 0.1, max: 5, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('inverted_row' as const),
    at: fc.nat(),
    gap: fc.double({ min: 1e-6, max: 3, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('inverted_bound' as const),
    at: fc.nat(),
    gap: fc.double({ min: 1e-6, max: 3, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('junk_field' as const),
    field: fc.constantFrom(...FIELDS),
    value: junk,
  }),
  fc.record({ kind: fc.constant('junk_problem' as const), value: junk }),
  fc.record({
    kind: fc.constant('bad_x0' as const),
    value: badNumber,
    at: fc.nat(),
    grow: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('bad_option' as const),
    option: fc.constantFrom<keyof SolverOptions | 'bogus'>(
      'maxIterations',
      'k0Scale',
      'feasibilityTol',
      'checkEvery',
      'backend',
      'bogus',
    ),
    value: fc.oneof(badNumber, fc.constantFrom(0, -1, 2.5, 1e9 + 0.5)),
  }),
);

/** Whether a junk value is, after all, a legal value of the field (then the mutation is not malformed). */
function legalJunk(field: Field, value: unknown): boolean {
  // Omitted/null optional fields take their defaults; C, lo, hi, lower, upper, A may be absent.
  if ((value === null || value === undefined) && field !== 'b')
    return field !== 'lo' && field !== 'hi';
  // A scalar bound is legal for lower/upper unless it is NaN or on the wrong infinite side.
  if (field === 'lower' && typeof value === 'number')
    return !Number.isNaN(value) && value !== Number.POSITIVE_INFINITY;
  if (field === 'upper' && typeof value === 'number')
    return !Number.isNaN(value) && value !== Number.NEGATIVE_INFINITY;
  return false;
}

/** Applies a mutation; returns null when the result would still be a valid call. */
function breakProblem(
  base: Base,
  mu: Mutation,
): { problem: unknown; x0?: unknown; options: Record<string, unknown> } | null {
  const p = structuredClone(base) as unknown as Record<string, unknown>;
  delete p.n;
  const options: Record<string, unknown> = { maxIterations: 200 };
  const { n } = base;
  const m = base.C.length;
  switch (mu.kind) {
    case 'wrong_length': {
      const f = p[mu.field] as number[] | number[][];
      if (mu.field === 'A' || mu.field === 'C') {
        const rows = f as number[][];
        // Either one row too many/few, or one row of the wrong length.
        if (mu.grow) rows[0] = [...rows[0], 1];
        else if (mu.field === 'C' && rows.length === 1) rows[0] = rows[0].slice(1);
        else rows.pop();
      } else {
        const v = f as number[];
        if (mu.grow) v.push(v[0]);
        else v.pop();
      }
      return { problem: p, options };
    }
    case 'bad_entry': {
      const value = mu.value;
      if (mu.field === 'A' || mu.field === 'C') {
        const rows = p[mu.field] as unknown[][];
        const i = mu.at % rows.length;
        const j = Math.floor(mu.at / rows.length) % n;
        rows[i][j] = value;
        if (mu.field === 'A') rows[j][i] = value; // keep symmetry, so that only the value is wrong
      } else {
        const v = p[mu.field] as unknown[];
        const k = mu.at % v.length;
        // lo may be −∞ and hi +∞ (one-sided rows); same for lower/upper.
        if ((mu.field === 'lo' || mu.field === 'lower') && value === Number.NEGATIVE_INFINITY)
          return null;
        if ((mu.field === 'hi' || mu.field === 'upper') && value === Number.POSITIVE_INFINITY)
          return null;
        v[k] = value;
      }
      return { problem: p, options };
    }
    case 'non_symmetric': {
      const A = p.A as number[][];
      A[0][1] += mu.delta;
      return { problem: p, options };
    }
    case 'negative_definite': {
      p.A = (p.A as number[][]).map((row) => row.map((v) => -mu.scale * v));
      return { problem: p, options };
    }
    case 'inverted_row': {
      const k = mu.at % m;
      (p.lo as number[])[k] = (p.hi as number[])[k] + mu.gap;
      return { problem: p, options };
    }
    case 'inverted_bound': {
      const k = mu.at % n;
      (p.lower as number[])[k] = (p.upper as number[])[k] + mu.gap;
      return { problem: p, options };
    }
    case 'junk_field': {
      if (legalJunk(mu.field, mu.value)) return null;
      // lo/hi absent: defaults ±∞ are legal, so only junk that is present counts.
      if ((mu.field === 'lo' || mu.field === 'hi') && (mu.value === null || mu.value === undefined))
        return null;
      p[mu.field] = mu.value;
      return { problem: p, options };
    }
    case 'junk_problem':
      return { problem: mu.value, options };
    case 'bad_x0': {
      const x0: unknown[] = new Array(n).fill(0);
      if (mu.grow) x0.push(0);
      else x0[mu.at % n] = mu.value;
      if (!mu.grow && (mu.value === null || mu.value === undefined)) return null; // may read as "not given"
      return { problem: p, x0, options };
    }
    case 'bad_option': {
      if (mu.option === 'bogus') options.bogus = mu.value ?? 1;
      else if (mu.value === undefined)
        return null; // undefined options take their defaults
      else options[mu.option] = mu.value;
      if (
        mu.option === 'maxIterations' &&
        typeof mu.value === 'number' &&
        Number.isInteger(mu.value) &&
        mu.value >= 1
      )
        return null;
      if (
        mu.option === 'checkEvery' &&
        typeof mu.value === 'number' &&
        Number.isInteger(mu.value) &&
        mu.value >= 1
      )
        return null;
      if (mu.option === 'k0Scale' && typeof mu.value === 'number' && mu.value > 0 && mu.value < 2)
        return null;
      if (
        mu.option === 'feasibilityTol' &&
        typeof mu.value === 'number' &&
        Number.isFinite(mu.value) &&
        mu.value > 0
      )
        return null;
      if (mu.option === 'maxIterations') options.maxIterations = mu.value;
      return { problem: p, options };
    }
  }
}

describe('property: malformed input', () => {
  const RUNS = 1000;
  it(`throws an SnnOptError with a known code, and nothing else (${RUNS} runs)`, () => {
    const codes: Record<string, number> = {};
    let skipped = 0;
    fc.assert(
      fc.property(validBase, mutation, (base, mu) => {
        const broken = breakProblem(base, mu);
        if (broken === null) {
          skipped++;
          return;
        }
        let error: unknown;
        try {
          const solver = new SnnSolver(
            broken.problem as ProblemInput,
            broken.options as SolverOptions,
          );
          solver.solve(broken.x0 as number[] | undefined);
        } catch (e) {
          error = e;
        }
        expect(error, `no error for ${mu.kind}`).toBeInstanceOf(SnnOptError);
        const code = (error as SnnOptError).code;
        expect(Object.keys(ERROR_CODES)).toContain(code);
        codes[code] = (codes[code] ?? 0) + 1;
      }),
      { seed: 20240504, numRuns: RUNS },
    );
    console.info(
      `[property] malformed input: codes ${JSON.stringify(codes)}, ${skipped} mutations were still valid and skipped`,
    );
  });
});

describe('matrix entries: the error names the entry in either input form', () => {
  const cases: Array<[string, ProblemInput, string, [number, number]]> = [
    [
      'nested rows, NaN in C',
      {
        b: [0, 0],
        C: [
          [1, 0],
          [0, Number.NaN],
        ],
        hi: [1, 1],
      },
      'C[1][1]',
      [1, 1],
    ],
    [
      'row-major values, Infinity in A',
      { b: [0, 0, 0], A: Float64Array.of(1, 0, 0, 0, 1, Infinity, 0, Infinity, 1) },
      'A[1][2]',
      [1, 2],
    ],
    [
      'row-major values, a string in C',
      { b: [0, 0], C: [1, '2', 0, 1] as never, hi: [1, 1] },
      'C[0][1]',
      [0, 1],
    ],
  ];
  it.each(cases)('%s', (_name, problem, where, position) => {
    const e = constructionError(problem);
    expect(e.code).toBe('non_finite_value');
    expect(e.message).toContain(where);
    expect(e.position).toEqual(position);
  });
});

describe('problem fields: an unknown or missing field is an error, never ignored', () => {
  const A = [
    [1, 0],
    [0, 1],
  ];
  const expectError = (problem: unknown, code: string, message: RegExp) => {
    const e = constructionError(problem);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  };

  it('refuses the lineage offset d, pointing to solveQP', () => {
    // Ignoring d would solve without the row x₀ + x₁ ≤ 1 and report x = (1, 1) as optimal.
    expectError(
      { A, b: [-1, -1], C: [[1, 1]], d: [-1] },
      'invalid_argument',
      /unknown field "d" \(d belongs to the lineage form Cx \+ d ≤ 0: use solveQP/,
    );
  });

  it('refuses a string where a matrix belongs, saying what was expected', () => {
    expectError(
      { A: 'abc', b: [1, 2, 3] },
      'invalid_argument',
      /A must be a matrix \(array of rows or row-major numbers\), received "abc"/,
    );
  });

  it('refuses a misspelt field', () => {
    expectError(
      { A: [[1]], b: [-5], uper: 1 },
      'invalid_argument',
      /unknown field "uper" \(did you mean upper\?\); its fields are A, b, C, lo, hi, lower, upper, objectiveConstant, names$/,
    );
  });

  it('refuses rows with neither lo nor hi', () => {
    expectError(
      { A, b: [-1, -1], C: [[1, 1]] },
      'invalid_argument',
      /C has 1 row but neither lo nor hi is given/,
    );
  });

  it('takes a validated problem back, and refuses one whose n or m is not its own', () => {
    const solver = new SnnSolver({ A, b: [-1, -1], C: [[1, 1]], hi: [1] });
    const again = new SnnSolver(solver.problem).solve();
    expect(again.status).toBe('optimal');
    expect(again.x[0] + again.x[1]).toBeCloseTo(1, 12);
    expectError(
      { ...solver.problem, n: 3 },
      'dimension_mismatch',
      /problem\.n is 3 but the length of b gives n = 2/,
    );
    expectError(
      { ...solver.problem, m: 0 },
      'dimension_mismatch',
      /problem\.m is 0 but the row count of C gives m = 1/,
    );
  });
});

/** The SnnOptError `run` throws (the test fails if it throws nothing, or something else). */
function thrown(run: () => unknown): SnnOptError {
  try {
    run();
  } catch (e) {
    if (e instanceof SnnOptError) return e;
    throw e;
  }
  throw new Error('expected an SnnOptError, but nothing was thrown');
}

describe('counts in input errors: one entry, one row', () => {
  const A = [
    [1, 0],
    [0, 1],
  ];
  it('a vector of the wrong length says "1 entry" in the message and the details', () => {
    const e = constructionError({ A, b: [-1, -1], C: [[1, 1]], lo: [0, 0], hi: [1] });
    expect(e.code).toBe('dimension_mismatch');
    expect(e.message).toBe('lo must have 1 entry, received 2');
    expect(e.expected).toBe('1 entry');
    expect(e.received).toBe('2 entries');
    const x0 = thrown(() => new SnnSolver({ A: [[1]], b: [-1] }).solve([0, 0]));
    expect(x0.message).toBe('x0 must have 1 entry, received 2');
  });

  it('matrices and the lineage form count rows and values with the right noun', () => {
    expect(constructionError({ b: [0, 0], C: [1], hi: [1] }).message).toBe(
      'C has 1 row-major value, which is not a multiple of n = 2',
    );
    expect(constructionError({ b: [0], C: [[1], 5], hi: [1, 1] }).message).toBe(
      'C[1] must be an array of 1 number, received 5',
    );
    const missing = thrown(() => fromLineageForm({ b: [0], C: [[1]] }));
    expect(missing.message).toBe('d is missing but C has 1 row');
    expect(missing.expected).toBe('1 entry');
    const extra = thrown(() => fromLineageForm({ b: [0], d: [1] }));
    expect(extra.message).toBe('d has 1 entry but C has no rows');
    expect(extra.received).toBe('1 entry');
  });
});

describe('unknown options: the closest valid name, or where the name belongs', () => {
  const problem = { A: [[1]], b: [-5] };

  it('measures edit distance with adjacent swaps as one edit', () => {
    expect(editDistance('maxIteration', 'maxIterations')).toBe(1);
    expect(editDistance('kkt', 'ktk')).toBe(1);
    expect(editDistance('polsih', 'polish')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('k0', 'k0Scale')).toBe(5);
    expect(closestNames('KO', ['k0', 'lo'])).toEqual(['k0', 'lo']);
    expect(didYouMean('zz', ['maxIterations'])).toBe('');
    // No name beyond the limit (1 edit up to four letters, 2 beyond), even when nothing is closer.
    expect(closestNames('notes', ['lower'])).toEqual([]);
    expect(didYouMean('polishTol', ['polish'])).toBe('');
    // An abbreviation of one or two names suggests them; of more, none.
    expect(didYouMean('maxIter', ['maxIterations', 'minIterations'])).toBe(
      ' (did you mean maxIterations?)',
    );
    expect(didYouMean('pol', ['polish', 'polishEvery', 'polishKktRelTol'])).toBe('');
    expect(closestNames('lowr', ['lower', 'upper'])).toEqual(['lower']);
    expect(closestNames('uppr', ['lower', 'upper'], () => 0)).toEqual([]);
  });

  it('suggests a name within a small edit distance or equal but for case', () => {
    const e = constructionError(problem, { maxIteration: 5 } as SolverOptions);
    expect(e.code).toBe('invalid_option');
    expect(e.message).toBe('unknown option "maxIteration" (did you mean maxIterations?)');
    expect(e.argument).toBe('options.maxIteration');
    expect(e.received).toBe('maxIteration');
    expect(e.expected).toMatch(/^one of backend, .*maxIterations/);
    expect(e.expected).not.toMatch(/lowerBound/);
    expect(constructionError(problem, { MAXITERATIONS: 5 } as SolverOptions).message).toMatch(
      /\(did you mean maxIterations\?\)$/,
    );
    expect(constructionError(problem, { polishEvrey: 5 } as SolverOptions).message).toMatch(
      /\(did you mean polishEvery\?\)$/,
    );
    // Nothing close: no suggestion.
    expect(constructionError(problem, { frobnicate: 1 } as SolverOptions).message).toBe(
      'unknown option "frobnicate"',
    );
  });

  it("solveQP's list and suggestions include its bounds lowerBound and upperBound", () => {
    const e = thrown(() => solveQP([[1]], [-5], null, null, null, { lowerbound: 0 } as never));
    expect(e.code).toBe('invalid_option');
    expect(e.message).toBe('unknown option "lowerbound" (did you mean lowerBound?)');
    expect(e.expected).toMatch(/, lowerBound, upperBound$/);
    expect(
      thrown(() => solveQP([[1]], [-5], null, null, null, { upper: 1 } as never)).message,
    ).toBe('unknown option "upper" (did you mean upperBound?)');
    const r = solveQP([[1]], [-5], null, null, null, { upperBound: 1 });
    expect(r.status).toBe('optimal');
    expect(r.x[0]).toBeCloseTo(1, 12);
  });

  it('says that bounds and other problem fields belong in the problem, not in the options', () => {
    expect(constructionError(problem, { lower: 0 } as SolverOptions).message).toBe(
      'unknown option "lower": bounds belong in the problem (its fields lower and upper), not in the options',
    );
    const e = thrown(() => solve(problem, { lowerBound: 0 } as SolverOptions));
    expect(e.code).toBe('invalid_option');
    expect(e.message).toMatch(
      /^unknown option "lowerBound": lowerBound is an option of solveQP only; .*bounds belong in the problem \(its fields lower and upper\)$/,
    );
    expect(constructionError(problem, { hi: [1] } as SolverOptions).message).toBe(
      'unknown option "hi": hi is a field of the problem, not an option',
    );
  });
});

describe('solveQP: options passed in the x0 slot', () => {
  const A = [
    [2, 0],
    [0, 2],
  ];
  it('says where options go', () => {
    const e = thrown(() => solveQP(A, [-2, -4], [[1, 1]], [-2], { maxIterations: 100 } as never));
    expect(e).toMatchObject({
      code: 'invalid_argument',
      message:
        'x0 must be an array of 2 numbers, received object; options go in the last argument (pass null for x0)',
      argument: 'x0',
      expected: 'an array of 2 numbers',
      received: 'object',
    });
  });

  it('gives an array of the wrong length no such hint', () => {
    const e = thrown(() => solveQP(A, [-2, -4], [[1, 1]], [-2], [0, 0, 0]));
    expect(e.message).toBe('x0 must have 2 entries, received 3');
  });
});

describe('convexity with scaling: the test on the equilibrated A stands, and says so', () => {
  // diag(1, −1e-12): λmin = −1e-12 is within 1e-9·λmax(A), so A as written passes. Its row
  // norms spread over 10¹², so 'auto' equilibrates to diag(0.5, −0.55), which does not: the
  // curvature of x₂ is exactly negative, only small against x₁'s. The stricter verdict
  // stands, and the error says which matrix its eigenvalues belong to.
  const problem = {
    A: [
      [1, 0],
      [0, -1e-12],
    ],
    b: [-1, 0],
    lower: -1,
    upper: 1,
  };
  it('refuses it under scaling, naming the equilibrated A and the way out', () => {
    const e = constructionError(problem);
    expect(e.code).toBe('not_positive_semidefinite');
    expect(e.message).toMatch(/ran on the equilibrated A/);
    expect(e.message).toMatch(/With scaling: false the test runs on A as written/);
  });

  it('accepts it with scaling off (within the tolerance of A as written)', () => {
    const r = new SnnSolver(problem, { scaling: false }).solve();
    expect(r.status).toBe('optimal');
    expect(r.x[0]).toBeCloseTo(1, 9);
  });

  it('names the eigenvalues of A itself when no scaling applied', () => {
    const e = constructionError({
      A: [
        [1, 0],
        [0, -1e-3],
      ],
      b: [-1, 0],
      lower: -1,
      upper: 1,
    });
    expect(e.code).toBe('not_positive_semidefinite');
    expect(e.message).toMatch(/λmin = -0\.001 \(λmax 1\)/);
    expect(e.message).not.toMatch(/equilibrated/);
  });
});

/**
 * Checks a warm solve's x against quadprog's solution of p (to 1e-7 relative to ‖x‖∞, the
 * tolerance of the other properties); false when quadprog gives up on p. quadprog gives up on
 * some degenerate problems (fixed variables next to rows that involve them); callers count
 * those steps and require them to stay rare.
 */
function matchesReference(p: DenseQP, x: Float64Array): boolean {
  let ref: { x: number[] };
  try {
    ref = referenceSolve(p);
  } catch {
    return false;
  }
  const xErr = Math.max(...ref.x.map((v, i) => Math.abs(v - x[i])));
  expect(xErr, 'warm x vs quadprog').toBeLessThanOrEqual(1e-7 * Math.max(1, infNorm(ref.x)));
  return true;
}

/**
 * The tallies every warm-sequence property requires: references, optimal statuses, hot starts
 * (`hot`), and hot starts whose previous working set held in one solve (`held`).
 */
function expectWarmTallies(
  label: string,
  statuses: SolveStatus[],
  hot: number,
  held: number,
  noReference: number,
) {
  const counts = tally(statuses);
  console.info(
    `[property] ${label}: ${JSON.stringify(counts)}, hot starts ${hot} (held in one solve ${held}), no reference ${noReference}`,
  );
  expect(noReference).toBeLessThanOrEqual(0.05 * statuses.length);
  expect(counts.optimal ?? 0, JSON.stringify(counts)).toBeGreaterThanOrEqual(
    Math.ceil(0.95 * statuses.length),
  );
  // The hot start is the path under test. The moves are random and some change the active
  // set more than a hot start's four solves can follow, so these are shares, not every step:
  // nine in ten steps must end in a hot start, and half with the working set held in one solve.
  expect(hot).toBeGreaterThanOrEqual(0.9 * statuses.length);
  expect(held).toBeGreaterThanOrEqual(0.5 * statuses.length);
}

describe('property: warm sequences (update of b, then a warm solve) agree with quadprog', () => {
  const RUNS = 200;
  it(`every optimal warm solve matches quadprog to 1e-7 over ${RUNS} sequences of 3 steps`, () => {
    const sequences = feasibleStrictlyConvexQP.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.array(
          fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
            minLength: p.n,
            maxLength: p.n,
          }),
          { minLength: 3, maxLength: 3 },
        ),
      ),
    );
    const statuses: SolveStatus[] = [];
    let hot = 0;
    let held = 0;
    let noReference = 0;
    fc.assert(
      fc.property(sequences, ([p, moves]) => {
        const solver = new SnnSolver(
          { A: p.A, b: p.b, C: p.C, lo: p.lo, hi: p.hi, lower: p.lower, upper: p.upper },
          OPTIONS,
        );
        let x = solver.solve().x;
        for (const move of moves) {
          const b = p.b.map((v, j) => v + move[j]);
          solver.update({ b });
          const r = solver.solve(x);
          statuses.push(r.status);
          if (/^hot start:/.test(r.message)) hot++;
          if (/^hot start: .* held at the new data, one solve/.test(r.message)) held++;
          if (r.status !== 'optimal') continue;
          x = r.x;
          if (!matchesReference({ ...p, b }, r.x)) noReference++;
        }
      }),
      { seed: 20261204, numRuns: RUNS },
    );
    expectWarmTallies('warm sequences', statuses, hot, held, noReference);
  });

  // Translating the feasible set by t (lo, hi by Ct; lower, upper by t) keeps it non-empty, so
  // every step has an optimum; the moves change the bounds the held working set was factored for.
  it(`moving b and the constraint bounds together: optimal warm solves match quadprog to 1e-7, earlier results stay untouched (${RUNS} sequences)`, () => {
    const move = (n: number) =>
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n });
    const sequences = feasibleStrictlyConvexQP.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.array(fc.tuple(move(p.n), move(p.n), fc.boolean()), { minLength: 3, maxLength: 3 }),
      ),
    );
    const statuses: SolveStatus[] = [];
    let hot = 0;
    let held = 0;
    let noReference = 0;
    fc.assert(
      fc.property(sequences, ([p0, moves]) => {
        let p = p0;
        const solver = new SnnSolver(
          { A: p.A, b: p.b, C: p.C, lo: p.lo, hi: p.hi, lower: p.lower, upper: p.upper },
          OPTIONS,
        );
        let x = solver.solve().x;
        const earlier: { x: Float64Array; copy: number[] }[] = [];
        for (const [db, t, shiftBounds] of moves) {
          const b = p.b.map((v, j) => v + db[j]);
          if (shiftBounds) {
            const ct = p.C.map((row) => row.reduce((s, c, j) => s + c * t[j], 0));
            p = {
              ...p,
              b,
              lo: p.lo.map((v, i) => v + ct[i]),
              hi: p.hi.map((v, i) => v + ct[i]),
              lower: p.lower.map((v, j) => v + t[j]),
              upper: p.upper.map((v, j) => v + t[j]),
            };
            solver.update({ b, lo: p.lo, hi: p.hi, lower: p.lower, upper: p.upper });
          } else {
            p = { ...p, b };
            solver.update({ b });
          }
          const r = solver.solve(x);
          statuses.push(r.status);
          earlier.push({ x: r.x, copy: Array.from(r.x) });
          if (/^hot start:/.test(r.message)) hot++;
          if (/^hot start: .* held at the new data, one solve/.test(r.message)) held++;
          if (r.status !== 'optimal') continue;
          x = r.x;
          if (!matchesReference(p, r.x)) noReference++;
        }
        // A later solve must not write into an x it has already handed out.
        for (const e of earlier) expect(Array.from(e.x)).toEqual(e.copy);
      }),
      { seed: 20261205, numRuns: RUNS },
    );
    expectWarmTallies('warm sequences with moving bounds', statuses, hot, held, noReference);
  });
});
