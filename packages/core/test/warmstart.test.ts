import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsBackend } from '../src/backends/registry.js';
import type { KernelBackend } from '../src/backends/types.js';
import { SnnOptError } from '../src/errors.js';
import { fromLineageForm } from '../src/problem/lineage.js';
import { normalizeProblem, withVectors } from '../src/problem/normalize.js';
import type { QPProblem } from '../src/problem/types.js';
import type { Equilibration } from '../src/scaling/ruiz.js';
import { SnnSolver } from '../src/solver/solver.js';

/**
 * The lineage's receding-horizon workload: 30 QPs sharing A, C, d whose b
 * drifts. One solver object is reused (setLinearTerm) and each solve starts
 * from the previous solution. References are the file's exact optima;
 * tolerance 1e-9 relative: polish ends on an exact KKT solve.
 */
const data = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('./fixtures/lineage/warmstart-sequence-5x4.json', import.meta.url)),
    'utf8',
  ),
) as {
  A: number[][];
  C: number[][];
  d: number[];
  b_sequence: number[][];
  x0_cold: number[];
  reference: Array<{ x: number[]; objective: number }>;
};

function problemAt(k: number) {
  return fromLineageForm({ A: data.A, b: data.b_sequence[k], C: data.C, d: data.d });
}

describe('warm starts over a receding-horizon sequence', () => {
  it('reuses one solver with setLinearTerm and matches every reference optimum', () => {
    const solver = new SnnSolver(problemAt(0));
    let x: Float64Array | number[] = data.x0_cold;
    let warmIterations = 0;
    for (let k = 0; k < data.b_sequence.length; k++) {
      if (k > 0) solver.setLinearTerm(data.b_sequence[k]);
      const result = solver.solve(x);
      expect(result.status, `step ${k}: ${result.message}`).toBe('optimal');
      const ref = data.reference[k];
      expect(Math.abs(result.objective - ref.objective)).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(ref.objective)),
      );
      if (k > 0) warmIterations += result.iterations;
      x = result.x;
    }
    let coldIterations = 0;
    for (let k = 1; k < data.b_sequence.length; k++) {
      const cold = new SnnSolver(problemAt(k)).solve(data.x0_cold);
      expect(cold.status).toBe('optimal');
      coldIterations += cold.iterations;
    }
    // The target: warm solves need at least 5× fewer iterations than cold ones.
    expect(coldIterations).toBeGreaterThanOrEqual(5 * Math.max(1, warmIterations));
  });

  it('gives the same answer after setLinearTerm as a solver built for that b', () => {
    const reused = new SnnSolver(problemAt(0), { polish: false, maxIterations: 300 });
    reused.setLinearTerm(data.b_sequence[7]);
    const fresh = new SnnSolver(problemAt(7), { polish: false, maxIterations: 300 });
    const a = reused.solve(data.x0_cold);
    const b = fresh.solve(data.x0_cold);
    // Same data, same setup: the dynamics must agree bit for bit.
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.iterations).toBe(b.iterations);
  });

  it('update() swaps row and variable bounds too, with the same result as a new solver', () => {
    const base = problemAt(0);
    const changes = {
      b: data.b_sequence[3],
      hi: data.d.map((v) => -v + 0.05),
      lower: -0.3,
      upper: 0.4,
    };
    const reused = new SnnSolver(base, { polish: false, scaling: false, maxIterations: 300 });
    reused.update(changes);
    const fresh = new SnnSolver(
      { ...base, ...changes },
      { polish: false, scaling: false, maxIterations: 300 },
    );
    const a = reused.solve(data.x0_cold);
    const b = fresh.solve(data.x0_cold);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    // A rejected update leaves the solver as it was.
    expect(() => reused.update({ lower: 1, upper: 0 })).toThrow(/lower\[0\] = 1 > upper\[0\] = 0/);
    // A field update() does not replace, and one that does not exist, are told apart.
    const fixed = { A: [[1]] } as unknown as Parameters<SnnSolver['update']>[0];
    expect(() => reused.update(fixed)).toThrow(/"A" cannot be changed \(A and C are fixed/);
    const typo = { upperBound: 3 } as unknown as Parameters<SnnSolver['update']>[0];
    expect(() => reused.update(typo)).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        message: expect.stringMatching(/"upperBound" is not a field of the problem$/),
      }),
    );
    expect(Array.from(reused.solve(data.x0_cold).x)).toEqual(Array.from(a.x));
  });

  it('update() under scaling shares the scaled A and C and scales the new vectors like the constructor', () => {
    // Rows and columns 1e±3 apart, so the equilibration's factors are far from 1.
    const base = normalizeProblem({
      A: [
        [4e6, 1e3, 0],
        [1e3, 2, 0.01],
        [0, 0.01, 3e-4],
      ],
      b: [-1e3, 2, -1e-3],
      C: [
        [1e3, 1, 0],
        [0, 1, 1e-3],
      ],
      hi: [5e2, 1],
      lower: -10,
      upper: 10,
    });
    const changes = { b: [-2e3, 1, 2e-3], hi: [4e2, 0.5], lower: [-5, -6, -7] };
    const solver = new SnnSolver(base, { scaling: true });
    const inside = solver as unknown as { scaling: Equilibration; problem: QPProblem };
    const before = inside.scaling.scaled;
    expect(inside.scaling.colScale.some((d) => d !== 1)).toBe(true);
    solver.update(changes);
    const after = inside.scaling.scaled;
    expect(after.A).toBe(before.A);
    expect(after.C).toBe(before.C);
    // The scaled vectors from their definition (apply.ts): b̂ = c·D·b, lô = E·lo, hî = E·hi,
    // bounds D⁻¹·bound; powers of two, so exact.
    const { colScale: d, rowScale: e, costScale: c } = inside.scaling;
    const next = withVectors(base, changes);
    const expected = {
      b: Array.from(next.b, (v, j) => c * d[j] * v),
      lo: Array.from(next.lo, (v, i) => e[i] * v),
      hi: Array.from(next.hi, (v, i) => e[i] * v),
      lower: Array.from(next.lower, (v, j) => v / d[j]),
      upper: Array.from(next.upper, (v, j) => v / d[j]),
    };
    for (const key of ['b', 'lo', 'hi', 'lower', 'upper'] as const)
      expect(Array.from(after[key]), key).toEqual(expected[key]);
    // The solve on the updated solver agrees with a solver built for the new data
    // (tolerance 1e-9 relative: both end on certified exact KKT solves).
    const a = solver.solve();
    const b = new SnnSolver({ ...base, ...changes }, { scaling: true }).solve();
    expect(a.status).toBe('optimal');
    expect(b.status).toBe('optimal');
    expect(Math.abs(a.objective - b.objective)).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(b.objective)),
    );
  });

  it('update() without scaling runs the dynamics on the new problem itself', () => {
    const solver = new SnnSolver(problemAt(0), { scaling: false });
    const inside = solver as unknown as { scaling: Equilibration; problem: QPProblem };
    solver.update({ b: data.b_sequence[4] });
    expect(inside.scaling.scaled).toBe(inside.problem);
    expect(Array.from(inside.problem.b)).toEqual(data.b_sequence[4]);
  });

  it('update() defers the kernel to the next solve that runs the dynamics', () => {
    // A backend that counts the kernels it creates.
    let created = 0;
    const counting: KernelBackend = {
      name: 'js',
      createKernel: (setup) => {
        created++;
        return jsBackend.createKernel(setup);
      },
    };
    const solver = new SnnSolver(problemAt(0), { recordTrajectory: true }, counting);
    expect(created).toBe(1);
    const first = solver.solve(data.x0_cold);
    expect(first.status).toBe('optimal');
    expect(created).toBe(1);
    // A warm start that holds runs no dynamics, so it needs no kernel.
    solver.setLinearTerm(data.b_sequence[1]);
    const held = solver.solve(first.x);
    expect(held.status).toBe('optimal');
    expect(held.iterations).toBe(0);
    expect(created).toBe(1);
    expect(held.trajectory?.map((x) => Array.from(x))).toEqual([Array.from(first.x)]);
    expect(Array.from(held.spikeCounts).every((c) => c === 0)).toBe(true);
    const ref = data.reference[1].objective;
    expect(Math.abs(held.objective - ref)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref)));
    // A cold solve runs the dynamics: the kernel of the updated setup is created then, once.
    const cold = solver.solve();
    expect(cold.iterations).toBeGreaterThan(0);
    expect(created).toBe(2);
    solver.solve();
    expect(created).toBe(2);
    // ...and it runs on the updated b: the same iterates as a solver built for it.
    const fresh = new SnnSolver(problemAt(1), { recordTrajectory: true }).solve();
    expect(Array.from(cold.x)).toEqual(Array.from(fresh.x));
    expect(cold.iterations).toBe(fresh.iterations);
  });

  it('rejects a linear term of the wrong length with a typed error', () => {
    const solver = new SnnSolver(problemAt(0));
    expect(() => solver.setLinearTerm([1, 2])).toThrow(/b must have 5 entries/);
  });

  it('rejects keys update() cannot change (A, C, typos) instead of ignoring them', () => {
    const solver = new SnnSolver(problemAt(0));
    for (const key of ['A', 'C', 'bb']) {
      let caught: unknown;
      try {
        solver.update({ [key]: [1] } as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SnnOptError);
      expect((caught as SnnOptError).code).toBe('invalid_argument');
      expect((caught as SnnOptError).argument).toBe(`changes.${key}`);
    }
  });
});

describe('problem sizes', () => {
  it('a b whose length disagrees with A names both', () => {
    expect(
      () =>
        new SnnSolver({
          A: [
            [1, 0],
            [0, 1],
          ],
          b: [1, 2, 3],
        }),
    ).toThrow(/b has 3 entries but A is 2×2/);
    expect(() => new SnnSolver({ A: [1, 0, 0, 1], b: [1, 2, 3] })).toThrow(
      /b has 3 entries but A is 2×2/,
    );
  });

  it('an A that is not square is shown with its own shape', () => {
    // Three rows of two: A is 3×2, not 3×3 as the row count alone would say.
    const rows = [
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    let caught: unknown;
    try {
      new SnnSolver({ A: rows, b: [1, 2] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SnnOptError);
    expect(caught).toMatchObject({
      code: 'dimension_mismatch',
      message: 'b has 2 entries but A is 3×2: A must be n×n with n = 2, the length of b',
      argument: 'A',
      expected: '2×2 (the length of b)',
      received: '3×2',
    });
    // Two rows of three, as many rows as b has entries: still the shape, not A[0]'s length.
    expect(() => new SnnSolver({ A: [rows[0].concat(0), rows[1].concat(0)], b: [1, 2] })).toThrow(
      /^b has 2 entries but A is 2×3:/,
    );
    expect(() => new SnnSolver({ A: [[1, 0]], b: [1] })).toThrow(/^b has 1 entry but A is 1×2:/);
  });
});

describe('the message of an early polish', () => {
  it('says that no facet fired when none did (an inactive row), and names the facets when some did', () => {
    // min (x − 1)² + (y − 2)²: the row x + y ≤ 10 never binds, so no spike fires.
    const quiet = new SnnSolver({
      A: [
        [2, 0],
        [0, 2],
      ],
      b: [-2, -4],
      C: [[1, 1]],
      hi: [10],
    }).solve();
    expect(quiet.status).toBe('optimal');
    expect(quiet.spikes).toBe(0);
    expect(quiet.message).toMatch(
      /^no facet fired up to iteration \d+; polish from there found the optimum/,
    );
    // With x + y ≤ 1 the row binds and fires.
    const busy = new SnnSolver({
      A: [
        [2, 0],
        [0, 2],
      ],
      b: [-2, -4],
      C: [[1, 1]],
      hi: [1],
    }).solve();
    expect(busy.spikes).toBeGreaterThan(0);
    expect(busy.message).toMatch(
      /^the facets firing up to iteration \d+ were stable; polish on them/,
    );
  });
});
