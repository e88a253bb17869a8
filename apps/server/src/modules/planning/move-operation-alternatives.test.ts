/**
 * Moving an operation to an alternative work center, over the API on the demo plant: the forged
 * rod's forging (routing: the 1600 t press, the 4000 t press as an alternative at ×1.3) goes to
 * the other press; the preview gives its duration there (efficiency × speed factor) and what it
 * moves, apply stores the work center and the duration and pins the operation, and the re-plan
 * from progress keeps all of it. A work center the routing does not name is refused with the
 * reason, and the board offers the alternative for the drag.
 */
import type { MovePreview, PlanningBoard } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { type ConfirmedDemoOrder, confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

const DAY = 86_400_000;
const QUANTITY = 40;

let t: TestApp;
let order: ConfirmedDemoOrder;
let centers: Map<string, { id: string; efficiency: number }>;

interface OpRow {
  id: string;
  number: string;
  work_center_id: string;
  code: string;
  machine_index: number;
  run_minutes: string;
  setup_start: string;
  planned_end: string;
  pinned_at: string | null;
  pinned_by: string | null;
}

const operationsOf = async (jobId: string) =>
  (
    await queryRows<OpRow>(
      t.services.db,
      sql`select o.id, o.number, o.work_center_id, w.code, o.machine_index, o.run_minutes,
                 coalesce(o.planned_setup_start, o.planned_start) as setup_start, o.planned_end, o.pinned_at, o.pinned_by
          from job_operations o join work_centers w on w.id = o.work_center_id
          where o.job_id = ${jobId} order by o.number`,
    )
  ).map((r) => ({
    ...r,
    setup_start: new Date(r.setup_start).toISOString(),
    planned_end: new Date(r.planned_end).toISOString(),
  }));

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  order = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: QUANTITY, requestedInDays: 30 });
  const rows = await queryRows<{ id: string; code: string; efficiency: string }>(
    t.services.db,
    sql`select id, code, efficiency from work_centers`,
  );
  centers = new Map(rows.map((r) => [r.code, { id: r.id, efficiency: Number(r.efficiency) }]));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('moving an operation to an alternative work center', () => {
  let forge: OpRow;
  let other: string;
  let body: { operationId: string; workCenterId: string; machineIndex: number; start: string };
  let preview: MovePreview;

  it('offers the other press on the board for the forging, and no alternative for the sawing', async () => {
    const ops = await operationsOf(order.jobs[0].id);
    forge = ops.find((o) => o.number === '020')!;
    expect(['FP16', 'FP40']).toContain(forge.code);
    other = forge.code === 'FP16' ? 'FP40' : 'FP16';
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + 60 * DAY).toISOString();
    const board = (
      await t.as('planner').get(`/api/planning/board?from=${from}&to=${to}`)
    ).json() as PlanningBoard;
    const onBoard = board.workCenters.flatMap((w) => w.machines.flatMap((m) => m.operations));
    expect(onBoard.find((o) => o.id === forge.id)?.alternativeWorkCenterIds).toEqual([
      centers.get(other)!.id,
    ]);
    const saw = ops.find((o) => o.number === '010')!;
    expect(onBoard.find((o) => o.id === saw.id)?.alternativeWorkCenterIds).toEqual([]);
    expect(onBoard.find((o) => o.id === forge.id)?.pinnedAt).toBeNull();
  });

  it('previews the forging on the other press with its duration there, writing nothing', async () => {
    const before = await operationsOf(order.jobs[0].id);
    body = {
      operationId: forge.id,
      workCenterId: centers.get(other)!.id,
      machineIndex: 0,
      start: new Date(Date.parse(forge.setup_start) + DAY).toISOString(),
    };
    const response = await t.as('planner').post('/api/planning/moves/preview', body);
    expect(response.statusCode, response.body).toBe(200);
    preview = response.json();
    // the routing's standard minutes: 3 min per rod; the 4000 t press runs it at ×1.3
    const speed = (code: string) => (code === 'FP40' ? 1.3 : 1);
    const standard = 3 * QUANTITY;
    const on = (code: string) => Math.ceil(standard / (centers.get(code)!.efficiency * speed(code)) - 1e-9);
    expect(Number(forge.run_minutes)).toBe(on(forge.code));
    expect(preview.operation.before).toMatchObject({
      workCenterCode: forge.code,
      runMinutes: on(forge.code),
    });
    // recomputed from the routing's standard minutes with the other press's efficiency and speed
    expect(preview.operation.after.runMinutes).toBe(on(other));
    expect(preview.operation.after.runMinutes).not.toBe(preview.operation.before.runMinutes);
    expect(preview.operation.after).toMatchObject({
      workCenterId: centers.get(other)!.id,
      workCenterCode: other,
      machineIndex: 0,
      machineCode: `${other}-1`,
    });
    expect(preview.operation.workCenterCode).toBe(other);
    expect(preview.workCenterChange).toEqual({
      fromCode: forge.code,
      toCode: other,
      speedFactor: speed(other),
      runMinutesBefore: on(forge.code),
      runMinutesAfter: preview.operation.after.runMinutes,
    });
    // its processing fits its planned span there (setup 90 min before it)
    const span =
      (Date.parse(preview.operation.after.end) - Date.parse(preview.operation.after.start)) / 60_000;
    expect(span).toBeGreaterThanOrEqual(preview.operation.after.runMinutes);
    // quench and temper follows it, after its queue time (60 + 30 min move)
    const temper = preview.moved.find((m) => m.operationNumber === '030' && m.jobId === order.jobs[0].id)!;
    expect(temper, JSON.stringify(preview.moved)).toBeDefined();
    expect(Date.parse(temper.after.setupStart)).toBeGreaterThanOrEqual(
      Date.parse(preview.operation.after.end) + 90 * 60_000,
    );
    expect(preview.lines.map((l) => l.lineId)).toContain(order.lineId);
    expect(await operationsOf(order.jobs[0].id)).toEqual(before);
  });

  it('applies it: the work center and its duration are stored, the operation pinned', async () => {
    const response = await t.as('planner').post('/api/planning/moves/apply', {
      ...body,
      planFingerprint: preview.planFingerprint,
      previewedAt: preview.previewedAt,
    });
    expect(response.statusCode, response.body).toBe(200);
    const stored = (await operationsOf(order.jobs[0].id)).find((o) => o.id === forge.id)!;
    expect(stored).toMatchObject({
      work_center_id: centers.get(other)!.id,
      code: other,
      machine_index: 0,
      setup_start: preview.operation.after.setupStart,
      planned_end: preview.operation.after.end,
      pinned_by: t.userIds.planner,
    });
    expect(Number(stored.run_minutes)).toBe(preview.operation.after.runMinutes);
    expect(stored.pinned_at).not.toBeNull();
  });

  it('keeps the chosen work center, its duration and its pinned start through a re-plan from progress', async () => {
    const before = (await operationsOf(order.jobs[0].id)).find((o) => o.id === forge.id)!;
    const replan = await t.as('planner').post('/api/planning/replan-from-progress', {});
    expect(replan.statusCode, replan.body).toBe(200);
    const after = (await operationsOf(order.jobs[0].id)).find((o) => o.id === forge.id)!;
    expect(after).toEqual(before);
    // and the next move starts from it: back to the routing's own press is offered too
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + 60 * DAY).toISOString();
    const board = (
      await t.as('planner').get(`/api/planning/board?from=${from}&to=${to}`)
    ).json() as PlanningBoard;
    const wc = board.workCenters.find((w) => w.code === other)!;
    const bar = wc.machines[0].operations.find((o) => o.id === forge.id)!;
    expect(bar.alternativeWorkCenterIds).toEqual([centers.get(forge.code)!.id]);
    expect(bar.pinnedAt).not.toBeNull();
    expect(bar.pinnedBy).toBe('Test planner');
  });

  it('refuses a work center the routing does not name, with the reason (422)', async () => {
    const response = await t.as('planner').post('/api/planning/moves/preview', {
      operationId: forge.id,
      workCenterId: centers.get('LATHE')!.id,
      machineIndex: 0,
      start: new Date(Date.now() + 2 * DAY).toISOString(),
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(JSON.stringify(problem)).toMatch(/workCenterId/);
    expect(JSON.stringify(problem)).toMatch(/alternative-work-center/);
    expect(problem.detail ?? problem.title).toMatch(
      new RegExp(
        `LATHE is not an alternative for operation 020 of ${order.jobs[0].number}: its routing runs it on FP16 or FP40 only`,
      ),
    );
    // an operation without alternatives stays on its own work center
    const saw = (await operationsOf(order.jobs[0].id)).find((o) => o.number === '010')!;
    const sawing = await t.as('planner').post('/api/planning/moves/preview', {
      operationId: saw.id,
      workCenterId: centers.get('FP40')!.id,
      machineIndex: 0,
      start: new Date(Date.now() + 2 * DAY).toISOString(),
    });
    expect(sawing.statusCode, sawing.body).toBe(422);
    expect(sawing.body).toMatch(/runs it on SAW only/);
  });
});
