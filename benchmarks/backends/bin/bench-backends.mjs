#!/usr/bin/env node
// Launcher of the backends benchmark: runs src/main.ts through tsx's loader,
// from the directory it was called in (so --problem and --out paths are the caller's).
import { tsImport } from 'tsx/esm/api';

let main;
try {
  ({ main } = await tsImport('../src/main.ts', import.meta.url));
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('@snn-opt/core')) {
    process.stderr.write(
      `bench:backends: @snn-opt/core is not built (${error.message}).\n` +
        'Run `pnpm install && pnpm build` at the repository root first.\n',
    );
    process.exit(1);
  }
  throw error;
}
process.exitCode = await main(process.argv.slice(2));
