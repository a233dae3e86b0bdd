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
  },
});
