/**
 * A requisition asks the supplier for the date the promised schedule counts on: when the
 * scheduler starts the consuming operation before MRP's backward date, the requisition is needed
 * by that start (never before the supplier's lead time allows), so a purchase order placed from
 * it keeps the promise instead of holding the work back later.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import type { SupplyRequest } from './supply-request';
import { requisitionsNeededBySchedule } from './supply-request';

const DAY = 1440;

describe('requisitionsNeededBySchedule', () => {
  const supply = (neededAt: number[]): Pick<SupplyRequest, 'requisitions' | 'requisitionConsumers'> => ({
    requisitions: neededAt.map((n, i) => ({
      key: `r${i}`,
      itemId: 'bar',
      quantity: 10,
      neededAt: n,
      orderBy: n - 10 * DAY,
      availableAt: 10 * DAY,
      supplierId: null,
      salesOrderLineId: null,
    })),
    // r0 feeds the saw and the lathe, r1 nothing scheduled
    requisitionConsumers: new Map([['r0', ['saw', 'lathe']]]),
  });
  const starts = (saw: number, lathe: number) => (id: string) =>
    id === 'saw' ? saw : id === 'lathe' ? lathe : undefined;

  it('needs a requisition by the earliest planned start of the operations waiting for it', () => {
    const dates = requisitionsNeededBySchedule(supply([15 * DAY, 30 * DAY]), starts(13 * DAY, 12 * DAY), 0);
    expect(dates.get('r0')).toEqual({ neededAt: 12 * DAY, orderBy: 2 * DAY });
    expect(dates.get('r1')).toEqual({ neededAt: 30 * DAY, orderBy: 20 * DAY });
  });

  it('never asks before the material can arrive, nor orders before now, nor moves a date later', () => {
    expect(
      requisitionsNeededBySchedule(supply([15 * DAY]), starts(8 * DAY, 9 * DAY), 4 * DAY).get('r0'),
    ).toEqual({
      neededAt: 10 * DAY,
      orderBy: 4 * DAY,
    });
    expect(requisitionsNeededBySchedule(supply([15 * DAY]), starts(20 * DAY, 21 * DAY), 0).get('r0')).toEqual(
      {
        neededAt: 15 * DAY,
        orderBy: 5 * DAY,
      },
    );
  });
});

describe('confirming an order on the demo plant', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
    await t.services.demo.seedIfEmpty();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('needs every new requisition by the planned start of the operations that wait for it', async () => {
    const { lineId } = await confirmDemoOrder(t, {
      itemNumber: 'FG-ROD-060',
      quantity: 4,
      requestedInDays: 20,
    });
    // each requisition pegged to the line against the first operation of the line's jobs that
    // consumes its item (the BOM line's operation, else the job's first)
    const rows = await queryRows<{ number: string; needed: string; first_use: string | null }>(
      t.services.db,
      sql`select r.number, r.needed_at::text as needed,
            (select min(o.planned_setup_start)::text
               from production_jobs j
               join bom_lines b on b.bom_id = j.bom_id and b.child_item_id = r.item_id
               join job_operations o on o.job_id = j.id
                 and o.number = coalesce(b.operation_number,
                   (select min(o2.number) from job_operations o2 where o2.job_id = j.id))
              where j.sales_order_line_id = ${lineId}) as first_use
          from purchase_requisitions r
          join supply_pegs p on p.supply_kind = 'purchase-requisition' and p.supply_id = r.id
         where p.sales_order_line_id = ${lineId} and r.status = 'open'`,
    );
    const used = rows.filter((r) => r.first_use !== null);
    expect(used.length).toBeGreaterThan(0);
    for (const r of used)
      expect(
        Date.parse(r.needed),
        `${r.number} needed ${r.needed}, first used ${r.first_use}`,
      ).toBeLessThanOrEqual(Date.parse(r.first_use!));
  });
});
