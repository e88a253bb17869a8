// Runs once before the test run. The migrated empty database every test file starts from
// (testing/migrated-template.ts) is dumped once. Browser tests need the built web app; build it when it is
// missing or older than its sources, so `npm test` works on a fresh clone. A failed build does
// not stop the other tests: it removes the stale build, so the browser tests fail and say why.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureMigratedTemplate } from '../apps/server/src/testing/migrated-template';
import { ensureWebBuilt } from './web-build';

export default async function setup(): Promise<void> {
  await ensureMigratedTemplate();
  try {
    await ensureWebBuilt();
  } catch (error) {
    rmSync(resolve(import.meta.dirname, '../apps/web/dist'), { recursive: true, force: true });
    console.error(`\n${(error as Error).message}: the browser tests will fail\n`);
  }
}
