/**
 * The module services of one server process, wired once. Modules talk to each other through
 * these services, never through each other's tables.
 */
import { IdentityService } from './modules/identity/service';
import type { Db } from './platform/db/database';

export interface Services {
  db: Db;
  identity: IdentityService;
}

export function createServices(db: Db): Services {
  return { db, identity: new IdentityService(db) };
}
