import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The server renderer needs compiled components, so tests run it from the
// build (turbo runs `build` before `test`). Tests import '../src/server.js'
// so that `tsc` checks them against the source; this alias swaps in dist.
const builtServer = fileURLToPath(new URL('./dist/server.js', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^\.\.\/src\/server\.js$/, replacement: builtServer }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
