#!/usr/bin/env node
// Copies kernels/snn_kernel.hpp into kernel/ before packing (the published
// tarball cannot reach ../../kernels) and removes the copy afterwards.
//
//   node scripts/pack-kernel.mjs copy | clean
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(packageDir, '..', '..', 'kernels', 'snn_kernel.hpp');
const target = join(packageDir, 'kernel');

if (process.argv[2] === 'clean') {
  rmSync(target, { recursive: true, force: true });
} else {
  if (!existsSync(source)) {
    console.error(`@snn-opt/native: ${source} not found; pack from inside the snn-opt repository`);
    process.exit(1);
  }
  mkdirSync(target, { recursive: true });
  copyFileSync(source, join(target, 'snn_kernel.hpp'));
}
