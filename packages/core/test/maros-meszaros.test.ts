import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type MarosRecord,
  marosTable,
  mmFiles,
  readOptima,
  solveFixture,
} from './helpers/maros.js';

/**
 * Every Maros–Meszaros fixture, solved with the default options. This test
 * asserts honesty, not speed: a problem may end with any status, but one
 * reported `optimal` must carry a passed certificate, sit within 1e-6 of the
 * published optimum (|f − f*| ≤ 1e-6·max(1, |f*|); the published values have
 * about eight significant digits) and hold every row and bound to 1e-6
 * (absolute, as established solvers reach on these files). At least 25 of the
 * 27 must be solved that way.
 *
 * With SNN_OPT_WRITE_RESULTS=1 it also writes benchmarks/results/maros-meszaros-core.md.
 */
const optima = readOptima();
const records: MarosRecord[] = [];

describe('Maros–Meszaros fixtures', () => {
  for (const file of mmFiles()) {
    const name = file.replace(/\.qps$/i, '');
    it(`${name}: never claims an unverified optimum`, () => {
      const published = optima.get(name);
      expect(published, `${name} is listed in optima.csv`).toBeDefined();
      const record = solveFixture(file, published!.objective);
      records.push(record);
      if (record.status === 'optimal') {
        expect(record.certificate).toBe('passed');
        expect(record.relativeGap).toBeLessThanOrEqual(1e-6);
        expect(record.maxViolation).toBeLessThanOrEqual(1e-6);
      }
    });
  }

  it('solves at least 25 of the 27 to 1e-6, and writes the results table when asked', () => {
    expect(records.length).toBe(mmFiles().length);
    expect(records.filter((r) => r.status === 'optimal').length).toBeGreaterThanOrEqual(25);
    if (process.env.SNN_OPT_WRITE_RESULTS !== '1') return;
    const out = fileURLToPath(
      new URL('../../../benchmarks/results/maros-meszaros-core.md', import.meta.url),
    );
    writeFileSync(out, marosTable(records, 'pnpm bench:maros', 'default options, backend js'));
  });
});
