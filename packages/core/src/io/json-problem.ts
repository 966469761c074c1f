/**
 * Reader for problems written as JSON.
 *
 * Two shapes are accepted, either at the top level or under a `"problem"` key:
 *
 * - the research lineage's form `{ A, b, C, d, lower?, upper?, x0? }`
 *   (`min ½xᵀAx + bᵀx  s.t.  Cx + d ≤ 0`), recognised by the presence of `d`;
 * - the general two-sided form `{ A?, b, C?, lo?, hi?, lower?, upper?, objectiveConstant?, x0? }`.
 *
 * Besides these fields the object holding the problem may give `n`, `m`,
 * `name`, `id`, and `b_sequence`/`x0_cold` of a warm-start sequence. Any other
 * key is kept as metadata and named in one note (`meta.notes`, which the CLI
 * prints as a warning), unless it looks like a field written another way: a
 * case variant (`"c"`), a misspelling (`"uper"`) or another solver's name
 * (`"P"`, `"lowerBound"`), which is refused so that the problem is never
 * solved without the field the file meant (see json-fields.ts). When the
 * problem sits under `"problem"`, the other top-level keys are the file's own
 * metadata; problem fields among them are noted as not read.
 *
 * JSON has no NaN or ±Infinity, so every numeric field may hold the strings
 * `"Infinity"`, `"+Infinity"`, `"-Infinity"` and `"NaN"`; they become numbers
 * here. Values are not judged (a NaN in `b` is the problem validator's to
 * reject); only types and shapes are checked.
 */

import { describeValue, SnnOptError } from '../errors.js';
import { fromLineageForm } from '../problem/lineage.js';
import type { MatrixInput, ProblemInput, VectorInput } from '../problem/types.js';
import { checkProblemKeys, misplacedFields } from './json-fields.js';

/** What the reader learned about a JSON problem file besides the problem itself. */
export interface JsonProblemMeta {
  /** Which shape the file used: `lineage` (`Cx + d ≤ 0`) or `general` (`lo ≤ Cx ≤ hi`). */
  form: 'lineage' | 'general';
  /** True when the problem sat under a `"problem"` key. */
  nested: boolean;
  /** The file's `id` or `name`, when it has one. */
  name?: string;
  /** The `n` the file declares (checked against the length of `b`). */
  declaredN?: number;
  /** The `m` the file declares (checked against the rows of `C`). */
  declaredM?: number;
  /** Where `b` came from: the `b` field, or the first entry of `b_sequence`. */
  bSource: 'b' | 'b_sequence[0]';
  /** Number of linear terms in `b_sequence`, when the file has one. */
  sequenceLength?: number;
  /** Where the starting point came from, if any: `x0`, or `x0_cold` of a warm-start sequence. */
  x0Source?: 'x0' | 'x0_cold';
  /** Keys of the problem's object that are not problem fields, kept as metadata (in file order). */
  ignoredFields: string[];
  /** Things the reader chose on the caller's behalf, one sentence each. */
  notes: string[];
}

/** A problem read from JSON, with its starting point if the file gives one. */
export interface JsonProblemFile {
  problem: ProblemInput;
  x0?: number[];
  meta: JsonProblemMeta;
}

type Numeric = number | Numeric[];
type JsonObject = Record<string, unknown>;

const SPECIAL_NUMBERS: Record<string, number> = {
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  NaN: Number.NaN,
};

/** Line and column (both 1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** True when JSON.parse fails on `prefix` only because the text stops early (or does not fail). */
function failsOnlyAtEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const reason = (error as Error).message;
    const match = /at position (\d+)/.exec(reason);
    return (
      /end of JSON input/.test(reason) || (match !== null && Number(match[1]) >= prefix.length)
    );
  }
}

/**
 * Offset of a syntax error whose message has no position (Node 20 words some
 * errors that way): the shortest prefix that fails for a reason other than
 * its end ends with the offending character. Prefixes up to the error fail
 * only at their end, so a binary search finds it.
 */
function locateSyntaxError(text: string): number {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsOnlyAtEnd(text.slice(0, mid + 1))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** JSON.parse with errors turned into `parse_error` naming the line and column. */
function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const match = /at position (\d+)/.exec(reason);
    const offset = match
      ? Number(match[1])
      : /end of JSON input/.test(reason)
        ? text.length
        : locateSyntaxError(text);
    const { line, column } = lineColumn(text, offset);
    const detail = reason
      .replace(/^(Unexpected token '.*?'),.*$/s, '$1')
      .replace(/ (in JSON )?at position \d+.*$/s, '');
    throw new SnnOptError('parse_error', `${source}:${line}:${column}: invalid JSON: ${detail}`, {
      line,
      index: offset,
      expected: 'valid JSON',
    });
  }
}

function wrongType(argument: string, expected: string, value: unknown): never {
  const received = describeValue(value);
  const message = `${argument} must be ${expected}, received ${received}`;
  throw new SnnOptError('invalid_argument', message, { argument, expected, received });
}

/** Turns a number, a special string or a (nested) array of them into numbers. */
function decodeNumeric(value: unknown, path: string, depth: number): Numeric {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const special = SPECIAL_NUMBERS[value.trim()];
    if (special !== undefined) return special;
    return wrongType(path, 'a number or one of "Infinity", "-Infinity", "NaN"', value);
  }
  if (Array.isArray(value) && depth > 0) {
    return value.map((entry, k) => decodeNumeric(entry, `${path}[${k}]`, depth - 1));
  }
  const expected = depth > 0 ? 'a number or an array of numbers' : 'a number';
  return wrongType(path, expected, value);
}

/** A numeric field that may be absent or null (then undefined), a number or an array up to `depth` deep. */
function optionalNumeric(obj: JsonObject, key: string, depth: number): Numeric | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  return decodeNumeric(value, key, depth);
}

function asVector(value: Numeric | undefined, key: string): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return wrongType(key, 'an array of numbers', value);
  value.forEach((entry, k) => {
    if (Array.isArray(entry)) wrongType(`${key}[${k}]`, 'a number', entry);
  });
  return value as number[];
}

function asMatrix(value: Numeric | undefined, key: string): MatrixInput | undefined {
  if (value !== undefined && !Array.isArray(value)) wrongType(key, 'an array of rows', value);
  return value as MatrixInput | undefined;
}

/** The object holding the problem: the top level, or its `"problem"` member. */
function locateProblem(root: unknown): { obj: JsonObject; nested: boolean } {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    return wrongType('problem file', 'a JSON object', root);
  }
  const top = root as JsonObject;
  const inner = top.problem;
  if (inner !== undefined && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
    return { obj: inner as JsonObject, nested: true };
  }
  return { obj: top, nested: false };
}

/** `b`, or the first entry of `b_sequence` for a warm-start sequence file. */
function linearTerm(obj: JsonObject, meta: JsonProblemMeta): number[] {
  const b = asVector(optionalNumeric(obj, 'b', 1), 'b');
  if (b !== undefined) return b;
  const sequence = optionalNumeric(obj, 'b_sequence', 2);
  if (Array.isArray(sequence) && sequence.length > 0) {
    const first = asVector(sequence[0], 'b_sequence[0]') as number[];
    meta.bSource = 'b_sequence[0]';
    meta.sequenceLength = sequence.length;
    meta.notes.push(`no "b": using b_sequence[0], the first of ${sequence.length} linear terms`);
    return first;
  }
  return wrongType('b', 'an array of numbers (the linear term)', obj.b);
}

/** The starting point: `x0`, or `x0_cold` of a warm-start sequence. */
function startingPoint(obj: JsonObject, meta: JsonProblemMeta): number[] | undefined {
  const x0 = asVector(optionalNumeric(obj, 'x0', 1), 'x0');
  if (x0 !== undefined) {
    meta.x0Source = 'x0';
    return x0;
  }
  const cold = asVector(optionalNumeric(obj, 'x0_cold', 1), 'x0_cold');
  if (cold !== undefined) {
    meta.x0Source = 'x0_cold';
    meta.notes.push('no "x0": starting from x0_cold');
  }
  return cold;
}

function declaredSize(obj: JsonObject, root: JsonObject, key: 'n' | 'm'): number | undefined {
  const value = obj[key] ?? root[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    return wrongType(key, 'a non-negative integer', value);
  }
  return value;
}

function mismatch(argument: string, what: string, declared: number, actual: number): never {
  const message = `the file declares ${what} = ${declared} but ${argument} has ${actual}`;
  throw new SnnOptError('dimension_mismatch', message, {
    argument,
    expected: `${declared}`,
    received: `${actual}`,
  });
}

/** Checks the declared n and m (when given) against b and the rows of C. */
function checkDeclared(meta: JsonProblemMeta, b: number[], C: MatrixInput | undefined): void {
  if (meta.declaredN !== undefined && meta.declaredN !== b.length) {
    mismatch('b', 'n', meta.declaredN, b.length);
  }
  if (meta.declaredM === undefined) return;
  const rows =
    C === undefined
      ? 0
      : C.length > 0 && !Array.isArray(C[0])
        ? C.length / Math.max(1, b.length)
        : C.length;
  if (meta.declaredM !== rows) mismatch('C', 'm', meta.declaredM, rows);
}

function nameOf(obj: JsonObject, root: JsonObject): string | undefined {
  for (const candidate of [obj.name, obj.id, root.name, root.id]) {
    if (typeof candidate === 'string' && candidate.length > 0) return candidate;
  }
  return undefined;
}

/** Checks the keys (refusing near misses of a field) and notes the ones left unread. */
function checkKeys(obj: JsonObject, top: JsonObject, meta: JsonProblemMeta, source: string): void {
  meta.ignoredFields = checkProblemKeys(obj, source);
  if (meta.ignoredFields.length > 0) {
    meta.notes.push(`ignored fields (not part of the problem): ${meta.ignoredFields.join(', ')}`);
  }
  const outside = meta.nested ? misplacedFields(top) : [];
  if (outside.length > 0) {
    meta.notes.push(
      `ignored fields outside "problem" (only its own are read): ${outside.join(', ')}`,
    );
  }
}

/**
 * Reads a QP from JSON text (see the module comment for the shapes).
 *
 * @param text the file contents.
 * @param source a label for error messages, e.g. the file name; default "JSON".
 * @throws SnnOptError `parse_error` for malformed JSON (with `line`), `invalid_argument`
 *   for a wrong type, for `d` together with `lo`/`hi`, or for a key that looks like a
 *   misspelt or foreign name of a field (`argument` = the key), `dimension_mismatch`
 *   when the declared `n`/`m` disagree with the arrays.
 */
export function parseJsonProblem(text: string, source = 'JSON'): JsonProblemFile {
  const root = parseJsonText(text, source);
  const { obj, nested } = locateProblem(root);
  const top = root as JsonObject;
  const lineage = obj.d !== undefined;
  const form = lineage ? 'lineage' : 'general';
  const meta: JsonProblemMeta = { form, nested, bSource: 'b', ignoredFields: [], notes: [] };
  checkKeys(obj, top, meta, source);
  const name = nameOf(obj, top);
  if (name !== undefined) meta.name = name;
  meta.declaredN = declaredSize(obj, top, 'n');
  meta.declaredM = declaredSize(obj, top, 'm');
  if (lineage && (obj.lo != null || obj.hi != null)) {
    const message = `${source}: give either "d" (Cx + d ≤ 0) or "lo"/"hi" (lo ≤ Cx ≤ hi), not both`;
    const details = { argument: 'd', expected: 'either d or lo/hi', received: 'both' };
    throw new SnnOptError('invalid_argument', message, details);
  }
  const b = linearTerm(obj, meta);
  const A = asMatrix(optionalNumeric(obj, 'A', 2), 'A');
  const C = asMatrix(optionalNumeric(obj, 'C', 2), 'C');
  checkDeclared(meta, b, C);
  const lower = optionalNumeric(obj, 'lower', 1) as VectorInput | number | undefined;
  const upper = optionalNumeric(obj, 'upper', 1) as VectorInput | number | undefined;
  const constant = optionalNumeric(obj, 'objectiveConstant', 0) as number | undefined;
  let problem: ProblemInput;
  if (lineage) {
    const d = asVector(optionalNumeric(obj, 'd', 1), 'd');
    problem = fromLineageForm({ A, b, C, d, lower, upper });
  } else {
    const lo = asVector(optionalNumeric(obj, 'lo', 1), 'lo');
    const hi = asVector(optionalNumeric(obj, 'hi', 1), 'hi');
    problem = { A, b, C, lo, hi, lower, upper };
  }
  if (constant !== undefined) problem.objectiveConstant = constant;
  if (name !== undefined) problem.names = { problem: name };
  const x0 = startingPoint(obj, meta);
  return x0 === undefined ? { problem, meta } : { problem, x0, meta };
}
