/**
 * The text report of `snn-opt solve`: a banner with the version, problem size
 * and settings; a fixed-width progress table with one row per checkpoint; a
 * status footer. Pure formatting — every function returns lines to print.
 */

import type { CheckpointProgress, ResolvedOptions } from '../solver/options.js';
import type { SolveResultData } from '../solver/result.js';

/** A compact number: fixed notation for moderate magnitudes, exponent otherwise; NaN/±Infinity spelled out. */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e6) return Number(value.toPrecision(digits + 1)).toString();
  return value.toExponential(digits);
}

/** An exponent-notation cell with a two-digit exponent; `-` for a value that was not computed (NaN). */
function sci(value: number, digits: number): string {
  if (Number.isNaN(value)) return '-';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return value.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A tolerance as written on a command line: 1e-6, 0.5. */
function tol(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}

/** Column titles and widths of the progress table. */
const COLUMNS: ReadonlyArray<readonly [string, number]> = [
  ['iter', 8],
  ['objective', 16],
  ['max viol', 10],
  ['kkt rel', 10],
  ['spikes', 10],
  ['time(ms)', 10],
];

function row(cells: readonly string[]): string {
  return cells.map((cell, k) => cell.padStart(COLUMNS[k][1])).join('  ');
}

/** The table's header: titles and a rule, printed once before the first checkpoint. */
export function tableHeader(): string[] {
  return [row(COLUMNS.map(([title]) => title)), row(COLUMNS.map(([, width]) => '-'.repeat(width)))];
}

/** The line under the table that says what its `*` means. */
export const TABLE_LEGEND =
  '* a checkpoint that passed feasibility, plateau and the KKT certificate; on the end row, an optimal status';

/** One table row for a checkpoint; a `*` after the iteration marks a checkpoint that passed the stopping policy. */
export function tableRow(progress: CheckpointProgress): string {
  return row([
    `${progress.iteration}${progress.passed ? '*' : ' '}`,
    sci(progress.objective, 8),
    sci(progress.maxViolation, 2),
    sci(progress.kktRelative, 2),
    String(progress.spikes),
    progress.elapsedMs.toFixed(1),
  ]);
}

/**
 * The row of the solve's end, printed after the checkpoint rows when the
 * solve ended elsewhere (an accepted early polish, the iteration budget): the
 * final point's objective, violation and certificate, which are what the
 * status rests on.
 */
export function finalRow(result: SolveResultData): string {
  return tableRow({
    iteration: result.iterations,
    objective: result.objective,
    maxViolation: result.feasibility.jointDistance,
    kktRelative: result.kkt.relative,
    spikes: result.spikes,
    elapsedMs: result.timings.solveMs,
    passed: result.status === 'optimal',
    passes: 0,
  });
}

/** What the banner shows. */
export interface BannerInfo {
  version: string;
  file: string;
  format: string;
  name?: string;
  n: number;
  m: number;
  /** Number of finite variable bounds (lower and upper counted apart). */
  finiteBounds: number;
  k0: number;
  lambdaMax: number;
  options: ResolvedOptions;
  backend: string;
}

/** The banner printed before the solve starts. */
export function banner(info: BannerInfo): string[] {
  const o = info.options;
  const title = info.name
    ? `${info.name}  (${info.file}, ${info.format})`
    : `${info.file} (${info.format})`;
  const k0Source = o.k0 === null ? `k0Scale ${o.k0Scale} / λmax` : 'given';
  return [
    `snn-opt ${info.version} — spiking QP solver`,
    `problem     ${title}`,
    `size        n = ${info.n}, m = ${info.m}, finite bounds = ${info.finiteBounds}`,
    `step        k0 = ${formatNumber(info.k0)} (${k0Source}), λmax = ${formatNumber(info.lambdaMax)}`,
    `options     maxIterations ${o.maxIterations}, checkEvery ${o.checkEvery}, minIterations ${o.minIterations}, ` +
      `patience ${o.patience}, ${o.polish && o.polishAtCheckpoints ? `polishEvery ${o.polishEvery}` : o.polish ? 'polish at the end' : 'no polish'}, backend ${info.backend}`,
    `tolerances  constraint ${tol(o.constraintTol)}, feasibility ${tol(o.feasibilityTol)}, ` +
      `kkt rel ${tol(o.kktRelTol)}, kkt abs ${tol(o.kktAbsTol)}`,
    '',
  ];
}

/** |f − F| / max(1, |F|): the relative gap to a published optimum F. */
export function relativeGap(objective: number, optimum: number): number {
  return Math.abs(objective - optimum) / Math.max(1, Math.abs(optimum));
}

/** The line comparing the result with a published optimum. */
export function optimumLine(objective: number, optimum: number): string {
  return `published optimum  ${formatNumber(optimum, 8)}   relative gap  ${sci(relativeGap(objective, optimum), 2)}`;
}

/** The status footer printed after the solve. */
export function footer(result: SolveResultData): string[] {
  const f = result.feasibility;
  const kkt = result.kkt;
  const reason = kkt.reason ? `  (${kkt.reason})` : '';
  return [
    '',
    `status             ${result.status}`,
    `message            ${result.message}`,
    `objective          ${formatNumber(result.objective, 10)}`,
    `iterations         ${result.iterations}   spikes ${result.spikes}`,
    `feasibility        rows ${formatNumber(f.rowViolation)} (distance ${formatNumber(f.rowDistance)})` +
      `   bounds ${formatNumber(f.boundViolation)}`,
    `certificate        ${kkt.status}   residual ${formatNumber(kkt.residual)}` +
      `   relative ${formatNumber(kkt.relative)}${reason}`,
    `polish             ${result.polish ? `${result.polish.status}: ${result.polish.reason}` : 'off'}`,
    `time               ${result.timings.solveMs.toFixed(2)} ms solve + ${result.timings.setupMs.toFixed(2)} ms setup`,
  ];
}
