import { defineConfig } from 'vitest/config';

/** Benchmarks that write benchmarks/results/*.md; run by the root `bench:*` scripts, not by `pnpm test`. */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench-run.ts'],
    pool: 'forks',
    testTimeout: 1_800_000,
  },
});
