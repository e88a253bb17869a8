/**
 * The shop floor over the API on the demo plant: an order is confirmed and planned, its jobs are
 * released, an operator signs in by badge and works an operation through setup, run, a scrap
 * report and finish; a double tap books once; the last operation of a job puts what it made
 * into stock for the order line. Every refusal is problem+json naming the field.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { SESSION_COOKIE } from '../../platform/http/route-auth';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let jobs: { id: string; number: string; itemNumber: string; status: string; plannedStart: string }[];
let lineId: string;
let badgeCookie: string;
let scrapReasonId: string;
let tap = 0;
const eventId = () => `test-tap-${++tap}-${Math.random().toString(36).slice(2)}`;

const asOperator = (url: string, payload?: object) =>
  t.app.inject({
    method: payload ? 'POST' : 'GET',
    url,
    payload,
    cookies: { [SESSION_COOKIE]: badgeCookie },
  });
const book = (operationId: string, body: Record<string, unknown>) =>
  asOperator(`/api/job-operations/${operationId}/bookings`, { clientEventId: eventId(), ...body });

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  await linkDrawingOnFirstOperation('FG-ROD-060', DRAWING);
  ({ lineId, jobs } = await confirmDemoOrder(t, {
    itemNumber: 'FG-ROD-060',
    quantity: 4,
    requestedInDays: 20,
  }));
  const reasons = (await t.as('operator').get('/api/reason-codes?kind=scrap')).json();
  scrapReasonId = reasons.find((r: { code: string }) => r.code === 'DIM').id;
}, 120_000);
afterAll(async () => {
  await t.close();
});

const DRAWING = 'https://pdm.example.com/drawings/FG-ROD-060-A.pdf';

/** A new routing revision of the item whose first operation links a drawing, released from today. */
async function linkDrawingOnFirstOperation(itemNumber: string, drawingUrl: string) {
  const [item] = (await t.as('engineer').get(`/api/items?q=${itemNumber}`)).json().items;
  const [current] = (await t.as('engineer').get(`/api/items/${item.id}/routings`)).json();
  const operations = current.operations.map((o: Record<string, unknown>, i: number) => {
    const { id: _id, workCenterCode: _code, ...input } = o;
    return i === 0 ? { ...input, drawingUrl } : input;
  });
  const next = await t.as('engineer').post(`/api/items/${item.id}/routings`, { operations });
  expect(next.statusCode, next.body).toBe(201);
  const released = await t.as('engineer').post(`/api/routings/${next.json().id}/release`, {
    version: next.json().version,
    validFrom: new Date().toISOString().slice(0, 10),
  });
  expect(released.statusCode, released.body).toBe(200);
}

describe('shop floor', () => {
  it('signs an operator in by badge and refuses an unknown badge', async () => {
    const unknown = await t.anonymous.post('/api/auth/badge', { badgeCode: '0000' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toMatch(/unknown badge/);
    const signedIn = await t.anonymous.post('/api/auth/badge', { badgeCode: '1001' });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().user).toMatchObject({ name: 'Anna Becker', roles: ['operator'] });
    expect(signedIn.json().permissions.ShopFloor).toEqual(['read', 'write']);
    badgeCookie = signedIn.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  });

  it('keeps planned jobs off the floor until they are released', async () => {
    expect(jobs.length).toBeGreaterThan(0);
    const [job] = jobs;
    const detail = (await t.as('planner').get(`/api/jobs/${job.id}`)).json();
    const first = detail.operations[0];
    expect(first.instructions).toMatch(/heat number/); // copied from the routing
    expect(first.drawingUrl).toBe(DRAWING);
    expect(detail.operations[1].drawingUrl).toBeNull();
    const dispatch = (await asOperator(`/api/work-centers/${first.workCenterId}/dispatch-list`)).json();
    expect(dispatch.operations.map((o: { jobId: string }) => o.jobId)).not.toContain(job.id);
    const refused = await book(first.id, { kind: 'setup' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'kind', rule: 'job-on-floor' });
    expect(refused.json().detail).toMatch(/not released/);
  });

  it('releases jobs within the frozen zone; an operator may not release', async () => {
    const forbidden = await asOperator('/api/jobs/release', { horizonDays: 30 });
    expect(forbidden.statusCode).toBe(403);
    const empty = await t.as('planner').post('/api/jobs/release', {});
    expect(empty.statusCode).toBe(400);
    const response = await t.as('planner').post('/api/jobs/release', { horizonDays: 60 });
    expect(response.statusCode, response.body).toBe(200);
    const released = response.json().released.map((j: { number: string }) => j.number);
    expect(released).toEqual(expect.arrayContaining(jobs.map((j) => j.number)));
    const again = await t.as('planner').post('/api/jobs/release', { horizonDays: 60 });
    expect(again.json().released).toEqual([]);
    const [event] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from integration_events where type = 'job.released'`,
    );
    expect(event.n).toBe(released.length);
  });

  it('issues material to a released job by scanning its label, and refuses what is not its material', async () => {
    const rodJob = jobs.find((j) => j.itemNumber === 'FG-ROD-060')!;
    const before = (await asOperator(`/api/jobs/${rodJob.id}/material`)).json();
    const [bar] = before.lines;
    expect(bar).toMatchObject({ itemNumber: 'RM-C45-060', issued: 0 });
    expect(bar.required).toBeGreaterThan(0);
    // the bar arrives as a lot; the operator scans the lot's label
    const stores = (await t.as('buyer').get('/api/stock-locations'))
      .json()
      .find((l: { code: string }) => l.code === 'STORES');
    const receipt = await t.as('buyer').post('/api/stock/receipts', {
      itemId: bar.itemId,
      quantity: 200,
      locationId: stores.id,
      lotNumber: 'HEAT-4711',
    });
    expect(receipt.statusCode, receipt.body).toBe(201);
    const issued = await asOperator(`/api/jobs/${rodJob.id}/material-issues`, {
      scan: ' HEAT-4711 ',
      quantity: 2,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().lines[0].issued).toBe(2);
    const unknown = await asOperator(`/api/jobs/${rodJob.id}/material-issues`, {
      scan: 'NO-SUCH-LABEL',
      quantity: 1,
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'scan', rule: 'exists' });
    const foreign = await asOperator(`/api/jobs/${rodJob.id}/material-issues`, {
      scan: 'FG-ROD-060',
      quantity: 1,
    });
    expect(foreign.json().errors[0]).toMatchObject({ field: 'scan', rule: 'in-bom' });
  });

  it('works an operation: setup, run, scrap with reason, finish; minutes and quantities add up', async () => {
    const rodJob = jobs.find((j) => j.itemNumber === 'FG-ROD-060')!;
    const detail = (await t.as('planner').get(`/api/jobs/${rodJob.id}`)).json();
    const first = detail.operations[0];
    const dispatch = (await asOperator(`/api/work-centers/${first.workCenterId}/dispatch-list`)).json();
    const line = dispatch.operations.find((o: { id: string }) => o.id === first.id);
    expect(line).toMatchObject({ status: 'released', jobNumber: rodJob.number, waitingFor: [] });
    expect(line.machineCode).toMatch(new RegExp(`^${dispatch.workCenterCode}-\\d+$`));

    const t0 = Date.now();
    const setup = await book(first.id, { kind: 'setup' });
    expect(setup.statusCode, setup.body).toBe(200);
    expect(setup.json().operation).toMatchObject({
      status: 'setup',
      operators: [{ name: 'Anna Becker', activity: 'setup' }],
    });
    // the second operation now waits for the first
    const second = detail.operations[1];
    const next = (await asOperator(`/api/job-operations/${second.id}`)).json();
    expect(next.waitingFor).toEqual([first.number]);

    const run = await book(first.id, { kind: 'run' });
    expect(run.json().operation.status).toBe('running');
    expect((await t.as('planner').get(`/api/jobs/${rodJob.id}`)).json().status).toBe('in-progress');

    const noReason = await book(first.id, { kind: 'quantity', goodQuantity: 1, scrapQuantity: 1 });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('scrapReasonId');
    const wrongKind = await book(first.id, { kind: 'pause', goodQuantity: 1 });
    expect(wrongKind.json().errors[0].field).toBe('goodQuantity');

    const reported = await book(first.id, {
      kind: 'quantity',
      goodQuantity: 3,
      scrapQuantity: 1,
      scrapReasonId,
    });
    expect(reported.json().operation).toMatchObject({ goodQuantity: 3, scrapQuantity: 1, status: 'running' });

    const finished = await book(first.id, { kind: 'finish', goodQuantity: 1 });
    expect(finished.statusCode, finished.body).toBe(200);
    const op = finished.json().operation;
    expect(op).toMatchObject({ status: 'done', goodQuantity: 4, scrapQuantity: 1, operators: [] });
    expect(op.actualSetupStart).not.toBeNull();
    expect(op.actualEnd).not.toBeNull();
    const elapsedMinutes = (Date.now() - t0) / 60_000;
    expect(op.actualSetupMinutes + op.actualRunMinutes).toBeGreaterThan(0);
    expect(op.actualSetupMinutes + op.actualRunMinutes).toBeLessThanOrEqual(elapsedMinutes + 1e-6);
    expect(op.bookings.map((b: { kind: string }) => b.kind)).toEqual(['setup', 'run', 'quantity', 'finish']);
    expect(op.bookings[2].scrapReason).toBe('Dimension out of tolerance');
    expect(finished.json().jobCompleted).toBe(false);

    const twice = await book(first.id, { kind: 'run' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().detail).toMatch(/already finished/);
  });

  it('books a double tap once', async () => {
    const rodJob = jobs.find((j) => j.itemNumber === 'FG-ROD-060')!;
    const second = (await t.as('planner').get(`/api/jobs/${rodJob.id}`)).json().operations[1];
    const body = { clientEventId: eventId(), kind: 'run' };
    const [a, b] = await Promise.all([
      asOperator(`/api/job-operations/${second.id}/bookings`, body),
      asOperator(`/api/job-operations/${second.id}/bookings`, body),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect([a.json().replayed, b.json().replayed].sort()).toEqual([false, true]);
    const [count] = await queryRows<{ n: number; sessions: number }>(
      t.services.db,
      sql`select (select count(*) from operation_bookings where job_operation_id = ${second.id})::int as n,
                 (select count(*) from operator_sessions where job_operation_id = ${second.id})::int as sessions`,
    );
    expect(count).toEqual({ n: 1, sessions: 1 });
  });

  it('finishing the last operation completes the job and puts its output into stock for the line', async () => {
    const rodJob = jobs.find((j) => j.itemNumber === 'FG-ROD-060')!;
    const ops = (await t.as('planner').get(`/api/jobs/${rodJob.id}`)).json().operations;
    let last: { jobCompleted: boolean } | undefined;
    for (const op of ops.slice(1)) {
      if (op.status !== 'running') expect((await book(op.id, { kind: 'run' })).statusCode).toBe(200);
      // 2 kg of the bar were issued: finishing the job without the rest is acknowledged
      const done = await book(op.id, { kind: 'finish', goodQuantity: 4, acknowledgeMissingMaterial: true });
      expect(done.statusCode, done.body).toBe(200);
      last = done.json();
    }
    expect(last?.jobCompleted).toBe(true);
    const job = (await t.as('planner').get(`/api/jobs/${rodJob.id}`)).json();
    expect(job.status).toBe('done');
    const [stock] = await queryRows<{ produced: string; reserved: string }>(
      t.services.db,
      sql`select (select coalesce(sum(quantity), 0) from stock_moves where job_id = ${rodJob.id} and kind = 'production') as produced,
                 (select coalesce(sum(quantity), 0) from stock_reservations where sales_order_line_id = ${lineId}) as reserved`,
    );
    expect(Number(stock.produced)).toBe(4);
    expect(Number(stock.reserved)).toBeGreaterThanOrEqual(4);
    const [events] = await queryRows<{ types: string[] }>(
      t.services.db,
      sql`select array_agg(distinct type order by type) as types from integration_events`,
    );
    expect(events.types).toEqual(
      expect.arrayContaining([
        'job.completed',
        'operation.finished',
        'operation.reported',
        'operation.started',
      ]),
    );
  });

  it('prints a job traveler with a page per job', async () => {
    const response = await t.as('planner').get(`/api/jobs/${jobs[0].id}/traveler.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps reason codes unique per kind', async () => {
    const clash = await t
      .as('supervisor')
      .post('/api/reason-codes', { kind: 'scrap', code: 'dim', name: 'Again' });
    expect(clash.statusCode).toBe(422);
    const ok = await t
      .as('supervisor')
      .post('/api/reason-codes', { kind: 'stop', code: 'dim', name: 'Dimension check' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'stop', code: 'DIM', planned: false });
  });

  it('runs one operation per machine unless the work center allows more', async () => {
    const firstOperation = async () => {
      const {
        jobs: [job],
      } = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 2, requestedInDays: 30 });
      const released = await t.as('planner').post('/api/jobs/release', { jobIds: [job.id] });
      expect(released.statusCode, released.body).toBe(200);
      return { job, op: (await t.as('planner').get(`/api/jobs/${job.id}`)).json().operations[0] };
    };
    const a = await firstOperation();
    const b = await firstOperation();
    expect(a.op.workCenterId).toBe(b.op.workCenterId);
    expect((await book(a.op.id, { kind: 'setup', machineIndex: 0 })).statusCode).toBe(200);

    const busy = await book(b.op.id, { kind: 'setup', machineIndex: 0 });
    expect(busy.statusCode).toBe(422);
    expect(busy.json().errors[0]).toMatchObject({ field: 'machineIndex', rule: 'machine-free' });
    expect(busy.json().detail).toContain(`${a.job.number} op ${a.op.number}`);
    // another operator joining the operation already on the machine is no second operation
    expect((await book(a.op.id, { kind: 'run' })).statusCode).toBe(200);

    const wcUrl = `/api/work-centers/${a.op.workCenterId}`;
    const wc = (await t.as('engineer').get(wcUrl)).json();
    expect(wc.operationsPerMachine).toBe(1);
    const widened = await t
      .as('engineer')
      .patch(wcUrl, { operationsPerMachine: 2 }, { 'if-match': String(wc.version) });
    expect(widened.statusCode, widened.body).toBe(200);
    expect((await book(b.op.id, { kind: 'setup', machineIndex: 0 })).statusCode).toBe(200);
    const bad = await t
      .as('engineer')
      .patch(wcUrl, { operationsPerMachine: 0 }, { 'if-match': String(widened.json().version) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('operationsPerMachine');
  });
});
