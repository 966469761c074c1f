import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // forks, not vmThreads: errors thrown by the addon must come from this realm.
    pool: 'forks',
    testTimeout: 300_000,
  },
});
