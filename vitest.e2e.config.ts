// End-to-end tests: real Debian Chromium driven by playwright-core, one file at a time because the
// machine has two cores and each browser wants one.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    reporters: ['default', './test-support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
