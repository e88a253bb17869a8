/**
 * One SQL dialect on two engines: embedded PGlite (default, data in a directory, or in memory
 * for tests) and a PostgreSQL server by URL. Both are wrapped by Drizzle; modules only see `Db`.
 */
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle; it is also a `Db`, so services accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Human description for logs: a directory, 'memory' or the server URL without password. */
  location: string;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball, which `loadDataDir` opens again */
  dumpDataDir?(): Promise<Blob>;
}

// Counts and bigint ids come back as JavaScript numbers on both engines.
pg.types.setTypeParser(20, (value: string) => Number(value));
// numeric stays a string on pg; PGlite does the same below, so decimals keep their precision.

export interface OpenOptions {
  /** postgres://... ; absent means PGlite */
  url?: string;
  /** PGlite data directory; absent means in memory */
  dataDir?: string;
  /** pg pool: search_path for an isolated schema (tests) */
  searchPath?: string;
  /** PGlite: start from this dump of a data directory (`dumpDataDir`) instead of an empty one */
  loadDataDir?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
    });
    pool.on('connect', serializeQueries);
    const client = await pool.connect(); // fail fast with a clear error when the server is unreachable
    client.release();
    const location = options.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    return { db: drizzlePg(pool) as unknown as Db, kind: 'postgres', location, close: () => pool.end() };
  }
  const client = new PGlite({
    dataDir: options.dataDir,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [pgliteTypes.INT8]: (value: string) => Number(value) },
  });
  await client.waitReady;
  return {
    db: drizzlePglite(client) as unknown as Db,
    kind: 'pglite',
    location: options.dataDir ?? 'memory',
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir('none'),
  };
}

/**
 * A transaction is one connection, and services may start several reads at once on it
 * (`Promise.all` inside a transaction). pg queues them itself but deprecates that (pg 9 drops
 * it) and warns; this queue runs a connection's promise-form queries one after the other, in
 * the order they were asked, as PGlite does. Callback and submittable forms (the pool's own
 * calls, cursors) go straight through.
 */
function serializeQueries(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let tail: Promise<unknown> = Promise.resolve();
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args.at(-1) === 'function' || typeof first?.submit === 'function') return query(...args);
    const run = tail.then(() => query(...args));
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Rows of a raw query, the same on both engines. */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
