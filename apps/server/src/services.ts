/**
 * The module services of one server process, wired once. Modules talk to each other through
 * these services, never through each other's tables. Built on a transaction handle, the same
 * services make a multi-module change one transaction (the demo plant loads that way).
 */
import { BomService } from './modules/catalog/bom-service';
import { ItemService } from './modules/catalog/item-service';
import { UomService } from './modules/catalog/uom-service';
import { IdentityService } from './modules/identity/service';
import type { Db } from './platform/db/database';

export interface Services {
  db: Db;
  identity: IdentityService;
  items: ItemService;
  boms: BomService;
  uoms: UomService;
}

export function createServices(db: Db): Services {
  return {
    db,
    identity: new IdentityService(db),
    items: new ItemService(db),
    boms: new BomService(db),
    uoms: new UomService(db),
  };
}
