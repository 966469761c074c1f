import { describe, expect, it } from 'vitest';
import type { PeerRun } from '../src/solvers.js';
import { ACCURATE, checkedStatus } from '../src/suites/peers.js';

const run = (status: string, objective: number, maxViolation: number): PeerRun => ({
  status,
  x: new Float64Array(1),
  objective,
  maxViolation,
  setupMs: 0,
  solveMs: 0,
  iterations: null,
});

describe('peers: a reported optimum is checked against the reference', () => {
  it('keeps optimal within the limits and says inaccurate beyond them', () => {
    expect(checkedStatus(run('optimal', 5.3266, 0), 1e-9).status).toBe('optimal');
    // quadprog on HS52 (a singular Hessian it did not refuse): objective 169 against 5.3266.
    const wrong = checkedStatus(run('optimal', 169, 5.9e-7), 30.7);
    expect(wrong.status).toBe('inaccurate');
    expect(wrong.note).toMatch(/gap 30\.7/);
    // Feasibility counts too: a point off by more than ACCURATE·max(1, |f|).
    expect(checkedStatus(run('optimal', 2, 3 * ACCURATE), 0).status).toBe('inaccurate');
    expect(checkedStatus(run('optimal', 2, 1.5 * ACCURATE), 0).status).toBe('optimal');
  });

  it('leaves other statuses, and runs without a reference, as the solver gave them', () => {
    expect(
      checkedStatus({ ...run('refused', Number.NaN, Number.NaN), x: null }, Number.NaN),
    ).toEqual({ status: 'refused', note: undefined });
    expect(checkedStatus(run('optimal', 1, 0), Number.NaN).status).toBe('optimal');
  });
});
