/**
 * What open jobs still need of their components is netted as their own demand, on the demo
 * plant against the real database: the bar stock requisitioned for one order's job stays that
 * job's, so the next order confirmed buys its own; an engineering change that adds a component
 * to a released job's item buys the new component for that job (and keeps its bar stock); a
 * purchase order line of a job's material moved later is an expedite that names the job's
 * order line, and no later order takes it.
 */
import type { MrpExceptions, Shortages } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { type ConfirmedDemoOrder, confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

const DAY = 86_400_000;
/** kg of C45 bar per forged rod blank: 24 kg per rod with 2 % scrap */
const BAR_PER_ROD = 24 * 1.02;

let t: TestApp;
let bar: string;
let orderA: ConfirmedDemoOrder;
let orderB: ConfirmedDemoOrder;

const itemId = async (number: string) =>
  (await t.as('engineer').get(`/api/items?q=${number}&limit=50`))
    .json()
    .items.find((i: { number: string }) => i.number === number).id as string;

interface PegRow {
  item_id: string;
  supply_kind: string;
  supply_id: string | null;
  quantity: number;
}
const pegsOf = (lineId: string) =>
  queryRows<PegRow>(
    t.services.db,
    sql`select item_id, supply_kind, supply_id, quantity::float8 as quantity from supply_pegs
        where sales_order_line_id = ${lineId}`,
  );
const openRequisition = async (id: string) => {
  const [row] = await queryRows<{ status: string; quantity: number }>(
    t.services.db,
    sql`select status, quantity::float8 as quantity from purchase_requisitions where id = ${id}`,
  );
  return row;
};
const requisitionOf = async (lineId: string, item: string) => {
  const rows = (await pegsOf(lineId)).filter(
    (p) => p.item_id === item && p.supply_kind === 'purchase-requisition',
  );
  expect(rows, `a requisition of ${item} pegged to the line`).toHaveLength(1);
  return rows[0];
};
const rodJob = (order: ConfirmedDemoOrder) => order.jobs.find((j) => j.itemNumber === 'FG-ROD-060')!;

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  bar = await itemId('RM-C45-060');
  // one requisition per need, nothing kept in stock: what a requisition holds is exactly one job's
  const current = (await t.as('engineer').get(`/api/items/${bar}`)).json();
  const changed = await t.as('engineer').patch(`/api/items/${bar}`, {
    version: current.version,
    lotSizing: { rule: 'lot-for-lot', quantity: null },
    safetyStock: 0,
  });
  expect(changed.statusCode, changed.body).toBe(200);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('an open job’s material in MRP', () => {
  it('keeps the bar stock requisitioned for order A’s job to that job: order B buys its own', async () => {
    orderA = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 4, requestedInDays: 20 });
    const forA = await requisitionOf(orderA.lineId, bar);
    expect(forA.quantity).toBeCloseTo(4 * BAR_PER_ROD, 6);

    orderB = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 3, requestedInDays: 25 });
    const forB = await requisitionOf(orderB.lineId, bar);
    expect(forB.supply_id).not.toBe(forA.supply_id);
    expect(forB.quantity).toBeCloseTo(3 * BAR_PER_ROD, 6);
    // A's requisition serves A alone, whole and open
    const [shared] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from supply_pegs
          where supply_id = ${forA.supply_id} and sales_order_line_id is distinct from ${orderA.lineId}`,
    );
    expect(shared.n).toBe(0);
    expect(await openRequisition(forA.supply_id!)).toEqual({ status: 'open', quantity: 4 * BAR_PER_ROD });

    // the plant as it stands: both jobs need their bar, neither requisition is "not needed"
    const exceptions = (await t.as('buyer').get('/api/planning/exceptions')).json() as MrpExceptions;
    expect(
      exceptions.exceptions.filter(
        (e) => e.kind === 'cancel' && [forA.supply_id, forB.supply_id].includes(e.supplyId),
      ),
    ).toEqual([]);
    const short = ((await t.as('buyer').get('/api/planning/shortages')).json() as Shortages).shortages.find(
      (s) => s.itemId === bar,
    )!;
    expect(short.jobs.map((j) => [j.id, j.quantity]).sort()).toEqual(
      [
        [rodJob(orderA).id, Math.round(4 * BAR_PER_ROD * 1000) / 1000],
        [rodJob(orderB).id, Math.round(3 * BAR_PER_ROD * 1000) / 1000],
      ].sort(),
    );
    expect(short.lines.map((l) => l.lineId).sort()).toEqual([orderA.lineId, orderB.lineId].sort());
  }, 120_000);

  it('buys the component an engineering change adds to a released job’s item for that job', async () => {
    const job = rodJob(orderA);
    await t.services.execution.release(systemActor, { jobIds: [job.id] });
    const oring = await itemId('ORING-KIT-60');
    const rod = await itemId('FG-ROD-060');
    const eco = await t.as('engineer').post('/api/engineering-changes', {
      itemId: rod,
      title: 'O-ring kit packed with every rod blank',
      reason: 'The customer assembles the rods on site',
      requestedBy: 'internal',
      lineChanges: [
        { action: 'add', line: { position: 90, childItemId: oring, quantityPer: 2, operationNumber: '010' } },
      ],
    });
    expect(eco.statusCode, eco.body).toBe(201);
    const approved = await t
      .as('planner')
      .post(`/api/engineering-changes/${eco.json().id}/approve`, { version: eco.json().version });
    expect(approved.statusCode, approved.body).toBe(200);
    const implemented = await t
      .as('engineer')
      .post(`/api/engineering-changes/${eco.json().id}/implement`, { version: approved.json().version });
    expect(implemented.statusCode, implemented.body).toBe(200);

    // the released job is kept, and it needs the new component now: bought for its order line
    const [kept] = await queryRows<{ status: string }>(
      t.services.db,
      sql`select status from production_jobs where id = ${job.id}`,
    );
    expect(kept.status).toBe('released');
    const oringForA = await requisitionOf(orderA.lineId, oring);
    expect(oringForA.quantity).toBeCloseTo(4 * 2, 6);
    expect((await openRequisition(oringForA.supply_id!)).status).toBe('open');
    // re-planning the line took its requisitions out: the job's bar stock is bought for it again
    expect((await requisitionOf(orderA.lineId, bar)).quantity).toBeCloseTo(4 * BAR_PER_ROD, 6);

    // the shortage of the new component names the released job, for its whole remaining need
    const short = ((await t.as('buyer').get('/api/planning/shortages')).json() as Shortages).shortages.find(
      (s) => s.itemId === oring,
    )!;
    expect(short, 'the o-ring kit is short').toBeDefined();
    expect(short.jobs.find((j) => j.id === job.id)?.quantity).toBe(8);
    expect(short.lines.map((l) => l.lineId)).toContain(orderA.lineId);
  }, 180_000);

  it('names the job’s order line when the purchase order line of its material moves later, and no later order takes it', async () => {
    const forA = await requisitionOf(orderA.lineId, bar);
    const ordered = await t.as('buyer').post('/api/requisitions/order', { requisitionIds: [forA.supply_id] });
    expect(ordered.statusCode, ordered.body).toBe(201);
    const [po] = ordered.json() as { id: string; version: number; lines: { id: string; dueAt: string }[] }[];
    const line = po.lines[0];
    const later = new Date(Date.parse(line.dueAt) + 30 * DAY);
    await t.services.db.transaction((tx) =>
      t.services.purchaseOrders.rescheduleLine(tx, systemActor, {
        purchaseOrderLineId: line.id,
        dueAt: later,
        version: po.version,
      }),
    );
    const exceptions = (await t.as('buyer').get('/api/planning/exceptions')).json() as MrpExceptions;
    const expedite = exceptions.exceptions.find((e) => e.kind === 'expedite' && e.supplyId === line.id)!;
    expect(expedite, JSON.stringify(exceptions.exceptions)).toBeDefined();
    expect(expedite.lines.map((l) => l.lineId)).toEqual([orderA.lineId]);
    // needed when the job's first operation (it consumes the bar) is planned to set up
    const [op] = await queryRows<{ at: Date }>(
      t.services.db,
      sql`select planned_setup_start as at from job_operations where job_id = ${rodJob(orderA).id} and number = '010'`,
    );
    expect(Math.abs(Date.parse(expedite.date) - new Date(op.at).getTime())).toBeLessThan(60_000);
    expect(Date.parse(expedite.date)).toBeLessThan(later.getTime());

    // A's job's share of the purchase order line is A's, however late; the next order gets only
    // what the supplier's order multiple put on top, and buys the rest
    const [{ quantity: onOrder }] = await queryRows<{ quantity: number }>(
      t.services.db,
      sql`select quantity::float8 as quantity from purchase_order_lines where id = ${line.id}`,
    );
    const surplus = onOrder - 4 * BAR_PER_ROD;
    const orderC = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 8, requestedInDays: 30 });
    const pegsC = (await pegsOf(orderC.lineId)).filter((p) => p.item_id === bar);
    const fromPo = pegsC.filter((p) => p.supply_id === line.id).reduce((sum, p) => sum + p.quantity, 0);
    const bought = pegsC.filter((p) => p.supply_kind === 'purchase-requisition');
    expect(surplus).toBeLessThan(8 * BAR_PER_ROD);
    expect(fromPo).toBeCloseTo(surplus, 3);
    expect(bought.reduce((sum, p) => sum + p.quantity, 0)).toBeCloseTo(8 * BAR_PER_ROD - surplus, 3);
  }, 120_000);
});
