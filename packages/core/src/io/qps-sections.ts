/**
 * Section handlers of the QPS reader ({@link ./qps.ts}). Each handler consumes one data
 * line of its section and records what it says in a {@link QpsState}; the dense problem
 * is assembled once at the end by `parseQps`. Conventions are documented on `parseQps`.
 */

import { SnnOptError } from '../errors.js';

/** One non-blank, non-comment line of a QPS file. */
export interface QpsLine {
  /** 1-based line number in the source text. */
  readonly no: number;
  /** The line as written (without the line terminator). */
  readonly text: string;
  /** Whitespace-separated fields. */
  readonly fields: readonly string[];
}

/** Magnitudes at or above this in RHS, RANGES and BOUNDS mean "no bound" (MPS habit). */
export const MPS_INFINITY = 1e30;

/** A parse error that names the line, shows its content and says what was expected. */
export function lineError(
  source: string,
  line: QpsLine,
  message: string,
  expected?: string,
): SnnOptError {
  return new SnnOptError('parse_error', `${source} line ${line.no}: ${message}: "${line.text}"`, {
    line: line.no,
    received: line.text,
    ...(expected === undefined ? {} : { expected }),
  });
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;
const INFINITE = /^([+-]?)inf(?:inity)?$/i;

/** Parses a numeric field: JS decimal forms, a leading '.', a Fortran `D` exponent, or `Inf`. */
export function parseNumberField(token: string): number | undefined {
  if (NUMBER.test(token)) return Number(token.replace(/[dD]/, 'e'));
  const inf = INFINITE.exec(token);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** Kinds of rows in the ROWS section. */
export type RowType = 'N' | 'E' | 'L' | 'G';

/** How the quadratic section lists its entries. */
export type QuadKind = 'QUADOBJ' | 'QSECTION' | 'QMATRIX';

/** One Hessian entry keyed by its unordered pair; `side` records which triangle gave it. */
interface QuadEntry {
  i: number;
  j: number;
  value: number;
  side: 'diag' | 'lower' | 'upper' | 'both';
}

/** Everything read so far; indices are into the constraint rows and the columns. */
export class QpsState {
  readonly warnings: string[] = [];
  problemName = '';
  maximize = false;
  /** Constraint rows (E/L/G) in file order. */
  readonly rowNames: string[] = [];
  readonly rowTypes: RowType[] = [];
  readonly rowIndex = new Map<string, number>();
  /** Name of the objective row (the first N row), if any. */
  objectiveRow: string | undefined;
  /** Further N rows: dropped, but entries referring to them are legal. */
  readonly freeRows = new Set<string>();
  readonly colNames: string[] = [];
  readonly colIndex = new Map<string, number>();
  /** Per column: constraint row index → coefficient. */
  readonly columns: Map<number, number>[] = [];
  /** Objective coefficient per column. */
  readonly objective: number[] = [];
  private readonly objectiveSeen = new Set<number>();
  objectiveConstant = 0;
  private objectiveRhsSeen = false;
  readonly rhs = new Map<number, number>();
  readonly ranges = new Map<number, number>();
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  /** Column had a card that sets its lower bound (LO, FX, FR, MI). */
  readonly lowerGiven: boolean[] = [];
  /** Column's upper bound was last set by an UP card with a negative value. */
  readonly negativeUp: boolean[] = [];
  readonly quad = new Map<number, QuadEntry>();
  quadKind: QuadKind = 'QUADOBJ';
  private readonly setNames: Partial<Record<'RHS' | 'RANGES' | 'BOUNDS', string>> = {};
  private readonly ignoredSets = new Set<string>();

  constructor(readonly source: string) {}

  private error(line: QpsLine, message: string, expected?: string): SnnOptError {
    return lineError(this.source, line, message, expected);
  }

  private number(line: QpsLine, token: string, finite: boolean): number {
    const value = parseNumberField(token);
    if (value === undefined || (finite && !Number.isFinite(value))) {
      throw this.error(line, `"${token}" is not a ${finite ? 'finite ' : ''}number`, 'a number');
    }
    if (!finite && Math.abs(value) >= MPS_INFINITY) return value > 0 ? Infinity : -Infinity;
    return value;
  }

  private column(line: QpsLine, name: string): number {
    const j = this.colIndex.get(name);
    if (j === undefined) throw this.error(line, `unknown column "${name}"`, 'a column of COLUMNS');
    return j;
  }

  /**
   * True when the line belongs to the first named set of its section (lines without a set name
   * always do); warns once per other set.
   */
  private useSet(section: 'RHS' | 'RANGES' | 'BOUNDS', name: string | undefined): boolean {
    if (name === undefined) return true;
    const first = this.setNames[section];
    if (first === undefined) {
      this.setNames[section] = name;
      return true;
    }
    if (first === name) return true;
    const key = `${section}\u0000${name}`;
    if (!this.ignoredSets.has(key)) {
      this.ignoredSets.add(key);
      this.warnings.push(
        `${section} set "${name}" ignored: only the first set ("${first}") is used`,
      );
    }
    return false;
  }

  /** ROWS: `type name`. */
  row(line: QpsLine): void {
    if (line.fields.length !== 2)
      throw this.error(line, 'malformed ROWS line', 'type and row name');
    const type = line.fields[0].toUpperCase();
    const name = line.fields[1];
    if (type !== 'N' && type !== 'E' && type !== 'L' && type !== 'G') {
      throw this.error(line, `unknown row type "${line.fields[0]}"`, 'one of N, E, L, G');
    }
    if (this.rowIndex.has(name) || this.freeRows.has(name) || this.objectiveRow === name) {
      throw this.error(line, `duplicate row "${name}"`, 'a new row name');
    }
    if (type === 'N') {
      if (this.objectiveRow === undefined) this.objectiveRow = name;
      else {
        this.freeRows.add(name);
        this.warnings.push(`free row "${name}" (a further N row) dropped`);
      }
      return;
    }
    this.rowIndex.set(name, this.rowNames.length);
    this.rowNames.push(name);
    this.rowTypes.push(type);
  }

  /** COLUMNS: `column row value [row value]`; integer MARKER lines are rejected. */
  columnLine(line: QpsLine): void {
    const f = line.fields;
    if (f.some((x) => x.replace(/'/g, '').toUpperCase() === 'MARKER')) {
      throw new SnnOptError(
        'unsupported_feature',
        `${this.source} line ${line.no}: integer MARKER found; integer variables are out of scope: "${line.text}"`,
        { line: line.no, received: line.text, expected: 'continuous variables only' },
      );
    }
    if (f.length !== 3 && f.length !== 5) {
      throw this.error(
        line,
        'malformed COLUMNS line',
        'column name and one or two (row, value) pairs',
      );
    }
    let j = this.colIndex.get(f[0]);
    if (j === undefined) {
      j = this.colNames.length;
      this.colIndex.set(f[0], j);
      this.colNames.push(f[0]);
      this.columns.push(new Map());
      this.objective.push(0);
      this.lower.push(0);
      this.upper.push(Infinity);
      this.lowerGiven.push(false);
      this.negativeUp.push(false);
    }
    for (let k = 1; k < f.length; k += 2) {
      const value = this.number(line, f[k + 1], true);
      const rowName = f[k];
      if (rowName === this.objectiveRow) {
        if (this.objectiveSeen.has(j))
          throw this.error(line, `duplicate objective entry for "${f[0]}"`);
        this.objectiveSeen.add(j);
        this.objective[j] = value;
        continue;
      }
      if (this.freeRows.has(rowName)) continue;
      const i = this.rowIndex.get(rowName);
      if (i === undefined) throw this.error(line, `unknown row "${rowName}"`, 'a row of ROWS');
      const col = this.columns[j];
      if (col.has(i))
        throw this.error(line, `duplicate entry for column "${f[0]}", row "${rowName}"`);
      col.set(i, value);
    }
  }

  /** Splits an RHS/RANGES line into its set name (odd field count) and (row, value) pairs. */
  private pairs(line: QpsLine, section: 'RHS' | 'RANGES'): [string, string][] | undefined {
    const f = line.fields;
    const n = f.length;
    if (n < 2 || n > 5) {
      throw this.error(line, `malformed ${section} line`, '[set name] row value [row value]');
    }
    const start = n % 2;
    if (!this.useSet(section, start === 1 ? f[0] : undefined)) return undefined;
    const out: [string, string][] = [];
    for (let k = start; k < n; k += 2) out.push([f[k], f[k + 1]]);
    return out;
  }

  /** RHS: right-hand sides; on the objective row, the negated objective constant. */
  rhsLine(line: QpsLine): void {
    for (const [rowName, token] of this.pairs(line, 'RHS') ?? []) {
      const value = this.number(line, token, false);
      if (rowName === this.objectiveRow) {
        if (this.objectiveRhsSeen) throw this.error(line, 'duplicate RHS for the objective row');
        if (!Number.isFinite(value)) throw this.error(line, 'objective RHS must be finite');
        this.objectiveRhsSeen = true;
        this.objectiveConstant = 0 - value;
        continue;
      }
      if (this.freeRows.has(rowName)) continue;
      const i = this.rowIndex.get(rowName);
      if (i === undefined) throw this.error(line, `unknown row "${rowName}"`, 'a row of ROWS');
      if (this.rhs.has(i)) throw this.error(line, `duplicate RHS for row "${rowName}"`);
      this.rhs.set(i, value);
    }
  }

  /** RANGES: turn a row two-sided (resolved against the RHS at assembly). */
  rangesLine(line: QpsLine): void {
    for (const [rowName, token] of this.pairs(line, 'RANGES') ?? []) {
      const value = this.number(line, token, false);
      if (rowName === this.objectiveRow || this.freeRows.has(rowName)) {
        this.warnings.push(`line ${line.no}: RANGES entry on N row "${rowName}" ignored`);
        continue;
      }
      const i = this.rowIndex.get(rowName);
      if (i === undefined) throw this.error(line, `unknown row "${rowName}"`, 'a row of ROWS');
      if (this.ranges.has(i)) throw this.error(line, `duplicate RANGES for row "${rowName}"`);
      this.ranges.set(i, value);
    }
  }

  /** BOUNDS: `type [set] column [value]`; BV/LI/UI/SC are integer types and rejected. */
  boundsLine(line: QpsLine): void {
    const f = line.fields;
    const type = f[0].toUpperCase();
    if (type === 'BV' || type === 'LI' || type === 'UI' || type === 'SC') {
      throw new SnnOptError(
        'unsupported_feature',
        `${this.source} line ${line.no}: bound type ${type} declares an integer (or semi-continuous) variable; integer variables are out of scope: "${line.text}"`,
        { line: line.no, received: line.text, expected: 'bound types UP, LO, FX, FR, MI, PL' },
      );
    }
    const valued = type === 'UP' || type === 'LO' || type === 'FX';
    if (!valued && type !== 'FR' && type !== 'MI' && type !== 'PL') {
      throw this.error(line, `unknown bound type "${f[0]}"`, 'one of UP, LO, FX, FR, MI, PL');
    }
    const base = valued ? 3 : 2; // fields without the set name
    if (f.length !== base && f.length !== base + 1) {
      throw this.error(
        line,
        `malformed ${type} bound`,
        valued ? `${type} [set name] column value` : `${type} [set name] column`,
      );
    }
    const hasSet = f.length === base + 1;
    if (!this.useSet('BOUNDS', hasSet ? f[1] : undefined)) return;
    const j = this.column(line, f[hasSet ? 2 : 1]);
    const value = valued ? this.number(line, f[f.length - 1], false) : 0;
    switch (type) {
      case 'UP':
        this.upper[j] = value;
        this.negativeUp[j] = value < 0;
        break;
      case 'LO':
        this.lower[j] = value;
        this.lowerGiven[j] = true;
        break;
      case 'FX':
        if (!Number.isFinite(value)) throw this.error(line, 'FX bound must be finite');
        this.lower[j] = value;
        this.upper[j] = value;
        this.lowerGiven[j] = true;
        this.negativeUp[j] = false;
        break;
      case 'FR':
        this.lower[j] = -Infinity;
        this.upper[j] = Infinity;
        this.lowerGiven[j] = true;
        this.negativeUp[j] = false;
        break;
      case 'MI':
        this.lower[j] = -Infinity;
        this.lowerGiven[j] = true;
        break;
      default: // PL
        this.upper[j] = Infinity;
        this.negativeUp[j] = false;
    }
  }

  /** QUADOBJ / QSECTION / QMATRIX: `column column value`. */
  quadLine(line: QpsLine): void {
    const f = line.fields;
    if (f.length !== 3)
      throw this.error(line, `malformed ${this.quadKind} line`, 'column column value');
    const a = this.column(line, f[0]);
    const b = this.column(line, f[1]);
    const value = this.number(line, f[2], true);
    const i = Math.max(a, b);
    const j = Math.min(a, b);
    const side = a === b ? 'diag' : a > b ? 'lower' : 'upper';
    const key = i * this.colNames.length + j;
    const prev = this.quad.get(key);
    if (prev === undefined) {
      this.quad.set(key, { i, j, value, side });
      return;
    }
    if (side === 'diag' || prev.side === side || prev.side === 'both') {
      throw this.error(line, `duplicate ${this.quadKind} entry for ("${f[0]}", "${f[1]}")`);
    }
    // Both triangles listed: the pair names one entry of a symmetric matrix, never a sum.
    if (prev.value !== value) {
      this.warnings.push(
        `line ${line.no}: ${this.quadKind} gives ("${f[0]}", "${f[1]}") = ${value} but the mirrored entry = ${prev.value}; using their average (the symmetric part)`,
      );
    }
    prev.value = (prev.value + value) / 2;
    prev.side = 'both';
  }
}
