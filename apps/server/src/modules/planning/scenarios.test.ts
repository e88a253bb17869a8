/**
 * What-if scenarios over the API on the demo plant with three confirmed orders: a work center
 * taken down makes their lines later and the KPIs say so, extra shifts make them earlier,
 * computing never touches the live plan, adopting writes the scenario's plan, its calendar
 * exceptions and the lines' new promises, a scenario computed on an older plan is a 409, bad
 * input is a problem+json, and runs stream their progress as server-sent events and stop
 * when cancelled.
 */
import type { AdoptScenarioResult, PlanningRun, Scenario } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app';

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

let t: TestApp;
/** the work center the orders' operations use most */
let busiest: { id: string; code: string; calendarId: string };
let lineIds: string[];

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  const [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  const endItems = await queryRows<{ id: string }>(
    t.services.db,
    sql`select i.id from items i
        where i.kind = 'make' and i.active and not i.configurable
          and not exists (select 1 from bom_lines l where l.child_item_id = i.id)
          and exists (select 1 from routings r where r.item_id = i.id and r.status = 'released')
        order by i.number limit 3`,
  );
  lineIds = [];
  for (const [x, item] of endItems.entries()) {
    const order = (
      await t.as('sales').post('/api/sales-orders', {
        customerId: customer.id,
        lines: [{ itemId: item.id, quantity: 2 + x, requestedDate: inDays(25 + 5 * x), unitPrice: 100_000 }],
      })
    ).json();
    const confirmed = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    lineIds.push(confirmed.json().lines[0].id);
  }
  const [row] = await queryRows<{ id: string; code: string; calendar_id: string }>(
    t.services.db,
    sql`select w.id, w.code, w.calendar_id from job_operations o
        join production_jobs j on j.id = o.job_id join work_centers w on w.id = o.work_center_id
        where j.status = 'planned' and o.planned_start is not null and w.machines = 1
        group by w.id, w.code, w.calendar_id order by sum(o.run_minutes) desc, w.code limit 1`,
  );
  busiest = { id: row.id, code: row.code, calendarId: row.calendar_id };
}, 240_000);
afterAll(async () => {
  await t.close();
});

/** Everything a scenario must leave alone until it is adopted, as text. */
const liveState = async () =>
  JSON.stringify(
    await Promise.all([
      queryRows(
        t.services.db,
        sql`select id, machine_index, planned_setup_start, planned_start, planned_end, status from job_operations order by id`,
      ),
      queryRows(
        t.services.db,
        sql`select id, planned_start, planned_end, status, version from production_jobs order by id`,
      ),
      queryRows(t.services.db, sql`select id, promise, promised_date from sales_order_lines order by id`),
      queryRows(t.services.db, sql`select * from calendars order by id`),
      queryRows(t.services.db, sql`select id, calendar_id, version from work_centers order by id`),
      queryRows(t.services.db, sql`select id, due_at from purchase_order_lines order by id`),
      queryRows(t.services.db, sql`select * from supply_pegs order by id`),
      queryRows(t.services.db, sql`select count(*)::int as n from integration_events`),
    ]),
  );

const planner = () => t.as('planner');

async function createScenario(name: string, changes: unknown[] = []): Promise<Scenario> {
  const created = await planner().post('/api/planning/scenarios', { name, changes });
  expect(created.statusCode, created.body).toBe(201);
  return created.json();
}

async function compute(scenario: Scenario): Promise<Scenario> {
  const started = await planner().post(`/api/planning/scenarios/${scenario.id}/compute`, {});
  expect(started.statusCode, started.body).toBe(202);
  const { run } = started.json() as { run: PlanningRun };
  const finished = await t.services.scenarios.runs.finished(run.id);
  expect(finished.status, finished.error ?? '').toBe('done');
  const computed = (await planner().get(`/api/planning/scenarios/${scenario.id}`)).json() as Scenario;
  expect(computed.status).toBe('computed');
  return computed;
}

const plannedOf = (s: Scenario) =>
  new Map(
    s.result!.lines.filter((l) => l.lineId).map((l) => [l.lineId!, Date.parse(l.plannedScenario)] as const),
  );

describe('what-if scenarios', () => {
  let baseline: Scenario;
  let down: Scenario;
  let shifts: Scenario;

  it('computes a scenario without touching the live plan', async () => {
    const before = await liveState();
    baseline = await compute(await createScenario('re-plan only'));
    down = await compute(
      await createScenario(`${busiest.code} down for ten days`, [
        {
          kind: 'machine-down',
          workCenterId: busiest.id,
          from: new Date(Date.now() + 60 * 60_000).toISOString(),
          to: new Date(Date.now() + 10 * DAY).toISOString(),
        },
      ]),
    );
    expect(await liveState()).toBe(before);
    expect(baseline.result!.live.lines).toBe(3);
    expect(baseline.baseFingerprint).toBe(down.baseFingerprint);
  }, 120_000);

  it('takes a work center down: the lines that need it finish later and the KPIs show it', () => {
    const r = down.result!;
    const late = r.lines.filter(
      (l) => l.lineId && Date.parse(l.plannedScenario) > Date.parse(l.plannedLive!),
    );
    expect(late.length).toBeGreaterThan(0);
    const base = new Map(
      baseline.result!.lines.map((l) => [l.lineId, Date.parse(l.plannedScenario)] as const),
    );
    // later than the same re-plan without the change, for every line that moved
    for (const l of late)
      expect(Date.parse(l.plannedScenario)).toBeGreaterThan(base.get(l.lineId) ?? Date.parse(l.plannedLive!));
    expect(r.scenario.totalLatenessMinutes + r.scenario.promiseChanges).toBeGreaterThan(0);
    expect(r.scenario.promiseChanges).toBeGreaterThan(0);
    const utilisation = r.scenario.utilization.find((u) => u.workCenterId === busiest.id)!;
    const liveUtilisation = r.live.utilization.find((u) => u.workCenterId === busiest.id)!;
    expect(utilisation.availableMinutes).toBeLessThan(liveUtilisation.availableMinutes);
    expect(r.operationsMoved).toBeGreaterThan(0);
    expect(r.notes.join(' ')).toContain(`${busiest.code} down`);
    // the same re-plan without the change comes along, to tell the change's effect from the re-plan's
    expect(r.replanned?.lines).toBe(3);
    expect(baseline.result!.replanned).toBeNull();
  });

  it('adds weekend shifts: the lines finish earlier than the same re-plan without them', async () => {
    const used = await queryRows<{ id: string }>(
      t.services.db,
      sql`select distinct o.work_center_id as id from job_operations o join production_jobs j on j.id = o.job_id
          where j.status = 'planned' order by 1`,
    );
    shifts = await compute(
      await createScenario(
        'weekend shifts',
        used.map((w) => ({
          kind: 'add-shift',
          workCenterId: w.id,
          from: inDays(0),
          to: inDays(60),
          start: '06:00',
          end: '22:00',
          weekdays: [6, 7],
        })),
      ),
    );
    const base = plannedOf(baseline);
    const live = new Map(
      baseline
        .result!.lines.filter((l) => l.lineId)
        .map((l) => [l.lineId!, Date.parse(l.plannedLive!)] as const),
    );
    const mine = plannedOf(shifts);
    let earlier = 0;
    let sumBase = 0;
    let sumMine = 0;
    for (const id of lineIds) {
      const b = base.get(id) ?? live.get(id) ?? Number.NaN;
      const a = mine.get(id) ?? b;
      sumBase += b;
      sumMine += a;
      if (a < b) earlier++;
    }
    expect(earlier).toBeGreaterThan(0);
    expect(sumMine).toBeLessThan(sumBase);
    expect(shifts.result!.scenario.utilization.length).toBeGreaterThan(0);
  }, 120_000);

  it('adopts a scenario: its planned times, calendar days and promises become the live plan', async () => {
    const adopted = await planner().post(`/api/planning/scenarios/${shifts.id}/adopt`, {});
    expect(adopted.statusCode, adopted.body).toBe(200);
    const body = adopted.json() as AdoptScenarioResult;
    expect(body.scenario.status).toBe('adopted');
    expect(body.operationsMoved).toBe(shifts.result!.operationsMoved);
    const plan = (
      await queryRows<{
        plan: { writes: { id: string; start: string; end: string; machineIndex: number }[] };
      }>(t.services.db, sql`select plan from planning_scenarios where id = ${shifts.id}`)
    )[0].plan;
    const stored = new Map(
      (
        await queryRows<{ id: string; planned_start: string; planned_end: string; machine_index: number }>(
          t.services.db,
          sql`select id, planned_start, planned_end, machine_index from job_operations`,
        )
      ).map((r) => [r.id, r]),
    );
    expect(plan.writes.length).toBeGreaterThan(0);
    for (const w of plan.writes) {
      const r = stored.get(w.id)!;
      expect(new Date(r.planned_start).toISOString()).toBe(w.start);
      expect(new Date(r.planned_end).toISOString()).toBe(w.end);
      expect(r.machine_index).toBe(w.machineIndex);
    }
    // the lines are re-promised from the scenario's forecast
    const promises = new Map(
      (
        await queryRows<{ id: string; promise: { p90At: string; explanation: string } }>(
          t.services.db,
          sql`select id, promise from sales_order_lines`,
        )
      ).map((r) => [r.id, r.promise]),
    );
    for (const l of shifts.result!.lines.filter((x) => x.lineId)) {
      expect(promises.get(l.lineId!)?.p90At).toBe(l.p90Scenario);
      expect(promises.get(l.lineId!)?.explanation).toContain('weekend shifts');
    }
    // the shared calendar stays; each work center got its own copy with the weekend days
    expect(body.applied.join(' ')).toContain('own calendar');
    const [wc] = await queryRows<{ calendar_id: string; name: string; exceptions: { date: string }[] }>(
      t.services.db,
      sql`select w.calendar_id, c.name, c.exceptions from work_centers w join calendars c on c.id = w.calendar_id
          where w.id = ${busiest.id}`,
    );
    expect(wc.calendar_id).not.toBe(busiest.calendarId);
    expect(wc.name).toContain(busiest.code);
    expect(wc.exceptions.length).toBeGreaterThanOrEqual(16);
    const audit = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from audit_log where action = 'adopt-scenario' and entity_id = ${shifts.id}`,
    );
    expect(audit[0].n).toBe(1);
  }, 60_000);

  it('refuses to adopt a scenario computed on a plan that has changed since (409)', async () => {
    const stale = await planner().post(`/api/planning/scenarios/${down.id}/adopt`, {});
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json().errors[0].field).toBe('baseFingerprint');
    // computed again on today's plan, it may be adopted; discarding it just marks it
    const discarded = await planner().post(`/api/planning/scenarios/${down.id}/discard`, {});
    expect(discarded.json().status).toBe('discarded');
    const again = await planner().post(`/api/planning/scenarios/${down.id}/adopt`, {});
    expect(again.statusCode).toBe(422);
  });

  it('answers bad input with problem+json naming the field', async () => {
    const empty = await planner().post('/api/planning/scenarios', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    const unknown = await planner().post('/api/planning/scenarios', {
      name: 'x',
      changes: [
        {
          kind: 'machine-down',
          workCenterId: '00000000-0000-4000-8000-000000000001',
          from: new Date().toISOString(),
          to: new Date(Date.now() + DAY).toISOString(),
        },
        {
          kind: 'add-order',
          itemId: '00000000-0000-4000-8000-000000000002',
          quantity: 1,
          dueDate: inDays(10),
        },
      ],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'changes.0.workCenterId',
      'changes.1.itemId',
    ]);
    const backwards = await planner().post('/api/planning/scenarios', {
      name: 'x',
      changes: [
        {
          kind: 'machine-down',
          workCenterId: busiest.id,
          machineIndex: 4,
          from: new Date(Date.now() + DAY).toISOString(),
          to: new Date().toISOString(),
        },
      ],
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors.map((e: { rule: string }) => e.rule)).toEqual([
      'after-from',
      'machine-of-work-center',
    ]);
    const draft = await createScenario('draft');
    const notComputed = await planner().post(`/api/planning/scenarios/${draft.id}/adopt`, {});
    expect(notComputed.statusCode).toBe(422);
    const stale = await planner().post(
      `/api/planning/scenarios/${draft.id}/changes`,
      { change: { kind: 'delay-supplier', supplierId: '00000000-0000-4000-8000-000000000003', days: 3 } },
      { 'if-match': '1' },
    );
    expect(stale.statusCode).toBe(422);
    expect(stale.json().errors[0].field).toBe('change.supplierId');
    const conflict = await planner().post(`/api/planning/scenarios/${draft.id}/changes`, {
      version: 7,
      change: {
        kind: 'add-shift',
        workCenterId: busiest.id,
        from: inDays(1),
        to: inDays(2),
        start: '22:00',
        end: '02:00',
      },
    });
    expect(conflict.statusCode).toBe(409);
    expect(
      (await planner().get('/api/planning/scenarios/00000000-0000-4000-8000-000000000004')).statusCode,
    ).toBe(404);
    expect((await t.as('operator').post(`/api/planning/scenarios/${draft.id}/compute`, {})).statusCode).toBe(
      403,
    );
    expect((await t.as('operator').get('/api/planning/scenarios')).statusCode).toBe(200);
  });
});

describe('a late supplier', () => {
  it('holds back the operations that wait for its material, and adopting moves its purchase order lines', async () => {
    await t.services.purchaseOrders.orderRequisitions(systemActor);
    const [line] = await queryRows<{ id: string; supplier_id: string; number: string; due_at: string }>(
      t.services.db,
      sql`select l.id, o.supplier_id, o.number, l.due_at from purchase_order_lines l
          join purchase_orders o on o.id = l.purchase_order_id
          join supply_pegs p on p.supply_kind = 'purchase-order-line' and p.supply_id = l.id
          order by l.due_at limit 1`,
    );
    expect(line, 'a purchase order line pegged to an order line').toBeDefined();
    const late = await compute(
      await createScenario('supplier three weeks late', [
        { kind: 'delay-supplier', supplierId: line.supplier_id, days: 21 },
      ]),
    );
    const notes = late.result!.notes.join(' ');
    expect(notes).toContain(line.number);
    expect(notes).toContain('wait(s) for it');
    const adopted = await planner().post(`/api/planning/scenarios/${late.id}/adopt`, {});
    expect(adopted.statusCode, adopted.body).toBe(200);
    const [after] = await queryRows<{ due_at: string }>(
      t.services.db,
      sql`select due_at from purchase_order_lines where id = ${line.id}`,
    );
    expect(Date.parse(after.due_at) - Date.parse(line.due_at)).toBe(21 * DAY);
  }, 120_000);
});

describe('a hypothetical order line', () => {
  it('is planned through MRP beside the live orders, and is left out when the scenario is adopted', async () => {
    const [item] = await queryRows<{ id: string }>(
      t.services.db,
      sql`select j.item_id as id from production_jobs j where j.sales_order_line_id = ${lineIds[0]} limit 1`,
    );
    const what = await compute(
      await createScenario('a big order', [
        { kind: 'add-order', itemId: item.id, quantity: 20, dueDate: inDays(30) },
      ]),
    );
    const r = what.result!;
    expect(r.hypotheticalOperations).toBeGreaterThan(0);
    const line = r.lines.find((l) => l.lineId === null)!;
    expect(line.changeId).toBe(what.changes[0].id);
    expect(Date.parse(line.plannedScenario)).toBeGreaterThan(Date.now());
    expect(r.scenario.lines).toBe(r.live.lines + 1);
    const before = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from production_jobs`,
    );
    const adopted = await planner().post(`/api/planning/scenarios/${what.id}/adopt`, {});
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json().notApplied.join(' ')).toContain('hypothetical order line');
    const after = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from production_jobs`,
    );
    expect(after[0].n).toBe(before[0].n);
  }, 120_000);
});

describe('planning runs with live progress', () => {
  it('streams a full re-plan’s progress as server-sent events over HTTP until it is done', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'planner@test.local', password: TEST_PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const started = await fetch(`${address}/api/planning/runs`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'replan' }),
    });
    expect(started.status).toBe(202);
    const run = (await started.json()) as PlanningRun;
    const stream = await fetch(`${address}/api/planning/runs/${run.id}/events`, { headers: { cookie } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const text = await stream.text(); // the server ends the stream after the last event
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({
      event: m[1],
      run: JSON.parse(m[2]) as PlanningRun,
    }));
    expect(events.at(-1)?.event).toBe('done');
    expect(events.at(-1)?.run.percent).toBe(100);
    const phases = events.map((e) => e.run.phase);
    expect(phases).toContain('finished');
    const percents = events.map((e) => e.run.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(events.at(-1)?.run.result).toHaveProperty('moved');
    const unknown = await fetch(`${address}/api/planning/runs/00000000-0000-4000-8000-000000000005/events`, {
      headers: { cookie },
    });
    expect(unknown.status).toBe(404);
  }, 60_000);

  it('cancels a running re-plan: the worker stops and nothing is written', async () => {
    const before = await liveState();
    const started = await planner().post('/api/planning/runs', { kind: 'replan' });
    expect(started.statusCode, started.body).toBe(202);
    const run = started.json() as PlanningRun;
    const scheduling = new Promise<void>((resolve) => {
      const stop = t.services.scenarios.runs.subscribe(run.id, (r) => {
        if (r.phase === 'scheduling' || r.status !== 'running') {
          stop();
          resolve();
        }
      });
    });
    await scheduling;
    const again = await planner().post('/api/planning/runs', { kind: 'replan' });
    expect(again.statusCode).toBe(409);
    const cancelled = await planner().post(`/api/planning/runs/${run.id}/cancel`, {});
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await liveState()).toBe(before);
  }, 60_000);
});
