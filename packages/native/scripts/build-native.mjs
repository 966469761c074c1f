#!/usr/bin/env node
// Builds the addon with node-gyp.
//
//   node scripts/build-native.mjs           node-gyp rebuild (the install step)
//   node scripts/build-native.mjs build     node-gyp build, configuring first if needed
//
// node-gyp comes from the pinned devDependency when it is installed (inside
// the monorepo), else from npm_config_node_gyp, which npm and pnpm set for
// install scripts of consumers. When Node's own headers sit next to the
// running node (<prefix>/include/node/node_api.h), --nodedir points there so
// node-gyp never tries to download them.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const mode = process.argv[2] === 'build' ? 'build' : 'rebuild';

function findNodeGyp() {
  try {
    return createRequire(join(packageDir, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const fromManager = process.env.npm_config_node_gyp;
    if (fromManager && existsSync(fromManager)) return fromManager;
  }
  return null;
}

const nodeGyp = findNodeGyp();
if (nodeGyp === null) {
  console.error(
    '@snn-opt/native: node-gyp not found. Install it (npm i -g node-gyp@12.4.0) or run the ' +
      'install through npm or pnpm, which provide it.',
  );
  process.exit(1);
}

// Inside the monorepo the kernel header is read from ../../kernels; a copy
// left in kernel/ by an interrupted pack would shadow it, so drop it.
if (existsSync(join(packageDir, '..', '..', 'kernels', 'snn_kernel.hpp'))) {
  rmSync(join(packageDir, 'kernel'), { recursive: true, force: true });
}

const args = [nodeGyp];
const configured = existsSync(join(packageDir, 'build', 'config.gypi'));
args.push(mode === 'build' && configured ? 'build' : 'rebuild');
const prefix = dirname(dirname(process.execPath));
if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const run = spawnSync(process.execPath, args, { cwd: packageDir, stdio: 'inherit' });
if (run.error) throw run.error;
process.exit(run.status ?? 1);
