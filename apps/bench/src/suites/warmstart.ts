/**
 * warmstart: iterations and wall time per solve, cold against warm, on the
 * lineage's 30-QP sequence and on a receding-horizon MPC sequence (n = 50),
 * with quadprog's time per solve on the same sequence.
 *
 * Cold solves build a new SnnSolver per step; warm solves reuse one through
 * `update` (b and the bounds move, A and C stay), whose time is reported as
 * the warm run's setup. A steady-state loop (warmstart-steady.ts) repeats
 * each sequence with one solver until the code has warmed up.
 */
import { type QPProblem, SnnSolver, type SolverOptions } from '@snn-opt/core';
import {
  fmt,
  mdTable,
  median,
  objectiveOf,
  progressBar,
  provenance,
  type RunContext,
  relativeGap,
  type SuiteOutcome,
  writeSuite,
} from '../common.js';
import { type Figure, renderFigures } from '../figures.js';
import { mpcModel, warmstartFixture } from '../problems.js';
import { quadprogSolver } from '../solvers.js';
import { type SteadyState, steadyState } from './warmstart-steady.js';

/**
 * The warm-start setting: the lineage's checkpoint cadence (every 10 iterations
 * after 20, patience 2) so a warm start can stop early; polish on.
 */
export const WARM_OPTIONS: SolverOptions = {
  checkEvery: 10,
  minIterations: 20,
  patience: 2,
  maxIterations: 20000,
};

/** The same cadence with polish off: the raw dynamics, as the lineage ran them. */
export const WARM_OPTIONS_RAW: SolverOptions = {
  ...WARM_OPTIONS,
  polish: false,
  polishAtCheckpoints: false,
  maxIterations: 5000,
};

/** Passes over each sequence in a full run (see runSequence). */
const WARM_PASSES = 11;

/** Rounds of the steady-state loop in a full run: about 6000 warm solves of the lineage sequence, 1200 of the MPC one. */
const STEADY_ROUNDS = { lineage: 200, mpc: 40 };

const SETTINGS: Array<{ name: string; options: SolverOptions }> = [
  { name: 'polish on', options: WARM_OPTIONS },
  { name: 'polish off', options: WARM_OPTIONS_RAW },
];

interface StepRecord {
  step: number;
  cold: { iterations: number; setupMs: number; solveMs: number; status: string; gap: number };
  warm: { iterations: number; setupMs: number; solveMs: number; status: string; gap: number };
  quadprog: { solveMs: number; setupMs: number; status: string };
}

function solveOnce(p: QPProblem, x0: ArrayLike<number>, reference: number, options: SolverOptions) {
  const solver = new SnnSolver(p, options);
  const r = solver.solve(x0);
  return {
    x: r.x,
    iterations: r.iterations,
    setupMs: r.timings.setupMs,
    solveMs: r.timings.solveMs,
    status: r.status,
    gap: relativeGap(objectiveOf(p, r.x), reference),
  };
}

/** True when two problems share A and C (so one solver can serve both through `update`). */
function sameMatrices(a: QPProblem, b: QPProblem): boolean {
  const same = (u: Float64Array, v: Float64Array) =>
    u.length === v.length && u.every((x, i) => Object.is(x, v[i]));
  return same(a.A, b.A) && same(a.C, b.C);
}

/**
 * A warm solve: the previous step's solver object is reused (`update`) when A and C are
 * unchanged, so the setup and the previous active set carry over; otherwise a new solver.
 */
function solveWarm(
  state: { solver: SnnSolver | null; problem: QPProblem | null },
  p: QPProblem,
  x0: ArrayLike<number>,
  reference: number,
  options: SolverOptions,
) {
  let setupMs = 0;
  if (state.solver && state.problem && sameMatrices(state.problem, p)) {
    const t = performance.now();
    state.solver.update({ b: p.b, lo: p.lo, hi: p.hi, lower: p.lower, upper: p.upper });
    setupMs = performance.now() - t;
  } else {
    state.solver = new SnnSolver(p, options);
  }
  state.problem = p;
  const r = state.solver.solve(x0);
  return {
    x: r.x,
    iterations: r.iterations,
    setupMs: setupMs || r.timings.setupMs,
    solveMs: r.timings.solveMs,
    status: r.status,
    gap: relativeGap(objectiveOf(p, r.x), reference),
  };
}

/**
 * Runs the sequence `passes` times (each pass from scratch: new solvers, the
 * same cold and warm starts) and keeps, per step, the median time of every
 * method over the passes; iterations, statuses and gaps are the same in
 * every pass. Repeating the whole sequence lets every method's code warm up
 * in the same way, so a short sequence is not timed on cold code.
 */
function runSequence(
  problems: QPProblem[],
  coldStart: ArrayLike<number>,
  references: number[],
  warmFrom: (previous: Float64Array) => ArrayLike<number>,
  options: SolverOptions,
  passes: number,
  tick: () => void,
): StepRecord[] {
  const runs = Array.from({ length: passes }, () =>
    runPass(problems, coldStart, references, warmFrom, options, tick),
  );
  const last = runs[runs.length - 1];
  const med = (k: number, f: (s: StepRecord) => number) => median(runs.map((r) => f(r[k])));
  return last.map((s, k) => ({
    ...s,
    cold: {
      ...s.cold,
      setupMs: med(k, (r) => r.cold.setupMs),
      solveMs: med(k, (r) => r.cold.solveMs),
    },
    warm: {
      ...s.warm,
      setupMs: med(k, (r) => r.warm.setupMs),
      solveMs: med(k, (r) => r.warm.solveMs),
    },
    quadprog: {
      ...s.quadprog,
      setupMs: med(k, (r) => r.quadprog.setupMs),
      solveMs: med(k, (r) => r.quadprog.solveMs),
    },
  }));
}

/** One pass over the sequence: cold, warm and quadprog at every step. */
function runPass(
  problems: QPProblem[],
  coldStart: ArrayLike<number>,
  references: number[],
  warmFrom: (previous: Float64Array) => ArrayLike<number>,
  options: SolverOptions,
  tick: () => void,
): StepRecord[] {
  const out: StepRecord[] = [];
  let previous: Float64Array | null = null;
  const state: { solver: SnnSolver | null; problem: QPProblem | null } = {
    solver: null,
    problem: null,
  };
  problems.forEach((p, k) => {
    const cold = solveOnce(p, coldStart, references[k], options);
    const warm = solveWarm(
      state,
      p,
      previous ? warmFrom(previous) : coldStart,
      references[k],
      options,
    );
    previous = warm.x;
    const qp = quadprogSolver.run(p);
    out.push({
      step: k,
      cold: {
        iterations: cold.iterations,
        setupMs: cold.setupMs,
        solveMs: cold.solveMs,
        status: cold.status,
        gap: cold.gap,
      },
      warm: {
        iterations: warm.iterations,
        setupMs: warm.setupMs,
        solveMs: warm.solveMs,
        status: warm.status,
        gap: warm.gap,
      },
      quadprog: { solveMs: qp.solveMs, setupMs: qp.setupMs, status: qp.status },
    });
    tick();
  });
  return out;
}

function aggregate(steps: StepRecord[]) {
  // Step 0 of the warm run starts cold; leave it out of the warm/cold comparison.
  const rest = steps.slice(1);
  const sum = (f: (s: StepRecord) => number) => rest.reduce((acc, s) => acc + f(s), 0);
  const coldIt = sum((s) => s.cold.iterations) / rest.length;
  const warmIt = sum((s) => s.warm.iterations) / rest.length;
  return {
    steps: rest.length,
    meanColdIterations: coldIt,
    meanWarmIterations: warmIt,
    iterationRatio: coldIt / warmIt,
    medianColdSolveMs: median(rest.map((s) => s.cold.solveMs)),
    medianWarmSolveMs: median(rest.map((s) => s.warm.solveMs)),
    medianSetupMs: median(rest.map((s) => s.warm.setupMs)),
    medianQuadprogSolveMs: median(rest.map((s) => s.quadprog.solveMs)),
    medianQuadprogSetupMs: median(rest.map((s) => s.quadprog.setupMs)),
    timeRatioColdOverWarm:
      median(rest.map((s) => s.cold.solveMs)) / median(rest.map((s) => s.warm.solveMs)),
    warmSolveOverQuadprog:
      median(rest.map((s) => s.warm.solveMs)) / median(rest.map((s) => s.quadprog.solveMs)),
    warmSetupPlusSolveOverQuadprog:
      median(rest.map((s) => s.warm.solveMs + s.warm.setupMs)) /
      median(rest.map((s) => s.quadprog.solveMs + s.quadprog.setupMs)),
    maxWarmGap: Math.max(...rest.map((s) => s.warm.gap)),
    maxColdGap: Math.max(...rest.map((s) => s.cold.gap)),
    statuses: [...new Set(rest.flatMap((s) => [s.cold.status, s.warm.status]))],
  };
}

/** The closed loop of the MPC sequence, driven by quadprog's exact solutions so every method sees the same problems. */
export function mpcSequence(horizon: number, steps: number) {
  const mpc = mpcModel(horizon);
  const problems: QPProblem[] = [];
  const references: number[] = [];
  let state = mpc.x0;
  for (let k = 0; k < steps; k++) {
    const p = mpc.problemAt(state);
    const ref = quadprogSolver.run(p);
    if (!ref.x)
      throw new Error(`MPC step ${k}: quadprog did not solve the reference (${ref.note})`);
    problems.push(p);
    references.push(ref.objective);
    state = mpc.step(state, ref.x);
  }
  return { mpc, problems, references };
}

/** "optimal 5999, max_iterations 1": a status tally as text. */
function tallyText(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export async function runWarmstart(ctx: RunContext): Promise<SuiteOutcome> {
  const fx = warmstartFixture();
  const lineageProblems = ctx.quick ? fx.problems.slice(0, 8) : fx.problems;
  const horizon = 25;
  const mpcSteps = ctx.quick ? 4 : 30;
  const seq = mpcSequence(horizon, mpcSteps);
  const passes = ctx.quick ? 1 : WARM_PASSES;
  const bar = progressBar(
    ctx,
    'warmstart',
    passes * SETTINGS.length * (lineageProblems.length + mpcSteps),
  );
  const mpcZero = new Float64Array(seq.mpc.n);
  const sequences = SETTINGS.flatMap((setting) => {
    const lineage = runSequence(
      lineageProblems,
      fx.x0Cold,
      fx.referenceObjectives,
      (prev) => prev,
      setting.options,
      passes,
      () => bar.tick(`lineage, ${setting.name}`),
    );
    const mpc = runSequence(
      seq.problems,
      mpcZero,
      seq.references,
      (prev) => seq.mpc.shift(prev),
      setting.options,
      passes,
      () => bar.tick(`mpc, ${setting.name}`),
    );
    return [
      {
        name: 'lineage-5x4',
        setting: setting.name,
        options: setting.options,
        description:
          'packages/core/test/fixtures/lineage/warmstart-sequence-5x4.json: cold from x0_cold, warm from the previous solution; gap against the fixture references',
        n: 5,
        m: 4,
        steps: lineage,
        aggregate: aggregate(lineage),
      },
      {
        name: `mpc-double-integrator-N${horizon}`,
        setting: setting.name,
        options: setting.options,
        description: `two double integrators (dt 0.2), condensed over N = ${horizon} steps: n = ${seq.mpc.n} inputs with |u| ≤ 1, m = ${seq.mpc.m} two-sided state rows (|p| ≤ 5, |v| ≤ 1.2); closed loop driven by quadprog's solution; cold from u = 0, warm from the previous solution shifted one step; gap against quadprog`,
        n: seq.mpc.n,
        m: seq.mpc.m,
        steps: mpc,
        aggregate: aggregate(mpc),
      },
    ];
  });
  bar.stop();
  const steady: Array<{ name: string; n: number } & SteadyState> = [
    {
      name: 'lineage-5x4',
      n: 5,
      ...steadyState(
        lineageProblems,
        fx.referenceObjectives,
        fx.x0Cold,
        (prev) => prev,
        WARM_OPTIONS,
        ctx.quick ? 4 : STEADY_ROUNDS.lineage,
      ),
    },
    {
      name: `mpc-double-integrator-N${horizon}`,
      n: seq.mpc.n,
      ...steadyState(
        seq.problems,
        seq.references,
        mpcZero,
        (prev) => seq.mpc.shift(prev),
        WARM_OPTIONS,
        ctx.quick ? 2 : STEADY_ROUNDS.mpc,
      ),
    },
  ];
  const figures: Figure[] = sequences.map((s) => ({
    file: `warmstart-${s.name}-${s.setting === 'polish on' ? 'polish' : 'raw'}-iterations.svg`,
    kind: 'line',
    title: `Iterations per solve, cold vs warm (${s.name}, ${s.setting})`,
    xLabel: 'step',
    yLabel: 'iterations',
    zeroY: true,
    series: [
      {
        label: 'cold',
        points: s.steps.map((r) => [r.step, r.cold.iterations] as [number, number]),
      },
      {
        label: 'warm',
        points: s.steps.map((r) => [r.step, r.warm.iterations] as [number, number]),
      },
    ],
  }));
  const svgFiles = await renderFigures(ctx, figures);
  const json = {
    suite: 'warmstart',
    settings: { snnOpt: SETTINGS, backend: 'js (default)', quadprog: 'solveQP, default' },
    note: 'warm: one SnnSolver reused with update() when A and C are unchanged (setup and the previous active set carry over), else a new one; cold: a new SnnSolver per step from the fixed start; setup reported apart from solve',
    sequences,
    steadyState: {
      note: 'polish on; one SnnSolver serves the sequence round after round (update, then a warm solve from the previous solution), quadprog solves each step right after it; medians over the last half of the rounds',
      sequences: steady,
    },
  };
  const md = [
    '# warmstart',
    '',
    provenance(ctx, 'warmstart'),
    '',
    `snn-opt settings: ${SETTINGS.map((t) => `${t.name} = ${JSON.stringify(t.options)}`).join('; ')} (js backend). Cold solves build a new \`SnnSolver\` per step; warm solves reuse one solver through \`update\` (b and the bounds change, A and C stay), and a reused solver first tries the previous solve's active set. Setup is reported apart from the solve. Step 0 is excluded from the aggregates (the warm run starts cold there).`,
    '',
    mdTable(
      [
        'sequence',
        'setting',
        'n',
        'm',
        'steps',
        'cold it. (mean)',
        'warm it. (mean)',
        'cold/warm it.',
        'cold solve ms',
        'warm solve ms',
        'snn setup ms',
        'quadprog solve ms',
        'quadprog setup ms',
        'warm/quadprog (solve)',
        'warm/quadprog (setup+solve)',
        'max warm gap',
      ],
      sequences.map((s) => {
        const a = s.aggregate;
        return [
          s.name,
          s.setting,
          s.n,
          s.m,
          a.steps,
          fmt(a.meanColdIterations),
          fmt(a.meanWarmIterations),
          `${fmt(a.iterationRatio)}×`,
          fmt(a.medianColdSolveMs),
          fmt(a.medianWarmSolveMs),
          fmt(a.medianSetupMs),
          fmt(a.medianQuadprogSolveMs),
          fmt(a.medianQuadprogSetupMs),
          fmt(a.warmSolveOverQuadprog),
          fmt(a.warmSetupPlusSolveOverQuadprog),
          fmt(a.maxWarmGap),
        ];
      }),
    ),
    '',
    `Each sequence ran ${passes} time(s) in this process (new solvers each pass); a step's time is its median over the passes, and the table's times are medians over the steps. "warm/quadprog" < 1 means the warm-started snn-opt solve was faster than quadprog; "snn setup ms" is the warm run's \`update\` (cold runs build a new solver), "quadprog setup ms" the building of its arrays.`,
    '',
    ...sequences
      .filter((s) => s.setting === 'polish on')
      .map((s) => `- ${s.name}: ${s.description}.`),
    '',
    '## Steady state (polish on)',
    '',
    'One solver serves the sequence round after round (`update`, then a warm solve from the previous solution; the step after the last is the first again), and quadprog solves each step right after it. The first half of the rounds warms the code up; the times are medians over the second half ("solves timed"), while "statuses" and "max warm gap" cover every warm solve of every round (all steps but the first of round one, which is the cold solve that starts the loop). This is the cost inside a long-running control loop; the table above includes code that has run only a few dozen times.',
    '',
    mdTable(
      [
        'sequence',
        'n',
        'rounds',
        'solves timed',
        'warm solve ms',
        'update ms',
        'quadprog solve ms',
        'quadprog setup ms',
        'warm/quadprog (solve)',
        'warm/quadprog (update+solve vs setup+solve)',
        'statuses',
        'max warm gap',
      ],
      steady.map((s) => [
        s.name,
        s.n,
        s.rounds,
        s.timedSolves,
        fmt(s.medianWarmSolveMs),
        fmt(s.medianUpdateMs),
        fmt(s.medianQuadprogSolveMs),
        fmt(s.medianQuadprogSetupMs),
        fmt(s.warmSolveOverQuadprog),
        fmt(s.warmSetupPlusSolveOverQuadprog),
        `${tallyText(s.statuses)}; quadprog ${tallyText(s.quadprogStatuses)}`,
        fmt(s.maxWarmGap),
      ]),
    ),
    '',
    ...svgFiles.map((f) => `![${f}](${f})`),
  ].join('\n');
  return {
    suite: 'warmstart',
    files: [...writeSuite(ctx, 'warmstart', json, md), ...svgFiles],
    summary: [
      ...sequences.map(
        (s) =>
          `${s.name} (${s.setting}): cold ${fmt(s.aggregate.meanColdIterations)} / warm ${fmt(s.aggregate.meanWarmIterations)} iterations = ${fmt(s.aggregate.iterationRatio)}×; warm solve ${fmt(s.aggregate.medianWarmSolveMs)} ms vs quadprog ${fmt(s.aggregate.medianQuadprogSolveMs)} ms`,
      ),
      ...steady.map(
        (s) =>
          `${s.name} (steady state, ${s.rounds} rounds): warm solve ${fmt(s.medianWarmSolveMs)} ms vs quadprog ${fmt(s.medianQuadprogSolveMs)} ms (${fmt(s.warmSolveOverQuadprog)}×)`,
      ),
    ],
  };
}
