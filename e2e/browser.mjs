#!/usr/bin/env node
// Packs @snn-opt/core, @snn-opt/native, @snn-opt/wasm and @snn-opt/kernel-types as they would be
// published, installs them with Vite into a fresh npm project outside the
// monorepo, and loads a page that solves with the wasm and js backends in
// headless Chromium, through `vite build` + `vite preview` and through the
// `vite` dev server (which pre-bundles dependencies). The page's wasm result
// must be bit-identical to js, in the browser and to js in Node. Prints `ok`
// and exits 0; exits 1 on the first failure.
//
//   node e2e/browser.mjs            uses the packages' current dist/ (run `pnpm build` first)
//   node e2e/browser.mjs --build    runs `pnpm build` first
//   node e2e/browser.mjs --keep     keeps the temporary directory and prints its path
//   node e2e/browser.mjs --chromium PATH   another Chromium than /usr/bin/chromium
//
// Needs pnpm, npm, tar, the npm registry (vite and playwright-core, pinned
// below) and Chromium (Debian: `apt-get install -y chromium`). The native
// addon is not compiled here: its install script is denied, as a browser app
// has no use for it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, harness, PACKAGES, packAll } from './lib.mjs';

const VITE = '8.4.0';
const PLAYWRIGHT_CORE = '1.65.2';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const argv = process.argv.slice(2);
const args = new Set(argv);
const keep = args.has('--keep');
const chromiumAt = argv.indexOf('--chromium');
const CHROMIUM = chromiumAt >= 0 ? argv[chromiumAt + 1] : '/usr/bin/chromium';
const { fail, step, run, elapsed } = harness('browser');

if (!existsSync(CHROMIUM)) {
  const message = `no Chromium at ${CHROMIUM}: apt-get install -y chromium, or pass --chromium PATH`;
  // CI sets SNN_OPT_REQUIRE_BROWSER=1 (and installs Chromium); elsewhere the check says loudly that it did not run.
  if (process.env.SNN_OPT_REQUIRE_BROWSER === '1') fail(message);
  console.log(`browser: NOT RUN — ${message}`);
  process.exit(0);
}
ensureBuilt({ build: args.has('--build'), run, step, fail });

const work = mkdtempSync(join(tmpdir(), 'snn-opt-browser-'));
const servers = [];
process.on('exit', () => {
  for (const server of servers) if (server.exitCode === null) server.kill();
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

const tarballs = packAll(join(work, 'packs'), { run, step, fail });

// The consumer project.
const web = join(work, 'web');
mkdirSync(web);
writeFileSync(
  join(web, 'package.json'),
  `${JSON.stringify(
    {
      name: 'snn-opt-browser-consumer',
      private: true,
      type: 'module',
      allowScripts: { [`file:${tarballs.native}`]: false, '@snn-opt/native': false },
    },
    null,
    2,
  )}\n`,
);
step(`npm install vite@${VITE} playwright-core@${PLAYWRIGHT_CORE} and the tarballs`);
run(
  'npm',
  [
    'install',
    '--no-audit',
    '--no-fund',
    '--save-exact',
    `vite@${VITE}`,
    `playwright-core@${PLAYWRIGHT_CORE}`,
    ...PACKAGES.map((n) => tarballs[n]),
  ],
  web,
);

const PROBLEM =
  '{ A: [[2, 1], [1, 3]], b: [-2, -4], C: [[1, 1], [1, -1]], lo: [-Infinity, -0.5], hi: [2, 0.5], lower: 0, upper: 5 }';
writeFileSync(
  join(web, 'index.html'),
  `<!doctype html>
<html>
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>snn-opt</title></head>
  <body>
    <pre id="result" data-state="loading">loading</pre>
    <script type="module" src="/main.js"></script>
  </body>
</html>
`,
);
writeFileSync(
  join(web, 'main.js'),
  `import { SnnSolver } from '@snn-opt/core';

const el = document.querySelector('#result');
const problem = ${PROBLEM};
const hex = (x) =>
  Array.from(new Uint8Array(new Float64Array(x).buffer), (b) => b.toString(16).padStart(2, '0')).join('');
try {
  const rows = [];
  for (const requested of ['wasm', 'js', 'auto']) {
    for (const polish of [true, false]) {
      const solver = await SnnSolver.create(problem, { backend: requested, polish });
      const r = solver.solve();
      rows.push({ requested, polish, backend: solver.backend, status: r.status, bits: hex(r.x), iterations: r.iterations, spikes: r.spikes });
    }
  }
  let native = 'loaded';
  try {
    await SnnSolver.create(problem, { backend: 'native' });
  } catch (error) {
    native = error.code;
  }
  el.textContent = JSON.stringify({ rows, native });
  el.dataset.state = 'ready';
} catch (error) {
  el.textContent = String(error && error.stack ? error.stack : error);
  el.dataset.state = 'error';
}
`,
);
// The same problem on js in Node, for comparison with the page.
writeFileSync(
  join(web, 'node-reference.mjs'),
  `import { SnnSolver } from '@snn-opt/core';
const problem = ${PROBLEM};
const out = {};
for (const polish of [true, false]) {
  const r = (await SnnSolver.create(problem, { backend: 'js', polish })).solve();
  out[polish] = { status: r.status, bits: Buffer.from(new Float64Array(r.x).buffer).toString('hex'), iterations: r.iterations, spikes: r.spikes };
}
console.log(JSON.stringify(out));
`,
);
const nodeReference = JSON.parse(run('node', ['node-reference.mjs'], web).stdout);

step('vite build');
const vite = join(web, 'node_modules', '.bin', 'vite');
const build = run(vite, ['build'], web);
const buildLog = `${build.stdout}\n${build.stderr}`;
const warnings = buildLog
  .split('\n')
  .filter((line) => /warn|externalized|error/i.test(line))
  .map((line) => line.replace(/\s+/g, ' ').trim());
for (const line of warnings) console.log(`  vite build: ${line}`);
const assets = readdirSync(join(web, 'dist', 'assets'));
if (!assets.some((file) => file.endsWith('.wasm'))) {
  fail(`vite build emitted no .wasm asset: ${assets.join(', ')}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer(viteArgs) {
  const port = await freePort();
  const child = spawn(
    vite,
    [...viteArgs, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: web,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  servers.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null)
      fail(`vite ${viteArgs.join(' ')} exited ${child.exitCode}\n${output}`);
    try {
      if ((await fetch(url)).ok) return { url, child, log: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail(`vite ${viteArgs.join(' ')} did not answer on ${url}\n${output}`);
}

const { chromium } = await import(
  pathToFileURL(join(web, 'node_modules', 'playwright-core', 'index.mjs')).href
);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

async function checkPage(label, url) {
  const page = await browser.newPage();
  const events = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      events.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => events.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) =>
    events.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`),
  );
  page.on('response', (r) => {
    if (r.status() >= 400) events.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('#result[data-state="ready"], #result[data-state="error"]', {
    timeout: 60_000,
  });
  const state = await page.getAttribute('#result', 'data-state');
  const text = await page.textContent('#result');
  await page.close();
  if (state !== 'ready') fail(`${label}: the page failed:\n${text}\n${events.join('\n')}`);
  if (events.length > 0) fail(`${label}: the page logged:\n${events.join('\n')}`);
  const { rows, native } = JSON.parse(text);
  for (const row of rows) {
    const wanted = row.requested === 'auto' ? 'wasm' : row.requested;
    if (row.backend !== wanted) fail(`${label}: '${row.requested}' ran on ${row.backend}`);
    const reference = nodeReference[row.polish];
    for (const field of ['status', 'bits', 'iterations', 'spikes']) {
      if (row[field] !== reference[field]) {
        fail(
          `${label}: ${row.requested} (polish ${row.polish}) ${field} ${JSON.stringify(row[field])}` +
            ` differs from js in Node: ${JSON.stringify(reference[field])}`,
        );
      }
    }
  }
  if (native !== 'backend_unavailable')
    fail(`${label}: backend 'native' in the browser gave ${native}`);
  step(`${label}: wasm, js and auto bit-identical to js in Node; native is backend_unavailable`);
}

try {
  step('vite preview + Chromium');
  const preview = await startServer(['preview']);
  await checkPage('vite preview', preview.url);
  preview.child.kill();

  step('vite dev server + Chromium');
  const dev = await startServer([]);
  await checkPage('vite dev', dev.url);
  dev.child.kill();
} finally {
  await browser.close();
}

console.log(`ok (${elapsed()})`);
