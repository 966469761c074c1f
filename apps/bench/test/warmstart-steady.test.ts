import { normalizeProblem } from '@snn-opt/core';
import { describe, expect, it } from 'vitest';
import { steadyState } from '../src/suites/warmstart-steady.js';

describe('warmstart: the steady-state loop', () => {
  const base = {
    A: [
      [2, 0],
      [0, 2],
    ],
    b: [-1, -1],
    upper: 1,
  };

  it('refuses a sequence whose steps do not share A and C (update() keeps them)', () => {
    const problems = [
      normalizeProblem(base),
      normalizeProblem({
        ...base,
        A: [
          [3, 0],
          [0, 2],
        ],
      }),
    ];
    expect(() => steadyState(problems, [0, 0], [0, 0], (x) => x, {}, 2)).toThrow(
      /step 1 has an A or C of its own/,
    );
  });

  it('runs a sequence that shares them, and every warm solve reaches the reference', () => {
    // min x² + y² + b·x on x, y ≤ 1 is separable: each coordinate is −b/2 clipped to 1.
    const bs = [
      [-1, -1],
      [-3, 1],
    ];
    const problems = bs.map((b) => normalizeProblem({ ...base, b }));
    const references = bs.map((b) =>
      b.reduce((s, bi) => {
        const x = Math.min(1, -bi / 2);
        return s + x * x + bi * x;
      }, 0),
    );
    const s = steadyState(problems, references, [0, 0], (x) => x, {}, 4);
    expect(s.statuses).toEqual({ optimal: 7 });
    expect(s.maxWarmGap).toBeLessThanOrEqual(1e-12);
  });
});
