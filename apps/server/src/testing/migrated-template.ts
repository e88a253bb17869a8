/**
 * A migrated, empty PGlite data directory, dumped once and loaded by every test file instead of
 * running initdb and the migrations again (initdb is most of a fresh PGlite's 2–3 s start).
 * The dump is named by a hash of the migrations and the PGlite version, so a changed migration
 * makes a new one; vitest's global setup writes it before any test file runs, and a test file
 * that finds none (a run without the global setup) starts from scratch as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { openDatabase } from '../platform/db/database';
import { migrate, readMigrations } from '../platform/db/migrate';

const cacheDir = resolve(import.meta.dirname, '../../../../node_modules/.cache/takt-test-db');

/** PGlite's version (its package.json is not exported): a new PGlite may not read an old dump. */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

function templatePath(): string {
  const hash = createHash('sha256')
    .update(pgliteVersion())
    .update(JSON.stringify(readMigrations()))
    .digest('hex')
    .slice(0, 16);
  return join(cacheDir, `migrated-${hash}.tar`);
}

/** The dump of a migrated empty database, or undefined when none was written for these migrations. */
export function migratedTemplate(): Blob | undefined {
  const path = templatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}

/** Writes the dump for the current migrations unless it exists. */
export async function ensureMigratedTemplate(): Promise<void> {
  const path = templatePath();
  if (existsSync(path)) return;
  const database = await openDatabase({});
  try {
    await migrate(database.db);
    const dump = await database.dumpDataDir?.();
    if (!dump) return;
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path); // a reader never sees half a file
    for (const old of readdirSync(cacheDir))
      if (old.startsWith('migrated-') && join(cacheDir, old) !== path && !old.endsWith('.partial'))
        rmSync(join(cacheDir, old), { force: true });
  } finally {
    await database.close();
  }
}
