import { defineConfig } from 'vitest/config';

// One runner for the whole repository: unit and property tests beside the code,
// browser tests under e2e/. `npm test` (scripts/test.mjs) runs it against PGlite and,
// when reachable, once more against a PostgreSQL server for the database-backed tests.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.tsx',
      'e2e/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    // vitest's default is one worker less than the cores: one on our 2-core machines, where a
    // test file spends much of its time waiting on chromium or the database; two files at a
    // time finish the run about a third sooner
    maxWorkers: 2,
    testTimeout: 60_000,
    // a browser test's page may take seconds to draw on a loaded 2-core CI machine
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    globalSetup: ['./scripts/vitest-global-setup.ts'],
  },
});
