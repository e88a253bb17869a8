/** Embedded mode has no autovacuum daemon: run VACUUM ANALYZE now and then. */
import { sql } from 'drizzle-orm';
import type { Database } from './database';

export function scheduleMaintenance(database: Database, everyMs = 6 * 3_600_000): () => void {
  const timer = setInterval(() => {
    database.db.execute(sql`vacuum analyze`).catch(() => {
      // the next run tries again; a failed vacuum loses nothing
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
