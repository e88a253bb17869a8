/**
 * Drag and re-plan over the API on the demo plant with three confirmed orders sharing work
 * centers: an operation moved later takes its job's later operations with it, the machines stay
 * free of overlaps, the preview writes nothing, apply writes exactly the preview, a stale apply
 * is a 409 and work under way cannot be moved.
 */
import type { MovePreview } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

let t: TestApp;

interface OpRow {
  id: string;
  job_id: string;
  number: string;
  predecessors: string[];
  work_center_id: string;
  machine_index: number;
  setup_start: string;
  planned_start: string;
  planned_end: string;
  queue_minutes: string;
  sales_order_line_id: string | null;
}

const plannedOperations = async (): Promise<OpRow[]> =>
  (
    await queryRows<OpRow>(
      t.services.db,
      sql`select o.id, o.job_id, o.number, o.predecessors, o.work_center_id, o.machine_index,
               coalesce(o.planned_setup_start, o.planned_start) as setup_start, o.planned_start, o.planned_end,
               o.queue_minutes, j.sales_order_line_id
          from job_operations o join production_jobs j on j.id = o.job_id
          where j.status in ('planned', 'released', 'in-progress') and o.status <> 'done'
            and o.machine_index is not null and o.planned_start is not null
          order by o.id`,
    )
  ).map((r) => ({
    ...r,
    setup_start: new Date(r.setup_start).toISOString(),
    planned_start: new Date(r.planned_start).toISOString(),
    planned_end: new Date(r.planned_end).toISOString(),
  }));

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
  }
}, 180_000);
afterAll(async () => {
  await t.close();
});

/** An operation of an order's own job with a later operation in its job, on a machine other jobs use too. */
const pickOperation = (ops: OpRow[]) => {
  const jobsOnMachine = new Map<string, Set<string>>();
  for (const o of ops) {
    const key = `${o.work_center_id}#${o.machine_index}`;
    jobsOnMachine.set(key, (jobsOnMachine.get(key) ?? new Set()).add(o.job_id));
  }
  const candidates = ops.filter(
    (o) =>
      o.sales_order_line_id &&
      ops.some((s) => s.job_id === o.job_id && s.predecessors.includes(o.number)) &&
      (jobsOnMachine.get(`${o.work_center_id}#${o.machine_index}`)?.size ?? 0) > 1,
  );
  expect(candidates.length).toBeGreaterThan(0);
  return candidates.sort((a, b) => a.setup_start.localeCompare(b.setup_start))[0];
};

/** The plan after a preview: the stored one with the preview's new times. */
const withPreview = (ops: OpRow[], preview: MovePreview): OpRow[] => {
  const changes = new Map([preview.operation, ...preview.moved].map((m) => [m.id, m.after]));
  return ops.map((o) => {
    const c = changes.get(o.id);
    return c
      ? {
          ...o,
          machine_index: c.machineIndex,
          setup_start: c.setupStart,
          planned_start: c.start,
          planned_end: c.end,
        }
      : o;
  });
};

const expectNoOverlaps = (ops: OpRow[]) => {
  const byMachine = new Map<string, OpRow[]>();
  for (const o of ops) {
    const key = `${o.work_center_id}#${o.machine_index}`;
    byMachine.set(key, [...(byMachine.get(key) ?? []), o]);
  }
  for (const list of byMachine.values()) {
    list.sort((a, b) => a.setup_start.localeCompare(b.setup_start));
    for (let x = 1; x < list.length; x++)
      expect(Date.parse(list[x].setup_start), `${list[x - 1].id} then ${list[x].id}`).toBeGreaterThanOrEqual(
        Date.parse(list[x - 1].planned_end),
      );
  }
};

describe('moving an operation on the board', () => {
  let preview: MovePreview;
  let body: { operationId: string; machineIndex: number; start: string };
  let before: OpRow[];

  it('previews a move later: its successors follow it, machines stay free of overlaps, nothing is written', async () => {
    before = await plannedOperations();
    const op = pickOperation(before);
    // to where its successor starts now: the successor has to make way
    const next = before.find((s) => s.job_id === op.job_id && s.predecessors.includes(op.number))!;
    const later = next.setup_start;
    body = { operationId: op.id, machineIndex: op.machine_index, start: later };
    const response = await t.as('planner').post('/api/planning/moves/preview', body);
    expect(response.statusCode, response.body).toBe(200);
    preview = response.json();
    expect(preview.applied).toBe(false);
    expect(preview.operation.id).toBe(op.id);
    expect(Date.parse(preview.operation.after.setupStart)).toBeGreaterThanOrEqual(Date.parse(later));
    expect(preview.placement === 'as-requested').toBe(preview.operation.after.setupStart === later);
    if (preview.placement === 'later') expect(preview.placementReason).toBeTruthy();
    expect(preview.operation.after.machineIndex).toBe(op.machine_index);
    expect(preview.operation.shiftMinutes).toBeGreaterThan(0);

    const after = withPreview(before, preview);
    const byJob = after.filter((o) => o.job_id === op.job_id);
    const moved = after.find((o) => o.id === op.id)!;
    const successors = byJob.filter((o) => o.predecessors.includes(op.number));
    expect(successors.length).toBeGreaterThan(0);
    for (const s of successors) {
      expect(Date.parse(s.setup_start)).toBeGreaterThanOrEqual(
        Date.parse(moved.planned_end) + Number(s.queue_minutes) * 60_000,
      );
      expect(preview.moved.map((m) => m.id)).toContain(s.id);
    }
    // every operation after its predecessors, in the whole new plan
    for (const o of after)
      for (const p of o.predecessors) {
        const pred = after.find((x) => x.job_id === o.job_id && x.number === p);
        if (pred) expect(Date.parse(o.setup_start)).toBeGreaterThanOrEqual(Date.parse(pred.planned_end));
      }
    expectNoOverlaps(after);
    // the order line of the moved job is reported, with its later completion
    const line = preview.lines.find((l) => l.lineId === op.sales_order_line_id);
    expect(line, JSON.stringify(preview.lines)).toBeDefined();
    expect(line!.plannedShiftMinutes).toBeGreaterThanOrEqual(0);
    expect(Date.parse(line!.plannedAfter) - Date.parse(line!.plannedBefore)).toBe(
      line!.plannedShiftMinutes * 60_000,
    );
    expect(Date.parse(line!.p90After)).toBeGreaterThanOrEqual(Date.parse(line!.plannedAfter));
    expect(line!.orderNumber).toMatch(/^SO-/);
    expect(preview.moved.every((m) => /^JOB-\d{6}$/.test(m.jobNumber))).toBe(true);

    expect(await plannedOperations()).toEqual(before);
  });

  it('gives the same preview for the same plan and request', async () => {
    const again = (await t.as('planner').post('/api/planning/moves/preview', body)).json() as MovePreview;
    if (again.previewedAt === preview.previewedAt)
      expect(again.planFingerprint).toBe(preview.planFingerprint);
    expect(again.operation.after).toEqual(preview.operation.after);
    expect(again.moved.map((m) => [m.id, m.after])).toEqual(preview.moved.map((m) => [m.id, m.after]));
  });

  it('applies exactly the preview, re-promises the line, and refuses a stale apply with 409', async () => {
    const lineBefore = (
      await queryRows<{ promise: { plannedAt: string } }>(
        t.services.db,
        sql`select promise from sales_order_lines where id = ${preview.lines[0].lineId}`,
      )
    )[0];
    const apply = { ...body, planFingerprint: preview.planFingerprint, previewedAt: preview.previewedAt };
    expect((await t.as('operator').post('/api/planning/moves/apply', apply)).statusCode).toBe(403);
    const response = await t.as('planner').post('/api/planning/moves/apply', apply);
    expect(response.statusCode, response.body).toBe(200);
    const applied: MovePreview = response.json();
    expect(applied.applied).toBe(true);
    expect({ ...applied, applied: false }).toEqual(preview);
    expect(await plannedOperations()).toEqual(withPreview(before, preview));

    const [line] = await queryRows<{ promise: { plannedAt: string; p90At: string; explanation: string } }>(
      t.services.db,
      sql`select promise from sales_order_lines where id = ${preview.lines[0].lineId}`,
    );
    expect(line.promise.plannedAt).toBe(preview.lines[0].plannedAfter);
    expect(line.promise.p90At).toBe(preview.lines[0].p90After);
    expect(line.promise.explanation).toMatch(/moved work/);
    expect(lineBefore.promise.plannedAt).toBeTruthy();
    const [audit] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from audit_log where action = 'move-operation' and entity_id = ${body.operationId}`,
    );
    expect(audit.n).toBe(1);

    const stale = await t.as('planner').post('/api/planning/moves/apply', apply);
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().issues?.[0]?.field ?? stale.json().errors?.[0]?.field).toBe('planFingerprint');
  });

  it('refuses to move work under way, naming the field', async () => {
    const ops = await plannedOperations();
    const op = ops.find((o) => o.predecessors.length === 0 && o.sales_order_line_id)!;
    await t.services.execution.release(systemActor, { horizonDays: 365 });
    await t.services.execution.book(systemActor, t.userIds.operator, op.id, {
      clientEventId: 'move-run',
      kind: 'run',
    });
    const response = await t.as('planner').post('/api/planning/moves/preview', {
      operationId: op.id,
      machineIndex: op.machine_index,
      start: new Date(Date.now() + 3 * DAY).toISOString(),
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.body).toMatch(/operationId/);
    expect(response.body).toMatch(/not-under-way/);
  });

  it('keeps a move to the machines of the operation’s work center', async () => {
    const [op] = await queryRows<{ id: string }>(
      t.services.db,
      sql`select id from job_operations where status in ('planned', 'released') and machine_index is not null limit 1`,
    );
    const response = await t.as('planner').post('/api/planning/moves/preview', {
      operationId: op.id,
      machineIndex: 99,
      start: new Date(Date.now() + DAY).toISOString(),
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.body).toMatch(/machineIndex/);
  });
});
