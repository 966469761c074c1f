import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SnnOptError } from '../src/errors.js';
import { fromLineageForm } from '../src/problem/lineage.js';
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
    expect(Array.from(reused.solve(data.x0_cold).x)).toEqual(Array.from(a.x));
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
});
