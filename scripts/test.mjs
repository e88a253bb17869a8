#!/usr/bin/env node
// `npm test`: every test, on the embedded PGlite database, then the database-backed tests once
// more on the PostgreSQL server named by TAKT_TEST_PG_URL (default
// postgres://postgres@127.0.0.1:5432/test) when it is reachable: every server test, and of the
// browser tests the whole order-to-invoice flow. The other browser tests check pages, which do
// not depend on the database engine; repeating them doubled CI's time for no new finding.
// Prints one plain summary line `N passed, N failed` for CI.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';

const root = resolve(import.meta.dirname, '..');
const pgUrl = process.env.TAKT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const extraArgs = process.argv.slice(2);

function runVitest(label, outputFile, env, filters) {
  rmSync(outputFile, { force: true });
  console.log(`\n=== tests on ${label} ===`);
  const result = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${outputFile}`,
      ...filters,
      ...extraArgs,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  if (!existsSync(outputFile)) return { passed: 0, failed: 1, ok: false, label };
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  // a test file that failed to load, or whose beforeAll/afterAll threw, fails the run though
  // none of its tests is marked failed (they are skipped): count it as one failure
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length;
  const failed = report.numFailedTests + brokenFiles;
  return { passed: report.numPassedTests, failed, ok: result.status === 0, label };
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const runs = [runVitest('PGlite (embedded)', resolve(root, '.vitest-results.json'), {}, [])];
if (process.env.TAKT_TEST_SKIP_PG === '1') {
  console.log('\nTAKT_TEST_SKIP_PG=1: skipping the PostgreSQL run');
} else if (await postgresReachable()) {
  runs.push(
    runVitest(
      'PostgreSQL server',
      resolve(root, '.vitest-results-pg.json'),
      { TAKT_TEST_DATABASE_URL: pgUrl },
      ['apps/server', 'e2e/whole-flow.test.ts'],
    ),
  );
} else {
  console.log(`\nPostgreSQL at ${pgUrl} is not reachable: skipping the PostgreSQL run`);
}

const passed = runs.reduce((sum, r) => sum + r.passed, 0);
const failed = runs.reduce((sum, r) => sum + r.failed, 0);
for (const r of runs) console.log(`run on ${r.label}: passed ${r.passed}, failed ${r.failed}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(runs.every((r) => r.ok) && failed === 0 ? 0 : 1);
