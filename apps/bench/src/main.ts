/**
 * pnpm bench [suite...] [--quick] [--out DIR] [--no-progress]
 *
 * Runs the benchmark suites, writes <suite>.json, <suite>.md and SVG figures
 * to benchmarks/results (or --out), and prints a short summary.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunContext, SuiteOutcome } from './common.js';
import { figuresUnavailable } from './figures.js';
import { runBackends } from './suites/backends.js';
import { runConvergence } from './suites/convergence.js';
import { runPeers } from './suites/peers.js';
import { runRaster } from './suites/raster.js';
import { runTuning } from './suites/tuning.js';
import { runWarmstart } from './suites/warmstart.js';

export const SUITES: Record<string, (ctx: RunContext) => Promise<SuiteOutcome>> = {
  convergence: runConvergence,
  raster: runRaster,
  warmstart: runWarmstart,
  tuning: runTuning,
  peers: runPeers,
  backends: runBackends,
};

const DEFAULT_OUT = fileURLToPath(new URL('../../../benchmarks/results/', import.meta.url));

const HELP = `usage: pnpm bench [suite...] [--quick] [--out DIR] [--no-progress]

suites: ${Object.keys(SUITES).join(', ')} (default: all)
  --quick        reduced sizes and repeats (under a minute in all, for CI)
  --out DIR      where to write results (default benchmarks/results)
  --no-progress  no progress bars on stderr
`;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${describeParseError(error)}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const names = positionals.length > 0 ? positionals : Object.keys(SUITES);
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    const named = unknown.map((n) => `${n}${didYouMean(n, Object.keys(SUITES))}`);
    process.stderr.write(`unknown suite(s): ${named.join(', ')}\n\n${HELP}`);
    return 2;
  }
  // pnpm runs scripts in the package directory; take --out relative to where pnpm was started.
  const base = process.env.INIT_CWD ?? process.cwd();
  const ctx: RunContext = {
    outDir: values.out ? resolve(base, values.out) : DEFAULT_OUT,
    quick: values.quick ?? false,
    progress: !values['no-progress'] && process.stderr.isTTY === true,
  };
  const outcomes: SuiteOutcome[] = [];
  for (const name of names) {
    const t0 = performance.now();
    const outcome = await SUITES[name](ctx);
    outcomes.push(outcome);
    process.stderr.write(`${name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const lines = [`\nResults in ${ctx.outDir}${ctx.quick ? ' (--quick)' : ''}`];
  if (ctx.quick) {
    lines.push(
      '--quick times each solver once or a few times on code that has not warmed up: the ratios below are not comparable with a full run (it checks that every suite writes its files).',
    );
  }
  for (const o of outcomes) {
    lines.push(`\n${o.suite}`);
    for (const s of o.summary) lines.push(`  ${s}`);
  }
  if (figuresUnavailable) lines.push(`\nSVG figures not written: ${figuresUnavailable}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** The command's options (node:util parseArgs). */
const OPTION_SPEC = {
  quick: { type: 'boolean' },
  out: { type: 'string' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** " (did you mean X?)" for the known names sharing the first three letters of `name` (dashes aside), else "". */
export function didYouMean(name: string, known: string[]): string {
  const bare = (k: string) => k.replace(/^-+/, '').toLowerCase();
  const stem = bare(name).slice(0, 3);
  const close = stem.length < 3 ? [] : known.filter((k) => bare(k).startsWith(stem));
  return close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : '';
}

/** One line for a command-line error: the unknown option with a suggestion, else node's message. */
export function describeParseError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return `unknown option ${option}${didYouMean(
      option,
      Object.keys(OPTION_SPEC).map((o) => `--${o}`),
    )}`;
  }
  return message;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv.filter((a) => a !== '--'),
    allowPositionals: true,
    options: OPTION_SPEC,
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
