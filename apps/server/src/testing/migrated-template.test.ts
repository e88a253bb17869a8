/**
 * Test files start from one dumped, migrated database: each gets every migration applied and a
 * data directory of its own, so what one file writes never shows in another.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../platform/db/database';
import { migrate } from '../platform/db/migrate';
import { ensureMigratedTemplate, migratedTemplate } from './migrated-template';

describe.skipIf(Boolean(process.env.TAKT_TEST_DATABASE_URL))('the migrated template', () => {
  it('opens with every migration applied, and two copies do not share their data', async () => {
    await ensureMigratedTemplate();
    const template = migratedTemplate();
    expect(template).toBeDefined();
    const [first, second] = await Promise.all([
      openDatabase({ loadDataDir: template }),
      openDatabase({ loadDataDir: template }),
    ]);
    try {
      expect(await migrate(first.db)).toEqual([]);
      await first.db.execute(
        sql`insert into uoms (code, name, dimension) values ('zz', 'probe unit', 'count')`,
      );
      const count = async (db: typeof first.db) =>
        (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from uoms where code = 'zz'`))[0]
          ?.n;
      expect(await count(first.db)).toBe(1);
      expect(await count(second.db)).toBe(0);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
