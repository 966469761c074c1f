import { describe, expect, it } from 'vitest';
import { SnnSolver } from '../src/index.js';

describe('summary()', () => {
  it('reports status, objective, certificate and times rounded to four significant digits', () => {
    const r = new SnnSolver({
      A: [
        [2, 0],
        [0, 2],
      ],
      b: [-2, -4],
      C: [[1, 1]],
      hi: [2],
    }).solve();
    const text = r.summary();
    expect(text).toMatch(/^status {8}optimal {2}\(/);
    expect(text).toMatch(/objective {5}-4\.5\b/);
    expect(text).toMatch(/certificate {3}passed: residual /);
    const time = /time {10}(\S+) ms solve \+ (\S+) ms setup/.exec(text);
    expect(time).not.toBeNull();
    for (const value of time!.slice(1)) {
      expect(Number(value)).toBeGreaterThan(0);
      // Significant digits of a fixed-point value (exponent form only for < 1e-3 ms).
      if (!value.includes('e'))
        expect(value.replace(/^0\.0*|\./g, '').length).toBeLessThanOrEqual(4);
    }
  });

  it('does not repeat a hot start message on the polish line', () => {
    // min ½‖x‖² − 3(x₁ + x₂) on x ≤ 1, then without x₂'s upper bound: the hot start holds, and
    // its polish reason is the solve's message.
    const solver = new SnnSolver({
      A: [
        [1, 0],
        [0, 1],
      ],
      b: [-3, -3],
      upper: 1,
    });
    const cold = solver.solve();
    solver.update({ upper: [1, Infinity] });
    const warm = solver.solve(cold.x);
    expect(warm.message).toMatch(/^hot start: /);
    expect(warm.polish?.reason).toBe(warm.message);
    const text = warm.summary();
    expect(text.split(warm.message)).toHaveLength(2);
    expect(text).toMatch(/^status {8}optimal {2}\(hot start: /);
    expect(text).toMatch(/^polish {8}accepted \(see the status line above\)$/m);
    // A cold solve's polish reason is its own, and is printed.
    const line = cold
      .summary()
      .split('\n')
      .find((l) => l.startsWith('polish'));
    expect(line).toBe(`polish        ${cold.polish?.status} (${cold.polish?.reason})`);
    expect(cold.polish?.reason).not.toBe(cold.message);
  });

  it('gives the reason, not NaN numbers, for a certificate that was not evaluated', () => {
    // x ≤ 0 and x ≥ 1: infeasible, so there is no optimum to certify.
    const r = new SnnSolver({ A: [[1]], b: [0], C: [[1]], lo: [1], upper: 0 }).solve();
    expect(r.status).toBe('infeasible');
    expect(r.kkt.status).toBe('not_evaluated');
    const line = r
      .summary()
      .split('\n')
      .find((l) => l.startsWith('certificate'));
    expect(line).toMatch(/^certificate {3}not evaluated \(.+\)$/);
    expect(line).not.toMatch(/NaN/);
  });
});
