import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // forks: errors are checked with instanceof in this realm (TOOLCHAIN pitfall 13).
    pool: 'forks',
    // The FinalizationRegistry test collects garbage on purpose.
    execArgv: ['--expose-gc'],
    testTimeout: 300_000,
  },
});
