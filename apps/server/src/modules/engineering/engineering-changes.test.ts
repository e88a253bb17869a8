/**
 * Engineering changes on the demo plant, against the real database: an ECO's impact is computed
 * by running it and rolling back (nothing written), approval is role-checked and versioned,
 * implementing re-plans and re-promises the lines that use the item. An engineer-to-order
 * product's BOM grows: placeholders plan with their estimated lead time and cost, partial
 * releases let MRP buy long-lead items early, and an ECO replaces a placeholder.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const itemId = async (number: string) =>
  (await t.as('engineer').get(`/api/items?q=${number}&limit=50`))
    .json()
    .items.find((i: { number: string }) => i.number === number).id as string;
const releasedBom = async (id: string) =>
  (await t.as('engineer').get(`/api/items/${id}/boms`))
    .json()
    .find((b: { status: string }) => b.status === 'released');
const lineOf = async (lineId: string) => {
  const [row] = await queryRows<{ promised_date: string; unit_price: number }>(
    t.services.db,
    sql`select promised_date::text, unit_price from sales_order_lines where id = ${lineId}`,
  );
  return row;
};
const counts = async () => {
  const [row] = await queryRows<Record<string, number>>(
    t.services.db,
    sql`select (select count(*) from production_jobs where status <> 'cancelled')::int as jobs,
               (select count(*) from boms)::int as boms,
               (select count(*) from supply_pegs)::int as pegs,
               (select count(*) from purchase_requisitions where status = 'open')::int as requisitions`,
  );
  return row;
};

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('engineering change orders', () => {
  let eco: { id: string; version: number; number: string };
  let order: Awaited<ReturnType<typeof confirmDemoOrder>>;
  let drive: string;

  it('computes the impact of replacing a component on a confirmed order, writing nothing', async () => {
    order = await confirmDemoOrder(t, { itemNumber: 'AS-DRIVE-080', quantity: 2, requestedInDays: 20 });
    // the crate was ordered already: a purchase order line serves the order
    const reqs = (await t.as('buyer').get(`/api/requisitions?status=open&limit=200`)).json().items;
    const crate = await itemId('CRATE-M');
    const crateReqs = reqs.filter(
      (r: { itemId: string; salesOrderLineId: string | null }) => r.itemId === crate,
    );
    expect(crateReqs.length).toBeGreaterThan(0);
    const ordered = await t
      .as('buyer')
      .post('/api/requisitions/order', { requisitionIds: crateReqs.map((r: { id: string }) => r.id) });
    expect(ordered.statusCode, ordered.body).toBe(201);

    const large = await t.as('engineer').post('/api/items', {
      number: 'CRATE-XL',
      name: 'Export crate, sea freight',
      kind: 'buy',
      standardCost: { amount: 9000, currency: 'EUR' },
      leadTimeDays: 60,
    });
    expect(large.statusCode, large.body).toBe(201);
    drive = await itemId('AS-DRIVE-080');
    const crateLine = (await releasedBom(drive)).lines.find(
      (l: { childNumber: string }) => l.childNumber === 'CRATE-M',
    );
    const created = await t.as('engineer').post('/api/engineering-changes', {
      itemId: drive,
      title: 'Sea-freight crate',
      reason: 'Shipments go overseas from now on',
      requestedBy: 'internal',
      lineChanges: [{ action: 'replace', position: crateLine.position, childItemId: large.json().id }],
    });
    expect(created.statusCode, created.body).toBe(201);
    eco = created.json();
    expect(eco.number).toMatch(/^ECO-\d{6}$/);
    expect(created.json()).toMatchObject({ status: 'requested', proposedBom: { status: 'draft' } });

    const before = await counts();
    const response = await t.as('engineer').get(`/api/engineering-changes/${eco.id}/impact`);
    expect(response.statusCode, response.body).toBe(200);
    const impact = response.json();
    expect(await counts()).toEqual(before); // rolled back
    expect((await releasedBom(drive)).lines.map((l: { childNumber: string }) => l.childNumber)).toContain(
      'CRATE-M',
    );
    expect(impact.bomChanges.filter((c: { change: string }) => c.change !== 'unchanged')).toEqual([
      expect.objectContaining({ change: 'removed', childNumber: 'CRATE-M' }),
      expect.objectContaining({ change: 'added', childNumber: 'CRATE-XL' }),
    ]);
    const mine = impact.lines.find((l: { salesOrderLineId: string }) => l.salesOrderLineId === order.lineId);
    expect(mine.before.promisedDate).toBe(order.order.lines[0].promisedDate);
    // a 60-working-day crate comes long after the order's promise
    expect(mine.promiseDeltaDays).toBeGreaterThan(0);
    expect(mine.after.promisedDate >= inDays(80)).toBe(true);
    expect(mine.after.promisedDate > mine.before.promisedDate).toBe(true);
    // the order's not-started jobs are re-planned; the open purchase order of the old crate is listed
    const driveJob = order.jobs.find((j) => j.itemNumber === 'AS-DRIVE-080')!;
    expect(impact.cancelledJobs.map((j: { number: string }) => j.number)).toContain(driveJob.number);
    expect(impact.createdJobs.length).toBeGreaterThan(0);
    expect(impact.purchasesOfRemovedItems.map((p: { itemNumber: string }) => p.itemNumber)).toContain(
      'CRATE-M',
    );
    expect(impact.createdRequisitions.length).toBeGreaterThan(0); // the new crate
    // cost: one crate of 42.00 out, one of 90.00 in
    expect(impact.cost.unitDelta).toBe(9000 - 4200);
    expect(impact.cost.linesDelta).toBeGreaterThanOrEqual(2 * 4800);
  }, 120_000);

  it('lets only the approving roles approve, at the current version', async () => {
    const denied = await t
      .as('engineer')
      .post(`/api/engineering-changes/${eco.id}/approve`, { version: eco.version });
    expect(denied.statusCode).toBe(403);
    const stale = await t
      .as('planner')
      .post(`/api/engineering-changes/${eco.id}/approve`, { version: eco.version + 5 });
    expect(stale.statusCode).toBe(409);
    const approved = await t
      .as('planner')
      .post(`/api/engineering-changes/${eco.id}/approve`, { version: eco.version, note: 'go' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved' });
    expect(approved.json().impact.lines.length).toBeGreaterThan(0);
    eco = approved.json();
  }, 120_000);

  it('implements: releases the revision, re-plans the line and moves its promise', async () => {
    const stale = await t
      .as('engineer')
      .post(`/api/engineering-changes/${eco.id}/implement`, { version: eco.version - 1 });
    expect(stale.statusCode).toBe(409);
    const promised = (await lineOf(order.lineId)).promised_date;
    const done = await t
      .as('engineer')
      .post(`/api/engineering-changes/${eco.id}/implement`, { version: eco.version });
    expect(done.statusCode, done.body).toBe(200);
    const implemented = done.json();
    expect(implemented.status).toBe('implemented');
    const mine = implemented.impact.lines.find(
      (l: { salesOrderLineId: string }) => l.salesOrderLineId === order.lineId,
    );
    const now = (await lineOf(order.lineId)).promised_date;
    expect(now).toBe(mine.after.promisedDate);
    expect(now > promised).toBe(true);
    const released = await releasedBom(drive);
    expect(released.id).toBe(implemented.proposedBom.id);
    expect(released.lines.map((l: { childNumber: string }) => l.childNumber)).toContain('CRATE-XL');
    // the line's jobs now build to the new revision
    const [job] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from production_jobs
          where sales_order_line_id = ${order.lineId} and status = 'planned' and bom_id = ${released.id}`,
    );
    expect(job.n).toBeGreaterThan(0);
    expect(implemented.history.map((h: { action: string; actorName: string }) => h.action)).toEqual([
      'request',
      'approve',
      'implement',
    ]);
    expect(new Set(implemented.history.map((h: { actorName: string }) => h.actorName)).size).toBe(2);
    const again = await t
      .as('engineer')
      .post(`/api/engineering-changes/${eco.id}/implement`, { version: implemented.version });
    expect(again.statusCode).toBe(422);
  }, 120_000);
});

describe('an engineer-to-order BOM that grows', () => {
  let roll: string;
  let lineId: string;
  let draft: { id: string; version: number };
  let frame: string;
  let motor: string;

  it('refuses a placeholder that is not bought', async () => {
    const bad = await t
      .as('engineer')
      .post('/api/items', { number: 'PH-BAD', name: 'x', kind: 'make', placeholder: true });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'kind', rule: 'placeholder-buy' });
  });

  it('releases the long-lead part early: MRP buys it for the project line before the design is done', async () => {
    roll = await itemId('ETO-PRESS-ROLL');
    const [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
    const so = await t.as('sales').post('/api/sales-orders', {
      customerId: customer.id,
      lines: [{ itemId: roll, quantity: 1, requestedDate: inDays(10), unitPrice: 1_500_000 }],
    });
    const confirmed = await t.as('sales').post(`/api/sales-orders/${so.json().id}/confirm`, { version: 1 });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    lineId = confirmed.json().lines[0].id;

    motor = (
      await t.as('engineer').post('/api/items', {
        number: 'LL-DRIVE-MOTOR',
        name: 'Roll drive motor 90 kW',
        kind: 'buy',
        standardCost: { amount: 1_200_000, currency: 'EUR' },
        leadTimeDays: 40,
      })
    ).json().id;
    const placeholder = await t.as('engineer').post('/api/placeholders', {
      number: 'PH-ROLL-FRAME',
      name: 'Roll frame (not designed yet)',
      estimatedCost: { amount: 350_000, currency: 'EUR' },
      estimatedLeadTimeDays: 60,
    });
    expect(placeholder.statusCode, placeholder.body).toBe(201);
    expect(placeholder.json()).toMatchObject({ kind: 'buy', placeholder: true, leadTimeDays: 60 });
    frame = placeholder.json().id;
    const created = await t.as('engineer').post(`/api/items/${roll}/boms`, {
      lines: [
        { position: 10, childItemId: motor, quantityPer: 1, operationNumber: '010' },
        { position: 20, childItemId: frame, quantityPer: 1, operationNumber: '010' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    draft = created.json();
    const motorReqs = () =>
      queryRows<{ n: number; order_by: string }>(
        t.services.db,
        sql`select count(*)::int as n, min(order_by)::text as order_by from purchase_requisitions
            where item_id = ${motor} and sales_order_line_id = ${lineId} and status = 'open'`,
      );
    expect((await motorReqs())[0].n).toBe(0);

    const released = await t.as('engineer').post(`/api/boms/${draft.id}/partial-release`, {
      version: draft.version,
      positions: [10],
      note: 'order the motor',
    });
    expect(released.statusCode, released.body).toBe(200);
    const result = released.json();
    expect(result.release).toMatchObject({ scope: 'partial', positions: [10], draftRevision: 'A' });
    expect(result.bom).toMatchObject({ status: 'released', revision: 'B' });
    expect(result.bom.lines.map((l: { position: number }) => l.position)).toEqual([10]);
    expect(result.replanned.lines.map((l: { salesOrderLineId: string }) => l.salesOrderLineId)).toContain(
      lineId,
    );
    const [reqs] = await motorReqs();
    expect(reqs.n).toBe(1);
    // pegged to the project line, to be ordered now: 40 working days before the motor is needed
    expect(reqs.order_by.slice(0, 10) <= inDays(1)).toBe(true);
    const frameReqs = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from purchase_requisitions where item_id = ${frame} and status = 'open'`,
    );
    expect(frameReqs[0].n).toBe(0); // not released yet: not planned
    expect((await t.as('engineer').get(`/api/items/${roll}/bom-releases`)).json()).toHaveLength(1);
    // the draft stays the working copy
    expect((await t.as('engineer').get(`/api/boms/${draft.id}`)).json().status).toBe('draft');
  }, 120_000);

  it("plans a placeholder with its estimated lead time and cost: it drives the line's promise", async () => {
    const before = (await lineOf(lineId)).promised_date;
    const released = await t
      .as('engineer')
      .post(`/api/boms/${draft.id}/partial-release`, { version: draft.version, positions: [20] });
    expect(released.statusCode, released.body).toBe(200);
    const result = released.json();
    expect(result.release.scope).toBe('full');
    expect(result.bom.lines.map((l: { position: number }) => l.position)).toEqual([10, 20]);
    const mine = result.replanned.lines.find(
      (l: { salesOrderLineId: string }) => l.salesOrderLineId === lineId,
    );
    expect(mine.before.promisedDate).toBe(before);
    // 60 working days of the placeholder are more than 12 weeks out, later than the motor's 40
    expect(mine.after.promisedDate >= inDays(84)).toBe(true);
    const [line] = await queryRows<{ promise: { binding: { kind: string; itemNumber?: string } } }>(
      t.services.db,
      sql`select promise from sales_order_lines where id = ${lineId}`,
    );
    expect(line.promise.binding).toMatchObject({ kind: 'material', itemNumber: 'PH-ROLL-FRAME' });
    const quote = await t.services.salesOrders.promise({
      itemId: roll,
      quantity: 1,
      requestedDate: inDays(10),
    });
    expect(quote.costEstimate.material).toBe(1_200_000 + 350_000);
    // its requisition carries the estimated lead time into the plan, but nobody can buy it
    const [requisition] = await queryRows<{ id: string; number: string }>(
      t.services.db,
      sql`select id, number from purchase_requisitions where item_id = ${frame} and status = 'open'`,
    );
    const refused = await t.as('buyer').post('/api/requisitions/order', { requisitionIds: [requisition.id] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'requisitionIds', rule: 'not-placeholder' });
    await t.as('buyer').post('/api/requisitions/order', {});
    const [still] = await queryRows<{ status: string }>(
      t.services.db,
      sql`select status from purchase_requisitions where id = ${requisition.id}`,
    );
    expect(still.status).toBe('open');
  }, 120_000);

  it('replaces the placeholder by the designed part with an ECO, and the promise comes in', async () => {
    const designed = await t.as('engineer').post('/api/items', {
      number: 'FRAME-ROLL-100',
      name: 'Roll frame, welded',
      kind: 'buy',
      standardCost: { amount: 410_000, currency: 'EUR' },
      leadTimeDays: 10,
    });
    const [lineRef] = await queryRows<{ promised_date: string; unit_price: number }>(
      t.services.db,
      sql`select promised_date::text, unit_price from sales_order_lines where id = ${lineId}`,
    );
    const created = await t.as('sales').post('/api/engineering-changes', {
      itemId: roll,
      title: 'Frame designed',
      reason: 'The customer asked for a welded frame',
      requestedBy: 'customer',
      salesOrderLineId: lineId,
      lineChanges: [{ action: 'replace', position: 20, childItemId: designed.json().id }],
    });
    expect(created.statusCode, created.body).toBe(201);
    let eco = created.json();
    const unpriced = await t
      .as('planner')
      .post(`/api/engineering-changes/${eco.id}/approve`, { version: eco.version });
    expect(unpriced.statusCode).toBe(422);
    const priced = await t
      .as('sales')
      .post(`/api/engineering-changes/${eco.id}/price`, { version: eco.version, marginPercent: 25 });
    expect(priced.statusCode, priced.body).toBe(200);
    eco = priced.json();
    expect(eco.pricing).toEqual({
      costDelta: 60_000,
      marginPercent: 25,
      priceDelta: 75_000,
      currency: 'EUR',
    });
    const line = eco.impact.lines.find((l: { salesOrderLineId: string }) => l.salesOrderLineId === lineId);
    expect(line.promiseDeltaDays).toBeLessThan(0); // the designed frame comes in 10 days, not 60
    eco = (
      await t.as('planner').post(`/api/engineering-changes/${eco.id}/approve`, { version: eco.version })
    ).json();
    const done = await t
      .as('engineer')
      .post(`/api/engineering-changes/${eco.id}/implement`, { version: eco.version });
    expect(done.statusCode, done.body).toBe(200);
    const after = await lineOf(lineId);
    expect(after.promised_date < lineRef.promised_date).toBe(true);
    expect(after.unit_price).toBe(lineRef.unit_price + 75_000);
    expect(done.json().history.map((h: { action: string }) => h.action)).toEqual([
      'request',
      'price',
      'approve',
      'implement',
    ]);
  }, 120_000);
});
