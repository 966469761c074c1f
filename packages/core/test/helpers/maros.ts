import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseQps } from '../../src/io/qps.js';
import type { SolverOptions } from '../../src/solver/options.js';
import { SnnSolver } from '../../src/solver/solver.js';

export const MM_DIR = fileURLToPath(new URL('../fixtures/maros-meszaros/', import.meta.url));

/** One row of optima.csv. */
export interface PublishedOptimum {
  name: string;
  rows: number;
  cols: number;
  objective: number;
}

export function readOptima(): Map<string, PublishedOptimum> {
  const lines = readFileSync(`${MM_DIR}optima.csv`, 'utf8').trim().split('\n').slice(1);
  return new Map(
    lines.map((line) => {
      const f = line.split(',');
      return [
        f[0],
        { name: f[0], rows: Number(f[1]), cols: Number(f[2]), objective: Number(f[6]) },
      ];
    }),
  );
}

export function mmFiles(): string[] {
  return readdirSync(MM_DIR)
    .filter((f) => /\.qps$/i.test(f))
    .sort();
}

/** What one Maros–Meszaros solve recorded. */
export interface MarosRecord {
  name: string;
  n: number;
  m: number;
  status: string;
  certificate: string;
  objective: number;
  published: number;
  /** |f − f*| / max(1, |f*|). */
  relativeGap: number;
  /** Largest absolute row or bound violation. */
  maxViolation: number;
  iterations: number;
  spikes: number;
  timeMs: number;
  /** How the solve ended: the first clause of its message. */
  ending: string;
}

/** Parses and solves one fixture from the origin; time covers setup and solve. */
export function solveFixture(
  file: string,
  published: number,
  options: SolverOptions = {},
): MarosRecord {
  const start = performance.now();
  const { problem } = parseQps(readFileSync(MM_DIR + file, 'utf8'), file);
  const solver = new SnnSolver(problem, options);
  const result = solver.solve();
  const timeMs = performance.now() - start;
  return {
    name: file.replace(/\.qps$/i, ''),
    n: solver.problem.n,
    m: solver.problem.m,
    status: result.status,
    certificate: result.kkt.status,
    objective: result.objective,
    published,
    relativeGap: Math.abs(result.objective - published) / Math.max(1, Math.abs(published)),
    maxViolation: result.feasibility.maxViolation,
    iterations: result.iterations,
    spikes: result.spikes,
    timeMs,
    ending: result.message.split(/[;:]/)[0],
  };
}

const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : 0.5 * (s[mid - 1] + s[mid]);
}

/** The results table in markdown, with a summary line and the command that regenerates it. */
export function marosTable(records: MarosRecord[], command: string, settings: string): string {
  const optimal = records.filter((r) => r.status === 'optimal');
  const within = (t: number) =>
    records.filter((r) => r.relativeGap <= t && r.maxViolation <= t).length;
  const rescued = records.filter(
    (r) => r.status === 'optimal' && /^the dynamics ended with (?!optimal)/.test(r.ending),
  );
  const lines = [
    '# Maros–Meszaros fixtures: @snn-opt/core',
    '',
    `Regenerate with \`${command}\`. Settings: ${settings}. Each problem is solved from x = 0;`,
    'time covers parsing, setup and solve on one machine, and is indicative only (shared, noisy machines).',
    'Relative gap is |f − f*| / max(1, |f*|) against the published optimum; violation is the largest',
    'absolute row or bound violation. The published optima carry about eight significant digits, so',
    'gaps around 1e-9 are at the resolution of the reference, not of the solver.',
    '',
    `- problems: ${records.length}; status \`optimal\`: ${optimal.length}`,
    `- within 1e-6 (gap and violation): ${within(1e-6)}; within 1e-9: ${within(1e-9)}`,
    `- median relative gap: ${sci(median(records.map((r) => r.relativeGap)))}; ` +
      `median relative gap of \`optimal\` results: ${optimal.length ? sci(median(optimal.map((r) => r.relativeGap))) : '–'}`,
    `- median time per problem: ${median(records.map((r) => r.timeMs)).toFixed(1)} ms`,
    `- \`optimal\` only through the final polish, after the dynamics stopped short of the stopping policy: ${rescued.length}${rescued.length ? ` (${rescued.map((r) => r.name).join(', ')})` : ''}; the column "how it ended" gives the first clause of each result's message`,
    '',
    '| problem | n | m | status | certificate | objective | published | rel. gap | max violation | iterations | spikes | time (ms) | how it ended |',
    '| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...records.map(
      (r) =>
        `| ${r.name} | ${r.n} | ${r.m} | ${r.status} | ${r.certificate} | ${r.objective.toPrecision(8)} | ` +
        `${r.published.toPrecision(8)} | ${sci(r.relativeGap)} | ${sci(r.maxViolation)} | ${r.iterations} | ${r.spikes} | ${r.timeMs.toFixed(1)} | ${r.ending} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
