/**
 * The three pictures of one solve — spike raster, objective gap, 2-D
 * trajectory — as standalone SVG strings. Run after `pnpm build`:
 *
 *     node --experimental-strip-types examples/figures.ts   (or tsx examples/figures.ts)
 *
 * and it writes raster.svg, gap.svg and path.svg into the current directory.
 */
import { writeFileSync } from 'node:fs';
import { objectiveValue, SnnSolver } from '@snn-opt/core';
import { halfPlanesFromRows } from '@snn-opt/viz';
import { objectiveGapSvg, spikeRasterSvg, trajectorySvg } from '@snn-opt/viz/server';

/** The figures of min ½xᵀAx + bᵀx subject to Cx ≤ hi: three walls, one of them active at the optimum. */
export function figures(): { raster: string; gap: string; path: string } {
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const { raster, gap, path } = figures();
  writeFileSync('raster.svg', raster);
  writeFileSync('gap.svg', gap);
  writeFileSync('path.svg', path);
  console.log('wrote raster.svg, gap.svg, path.svg');
}
