import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SnnOptError } from '../src/errors.js';
import { parseQps, type QpsProblem } from '../src/io/qps.js';
import { parseNumberField } from '../src/io/qps-sections.js';

const DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'maros-meszaros');

interface Optimum {
  name: string;
  rows: number;
  cols: number;
  nonzeros: number;
  quadraticCols: number;
  quadraticOffdiag: number;
  optimum: number;
}

const OPTIMA: Optimum[] = readFileSync(join(DIR, 'optima.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [name, rows, cols, nonzeros, qc, qo, opt] = line.split(',');
    return {
      name,
      rows: Number(rows),
      cols: Number(cols),
      nonzeros: Number(nonzeros),
      quadraticCols: Number(qc),
      quadraticOffdiag: Number(qo),
      optimum: Number(opt),
    };
  });

function readFixture(name: string) {
  return parseQps(readFileSync(join(DIR, `${name}.QPS`), 'utf8'), `${name}.QPS`);
}

/** ½ xᵀAx + bᵀx + constant. */
function objective(p: QpsProblem, x: number[]): number {
  const n = x.length;
  let f = p.objectiveConstant;
  for (let i = 0; i < n; i++) {
    f += p.b[i] * x[i];
    for (let j = 0; j < n; j++) f += 0.5 * x[i] * p.A[i * n + j] * x[j];
  }
  return f;
}

/** Rows of C times x. */
function rowValues(p: QpsProblem, x: number[]): number[] {
  const n = x.length;
  return Array.from(p.lo, (_, i) => x.reduce((s, xj, j) => s + p.C[i * n + j] * xj, 0));
}

/** Runs `fn`, expecting an SnnOptError, and returns it. */
function catchError(fn: () => unknown): SnnOptError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SnnOptError);
    return error as SnnOptError;
  }
  throw new Error('expected an SnnOptError');
}

/** A small file: objective row, optional extra sections after COLUMNS. */
function qps(columns: string, rest = '', rows = ' N obj\n E e1\n L l1\n G g1\n'): string {
  return `NAME test\nROWS\n${rows}COLUMNS\n${columns}${rest}ENDATA\n`;
}

const TWO_COLS = '    x  obj 1  e1 1\n    x  l1 1  g1 1\n    y  e1 1\n';

describe('Maros–Meszaros fixtures', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.QPS'));

  it('has one optima.csv line per fixture', () => {
    expect(files.map((f) => f.replace(/\.QPS$/, '')).sort()).toEqual(
      OPTIMA.map((o) => o.name).sort(),
    );
  });

  it.each(OPTIMA)('$name matches the published sizes', (o) => {
    const { problem: p, objectiveSense } = readFixture(o.name);
    const n = p.b.length;
    const m = p.lo.length;
    expect(objectiveSense).toBe('min');
    // `rows` counts constraint rows only (the objective N row is not one).
    expect(m).toBe(o.rows);
    expect(n).toBe(o.cols);
    const lengths = [p.hi, p.lower, p.upper, p.C, p.A, p.names.variables, p.names.rows];
    expect(lengths.map((a) => a.length)).toEqual([m, n, n, m * n, n * n, n, m]);
    // The NAME card is the original LP's name for several files (QAFIRO → "AFIRO"), trimmed.
    const card = /^NAME\s+(.*?)\s*$/m.exec(readFileSync(join(DIR, `${o.name}.QPS`), 'utf8'));
    expect(p.names.problem).toBe(card![1]);

    // `nonzeros` counts the constraint matrix only (objective entries excluded).
    expect(p.C.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0)).toBe(o.nonzeros);

    let quadraticCols = 0;
    let offdiagLower = 0;
    let asymmetric = 0;
    for (let j = 0; j < n; j++) {
      let any = false;
      for (let i = 0; i < n; i++) {
        if (p.A[i * n + j] !== p.A[j * n + i]) asymmetric++;
        if (p.A[i * n + j] !== 0) any = true;
        if (i > j && p.A[i * n + j] !== 0) offdiagLower++;
      }
      if (any) quadraticCols++;
    }
    expect(asymmetric).toBe(0);
    expect(quadraticCols).toBe(o.quadraticCols);
    expect(offdiagLower).toBe(o.quadraticOffdiag);

    for (let i = 0; i < m; i++) expect(p.lo[i]).toBeLessThanOrEqual(p.hi[i]);
    for (let j = 0; j < n; j++) expect(p.lower[j]).toBeLessThanOrEqual(p.upper[j]);
  });

  it('parses all fixtures in well under a second', () => {
    const texts = files.map((f) => readFileSync(join(DIR, f), 'utf8'));
    const t0 = performance.now();
    for (const t of texts) parseQps(t);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('HS21: data and the objective at (2, 0) including the constant', () => {
    const { problem: p, warnings } = readFixture('HS21');
    expect(warnings).toEqual([]);
    expect(p.objectiveConstant).toBe(-100);
    expect(Array.from(p.A)).toEqual([0.02, 0, 0, 2]);
    expect(Array.from(p.b)).toEqual([0, 0]);
    expect(Array.from(p.C)).toEqual([10, -1]);
    expect(Array.from(p.lo)).toEqual([10]);
    expect(Array.from(p.hi)).toEqual([Infinity]);
    expect(Array.from(p.lower)).toEqual([2, -50]);
    expect(Array.from(p.upper)).toEqual([50, 50]);
    // min 0.01 x1² + x2² − 100 at (2, 0): 0.04 − 100.
    expect(objective(p, [2, 0])).toBeCloseTo(-99.96, 12);
    expect(objective(p, [2, 0])).toBeCloseTo(OPTIMA.find((o) => o.name === 'HS21')!.optimum, 6);
  });

  it('HS35 and HS51: published optima at the known optimal points', () => {
    const hs35 = readFixture('HS35').problem;
    const x35 = [4 / 3, 7 / 9, 4 / 9];
    expect(objective(hs35, x35)).toBeCloseTo(1 / 9, 12);
    expect(rowValues(hs35, x35)[0]).toBeGreaterThanOrEqual(hs35.lo[0] - 1e-12);
    const hs51 = readFixture('HS51').problem;
    const ones = [1, 1, 1, 1, 1];
    expect(objective(hs51, ones)).toBeCloseTo(0, 12);
    expect(rowValues(hs51, ones)).toEqual(Array.from(hs51.lo));
    expect(Array.from(hs51.lower)).toEqual(new Array(5).fill(-Infinity));
  });

  it('HS118: RANGES on G rows make [rhs, rhs + |R|]', () => {
    const p = readFixture('HS118').problem;
    const i = p.names.rows.indexOf('R------1');
    expect([p.lo[i], p.hi[i]]).toEqual([-7, 6]);
  });
});

describe('parseQps on small files', () => {
  it('RANGES: E with R > 0 and R < 0, L and G', () => {
    const rows = ' N obj\n E ep\n E en\n E ez\n L l1\n G g1\n E noRhs\n';
    const cols = '    x  ep 1  en 1\n    x  ez 1  l1 1\n    x  g1 1  noRhs 1\n';
    const rest =
      'RHS\n    rhs  ep 4  en 4\n    rhs  ez 4  l1 4\n    rhs  g1 4\n' +
      'RANGES\n    rng  ep 3  en -3\n    rng  ez 0  l1 -3\n    rng  g1 -3  noRhs 2\n';
    const p = parseQps(qps(cols, rest, rows)).problem;
    expect(p.names.rows).toEqual(['ep', 'en', 'ez', 'l1', 'g1', 'noRhs']);
    expect(Array.from(p.lo)).toEqual([4, 1, 4, 1, 4, 0]);
    expect(Array.from(p.hi)).toEqual([7, 4, 4, 4, 7, 2]);
  });

  it('rows without RANGES: E, L, G with default rhs 0', () => {
    const p = parseQps(qps(TWO_COLS, 'RHS\n    rhs  l1 5\n')).problem;
    expect(Array.from(p.lo)).toEqual([0, -Infinity, 0]);
    expect(Array.from(p.hi)).toEqual([0, 5, Infinity]);
    expect(Array.from(p.C)).toEqual([1, 1, 1, 0, 1, 0]);
    expect(Array.from(p.b)).toEqual([1, 0]);
    expect(Array.from(p.A)).toEqual([0, 0, 0, 0]);
  });

  it('every continuous bound type, with and without a set name', () => {
    const cols = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((c) => `    ${c}  e1 1\n`).join('');
    const bounds =
      'BOUNDS\n UP bnd a 4\n LO bnd b -2\n FX bnd c 3.5\n FR bnd d\n MI bnd e\n' +
      ' UP bnd f 9\n PL bnd f\n LO g 1\n UP g 2\n MI h\n';
    const p = parseQps(qps(cols, bounds)).problem;
    expect(Array.from(p.lower)).toEqual([0, -2, 3.5, -Infinity, -Infinity, 0, 1, -Infinity]);
    expect(Array.from(p.upper)).toEqual([
      4,
      Infinity,
      3.5,
      Infinity,
      Infinity,
      Infinity,
      2,
      Infinity,
    ]);
  });

  it('UP < 0 with no lower bound card sets the lower bound to −Infinity, with a warning', () => {
    const cols = '    a  e1 1\n    b  e1 1\n    c  e1 1\n    d  e1 1\n';
    const bounds =
      'BOUNDS\n UP bnd a -5\n UP bnd b -5\n LO bnd b -10\n LO bnd c -1\n UP bnd c -0.5\n UP bnd d 0\n';
    const { problem: p, warnings } = parseQps(qps(cols, bounds));
    expect(Array.from(p.lower)).toEqual([-Infinity, -10, -1, 0]);
    expect(Array.from(p.upper)).toEqual([-5, -5, -0.5, 0]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"a".*UP bound -5.*-Infinity/);
  });

  it.each(['BV', 'LI', 'UI', 'SC'])('rejects integer bound type %s naming the line', (type) => {
    const text = qps('    x  e1 1\n', `BOUNDS\n UP bnd x 1\n ${type} bnd x 1\n`);
    const e = catchError(() => parseQps(text, 'int.qps'));
    expect(e.code).toBe('unsupported_feature');
    expect(e.line).toBe(11);
    expect(e.message).toMatch(/int\.qps line 11/);
    expect(e.message).toMatch(/integer variables are out of scope/);
  });

  it('rejects MARKER lines with the line number', () => {
    const cols =
      "    x  e1 1\n    M1  'MARKER'  'INTORG'\n    y  e1 1\n    M2  'MARKER'  'INTEND'\n";
    const e = catchError(() => parseQps(qps(cols)));
    expect(e.code).toBe('unsupported_feature');
    expect(e.line).toBe(9);
    expect(e.received).toContain("'INTORG'");
    expect(e.message).toMatch(/line 9.*integer variables are out of scope/);
  });

  it('QSECTION: lower triangle is mirrored', () => {
    const quad = 'QSECTION\n    x  x  4\n    y  x  1.5\n    y  y  2\n';
    const p = parseQps(qps(TWO_COLS, quad)).problem;
    expect(Array.from(p.A)).toEqual([4, 1.5, 1.5, 2]);
  });

  it('QUADOBJ/QSECTION listing both triangles does not double-count', () => {
    const quad = 'QSECTION\n    x  x  4\n    x  y  1.5\n    y  x  1.5\n    y  y  2\n';
    const { problem: p, warnings } = parseQps(qps(TWO_COLS, quad));
    expect(Array.from(p.A)).toEqual([4, 1.5, 1.5, 2]);
    expect(warnings).toEqual([]);
  });

  it('unequal mirrored entries are averaged with a warning; a repeated entry is an error', () => {
    const asym = parseQps(qps(TWO_COLS, 'QUADOBJ\n    x  y  1\n    y  x  3\n'));
    expect(Array.from(asym.problem.A)).toEqual([0, 2, 2, 0]);
    expect(asym.warnings.join()).toMatch(/average/);
    const e = catchError(() => parseQps(qps(TWO_COLS, 'QUADOBJ\n    y  x  1\n    y  x  1\n')));
    expect(e.code).toBe('parse_error');
    expect(e.line).toBe(13);
    expect(e.message).toMatch(/duplicate/);
  });

  it('QMATRIX lists the full matrix: a one-sided entry is split between the triangles', () => {
    const p = parseQps(qps(TWO_COLS, 'QMATRIX\n    x  x  4\n    x  y  2\n    y  y  2\n')).problem;
    expect(Array.from(p.A)).toEqual([4, 1, 1, 2]);
  });

  it('RHS on the objective row is the negated objective constant', () => {
    expect(parseQps(qps(TWO_COLS, 'RHS\n    rhs  obj 100\n')).problem.objectiveConstant).toBe(-100);
    expect(parseQps(qps(TWO_COLS, 'RHS\n    obj -2.5\n')).problem.objectiveConstant).toBe(2.5);
    expect(Object.is(parseQps(qps(TWO_COLS)).problem.objectiveConstant, 0)).toBe(true);
  });

  it('drops further N rows with a warning, ignoring their entries', () => {
    const rows = ' N obj\n N free1\n G g1\n N free2\n';
    const cols = '    x  obj 2  free1 7\n    x  g1 1  free2 8\n';
    const { problem: p, warnings } = parseQps(
      qps(cols, 'RHS\n    rhs  free1 3  g1 1\nRANGES\n    rng  free2 1\n', rows),
    );
    expect(p.names.rows).toEqual(['g1']);
    expect(Array.from(p.C)).toEqual([1]);
    expect(Array.from(p.b)).toEqual([2]);
    expect(Array.from(p.lo)).toEqual([1]);
    expect(warnings.filter((w) => /free row/.test(w))).toHaveLength(2);
    expect(warnings.join()).toMatch(/"free1".*dropped/);
  });

  it('reads the number forms of QPS files', () => {
    const cases: [string, number][] = [
      ['0.200000e+01', 2],
      ['-.500000e+02', -50],
      ['1.D+03', 1000],
      ['1.5d-1', 0.15],
      ['+3', 3],
      ['7.', 7],
      ['-Inf', -Infinity],
      ['infinity', Infinity],
    ];
    for (const [token, value] of cases) expect(parseNumberField(token)).toBe(value);
    for (const bad of ['1.2.3', 'abc', '1e', '--1', '.', 'e5', '0x10', '1,5', '']) {
      expect(parseNumberField(bad)).toBeUndefined();
    }
  });

  it.each([
    ['COLUMNS', qps('    x  e1 1\n    y  e1 1.2.3\n'), 9, '1.2.3'],
    ['RHS', qps('    x  e1 1\n', 'RHS\n    rhs  e1 abc\n'), 10, 'abc'],
    ['RANGES', qps('    x  e1 1\n', 'RANGES\n    rng  e1 1e\n'), 10, '1e'],
    ['BOUNDS', qps('    x  e1 1\n', 'BOUNDS\n UP bnd x --1\n'), 10, '--1'],
    ['QUADOBJ', qps('    x  e1 1\n', 'QUADOBJ\n    x  x  two\n'), 10, 'two'],
  ])('a malformed number in %s is a parse_error naming the line', (_s, text, line, token) => {
    const e = catchError(() => parseQps(text, 'bad.qps'));
    expect(e.code).toBe('parse_error');
    expect(e.line).toBe(line);
    expect(e.message).toContain(`bad.qps line ${line}`);
    expect(e.message).toContain(token);
    expect(e.received).toContain(token);
    expect(e.expected).toBe('a number');
  });

  it('infinite coefficients are rejected; 1e30 bounds mean no bound', () => {
    expect(catchError(() => parseQps(qps('    x  e1 1e400\n'))).code).toBe('parse_error');
    const p = parseQps(
      qps('    x  l1 1\n', 'RHS\n    rhs  l1 1e30\nBOUNDS\n LO bnd x -1e30\n'),
    ).problem;
    expect(p.hi[1]).toBe(Infinity);
    expect(p.lower[0]).toBe(-Infinity);
  });

  it('names unknown rows and columns', () => {
    const cases: [string, number, string][] = [
      [qps('    x  nope 1\n'), 8, 'nope'],
      [qps('    x  e1 1\n', 'RHS\n    rhs  ghost 1\n'), 10, 'ghost'],
      [qps('    x  e1 1\n', 'BOUNDS\n UP bnd zz 1\n'), 10, 'zz'],
      [qps('    x  e1 1\n', 'QUADOBJ\n    x  w  1\n'), 10, 'w'],
    ];
    for (const [text, line, name] of cases) {
      const e = catchError(() => parseQps(text));
      expect(e.code).toBe('parse_error');
      expect(e.line).toBe(line);
      expect(e.message).toContain(`"${name}"`);
    }
  });

  it('rejects malformed lines, unknown sections and missing sections', () => {
    const malformed: [string, number][] = [
      [qps('    x  e1 1\n', '', ' N obj\n E\n'), 4],
      [qps('    x  e1 1\n', '', ' N obj\n X e1\n'), 4],
      [qps('    x  e1\n'), 8],
      [qps('    x  e1 1  l1\n'), 8],
      [qps('    x  e1 1\n', 'RHS\n    rhs  e1 1  l1 2  g1 3\n'), 10],
      [qps('    x  e1 1\n', 'RHS\n    e1\n'), 10],
      [qps('    x  e1 1\n', 'BOUNDS\n FR bnd x 1 2\n'), 10],
      [qps('    x  e1 1\n', 'BOUNDS\n UP x\n'), 10],
      [qps('    x  e1 1\n', 'BOUNDS\n XX bnd x 1\n'), 10],
      [qps('    x  e1 1\n', 'QUADOBJ\n    x  x\n'), 10],
      [qps('    x  e1 1\n', 'BOGUS\n'), 9],
      [qps('    x  e1 1\n', 'COLUMNS\n'), 9],
      [qps('    x  e1 1\n', '', ' N obj\n E e1\n E e1\n'), 5],
      [`NAME t\n    stray line\nROWS\n N obj\nCOLUMNS\nENDATA\n`, 2],
    ];
    for (const [text, line] of malformed) {
      const e = catchError(() => parseQps(text));
      expect(e.code, text).toBe('parse_error');
      expect(e.line, text).toBe(line);
      expect(e.received).toBeDefined();
    }
    expect(catchError(() => parseQps(qps('    x  e1 1\n', 'BOGUS\n'))).message).toMatch(
      /unknown section "BOGUS"/,
    );
    for (const text of [
      'NAME t\nCOLUMNS\n    x  obj 1\nENDATA\n',
      'NAME t\nROWS\n N obj\nENDATA\n',
      'NAME t\nROWS\n N obj\nCOLUMNS\n    x  obj 1\n',
    ]) {
      expect(catchError(() => parseQps(text)).code).toBe('parse_error');
    }
    expect(catchError(() => parseQps('NAME t\nROWS\n N obj\nENDATA\n')).message).toMatch(/COLUMNS/);
    expect(catchError(() => parseQps(qps('    x  e1 1\n', 'OBJNAME\n'))).code).toBe(
      'unsupported_feature',
    );
  });

  it('OBJSENSE MAX negates the objective with a warning; MIN is the default', () => {
    const body =
      'ROWS\n N obj\n G g1\nCOLUMNS\n    x  obj 3  g1 1\nRHS\n    rhs  obj 1\n' +
      'QUADOBJ\n    x  x  -2\nENDATA\n';
    for (const header of ['OBJSENSE\n    MAX\n', 'OBJSENSE MAXIMIZE\n']) {
      const { problem: p, warnings } = parseQps(`NAME t\n${header}${body}`);
      expect(Array.from(p.b)).toEqual([-3]);
      expect(Array.from(p.A)).toEqual([2]);
      expect(p.objectiveConstant).toBe(1);
      expect(warnings.join()).toMatch(/OBJSENSE MAX/);
    }
    const min = parseQps(`NAME t\nOBJSENSE\n    MIN\n${body}`);
    expect(Array.from(min.problem.b)).toEqual([3]);
    expect(min.warnings).toEqual([]);
    expect(catchError(() => parseQps(`NAME t\nOBJSENSE\n    UP\n${body}`)).line).toBe(3);
  });

  it('uses only the first RHS/BOUNDS set, warning about the others', () => {
    const rest = 'RHS\n    r1  e1 1\n    r2  e1 9\nBOUNDS\n UP b1 x 4\n UP b2 x 8\n';
    const { problem: p, warnings } = parseQps(qps('    x  e1 1\n', rest));
    expect(p.lo[0]).toBe(1);
    expect(p.upper[0]).toBe(4);
    expect(warnings).toHaveLength(2);
  });

  it('reads RHS/RANGES/BOUNDS lines whose set name is omitted (counted by fields)', () => {
    const rest = 'RHS\n    e1 2  l1 3\n    g1 4\nRANGES\n    l1 1  g1 2\nBOUNDS\n UP x 5\n FR y\n';
    const { problem: p, warnings } = parseQps(qps(TWO_COLS, rest));
    expect(Array.from(p.lo)).toEqual([2, 2, 4]);
    expect(Array.from(p.hi)).toEqual([2, 3, 6]);
    expect(Array.from(p.upper)).toEqual([5, Infinity]);
    expect(Array.from(p.lower)).toEqual([0, -Infinity]);
    expect(warnings).toEqual([]);
  });

  it('handles comments, blank lines, CRLF, tabs, odd names and the NAME card', () => {
    const text =
      '* a comment\r\nNAME          QP example\r\n\r\nROWS\r\n N  obj\r\n L  r[1]$x\r\n' +
      'COLUMNS\r\n\tx(1),a\tr[1]$x\t2\r\n* another\r\n    y/2  obj  1  r[1]$x  1\r\n' +
      'RHS\r\n    r[1]$x  6\r\nENDATA\r\ntrailing text is ignored\r\n';
    const p = parseQps(text).problem;
    expect(p.names).toEqual({
      problem: 'QP example',
      variables: ['x(1),a', 'y/2'],
      rows: ['r[1]$x'],
    });
    expect(Array.from(p.C)).toEqual([2, 1]);
    expect(Array.from(p.hi)).toEqual([6]);
    expect(Array.from(p.b)).toEqual([0, 1]);
  });
});
