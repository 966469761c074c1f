#!/usr/bin/env node
// Packs @snn-opt/core, @snn-opt/native and @snn-opt/wasm as they would be
// published, installs the four tarballs into a fresh npm project outside the
// monorepo, and solves there with every backend: the installed packages must
// load, the native addon must compile at install, and every backend must give
// the same bits. Prints `ok` at the end and exits 0; exits 1 on the first failure.
//
//   node e2e/pack-install.mjs            uses the packages' current dist/ (run `pnpm build` first)
//   node e2e/pack-install.mjs --build    runs `pnpm build` first
//   node e2e/pack-install.mjs --keep     keeps the temporary directory and prints its path
//
// Needs pnpm (to pack: it rewrites workspace:* to real versions), npm, tar, and
// what the native addon needs to compile (a C++17 compiler, python3, Node headers).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, harness, PACKAGES, packAll, root } from './lib.mjs';

const args = new Set(process.argv.slice(2));
const keep = args.has('--keep');
const { fail, step, run, elapsed } = harness('pack-install');
const FIXTURES = ['HS21.QPS', 'HS35.QPS', 'HS118.QPS', 'GENHS28.QPS'];

ensureBuilt({ build: args.has('--build'), run, step, fail });

const work = mkdtempSync(join(tmpdir(), 'snn-opt-pack-install-'));
process.on('exit', () => {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

// 1. Pack, and check what each tarball holds.
const tarballs = packAll(join(work, 'packs'), { run, step, fail });

// 2. Install the tarballs into a project outside the monorepo.
const app = join(work, 'app');
mkdirSync(app);
writeFileSync(
  join(app, 'package.json'),
  // allowScripts: npm 11 warns about (and, with strict-allow-scripts, skips) install
  // scripts of dependencies not listed there; the native addon compiles in one. A
  // tarball dependency is listed by its file: spec, a registry one by name.
  `${JSON.stringify(
    {
      name: 'snn-opt-consumer',
      private: true,
      type: 'module',
      allowScripts: { [`file:${tarballs.native}`]: true, '@snn-opt/native': true },
    },
    null,
    2,
  )}\n`,
);
step('npm install (compiles the native addon)');
run('npm', ['install', '--no-audit', '--no-fund', ...PACKAGES.map((n) => tarballs[n])], app);
if (
  !existsSync(
    join(app, 'node_modules', '@snn-opt', 'native', 'build', 'Release', 'snn_native.node'),
  )
) {
  fail('npm install did not build node_modules/@snn-opt/native/build/Release/snn_native.node');
}
for (const fixture of FIXTURES) {
  copyFileSync(
    join(root, 'packages', 'core', 'test', 'fixtures', 'maros-meszaros', fixture),
    join(app, fixture),
  );
}

// 3. Type-check a consumer's TypeScript against the packed declarations (strict, library
// declarations included): the types core re-exports from @snn-opt/kernel-types resolve.
step('tsc --noEmit on a consumer module (packed .d.ts files, skipLibCheck off)');
run('npm', ['install', '--no-audit', '--no-fund', 'typescript@5.9.3'], app);
writeFileSync(
  join(app, 'check.ts'),
  `import { type KernelSetup, type QPProblem, SnnSolver, type SpikeObserver } from '@snn-opt/core';
export const observer: SpikeObserver = (iteration, ordinal, candidate, side, correction) => {
  void [iteration, ordinal, candidate, side, correction];
};
export const size = (p: QPProblem): number => p.n + p.m + p.A.length;
export const step = (s: KernelSetup): number => s.k0 * size(s.problem);
export const x: Float64Array = new SnnSolver({ A: [[1]], b: [-1] }, { backend: 'js' }).solve().x;
`,
);
writeFileSync(
  join(app, 'tsconfig.json'),
  `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        lib: ['ES2022'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: [],
        skipLibCheck: false,
      },
      files: ['check.ts'],
    },
    null,
    2,
  )}\n`,
);
run('node', [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);

// 4. Solve with every backend inside the consumer project.
const solveScript = `
import { SnnSolver, readProblemFile, solveQP } from '@snn-opt/core/node';

const hex = (x) => Buffer.from(new Float64Array(x).buffer).toString('hex');
const toy = { A: [[2, 1], [1, 3]], b: [-2, -4], C: [[1, 1], [1, -1]], lo: [-Infinity, -0.5], hi: [2, 0.5], lower: 0, upper: 5 };
const problems = [['toy', toy]];
for (const file of ${JSON.stringify(FIXTURES)}) problems.push([file, (await readProblemFile(file)).problem]);
const rows = [];
const lineage = solveQP([[1, 0], [0, 1]], [-3, 1], [[1, 1]], [-1], null, { lowerBound: 0, upperBound: 2 });
rows.push({ problem: 'solveQP', requested: 'js', backend: lineage.backend, polish: true, status: lineage.status, bits: hex(lineage.x), iterations: lineage.iterations, spikes: lineage.spikes });
for (const [name, problem] of problems) {
  for (const polish of [true, false]) {
    for (const requested of ['js', 'native', 'wasm', 'auto']) {
      const solver = await SnnSolver.create(problem, { backend: requested, polish });
      const r = solver.solve();
      rows.push({ problem: name, requested, backend: solver.backend, resultBackend: r.backend, polish, status: r.status, bits: hex(r.x), iterations: r.iterations, spikes: r.spikes });
    }
  }
}
console.log(JSON.stringify(rows));
`;
writeFileSync(join(app, 'solve.mjs'), solveScript);
step('solve with js, native, wasm, auto');
const rows = JSON.parse(run('node', ['solve.mjs'], app).stdout);

const lineage = rows.shift();
if (lineage.status !== 'optimal' || lineage.bits !== '000000000000f03f0000000000000000') {
  fail(`solveQP README example: ${JSON.stringify(lineage)} (expected optimal, x = [1, 0])`);
}
const groups = new Map();
for (const row of rows) {
  const wanted = row.requested === 'auto' ? 'native' : row.requested;
  if (row.backend !== wanted || row.resultBackend !== wanted) {
    fail(`${row.problem}: backend '${row.requested}' ran on ${row.backend}/${row.resultBackend}`);
  }
  const key = `${row.problem} polish=${row.polish}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(row);
}
for (const [key, group] of groups) {
  const [reference, ...others] = group;
  if (key.endsWith('polish=true') && reference.status !== 'optimal') {
    fail(`${key}: status ${reference.status} on js, expected optimal`);
  }
  for (const other of others) {
    for (const field of ['status', 'bits', 'iterations', 'spikes']) {
      if (other[field] !== reference[field]) {
        fail(
          `${key}: ${other.requested} differs from js in ${field}: ` +
            `${JSON.stringify(other[field])} vs ${JSON.stringify(reference[field])}`,
        );
      }
    }
  }
}
step(`${rows.length} solves: every backend bit-identical to js`);

// 5. The installed CLI.
const cliX = [];
for (const backend of ['js', 'native', 'wasm', 'auto']) {
  const cli = run(
    join(app, 'node_modules', '.bin', 'snn-opt'),
    ['solve', 'HS35.QPS', '--json', '--backend', backend],
    app,
    { allowFailure: true },
  );
  if (cli.status !== 0)
    fail(`snn-opt solve HS35.QPS --backend ${backend} exited ${cli.status}\n${cli.stderr}`);
  const report = JSON.parse(cli.stdout);
  const wanted = backend === 'auto' ? 'native' : backend;
  if (report.status !== 'optimal' || report.backend !== wanted) {
    fail(`snn-opt --backend ${backend}: status ${report.status}, backend ${report.backend}`);
  }
  cliX.push(JSON.stringify(report.x));
}
if (new Set(cliX).size !== 1) fail(`the CLI's x differs between backends: ${cliX.join(' / ')}`);
const bad = run(join(app, 'node_modules', '.bin', 'snn-opt'), ['solve', 'missing.qps'], app, {
  allowFailure: true,
});
if (bad.status !== 2 || /\n\s+at /.test(bad.stderr)) {
  fail(`snn-opt on a missing file: exit ${bad.status} (expected 2, no stack)\n${bad.stderr}`);
}
step('installed CLI: HS35 optimal on every backend, same x; a missing file exits 2');

console.log(`ok (${elapsed()})`);
