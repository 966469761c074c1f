/**
 * The three pictures of one solve — spike raster, objective gap, 2-D
 * trajectory — as standalone SVG strings. Run after `pnpm build`:
 *
 *     pnpm --filter @snn-opt/viz example /tmp/figures
 *
 * and it writes raster.svg, gap.svg and path.svg into that directory (default:
 * the current one, packages/viz under pnpm).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { objectiveValue, SnnSolver } from '@snn-opt/core';
import { halfPlanesFromRows } from '@snn-opt/viz';
import { objectiveGapSvg, spikeRasterSvg, trajectorySvg } from '@snn-opt/viz/server';

/** The figures of min ½xᵀAx + bᵀx subject to Cx ≤ hi: three walls, one of them active at the optimum. */
export function figures(): { raster: string; gap: string; path: string; gaps: number[] } {
  const A = [
    [2, 0],
    [0, 1],
  ];
  const b = [-4, -3];
  const C = [
    [1, 1],
    [1, -1],
    [-1, 2],
  ];
  const hi = [2, 1, 2.5];
  const solver = new SnnSolver(
    { A, b, C, hi },
    { recordSpikes: true, recordTrajectory: true, polish: false },
  );
  const result = solver.solve();
  const events = result.spikeEvents ?? [];
  const path = result.trajectory ?? [];
  // The gap of each iterate of the raw dynamics to the exact optimum, here from a polished
  // solve whose KKT certificate passed (a published optimum serves as well).
  const optimum = new SnnSolver({ A, b, C, hi }).solve().objective;
  const gaps = path.map((x) => Math.abs(objectiveValue(solver.problem, x) - optimum));
  return {
    gaps,
    raster: spikeRasterSvg({ events, title: 'Spike raster' }),
    gap: objectiveGapSvg({ series: [{ label: 'no polish', gaps }], title: 'Objective gap' }),
    path: trajectorySvg({
      A,
      b,
      constraints: halfPlanesFromRows(C, null, hi), // rows lo ≤ Cx ≤ hi as half-planes c·x ≤ h
      path,
      spikes: events,
      constrainedOptimum: result.x,
      title: 'Three walls',
    }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? '.';
  mkdirSync(dir, { recursive: true });
  const { raster, gap, path } = figures();
  writeFileSync(join(dir, 'raster.svg'), raster);
  writeFileSync(join(dir, 'gap.svg'), gap);
  writeFileSync(join(dir, 'path.svg'), path);
  console.log(`wrote raster.svg, gap.svg and path.svg in ${dir}`);
}
