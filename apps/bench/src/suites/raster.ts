/**
 * raster: the spike raster and objective gap of a 4-D box QP whose
 * unconstrained optimum lies outside the box and of an 8-D QP over a
 * 16-facet polytope, plus the 2-D picture of a quadratic with three
 * half-spaces (drift, spikes at the active walls, settling).
 */
import { describeCandidate, normalizeProblem, type ProblemInput, SnnSolver } from '@snn-opt/core';
import {
  fmt,
  mdTable,
  objectiveOf,
  progressBar,
  provenance,
  type RunContext,
  relativeGap,
  type SuiteOutcome,
  writeSuite,
} from '../common.js';
import { type Figure, renderFigures } from '../figures.js';
import { boxQP4, plane2D, polytopeQP8 } from '../problems.js';
import { quadprogSolver } from '../solvers.js';

/**
 * k0Scale of the polytope case: a slower drift than the default, so that the
 * facets met on the way (and left again) fire over enough iterations to see.
 */
export const POLYTOPE_K0_SCALE = 0.1;

/** Iterations of the 2-D picture (enough to settle; more would only stack markers). */
const PLANE_BUDGET = (quick: boolean): number => (quick ? 40 : 120);

/** Raw dynamics (no polish) so the picture shows the search, over a fixed budget. */
function record(input: ProblemInput, maxIterations: number, k0Scale?: number) {
  const problem = normalizeProblem(input);
  // The reference: quadprog's exact active-set solution (A is positive definite here).
  const ref = quadprogSolver.run(problem);
  const r = new SnnSolver(problem, {
    polish: false,
    polishAtCheckpoints: false,
    recordSpikes: true,
    recordTrajectory: true,
    maxIterations,
    minIterations: maxIterations,
    ...(k0Scale === undefined ? {} : { k0Scale }),
  }).solve();
  const gap = (r.trajectory ?? []).map((x) => relativeGap(objectiveOf(problem, x), ref.objective));
  const candidates = problem.m + 2 * problem.n;
  const labels = Array.from({ length: candidates }, (_, k) => {
    const d = describeCandidate(problem, k);
    if (d.kind === 'row') return `row ${d.index}`;
    return d.kind === 'lower_bound' ? `x${d.index} ≥ l` : `x${d.index} ≤ u`;
  });
  const firing = [...new Set((r.spikeEvents ?? []).map((e) => e.candidate))].sort((a, b) => a - b);
  // The candidate facets that exist (a finite side): the raster gives each a row, fired or not.
  const facets = Array.from({ length: candidates }, (_, k) => k).filter((k) => {
    const d = describeCandidate(problem, k);
    if (d.kind === 'row') {
      return Number.isFinite(problem.lo[d.index]) || Number.isFinite(problem.hi[d.index]);
    }
    return Number.isFinite(
      d.kind === 'lower_bound' ? problem.lower[d.index] : problem.upper[d.index],
    );
  });
  return { problem, ref, r, gap, candidates, labels, firing, facets };
}

export async function runRaster(ctx: RunContext): Promise<SuiteOutcome> {
  const budget = ctx.quick ? 80 : 300;
  const bar = progressBar(ctx, 'raster', 3);
  const box = record(boxQP4(), budget);
  bar.tick('4-D box');
  const poly = record(polytopeQP8(), budget, POLYTOPE_K0_SCALE);
  bar.tick('8-D polytope');
  const planeInput = plane2D();
  const plane = record(planeInput, PLANE_BUDGET(ctx.quick));
  bar.tick('2-D plane');
  bar.stop();
  const unconstrained = [3, 2.5];
  const cases = [
    {
      name: 'box4',
      title: '4-D box-constrained QP, unconstrained optimum (2, −1.5, 0.5, 3) outside [−1, 1]⁴',
      short: '4-D box QP',
      run: box,
    },
    {
      name: 'polytope8',
      title: `8-D QP over a 16-facet polytope (k0Scale ${POLYTOPE_K0_SCALE})`,
      short: `8-D QP over a 16-facet polytope (k0Scale ${POLYTOPE_K0_SCALE})`,
      run: poly,
    },
    {
      name: 'plane2',
      title: '2-D quadratic with three half-spaces',
      short: '2-D quadratic with three half-spaces',
      run: plane,
    },
  ];
  const figures: Figure[] = [];
  for (const c of cases.slice(0, 2)) {
    figures.push({
      file: `raster-${c.name}-spikes.svg`,
      kind: 'spikeRaster',
      title: `${c.title}: spikes per candidate facet (polish off)`,
      candidates: c.run.candidates,
      facets: c.run.facets,
      iterations: c.run.r.iterations,
      events: c.run.r.spikeEvents ?? [],
      labels: c.run.labels,
    });
    figures.push({
      file: `raster-${c.name}-gap.svg`,
      kind: 'objectiveGap',
      title: `${c.short}: objective gap (polish off)`,
      // The raster's iteration axis, so the two figures stack with iterations aligned.
      xDomain: [0, c.run.r.iterations],
      series: [{ label: 'no polish', gap: c.run.gap }],
    });
  }
  figures.push({
    file: 'raster-plane2-trajectory.svg',
    kind: 'trajectory',
    title: cases[2].title,
    A: planeInput.A as number[][],
    b: Array.from(planeInput.b),
    C: planeInput.C,
    hi: planeInput.hi,
    path: (plane.r.trajectory ?? []).map((x) => Array.from(x)),
    spikes: (plane.r.spikeEvents ?? []).map((e) => ({
      iteration: e.iteration,
      candidate: e.candidate,
    })),
    unconstrained,
    optimum: Array.from(plane.ref.x ?? []),
  });
  const svgFiles = await renderFigures(ctx, figures);
  const json = {
    suite: 'raster',
    settings: {
      polish: false,
      polishAtCheckpoints: false,
      maxIterations: budget,
      minIterations: budget,
      maxIterationsPlane2: PLANE_BUDGET(ctx.quick),
      k0Scale: `default, except polytope8: ${POLYTOPE_K0_SCALE}`,
      x0: 'origin',
    },
    reference: 'quadprog (exact dual active-set solution; every Hessian here is positive definite)',
    cases: cases.map((c) => ({
      name: c.name,
      title: c.title,
      n: c.run.problem.n,
      m: c.run.problem.m,
      referenceObjective: c.run.ref.objective,
      referenceX: c.run.ref.x,
      status: c.run.r.status,
      iterations: c.run.r.iterations,
      spikes: c.run.r.spikes,
      finalGap: c.run.gap[c.run.gap.length - 1],
      firingCandidates: c.run.firing.map((k) => ({ candidate: k, label: c.run.labels[k] })),
      spikeEvents: c.run.r.spikeEvents,
      gapPerIteration: c.run.gap,
      trajectory: c.name === 'plane2' ? c.run.r.trajectory : undefined,
    })),
    plane2: { ...planeInput, unconstrained },
  };
  const md = [
    '# raster',
    '',
    provenance(ctx, 'raster'),
    '',
    "Raw dynamics (polish off) from the origin over a fixed budget; the gap is against quadprog's exact solution.",
    '',
    mdTable(
      ['problem', 'n', 'm', 'iterations', 'spikes', 'facets that fired', 'final gap'],
      cases.map((c) => [
        c.title,
        c.run.problem.n,
        c.run.problem.m,
        c.run.r.iterations,
        c.run.r.spikes,
        c.run.firing.map((k) => c.run.labels[k]).join(', '),
        fmt(c.run.gap[c.run.gap.length - 1]),
      ]),
    ),
    '',
    ...svgFiles.map((f) => `![${f}](${f})`),
  ].join('\n');
  return {
    suite: 'raster',
    files: [...writeSuite(ctx, 'raster', json, md), ...svgFiles],
    summary: cases.map(
      (c) =>
        `${c.name}: ${c.run.r.spikes} spikes on ${c.run.firing.length} facets, final gap ${fmt(c.run.gap[c.run.gap.length - 1])}`,
    ),
  };
}
