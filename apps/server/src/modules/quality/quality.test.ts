/**
 * Quality over the API on the demo plant: an order for cylinder rods is confirmed and released;
 * engineers keep the inspection plan of the final inspection; an operator measures at the
 * terminal (pass and fail against the limits, a retry records once) and reports
 * non-conformances; a supervisor dispositions them: rework adds a released operation to the job
 * that shows in the work center's dispatch list, scrap costs the parts' material and work and
 * reaches the order's actual cost, use as is costs nothing. Every refusal is problem+json
 * naming the field.
 */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let orderId: string;
let job: { id: string; number: string; quantity: number };
let inspect: { id: string; number: string; workCenterId: string };
let lathe: { id: string; number: string };
let routingOperationId: string;
const DAY = 86_400_000;
const MINUTE = 60_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
let tap = 0;
const eventId = () => `quality-test-${++tap}-${Math.random().toString(36).slice(2)}`;

interface Characteristic {
  id: string;
  name: string;
  lowerLimit: number | null;
  upperLimit: number | null;
  version: number;
}

const expectProblem = (response: LightMyRequestResponse, status: number, field: string, rule?: string) => {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json().errors).toEqual(
    expect.arrayContaining([expect.objectContaining(rule ? { field, rule } : { field })]),
  );
};

const measure = (
  operationId: string,
  results: { characteristicId: string; value: number }[],
  id = eventId(),
) =>
  t
    .as('operator')
    .post(`/api/job-operations/${operationId}/inspection-results`, { clientEventId: id, results });

const report = (jobOperationId: string, quantity: number, description = 'diameter over the limit') =>
  t.as('operator').post('/api/non-conformances', { jobOperationId, quantity, description });

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  const [rod] = (await t.as('sales').get('/api/items?q=MP-ROD-060')).json().items;
  const [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  const order = (
    await t.as('sales').post('/api/sales-orders', {
      customerId: customer.id,
      lines: [{ itemId: rod.id, quantity: 4, requestedDate: inDays(30), unitPrice: 60_000 }],
    })
  ).json();
  const confirmed = await t
    .as('sales')
    .post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  orderId = order.id;
  const lineId = confirmed.json().lines[0].id;
  const jobs = (await t.as('planner').get(`/api/jobs?salesOrderLineId=${lineId}`)).json().items;
  const rodJob = jobs.find((j: { itemNumber: string }) => j.itemNumber === 'MP-ROD-060');
  expect((await t.as('planner').post('/api/jobs/release', { horizonDays: 90 })).statusCode).toBe(200);
  const detail = (await t.as('planner').get(`/api/jobs/${rodJob.id}`)).json();
  job = { id: detail.id, number: detail.number, quantity: detail.quantity };
  inspect = detail.operations.find((o: { number: string }) => o.number === '090');
  lathe = detail.operations.find((o: { number: string }) => o.number === '010');
  const [routing] = (await t.as('engineer').get(`/api/items/${rod.id}/routings`)).json();
  routingOperationId = routing.operations.find((o: { number: string }) => o.number === '090').id;
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('inspection plans', () => {
  it('gives the demo plant’s final inspection of the rod a plan', async () => {
    const plan = (
      await t.as('operator').get(`/api/routing-operations/${routingOperationId}/inspection-characteristics`)
    ).json();
    expect(plan.map((c: Characteristic) => c.name)).toEqual([
      'Overall length',
      'Rod diameter Ø60 f7',
      'Surface roughness Ra',
    ]);
  });

  it('keeps lower ≤ nominal ≤ upper and at least one limit, naming the field', async () => {
    const url = `/api/routing-operations/${routingOperationId}/inspection-characteristics`;
    const engineer = t.as('engineer');
    expectProblem(
      await engineer.post(url, { name: 'Chamfer', lowerLimit: 2, upperLimit: 1 }),
      422,
      'upperLimit',
      'min',
    );
    expectProblem(await engineer.post(url, { name: 'Chamfer', nominal: 1 }), 422, 'lowerLimit', 'required');
    expectProblem(
      await engineer.post(url, { name: 'Chamfer', nominal: 3, lowerLimit: 1, upperLimit: 2 }),
      422,
      'nominal',
      'within-limits',
    );
    expectProblem(await engineer.post(url, { name: '', upperLimit: 1 }), 400, 'name');
    expect((await t.as('operator').post(url, { name: 'Chamfer', upperLimit: 1 })).statusCode).toBe(403);
    const unknown = await engineer.get(
      '/api/routing-operations/00000000-0000-4000-8000-000000000001/inspection-characteristics',
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('changes a characteristic against its version and removes one never measured', async () => {
    const engineer = t.as('engineer');
    const created = await engineer.post(
      `/api/routing-operations/${routingOperationId}/inspection-characteristics`,
      {
        name: 'Chamfer 1×45°',
        unit: 'mm',
        nominal: 1,
        lowerLimit: 0.8,
        upperLimit: 1.2,
        frequency: 10,
      },
    );
    expect(created.statusCode, created.body).toBe(201);
    const chamfer = created.json();
    expect(chamfer).toMatchObject({
      nominal: 1,
      lowerLimit: 0.8,
      upperLimit: 1.2,
      frequency: 10,
      version: 1,
    });

    const changed = await engineer.patch(
      `/api/inspection-characteristics/${chamfer.id}`,
      { upperLimit: 1.3 },
      { 'if-match': '"1"' },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ upperLimit: 1.3, lowerLimit: 0.8, version: 2 });
    const stale = await engineer.patch(`/api/inspection-characteristics/${chamfer.id}`, {
      upperLimit: 1.4,
      version: 1,
    });
    expectProblem(stale, 409, 'version');
    const crossed = await engineer.patch(`/api/inspection-characteristics/${chamfer.id}`, {
      lowerLimit: 2,
      version: 2,
    });
    expectProblem(crossed, 422, 'upperLimit');
    const cleared = await engineer.patch(`/api/inspection-characteristics/${chamfer.id}`, {
      lowerLimit: null,
      nominal: null,
      version: 2,
    });
    expect(cleared.json()).toMatchObject({ lowerLimit: null, nominal: null, upperLimit: 1.3, version: 3 });

    expectProblem(await engineer.delete(`/api/inspection-characteristics/${chamfer.id}`), 428, 'version');
    const removed = await engineer.delete(`/api/inspection-characteristics/${chamfer.id}`, {
      'if-match': '"3"',
    });
    expect(removed.statusCode, removed.body).toBe(204);
  });
});

describe('inspection results at the terminal', () => {
  let plan: Characteristic[];
  const named = (name: string) => plan.find((c) => c.name.startsWith(name))!;

  it('shows the job operation the plan of its routing operation', async () => {
    const response = await t.as('operator').get(`/api/job-operations/${inspect.id}/inspection`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      operationNumber: '090',
      routingOperationId,
      results: [],
      nonConformances: [],
    });
    plan = body.characteristics;
    expect(plan).toHaveLength(3);
    const other = (await t.as('operator').get(`/api/job-operations/${lathe.id}/inspection`)).json();
    expect(other.characteristics).toEqual([]); // no plan on the lathe operation
  });

  it('passes or fails each value against its limits and says which failed', async () => {
    const response = await measure(inspect.id, [
      { characteristicId: named('Rod diameter').id, value: 60.012 }, // over 60.000
      { characteristicId: named('Overall length').id, value: 849.5 }, // on the lower limit
      { characteristicId: named('Surface roughness').id, value: 0.3 },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const outcome = response.json();
    expect(outcome.replayed).toBe(false);
    expect(outcome.results).toHaveLength(3);
    expect(outcome.failed).toEqual([
      expect.objectContaining({ characteristicName: 'Rod diameter Ø60 f7', value: 60.012, pass: false }),
    ]);
    expect(outcome.results.every((r: { operatorName: string }) => r.operatorName === 'Test operator')).toBe(
      true,
    );
  });

  it('records a retried booking once', async () => {
    const id = eventId();
    const values = [{ characteristicId: named('Rod diameter').id, value: 59.99 }];
    const [first, retry] = await Promise.all([
      measure(inspect.id, values, id),
      measure(inspect.id, values, id),
    ]);
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect([first.json().replayed, retry.json().replayed].sort()).toEqual([false, true]);
    expect(retry.json().results.map((r: { id: string }) => r.id)).toEqual(
      first.json().results.map((r: { id: string }) => r.id),
    );
    const [count] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from inspection_results where job_operation_id = ${inspect.id}`,
    );
    expect(count.n).toBe(4);
    expectProblem(await measure(lathe.id, values, id), 422, 'clientEventId', 'unique');
    const shown = (await t.as('operator').get(`/api/job-operations/${inspect.id}/inspection`)).json();
    expect(shown.results).toHaveLength(4);
  });

  it('refuses a characteristic of another plan or measured twice, and a characteristic measured cannot go', async () => {
    const diameter = named('Rod diameter').id;
    expectProblem(
      await measure(lathe.id, [{ characteristicId: diameter, value: 60 }]),
      422,
      'results.0.characteristicId',
      'reference',
    );
    expectProblem(
      await measure(inspect.id, [
        { characteristicId: diameter, value: 60 },
        { characteristicId: diameter, value: 59.99 },
      ]),
      422,
      'results.1.characteristicId',
      'unique',
    );
    expectProblem(await measure(inspect.id, []), 400, 'results');
    const measured = await t.as('engineer').delete(`/api/inspection-characteristics/${diameter}`, {
      'if-match': `"${named('Rod diameter').version}"`,
    });
    expectProblem(measured, 422, 'id', 'has-results');
  });
});

describe('non-conformances', () => {
  it('numbers reports NCR-000001, NCR-000002 and keeps them within the job quantity', async () => {
    const first = await report(inspect.id, 1, 'Ø60.012 over the upper limit 60.000');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      number: 'NCR-000001',
      status: 'open',
      disposition: null,
      cost: 0,
      jobNumber: job.number,
      operationNumber: '090',
      reportedByName: 'Test operator',
    });
    const second = await report(inspect.id, 2);
    expect(second.json().number).toBe('NCR-000002');
    expectProblem(await report(inspect.id, job.quantity + 1), 422, 'quantity', 'max');
    expectProblem(
      await report('00000000-0000-4000-8000-000000000001', 1),
      422,
      'jobOperationId',
      'reference',
    );
    expectProblem(await report(inspect.id, 0), 400, 'quantity');

    const open = (await t.as('supervisor').get(`/api/non-conformances?status=open&jobId=${job.id}`)).json();
    expect(open.items.map((n: { number: string }) => n.number)).toEqual(['NCR-000002', 'NCR-000001']);
    expect(open.total).toBe(2);
    expect((await t.as('supervisor').get('/api/non-conformances?status=closed')).json().total).toBe(0);
    const atTerminal = (await t.as('operator').get(`/api/job-operations/${inspect.id}/inspection`)).json();
    expect(atTerminal.nonConformances).toHaveLength(2);
  });

  it('lets only supervisors and admins disposition, against the version', async () => {
    const [ncr] = (await t.as('supervisor').get('/api/non-conformances?q=NCR-000001')).json().items;
    const url = `/api/non-conformances/${ncr.id}/disposition`;
    expect((await t.as('operator').post(url, { disposition: 'use-as-is', version: 1 })).statusCode).toBe(403);
    expectProblem(
      await t.as('supervisor').post(url, { disposition: 'rework', version: 1 }),
      422,
      'reworkOperation',
      'required',
    );
    expectProblem(
      await t.as('supervisor').post(url, {
        disposition: 'scrap',
        version: 1,
        reworkOperation: { name: 'x', workCenterId: inspect.workCenterId, runMinutesPerPiece: 1 },
      }),
      422,
      'reworkOperation',
      'rework-only',
    );
    expectProblem(
      await t.as('supervisor').post(url, { disposition: 'use-as-is', version: 7 }),
      409,
      'version',
    );
    expectProblem(await t.as('supervisor').post(url, { disposition: 'use-as-is' }), 428, 'version');
  });

  it('rework adds a released operation after the failed one that the dispatch list shows', async () => {
    const [ncr] = (await t.as('supervisor').get('/api/non-conformances?q=NCR-000001')).json().items;
    const grind = (await t.as('planner').get('/api/work-centers?q=GRIND')).json().items[0];
    const response = await t.as('supervisor').post(`/api/non-conformances/${ncr.id}/disposition`, {
      disposition: 'rework',
      version: ncr.version,
      reworkOperation: {
        name: 'Regrind rod diameter',
        workCenterId: grind.id,
        setupMinutes: 30,
        runMinutesPerPiece: 45,
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const dispositioned = response.json();
    const rates = grind.costRates;
    expect(dispositioned).toMatchObject({
      status: 'dispositioned',
      disposition: 'rework',
      cost: Math.round((30 / 60) * rates.setup + (45 / 60) * (rates.machine + rates.labour)),
      reworkOperation: {
        number: '090R1',
        name: 'Regrind rod diameter',
        status: 'released',
        workCenterCode: 'GRIND',
      },
    });
    const jobDetail = (await t.as('planner').get(`/api/jobs/${job.id}`)).json();
    const added = jobDetail.operations.find((o: { number: string }) => o.number === '090R1');
    expect(added).toMatchObject({
      status: 'released',
      workCenterCode: 'GRIND',
      setupMinutes: 30,
      runMinutes: 45,
    });
    expect(added.instructions).toMatch(/^NCR-000001: Ø60.012/);
    const [row] = await queryRows<{ rework: boolean; predecessors: string[] }>(
      t.services.db,
      sql`select rework, predecessors from job_operations where id = ${added.id}`,
    );
    expect(row).toEqual({ rework: true, predecessors: ['090'] });

    const dispatch = (await t.as('operator').get(`/api/work-centers/${grind.id}/dispatch-list`)).json();
    expect(dispatch.operations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: added.id, number: '090R1', jobNumber: job.number }),
      ]),
    );
    // the rework is measured against the plan of the operation it reworks
    const plan = (await t.as('operator').get(`/api/job-operations/${added.id}/inspection`)).json();
    expect(plan.characteristics).toHaveLength(3);

    expectProblem(
      await t.as('supervisor').post(`/api/non-conformances/${ncr.id}/disposition`, {
        disposition: 'scrap',
        version: dispositioned.version,
      }),
      422,
      'disposition',
      'open-only',
    );
  });

  it('closes a rework non-conformance only once its rework operation is done', async () => {
    const [ncr] = (await t.as('supervisor').get('/api/non-conformances?q=NCR-000001')).json().items;
    const close = () =>
      t.as('supervisor').post(`/api/non-conformances/${ncr.id}/close`, { version: ncr.version });
    expectProblem(await close(), 422, 'status', 'rework-done');
    for (const kind of ['run', 'finish'] as const) {
      const booked = await t.as('operator').post(`/api/job-operations/${ncr.reworkOperation.id}/bookings`, {
        clientEventId: eventId(),
        kind,
        ...(kind === 'finish' ? { goodQuantity: 1 } : {}),
      });
      expect(booked.statusCode, booked.body).toBe(200);
    }
    const closed = await close();
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', reworkOperation: { status: 'done' } });
  });

  it('scrap costs the parts’ material and their share of the booked work, and reaches the order’s actual cost', async () => {
    // an hour of setup and an hour of run booked on the lathe, as it happened
    const now = Date.now();
    for (const [kind, minutesAgo] of [
      ['setup', 120],
      ['run', 60],
      ['pause', 0],
    ] as const)
      await t.services.execution.book(
        { id: t.userIds.operator, name: 'Test operator' },
        t.userIds.operator,
        lathe.id,
        { clientEventId: eventId(), kind },
        new Date(now - minutesAgo * MINUTE),
      );
    const [work] = (await t.services.production.workCostOfJobs([job.id])).values();
    expect(work.actualCost).toBeGreaterThan(0);
    const [blank] = (await t.as('engineer').get('/api/items?q=FG-ROD-060')).json().items;
    const materialPerPart = 1 * 1.01 * blank.standardCost.amount; // the rod's BOM: one blank, 1 % scrap

    const before = (await t.as('sales').get(`/api/sales-orders/${orderId}/cost`)).json();
    const [ncr] = (await t.as('supervisor').get('/api/non-conformances?q=NCR-000002')).json().items;
    const response = await t
      .as('admin')
      .post(
        `/api/non-conformances/${ncr.id}/disposition`,
        { disposition: 'scrap' },
        { 'if-match': `"${ncr.version}"` },
      );
    expect(response.statusCode, response.body).toBe(200);
    const scrapped = response.json();
    const expectedCost = Math.round(2 * materialPerPart) + Math.round((work.actualCost * 2) / job.quantity);
    expect(scrapped).toMatchObject({
      status: 'closed',
      disposition: 'scrap',
      cost: expectedCost,
      reworkOperation: null,
    });

    const after = (await t.as('sales').get(`/api/sales-orders/${orderId}/cost`)).json();
    expect(after.actual.material - before.actual.material).toBe(Math.round(2 * materialPerPart));
    expect(after.actual.work).toBe(before.actual.work); // the work on the scrapped parts was booked already
  });

  it('use as is costs nothing and closes at once; every change is audited', async () => {
    const created = (await report(inspect.id, 1, 'cosmetic mark on the chamfer')).json();
    expect(created.number).toBe('NCR-000003');
    const response = await t.as('supervisor').post(`/api/non-conformances/${created.id}/disposition`, {
      disposition: 'use-as-is',
      version: created.version,
    });
    expect(response.json()).toMatchObject({ status: 'closed', disposition: 'use-as-is', cost: 0 });
    const [audit] = await queryRows<{ actions: string[] }>(
      t.services.db,
      sql`select array_agg(action order by at, action) as actions from audit_log where entity = 'non-conformance' and entity_id = 'NCR-000003'`,
    );
    expect(audit.actions).toEqual(['create', 'disposition']);
    const [events] = await queryRows<{ types: string[] }>(
      t.services.db,
      sql`select array_agg(distinct type order by type) as types from integration_events where type like 'non-conformance.%'`,
    );
    expect(events.types).toEqual([
      'non-conformance.closed',
      'non-conformance.dispositioned',
      'non-conformance.reported',
    ]);
  });
});
