/**
 * What open supply was committed to: the pegs written when it was planned (`supply_pegs`), summed
 * per demand. MRP takes a shared supply's committed quantity for the order line or job it was
 * bought or made for before anything else may use it (`MrpSupply.pegs`), so material bought for
 * one order's job stays that job's when a later order needs the same material earlier.
 */
import type { Peg } from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

/** The pegs of these supplies (jobs, requisitions, purchase order lines) by supply id: one query. */
export async function supplyCommitments(db: Db | Tx, supplyIds: string[]): Promise<Map<string, Peg[]>> {
  const out = new Map<string, Peg[]>();
  if (supplyIds.length === 0) return out;
  const rows = await queryRows<{ supply_id: string; demand_id: string; quantity: number }>(
    db,
    sql`select supply_id::text as supply_id, demand_id, sum(quantity)::float8 as quantity from supply_pegs
        where supply_kind in ('job', 'purchase-requisition', 'purchase-order-line')
          and supply_id in (select jsonb_array_elements_text(${JSON.stringify(supplyIds)}::jsonb)::uuid)
        group by supply_id, demand_id
        order by supply_id, demand_id`,
  );
  for (const r of rows) {
    const pegs = out.get(r.supply_id);
    const peg = { demandId: r.demand_id, quantity: Number(r.quantity) };
    if (pegs) pegs.push(peg);
    else out.set(r.supply_id, [peg]);
  }
  return out;
}
