import { describe, expect, it } from 'vitest';
import { clipSweep, mostViolated, refreshActivities, spikeSweep } from '../src/dynamics/sweep.js';
import { rowActivities } from '../src/problem/facets.js';
import { kernelFor, spikeLog, sweepStateFor } from './helpers/setup.js';

const I2 = [
  [1, 0],
  [0, 1],
];

describe('spike sweep: candidate order and ties', () => {
  it('picks the first row in the frozen order when two rows are equally violated', () => {
    // x1 ≤ −1 and x2 ≤ −1 at the origin: both at distance exactly 1.
    const s = sweepStateFor(
      {
        A: I2,
        b: [0, 0],
        C: [
          [1, 0],
          [0, 1],
        ],
        hi: [-1, -1],
      },
      [0, 0],
    );
    refreshActivities(s);
    expect(mostViolated(s, s.constraintTol)).toBe(0);
  });

  it('puts rows before bound facets and lower before upper facets in ties', () => {
    // Row 0: x1 ≤ −1 (distance 1); lower bound x2 ≥ 1 (distance 1) → the row (id 0) wins.
    const s = sweepStateFor(
      { A: I2, b: [0, 0], C: [[1, 0]], hi: [-1], lower: [-Infinity, 1] },
      [0, 0],
    );
    refreshActivities(s);
    expect(mostViolated(s, s.constraintTol)).toBe(0);
    // Lower facet of x1 (id m+0 = 1) vs upper facet of x2 (id m+n+1 = 4), both at distance 2.
    const t = sweepStateFor(
      { A: I2, b: [0, 0], C: [[0, 0]], hi: [1], lower: [2, -Infinity], upper: [Infinity, -2] },
      [0, 0],
    );
    refreshActivities(t);
    expect(mostViolated(t, t.constraintTol)).toBe(1);
  });

  it('lets a strictly larger violation later in the order win', () => {
    const s = sweepStateFor(
      { A: I2, b: [0, 0], C: [[1, 0]], hi: [-1], upper: [Infinity, -3] },
      [0, 0],
    );
    refreshActivities(s);
    expect(mostViolated(s, s.constraintTol)).toBe(1 + 2 + 1); // upper facet of x2: m + n + 1
  });

  it('measures row violation geometrically, so a scaled row does not win by its scale', () => {
    // 1000·x1 ≤ −1000 (distance 1) against x2 ≤ −1.5 (distance 1.5).
    const s = sweepStateFor(
      {
        A: I2,
        b: [0, 0],
        C: [
          [1000, 0],
          [0, 1],
        ],
        hi: [-1000, -1.5],
      },
      [0, 0],
    );
    refreshActivities(s);
    expect(mostViolated(s, s.constraintTol)).toBe(1);
  });
});

describe('spike sweep: projections', () => {
  it('projects onto the violated side of a two-sided row', () => {
    const below = sweepStateFor({ A: I2, b: [0, 0], C: [[1, 1]], lo: [1], hi: [3] }, [0, 0]);
    refreshActivities(below);
    const { log, observer } = spikeLog();
    spikeSweep(below, 1, observer);
    expect(log).toEqual([[0, -1]]);
    expect(Array.from(below.x)).toEqual([0.5, 0.5]);
    const above = sweepStateFor({ A: I2, b: [0, 0], C: [[1, 1]], lo: [1], hi: [3] }, [4, 4]);
    refreshActivities(above);
    const upper = spikeLog();
    spikeSweep(above, 1, upper.observer);
    expect(upper.log).toEqual([[0, 1]]);
    expect(Array.from(above.x)).toEqual([1.5, 1.5]);
  });

  it('lands exactly on an equality row from either side', () => {
    for (const start of [
      [-2, 5],
      [7, 1],
    ]) {
      const s = sweepStateFor({ A: I2, b: [0, 0], C: [[1, -2]], lo: [1], hi: [1] }, start);
      refreshActivities(s);
      spikeSweep(s, 1, null);
      // Tolerance: one projection step, rounding only.
      expect(Math.abs(s.x[0] - 2 * s.x[1] - 1)).toBeLessThan(1e-14);
    }
  });

  it('keeps the laterally updated activities equal to a fresh Cx', () => {
    const C = [
      [1, 2, -1],
      [0.5, -1, 3],
      [-2, 0.3, 1],
    ];
    const s = sweepStateFor(
      {
        A: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        b: [0, 0, 0],
        C,
        lo: [-1, -Infinity, 0.5],
        hi: [1, 0.2, 2],
        lower: -0.4,
        upper: 0.9,
      },
      [3, -2, 5],
    );
    refreshActivities(s);
    const outcome = spikeSweep(s, 1, null);
    expect(outcome.spikes).toBeGreaterThan(2);
    const fresh = rowActivities(s.C, s.m, s.n, s.x);
    // Tolerance: O(spikes · eps · |C||x|) drift of the lateral updates; 1e-12 is far above it.
    for (let i = 0; i < s.m; i++) expect(Math.abs(fresh[i] - s.r[i])).toBeLessThan(1e-12);
  });

  it('uses the exact separable clip when there are no rows', () => {
    const s = sweepStateFor({ A: I2, b: [0, 0], lower: [0, -1], upper: [1, 1] }, [-3, 2]);
    const { log, observer } = spikeLog();
    const outcome = clipSweep(s, 1, observer);
    expect(Array.from(s.x)).toEqual([0, 1]);
    expect(outcome.spikes).toBe(2);
    expect(log).toEqual([
      [0, -1],
      [2 + 1, 1],
    ]);
  });
});

describe('spike sweep: bounds are facets of the same sweep', () => {
  it('reaches the joint optimum where a clip after the sweep would not', () => {
    // min ½‖x − (3, −1)‖² s.t. x1 + x2 ≤ 1, 0 ≤ x ≤ 2: optimum (1, 0) with the row and x2 ≥ 0 active.
    // Projecting (3, −1) onto the row gives (2.5, −1.5); clipping that gives (2, 0), which violates the row.
    const kernel = kernelFor({ A: I2, b: [-3, 1], C: [[1, 1]], hi: [1], lower: 0, upper: 2 });
    kernel.reset(Float64Array.from([3, -1]));
    kernel.advance(3000);
    // Tolerance: the discretised flow sits O(k0·constraintTol) from the optimum; 1e-5 covers it.
    expect(kernel.x[0]).toBeCloseTo(1, 5);
    expect(kernel.x[1]).toBeCloseTo(0, 5);
    expect(kernel.x[0] + kernel.x[1]).toBeLessThanOrEqual(1 + 1e-6);
  });
});

describe('spike sweep: the cap', () => {
  it('stops with projection_budget_exhausted on an infeasible pair of rows', () => {
    // x1 ≤ −1 and x1 ≥ 1 cannot both hold: the spikes alternate until the cap.
    const kernel = kernelFor(
      {
        A: I2,
        b: [0, 0],
        C: [
          [1, 0],
          [1, 0],
        ],
        hi: [-1, Infinity],
        lo: [-Infinity, 1],
      },
      { maxSpikesPerSweep: 25 },
    );
    kernel.reset(new Float64Array(2));
    expect(kernel.advance(10)).toBe('projection_budget_exhausted');
    expect(kernel.iteration).toBe(1);
    expect(kernel.spikes).toBe(25);
  });

  it('counts the cap exactly: two needed spikes exhaust a cap of 1 but not a cap of 2', () => {
    // From the origin, x1 ≤ −1 fires first (distance 1 vs 0.5), then x2 ≤ −0.5.
    const problem = {
      A: I2,
      b: [0, 0],
      C: [
        [1, 0],
        [0, 1],
      ],
      hi: [-1, -0.5],
    };
    const tight = kernelFor(problem, { maxSpikesPerSweep: 1, k0: 1e-12 });
    tight.reset(new Float64Array(2));
    expect(tight.advance(1)).toBe('projection_budget_exhausted');
    const enough = kernelFor(problem, { maxSpikesPerSweep: 2, k0: 1e-12 });
    enough.reset(new Float64Array(2));
    expect(enough.advance(1)).toBe('running');
    expect(enough.spikes).toBe(2);
  });
});
