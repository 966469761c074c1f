/**
 * convergence: objective gap per iteration on the lineage's 50×30 problem,
 * against the fixture's exact reference objective (never a long run of the
 * solver itself), with and without polish.
 */
import { SnnSolver } from '@snn-opt/core';
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
import { convergenceFixture } from '../problems.js';

export async function runConvergence(ctx: RunContext): Promise<SuiteOutcome> {
  const fx = convergenceFixture();
  const maxIterations = ctx.quick ? 400 : 3000;
  const bar = progressBar(ctx, 'convergence', 2);
  const runs = [false, true].map((polish) => {
    const solver = new SnnSolver(fx.problem, {
      polish,
      polishAtCheckpoints: polish,
      recordTrajectory: true,
      maxIterations,
    });
    const r = solver.solve(fx.x0);
    bar.tick(polish ? 'polish on' : 'polish off');
    // trajectory[0] is x0; trajectory[k] the iterate after iteration k.
    const gaps = (r.trajectory ?? []).map((x) =>
      relativeGap(objectiveOf(fx.problem, x), fx.referenceObjective),
    );
    return {
      polish,
      status: r.status,
      iterations: r.iterations,
      polishStatus: r.polish?.status ?? 'none',
      finalObjective: r.objective,
      finalGap: relativeGap(r.objective, fx.referenceObjective),
      maxViolation: r.feasibility.maxViolation,
      kktRelative: r.kkt.relative,
      setupMs: r.timings.setupMs,
      solveMs: r.timings.solveMs,
      gapPerIteration: gaps,
    };
  });
  bar.stop();
  const [raw, polished] = runs;
  const tail = raw.gapPerIteration.slice(-100);
  const json = {
    suite: 'convergence',
    problem: { n: fx.problem.n, m: fx.problem.m, description: fx.description },
    reference: {
      objective: fx.referenceObjective,
      source: 'fixture reference.objective (exact active-set KKT solve)',
    },
    gap: '|f(x_k) − f*| / max(1, |f*|)',
    settings: {
      maxIterations,
      x0: 'fixture x0',
      withoutPolish: { polish: false, polishAtCheckpoints: false },
      withPolish: { polish: true, polishAtCheckpoints: true },
    },
    runs,
  };
  const rows = runs.map((r) => [
    r.polish ? 'on' : 'off',
    r.status,
    r.iterations,
    r.polishStatus,
    fmt(r.finalGap),
    fmt(r.maxViolation),
    fmt(r.kktRelative),
    fmt(r.solveMs),
  ]);
  const figures: Figure[] = [
    {
      file: 'convergence-gap.svg',
      kind: 'objectiveGap',
      title: 'Objective gap per iteration, 50×30 lineage problem',
      series: [
        { label: 'no polish', gap: raw.gapPerIteration },
        { label: 'polish', gap: [...polished.gapPerIteration.slice(0, -1), polished.finalGap] },
      ],
    },
  ];
  const svgFiles = await renderFigures(ctx, figures);
  const md = [
    '# convergence',
    '',
    provenance(ctx, 'convergence'),
    '',
    `Lineage problem n = ${fx.problem.n}, m = ${fx.problem.m}; reference objective ${fx.referenceObjective} (exact, from the fixture).`,
    'Gap = |f(x_k) − f*| / max(1, |f*|). With polish the last point is the polished one.',
    '',
    mdTable(
      [
        'polish',
        'status',
        'iterations',
        'polish result',
        'final gap',
        'max violation',
        'KKT relative',
        'solve ms',
      ],
      rows,
    ),
    '',
    `Without polish the last 100 iterates' gap spans ${fmt(Math.min(...tail))} .. ${fmt(Math.max(...tail))} (the O(k0) offset of the discretised flow).`,
    '',
    ...svgFiles.map((f) => `![${f}](${f})`),
  ].join('\n');
  const files = [...writeSuite(ctx, 'convergence', json, md), ...svgFiles];
  return {
    suite: 'convergence',
    files,
    summary: [
      `no polish: gap ${fmt(raw.finalGap)} after ${raw.iterations} iterations (${raw.status})`,
      `polish: gap ${fmt(polished.finalGap)} after ${polished.iterations} iterations (${polished.status}, polish ${polished.polishStatus})`,
    ],
  };
}
