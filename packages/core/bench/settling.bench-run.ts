import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { parseJsonProblem } from '../src/io/json-problem.js';
import { SnnSolver } from '../src/solver/solver.js';
import { type MarosRecord, mmFiles, readOptima, solveFixture } from '../test/helpers/maros.js';

/**
 * Faster settling (DESIGN §4): polish on a stable firing set at checkpoints
 * against polish only at the end, on every Maros–Meszaros fixture and the
 * lineage's 50×30 problem, measured side by side in one run. Asserts that the
 * early stop loses nothing: every problem solved without it is solved with
 * it, to the same objective within 1e-8 relative.
 */
it('polish at checkpoints against polish at the end only', () => {
  const optima = readOptima();
  const rows: string[] = [];
  const totals = { endIterations: 0, earlyIterations: 0, endMs: 0, earlyMs: 0 };
  for (const file of mmFiles()) {
    const name = file.replace(/\.qps$/i, '');
    const published = optima.get(name)!.objective;
    const end: MarosRecord = solveFixture(file, published, { polishAtCheckpoints: false });
    const early: MarosRecord = solveFixture(file, published, { polishAtCheckpoints: true });
    if (end.status === 'optimal') {
      expect(early.status, name).toBe('optimal');
      expect(
        Math.abs(early.objective - end.objective) / Math.max(1, Math.abs(end.objective)),
        name,
      ).toBeLessThanOrEqual(1e-8);
    }
    totals.endIterations += end.iterations;
    totals.earlyIterations += early.iterations;
    totals.endMs += end.timeMs;
    totals.earlyMs += early.timeMs;
    rows.push(
      `| ${name} | ${end.status} | ${end.iterations} | ${end.timeMs.toFixed(1)} | ${early.status} | ${early.iterations} | ${early.timeMs.toFixed(1)} |`,
    );
  }
  const lineage = readFileSync(
    fileURLToPath(new URL('../test/fixtures/lineage/convergence-50x30.json', import.meta.url)),
    'utf8',
  );
  const reference = JSON.parse(lineage).reference.objective as number;
  const lineageRows = [false, true].map((polishAtCheckpoints) => {
    const r = new SnnSolver(parseJsonProblem(lineage).problem, { polishAtCheckpoints }).solve();
    const gap = Math.abs(r.objective - reference) / Math.abs(reference);
    return `| convergence-50x30 (${polishAtCheckpoints ? 'at checkpoints' : 'at the end'}) | ${r.status} | ${r.iterations} | ${gap.toExponential(2)} | ${r.timings.solveMs.toFixed(1)} |`;
  });
  const text = [
    '# Faster settling: polish on a stable firing set',
    '',
    'Regenerate with `pnpm bench:settling`. Same run, same machine (shared and noisy: compare the two columns,',
    'not absolute times). "At the end" polishes once after the stopping policy or the budget ends the',
    'dynamics; "at checkpoints" (`polishAtCheckpoints`, the default) also polishes during the dynamics,',
    'every `polishEvery` (10) iterations, when the point is feasible and the set of facets that fired in',
    'the last 10 iterations repeats that of the 10 before, and stops when the polished point is accepted.',
    'Both run every backend identically (polish runs on the host).',
    '',
    `Totals over the Maros–Meszaros fixtures: iterations ${totals.endIterations} → ${totals.earlyIterations}` +
      ` (${(totals.endIterations / totals.earlyIterations).toFixed(2)}×), time ${totals.endMs.toFixed(0)} ms → ${totals.earlyMs.toFixed(0)} ms` +
      ` (${(totals.endMs / totals.earlyMs).toFixed(2)}×).`,
    '',
    '| problem | status (end) | iterations (end) | ms (end) | status (checkpoints) | iterations (checkpoints) | ms (checkpoints) |',
    '| --- | --- | ---: | ---: | --- | ---: | ---: |',
    ...rows,
    '',
    '| lineage problem | status | iterations | relative gap to the reference optimum | solve ms |',
    '| --- | --- | ---: | ---: | ---: |',
    ...lineageRows,
    '',
  ].join('\n');
  writeFileSync(
    fileURLToPath(new URL('../../../benchmarks/results/settling.md', import.meta.url)),
    text,
  );
  expect(totals.earlyIterations).toBeGreaterThan(0);
});
