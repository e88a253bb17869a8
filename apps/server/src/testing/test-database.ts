/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or an isolated
 * schema on the PostgreSQL server named by TAKT_TEST_DATABASE_URL (dropped again on close).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../platform/db/database';
import { migrate } from '../platform/db/migrate';
import { migratedTemplate } from './migrated-template';

export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TAKT_TEST_DATABASE_URL;
  if (!url) {
    const template = migratedTemplate();
    const database = await openDatabase(template ? { loadDataDir: template } : {});
    await migrate(database.db); // nothing to do when it came from the template
    return database;
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = await openDatabase({ url, searchPath: schema });
  await migrate(database.db);
  return {
    ...database,
    location: `${database.location} (schema ${schema})`,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

export const usingPostgres = (): boolean => Boolean(process.env.TAKT_TEST_DATABASE_URL);
