/**
 * Reader for QPS files (free MPS with a quadratic objective section), the format of the
 * Maros–Meszaros convex QP test set.
 *
 * The file describes `min cᵀx + ½ xᵀQx + c₀` subject to row and column bounds; it becomes a
 * dense {@link ProblemInput} with `A = Q` (full and symmetric), `b = c`, `C` the constraint
 * rows and `objectiveConstant = c₀`.
 */

import { SnnOptError } from '../errors.js';
import type { ProblemInput, ProblemNames } from '../problem/types.js';
import { lineError, type QpsLine, QpsState, type QuadKind } from './qps-sections.js';

/** The problem read from a QPS file: {@link ProblemInput} with every field present and dense. */
export interface QpsProblem extends ProblemInput {
  /** Hessian, n×n row-major, symmetric (both triangles filled). */
  A: Float64Array;
  /** Linear objective term, length n. */
  b: Float64Array;
  /** Constraint matrix, m×n row-major (constraint rows only; N rows excluded). */
  C: Float64Array;
  /** Row lower bounds, length m (−Infinity for none). */
  lo: Float64Array;
  /** Row upper bounds, length m (+Infinity for none). */
  hi: Float64Array;
  /** Variable lower bounds, length n (−Infinity for none). */
  lower: Float64Array;
  /** Variable upper bounds, length n (+Infinity for none). */
  upper: Float64Array;
  /** Constant term of the objective: minus the RHS given on the objective row. */
  objectiveConstant: number;
  names: Required<ProblemNames>;
}

/** A parsed QPS file. The objective is always to be minimised (MAX files are negated). */
export interface QpsModel {
  problem: QpsProblem;
  objectiveSense: 'min';
  /** Things the reader did that a caller may want to know (dropped rows, negation, …). */
  warnings: string[];
}

type Section =
  | 'NAME'
  | 'OBJSENSE'
  | 'ROWS'
  | 'COLUMNS'
  | 'RHS'
  | 'RANGES'
  | 'BOUNDS'
  | QuadKind
  | 'ENDATA';

const KNOWN: ReadonlySet<string> = new Set<Section>([
  'NAME',
  'OBJSENSE',
  'ROWS',
  'COLUMNS',
  'RHS',
  'RANGES',
  'BOUNDS',
  'QUADOBJ',
  'QSECTION',
  'QMATRIX',
  'ENDATA',
]);

/** Sections that refer to columns, so need COLUMNS before them. */
const DATA_AFTER_COLUMNS: ReadonlySet<string> = new Set([
  'RHS',
  'RANGES',
  'BOUNDS',
  'QUADOBJ',
  'QSECTION',
  'QMATRIX',
]);

/** Sections of MPS dialects that exist but describe things out of scope. */
const UNSUPPORTED: ReadonlySet<string> = new Set([
  'OBJNAME',
  'QCMATRIX',
  'CSECTION',
  'SOS',
  'INDICATORS',
  'CONE',
  'CONES',
]);

/**
 * Reads a QPS (free-format MPS) text.
 *
 * Conventions:
 * - Free format: fields are separated by whitespace, so names cannot contain spaces (any other
 *   printable character is fine). Section headers start in column 1; data lines are indented.
 *   Lines starting with `*` are comments; blank lines are ignored; text after ENDATA is ignored.
 * - Sections: NAME, OBJSENSE, ROWS, COLUMNS, RHS, RANGES, BOUNDS, QUADOBJ (alias QSECTION,
 *   or QMATRIX), ENDATA. ROWS must precede COLUMNS, which must precede the rest; no section may
 *   repeat; ROWS, COLUMNS and ENDATA are required.
 * - The first N row is the objective; further N rows are free rows, dropped with a warning
 *   (their COLUMNS/RHS entries are ignored).
 * - Rows: E → lo = hi = rhs; L → (−∞, rhs]; G → [rhs, +∞); default rhs 0. RANGES R: L → [rhs−|R|,
 *   rhs]; G → [rhs, rhs+|R|]; E → [rhs, rhs+R] if R ≥ 0, [rhs+R, rhs] if R < 0.
 * - A RHS on the objective row is the negated objective constant (objectiveConstant = −rhs).
 * - RHS/RANGES lines with an odd field count carry a set name, with an even count they do not;
 *   BOUNDS likewise by field count. Only the first named RHS/RANGES/BOUNDS set is used; lines of
 *   other sets are ignored with a warning; lines without a set name always count.
 * - Bounds default to [0, +∞). UP, LO, FX, FR, MI (lower −∞ only), PL (upper +∞ only). If a
 *   column's upper bound comes from an UP card with a negative value and no card set its lower
 *   bound (LO, FX, FR, MI), the lower bound becomes −∞ and a warning is added (the CPLEX/HiGHS
 *   convention; otherwise the column would be infeasible at [0, negative]).
 * - Values of magnitude ≥ 1e30 (or `Inf`) in RHS, RANGES and BOUNDS mean "no bound"; matrix and
 *   Hessian coefficients must be finite. Numbers may use a leading '.', `e` or Fortran `D`.
 * - QUADOBJ/QSECTION list entries (i, j, q) of Q; an off-diagonal entry listed in one triangle
 *   only is mirrored. If a file lists both (i, j) and (j, i), they name the same entry of a
 *   symmetric matrix and are not added: equal values are taken once; unequal values are
 *   averaged (the symmetric part of the listed matrix, which defines the same objective) with a
 *   warning. QMATRIX lists the whole matrix, so a one-sided off-diagonal entry q stands for
 *   q/2 in each triangle. Listing the same (i, j) twice is a parse error.
 * - OBJSENSE MAX (or MAXIMIZE) is accepted by negating b, A and the constant, with a warning:
 *   the model then minimises −f, and its optimal value is the negated maximum.
 * - Integer data (MARKER INTORG/INTEND lines, BV/LI/UI/SC bounds) → SnnOptError
 *   'unsupported_feature' naming the line. Any malformed line, unknown row/column/section or
 *   non-numeric value → SnnOptError 'parse_error' with `line`, `received` and `expected`; so is
 *   a repeated (column, row) entry in COLUMNS or a repeated row in RHS/RANGES (never summed).
 *   Sections of other MPS dialects (OBJNAME, QCMATRIX, CSECTION, SOS, INDICATORS, CONE(S))
 *   → 'unsupported_feature'.
 *
 * @param text the file contents.
 * @param source a label for error messages (e.g. the file name); default "QPS".
 */
export function parseQps(text: string, source = 'QPS'): QpsModel {
  const state = new QpsState(source);
  const seen = new Set<string>();
  let section: Section | undefined;
  let awaitingSense = false;
  const lines = text.split('\n');

  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k].endsWith('\r') ? lines[k].slice(0, -1) : lines[k];
    if (raw.length === 0 || raw[0] === '*') continue;
    const trimmed = raw.trim();
    if (trimmed.length === 0) continue;
    const line: QpsLine = { no: k + 1, text: raw, fields: trimmed.split(/\s+/) };

    if (raw[0] !== ' ' && raw[0] !== '\t') {
      const head = line.fields[0].toUpperCase();
      if (!KNOWN.has(head)) {
        if (UNSUPPORTED.has(head)) {
          throw new SnnOptError(
            'unsupported_feature',
            `${source} line ${line.no}: section ${head} is not supported: "${raw}"`,
            { line: line.no, received: raw },
          );
        }
        throw lineError(source, line, `unknown section "${line.fields[0]}"`, 'a QPS section name');
      }
      if (seen.has(head)) throw lineError(source, line, `section ${head} repeated`);
      const needs = head === 'COLUMNS' ? 'ROWS' : DATA_AFTER_COLUMNS.has(head) ? 'COLUMNS' : '';
      if (needs !== '' && !seen.has(needs)) {
        throw lineError(source, line, `section ${head} before ${needs}`, `${needs} first`);
      }
      if (head === 'ROWS' && seen.has('COLUMNS')) {
        throw lineError(source, line, 'ROWS must come before COLUMNS');
      }
      if (head === 'QUADOBJ' || head === 'QSECTION' || head === 'QMATRIX') {
        if (seen.has('QUADOBJ') || seen.has('QSECTION') || seen.has('QMATRIX')) {
          throw lineError(source, line, 'more than one quadratic section');
        }
        state.quadKind = head;
      }
      seen.add(head);
      section = head as Section;
      if (section === 'ENDATA') break;
      if (section === 'NAME') state.problemName = raw.slice(raw.search(/\s|$/)).trim();
      if (section === 'OBJSENSE') {
        awaitingSense = line.fields.length === 1;
        if (line.fields.length === 2) setSense(state, line, line.fields[1]);
        else if (line.fields.length > 2) throw lineError(source, line, 'malformed OBJSENSE');
      }
      continue;
    }

    switch (section) {
      case 'ROWS':
        state.row(line);
        break;
      case 'COLUMNS':
        state.columnLine(line);
        break;
      case 'RHS':
        state.rhsLine(line);
        break;
      case 'RANGES':
        state.rangesLine(line);
        break;
      case 'BOUNDS':
        state.boundsLine(line);
        break;
      case 'QUADOBJ':
      case 'QSECTION':
      case 'QMATRIX':
        state.quadLine(line);
        break;
      case 'OBJSENSE':
        if (!awaitingSense || line.fields.length !== 1) {
          throw lineError(source, line, 'malformed OBJSENSE', 'one of MIN, MAX');
        }
        setSense(state, line, line.fields[0]);
        awaitingSense = false;
        break;
      default:
        throw lineError(
          source,
          line,
          `data line outside a data section (in ${section ?? 'no section'})`,
        );
    }
  }

  for (const required of ['ROWS', 'COLUMNS', 'ENDATA']) {
    if (!seen.has(required)) {
      throw new SnnOptError('parse_error', `${source}: missing ${required} section`, {
        expected: `a ${required} section`,
      });
    }
  }
  return assemble(state);
}

function setSense(state: QpsState, line: QpsLine, token: string): void {
  const t = token.toUpperCase();
  if (t === 'MAX' || t === 'MAXIMIZE' || t === 'MAXIMISE') state.maximize = true;
  else if (t === 'MIN' || t === 'MINIMIZE' || t === 'MINIMISE') state.maximize = false;
  else throw lineError(state.source, line, `unknown objective sense "${token}"`, 'MIN or MAX');
}

/** Builds the dense problem from what the sections recorded. */
function assemble(state: QpsState): QpsModel {
  const n = state.colNames.length;
  const m = state.rowNames.length;
  const warnings = state.warnings;

  const C = new Float64Array(m * n);
  state.columns.forEach((col, j) => {
    for (const [i, v] of col) C[i * n + j] = v;
  });

  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const rhs = state.rhs.get(i) ?? 0;
    const type = state.rowTypes[i];
    lo[i] = type === 'L' ? -Infinity : rhs;
    hi[i] = type === 'G' ? Infinity : rhs;
    const r = state.ranges.get(i);
    if (r === undefined) continue;
    if (type === 'L') lo[i] = rhs - Math.abs(r);
    else if (type === 'G') hi[i] = rhs + Math.abs(r);
    else if (r >= 0) hi[i] = rhs + r;
    else lo[i] = rhs + r;
  }

  const lower = Float64Array.from(state.lower);
  const upper = Float64Array.from(state.upper);
  for (let j = 0; j < n; j++) {
    if (state.negativeUp[j] && !state.lowerGiven[j]) {
      lower[j] = -Infinity;
      warnings.push(
        `column "${state.colNames[j]}" has UP bound ${upper[j]} < 0 and no lower bound: lower bound set to -Infinity`,
      );
    }
  }

  const A = new Float64Array(n * n);
  for (const e of state.quad.values()) {
    const half = state.quadKind === 'QMATRIX' && e.side !== 'both' && e.side !== 'diag';
    const v = half ? e.value / 2 : e.value;
    A[e.i * n + e.j] = v;
    A[e.j * n + e.i] = v;
  }
  const b = Float64Array.from(state.objective);
  let objectiveConstant = state.objectiveConstant;
  if (state.maximize) {
    for (let k = 0; k < b.length; k++) b[k] = 0 - b[k];
    for (let k = 0; k < A.length; k++) A[k] = 0 - A[k];
    objectiveConstant = 0 - objectiveConstant;
    warnings.push(
      'OBJSENSE MAX: objective negated; the model minimises -f, so its optimum is minus the maximum',
    );
  }
  if (state.objectiveRow === undefined) warnings.push('no N row: the objective is zero');

  return {
    problem: {
      A,
      b,
      C,
      lo,
      hi,
      lower,
      upper,
      objectiveConstant,
      names: { problem: state.problemName, variables: state.colNames, rows: state.rowNames },
    },
    objectiveSense: 'min',
    warnings,
  };
}
