/**
 * Reads a problem file from disk: QPS/MPS or JSON, chosen by the extension
 * (`.qps`, `.mps`, `.json`, any case) or, for other names, by the content.
 */

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SnnOptError } from '../errors.js';
import type { ProblemInput } from '../problem/types.js';
import { type JsonProblemMeta, parseJsonProblem } from './json-problem.js';
import { parseQps } from './qps.js';

/** The file formats snn-opt reads. */
export type ProblemFileFormat = 'qps' | 'json';

/** A problem read from a file. */
export interface ProblemFile {
  problem: ProblemInput;
  /** Starting point given by the file (JSON only). */
  x0?: number[];
  /** What the reader did on the caller's behalf (dropped rows, negated objective, chosen fields, …). */
  warnings: string[];
  format: ProblemFileFormat;
  /** What the JSON reader learned about the file (JSON only). */
  meta?: JsonProblemMeta;
}

/**
 * The format of a file: by extension first, otherwise JSON when the first
 * non-blank character opens an object, QPS otherwise.
 */
export function detectFormat(path: string, text: string): ProblemFileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.qps' || ext === '.mps') return 'qps';
  if (ext === '.json') return 'json';
  const first = /\S/.exec(text);
  return first !== null && first[0] === '{' ? 'json' : 'qps';
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new SnnOptError('invalid_argument', `cannot read ${path}: ${reason}`, {
      argument: 'file',
      expected: 'a readable QPS, MPS or JSON file',
      received: path,
    });
  }
}

/**
 * Reads and parses a problem file.
 *
 * @throws SnnOptError `invalid_argument` when the file cannot be read, and the
 *   parsers' errors (`parse_error`, `unsupported_feature`, …) for its content.
 */
export async function readProblemFile(path: string): Promise<ProblemFile> {
  const text = await readText(path);
  const format = detectFormat(path, text);
  if (format === 'qps') {
    const model = parseQps(text, path);
    return { problem: model.problem, warnings: [...model.warnings], format };
  }
  const parsed = parseJsonProblem(text, path);
  const file: ProblemFile = {
    problem: parsed.problem,
    warnings: [...parsed.meta.notes],
    format,
    meta: parsed.meta,
  };
  if (parsed.x0 !== undefined) file.x0 = parsed.x0;
  return file;
}
