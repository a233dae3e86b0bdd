// Unit and integration tests: every *.test.ts next to the code it tests. End-to-end tests have
// their own config (vitest.e2e.config.ts) because they drive a real browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'out/**', 'release/**', 'e2e/**'],
    environment: 'node',
    reporters: ['default', './test-support/summary-reporter.ts'],
    testTimeout: 20_000,
    // Two files at a time on the two-core machines this runs on: Vitest's default is one fewer
    // than the cores, which here is one, and most files wait on child processes, databases and
    // timers as much as they compute (the suite: 888 s one at a time, 590 s two at a time).
    maxWorkers: 2,
  },
});
