/**
 * The demo plant scaled up to N work centers, for the order-flow benchmark. It adds cells after
 * the demo plant is loaded. A cell copies the demo's shop work centers: the ones the routings of
 * its sellable end items use, with the same calendar, machines, rates and setup matrix, and the
 * code suffixed with the cell number (SAW-2). It also copies those end items and the made items
 * under them (number suffix -2, same family, so the setup matrices apply), with their routings
 * on the cell's work centers. Their BOMs use the demo's purchased components, so cells share
 * material as lines in a real plant do. Configurable items bring their configurator model. The
 * last cell may be partial: there, an operation runs on the cell's copy of its work center if it
 * has one, and on the original work center if not. Inspection plans are not copied; planning
 * does not read them.
 * It reads the plant in a few set-based queries. It writes through the catalog and configurator
 * services, as the API would: one call per entity, because they have no bulk create. All of it
 * is one transaction.
 */
import {
  type ConfiguratorModel,
  configuratorModelBody,
  createBomBody,
  createItemBody,
  createRoutingBody,
  type Item,
  type WorkCenter,
  workCenterInput,
} from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { DEMO_VALID_FROM } from '../src/demo/demo-plant-data';
import { BomService } from '../src/modules/catalog/bom-service';
import { ItemService } from '../src/modules/catalog/item-service';
import { effectiveRoutingOperations, plantToday } from '../src/modules/catalog/plant-structure';
import { RoutingService } from '../src/modules/catalog/routing-service';
import { WorkCenterService } from '../src/modules/catalog/work-center-service';
import { ConfiguratorService } from '../src/modules/sales/configurator/service';
import { type Actor, systemActor } from '../src/platform/audit';
import { type Db, queryRows, type Tx } from '../src/platform/db/database';

export interface EndItem {
  id: string;
  number: string;
  configurable: boolean;
}

export interface PlantSize {
  workCenters: number;
  machines: number;
  endItems: number;
  items: number;
}

/** Sellable end items: active make items that no BOM uses as a component, with a released routing. */
export function sellableEndItems(db: Db | Tx): Promise<EndItem[]> {
  return queryRows<EndItem>(
    db,
    sql`select i.id, i.number, i.configurable from items i
        where i.kind = 'make' and i.active
          and not exists (select 1 from bom_lines l where l.child_item_id = i.id)
          and exists (select 1 from routings r where r.item_id = i.id and r.status = 'released')
        order by i.number`,
  );
}

/** The plant's size, as the benchmark reports it. */
export async function plantSize(db: Db | Tx): Promise<PlantSize> {
  const [size] = await queryRows<PlantSize>(
    db,
    sql`select (select count(*) from work_centers where active)::int as "workCenters",
               (select coalesce(sum(machines), 0) from work_centers where active)::int as machines,
               (select count(*) from items where active)::int as items`,
  );
  return { ...size, endItems: (await sellableEndItems(db)).length };
}

interface BomLineRow {
  item_id: string;
  position: number;
  child_item_id: string;
  quantity_per: string;
  uom: string;
  scrap_factor: string;
  operation_number: string | null;
  condition: string | null;
  quantity_formula: string | null;
}

/**
 * Adds cells until the plant has `workCenterCount` work centers. If it already has that many,
 * it adds nothing. Returns the size it ends at.
 */
export async function scaleDemoPlant(
  db: Db,
  workCenterCount: number,
  actor: Actor = systemActor,
): Promise<PlantSize> {
  await db.transaction(async (tx) => {
    const workCenterService = new WorkCenterService(tx);
    const itemService = new ItemService(tx);
    const bomService = new BomService(tx);
    const routingService = new RoutingService(tx);
    const configurator = new ConfiguratorService(tx);

    const [endItems, wcPage, itemPage, bomLines, operations] = await Promise.all([
      sellableEndItems(tx),
      workCenterService.list({ limit: 10_000, offset: 0 }),
      itemService.list({ limit: 100_000, offset: 0 }),
      // the released revisions' lines, with the configurator's conditions and formulas
      queryRows<BomLineRow>(
        tx,
        sql`select b.item_id, l.position, l.child_item_id, l.quantity_per, l.uom, l.scrap_factor,
                   l.operation_number, l.condition, l.quantity_formula
            from boms b join bom_lines l on l.bom_id = b.id
            where b.status = 'released'
            order by b.item_id, l.position`,
      ),
      plantToday(tx).then((today) => effectiveRoutingOperations(tx, today)),
    ]);
    const missing = workCenterCount - wcPage.total;
    if (missing <= 0 || endItems.length === 0) return;

    const itemById = new Map<string, Item>(itemPage.items.map((i) => [i.id, i]));
    const linesOf = groupBy(bomLines, (l) => l.item_id);
    const operationsOf = groupBy(operations, (o) => o.itemId);
    // The made items a cell copies: the end items and every non-bought item below them.
    const made: Item[] = [];
    const queue = endItems.map((e) => e.id);
    for (const id of queue) {
      const item = itemById.get(id)!;
      if (made.includes(item)) continue;
      made.push(item);
      for (const line of linesOf.get(id) ?? [])
        if (itemById.get(line.child_item_id)?.kind !== 'buy') queue.push(line.child_item_id);
    }
    const usedWorkCenters = new Set(
      made.flatMap((i) =>
        (operationsOf.get(i.id) ?? []).flatMap((o) => [
          o.workCenterId,
          ...o.alternatives.map((a) => a.workCenterId),
        ]),
      ),
    );
    const shop: WorkCenter[] = wcPage.items.filter((wc) => usedWorkCenters.has(wc.id));
    const models = new Map<string, ConfiguratorModel>();
    for (const item of made.filter((i) => i.configurable))
      models.set(item.id, await configurator.get(item.id));

    const cells = Math.ceil(missing / shop.length);
    for (let cell = 2; cell <= cells + 1; cell++) {
      const suffix = `-${cell}`;
      const size = Math.min(shop.length, missing - (cell - 2) * shop.length);
      const workCenterOf = new Map<string, string>();
      for (const wc of shop.slice(0, size)) {
        const copy = await workCenterService.create(
          actor,
          workCenterInput.parse({ ...wc, code: `${wc.code}${suffix}`, name: `${wc.name}, cell ${cell}` }),
        );
        workCenterOf.set(wc.id, copy.id);
      }
      const onCell = (workCenterId: string) => workCenterOf.get(workCenterId) ?? workCenterId;

      const itemOf = new Map<string, string>();
      for (const item of made) {
        const copy = await itemService.create(
          actor,
          createItemBody.parse({
            ...item,
            number: `${item.number}${suffix}`,
            name: `${item.name}, cell ${cell}`,
          }),
        );
        itemOf.set(item.id, copy.id);
      }
      for (const item of made) {
        const copyId = itemOf.get(item.id)!;
        const lines = linesOf.get(item.id);
        if (lines) {
          const draft = await bomService.create(
            actor,
            copyId,
            createBomBody.parse({
              lines: lines.map((l) => ({
                position: l.position,
                childItemId: itemOf.get(l.child_item_id) ?? l.child_item_id,
                quantityPer: Number(l.quantity_per),
                uom: l.uom,
                scrapFactor: Number(l.scrap_factor),
                operationNumber: l.operation_number,
                condition: l.condition,
                quantityFormula: l.quantity_formula,
              })),
            }),
          );
          await bomService.release(actor, draft.id, draft.version, DEMO_VALID_FROM);
        }
        const steps = operationsOf.get(item.id);
        if (steps) {
          const draft = await routingService.create(
            actor,
            copyId,
            createRoutingBody.parse({
              operations: steps.map((o) => ({
                ...o,
                workCenterId: onCell(o.workCenterId),
                alternatives: o.alternatives.map((a) => ({ ...a, workCenterId: onCell(a.workCenterId) })),
              })),
            }),
          );
          await routingService.release(actor, draft.id, draft.version, DEMO_VALID_FROM);
        }
        const model = models.get(item.id);
        if (model) await configurator.save(actor, copyId, 0, configuratorModelBody.parse(model));
      }
    }
  });
  return plantSize(db);
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
