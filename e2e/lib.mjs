// Shared by the end-to-end checks in this folder: running commands, and
// packing the four publishable packages as they would be published.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** The publishable packages, under packages/. */
export const PACKAGES = ['core', 'native', 'wasm', 'kernel-types'];

const ENTRY = {
  core: 'index.js',
  native: 'index.js',
  wasm: 'node.js',
  'kernel-types': 'index.d.ts',
};

/** What each tarball must hold (paths inside `package/`). */
const EXPECTED = {
  core: [
    /^dist\/index\.js$/,
    /^dist\/index\.d\.ts$/,
    /^dist\/cli\/main\.js$/,
    /^bin\/snn-opt\.js$/,
  ],
  'kernel-types': [/^dist\/index\.js$/, /^dist\/index\.d\.ts$/],
  wasm: [
    /^wasm\/snn_kernel\.wasm$/,
    /^dist\/node\.js$/,
    /^dist\/browser\.js$/,
    /^dist\/node\.d\.ts$/,
  ],
  native: [
    /^binding\.gyp$/,
    /^src\/[^/]+\.cc$/,
    /^kernel\/snn_kernel\.hpp$/,
    /^scripts\/build-native\.mjs$/,
    /^dist\/index\.js$/,
    /^dist\/index\.d\.ts$/,
  ],
};

/** `fail`, `step` and `run` for a check called `name`. */
export function harness(name) {
  const started = Date.now();
  const fail = (message) => {
    console.error(`${name}: FAIL: ${message}`);
    process.exit(1);
  };
  const step = (message) => {
    console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  };
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const run = (command, commandArgs, cwd, { allowFailure = false, env } = {}) => {
    const result = spawnSync(command, commandArgs, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: env ? { ...process.env, ...env } : process.env,
    });
    if (result.error) fail(`${command} ${commandArgs.join(' ')}: ${result.error.message}`);
    if (result.status !== 0 && !allowFailure) {
      fail(
        `${command} ${commandArgs.join(' ')} (in ${cwd}) exited ${result.status}\n` +
          `${result.stdout}\n${result.stderr}`,
      );
    }
    return result;
  };
  return { fail, step, run, elapsed };
}

/**
 * Builds first when asked (`--build`), then checks that every package has
 * its dist/.
 */
export function ensureBuilt({ build, run, step, fail }) {
  if (build) {
    step('pnpm build');
    run('pnpm', ['build'], root);
  }
  for (const name of PACKAGES) {
    if (!existsSync(join(root, 'packages', name, 'dist', ENTRY[name]))) {
      fail(`packages/${name}/dist is missing: run \`pnpm build\` first (or pass --build)`);
    }
  }
}

/**
 * Packs the four packages with pnpm (which turns workspace:* into real
 * versions) into `dest`, checks what the tarballs hold, and returns their
 * paths by package.
 */
export function packAll(dest, { run, step, fail }) {
  const tarballs = {};
  for (const name of PACKAGES) {
    step(`pnpm pack packages/${name}`);
    const before = new Set(existsSync(dest) ? readdirSync(dest) : []);
    run('pnpm', ['pack', '--pack-destination', dest], join(root, 'packages', name));
    const added = readdirSync(dest).filter((f) => f.endsWith('.tgz') && !before.has(f));
    if (added.length !== 1) fail(`pnpm pack of ${name} produced ${JSON.stringify(added)}`);
    tarballs[name] = join(dest, added[0]);
  }

  const list = (file) =>
    run('tar', ['tzf', file], dest)
      .stdout.split('\n')
      .filter(Boolean)
      .map((entry) => entry.replace(/^package\//, ''));
  const packedJson = (file) =>
    JSON.parse(run('tar', ['xzf', file, '-O', 'package/package.json'], dest).stdout);

  for (const name of PACKAGES) {
    const entries = list(tarballs[name]);
    for (const pattern of EXPECTED[name]) {
      if (!entries.some((entry) => pattern.test(entry))) {
        fail(`${name} tarball has no entry matching ${pattern}; it holds:\n${entries.join('\n')}`);
      }
    }
    const stray = entries.filter((e) => /(^|\/)(test|node_modules|build)\//.test(e));
    if (stray.length > 0) fail(`${name} tarball holds ${stray.join(', ')}`);
  }
  if (existsSync(join(root, 'packages', 'native', 'kernel'))) {
    fail('packages/native/kernel/ was left behind after packing (postpack should remove it)');
  }
  for (const [owner, dep, field] of [
    ['core', '@snn-opt/wasm', 'dependencies'],
    ['core', '@snn-opt/native', 'optionalDependencies'],
    ['core', '@snn-opt/kernel-types', 'dependencies'],
    ['wasm', '@snn-opt/kernel-types', 'dependencies'],
    ['native', '@snn-opt/kernel-types', 'dependencies'],
  ]) {
    const version = packedJson(tarballs[owner])[field]?.[dep];
    if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) {
      fail(
        `packed ${owner}'s ${field}["${dep}"] is ${JSON.stringify(version)}, expected a real version`,
      );
    }
    const depVersion = packedJson(tarballs[dep.slice('@snn-opt/'.length)]).version;
    if (version !== depVersion) {
      fail(`packed ${owner} wants ${dep}@${version}, the tarball is ${depVersion}`);
    }
  }
  return tarballs;
}
