/**
 * peers: snn-opt (every backend that loads) against quadprog and HiGHS on
 * (a) random QPs with a controlled Hessian condition number — an n-sweep at
 * κ = 100 and a κ-sweep at fixed n —, (b) the Maros–Meszaros fixtures and
 * (c) the lineage warm-start sequence. One fixed setting per solver; setup
 * and solve timed apart; medians of repeated runs in this process.
 */
import type { QPProblem } from '@snn-opt/core';
import {
  fmt,
  mdTable,
  median,
  progressBar,
  provenance,
  type RunContext,
  relativeGap,
  type SuiteOutcome,
  writeSuite,
} from '../common.js';
import { type Figure, renderFigures } from '../figures.js';
import { conditionedQP, marosMeszaros, warmstartFixture } from '../problems.js';
import {
  loadHighsSolver,
  type PeerRun,
  type PeerSolver,
  quadprogSolver,
  SNN_PEER_OPTIONS,
  snnBackends,
  snnSolver,
} from '../solvers.js';

/** A solver's outcome on one problem: medians over the repeats, gap to the reference. */
interface Entry {
  solver: string;
  status: string;
  objective: number;
  gap: number;
  maxViolation: number;
  setupMs: number;
  solveMs: number;
  totalMs: number;
  iterations: number | null;
  note?: string;
}

interface ProblemRow {
  group: string;
  name: string;
  n: number;
  m: number;
  kappa?: number;
  /** Seed of a random QP (conditionedQP). */
  seed?: number;
  reference: { objective: number; source: string };
  entries: Entry[];
}

/** Relative gap and scaled violation up to which a run that says optimal is taken at its word. */
export const ACCURATE = 1e-6;

/** A run's largest violation over max(1, |f|). */
function scaledViolation(run: PeerRun): number {
  return run.maxViolation / Math.max(1, Math.abs(run.objective));
}

/** A run is usable as a reference when it says optimal and is feasible to 1e-6 (scaled). */
function certified(run: PeerRun): boolean {
  return run.status === 'optimal' && run.x !== null && scaledViolation(run) <= ACCURATE;
}

/** Runs every solver `repeats` times on `p` (interleaved), medians of setup and solve. */
function compare(
  solvers: PeerSolver[],
  p: QPProblem,
  repeats: number,
): Map<string, { last: PeerRun; setup: number; solve: number }> {
  const times = new Map<string, { setups: number[]; solves: number[]; last: PeerRun | null }>();
  for (const s of solvers) times.set(s.name, { setups: [], solves: [], last: null });
  // One untimed round first: JIT compilation and first-call costs (HiGHS' Wasm) are not what we measure.
  for (const s of solvers) {
    try {
      s.run(p);
    } catch {
      // reported by the timed rounds
    }
  }
  for (let r = 0; r < repeats; r++) {
    // Rotate the order each round so a noisy stretch does not land on one solver.
    for (let k = 0; k < solvers.length; k++) {
      const s = solvers[(k + r) % solvers.length];
      const t = times.get(s.name)!;
      let run: PeerRun;
      try {
        run = s.run(p);
      } catch (error) {
        run = {
          status: 'failed',
          x: null,
          objective: Number.NaN,
          maxViolation: Number.NaN,
          setupMs: Number.NaN,
          solveMs: Number.NaN,
          iterations: null,
          note: error instanceof Error ? error.message.split('\n')[0] : String(error),
        };
      }
      t.setups.push(run.setupMs);
      t.solves.push(run.solveMs);
      t.last = run;
    }
  }
  const out = new Map<string, { last: PeerRun; setup: number; solve: number }>();
  for (const [name, t] of times)
    out.set(name, { last: t.last!, setup: median(t.setups), solve: median(t.solves) });
  return out;
}

/** Reference: the given one (published optimum), else the lowest objective among certified runs of HiGHS and quadprog, else snn-opt's. */
function chooseReference(
  results: Map<string, { last: PeerRun }>,
  given?: { objective: number; source: string },
) {
  if (given && Number.isFinite(given.objective)) return given;
  const order = [
    'highs',
    'quadprog',
    ...[...results.keys()].filter((k) => k.startsWith('snn-opt')),
  ];
  const candidates = order
    .map((name) => ({ name, run: results.get(name)?.last }))
    .filter((c) => c.run && certified(c.run));
  if (candidates.length === 0)
    return { objective: Number.NaN, source: 'none: no solver returned a certified point' };
  const peers = candidates.filter((c) => !c.name.startsWith('snn-opt'));
  const pool = peers.length > 0 ? peers : candidates;
  const best = pool.reduce((a, c) => (c.run!.objective < a.run!.objective ? c : a));
  return {
    objective: best.run!.objective,
    source: `${best.name} (lowest certified objective among ${pool.map((c) => c.name).join(', ')})`,
  };
}

export function toRow(
  group: string,
  name: string,
  p: QPProblem,
  solvers: PeerSolver[],
  repeats: number,
  given?: { objective: number; source: string },
  kappa?: number,
  seed?: number,
): ProblemRow {
  const results = compare(solvers, p, repeats);
  const reference = chooseReference(results, given);
  const bar = accuracyBar(
    [...results.values()].map((r) => r.last),
    reference.objective,
    given?.objective,
  );
  const entries: Entry[] = solvers.map((s) => {
    const { last, setup, solve } = results.get(s.name)!;
    const gap = last.x ? relativeGap(last.objective, reference.objective) : Number.NaN;
    return {
      solver: s.name,
      ...checkedStatus(last, bar),
      objective: last.objective,
      gap,
      maxViolation: last.maxViolation,
      setupMs: setup,
      solveMs: solve,
      totalMs: setup + solve,
      iterations: last.iterations,
    };
  });
  return { group, name, n: p.n, m: p.m, kappa, seed, reference, entries };
}

/** Scaled violation up to which a run's objective may lower the accuracy bar (a point feasible to rounding). */
const STRICTLY_FEASIBLE = 1e-9;

/**
 * The objective a run that says optimal must come within ACCURATE of: the
 * lowest of the published optimum (when there is one) and the objectives of
 * the runs, of any solver, that say optimal and are feasible to
 * STRICTLY_FEASIBLE. A feasible point with a lower objective proves a higher
 * one suboptimal, whichever solver found it, while a point allowed a larger
 * violation could sit below the optimum by what the violation is worth.
 * Without either, the chosen reference.
 */
export function accuracyBar(runs: PeerRun[], reference: number, published?: number): number {
  let bar = published !== undefined && Number.isFinite(published) ? published : Number.NaN;
  for (const run of runs) {
    if (run.status !== 'optimal' || run.x === null || !Number.isFinite(run.objective)) continue;
    if (!(scaledViolation(run) <= STRICTLY_FEASIBLE)) continue;
    if (!(run.objective >= bar)) bar = run.objective;
  }
  return Number.isNaN(bar) ? reference : bar;
}

/**
 * The status a run is reported with: a solver's `optimal` stands only when
 * its point is feasible to ACCURATE (violation over max(1, |f|)) and its
 * objective is at most ACCURATE (relative) above the bar of
 * {@link accuracyBar}; otherwise `inaccurate`, with the figures in the note
 * (quadprog, for one, answers a singular Hessian that passes its own
 * positive-definiteness test with a feasible but non-optimal point). Below
 * the bar is not an error: that is the bar's point's problem, not this run's.
 */
export function checkedStatus(run: PeerRun, bar: number): { status: string; note?: string } {
  if (run.status !== 'optimal') return { status: run.status, note: run.note };
  if (run.x === null || !Number.isFinite(run.objective))
    return { status: 'inaccurate', note: 'reported optimal without a finite point' };
  if (Number.isNaN(bar)) return { status: 'optimal', note: run.note };
  const excess = (run.objective - bar) / Math.max(1, Math.abs(bar));
  const violation = scaledViolation(run);
  if (excess <= ACCURATE && violation <= ACCURATE) return { status: 'optimal', note: run.note };
  return {
    status: 'inaccurate',
    note: `reported optimal; objective ${fmt(excess)} (relative) above the best verified, scaled violation ${fmt(violation)} (limits ${ACCURATE.toExponential(0)})`,
  };
}

/** A solver's setup + solve time on a row when its run is optimal (checked), else NaN: no point, no bar. */
function optimalTime(row: ProblemRow, solver: string): number {
  return peerTimes(row, solver).totalMs;
}

/** A solver's total and solve times on a row when its run is optimal (checked), else NaN. */
function peerTimes(row: ProblemRow, solver: string): { totalMs: number; solveMs: number } {
  const e = row.entries.find((x) => x.solver === solver);
  return e && e.status === 'optimal'
    ? { totalMs: e.totalMs, solveMs: e.solveMs }
    : { totalMs: Number.NaN, solveMs: Number.NaN };
}

/** Table of one group: per problem and solver, gap, violation, times and the ratio to the fastest snn-opt backend. */
function groupTable(rows: ProblemRow[]): string {
  const out: Array<Array<string | number>> = [];
  for (const row of rows) {
    const snn = row.entries.filter((e) => e.solver.startsWith('snn-opt') && e.status === 'optimal');
    const fastest = snn.length > 0 ? snn.reduce((a, e) => (e.totalMs < a.totalMs ? e : a)) : null;
    for (const e of row.entries) {
      out.push([
        row.name,
        row.n,
        row.m,
        e.solver,
        e.status,
        fmt(e.gap),
        fmt(e.maxViolation),
        fmt(e.setupMs),
        fmt(e.solveMs),
        fastest && e.status === 'optimal' ? `${fmt(e.totalMs / fastest.totalMs)}` : '–',
        e.iterations ?? '–',
      ]);
    }
  }
  return mdTable(
    [
      'problem',
      'n',
      'm',
      'solver',
      'status',
      'gap',
      'max violation',
      'setup ms',
      'solve ms',
      'total / fastest snn-opt',
      'iterations',
    ],
    out,
  );
}

/** Seeds of the random QPs: the n-sweep's and the κ-sweep's problems differ even where n and κ agree. */
const N_SWEEP_SEED = 1;
const KAPPA_SWEEP_SEED = 2;

/** Timed runs per solver on each random QP of the n- and κ-sweeps (5 on the other problems). */
export const RANDOM_QP_REPEATS = 21;

export async function runPeers(ctx: RunContext): Promise<SuiteOutcome> {
  const { loaded, unavailable } = await snnBackends();
  const highs = await loadHighsSolver();
  const solvers: PeerSolver[] = [...loaded.map((b) => snnSolver(b)), quadprogSolver, highs];
  const repeats = ctx.quick ? 1 : 5;
  // The random QPs decide the headline and take milliseconds: more runs steady their medians.
  const randomRepeats = ctx.quick ? 1 : RANDOM_QP_REPEATS;
  const nSweep = ctx.quick ? [10, 50] : [10, 25, 50, 100, 200];
  const kappas = ctx.quick ? [10, 1e3] : [1, 10, 100, 1e3, 1e4];
  const kappaN = ctx.quick ? 20 : 50;
  const mm = marosMeszaros().filter((f) => !ctx.quick || f.problem.n <= 10);
  const ws = warmstartFixture();
  const wsProblems = ctx.quick ? ws.problems.slice(0, 3) : ws.problems;
  const bar = progressBar(
    ctx,
    'peers',
    nSweep.length + kappas.length + mm.length + wsProblems.length,
  );
  const rows: ProblemRow[] = [];
  for (const n of nSweep) {
    rows.push(
      toRow(
        'n-sweep',
        `n=${n}, κ=100`,
        conditionedQP(n, 100, N_SWEEP_SEED),
        solvers,
        randomRepeats,
        undefined,
        100,
        N_SWEEP_SEED,
      ),
    );
    bar.tick(`n ${n}`);
  }
  for (const kappa of kappas) {
    rows.push(
      toRow(
        'kappa-sweep',
        `n=${kappaN}, κ=${kappa}`,
        conditionedQP(kappaN, kappa, KAPPA_SWEEP_SEED),
        solvers,
        randomRepeats,
        undefined,
        kappa,
        KAPPA_SWEEP_SEED,
      ),
    );
    bar.tick(`κ ${kappa}`);
  }
  for (const f of mm) {
    rows.push(
      toRow('maros-meszaros', f.name, f.problem, solvers, repeats, {
        objective: f.optimum,
        source: 'published optimum (optima.csv)',
      }),
    );
    bar.tick(f.name);
  }
  wsProblems.forEach((p, k) => {
    rows.push(
      toRow('warmstart-sequence', `step ${k}`, p, solvers, repeats, {
        objective: ws.referenceObjectives[k],
        source: 'fixture reference',
      }),
    );
    bar.tick(`step ${k}`);
  });
  bar.stop();

  // Headline: κ ≤ 100, n ≥ 50, at the same accuracy (gap ≤ 1e-6).
  const headline = rows
    .filter(
      (r) =>
        (r.group === 'n-sweep' || r.group === 'kappa-sweep') &&
        (r.kappa ?? Infinity) <= 100 &&
        r.n >= 50,
    )
    .map((r) => {
      const snn = r.entries.filter((e) => e.solver.startsWith('snn-opt'));
      const accurate = snn.filter((e) => e.status === 'optimal' && e.gap <= 1e-6);
      const fastest =
        accurate.length > 0 ? accurate.reduce((a, e) => (e.totalMs < a.totalMs ? e : a)) : null;
      // A peer's time counts only when its run is optimal (checked), like everywhere else.
      const qp = peerTimes(r, 'quadprog');
      const hs = peerTimes(r, 'highs');
      return {
        problem: r.name,
        sweep: `${r.group}, seed ${r.seed}`,
        fastestSnn: fastest?.solver ?? 'none reached gap ≤ 1e-6',
        snnTotalMs: fastest?.totalMs ?? Number.NaN,
        snnSolveMs: fastest?.solveMs ?? Number.NaN,
        quadprogTotalMs: qp.totalMs,
        highsTotalMs: hs.totalMs,
        quadprogOverSnn: fastest ? qp.totalMs / fastest.totalMs : Number.NaN,
        highsOverSnn: fastest ? hs.totalMs / fastest.totalMs : Number.NaN,
        quadprogSolveOverSnnSolve: fastest ? qp.solveMs / fastest.solveMs : Number.NaN,
        highsSolveOverSnnSolve: fastest ? hs.solveMs / fastest.solveMs : Number.NaN,
      };
    });
  const refusals = rows.flatMap((r) =>
    r.entries
      .filter((e) => e.status === 'refused')
      .map((e) => `${r.name}: ${e.solver} (${e.note})`),
  );
  const inaccurate = rows.flatMap((r) =>
    r.entries
      .filter((e) => e.status === 'inaccurate')
      .map((e) => `${r.name}: ${e.solver} (${e.note})`),
  );
  const groups = ['n-sweep', 'kappa-sweep', 'maros-meszaros', 'warmstart-sequence'];
  const figures: Figure[] = [
    {
      file: 'peers-n-sweep.svg',
      kind: 'line',
      title: 'Setup + solve time against n (κ = 100)',
      xLabel: 'n',
      yLabel: 'ms (median)',
      logX: true,
      logY: true,
      series: solvers.map((s) => ({
        label: s.name,
        points: rows
          .filter((r) => r.group === 'n-sweep')
          .map((r) => [r.n, optimalTime(r, s.name)] as [number, number])
          .filter(([, v]) => Number.isFinite(v)),
      })),
    },
    {
      file: 'peers-kappa-sweep.svg',
      kind: 'line',
      title: `Setup + solve time against κ (n = ${kappaN})`,
      xLabel: 'κ',
      yLabel: 'ms (median)',
      logX: true,
      logY: true,
      series: solvers.map((s) => ({
        label: s.name,
        points: rows
          .filter((r) => r.group === 'kappa-sweep')
          .map((r) => [r.kappa!, optimalTime(r, s.name)] as [number, number])
          .filter(([, v]) => Number.isFinite(v)),
      })),
    },
    {
      file: 'peers-maros-meszaros.svg',
      kind: 'bar',
      title: 'Maros–Meszaros fixtures: setup + solve time (runs that reached the optimum)',
      yLabel: 'ms (median)',
      logY: true,
      groups: rows.filter((r) => r.group === 'maros-meszaros').map((r) => r.name),
      series: solvers.map((s) => ({
        label: s.name,
        values: rows.filter((r) => r.group === 'maros-meszaros').map((r) => optimalTime(r, s.name)),
      })),
    },
  ];
  const svgFiles = await renderFigures(ctx, figures);
  const json = {
    suite: 'peers',
    settings: {
      'snn-opt': { ...SNN_PEER_OPTIONS, note: 'all other options at their defaults (polish on)' },
      quadprog: 'solveQP (Goldfarb–Idnani), bounds and rows as constraint columns',
      highs:
        'highs 1.15.3 persistent model from dense data (CSR rows, lower-triangular Hessian), default options, output off',
      repeats,
      repeatsRandomQPs: randomRepeats,
      timing:
        'medians of setup and solve over the repeats (repeatsRandomQPs for the n- and κ-sweeps, repeats for the rest), solvers interleaved per round',
      gap: '|f − f_ref| / max(1, |f_ref|)',
      reference:
        'Maros–Meszaros: published optimum; warm-start sequence: fixture reference; random QPs: lowest objective among certified (optimal, violation ≤ 1e-6·max(1, |f|)) HiGHS / quadprog runs, else among the snn-opt runs',
    },
    backends: { loaded: loaded.map((b) => b.name), unavailable },
    headline,
    refusals,
    inaccurate,
    rows,
  };
  const md = [
    '# peers',
    '',
    provenance(ctx, 'peers'),
    '',
    `Solvers: ${solvers.map((s) => s.name).join(', ')}${unavailable.length ? `; unavailable: ${unavailable.map((u) => `${u.name} (${u.reason})`).join('; ')}` : ''}.`,
    `snn-opt setting: ${JSON.stringify(SNN_PEER_OPTIONS)}, otherwise defaults (polish on). quadprog and HiGHS at their defaults. Times are medians of ${randomRepeats} (random QPs) or ${repeats} (Maros–Meszaros, warm-start sequence) interleaved run(s) in this process; setup = building the solver's own data (snn-opt: validation, λmax, the convexity check, Gram matrix; quadprog: its 1-indexed arrays; HiGHS: createModel), solve = the solve call.`,
    'Gap = |f − f_ref| / max(1, |f_ref|). References: Maros–Meszaros → published optimum; warm-start sequence → fixture; random QPs → lowest certified objective of HiGHS / quadprog (see `reference.source` per row in peers.json).',
    '',
    '## Headline: κ ≤ 100, n ≥ 50, snn-opt at gap ≤ 1e-6',
    '',
    mdTable(
      [
        'problem',
        'sweep',
        'fastest snn-opt',
        'snn-opt ms',
        'quadprog ms',
        'highs ms',
        'quadprog / snn-opt',
        'highs / snn-opt',
        'solve only: quadprog / snn-opt',
        'solve only: highs / snn-opt',
      ],
      headline.map((h) => [
        h.problem,
        h.sweep,
        h.fastestSnn,
        fmt(h.snnTotalMs),
        fmt(h.quadprogTotalMs),
        fmt(h.highsTotalMs),
        fmt(h.quadprogOverSnn),
        fmt(h.highsOverSnn),
        fmt(h.quadprogSolveOverSnnSolve),
        fmt(h.highsSolveOverSnnSolve),
      ]),
    ),
    '',
    'A ratio > 1 means the peer took longer than snn-opt (setup + solve).',
    '',
    ...groups.flatMap((g) => [`## ${g}`, '', groupTable(rows.filter((r) => r.group === g)), '']),
    '## Refused',
    '',
    refusals.length ? refusals.map((r) => `- ${r}`).join('\n') : 'none',
    '',
    '## Inaccurate',
    '',
    `A run that reported optimal but whose point is not within ${ACCURATE.toExponential(0)} of the reference (relative gap) or not feasible to ${ACCURATE.toExponential(0)} (violation over max(1, |f|)):`,
    '',
    inaccurate.length ? inaccurate.map((r) => `- ${r}`).join('\n') : 'none',
    '',
    ...svgFiles.map((f) => `![${f}](${f})`),
  ].join('\n');
  return {
    suite: 'peers',
    files: [...writeSuite(ctx, 'peers', json, md), ...svgFiles],
    summary: [
      ...headline.map(
        (h) =>
          `${h.problem} (${h.sweep}): ${h.fastestSnn}; quadprog/snn ${fmt(h.quadprogOverSnn)}×, highs/snn ${fmt(h.highsOverSnn)}× (setup+solve)`,
      ),
      `${refusals.length} refusals, ${inaccurate.length} inaccurate`,
    ],
  };
}
