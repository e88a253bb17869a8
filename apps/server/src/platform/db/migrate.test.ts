import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from './database';
import { migrate, readMigrations } from './migrate';

describe('migrations', () => {
  it('apply once in journal order, and a second run finds nothing to do', async () => {
    const database = await openDatabase({});
    try {
      const all = readMigrations().map((m) => m.id);
      expect(await migrate(database.db)).toEqual(all);
      expect(await migrate(database.db)).toEqual([]);
      const tables = await queryRows<{ name: string }>(
        database.db,
        sql`select table_name as name from information_schema.tables where table_name in ('users', 'audit_log')`,
      );
      expect(tables.map((t) => t.name).sort()).toEqual(['audit_log', 'users']);
    } finally {
      await database.close();
    }
  });

  it('are safe when two servers start together on one PostgreSQL (advisory lock)', async (context) => {
    const url = process.env.TAKT_TEST_DATABASE_URL;
    if (!url) return context.skip();
    const schema = `m_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const [a, b] = await Promise.all([
      openDatabase({ url, searchPath: schema }),
      openDatabase({ url, searchPath: schema }),
    ]);
    try {
      const [appliedByA, appliedByB] = await Promise.all([migrate(a.db), migrate(b.db)]);
      const all = readMigrations().map((m) => m.id);
      // exactly one of the two servers applied everything; the other waited and found nothing
      expect([appliedByA, appliedByB].sort((x, y) => x.length - y.length)).toEqual([[], all]);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});
