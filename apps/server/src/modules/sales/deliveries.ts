/**
 * Deliveries as the plant's KPIs read them: each shipment of an order line (one delivery note's
 * moves of the line) in a window, with the line's promised date, its last P90 and the order's
 * date. A read function of sales: one query.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

export interface Delivery {
  lineId: string;
  shippedAt: Date;
  quantity: number;
  promisedDate: string | null;
  p90At: Date | null;
  /** when the order was confirmed (entered, for an order never confirmed) */
  orderedAt: Date;
}

export async function deliveriesBetween(db: Db | Tx, from: Date, to: Date): Promise<Delivery[]> {
  const rows = await queryRows<{
    line_id: string;
    shipped_at: string | Date;
    quantity: string;
    promised_date: string | null;
    p90_at: string | null;
    ordered_at: string | Date;
  }>(
    db,
    sql`select m.sales_order_line_id as line_id, min(m.at) as shipped_at, -sum(m.quantity) as quantity,
               l.promised_date::text as promised_date, l.promise->>'p90At' as p90_at,
               coalesce(o.confirmed_at, o.created_at) as ordered_at
        from stock_moves m
        join sales_order_lines l on l.id = m.sales_order_line_id
        join sales_orders o on o.id = l.order_id
        where m.kind = 'shipment' and m.at >= ${from} and m.at < ${to}
        group by m.sales_order_line_id, m.reference, l.promised_date, l.promise, o.confirmed_at, o.created_at
        order by min(m.at), m.sales_order_line_id`,
  );
  return rows.map((r) => ({
    lineId: r.line_id,
    shippedAt: new Date(r.shipped_at),
    quantity: Number(r.quantity),
    promisedDate: r.promised_date,
    p90At: r.p90_at ? new Date(r.p90_at) : null,
    orderedAt: new Date(r.ordered_at),
  }));
}
