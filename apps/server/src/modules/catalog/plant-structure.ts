/**
 * The whole plant's structure as planning reads it, set-based (one query per question, never a
 * query per item): planning items, the BOM lines and routing operations effective at a date,
 * and the capacity (work centers, calendars, setup matrices). Catalog owns these tables; the
 * planning module reads them only through this file.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { measuredLeadTimes } from '../purchasing/supplier-performance';
import { calendars } from './tables/calendars';
import { setupMatrices } from './tables/setup-matrices';
import { workCenters } from './tables/work-centers';
import { unitChangeKey, unitFactors } from './uom-service';

export interface PlanningItem {
  id: string;
  number: string;
  name: string;
  kind: 'make' | 'buy' | 'phantom';
  strategy: 'MTS' | 'ATO' | 'MTO' | 'ETO';
  uom: string;
  family: string | null;
  leadTimeDays: number | null;
  lotSizingRule: 'lot-for-lot' | 'fixed' | 'minimum' | 'multiple' | 'period';
  lotQuantity: number | null;
  safetyStock: number;
  reorderPoint: number | null;
  scrapFactor: number;
  standardCostAmount: number;
  /** the currency of the standard cost */
  currency: string;
  /**
   * buy items: the preferred (else fastest) supplier and its lead time in working days: the one
   * its receipts measured when there are enough of them, else the nominal one of its terms
   */
  supplierId: string | null;
  supplierLeadTimeDays: number | null;
}

export interface PlanningBomLine {
  bomId: string;
  parentItemId: string;
  childItemId: string;
  /** per one parent, in the child's base unit */
  quantityPer: number;
  scrapFactor: number;
  operationNumber: string | null;
}

export interface PlanningOperation {
  routingId: string;
  itemId: string;
  number: string;
  name: string;
  workCenterId: string;
  alternatives: { workCenterId: string; speedFactor: number }[];
  setupMinutes: number;
  runMinutesPerUnit: number;
  queueMinutes: number;
  moveMinutes: number;
  predecessors: string[];
  shiftRule: 'span' | 'fit';
  /** work instructions for the shop floor */
  instructions: string;
  /** the drawing's link, when the routing names one */
  drawingUrl: string | null;
}

export interface PlanningResources {
  workCenters: (typeof workCenters.$inferSelect)[];
  calendars: (typeof calendars.$inferSelect)[];
  setupMatrices: (typeof setupMatrices.$inferSelect)[];
}

const num = (v: string | null) => (v === null ? null : Number(v));

/** Active items with what MRP needs, the buy items' supply terms (and measured lead times) folded in. */
export async function planningItems(db: Db | Tx): Promise<PlanningItem[]> {
  const [rows, measured] = await Promise.all([planningItemRows(db), measuredLeadTimes(db)]);
  return rows.map((r) => {
    const nominal = num(r.supplier_lead_time_days);
    return {
      id: r.id!,
      number: r.number!,
      name: r.name!,
      kind: r.kind as PlanningItem['kind'],
      strategy: r.strategy as PlanningItem['strategy'],
      uom: r.uom!,
      family: r.family,
      leadTimeDays: num(r.lead_time_days),
      lotSizingRule: r.lot_sizing_rule as PlanningItem['lotSizingRule'],
      lotQuantity: num(r.lot_quantity),
      safetyStock: Number(r.safety_stock),
      reorderPoint: num(r.reorder_point),
      scrapFactor: Number(r.scrap_factor),
      standardCostAmount: Number(r.standard_cost_amount),
      currency: r.currency!,
      supplierId: r.supplier_id,
      supplierLeadTimeDays: (r.supplier_id ? measured.get(`${r.id}|${r.supplier_id}`) : undefined) ?? nominal,
    };
  });
}

function planningItemRows(db: Db | Tx) {
  return queryRows<Record<string, string | null>>(
    db,
    sql`select i.id, i.number, i.name, i.kind, i.strategy, i.uom, i.family, i.lead_time_days, i.lot_sizing_rule,
               i.lot_quantity, i.safety_stock, i.reorder_point, i.scrap_factor, i.standard_cost_amount, i.currency,
               s.supplier_id, s.lead_time_days as supplier_lead_time_days
        from items i
        left join lateral (
          select t.supplier_id, t.lead_time_days from supply_terms t
          where t.item_id = i.id
          order by t.preferred desc, t.lead_time_days asc
          limit 1
        ) s on i.kind = 'buy'
        where i.active
        order by i.number`,
  );
}

/**
 * Every BOM line of the revisions effective at `date`, quantities in the child's base unit.
 * `below` narrows it to the lines of these items and, level by level, of their phantom children
 * (what jobs of these items consume, as `planning/job-component-needs.ts` dissolves phantoms).
 */
export async function effectiveBomLines(
  db: Db | Tx,
  date: string,
  below?: readonly string[],
): Promise<PlanningBomLine[]> {
  if (below && below.length === 0) return [];
  const scope = below
    ? sql`, scope(item_id) as (
          select unnest(array[${sql.join(
            below.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}])
          union
          select l.child_item_id from scope s
          join effective e on e.item_id = s.item_id
          join bom_lines l on l.bom_id = e.id
          join items c on c.id = l.child_item_id and c.kind = 'phantom'
        )`
    : sql``;
  const rows = await queryRows<{
    bom_id: string;
    parent_item_id: string;
    child_item_id: string;
    quantity_per: string;
    scrap_factor: string;
    operation_number: string | null;
    uom: string;
    base_uom: string;
  }>(
    db,
    sql`with recursive effective as (
          select distinct on (item_id) id, item_id
          from boms
          where status in ('released', 'obsolete')
            and (valid_from is null or valid_from <= ${date}::date)
            and (valid_to is null or valid_to > ${date}::date)
          order by item_id, valid_from desc nulls last, revision desc
        )${scope}
        select e.id as bom_id, e.item_id as parent_item_id, l.child_item_id, l.quantity_per, l.scrap_factor,
               l.operation_number, l.uom, c.uom as base_uom
        from effective e
        join bom_lines l on l.bom_id = e.id
        join items c on c.id = l.child_item_id
        ${below ? sql`where e.item_id in (select item_id from scope)` : sql``}
        order by e.item_id, l.position`,
  );
  const changes = rows.map((r) => ({ itemId: r.child_item_id, from: r.uom, to: r.base_uom }));
  const factors = await unitFactors(db, changes);
  return rows.map((r, x) => {
    const factor = factors.get(unitChangeKey(changes[x]));
    if (factor === undefined)
      throw ruleViolation('uom', 'conversion', `no conversion from ${r.uom} to ${r.base_uom} for a BOM line`);
    return {
      bomId: r.bom_id,
      parentItemId: r.parent_item_id,
      childItemId: r.child_item_id,
      quantityPer: Number(r.quantity_per) * factor,
      scrapFactor: Number(r.scrap_factor),
      operationNumber: r.operation_number,
    };
  });
}

/** The operations of every routing revision effective at `date`, in operation-number order. */
export async function effectiveRoutingOperations(db: Db | Tx, date: string): Promise<PlanningOperation[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with effective as (
          select distinct on (item_id) id, item_id
          from routings
          where status in ('released', 'obsolete')
            and (valid_from is null or valid_from <= ${date}::date)
            and (valid_to is null or valid_to > ${date}::date)
          order by item_id, valid_from desc nulls last, revision desc
        )
        select e.id as routing_id, e.item_id, o.number, o.name, o.work_center_id, o.alternatives, o.setup_minutes,
               o.run_minutes_per_unit, o.queue_minutes, o.move_minutes, o.predecessors, o.shift_rule,
               o.instructions, o.drawing_url
        from effective e join routing_operations o on o.routing_id = e.id
        order by e.item_id, o.number`,
  );
  return rows.map((r) => ({
    routingId: r.routing_id as string,
    itemId: r.item_id as string,
    number: r.number as string,
    name: r.name as string,
    workCenterId: r.work_center_id as string,
    alternatives: r.alternatives as PlanningOperation['alternatives'],
    setupMinutes: Number(r.setup_minutes),
    runMinutesPerUnit: Number(r.run_minutes_per_unit),
    queueMinutes: Number(r.queue_minutes),
    moveMinutes: Number(r.move_minutes),
    predecessors: r.predecessors as string[],
    shiftRule: r.shift_rule as 'span' | 'fit',
    instructions: r.instructions as string,
    drawingUrl: (r.drawing_url as string | null) ?? null,
  }));
}

/** Active work centers with their calendars and setup matrices: three queries. */
export async function planningResources(db: Db | Tx): Promise<PlanningResources> {
  const [wcs, cals, matrices] = await Promise.all([
    db.select().from(workCenters).where(sql`${workCenters.active}`).orderBy(workCenters.code),
    db.select().from(calendars).orderBy(calendars.name),
    db.select().from(setupMatrices),
  ]);
  return { workCenters: wcs, calendars: cals, setupMatrices: matrices };
}

/**
 * The plant's time zone: that of the calendar most active work centers run on (UTC for an
 * empty plant). Dates customers ask for are days in this zone.
 */
export async function plantTimeZone(db: Db | Tx): Promise<string> {
  const [row] = await queryRows<{ time_zone: string }>(
    db,
    sql`select c.time_zone from work_centers w join calendars c on c.id = w.calendar_id
        where w.active group by c.time_zone order by count(*) desc, c.time_zone limit 1`,
  );
  return row?.time_zone ?? 'UTC';
}

/** The calendar most active work centers run on: the plant's working days (none in an empty plant). */
export async function plantCalendar(db: Db | Tx): Promise<typeof calendars.$inferSelect | null> {
  const [row] = await db
    .select({ calendar: calendars })
    .from(workCenters)
    .innerJoin(calendars, sql`${calendars.id} = ${workCenters.calendarId}`)
    .where(sql`${workCenters.active}`)
    .groupBy(calendars.id)
    .orderBy(sql`count(*) desc`, calendars.id)
    .limit(1);
  return row?.calendar ?? null;
}

/** A local date (YYYY-MM-DD) in a time zone; today by default. */
export function localDateIn(timeZone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Today in the plant's time zone: what "not in the past" means for dates customers ask for. */
export async function plantToday(db: Db | Tx): Promise<string> {
  return localDateIn(await plantTimeZone(db));
}
