/** Command line of the backends benchmark (node:util parseArgs). */

import { parseArgs } from 'node:util';

export const BACKENDS = ['js', 'native', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

export const DEFAULT_SIZES = [10, 50, 100, 200, 500, 1000];

export interface BenchArgs {
  help: boolean;
  /** Problem file (JSON or QPS/MPS): single-problem mode. */
  problem: string | null;
  /** Iterations per timed run in single-problem mode. */
  iterations: number;
  /** Backends asked for; null means every backend that loads. */
  backends: Backend[] | null;
  sizes: number[];
  seed: number;
  /** Share of the rows and of the boxed variables placed to cut off the unconstrained optimum. */
  active: number;
  /** Timed samples per measurement (the median is reported); null: the mode's default. */
  repeats: number | null;
  targetMs: number;
  warmup: number;
  split: boolean;
  out: string | null;
  /** The arguments as given, for the report's command line. */
  raw: string[];
}

export const USAGE = `Usage: pnpm run bench:backends -- [options]

Throughput of the dynamics backends (js, native, wasm): microseconds and spikes
per outer iteration, early stopping off. Progress goes to stderr, results to stdout.

Table mode (default): seeded random dense QPs, m = round(n/2).
  --sizes LIST        comma-separated n values (default ${DEFAULT_SIZES.join(',')})
  --backend LIST      backends to time (default: all; an unavailable one is reported as such)
  --seed N            problem seed (default 1)
  --active F          share of rows and of box bounds that cut off the unconstrained
                      optimum, 0..1 (default 0.1; more means more spikes per iteration)
  --repeats N         timed samples per measurement, median reported (default 5)
  --target-ms MS      wall time of one sample; sets K (default 300)
  --warmup N          outer iterations before timing (default 500)
  --no-split          skip the drift-only run that splits drift from sweep time
  --out FILE          also write the markdown report to FILE

Single-problem mode: one JSON line per backend on stdout.
  --problem FILE      a JSON or QPS/MPS problem, read as the snn-opt CLI reads it
  --iterations K      outer iterations per timed run (default 1000)
  --backend B         js | native | wasm (default: every backend that loads)
  --repeats N         timed runs from x0, median reported (default 3)

  -h, --help          this text`;

class UsageError extends Error {}

export { UsageError };

function positiveInteger(name: string, text: string, min = 1): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, received ${JSON.stringify(text)}`);
  }
  return value;
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${name} must be a positive number, received ${JSON.stringify(text)}`);
  }
  return value;
}

function fraction(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--${name} must be a number in [0, 1], received ${JSON.stringify(text)}`);
  }
  return value;
}

function backendList(values: string[]): Backend[] {
  const out: Backend[] = [];
  for (const item of values.flatMap((v) => v.split(','))) {
    const name = item.trim();
    if (name === '') continue;
    if (!(BACKENDS as readonly string[]).includes(name)) {
      throw new UsageError(
        `--backend must be one of ${BACKENDS.join(', ')}, received ${JSON.stringify(name)}`,
      );
    }
    if (!out.includes(name as Backend)) out.push(name as Backend);
  }
  if (out.length === 0) throw new UsageError('--backend names no backend');
  // Keep js first: the ratios are taken against it.
  return BACKENDS.filter((b) => out.includes(b));
}

/**
 * Parses the arguments. A leading `--` (what `pnpm run script -- args`
 * may pass through) is dropped.
 */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const raw = argv[0] === '--' ? argv.slice(1) : argv;
  const { values } = parseArgs({
    args: raw,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      problem: { type: 'string' },
      iterations: { type: 'string' },
      backend: { type: 'string', multiple: true },
      sizes: { type: 'string' },
      seed: { type: 'string' },
      active: { type: 'string' },
      repeats: { type: 'string' },
      'target-ms': { type: 'string' },
      warmup: { type: 'string' },
      'no-split': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const sizes =
    values.sizes === undefined
      ? DEFAULT_SIZES
      : values.sizes.split(',').map((s) => positiveInteger('sizes', s.trim()));
  if (sizes.length === 0) throw new UsageError('--sizes names no size');
  const tableOnly = ['sizes', 'seed', 'active', 'target-ms', 'warmup', 'no-split', 'out'] as const;
  if (values.problem !== undefined) {
    const given = tableOnly.filter((k) => values[k] !== undefined && values[k] !== false);
    if (given.length > 0) {
      throw new UsageError(
        `${given.map((k) => `--${k}`).join(', ')}: options of the table of random problems, not of --problem`,
      );
    }
  } else if (values.iterations !== undefined) {
    throw new UsageError('--iterations goes with --problem (the table sizes K by --target-ms)');
  }
  return {
    help: values.help === true,
    problem: values.problem ?? null,
    iterations:
      values.iterations === undefined ? 1000 : positiveInteger('iterations', values.iterations),
    backends: values.backend === undefined ? null : backendList(values.backend),
    sizes,
    seed: values.seed === undefined ? 1 : positiveInteger('seed', values.seed, 0),
    active: values.active === undefined ? 0.1 : fraction('active', values.active),
    repeats: values.repeats === undefined ? null : positiveInteger('repeats', values.repeats),
    targetMs:
      values['target-ms'] === undefined ? 300 : positiveNumber('target-ms', values['target-ms']),
    warmup: values.warmup === undefined ? 500 : positiveInteger('warmup', values.warmup, 0),
    split: values['no-split'] !== true,
    out: values.out ?? null,
    raw,
  };
}
