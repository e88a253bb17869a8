/**
 * The sales price of a standard item for one customer: the catalog keeps no list price (an item
 * has a standard cost; a configurable one is priced by its configurator model), so the price a
 * customer is quoted is the one it was last given: the unit price of its latest placed order
 * line or offered quote line (sent, accepted, rejected, expired) of that item, without a
 * configuration. Drafts, requests, superseded revisions and cancelled orders do not count. One
 * query for any number of items.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

export interface LastPrice {
  itemId: string;
  /** minor units, before discount */
  unitPrice: number;
  currency: string;
}

export async function lastPricesFor(
  db: Db | Tx,
  customerId: string,
  itemIds: string[],
): Promise<Map<string, LastPrice>> {
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) return new Map();
  const wanted = sql`(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;
  const rows = await queryRows<{ item_id: string; unit_price: number; currency: string }>(
    db,
    sql`select distinct on (p.item_id) p.item_id, p.unit_price, p.currency from (
          select sl.item_id, sl.unit_price, so.currency, coalesce(so.confirmed_at, so.created_at) as at
          from sales_order_lines sl join sales_orders so on so.id = sl.order_id
          where so.customer_id = ${customerId} and so.status not in ('draft', 'cancelled')
            and sl.configuration is null and sl.item_id in ${wanted}
          union all
          select ql.item_id, ql.unit_price, q.currency, q.created_at as at
          from quote_lines ql join quotes q on q.id = ql.quote_id
          where q.customer_id = ${customerId} and q.status in ('sent', 'accepted', 'rejected', 'expired')
            and ql.configuration is null and ql.item_id in ${wanted}
        ) p
        order by p.item_id, p.at desc`,
  );
  return new Map(
    rows.map((r) => [
      r.item_id,
      { itemId: r.item_id, unitPrice: Number(r.unit_price), currency: r.currency },
    ]),
  );
}
