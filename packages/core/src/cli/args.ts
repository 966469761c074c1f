import type { BackendName } from '../backends/types.js';
/**
 * Command-line parsing of `snn-opt` with node:util parseArgs. Every mistake
 * becomes an SnnOptError that names the flag, so the CLI can report it as
 * invalid input (exit 2) without a stack trace.
 */

import { parseArgs } from 'node:util';
import { isSnnOptError, SnnOptError } from '../errors.js';
import { resolveOptions, type SolverOptions } from '../solver/options.js';

/** What the command line asks for. */
export interface CliCommand {
  kind: 'help' | 'version' | 'solve';
  /** One JSON object on stdout instead of the text report. */
  json: boolean;
  /** The problem file (`solve` only). */
  file?: string;
  /** Solver options set by flags. */
  options: SolverOptions;
  /** Published optimal objective to compare against. */
  optimum?: number;
  /** Backend that runs the dynamics. */
  backend: BackendName;
}

/** Flags that set a numeric solver option, and the option each sets. */
const OPTION_FLAGS = {
  'max-iterations': 'maxIterations',
  'k0-scale': 'k0Scale',
  'check-every': 'checkEvery',
  'polish-every': 'polishEvery',
  'min-iterations': 'minIterations',
  'constraint-tol': 'constraintTol',
  'feasibility-tol': 'feasibilityTol',
  'kkt-rel-tol': 'kktRelTol',
  'kkt-abs-tol': 'kktAbsTol',
} as const satisfies Record<string, keyof SolverOptions>;

type OptionFlag = keyof typeof OPTION_FLAGS;

/** Flags that take a value. */
const VALUE_FLAGS: ReadonlySet<string> = new Set([
  ...Object.keys(OPTION_FLAGS),
  'optimum',
  'backend',
]);

export const HELP_TEXT = `snn-opt — solve a convex QP or LP with spiking-neural-network dynamics

Usage:
  snn-opt solve FILE [options]
  snn-opt --help | --version

FILE is a QPS/MPS file (.qps, .mps) or a JSON problem (.json): either the
lineage form {A, b, C, d, lower?, upper?, x0?} (Cx + d <= 0) or the general
form {A?, b, C?, lo?, hi?, lower?, upper?, objectiveConstant?, x0?}, at the top
level or under a "problem" key. Non-finite numbers are written "Infinity",
"-Infinity" or "NaN". Other keys are ignored with a warning, except those that
look like a field misspelt or named another way ("uper", "P", "lowerBound"),
which are refused (exit 2). Other file names are read by content.

Options:
  --max-iterations N    outer iterations (drift + sweep) budget    (default 2000)
  --k0-scale S          drift step as a fraction of 1/λmax, in (0, 2)  (default 0.5)
  --check-every N       iterations between checkpoints           (default 50)
  --min-iterations N    no checkpoint before this iteration      (default 100)
  --polish-every N      length of the firing windows compared before an early
                        polish                                   (default 10)
  --constraint-tol T    facet distance a sweep accepts           (default 1e-6)
  --feasibility-tol T   joint distance a checkpoint requires     (default 1e-6)
  --kkt-rel-tol T       relative tolerance of the KKT certificate (default 1e-4)
  --kkt-abs-tol T       absolute tolerance of the KKT certificate (default 1e-9)
  --no-polish           keep the dynamics' own point: no exact KKT solve on the
                        active set the spikes found (polish is on by default)
  --no-scaling          no Ruiz equilibration (default: scale badly scaled problems)
  --optimum F           published optimal objective: also print |f - F| / max(1, |F|)
  --backend NAME        backend that runs the dynamics: js (default), native, wasm or
                        auto (native if it loads, else wasm, else js)
  --json                print one JSON object on stdout instead of the text report;
                        NaN and ±Infinity appear as the strings "NaN",
                        "Infinity" and "-Infinity"
  -h, --help            show this help
  --version             show the version

Exit codes:
  0  the solve ended with status optimal (the KKT certificate passed)
  1  the solve ran but ended with another status (max_iterations, …)
  2  invalid input: a bad flag, an unreadable or invalid problem file
  3  internal error (set SNN_OPT_DEBUG=1 to print the stack)
`;

/** True when the command line asks for JSON output, even if it is otherwise malformed. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** Joins `--flag -3` into `--flag=-3` so parseArgs takes negative values instead of calling them ambiguous. */
function joinDashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const next = argv[k + 1];
    const flag = arg.startsWith('--') ? arg.slice(2) : '';
    if (VALUE_FLAGS.has(flag) && next?.startsWith('-') && !next.startsWith('--')) {
      out.push(`${arg}=${next}`);
      k++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function usageError(message: string, argument?: string): SnnOptError {
  return new SnnOptError(
    'invalid_argument',
    `${message} (see snn-opt --help)`,
    argument ? { argument } : {},
  );
}

function parseNumber(flag: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (Number.isNaN(value)) {
    throw new SnnOptError('invalid_option', `--${flag} expects a number, received "${text}"`, {
      argument: `--${flag}`,
      expected: 'a number',
      received: text,
    });
  }
  return value;
}

/** Runs the options through the solver's own checks, naming the flag instead of the option. */
function checkOptions(options: SolverOptions): void {
  try {
    resolveOptions(options);
  } catch (error) {
    if (!isSnnOptError(error) || error.argument === undefined) throw error;
    const entry = Object.entries(OPTION_FLAGS).find(
      ([, key]) => `options.${key}` === error.argument,
    );
    if (entry === undefined) throw error;
    const flag = `--${entry[0]}`;
    throw new SnnOptError(error.code, error.message.replace(error.argument, flag), {
      argument: flag,
      expected: error.expected,
      received: error.received,
    });
  }
}

function checkBackend(name: string | undefined): BackendName {
  if (name === undefined) return 'js';
  if (name === 'js' || name === 'native' || name === 'wasm' || name === 'auto') return name;
  throw new SnnOptError(
    'invalid_option',
    `unknown backend "${name}"; choose js, native, wasm or auto`,
    {
      argument: '--backend',
      expected: 'js | native | wasm | auto',
      received: name,
    },
  );
}

type Parsed = ReturnType<typeof parseWithNode>;

function parseWithNode(argv: readonly string[]) {
  const flags = Object.fromEntries(
    [...VALUE_FLAGS].map((name) => [name, { type: 'string' as const }]),
  );
  try {
    return parseArgs({
      args: joinDashValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        ...flags,
        json: { type: 'boolean' },
        'no-polish': { type: 'boolean' },
        'no-scaling': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    const message =
      error instanceof Error ? error.message.split('. ')[0].replace(/\.$/, '') : String(error);
    throw new SnnOptError('invalid_option', `${message} (see snn-opt --help)`, {
      argument: 'argv',
    });
  }
}

function solveCommand(parsed: Parsed, json: boolean): CliCommand {
  const [command, file, ...rest] = parsed.positionals;
  if (command !== 'solve')
    throw usageError(`unknown command "${command}"; the command is "solve"`, 'command');
  if (file === undefined) throw usageError('missing FILE: snn-opt solve FILE', 'file');
  if (rest.length > 0) throw usageError(`unexpected argument "${rest[0]}"`, 'argv');
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const options: SolverOptions = {};
  for (const [flag, key] of Object.entries(OPTION_FLAGS) as [OptionFlag, keyof SolverOptions][]) {
    const text = values[flag];
    if (typeof text === 'string')
      (options as Record<string, number>)[key] = parseNumber(flag, text);
  }
  if (values['no-polish'] === true) options.polish = false;
  if (values['no-scaling'] === true) options.scaling = false;
  checkOptions(options);
  const command_: CliCommand = {
    kind: 'solve',
    json,
    file,
    options,
    backend: checkBackend(values.backend as string | undefined),
  };
  if (typeof values.optimum === 'string') {
    const optimum = parseNumber('optimum', values.optimum);
    if (!Number.isFinite(optimum)) {
      throw new SnnOptError(
        'invalid_option',
        `--optimum must be finite, received ${values.optimum}`,
        {
          argument: '--optimum',
          expected: 'a finite number',
          received: values.optimum,
        },
      );
    }
    command_.optimum = optimum;
  }
  return command_;
}

/**
 * Parses the arguments after the program name.
 *
 * @throws SnnOptError `invalid_option` for an unknown flag or a bad flag value,
 *   `invalid_argument` for a missing or unknown command or file,
 *   `backend_unavailable` for a backend this build does not have.
 */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const parsed = parseWithNode(argv);
  const json = parsed.values.json === true;
  if (parsed.values.help === true) return { kind: 'help', json, options: {}, backend: 'js' };
  if (parsed.values.version === true) return { kind: 'version', json, options: {}, backend: 'js' };
  if (parsed.positionals.length === 0)
    throw usageError('missing command: snn-opt solve FILE', 'command');
  return solveCommand(parsed, json);
}
