import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parseJsonProblem } from '../src/io/json-problem.js';
import { readProblemFile } from '../src/io/read-problem.js';
import { normalizeProblem } from '../src/problem/normalize.js';
import { SnnSolver } from '../src/solver/solver.js';

const CORE = fileURLToPath(new URL('..', import.meta.url));
const fixture = (path: string) => join(CORE, 'test/fixtures', path);
const HS21 = fixture('maros-meszaros/HS21.QPS');
const SOLVE_STATUSES = ['optimal', 'max_iterations', 'projection_budget_exhausted', 'diverged'];
const STACK_LINE = /^\s+at /m;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs with --json and parses stdout (which must be one JSON value). */
const runJson = async (args: string[]) => JSON.parse((await run([...args, '--json'])).stdout);
const readFixture = (path: string) => fs.readFileSync(fixture(path), 'utf8');
const words = (text: string) => text.split(' ');

/** The published optimal objective of a Maros–Meszaros problem (last column of optima.csv). */
function publishedOptimum(name: string): number {
  const row = readFixture('maros-meszaros/optima.csv')
    .split('\n')
    .find((r) => r.startsWith(`${name},`));
  return Number(row?.split(',').at(-1));
}

const scratch = fs.mkdtempSync(join(tmpdir(), 'snn-opt-cli-'));
const MALFORMED = join(scratch, 'malformed.json');
fs.writeFileSync(MALFORMED, '{\n  "A": [[1]],\n  "b": [1,]\n}\n');
const TYPO = join(scratch, 'typo.json');
fs.writeFileSync(TYPO, '{"A": [[1]], "b": [-1], "uper": 0.5}\n');

describe('snn-opt solve', () => {
  it('prints exactly one JSON object with --json (HS21)', async () => {
    const { code, stdout, stderr } = await run(['solve', HS21, '--json']);
    const report = JSON.parse(stdout);
    expect(SOLVE_STATUSES).toContain(report.status);
    expect(code).toBe(report.status === 'optimal' ? 0 : 1);
    expect(report.x).toHaveLength(2);
    expect([report.n, report.m]).toEqual([2, 1]);
    for (const key of words('objective iterations spikes maxViolation timeMs setupMs k0')) {
      expect(typeof report[key], key).toBe('number');
    }
    const feasibility = words('rowViolation rowDistance boundViolation maxViolation jointDistance');
    expect(Object.keys(report.feasibility)).toEqual(expect.arrayContaining(feasibility));
    const kkt = words('status residual scale relative stationarity complementarity');
    expect(Object.keys(report.kkt)).toEqual(expect.arrayContaining(kkt));
    expect(report.file).toBe(HS21);
    expect(stderr).toBe('');
  });

  it('prints a banner, a progress table and a footer in text mode', async () => {
    const { code, stdout } = await run(['solve', HS21]);
    expect(code).toBeLessThanOrEqual(1);
    expect(stdout).toMatch(/^snn-opt \S+ — spiking QP solver$/m);
    expect(stdout).toContain('HS21');
    expect(stdout).toMatch(/n = 2, m = 1, finite bounds = 4/);
    expect(stdout).toMatch(/k0 = /);
    const lines = stdout.split('\n');
    const header = lines.find((line) => line.includes('objective') && line.includes('iter'));
    expect(header).toBeDefined();
    for (const title of ['iter', 'objective', 'max viol', 'kkt rel', 'spikes', 'time(ms)']) {
      expect(header).toContain(title);
    }
    expect(lines.filter((line) => line === header)).toHaveLength(1);
    expect(stdout).toMatch(/^\s+\d+\*?\s+-?\d\.\d{8}e[+-]\d+\s/m);
    expect(stdout).toMatch(/^\* a checkpoint that passed .*; on the end row, an optimal status$/m);
    expect(stdout).toMatch(/^status\s+(optimal|max_iterations)/m);
    expect(stdout).toMatch(/^certificate\s+\w+\s+residual/m);
    expect(stdout).toMatch(/^feasibility\s+rows .* bounds/m);
  });

  it('passes --polish-every to the solver: windows of 5 iterations stop HS21 at a multiple of 5', async () => {
    const json = await runJson(['solve', HS21, '--polish-every', '5']);
    expect(json.status).toBe('optimal');
    expect(json.iterations % 5).toBe(0);
    expect(json.iterations).toBeLessThan(20);
    const bad = await run(['solve', HS21, '--polish-every', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--polish-every/);
  });

  it('compares with a published optimum (--optimum)', async () => {
    const optimum = publishedOptimum('HS21');
    const text = await run(['solve', HS21, '--optimum', String(optimum)]);
    expect(text.stdout).toMatch(/^published optimum\s+-99\.96\s+relative gap\s+\S+$/m);
    const json = await runJson(['solve', HS21, '--optimum', String(optimum)]);
    expect(json.optimum).toBe(optimum);
    const gap = Math.abs(json.objective - optimum) / Math.max(1, Math.abs(optimum));
    expect(json.relativeGap).toBeCloseTo(gap, 15);
    expect(json.relativeGap).toBeLessThan(1e-6);
  });

  it('accepts negative values after a flag and the extra tolerance flags', async () => {
    const flags = words('--check-every 10 --constraint-tol 1e-7 --kkt-rel-tol 1e-5 --k0-scale 0.4');
    const { code, stdout } = await run([
      'solve',
      HS21,
      '--json',
      '--max-iterations',
      '500',
      ...flags,
    ]);
    expect(code).toBeLessThanOrEqual(1);
    expect(JSON.parse(stdout).iterations).toBeLessThanOrEqual(500);
    expect((await runJson(['solve', HS21, '--optimum', '-99.96'])).optimum).toBe(-99.96);
  });

  it('warns about the fields it ignores, on stderr and in the --json report', async () => {
    const lineage = fixture('lineage/convergence-50x30.json');
    const note = 'ignored fields (not part of the problem): description, form, reference';
    const text = await run(['solve', lineage]);
    expect(text.code).toBeLessThanOrEqual(1);
    expect(text.stderr).toBe(`warning: ${note}\n`);
    const json = await run(['solve', lineage, '--json']);
    expect(JSON.parse(json.stdout).warnings).toEqual([note]);
  });

  it('encodes non-finite numbers as strings in JSON (infeasible rows: certificate not evaluated)', async () => {
    const infeasible = fixture('cases/07_contradictory_rows_infeasible.json');
    const { code, stdout } = await run(['solve', infeasible, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.status).not.toBe('optimal');
    expect(report.kkt.status).toBe('not_evaluated');
    expect(report.kkt.residual).toBe('NaN');
    // In text mode no row is starred, so no legend for the star is printed.
    const text = await run(['solve', infeasible]);
    expect(text.stdout).toMatch(/^status +infeasible$/m);
    expect(text.stdout).not.toMatch(/^\* a checkpoint/m);
  });
});

const solveCase = (name: string) => ['solve', fixture(`cases/${name}.json`)];

const INVALID: ReadonlyArray<readonly [string, string[], string]> = [
  ['Infinity in b', solveCase('11_inf_in_linear_term'), 'non_finite_value'],
  ['one triangle of A', solveCase('19_nonsymmetric_hessian_triangular'), 'not_symmetric'],
  ['NaN in x0', solveCase('21_nan_warm_start'), 'non_finite_value'],
  ['negative curvature', solveCase('06_nonconvex_maximize_square'), 'not_positive_semidefinite'],
  ['a missing file', ['solve', join(scratch, 'no-such-file.qps')], 'invalid_argument'],
  ['a negative iteration budget', ['solve', HS21, '--max-iterations', '-3'], 'invalid_option'],
  ['a non-numeric flag value', ['solve', HS21, '--k0-scale', 'half'], 'invalid_option'],
  ['an unknown flag', ['solve', HS21, '--frobnicate'], 'invalid_option'],
  ['an unknown backend', ['solve', HS21, '--backend', 'gpu'], 'invalid_option'],
  ['an unknown command', ['optimise', HS21], 'invalid_argument'],
  ['malformed JSON', ['solve', MALFORMED], 'parse_error'],
  ['a misspelt field', ['solve', TYPO], 'invalid_argument'],
];

describe('invalid input exits 2 with a typed code', () => {
  it.each(INVALID)('text mode: %s', async (_label, args, codeName) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^error \\[${codeName}\\]: \\S`));
    expect(stderr).not.toMatch(STACK_LINE);
    expect(stdout).toBe('');
  });

  it.each(INVALID)('--json mode: %s', async (_label, args, codeName) => {
    const { code, stdout } = await run([...args, '--json']);
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ status: 'invalid_input', code: codeName });
    expect(typeof report.message).toBe('string');
    expect(report.stack).toBeUndefined();
  });

  it('names the flag, the argument and the line', async () => {
    const flag = await runJson(['solve', HS21, '--max-iterations', '-3']);
    expect(flag.argument).toBe('--max-iterations');
    const x0 = await runJson(solveCase('21_nan_warm_start'));
    expect(x0).toMatchObject({ argument: 'x0', index: 0 });
    const parse = await runJson(['solve', MALFORMED]);
    expect(parse.line).toBe(3);
    expect(parse.message).toMatch(/malformed\.json:3:\d+/);
  });

  it('names the misspelt field and the one it meant', async () => {
    const text = await run(['solve', TYPO]);
    expect(text.stderr).toContain(
      'typo.json: "uper" is not a field of a problem; did you mean "upper"?',
    );
    const json = await runJson(['solve', TYPO]);
    expect(json).toMatchObject({ argument: 'uper', expected: '"upper"' });
  });

  it('prints help and version with exit 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes');
    expect((await run(['solve', '-h'])).code).toBe(0);
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^snn-opt \d+\.\d+\.\d+/);
  });
});

describe('backends', () => {
  it('gives bit-identical x with --backend native, wasm and js on every Maros–Meszaros fixture', async () => {
    const dir = fixture('maros-meszaros');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.QPS'))) {
      const args = ['solve', join(dir, file), '--max-iterations', '300', '--json'];
      const js = await runJson([...args, '--backend', 'js']);
      const native = await runJson([...args, '--backend', 'native']);
      expect(native.backend, file).toBe('native');
      expect(native.status, file).toBe(js.status);
      expect(native.iterations, file).toBe(js.iterations);
      // JSON numbers print the shortest string that round-trips, so equal text is equal bits.
      expect(JSON.stringify(native.x), file).toBe(JSON.stringify(js.x));
      const wasm = await runJson([...args, '--backend', 'wasm']);
      expect(wasm.backend, file).toBe('wasm');
      expect(wasm.status, file).toBe(js.status);
      expect(JSON.stringify(wasm.x), file).toBe(JSON.stringify(js.x));
    }
  });
});

describe('the installed bin', () => {
  const dist = join(CORE, 'dist/cli/main.js');
  const bin = join(CORE, 'bin/snn-opt.js');

  beforeAll(() => {
    const dirs = [join(CORE, 'src/cli'), join(CORE, 'src/io')];
    const sources = dirs.flatMap((dir) => fs.readdirSync(dir).map((f) => join(dir, f)));
    const newest = Math.max(...sources.map((file) => fs.statSync(file).mtimeMs));
    if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newest) return;
    // Emits even when another part of src has a type error; only a missing main.js is fatal.
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: CORE, encoding: 'utf8' });
    if (!fs.existsSync(dist)) throw new Error('building dist/ failed');
  }, 180_000);

  it('exits 2 without a stack trace for a missing file', () => {
    const { SNN_OPT_DEBUG: _debug, ...env } = process.env;
    const args = [bin, 'solve', join(scratch, 'missing.qps')];
    const child = spawnSync(process.execPath, args, { cwd: CORE, env, encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(/^error \[invalid_argument\]: cannot read /);
    expect(child.stderr).not.toMatch(STACK_LINE);
  });

  it('solves HS21 with --json', () => {
    const args = [bin, 'solve', HS21, '--json'];
    const child = spawnSync(process.execPath, args, { cwd: CORE, encoding: 'utf8' });
    const report = JSON.parse(child.stdout);
    expect(child.status).toBe(report.status === 'optimal' ? 0 : 1);
    expect(report.x).toHaveLength(2);
  });
});

/** Every number-like field of a parsed problem, flattened. */
function numericLeaves(value: unknown): unknown[] {
  if (Array.isArray(value) || ArrayBuffer.isView(value))
    return Array.from(value as ArrayLike<unknown>).flatMap(numericLeaves);
  return value === undefined || value === null ? [] : [value];
}

/** Fixtures whose values the solver's validation (normalisation or setup) rejects. */
const REJECTED_BY_VALIDATION: Record<string, string> = {
  '06_nonconvex_maximize_square.json': 'not_positive_semidefinite',
  '11_inf_in_linear_term.json': 'non_finite_value',
  '19_nonsymmetric_hessian_triangular.json': 'not_symmetric',
};

const JSON_FIXTURES = ['cases', 'lineage'].flatMap((dir) =>
  fs.readdirSync(fixture(dir)).flatMap((f) => (f.endsWith('.json') ? [`${dir}/${f}`] : [])),
);

describe('parseJsonProblem', () => {
  it.each(JSON_FIXTURES)('reads %s', (path) => {
    const { problem, x0, meta } = parseJsonProblem(readFixture(path), path);
    const { A, b, C, lo, hi, lower, upper } = problem;
    const fields = [A, b, C, lo, hi, lower, upper, x0];
    for (const leaf of fields.flatMap(numericLeaves)) expect(typeof leaf).toBe('number');
    expect(meta.declaredN).toBe(problem.b.length);
    const basename = path.split('/')[1];
    const rejected = REJECTED_BY_VALIDATION[basename];
    if (rejected !== undefined) {
      expect(() => new SnnSolver(problem)).toThrow(expect.objectContaining({ code: rejected }));
      return;
    }
    const normalized = normalizeProblem(problem);
    expect([normalized.n, normalized.m]).toEqual([meta.declaredN, meta.declaredM]);
    if (x0 !== undefined) expect(x0).toHaveLength(normalized.n);
  });

  it('turns "Infinity", "-Infinity" and "NaN" into numbers', () => {
    const inf = parseJsonProblem(readFixture('cases/11_inf_in_linear_term.json'));
    expect(inf.problem.b[0]).toBe(Number.POSITIVE_INFINITY);
    const nan = parseJsonProblem(readFixture('cases/21_nan_warm_start.json'));
    expect(Number.isNaN(nan.x0?.[0])).toBe(true);
    const box = parseJsonProblem(readFixture('cases/10_infinite_entries_in_box.json'));
    const bounds = [...numericLeaves(box.problem.lower), ...numericLeaves(box.problem.upper)];
    expect(bounds).toContain(Number.NEGATIVE_INFINITY);
    expect(bounds).toContain(Number.POSITIVE_INFINITY);
  });

  it('uses b_sequence[0] when there is no b, and says so', () => {
    const sequence = parseJsonProblem(readFixture('lineage/warmstart-sequence-5x4.json'));
    const { problem, meta, x0 } = sequence;
    const expected = { bSource: 'b_sequence[0]', sequenceLength: 30, x0Source: 'x0_cold' };
    expect(meta).toMatchObject({ form: 'lineage', ...expected });
    expect(problem.b).toHaveLength(5);
    expect(x0).toHaveLength(5);
  });

  it('reads the general form at the top level', () => {
    const problemText = '"A": [[2, 0], [0, 2]], "b": [-2, -4], "C": [[1, 1]], "lo": ["-Infinity"]';
    const text = `{${problemText}, "hi": [2], "lower": 0, "objectiveConstant": 1.5}`;
    const { problem, meta } = parseJsonProblem(text);
    expect(meta).toMatchObject({ form: 'general', nested: false });
    expect(problem.lo).toEqual([Number.NEGATIVE_INFINITY]);
    const normalized = normalizeProblem(problem);
    expect([normalized.n, normalized.m, normalized.objectiveConstant]).toEqual([2, 1, 1.5]);
  });

  it('rejects d together with lo/hi, wrong types and bad JSON', () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['{"b": [1], "C": [[1]], "d": [0], "hi": [1]}', 'invalid_argument'],
      ['{"b": [1, "one"]}', 'invalid_argument'],
      ['[1, 2]', 'invalid_argument'],
      ['{"b": [1], "n": 2}', 'dimension_mismatch'],
      ['{"b": [1]', 'parse_error'],
      ['{"b": [1,, 2]}', 'parse_error'],
    ];
    for (const [text, code] of cases) {
      expect(() => parseJsonProblem(text), text).toThrow(expect.objectContaining({ code }));
    }
  });
});

/** A one-variable problem (min ½x² − x, x ≤ 0.5 when the bound is read) with `extra` keys added. */
const withKeys = (extra: string) => `{"A": [[1]], "b": [-1], ${extra}}`;

describe('parseJsonProblem: keys that are not fields', () => {
  const refused: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['"uper": 0.5', 'uper', /"uper" is not a field of a problem; did you mean "upper"\?/],
    ['"lowerBound": 0', 'lowerBound', /"lowerBound" is not a field .*"lower"/],
    ['"lb": 0', 'lb', /"lb" is not a field .*"lower"/],
    ['"upper_bound": 0.5', 'upper_bound', /"upper_bound" is not a field .*"upper"/],
    ['"P": [[1]]', 'P', /"P" is not a field of a problem; the Hessian is "A" here/],
    ['"H": [[1]]', 'H', /the Hessian is "A" here/],
    ['"Q": [[1]]', 'Q', /the Hessian is "A" here/],
    ['"q": [1]', 'q', /the linear term is "b"/],
    ['"C": [[1]], "l": [0], "hi": [1]', 'l', /the row lower bounds are "lo"/],
    ['"c": [[1]], "hi": [1]', 'c', /did you mean "C"\?/],
    ['"Upper": 0.5', 'Upper', /did you mean "upper"\?/],
    ['"objectveConstant": 1', 'objectveConstant', /did you mean "objectiveConstant"\?/],
    ['"x0_clod": [0]', 'x0_clod', /did you mean "x0_cold"\?/],
  ];

  it.each(refused)('refuses %s, naming the file, the key and the field', (extra, key, message) => {
    const read = () => parseJsonProblem(withKeys(extra), 'problem.json');
    expect(read).toThrow(expect.objectContaining({ code: 'invalid_argument', argument: key }));
    expect(read).toThrow(/^problem\.json: /);
    expect(read).toThrow(message);
  });

  it('refuses a near miss inside "problem" too', () => {
    const text = `{"id": "t", "problem": ${withKeys('"uper": 0.5')}}`;
    expect(() => parseJsonProblem(text)).toThrow(expect.objectContaining({ argument: 'uper' }));
  });

  it('keeps other keys as metadata, in one note, and reads the same problem', () => {
    const plain = parseJsonProblem(withKeys('"upper": 0.5'));
    // Near names and words: "date", "names" (the label name), "N", "ID" (labels in another case),
    // "notes", "layer", "paper" (two edits or more from lower and upper).
    const metadata = ['date', 'names', 'N', 'ID', 'notes', 'layer', 'paper'];
    const extra = `"description": "test", "upper": 0.5, "form": "lineage", "reference": {"x": [0.5]}, ${metadata.map((k) => `"${k}": 1`).join(', ')}`;
    const tagged = parseJsonProblem(withKeys(extra));
    expect(tagged.problem).toEqual(plain.problem);
    const ignored = ['description', 'form', 'reference', ...metadata];
    expect(tagged.meta.ignoredFields).toEqual(ignored);
    expect(tagged.meta.notes).toEqual([
      `ignored fields (not part of the problem): ${ignored.join(', ')}`,
    ]);
    expect(plain.meta).toMatchObject({ ignoredFields: [], notes: [] });
    expect(normalizeProblem(tagged.problem).upper).toEqual(new Float64Array([0.5]));
  });

  it('notes problem fields written beside "problem" (not read from there), not its metadata', () => {
    const text = `{"id": "t", "summary": "s", "upper": [0.5], "problem": ${withKeys('"n": 1')}}`;
    const { problem, meta } = parseJsonProblem(text);
    expect(problem.upper).toBeUndefined();
    expect(meta.notes).toEqual(['ignored fields outside "problem" (only its own are read): upper']);
  });

  it("loads every lineage and case fixture, noting only the lineage files' metadata", () => {
    for (const path of JSON_FIXTURES) {
      const { meta } = parseJsonProblem(readFixture(path), path);
      const expected = path.startsWith('lineage/') ? ['description', 'form', 'reference'] : [];
      expect(meta.ignoredFields, path).toEqual(expected);
    }
  });
});

describe('readProblemFile', () => {
  it('chooses the reader by extension, then by content', async () => {
    expect((await readProblemFile(HS21)).format).toBe('qps');
    const sniffedQps = join(scratch, 'hs21-copy');
    fs.writeFileSync(sniffedQps, fs.readFileSync(HS21));
    expect((await readProblemFile(sniffedQps)).format).toBe('qps');
    const sniffedJson = join(scratch, 'problem.txt');
    fs.writeFileSync(sniffedJson, '  {"b": [1]}');
    const json = await readProblemFile(sniffedJson);
    expect(json.format).toBe('json');
    expect(json.x0).toBeUndefined();
  });
});
