import { normalizeProblem } from '@snn-opt/core';
import { describe, expect, it } from 'vitest';
import type { PeerRun, PeerSolver } from '../src/solvers.js';
import { ACCURATE, accuracyBar, checkedStatus, toRow } from '../src/suites/peers.js';

const run = (status: string, objective: number, maxViolation: number): PeerRun => ({
  status,
  x: new Float64Array(1),
  objective,
  maxViolation,
  setupMs: 0,
  solveMs: 0,
  iterations: null,
});

describe('peers: a reported optimum is checked', () => {
  it('keeps optimal within the limits and says inaccurate beyond them', () => {
    expect(checkedStatus(run('optimal', 5.3266, 0), 5.3266).status).toBe('optimal');
    // quadprog on HS52 (a singular Hessian it did not refuse): objective 169 against 5.3266.
    const wrong = checkedStatus(run('optimal', 169, 5.9e-7), 5.3266);
    expect(wrong.status).toBe('inaccurate');
    expect(wrong.note).toMatch(/30\.7 \(relative\) above/);
    // Feasibility counts too: a point off by more than ACCURATE·max(1, |f|).
    expect(checkedStatus(run('optimal', 2, 3 * ACCURATE), 2).status).toBe('inaccurate');
    expect(checkedStatus(run('optimal', 2, 1.5 * ACCURATE), 2).status).toBe('optimal');
    // Below the bar is not this run's error.
    expect(checkedStatus(run('optimal', 1.9, 0), 2).status).toBe('optimal');
    // Optimal without a finite objective cannot stand.
    expect(checkedStatus(run('optimal', Number.NaN, 0), 2).status).toBe('inaccurate');
  });

  it('leaves other statuses as the solver gave them, and optimal when nothing can check it', () => {
    expect(checkedStatus({ ...run('refused', Number.NaN, Number.NaN), x: null }, 1)).toEqual({
      status: 'refused',
      note: undefined,
    });
    expect(checkedStatus(run('optimal', 1, 0), Number.NaN).status).toBe('optimal');
  });

  it('takes the bar from the published optimum and the strictly feasible runs of any solver', () => {
    const runs = [run('optimal', 3, 0), run('optimal', 2, 0), run('optimal', 1, 1e-3)];
    // The third is lower but infeasible beyond rounding: it does not lower the bar.
    expect(accuracyBar(runs, 3)).toBe(2);
    expect(accuracyBar(runs, 3, 2.5)).toBe(2);
    expect(accuracyBar(runs, 3, 1.5)).toBe(1.5);
    expect(accuracyBar([run('failed', Number.NaN, Number.NaN)], 7)).toBe(7);
  });
});

describe('peers: toRow with stand-in solvers', () => {
  // min ½x² − x (optimum x = 1, f = −0.5) with x ≤ 3: a stand-in "peer" returns
  // a feasible but suboptimal point and says optimal (the HS52 failure mode),
  // while "snn" finds the optimum. The peer is the chosen reference (peers come
  // first), but the verified lower objective unmasks it.
  const p = normalizeProblem({ A: [[1]], b: [-1], C: [[1]], hi: [3] });
  const solver = (name: string, x: number): PeerSolver => ({
    name,
    run: () => ({
      status: 'optimal',
      x: Float64Array.of(x),
      objective: 0.5 * x * x - x,
      maxViolation: 0,
      setupMs: 0.1,
      solveMs: 0.1,
      iterations: 1,
    }),
  });
  it('marks the suboptimal peer inaccurate and keeps the correct run optimal', () => {
    const row = toRow('n-sweep', 'toy', p, [solver('snn-opt/js', 1), solver('quadprog', 2)], 1);
    const status = Object.fromEntries(row.entries.map((e) => [e.solver, e.status]));
    expect(row.reference.source).toMatch(/quadprog/);
    expect(status).toEqual({ 'snn-opt/js': 'optimal', quadprog: 'inaccurate' });
  });
});
