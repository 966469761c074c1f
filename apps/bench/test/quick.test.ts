/**
 * CI check of the benchmark runner: `--quick` for every suite into a temp
 * directory, then every suite must have written its files. Speed is not
 * checked here (the committed results carry the numbers).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, SUITES } from '../src/main.js';

/** Files each suite must produce (backends only points at benchmarks/results/backends.md). */
const EXPECTED: Record<string, string[]> = {
  convergence: ['convergence.json', 'convergence.md', 'convergence-gap.svg'],
  raster: [
    'raster.json',
    'raster.md',
    'raster-box4-spikes.svg',
    'raster-box4-gap.svg',
    'raster-polytope8-spikes.svg',
    'raster-polytope8-gap.svg',
    'raster-plane2-trajectory.svg',
  ],
  warmstart: [
    'warmstart.json',
    'warmstart.md',
    'warmstart-lineage-5x4-polish-iterations.svg',
    'warmstart-mpc-double-integrator-N25-polish-iterations.svg',
  ],
  tuning: ['tuning.json', 'tuning.md', 'tuning-gap-vs-k0scale.svg'],
  peers: [
    'peers.json',
    'peers.md',
    'peers-n-sweep.svg',
    'peers-kappa-sweep.svg',
    'peers-maros-meszaros.svg',
  ],
  backends: ['backends.json'],
};

describe('pnpm bench --quick', () => {
  let out: string;
  let code: number;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'snn-bench-'));
    code = await main(['--quick', '--no-progress', '--out', out]);
  }, 110_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('covers every suite', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(SUITES).sort());
  });

  it('exits 0', () => {
    expect(code).toBe(0);
  });

  it('warmstart ran its steady-state loop: every warm solve optimal at the reference objective', () => {
    const json = JSON.parse(readFileSync(join(out, 'warmstart.json'), 'utf8'));
    const steady = json.steadyState.sequences as Array<{
      name: string;
      timedSolves: number;
      statuses: Record<string, number>;
      quadprogStatuses: Record<string, number>;
      maxWarmGap: number;
      warmSolveOverQuadprog: number;
    }>;
    expect(steady.map((s) => s.name)).toEqual(['lineage-5x4', 'mpc-double-integrator-N25']);
    for (const s of steady) {
      expect(s.timedSolves, s.name).toBeGreaterThan(0);
      expect(Object.keys(s.statuses), s.name).toEqual(['optimal']);
      expect(Object.keys(s.quadprogStatuses), s.name).toEqual(['optimal']);
      // References: the lineage fixture's objectives and quadprog's; both exact up to rounding.
      expect(s.maxWarmGap, s.name).toBeLessThanOrEqual(1e-9);
      expect(Number.isFinite(s.warmSolveOverQuadprog), s.name).toBe(true);
    }
  });

  for (const [suite, files] of Object.entries(EXPECTED)) {
    it(`${suite} wrote ${files.join(', ')}`, () => {
      for (const file of files) {
        const path = join(out, file);
        expect(existsSync(path), `${path} exists`).toBe(true);
        expect(statSync(path).size, `${path} is not empty`).toBeGreaterThan(0);
        if (file.endsWith('.json'))
          expect(JSON.parse(readFileSync(path, 'utf8')).suite).toBe(suite);
        // The backends pointer dates the report by its own Command: line.
        if (file === 'backends.json')
          expect(JSON.parse(readFileSync(path, 'utf8')).generated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        if (file.endsWith('.svg')) expect(readFileSync(path, 'utf8').startsWith('<svg')).toBe(true);
      }
    });
  }
});
