/**
 * What receipts measured about a supplier's delivery of an item: the lead time (order placed →
 * received, working days: the median of the last receipts, robust to one odd delivery) and the
 * on-time rate (received by the day after the due date, as the supplier's own rate counts it),
 * with the mean delay of the late ones (calendar days, as the Monte Carlo takes it). Planning
 * uses a measurement only with MIN_RECEIPTS receipts behind it; before that the nominal lead time
 * of the supply terms stands. Set-based: one query for any number of items and suppliers.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

/** the last receipts of an item from a supplier that count */
export const MEASURED_RECEIPTS = 10;
/** fewer receipts than this measure nothing yet */
export const MIN_RECEIPTS = 3;

export interface MeasuredSupply {
  /** receipts counted (the last MEASURED_RECEIPTS at most) */
  receipts: number;
  /** median working days from order to receipt; null below MIN_RECEIPTS */
  leadTimeDays: number | null;
  /** share received by the day after the due date; null below MIN_RECEIPTS */
  onTimeRate: number | null;
  /** mean calendar days after the due date of the late receipts; null when none was late */
  meanDelayDays: number | null;
}

export interface SupplyPerformance extends MeasuredSupply {
  itemId: string;
  supplierId: string;
}

interface Row {
  item_id: string;
  supplier_id: string | null;
  receipts: number;
  measured: number;
  lead_time_days: number | null;
  on_time_rate: number | null;
  mean_delay_days: number | null;
}

const measuredOf = (r: Row): MeasuredSupply => {
  const enough = r.receipts >= MIN_RECEIPTS;
  return {
    receipts: r.receipts,
    leadTimeDays:
      r.measured >= MIN_RECEIPTS && r.lead_time_days !== null
        ? Math.round(Number(r.lead_time_days) * 10) / 10
        : null,
    onTimeRate: enough && r.on_time_rate !== null ? Math.round(Number(r.on_time_rate) * 1000) / 1000 : null,
    meanDelayDays:
      enough && r.mean_delay_days !== null ? Math.round(Number(r.mean_delay_days) * 10) / 10 : null,
  };
};

/** The last `limit` receipts per partition, summarised. */
function measure(by: 'item' | 'item-supplier', where: SQL, limit: number): SQL {
  const partition = by === 'item' ? sql`l.item_id` : sql`l.item_id, r.supplier_id`;
  const supplier = by === 'item' ? sql`null::uuid` : sql`supplier_id`;
  return sql`with recent as (
      select l.item_id, r.supplier_id, r.lead_time_days::float8 as lead, r.received_at, r.due_at,
             row_number() over (partition by ${partition} order by r.received_at desc, r.id desc) as k
      from purchase_receipts r join purchase_order_lines l on l.id = r.purchase_order_line_id
      where ${where})
    select item_id, ${supplier} as supplier_id, count(*)::int as receipts, count(lead)::int as measured,
           percentile_cont(0.5) within group (order by lead) as lead_time_days,
           avg(case when received_at <= due_at + interval '1 day' then 1.0 else 0.0 end)::float8 as on_time_rate,
           avg(extract(epoch from received_at - due_at) / 86400.0)
             filter (where received_at > due_at + interval '1 day')::float8 as mean_delay_days
    from recent where k <= ${limit}
    group by item_id${by === 'item' ? sql`` : sql`, supplier_id`}`;
}

/** Per item and supplier (of these items, or of one supplier, or all). */
export async function supplyPerformance(
  db: Db | Tx,
  filter: { itemIds?: string[]; supplierId?: string } = {},
): Promise<SupplyPerformance[]> {
  const conditions: SQL[] = [sql`true`];
  if (filter.itemIds)
    conditions.push(
      filter.itemIds.length === 0
        ? sql`false`
        : sql`l.item_id in (select jsonb_array_elements_text(${JSON.stringify(filter.itemIds)}::jsonb)::uuid)`,
    );
  if (filter.supplierId) conditions.push(sql`r.supplier_id = ${filter.supplierId}::uuid`);
  const rows = await queryRows<Row>(
    db,
    measure('item-supplier', sql.join(conditions, sql` and `), MEASURED_RECEIPTS),
  );
  return rows.map((r) => ({ itemId: r.item_id, supplierId: r.supplier_id!, ...measuredOf(r) }));
}

/** Measured lead times by `item|supplier`, only where enough receipts measured one. */
export async function measuredLeadTimes(db: Db | Tx): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const p of await supplyPerformance(db))
    if (p.leadTimeDays !== null) out.set(`${p.itemId}|${p.supplierId}`, p.leadTimeDays);
  return out;
}

/**
 * How late purchased material arrives, for the Monte Carlo: per item over its last receipts
 * from any supplier (at least MIN_RECEIPTS), and over the plant's last receipts (at least
 * `plantMinimum`) for items without their own.
 */
export async function measuredLateness(
  db: Db | Tx,
  options: { plantReceipts?: number; plantMinimum?: number } = {},
): Promise<{
  items: Map<string, { probabilityLate: number; meanDelayDays: number }>;
  plant: { probabilityLate: number; meanDelayDays: number } | null;
}> {
  const plantReceipts = options.plantReceipts ?? 100;
  const plantMinimum = options.plantMinimum ?? 10;
  const [perItem, [plant]] = await Promise.all([
    queryRows<Row>(db, measure('item', sql`true`, MEASURED_RECEIPTS)),
    queryRows<{ receipts: number; on_time_rate: number | null; mean_delay_days: number | null }>(
      db,
      sql`select count(*)::int as receipts,
                 avg(case when received_at <= due_at + interval '1 day' then 1.0 else 0.0 end)::float8 as on_time_rate,
                 avg(extract(epoch from received_at - due_at) / 86400.0)
                   filter (where received_at > due_at + interval '1 day')::float8 as mean_delay_days
          from (select received_at, due_at from purchase_receipts order by received_at desc limit ${plantReceipts}) r`,
    ),
  ]);
  const lateness = (onTime: number | null, delay: number | null) => ({
    probabilityLate: Math.min(1, Math.max(0, 1 - Number(onTime ?? 1))),
    meanDelayDays: Math.max(0, Number(delay ?? 0)),
  });
  const items = new Map<string, { probabilityLate: number; meanDelayDays: number }>();
  for (const r of perItem)
    if (r.receipts >= MIN_RECEIPTS) items.set(r.item_id, lateness(r.on_time_rate, r.mean_delay_days));
  return {
    items,
    plant:
      plant && plant.receipts >= plantMinimum ? lateness(plant.on_time_rate, plant.mean_delay_days) : null,
  };
}

/**
 * The supply terms of an item (or of a supplier) beside what their receipts measured, and the
 * lead time planning uses for each. Two queries.
 */
export async function performanceOfTerms(
  db: Db | Tx,
  filter: { itemId?: string; supplierId?: string },
): Promise<(SupplyPerformance & { nominalLeadTimeDays: number; plannedLeadTimeDays: number })[]> {
  const terms = await queryRows<{ item_id: string; supplier_id: string; lead_time_days: string }>(
    db,
    sql`select t.item_id, t.supplier_id, t.lead_time_days from supply_terms t
        where ${filter.itemId ? sql`t.item_id = ${filter.itemId}::uuid` : sql`true`}
          and ${filter.supplierId ? sql`t.supplier_id = ${filter.supplierId}::uuid` : sql`true`}
        order by t.preferred desc, t.lead_time_days, t.supplier_id`,
  );
  if (terms.length === 0) return [];
  const measured = await supplyPerformance(db, {
    itemIds: [...new Set(terms.map((t) => t.item_id))],
    ...(filter.supplierId ? { supplierId: filter.supplierId } : {}),
  });
  const of = new Map(measured.map((m) => [`${m.itemId}|${m.supplierId}`, m]));
  return terms.map((t) => {
    const m = of.get(`${t.item_id}|${t.supplier_id}`);
    const nominal = Number(t.lead_time_days);
    return {
      itemId: t.item_id,
      supplierId: t.supplier_id,
      receipts: m?.receipts ?? 0,
      leadTimeDays: m?.leadTimeDays ?? null,
      onTimeRate: m?.onTimeRate ?? null,
      meanDelayDays: m?.meanDelayDays ?? null,
      nominalLeadTimeDays: nominal,
      plannedLeadTimeDays: m?.leadTimeDays ?? nominal,
    };
  });
}
