/**
 * `snn-opt` — the command line of @snn-opt/core.
 *
 *     snn-opt solve FILE [--max-iterations N] [--k0-scale S] [--json] [--optimum F] [--backend js|native|wasm|auto] …
 *
 * Exit codes: 0 optimal, 1 another solver status, 2 invalid input or usage,
 * 3 internal error (stack printed only when SNN_OPT_DEBUG is set). See
 * {@link HELP_TEXT} for every flag.
 */

import { readFileSync } from 'node:fs';
import { isSnnOptError } from '../errors.js';
import { type ProblemFile, readProblemFile } from '../io/read-problem.js';
import { toVector } from '../problem/convert.js';
import type { QPProblem } from '../problem/types.js';
import type { CheckpointProgress } from '../solver/options.js';
import { SnnSolver } from '../solver/solver.js';
import { type CliCommand, HELP_TEXT, parseCommandLine, wantsJson } from './args.js';
import { internalErrorReport, invalidInputReport, solutionReport, toJson } from './report.js';
import {
  banner,
  finalRow,
  footer,
  optimumLine,
  TABLE_LEGEND,
  tableHeader,
  tableRow,
} from './table.js';

/** Where the CLI writes; the default is the process's stdout and stderr. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes of `snn-opt`. */
export const EXIT = {
  /** The solve ended with status `optimal` (also --help and --version). */
  success: 0,
  /** The solve ran but ended with another status. */
  notOptimal: 1,
  /** Invalid input: a bad flag, an unreadable or invalid problem. */
  invalidInput: 2,
  /** A bug: an error that is not a caller's mistake. */
  internal: 3,
} as const;

const PROCESS_IO: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** The package version, read from package.json (two levels up from both src/cli and dist/cli). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function writeLines(write: (text: string) => void, lines: readonly string[]): void {
  if (lines.length > 0) write(`${lines.join('\n')}\n`);
}

function countFiniteBounds(problem: QPProblem): number {
  let count = 0;
  for (let j = 0; j < problem.n; j++) {
    if (Number.isFinite(problem.lower[j])) count++;
    if (Number.isFinite(problem.upper[j])) count++;
  }
  return count;
}

function problemName(file: ProblemFile): string | undefined {
  const name = file.problem.names?.problem ?? file.meta?.name;
  return name === undefined || name === '' ? undefined : name;
}

/** Reads the file, sets the solver up, prints the report and returns the exit code. */
async function runSolve(command: CliCommand, io: CliIo, version: string): Promise<number> {
  const path = command.file as string;
  const file = await readProblemFile(path);
  for (const warning of file.warnings) io.stderr(`warning: ${warning}\n`);
  let checkpoints = 0;
  let lastRow = -1;
  let starred = false;
  const onCheckpoint = command.json
    ? null
    : (progress: CheckpointProgress) => {
        if (checkpoints++ === 0) writeLines(io.stdout, tableHeader());
        io.stdout(`${tableRow(progress)}\n`);
        lastRow = progress.iteration;
        starred ||= progress.passed;
      };
  const solver = await SnnSolver.create(file.problem, {
    ...command.options,
    backend: command.backend,
    onCheckpoint,
  });
  // Checked before the banner so that a bad x0 is reported before any output.
  const x0 =
    file.x0 === undefined ? undefined : toVector('x0', file.x0, solver.problem.n, 'finite');
  const name = problemName(file);
  if (!command.json) {
    writeLines(
      io.stdout,
      banner({
        version,
        file: path,
        format: file.format,
        name,
        n: solver.problem.n,
        m: solver.problem.m,
        finiteBounds: countFiniteBounds(solver.problem),
        k0: solver.k0,
        lambdaMax: solver.lambdaMax,
        options: solver.options,
        backend: solver.backend,
      }),
    );
  }
  const result = solver.solve(x0);
  if (command.json) {
    const context = {
      version,
      file: path,
      format: file.format,
      name,
      optimum: command.optimum,
      warnings: file.warnings,
    };
    io.stdout(`${toJson(solutionReport(result, context))}\n`);
  } else {
    // The end of the solve gets its own row when no checkpoint fell on it (early polish, budget).
    if (checkpoints === 0) writeLines(io.stdout, tableHeader());
    if (lastRow !== result.iterations || result.polish?.status === 'accepted') {
      io.stdout(
        `${finalRow(result)}   (end${result.polish?.status === 'accepted' ? ', polished' : ''})\n`,
      );
      starred ||= result.status === 'optimal';
    }
    if (starred) writeLines(io.stdout, [TABLE_LEGEND]);
    writeLines(io.stdout, footer(result));
    if (command.optimum !== undefined)
      writeLines(io.stdout, [optimumLine(result.objective, command.optimum)]);
  }
  return result.status === 'optimal' ? EXIT.success : EXIT.notOptimal;
}

/** Reports an error in the chosen output mode and returns its exit code. */
function reportError(error: unknown, json: boolean, io: CliIo): number {
  if (isSnnOptError(error)) {
    if (json) io.stdout(`${toJson(invalidInputReport(error))}\n`);
    else io.stderr(`error [${error.code}]: ${error.message}\n`);
    return EXIT.invalidInput;
  }
  const debug = Boolean(process.env.SNN_OPT_DEBUG);
  const message = error instanceof Error ? error.message : String(error);
  if (json) io.stdout(`${toJson(internalErrorReport(error, debug))}\n`);
  if (!json || debug) {
    io.stderr(`internal error: ${message}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    else io.stderr('this is a bug in snn-opt; set SNN_OPT_DEBUG=1 to print the stack\n');
  }
  return EXIT.internal;
}

/**
 * Runs `snn-opt` with the arguments after the program name and returns the
 * exit code. Never throws: invalid input exits 2, anything else 3.
 */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const json = wantsJson(argv);
  try {
    const command = parseCommandLine(argv);
    const version = packageVersion();
    if (command.kind === 'help') {
      io.stdout(HELP_TEXT);
      return EXIT.success;
    }
    if (command.kind === 'version') {
      io.stdout(command.json ? `${toJson({ version })}\n` : `snn-opt ${version}\n`);
      return EXIT.success;
    }
    return await runSolve(command, io, version);
  } catch (error) {
    return reportError(error, json, io);
  }
}
