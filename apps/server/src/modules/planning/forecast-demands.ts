/**
 * Forecasts as MRP demand, after consumption by orders.
 *
 * Consumption: a forecast of an item for a period is consumed by the orders for that item whose
 * requested date falls in the period (every order past draft and not cancelled, shipped ones too,
 * and the order being confirmed): what planning still plans to is the forecast less what was
 * ordered, never below zero. An order beyond the forecast plans the rest itself; an order outside
 * every forecast period consumes nothing; there is no consumption across periods. A period that
 * has ended plans nothing more (its orders came or they did not).
 *
 * What is planned to the rest: an MTS item itself; an ATO item's components, through phantoms,
 * per unit as its BOM gives them (with the item's and the lines' scrap), while the final assembly
 * waits for the order. The components must be MTS: an order of the ATO item nets them in the
 * shared pool, against what the forecast bought and made (another strategy would plan them again
 * in the order's own pool; `atoComponents` reports those and the forecast service refuses them).
 * Each becomes demand `forecast:<forecast id>:<item id>` due at the start of the period (now, for
 * the current one), pooled as an MTS item's demand is.
 */
import { localToUtc } from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import {
  effectiveBomLines,
  localDateIn,
  type PlanningBomLine,
  type PlanningItem,
  planningItems,
  plantTimeZone,
} from '../catalog/plant-structure';
import type { DemandLine } from './planning-service';

const PREFIX = 'forecast:';
const EPS = 1e-9;

/** The demand id of a forecast's need of one item. */
export const forecastDemandId = (forecastId: string, itemId: string) => `${PREFIX}${forecastId}:${itemId}`;
/** The prefix every demand of a forecast shares (for pegs). */
export const forecastDemandPrefix = (forecastId: string) => `${PREFIX}${forecastId}:`;

export interface ForecastPeriod {
  id: string;
  itemId: string;
  periodStart: string;
  periodEnd: string;
  quantity: number;
}

/** What orders consumed of each forecast (by forecast id), from the sales module. */
export type OrderedInPeriods = (periods: ForecastPeriod[]) => Promise<Map<string, number>>;

type StructureItem = Pick<PlanningItem, 'id' | 'number' | 'kind' | 'strategy' | 'scrapFactor'>;
type StructureLine = Pick<PlanningBomLine, 'parentItemId' | 'childItemId' | 'quantityPer' | 'scrapFactor'>;

/**
 * An ATO item's components per unit, through phantoms: the MTS ones that are planned to its
 * forecast, and the others (which cannot be). Pure.
 */
export function atoComponents(
  itemId: string,
  items: Map<string, StructureItem>,
  bomByParent: Map<string, StructureLine[]>,
): { planned: { itemId: string; quantityPer: number }[]; refused: StructureItem[] } {
  const planned = new Map<string, number>();
  const refused = new Map<string, StructureItem>();
  const visit = (parent: string, per: number, seen: Set<string>) => {
    for (const line of bomByParent.get(parent) ?? []) {
      const child = items.get(line.childItemId);
      if (!child) continue;
      const quantity = per * line.quantityPer * (1 + line.scrapFactor);
      if (child.kind === 'phantom') {
        if (!seen.has(child.id)) visit(child.id, quantity, new Set([...seen, child.id]));
      } else if (child.strategy === 'MTS') planned.set(child.id, (planned.get(child.id) ?? 0) + quantity);
      else refused.set(child.id, child);
    }
  };
  const item = items.get(itemId);
  visit(itemId, 1 + (item?.kind === 'make' ? item.scrapFactor : 0), new Set([itemId]));
  return {
    planned: [...planned].map(([id, quantityPer]) => ({ itemId: id, quantityPer })),
    refused: [...refused.values()],
  };
}

/** The remaining forecasts as demand lines (see the header). Pure. */
export function forecastDemandLines(
  forecasts: ForecastPeriod[],
  ordered: Map<string, number>,
  structure: { items: Map<string, StructureItem>; bomByParent: Map<string, StructureLine[]> },
  timeZone: string,
  now: Date,
): DemandLine[] {
  const today = localDateIn(timeZone, now);
  const out: DemandLine[] = [];
  for (const f of forecasts) {
    if (f.periodEnd < today) continue;
    const remaining = f.quantity - (ordered.get(f.id) ?? 0);
    if (remaining <= EPS) continue;
    const start = localToUtc(timeZone, Date.parse(`${f.periodStart}T00:00:00Z`));
    const due = new Date(Math.max(now.getTime(), start));
    const item = structure.items.get(f.itemId);
    const needs =
      item?.strategy === 'MTS'
        ? [{ itemId: f.itemId, quantityPer: 1 }]
        : item?.strategy === 'ATO'
          ? atoComponents(f.itemId, structure.items, structure.bomByParent).planned
          : [];
    for (const n of needs)
      out.push({
        id: forecastDemandId(f.id, n.itemId),
        itemId: n.itemId,
        quantity: remaining * n.quantityPer,
        due,
        salesOrderLineId: null,
      });
  }
  return out;
}

/** The forecasts whose period has not ended: one query. */
export async function currentForecasts(db: Db | Tx, today: string): Promise<ForecastPeriod[]> {
  const rows = await queryRows<{
    id: string;
    item_id: string;
    period_start: string;
    period_end: string;
    quantity: string;
  }>(
    db,
    sql`select id, item_id, period_start::text, period_end::text, quantity from demand_forecasts
        where period_end >= ${today}::date order by period_start, id`,
  );
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    quantity: Number(r.quantity),
  }));
}

/**
 * What planning plans to the forecasts, after consumption: one query without forecasts, four
 * with them (the forecasts, what orders consumed, the items and the BOM).
 */
export async function readForecastDemands(
  db: Db | Tx,
  ordered: OrderedInPeriods,
  now = new Date(),
): Promise<DemandLine[]> {
  const timeZone = await plantTimeZone(db);
  const forecasts = await currentForecasts(db, localDateIn(timeZone, now));
  if (forecasts.length === 0) return [];
  const [consumed, items, bom] = await Promise.all([
    ordered(forecasts),
    planningItems(db),
    effectiveBomLines(db, localDateIn(timeZone, now)),
  ]);
  const bomByParent = new Map<string, PlanningBomLine[]>();
  for (const l of bom) bomByParent.set(l.parentItemId, [...(bomByParent.get(l.parentItemId) ?? []), l]);
  return forecastDemandLines(
    forecasts,
    consumed,
    { items: new Map(items.map((i) => [i.id, i])), bomByParent },
    timeZone,
    now,
  );
}
