/**
 * The plan state planning keeps between requests. The plant reading, kept under the plan
 * revision: every table it reads moves the revision when written; a confirmation patches the kept
 * reading with what it wrote, exactly as reading the plant again would give it; a confirmation
 * that fails leaves the reading it started from. MRP, run by net change from the last request:
 * the same plan as a regenerative run.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../../platform/audit';
import { type Db, queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { InventoryService } from '../inventory/service';
import { ProductionService } from '../production/service';
import { RequisitionService } from '../purchasing/requisition-service';
import { planRevision } from './plan-revision';
import { type DemandLine, PlanningService } from './planning-service';

let t: TestApp;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
}, 120_000);
afterAll(async () => {
  await t.close();
});

/** A planning service that keeps nothing yet and measures no uncertainty: it reads the plant. */
const freshPlanning = (db: Db) =>
  new PlanningService(db, {
    production: (tx) => new ProductionService(tx),
    requisitions: (tx) => new RequisitionService(tx),
    stock: (tx) => new InventoryService(tx),
  });

/** The plant as a fresh read gives it, without the measured uncertainty (kept apart, by time). */
const freshReading = async () => {
  const { uncertainty: _, ...reading } = await freshPlanning(t.services.db).readPlant();
  return reading;
};
/** The reading planning kept, without the measured uncertainty and the record of how it was patched. */
const keptReading = async () => {
  const { uncertainty: _, patch: __, ...reading } = await t.services.planning.readPlant();
  return reading;
};

/** A valid configuration of the demo plant's configurable flanged shaft. */
const SHAFT = { length_mm: 1200, diameter: 80, flange: 'bolted', finish: 'painted' };

async function draftOrder(itemNumbers: string[]) {
  const [customer] = (await t.services.customers.list({ limit: 1, offset: 0 })).items;
  const lines = [];
  for (const number of itemNumbers) {
    const [item] = (await t.as('sales').get(`/api/items?q=${number}`)).json().items;
    lines.push({
      itemId: item.id,
      quantity: 2,
      requestedDate: inDays(30),
      unitPrice: 1000,
      discountPercent: 0,
      ...(number === 'CFG-FLANGED-SHAFT' ? { configuration: SHAFT } : {}),
    });
  }
  return t.services.salesOrders.create(systemActor, { customerId: customer.id, lines });
}

describe('plan revision', () => {
  it('moves with every write to a table the plant reading reads, and only then', async () => {
    const planning = freshPlanning(t.services.db);
    const { scanned, triggered } = await t.services.db.transaction(async (tx) => {
      await planning.readPlant(tx);
      const scanned = await queryRows<{ name: string }>(
        tx,
        sql`select relname as name from pg_stat_xact_user_tables
            where schemaname = current_schema() and coalesce(seq_scan, 0) + coalesce(idx_scan, 0) > 0`,
      );
      const triggered = await queryRows<{ name: string }>(
        tx,
        sql`select distinct event_object_table as name from information_schema.triggers
            where event_object_schema = current_schema() and trigger_name like '%_bumps_plan_revision'`,
      );
      return { scanned: scanned.map((r) => r.name), triggered: new Set(triggered.map((r) => r.name)) };
    });
    expect(scanned.length).toBeGreaterThan(10);
    expect(scanned.filter((name) => name !== 'plan_revision' && !triggered.has(name))).toEqual([]);

    const db = t.services.db;
    const before = await planRevision(db);
    await db.execute(sql`update sales_orders set status = status where false`);
    expect(await planRevision(db)).toBe(before);
    await db.execute(sql`update items set name = name where false`);
    const moved = await planRevision(db);
    expect(moved).not.toBe(before);
    // inside a transaction the revision moves with its own writes, and back when it rolls back
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update job_operations set status = status where false`);
        expect(await planRevision(tx)).not.toBe(moved);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await planRevision(db)).toBe(moved);
  });

  it('keeps the plant read while quotes and confirmations follow each other, as a fresh read gives it', async () => {
    const planning = t.services.planning;
    await planning.readPlant();
    const reads = planning.plantReads;
    const [drive] = (await t.as('sales').get('/api/items?q=AS-DRIVE-080')).json().items;
    await t.services.salesOrders.promise({ itemId: drive.id, quantity: 2, requestedDate: inDays(30) });
    const order = await draftOrder(['AS-DRIVE-080', 'FG-ROD-060']);
    const confirmed = await t.services.salesOrders.confirm(systemActor, order.id, order.version);
    expect(confirmed.status).toBe('confirmed');
    const kept = await keptReading();
    // the quote, the confirmation's two lines and the read after: no read of the plant
    expect(planning.plantReads).toBe(reads);
    const fresh = await freshReading();
    expect(kept.revision).toBe(await planRevision(t.services.db));
    expect(kept).toEqual(fresh);
    // the confirmation's jobs and pegs are in it (a reading that missed them would not be equal either)
    const [{ jobs }] = await queryRows<{ jobs: number }>(
      t.services.db,
      sql`select count(*)::int as jobs from production_jobs j join sales_order_lines l on l.id = j.sales_order_line_id
          where l.order_id = ${order.id}`,
    );
    expect(jobs).toBeGreaterThan(1);
    expect(kept.jobs.filter((j) => confirmed.lines.some((l) => l.id === j.salesOrderLineId))).toHaveLength(
      jobs,
    );
  });

  it('leaves the reading it started from when a confirmation fails on a later line', async () => {
    const planning = t.services.planning;
    const [paint] = (await t.as('planner').get('/api/work-centers?q=PAINT')).json().items;
    const [painted] = await queryRows<{ number: string }>(
      t.services.db,
      sql`select i.number from routing_operations o join routings r on r.id = o.routing_id
          join items i on i.id = r.item_id join work_centers w on w.id = o.work_center_id
          where w.code = 'PAINT' and r.status = 'released' limit 1`,
    );
    const order = await draftOrder(['AS-DRIVE-080', painted.number]);
    const off = await t
      .as('admin')
      .patch(`/api/work-centers/${paint.id}`, { active: false, version: paint.version });
    expect(off.statusCode, off.body).toBe(200);
    try {
      await expect(t.services.salesOrders.confirm(systemActor, order.id, order.version)).rejects.toThrow(
        /cannot take this order/,
      );
      const reads = planning.plantReads;
      const kept = await keptReading();
      expect(planning.plantReads).toBe(reads);
      expect(kept).toEqual(await freshReading());
    } finally {
      const current = (await t.as('admin').get(`/api/work-centers/${paint.id}`)).json();
      await t.as('admin').patch(`/api/work-centers/${paint.id}`, { active: true, version: current.version });
    }
  });

  it('runs MRP by net change from request to request, planning what a regenerative run plans', async () => {
    // one minute for all of it: MRP plans from the current minute, a new minute is a new plan
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date());
    try {
      const planning = t.services.planning;
      const item = async (number: string) =>
        (await t.as('sales').get(`/api/items?q=${number}`)).json().items[0];
      const [drive, rod] = [await item('AS-DRIVE-080'), await item('FG-ROD-060')];
      const quote = (itemId: string, quantity: number): DemandLine => ({
        id: 'quote',
        itemId,
        quantity,
        due: new Date(Date.now() + 25 * DAY),
        salesOrderLineId: null,
      });
      const open = () => t.services.salesOrders.openDemands(t.services.db);
      await planning.planDemand(quote(drive.id, 1), await open());
      const runs = { ...planning.mrpRuns };
      // another quote, a confirmation (its jobs and requisitions become open supply), a quote after it
      await planning.planDemand(quote(rod.id, 3), await open());
      const order = await draftOrder(['FG-ROD-060', 'CFG-FLANGED-SHAFT']);
      await t.services.salesOrders.confirm(systemActor, order.id, order.version);
      const demand = quote(drive.id, 4);
      const kept = await planning.planDemand(demand, await open());
      expect(planning.mrpRuns.regenerative).toBe(runs.regenerative);
      // at least the second quote, the confirmation's two lines and the last quote
      expect(planning.mrpRuns.netChange).toBeGreaterThanOrEqual(runs.netChange + 4);
      const fresh = await freshPlanning(t.services.db).planDemand(demand, await open());
      expect(kept.mrp).toEqual(fresh.mrp);
      expect(kept.supply.jobs).toEqual(fresh.supply.jobs);
      expect(kept.supply.requisitions).toEqual(fresh.supply.requisitions);
      expect(kept.promise?.operations).toEqual(fresh.promise?.operations);
      expect(kept.supply.jobs.length).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
