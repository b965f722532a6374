import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    // Finds the MongoDB-compatible server once for the whole run (MONGODB_URI, else
    // Testcontainers, else a printed skip) and hands it to the suites via inject('mongo').
    globalSetup: ['./packages/adapters-mongo/src/testing/global-setup.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Two cores: argon2 and MongoDB suites compete for CPU, so run files on both and no more.
    maxWorkers: 2,
  },
});
