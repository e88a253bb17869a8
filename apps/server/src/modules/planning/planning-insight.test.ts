/**
 * What the plan says about itself, over the API on the demo plant with a confirmed order:
 * pegging down from the line and up from the purchase order of its bar stock, the shortage of
 * that bar stock while it is only requisitioned, an MRP exception answered with one click (one
 * transaction, stale and unknown keys refused), and on-time delivery from real shipments.
 */
import type { ExceptionActionResult, KpiReport, MrpExceptions, Pegging, Shortages } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { type ConfirmedDemoOrder, confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { plantToday } from '../catalog/plant-structure';

let t: TestApp;
let confirmed: ConfirmedDemoOrder;
let bar: { id: string; number: string };

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  confirmed = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 4, requestedInDays: 20 });
  // the rod is turned from C45 bar stock, bought
  [bar] = await queryRows<{ id: string; number: string }>(
    t.services.db,
    sql`select c.id, c.number from items p join boms b on b.item_id = p.id and b.status = 'released'
        join bom_lines l on l.bom_id = b.id join items c on c.id = l.child_item_id
        where p.number = 'FG-ROD-060' and c.kind = 'buy'`,
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('pegging down', () => {
  it('hangs the bar stock requisition under the job that turns the rod, under the order line', async () => {
    const res = await t.as('planner').get(`/api/planning/pegging?salesOrderLineId=${confirmed.lineId}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Pegging;
    expect(body.direction).toBe('down');
    const [tree] = body.trees;
    expect(tree.line.orderNumber).toBe(confirmed.order.number);
    const job = tree.nodes.find((n) => n.supplyKind === 'job')!;
    expect(job).toMatchObject({
      depth: 0,
      parentId: null,
      itemNumber: 'FG-ROD-060',
      supplyId: confirmed.jobs[0].id,
    });
    const material = tree.nodes.find((n) => n.itemId === bar.id)!;
    expect(material).toMatchObject({ depth: 1, parentId: job.id, supplyKind: 'purchase-requisition' });
    expect(material.supplyNumber).toMatch(/^PR-/);
  });

  it('answers the whole order the same way, and 404 for an unknown line, 400 without a subject', async () => {
    const res = await t.as('planner').get(`/api/planning/pegging?salesOrderId=${confirmed.order.id}`);
    expect(res.json().trees).toHaveLength(1);
    const unknown = await t
      .as('planner')
      .get('/api/planning/pegging?salesOrderLineId=00000000-0000-4000-8000-000000000001');
    expect(unknown.statusCode).toBe(404);
    expect((await t.as('planner').get('/api/planning/pegging')).statusCode).toBe(400);
  });
});

describe('shortages', () => {
  it('lists the bar stock the job needs while it is only requisitioned, the order it hits and what solves it', async () => {
    const res = await t.as('buyer').get('/api/planning/shortages');
    expect(res.statusCode, res.body).toBe(200);
    const short = (res.json() as Shortages).shortages.find((s) => s.itemId === bar.id)!;
    expect(short, res.body).toBeDefined();
    expect(short.jobs.map((j) => j.id)).toEqual([confirmed.jobs[0].id]);
    // no stock and no purchase order yet: the job's whole remaining need is uncovered
    expect(short.uncoveredQuantity).toBe(short.shortQuantity);
    expect(short.shortQuantity).toBeGreaterThan(0);
    expect(short.lines.map((l) => l.lineId)).toEqual([confirmed.lineId]);
    expect(short.solutions.some((s) => s.kind === 'purchase-requisition')).toBe(true);
    expect(short.solutions.some((s) => s.kind === 'supplier')).toBe(true);
  });

  it('names the purchase order line that solves it once ordered, arriving after the need by N working days', async () => {
    const ordered = await t.as('buyer').post('/api/requisitions/order', {});
    expect(ordered.statusCode, ordered.body).toBe(201);
    const po = (
      ordered.json() as {
        id: string;
        number: string;
        version: number;
        lines: { id: string; itemId: string; dueAt: string }[];
      }[]
    ).find((p) => p.lines.some((l) => l.itemId === bar.id))!;
    const line = po.lines.find((l) => l.itemId === bar.id)!;
    const need = (await t.as('buyer').get('/api/planning/shortages')).json() as Shortages;
    // ordered due at its first need: covered in time, no shortage of the bar left
    const stillShort = need.shortages.find((s) => s.itemId === bar.id);
    if (stillShort) expect(stillShort.solutions.find((s) => s.id === line.id)?.label).toBe(`${po.number}/10`);
    // a supplier that slips two weeks makes it a late shortage the same purchase order line would solve expedited
    const later = new Date(Date.parse(line.dueAt) + 14 * 86_400_000);
    const tx = await t.services.db.transaction((h) =>
      t.services.purchaseOrders.rescheduleLine(h, systemActor, {
        purchaseOrderLineId: line.id,
        dueAt: later,
        version: po.version,
      }),
    );
    expect(tx.to.toISOString()).toBe(later.toISOString());
    const late = ((await t.as('buyer').get('/api/planning/shortages')).json() as Shortages).shortages.find(
      (s) => s.itemId === bar.id,
    )!;
    expect(late.lateQuantity).toBeGreaterThan(0);
    const solution = late.solutions.find((s) => s.id === line.id)!;
    expect(solution).toMatchObject({ kind: 'purchase-order-line', documentId: po.id, inTime: false });
    // 14 calendar days later: at most 10 working days (fewer over holidays), at least one week's
    expect(solution.expediteDays).toBeGreaterThanOrEqual(5);
    expect(solution.expediteDays).toBeLessThanOrEqual(10);
    expect(late.lines.map((l) => l.lineId)).toEqual([confirmed.lineId]);
  });
});

describe('pegging up', () => {
  it('climbs from the purchase order of the bar stock through the job to the order line', async () => {
    const [line] = await queryRows<{ purchase_order_id: string }>(
      t.services.db,
      sql`select purchase_order_id from purchase_order_lines where item_id = ${bar.id}`,
    );
    const res = await t.as('planner').get(`/api/planning/pegging?purchaseOrderId=${line.purchase_order_id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Pegging;
    const chain = body.chains.find((c) => c.line?.lineId === confirmed.lineId)!;
    expect(chain.steps.map((s) => [s.supplyKind, s.itemId === bar.id ? 'bar' : s.itemNumber])).toEqual([
      ['purchase-order-line', 'bar'],
      ['job', 'FG-ROD-060'],
    ]);
    expect(body.lines.map((l) => l.lineId)).toContain(confirmed.lineId);
    const fromJob = (
      await t.as('planner').get(`/api/planning/pegging?jobId=${confirmed.jobs[0].id}`)
    ).json() as Pegging;
    expect(fromJob.lines.map((l) => l.orderNumber)).toEqual([confirmed.order.number]);
  });
});

describe('exceptions', () => {
  it('expedites the late purchase order line to its need date in one transaction and says the exception is gone', async () => {
    const res = await t.as('buyer').get('/api/planning/exceptions');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as MrpExceptions;
    const exception = list.exceptions.find(
      (e) => e.kind === 'expedite' && e.supplyKind === 'purchase-order-line' && e.itemId === bar.id,
    )!;
    expect(exception, res.body).toBeDefined();
    expect(exception.lines.map((l) => l.lineId)).toContain(confirmed.lineId);
    const body = { action: 'expedite', key: exception.key, version: exception.version, date: exception.date };
    const done = await t.as('buyer').post('/api/planning/exceptions/actions', body);
    expect(done.statusCode, done.body).toBe(200);
    const result = done.json() as ExceptionActionResult;
    expect(result.changes).toEqual([
      { document: exception.supplyNumber, field: 'dueAt', from: exception.supplyDueAt, to: exception.date },
    ]);
    expect(result.resolved).toBe(true);
    const po = (await t.as('buyer').get(`/api/purchase-orders/${exception.documentId}`)).json();
    expect(po.lines.find((l: { id: string }) => l.id === exception.supplyId).dueAt).toBe(exception.date);
    expect(po.version).toBe(exception.version! + 1);
    // the same click again: the exception is gone (409), and its version is stale
    const again = await t.as('buyer').post('/api/planning/exceptions/actions', body);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses an unknown exception (404), an action that does not fit (422) and bad input (400)', async () => {
    const unknown = await t.as('buyer').post('/api/planning/exceptions/actions', {
      action: 'expedite',
      key: 'expedite:00000000-0000-4000-8000-000000000002',
      version: 1,
      date: new Date().toISOString(),
    });
    expect(unknown.statusCode, unknown.body).toBe(404);
    const list = (await t.as('buyer').get('/api/planning/exceptions')).json() as MrpExceptions;
    const expedite = list.exceptions.find((e) => e.actions.includes('expedite'))!;
    const wrong = await t.as('buyer').post('/api/planning/exceptions/actions', {
      action: 'cancel',
      key: expedite.key,
      version: expedite.version,
      date: expedite.date,
    });
    expect(wrong.statusCode, wrong.body).toBe(422);
    const stale = await t.as('buyer').post('/api/planning/exceptions/actions', {
      action: 'expedite',
      key: expedite.key,
      version: (expedite.version ?? 1) + 5,
      date: expedite.date,
    });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(
      (await t.as('buyer').post('/api/planning/exceptions/actions', { action: 'expedite' })).statusCode,
    ).toBe(400);
    expect((await t.as('operator').get('/api/planning/exceptions')).statusCode).toBe(403);
  });
});

describe('KPIs', () => {
  it('computes on-time delivery against the promised and the P90 date from real shipments', async () => {
    const [item] = (await t.as('sales').get('/api/items?q=FG-ROD-060')).json().items;
    const [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
    // the report's days are the plant's (its time zone may be a day ahead of UTC)
    const today = await plantToday(t.services.db);
    const inDays = (n: number) =>
      new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const draft = (
      await t.as('sales').post('/api/sales-orders', {
        customerId: customer.id,
        lines: [1, 2, 3].map(() => ({
          itemId: item.id,
          quantity: 1,
          requestedDate: inDays(30),
          unitPrice: 10_000,
        })),
      })
    ).json();
    const order = (
      await t.as('sales').post(`/api/sales-orders/${draft.id}/confirm`, { version: draft.version })
    ).json();
    const [l1, l2, l3] = order.lines as { id: string }[];
    // known promises: line 1 in time for both dates, line 2 after its P90 but before the promise, line 3 late
    const yesterday = inDays(-1);
    const set = (lineId: string, promised: string, p90: string) =>
      t.services.db.execute(
        sql`update sales_order_lines set promised_date = ${promised}::date,
              promise = jsonb_set(promise, '{p90At}', to_jsonb(${`${p90}T12:00:00.000Z`}::text)) where id = ${lineId}`,
      );
    await set(l1.id, inDays(6), inDays(4));
    await set(l2.id, inDays(6), yesterday);
    await set(l3.id, yesterday, yesterday);
    const stores = await t.services.inventory.storesLocationId();
    await t.services.inventory.adjust(systemActor, {
      itemId: item.id,
      locationId: stores,
      quantity: 3,
      note: 'counted',
    });
    for (const line of [l1, l2, l3]) {
      const shipped = await t.as('supervisor').post(`/api/sales-orders/${order.id}/shipments`, {
        lines: [{ lineId: line.id, quantity: 1 }],
      });
      expect(shipped.statusCode, shipped.body).toBe(201);
    }
    const res = await t.as('planner').get(`/api/planning/kpis?from=${today}&to=${today}&bucket=day`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as KpiReport;
    const day = report.buckets.find((b) => b.shipments > 0)!;
    expect(day).toMatchObject({
      shipments: 3,
      onTimeToPromise: 2,
      onTimeToP90: 1,
      onTimeToPromisePercent: 66.7,
      onTimeToP90Percent: 33.3,
      // ordered today: quoted 6, 6 and -1 days, shipped the same day
      quotedLeadTimeDays: 3.7,
      actualLeadTimeDays: 0,
    });
    expect(report.total.shipments).toBe(3);
    expect(report.workCenters.length).toBeGreaterThan(0);
    const bad = await t.as('planner').get(`/api/planning/kpis?from=${today}&to=${yesterday}`);
    expect(bad.statusCode).toBe(422);
  });
});
