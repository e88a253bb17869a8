/**
 * Engineer-to-order from quote to engineering change, over the API and the terminal, against the
 * real database: a quote for a special machine whose design is engineering tasks and whose frame
 * is a placeholder; the project's promise; the order; engineers book design hours; a
 * customer-requested, priced ECO replaces the placeholder by the designed frame and moves the
 * promise; the project's cost stages (preliminary, committed, actual, remaining, forecast) checked
 * to the unit from the rates and quantities. Then quoting from history: the similar project,
 * a new quote's project started from it, and the estimate accuracy of the engineering hours.
 */
import type { Project, ProjectCost } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { approveAndImplement, ok } from '../../testing/responses';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
const DAY = 86_400_000;
const M = 60_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
type Body = any;

/** Rates per hour (minor units): assembly 60.00 machine + 40.00 labour, design 90.00 labour. */
const ASSY = { machine: 6_000, labour: 4_000 };
const ENG = { machine: 0, labour: 9_000 };
const PRICE = 1_000_000;
const PLACEHOLDER_COST = 300_000;
const FRAME_COST = 410_000;
const FRAME_PO_PRICE = 400_000;

let eng: { id: string };
let customerId: string;
let machineId: string;
let placeholderId: string;
let frameId: string;
let supplierId: string;
let assyId: string;

beforeAll(async () => {
  t = await openTestApp();
  const admin = t.as('admin');
  const weekdays = [1, 2, 3, 4, 5];
  const office = await ok(
    admin.post('/api/calendars', {
      name: 'Engineering office',
      timeZone: 'Europe/Berlin',
      shifts: weekdays.map((weekday) => ({ weekday, start: '08:00', end: '16:00' })),
    }),
    201,
  );
  const shop = await ok(
    admin.post('/api/calendars', {
      name: 'Shop two shifts',
      timeZone: 'Europe/Berlin',
      shifts: weekdays.map((weekday) => ({ weekday, start: '06:00', end: '22:00' })),
    }),
    201,
  );
  const assy = await ok(
    admin.post('/api/work-centers', {
      code: 'ASSY',
      name: 'Assembly',
      machines: 1,
      calendarId: shop.id,
      costRates: { ...ASSY, setup: 0, currency: 'EUR' },
    }),
    201,
  );
  eng = await ok(
    admin.post('/api/work-centers', {
      code: 'TD-MECH',
      name: 'Mechanical design',
      machines: 1,
      calendarId: office.id,
      costRates: { ...ENG, setup: 0, currency: 'EUR' },
    }),
    201,
  );
  customerId = (
    await ok(t.as('sales').post('/api/customers', { number: 'C-0200', name: 'Walzwerk Süd AG' }), 201)
  ).id;
  await ok(admin.post('/api/stock-locations', { code: 'RECV', name: 'Receiving', kind: 'receiving' }), 201);
  supplierId = (await ok(admin.post('/api/suppliers', { number: 'S-0200', name: 'Stahlbau Meyer' }), 201)).id;
  placeholderId = (
    await ok(
      t.as('engineer').post('/api/placeholders', {
        number: 'PH-FRAME',
        name: 'Machine frame (not designed yet)',
        estimatedCost: { amount: PLACEHOLDER_COST, currency: 'EUR' },
        estimatedLeadTimeDays: 40,
      }),
      201,
    )
  ).id;
  frameId = (
    await ok(
      admin.post('/api/items', {
        number: 'FRAME-100',
        name: 'Machine frame, welded',
        kind: 'buy',
        family: 'frames',
        standardCost: { amount: FRAME_COST, currency: 'EUR' },
        leadTimeDays: 5,
      }),
      201,
    )
  ).id;
  await ok(
    admin.post('/api/supply-terms', {
      itemId: frameId,
      supplierId,
      leadTimeDays: 5,
      priceBreaks: [{ fromQuantity: 0, unitPrice: FRAME_PO_PRICE }],
      preferred: true,
    }),
    201,
  );
  assyId = assy.id;
  machineId = await specialMachine('SPM-PRESS-1', assy.id, placeholderId);
}, 120_000);

afterAll(async () => {
  await t.close();
});

/** An ETO press: one assembly operation of 8 h, the frame (a placeholder) in its BOM. */
async function specialMachine(number: string, assyId: string, childId: string): Promise<string> {
  const admin = t.as('admin');
  const item = await ok(
    admin.post('/api/items', {
      number,
      name: `Special press ${number}`,
      kind: 'make',
      strategy: 'ETO',
      family: 'presses',
    }),
    201,
  );
  const routing = await ok(
    admin.post(`/api/items/${item.id}/routings`, {
      operations: [
        { number: '010', name: 'Assemble and test', workCenterId: assyId, runMinutesPerUnit: 480 },
      ],
    }),
    201,
  );
  await ok(
    admin.post(`/api/routings/${routing.id}/release`, { version: routing.version, validFrom: '2020-01-01' }),
  );
  const bom = await ok(
    t.as('engineer').post(`/api/items/${item.id}/boms`, {
      lines: [{ position: 10, childItemId: childId, quantityPer: 1, operationNumber: '010' }],
    }),
    201,
  );
  await ok(
    t.as('engineer').post(`/api/boms/${bom.id}/release`, { version: bom.version, validFrom: '2020-01-01' }),
  );
  return item.id;
}

const cost = (projectId: string) => ok<ProjectCost>(t.as('sales').get(`/api/projects/${projectId}/cost`));

describe('an engineer-to-order order from quote through an engineering change', () => {
  let project: Project;
  let orderId: string;
  let lineId: string;
  let jobId: string;

  it('quotes the machine with its design and placeholder: the preliminary cost is the estimates', async () => {
    const quote = await ok(
      t.as('sales').post('/api/quotes', {
        customerId,
        lines: [{ itemId: machineId, quantity: 1, requestedDate: inDays(10), unitPrice: PRICE }],
      }),
      201,
    );
    const withoutDesign = Date.parse(quote.lines[0].promise.plannedAt);
    project = await ok<Project>(
      t.as('sales').post('/api/projects', {
        name: 'Press line Süd',
        quoteLineId: quote.lines[0].id,
        approvalDays: 2,
        engineeringTasks: [
          { number: 'E010', name: 'Concept', workCenterId: eng.id, hours: 16 },
          { number: 'E020', name: 'Detail design', workCenterId: eng.id, hours: 24, predecessors: ['E010'] },
        ],
      }),
      201,
    );
    const again = await ok(
      t.as('sales').post(`/api/quotes/${quote.id}/repromise`, { version: quote.version }),
    );
    // 40 h of design on one engineer (8 h a day) before the assembly: a week later at least
    expect(Date.parse(again.lines[0].promise.plannedAt)).toBeGreaterThan(withoutDesign + 4 * DAY);

    const quoted = await cost(project.id);
    // material: the placeholder's estimate; work: 8 h × (60 + 40); engineering: 40 h × 90
    const preliminary = { material: 300_000, work: 80_000, engineering: 360_000, total: 740_000 };
    expect(quoted).toMatchObject({
      priceSource: 'quote',
      price: PRICE,
      preliminary: { ...preliminary, marginPercent: 26 },
      committed: { total: 0, marginPercent: null },
      actual: { total: 0 },
      remaining: { ...preliminary, placeholders: PLACEHOLDER_COST },
      forecast: { total: 740_000, marginPercent: 26 },
    });

    const accepted = await ok(
      t.as('sales').post(`/api/quotes/${quote.id}/accept`, { version: again.version }),
      201,
    );
    orderId = accepted.order.id;
    lineId = accepted.order.lines[0].id;
    project = await ok<Project>(
      t
        .as('sales')
        .patch(`/api/projects/${project.id}`, { version: project.version, salesOrderLineId: lineId }),
    );
    expect(project.status).toBe('active');
  }, 120_000);

  let promiseBefore: string;

  it('confirms the order: the design is planned, nothing committed yet, all of it remaining', async () => {
    const order = await ok(t.as('sales').get(`/api/sales-orders/${orderId}`));
    if (order.status === 'draft')
      await ok(t.as('sales').post(`/api/sales-orders/${orderId}/confirm`, { version: order.version }));
    project = await ok<Project>(t.as('sales').get(`/api/projects/${project.id}`));
    promiseBefore = project.promisedDate!;
    expect(promiseBefore).toBeTruthy();
    const [e010, e020] = project.engineeringTasks;
    expect(e010.operation?.jobId).toBeTruthy();
    jobId = e010.operation!.jobId;
    expect(e020.operation?.jobId).toBe(jobId);

    const confirmed = await cost(project.id);
    expect(confirmed).toMatchObject({
      priceSource: 'order',
      price: PRICE,
      preliminary: { material: 300_000, work: 80_000, engineering: 360_000, total: 740_000 },
      committed: { material: 0, work: 0, engineering: 0, total: 0 },
      actual: { total: 0 },
      // the job is only planned; the frame is a requisition for the placeholder at its estimate
      remaining: {
        material: 300_000,
        work: 80_000,
        engineering: 360_000,
        total: 740_000,
        placeholders: 300_000,
      },
      forecast: { total: 740_000, marginPercent: 26 },
    });
  }, 120_000);

  it('implements a priced, customer-requested change replacing the placeholder: the promise moves', async () => {
    const planned = await cost(project.id);
    expect(planned.remaining).toMatchObject({ material: PLACEHOLDER_COST, placeholders: PLACEHOLDER_COST });
    const created = await ok(
      t.as('sales').post('/api/engineering-changes', {
        itemId: machineId,
        title: 'Frame designed',
        reason: 'The customer asked for the welded frame',
        requestedBy: 'customer',
        salesOrderLineId: lineId,
        lineChanges: [{ action: 'replace', position: 10, childItemId: frameId }],
      }),
      201,
    );
    const impact = await ok(t.as('engineer').get(`/api/engineering-changes/${created.id}/impact`));
    const mine = impact.lines.find((l: { salesOrderLineId: string }) => l.salesOrderLineId === lineId);
    expect(mine.before.promisedDate).toBe(promiseBefore);
    const priced = await ok(
      t.as('sales').post(`/api/engineering-changes/${created.id}/price`, {
        version: created.version,
        marginPercent: 25,
      }),
    );
    expect(priced.pricing).toMatchObject({ costDelta: FRAME_COST - PLACEHOLDER_COST, priceDelta: 137_500 });
    const approved = await ok(
      t.as('planner').post(`/api/engineering-changes/${created.id}/approve`, { version: priced.version }),
    );
    await ok(
      t
        .as('engineer')
        .post(`/api/engineering-changes/${created.id}/implement`, { version: approved.version }),
    );
    project = await ok<Project>(t.as('sales').get(`/api/projects/${project.id}`));
    // the frame comes in 5 days instead of the placeholder's 40: the promise comes in
    expect(project.promisedDate).not.toBe(promiseBefore);
    expect(project.promisedDate! < promiseBefore).toBe(true);
    expect(project.promisedDate).toBe(mine.after.promisedDate);
    expect(project.orderValue?.amount).toBe(PRICE + 137_500);
    const changed = await cost(project.id);
    // the placeholder is gone; the designed frame is to be bought at its standard cost
    expect(changed.remaining).toMatchObject({
      material: FRAME_COST,
      placeholders: 0,
      total: 410_000 + 80_000 + 360_000,
    });
  }, 180_000);

  it('releases the work and engineers book design hours: committed and actual engineering', async () => {
    // the change planned the line again: the design is on the new job
    const replanned = (await ok<Project>(t.as('sales').get(`/api/projects/${project.id}`))).engineeringTasks;
    expect(replanned[0].operation!.jobId).not.toBe(jobId);
    jobId = replanned[0].operation!.jobId;
    await t.services.execution.release(systemActor, { jobIds: [jobId] });
    project = await ok<Project>(t.as('sales').get(`/api/projects/${project.id}`));
    const [e010, e020] = project.engineeringTasks;
    const engineer = t.userIds.engineer;
    const t0 = Date.now() - 3 * DAY;
    const book = (opId: string, kind: 'run' | 'pause' | 'finish', minutes: number, extra = {}) =>
      t.services.execution.book(
        systemActor,
        engineer,
        opId,
        { clientEventId: `e2e-${opId}-${kind}-${minutes}`, kind, ...extra },
        new Date(t0 + minutes * M),
      );
    await book(e010.operation!.id, 'run', 0);
    await book(e010.operation!.id, 'finish', 960, { goodQuantity: 1 }); // 16 h, as estimated
    await book(e020.operation!.id, 'run', 1000);
    await book(e020.operation!.id, 'pause', 1600); // 10 h of the 24

    const booked = await cost(project.id);
    expect(booked.committed).toEqual({
      material: 0,
      work: 80_000,
      engineering: 360_000,
      total: 440_000,
      marginPercent: 61.3, // against the changed price 1 137 500
    });
    // 26 h booked × 90.00
    expect(booked.actual).toMatchObject({ material: 0, work: 0, engineering: 234_000, total: 234_000 });
    expect(booked.tasks.map((x) => [x.number, x.bookedHours, x.done, x.actual, x.remaining])).toEqual([
      ['E010', 16, true, 144_000, 0],
      ['E020', 10, false, 90_000, 126_000],
    ]);
    // remaining: the designed frame to buy at its standard cost + assembly 80 000 + 14 h × 90.00 of design
    expect(booked.remaining).toMatchObject({
      material: FRAME_COST,
      work: 80_000,
      engineering: 126_000,
      total: 616_000,
      placeholders: 0,
    });
    // (1 137 500 − 850 000) / 1 137 500
    expect(booked.forecast).toEqual({ total: 234_000 + 616_000, marginPercent: 25.3 });
    // the preliminary stage stays the quote's estimates
    expect(booked.preliminary).toMatchObject({ material: 300_000, total: 740_000 });
  }, 120_000);

  it('orders and receives the designed frame: committed at the ordered price, then actual', async () => {
    const supply = await ok(t.as('sales').get(`/api/sales-orders/${orderId}/supply`));
    const reqIds = supply.lines[0].pegs
      .filter((p: { supplyKind: string; itemId: string }) => p.supplyKind === 'purchase-requisition')
      .map((p: { supplyId: string }) => p.supplyId);
    expect(reqIds).toHaveLength(1);
    const [po] = await ok(t.as('buyer').post('/api/requisitions/order', { requisitionIds: reqIds }), 201);
    const ordered = await cost(project.id);
    const price = PRICE + 137_500;
    expect(ordered.committed).toMatchObject({ material: FRAME_PO_PRICE, work: 80_000, engineering: 360_000 });
    expect(ordered.remaining).toMatchObject({ material: FRAME_PO_PRICE, work: 80_000, engineering: 126_000 });

    const sent = await ok(t.as('buyer').post(`/api/purchase-orders/${po.id}/send`, { version: po.version }));
    await ok(
      t
        .as('buyer')
        .post('/api/purchase-orders/receipts', { purchaseOrderLineId: sent.lines[0].id, quantity: 1 }),
      201,
    );
    const received = await cost(project.id);
    expect(received.actual).toMatchObject({
      material: FRAME_PO_PRICE,
      work: 0,
      engineering: 234_000,
      total: 634_000,
    });
    expect(received.remaining).toMatchObject({
      material: 0,
      work: 80_000,
      engineering: 126_000,
      total: 206_000,
    });
    // cost to complete = actual + remaining, its margin against the changed price
    expect(received.forecast.total).toBe(634_000 + 206_000);
    expect(received.forecast.marginPercent).toBe(Math.round(((price - 840_000) / price) * 1000) / 10);
    expect(received.price).toBe(price);
  }, 120_000);

  // An ECO on a job already released keeps the job and plans its new components (MRP nets what
  // open jobs still need, planning/job-component-netting.test.ts); the promise then waits for
  // them: the last describe, after quoting from history (its BOM overlap is the one above).

  it('answers an unknown project with 404', async () => {
    const r = await t.as('sales').get('/api/projects/00000000-0000-4000-8000-000000000000/cost');
    expect(r.statusCode).toBe(404);
    expect((await t.as('operator').get(`/api/projects/${project.id}/cost`)).statusCode).toBe(403);
  });
});

let lineOfProject: { orderId: string; lineId: string };

describe('quoting from history', () => {
  let past: Project;

  it('measures estimate accuracy: booked ÷ estimated hours per work center, material and work', async () => {
    past = (await ok(t.as('sales').get('/api/projects?q=Press line'))).items[0];
    past = await ok<Project>(t.as('sales').get(`/api/projects/${past.id}`));
    lineOfProject = { orderId: past.salesOrderId!, lineId: past.salesOrderLineId! };
    const e020 = past.engineeringTasks[1];
    // the detail design took 30 h, not 24: 20 more hours, then finished
    const t1 = Date.now() - DAY;
    const book = (kind: 'run' | 'finish', minutes: number, extra = {}) =>
      t.services.execution.book(
        systemActor,
        t.userIds.engineer,
        e020.operation!.id,
        { clientEventId: `hist-${kind}`, kind, ...extra },
        new Date(t1 + minutes * M),
      );
    await book('run', 0);
    await book('finish', 1200, { goodQuantity: 1 });
    const completed = await ok<Project>(
      t.as('sales').patch(`/api/projects/${past.id}`, { version: past.version, status: 'completed' }),
    );
    expect(completed.status).toBe('completed');

    const accuracy = await ok(t.as('planner').get('/api/projects/estimate-accuracy'));
    expect(accuracy.projects).toBe(1);
    const row = (category: string) =>
      accuracy.rows.find((r: { category: string }) => r.category === category);
    // (16 + 30) h booked for (16 + 24) h estimated
    expect(row(`engineering:${eng.id}`)).toMatchObject({
      estimate: 40,
      actual: 46,
      ratio: 1.15,
      unit: 'hours',
    });
    // the frame: estimated as the 300 000 placeholder, bought at 400 000
    expect(row('material')).toMatchObject({ estimate: 300_000, actual: 400_000, ratio: 1.333, projects: 1 });
    // the assembly is not booked yet
    expect(row('machining')).toMatchObject({ estimate: 80_000, actual: 0, ratio: 0 });
  }, 120_000);

  it('finds the past project like a new machine, with the reasons, and starts a quote’s project from it', async () => {
    const similarMachine = await specialMachine('SPM-PRESS-2', assyId, frameId);
    const other = await ok(
      t.as('admin').post('/api/items', {
        number: 'GEAR-7',
        name: 'Gearbox',
        kind: 'make',
        strategy: 'ETO',
        family: 'gears',
      }),
      201,
    );
    const similar = await ok(t.as('sales').get(`/api/projects/similar?itemId=${similarMachine}`));
    expect(similar).toHaveLength(1);
    expect(similar[0]).toMatchObject({ projectId: past.id, engineeringHours: 40, price: PRICE + 137_500 });
    expect(similar[0].reasons).toEqual(
      expect.arrayContaining(['same family presses', '1 common components (BOM 100 % overlap)']),
    );
    // same family (0.3) + the whole BOM (0.5) + the attributes alike
    expect(similar[0].score).toBeGreaterThan(0.8);
    expect(await ok(t.as('sales').get(`/api/projects/similar?itemId=${other.id}`))).toEqual([]);
    const bad = await t.as('sales').get('/api/projects/similar');
    expect(bad.statusCode).toBe(400);

    const quote = await ok(
      t.as('sales').post('/api/quotes', {
        customerId,
        lines: [{ itemId: similarMachine, quantity: 1, requestedDate: inDays(30), unitPrice: 1_200_000 }],
      }),
      201,
    );
    const started = await ok<Project>(
      t.as('sales').post('/api/projects/from-past', {
        sourceProjectId: past.id,
        name: 'Press line Nord',
        quoteLineId: quote.lines[0].id,
        correctByAccuracy: true,
      }),
      201,
    );
    expect(started).toMatchObject({ status: 'quoting', approvalDays: 2, itemId: similarMachine });
    // the past hours corrected by the measured 1.15 of the design office
    expect(started.engineeringTasks.map((x) => [x.number, x.hours, x.predecessors])).toEqual([
      ['E010', 18.4, []],
      ['E020', 27.6, ['E010']],
    ]);
    expect(started.payments.map((p) => p.percent)).toEqual(past.payments.map((p) => p.percent));
    const missing = await t.as('sales').post('/api/projects/from-past', {
      sourceProjectId: '00000000-0000-4000-8000-000000000000',
      name: 'x',
      quoteLineId: quote.lines[0].id,
    });
    expect(missing.statusCode).toBe(404);
  }, 120_000);
});

describe('an engineering change to the job in production', () => {
  it('adds a long-lead part to the started job: the promise waits for its requisition and names it', async () => {
    const line = async () =>
      (await ok(t.as('sales').get(`/api/sales-orders/${lineOfProject.orderId}`))).lines.find(
        (l: Body) => l.id === lineOfProject.lineId,
      );
    const before = await line();
    const jobs = (await ok(t.as('planner').get(`/api/jobs?salesOrderLineId=${lineOfProject.lineId}`))).items;
    const job = jobs.find((j: Body) => j.status === 'in-progress');
    expect(job, JSON.stringify(jobs)).toBeTruthy();
    const LEAD = 20;
    const unit = await ok(
      t.as('admin').post('/api/items', {
        number: 'HYD-UNIT-7',
        name: 'Hydraulic power unit',
        kind: 'buy',
        standardCost: { amount: 90_000, currency: 'EUR' },
        leadTimeDays: LEAD,
      }),
      201,
    );
    const created = await ok(
      t.as('engineer').post('/api/engineering-changes', {
        itemId: machineId,
        title: 'Hydraulic unit',
        reason: 'The press needs its own power unit',
        requestedBy: 'internal',
        lineChanges: [
          {
            action: 'add',
            line: { position: 20, childItemId: unit.id, quantityPer: 1, operationNumber: '010' },
          },
        ],
      }),
      201,
    );
    const implemented = await approveAndImplement(t, created);
    // the job in production is kept; the unit is bought for the line
    expect(implemented.impact.keptJobs.map((j: Body) => j.number)).toContain(job.number);
    const [requisition] = await queryRows<{ line: string }>(
      t.services.db,
      sql`select sales_order_line_id as line from purchase_requisitions
          where item_id = ${unit.id} and status = 'open'`,
    );
    expect(requisition?.line).toBe(lineOfProject.lineId);

    const after = await line();
    // ordered today, the unit arrives after its 20 working days (4 weeks): the assembly waits for it
    expect(after.promisedDate > before.promisedDate).toBe(true);
    expect(after.promisedDate >= inDays(27)).toBe(true);
    expect(after.promise.binding).toMatchObject({ kind: 'material', itemNumber: 'HYD-UNIT-7' });
    // before, the job's planned completion was the promise; now the assembly waits for the unit
    expect(Date.parse(before.promise.plannedAt)).toBeLessThan(Date.parse(after.promise.binding.availableAt));
    expect(after.promise.binding.availableAt.slice(0, 10) >= inDays(27)).toBe(true);
    expect(Date.parse(after.promise.plannedAt)).toBeGreaterThan(
      Date.parse(after.promise.binding.availableAt),
    );
    expect(after.promise.explanation).toMatch(
      new RegExp(
        `^${job.number} is in production, planned to complete .+; it waits for HYD-UNIT-7 \\(requisition, arriving .+\\): complete .+`,
      ),
    );
  }, 180_000);
});
