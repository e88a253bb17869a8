/** Exports of items, BOMs and routings as CSV, in the shapes the imports read back. */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { writeCsv } from './csv-file';
import { bomLines, boms } from './tables/boms';
import { items } from './tables/items';
import { routingOperations, routings } from './tables/routings';
import { workCenters } from './tables/work-centers';

export async function exportItems(db: Db): Promise<string> {
  const rows = await db.select().from(items).orderBy(asc(items.number));
  return writeCsv(
    [
      'number',
      'name',
      'kind',
      'strategy',
      'uom',
      'family',
      'standard_cost',
      'currency',
      'lead_time_days',
      'issue_method',
    ],
    rows.map((r) => [
      r.number,
      r.name,
      r.kind,
      r.strategy,
      r.uom,
      r.family,
      (r.standardCostAmount / 100).toFixed(2),
      r.currency,
      r.leadTimeDays,
      r.issueMethod,
    ]),
  );
}

/** Lines of every draft and released revision (flat BOM format plus revision and status). */
export async function exportBoms(db: Db): Promise<string> {
  const rows = await db
    .select({ bom: boms, line: bomLines, child: items.number })
    .from(bomLines)
    .innerJoin(boms, eq(boms.id, bomLines.bomId))
    .innerJoin(items, eq(items.id, bomLines.childItemId))
    .where(inArray(boms.status, ['draft', 'released']))
    .orderBy(asc(boms.itemId), asc(boms.revision), asc(bomLines.position));
  const parents = new Map(
    (await db.select({ id: items.id, number: items.number }).from(items)).map((i) => [i.id, i.number]),
  );
  return writeCsv(
    ['parent', 'revision', 'status', 'position', 'child', 'quantity', 'uom', 'scrap', 'operation'],
    rows
      .map((r) => [
        parents.get(r.bom.itemId),
        r.bom.revision,
        r.bom.status,
        r.line.position,
        r.child,
        r.line.quantityPer,
        r.line.uom,
        r.line.scrapFactor,
        r.line.operationNumber,
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
}

export async function exportRoutings(db: Db): Promise<string> {
  const rows = await db
    .select({ routing: routings, op: routingOperations, item: items.number, workCenter: workCenters.code })
    .from(routingOperations)
    .innerJoin(routings, eq(routings.id, routingOperations.routingId))
    .innerJoin(items, eq(items.id, routings.itemId))
    .innerJoin(workCenters, eq(workCenters.id, routingOperations.workCenterId))
    .where(inArray(routings.status, ['draft', 'released']))
    .orderBy(asc(items.number), asc(routings.revision), asc(routingOperations.number));
  return writeCsv(
    [
      'item',
      'revision',
      'status',
      'operation',
      'name',
      'work_center',
      'setup_minutes',
      'run_minutes_per_unit',
      'queue_minutes',
      'move_minutes',
      'predecessors',
      'shift_rule',
    ],
    rows.map((r) => [
      r.item,
      r.routing.revision,
      r.routing.status,
      r.op.number,
      r.op.name,
      r.workCenter,
      r.op.setupMinutes,
      r.op.runMinutesPerUnit,
      r.op.queueMinutes,
      r.op.moveMinutes,
      r.op.predecessors.join(' '),
      r.op.shiftRule,
    ]),
  );
}
