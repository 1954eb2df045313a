import { defineConfig } from 'vitest/config';

// One suite: unit tests beside the code (src/**), database tests that run once per engine
// (see test/db.ts), and browser tests (test/e2e, Debian's Chromium).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
