/**
 * tuning: the raw dynamics' accuracy against the step size. Objective gap at
 * the end of three iteration budgets, for k0Scale from 0.05 to 1.9, polish off.
 */
import { SnnSolver } from '@snn-opt/core';
import {
  fmt,
  mdTable,
  progressBar,
  provenance,
  type RunContext,
  relativeGap,
  type SuiteOutcome,
  writeSuite,
} from '../common.js';
import { type Figure, renderFigures } from '../figures.js';
import { convergenceFixture } from '../problems.js';

export async function runTuning(ctx: RunContext): Promise<SuiteOutcome> {
  const fx = convergenceFixture();
  const scales = ctx.quick
    ? [0.05, 0.5, 1.0, 1.9]
    : [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9];
  const budgets = ctx.quick ? [50, 150, 400] : [200, 1000, 5000];
  const bar = progressBar(ctx, 'tuning', scales.length * budgets.length);
  const cells: Array<{
    k0Scale: number;
    budget: number;
    status: string;
    iterations: number;
    gap: number;
    maxViolation: number;
  }> = [];
  for (const budget of budgets) {
    for (const k0Scale of scales) {
      // minIterations = budget: no checkpoint can stop the run before the budget.
      const r = new SnnSolver(fx.problem, {
        k0Scale,
        polish: false,
        polishAtCheckpoints: false,
        maxIterations: budget,
        minIterations: budget,
      }).solve(fx.x0);
      cells.push({
        k0Scale,
        budget,
        status: r.status,
        iterations: r.iterations,
        gap: relativeGap(r.objective, fx.referenceObjective),
        maxViolation: r.feasibility.maxViolation,
      });
      bar.tick(`k0Scale ${k0Scale} @ ${budget}`);
    }
  }
  bar.stop();
  const figures: Figure[] = [
    {
      file: 'tuning-gap-vs-k0scale.svg',
      kind: 'line',
      title: 'Objective gap against k0Scale (polish off), 50×30 lineage problem',
      xLabel: 'k0Scale',
      yLabel: 'relative objective gap',
      logY: true,
      series: budgets.map((budget) => ({
        label: `${budget} iterations`,
        points: cells
          .filter((c) => c.budget === budget)
          .map((c) => [c.k0Scale, c.gap] as [number, number]),
      })),
    },
  ];
  const svgFiles = await renderFigures(ctx, figures);
  const best = budgets.map((budget) =>
    cells.filter((c) => c.budget === budget).reduce((a, c) => (c.gap < a.gap ? c : a)),
  );
  const json = {
    suite: 'tuning',
    reference: { objective: fx.referenceObjective, source: 'fixture reference.objective' },
    settings: { polish: false, polishAtCheckpoints: false, x0: 'fixture x0' },
    scales,
    budgets,
    cells,
  };
  const md = [
    '# tuning',
    '',
    provenance(ctx, 'tuning'),
    '',
    `Relative objective gap of the raw dynamics (polish off) on the 50×30 lineage problem, against the exact reference ${fx.referenceObjective}; the iterate after exactly the budget (no early stop). k0 = k0Scale / λmax(A).`,
    '',
    mdTable(
      ['k0Scale', ...budgets.map((b) => `gap @ ${b}`), ...budgets.map((b) => `violation @ ${b}`)],
      scales.map((s) => [
        s,
        ...budgets.map((b) => fmt(cells.find((c) => c.k0Scale === s && c.budget === b)?.gap)),
        ...budgets.map((b) =>
          fmt(cells.find((c) => c.k0Scale === s && c.budget === b)?.maxViolation),
        ),
      ]),
    ),
    '',
    ...svgFiles.map((f) => `![${f}](${f})`),
  ].join('\n');
  return {
    suite: 'tuning',
    files: [...writeSuite(ctx, 'tuning', json, md), ...svgFiles],
    summary: best.map((c) => `budget ${c.budget}: best k0Scale ${c.k0Scale} (gap ${fmt(c.gap)})`),
  };
}
