/**
 * Pins, over the API on the demo plant with two confirmed orders: a moved operation is pinned,
 * and every later re-plan keeps its machine and start (the re-plan from progress, the full
 * re-plan run in a worker, a new order's confirmation) while it pulls the rest of the plan in;
 * unpinned, the next re-plan moves it again. Pinned work is not pushed by a move, not even
 * through its predecessors, and a drop onto it is placed after it.
 */
import type { PlanningBoard, PlanningRun } from '@takt/contracts';
import type { ScheduleProblem, ScheduleResult } from '@takt/engine';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { type ConfirmedDemoOrder, confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { conflictsOfPins } from './progress-replan';

const DAY = 86_400_000;

let t: TestApp;
let rod: ConfirmedDemoOrder;
let shaft: ConfirmedDemoOrder;

interface OpRow {
  id: string;
  job_id: string;
  number: string;
  work_center_id: string;
  machine_index: number;
  status: string;
  setup_start: string;
  planned_end: string;
  pinned_at: string | null;
}

const operations = async () =>
  (
    await queryRows<OpRow>(
      t.services.db,
      sql`select o.id, o.job_id, o.number, o.work_center_id, o.machine_index, o.status,
                 coalesce(o.planned_setup_start, o.planned_start) as setup_start, o.planned_end, o.pinned_at
          from job_operations o join production_jobs j on j.id = o.job_id
          where j.status in ('planned', 'released', 'in-progress') and o.planned_start is not null
          order by j.number, o.number`,
    )
  ).map((r) => ({
    ...r,
    setup_start: new Date(r.setup_start).toISOString(),
    planned_end: new Date(r.planned_end).toISOString(),
    pinned_at: r.pinned_at ? new Date(r.pinned_at).toISOString() : null,
  }));
const placement = (o: OpRow | undefined) =>
  o && { machine: `${o.work_center_id}#${o.machine_index}`, setupStart: o.setup_start, end: o.planned_end };
const find = async (id: string) => (await operations()).find((o) => o.id === id)!;
/** what a pin holds: its machine and start (its end follows the setup before it and the calendar) */
const held = (o: OpRow | undefined) =>
  o && { machine: `${o.work_center_id}#${o.machine_index}`, setupStart: o.setup_start };

const replan = async () => {
  const response = await t.as('planner').post('/api/planning/replan-from-progress', {});
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { moved: number; pinConflicts: unknown[] };
};

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  rod = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 20, requestedInDays: 30 });
  shaft = await confirmDemoOrder(t, { itemNumber: 'FG-SHAFT-080', quantity: 20, requestedInDays: 35 });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('pinned operations', () => {
  let shot: OpRow;
  let pinned: ReturnType<typeof placement>;

  it('pins what a move applies, and a re-plan from progress keeps it while it pulls the rest in', async () => {
    // the rod's last operation (shot blasting) two days later than planned: a gap before it
    shot = (await operations()).find((o) => o.job_id === rod.jobs[0].id && o.number === '040')!;
    const body = {
      operationId: shot.id,
      machineIndex: shot.machine_index,
      start: new Date(Date.parse(shot.setup_start) + 2 * DAY).toISOString(),
    };
    const preview = (await t.as('planner').post('/api/planning/moves/preview', body)).json();
    const applied = await t.as('planner').post('/api/planning/moves/apply', {
      ...body,
      planFingerprint: preview.planFingerprint,
      previewedAt: preview.previewedAt,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const moved = await find(shot.id);
    expect(moved.pinned_at).not.toBeNull();
    pinned = placement(moved);
    expect(Date.parse(moved.setup_start)).toBeGreaterThanOrEqual(Date.parse(body.start));

    const others = (await operations()).filter((o) => o.id !== shot.id);
    const result = await replan();
    // the re-plan moved work (it plans from now), but not the pinned operation
    expect(result.moved).toBeGreaterThan(0);
    expect(result.pinConflicts).toEqual([]);
    const after = await operations();
    expect(after.filter((o) => o.id !== shot.id).map(placement)).not.toEqual(others.map(placement));
    expect(held(after.find((o) => o.id === shot.id))).toEqual(held(moved));
  });

  it('shows the pin on the board: when and by whom', async () => {
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + 90 * DAY).toISOString();
    const board = (
      await t.as('planner').get(`/api/planning/board?from=${from}&to=${to}`)
    ).json() as PlanningBoard;
    const bars = board.workCenters.flatMap((w) => w.machines.flatMap((m) => m.operations));
    const bar = bars.find((o) => o.id === shot.id)!;
    expect(bar.pinnedBy).toBe('Test planner');
    expect(Date.parse(bar.pinnedAt!)).toBeLessThanOrEqual(Date.now());
    expect(bars.filter((o) => o.pinnedAt !== null).map((o) => o.id)).toEqual([shot.id]);
  });

  it('keeps it through the full re-plan run (worker thread) and a new order’s confirmation', async () => {
    const started = await t.as('planner').post('/api/planning/runs', { kind: 'replan' });
    expect(started.statusCode, started.body).toBe(202);
    const run = started.json() as PlanningRun;
    const ended = await new Promise<PlanningRun>((resolve) => {
      const stop = t.services.scenarios.runs.subscribe(run.id, (r) => {
        if (r.status !== 'running') {
          stop();
          resolve(r);
        }
      });
      const now = t.services.scenarios.runs.get(run.id);
      if (now.status !== 'running') resolve(now);
    });
    expect(ended.status, JSON.stringify(ended)).toBe('done');
    const where = { machine: pinned!.machine, setupStart: pinned!.setupStart };
    expect(held(await find(shot.id))).toEqual(where);

    await confirmDemoOrder(t, { itemNumber: 'FG-PISTON-100', quantity: 20, requestedInDays: 20 });
    expect(held(await find(shot.id))).toEqual(where);
  });

  it('places a drop onto pinned work after it, naming the pin', async () => {
    const shotOfShaft = (await operations()).find(
      (o) => o.job_id === shaft.jobs[0].id && o.number === '040',
    )!;
    expect(shotOfShaft.work_center_id).toBe(shot.work_center_id);
    const response = await t.as('planner').post('/api/planning/moves/preview', {
      operationId: shotOfShaft.id,
      machineIndex: (await find(shot.id)).machine_index,
      start: pinned!.setupStart,
    });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();
    expect(preview.placement).toBe('later');
    expect(preview.placementReason).toMatch(
      new RegExp(`operation 040 of ${rod.jobs[0].number} is pinned on SHOT-1 until`),
    );
    expect(Date.parse(preview.operation.after.setupStart)).toBeGreaterThanOrEqual(Date.parse(pinned!.end));
    expect(preview.moved.map((m: { id: string }) => m.id)).not.toContain(shot.id);
  });

  it('refuses a move that would make a pinned operation’s predecessor end after it', async () => {
    const temper = (await operations()).find((o) => o.job_id === rod.jobs[0].id && o.number === '030')!;
    const response = await t.as('planner').post('/api/planning/moves/preview', {
      operationId: temper.id,
      machineIndex: temper.machine_index,
      start: new Date(Date.parse(pinned!.setupStart) + DAY).toISOString(),
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.body).toMatch(/pinned-work/);
    expect(response.json().detail).toMatch(
      new RegExp(`operation 040 of ${rod.jobs[0].number} is pinned at .*: unpin it first, or move less`),
    );
  });

  it('unpins it: the next re-plan moves it again', async () => {
    expect((await t.as('operator').post(`/api/planning/operations/${shot.id}/unpin`, {})).statusCode).toBe(
      403,
    );
    const response = await t.as('planner').post(`/api/planning/operations/${shot.id}/unpin`, {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ operationId: shot.id, pinnedAt: null, pinnedBy: null });
    expect((await find(shot.id)).pinned_at).toBeNull();
    await replan();
    const after = await find(shot.id);
    // nothing holds it in the gap any more: it follows its predecessor
    expect(Date.parse(after.setup_start)).toBeLessThan(Date.parse(pinned!.setupStart));
  });

  it('pins an operation where it is, but not work under way or an unknown one', async () => {
    const target = (await operations()).find((o) => o.job_id === shaft.jobs[0].id && o.number === '030')!;
    const response = await t.as('planner').post(`/api/planning/operations/${target.id}/pin`, {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ operationId: target.id, pinnedBy: 'Test planner' });
    const here = placement(await find(target.id))!;
    await replan();
    // a pin holds the machine and the start. Its end is not held: the re-plan's search is
    // time-boxed, so on a loaded machine it can put other work first, and a sequence-dependent
    // setup can change. Seen once on CI: same machine and start, end 150 min later, cause not
    // proven.
    expect(held(await find(target.id))).toEqual({ machine: here.machine, setupStart: here.setupStart });

    const unknown = await t
      .as('planner')
      .post('/api/planning/operations/00000000-0000-4000-8000-000000000009/pin', {});
    expect(unknown.statusCode).toBe(404);
    const first = (await operations()).find((o) => o.job_id === rod.jobs[0].id && o.number === '010')!;
    await t.services.execution.release(systemActor, { jobIds: [rod.jobs[0].id] });
    await t.services.execution.book(systemActor, t.userIds.operator, first.id, {
      clientEventId: 'pin-run',
      kind: 'run',
    });
    const running = await t.as('planner').post(`/api/planning/operations/${first.id}/pin`, {});
    expect(running.statusCode, running.body).toBe(422);
    expect(running.body).toMatch(/not-under-way/);
  });
});

describe('a pin its own machine’s earlier work runs into', () => {
  it('refuses a move into it, and a re-plan lets it go, unpins it and says so', async () => {
    const cylinder = await confirmDemoOrder(t, {
      itemNumber: 'AS-CYLROD-060',
      quantity: 3,
      requestedInDays: 25,
    });
    const job = cylinder.jobs.find((j) => j.itemNumber === 'AS-CYLROD-060')!;
    const ofJob = async () => (await operations()).filter((o) => o.job_id === job.id);
    let [mount, seal] = await ofJob();
    expect([mount.number, seal.number]).toEqual(['010', '020']);
    if (seal.machine_index !== mount.machine_index) {
      // both assembly steps on one assembly bench
      const body = { operationId: seal.id, machineIndex: mount.machine_index, start: seal.setup_start };
      const preview = (await t.as('planner').post('/api/planning/moves/preview', body)).json();
      await t.as('planner').post('/api/planning/moves/apply', {
        ...body,
        planFingerprint: preview.planFingerprint,
        previewedAt: preview.previewedAt,
      });
      [mount, seal] = await ofJob();
    }
    await t.as('planner').post(`/api/planning/operations/${seal.id}/pin`, {});
    // the mounting dropped onto the pinned sealing: after it, then the sealing would wait for it
    const into = await t.as('planner').post('/api/planning/moves/preview', {
      operationId: mount.id,
      machineIndex: mount.machine_index,
      start: new Date(Date.parse(seal.setup_start) - 30 * 60_000).toISOString(),
    });
    expect(into.statusCode, into.body).toBe(422);
    expect(into.body).toMatch(/pinned-work/);
    expect(into.json().detail).toMatch(new RegExp(`operation 020 of ${job.number}`));
    await t.as('planner').post(`/api/planning/operations/${seal.id}/unpin`, {});

    // the mounting starts now; re-planned, the sealing follows it, and is pinned there
    await t.services.execution.release(systemActor, { jobIds: [job.id] });
    await t.services.execution.book(systemActor, t.userIds.operator, mount.id, {
      clientEventId: 'pin-mount-run',
      kind: 'run',
    });
    await replan();
    [mount, seal] = await ofJob();
    expect(Date.parse(seal.setup_start)).toBeGreaterThanOrEqual(Date.parse(mount.planned_end));
    expect((await t.as('planner').post(`/api/planning/operations/${seal.id}/pin`, {})).statusCode).toBe(200);
    const pinnedAt = seal.setup_start;
    // ten minutes before the sealing it is still running: what is left of it runs past the pin
    const later = new Date(Date.parse(pinnedAt) - 10 * 60_000);
    const result = await t.services.progressReplan.replan(systemActor, later);
    expect(result.pinConflicts).toEqual([
      expect.objectContaining({
        operationId: seal.id,
        jobId: job.id,
        operationNumber: '020',
        pinnedStart: pinnedAt,
        held: false,
      }),
    ]);
    const [mountAfter, sealAfter] = await ofJob();
    expect(sealAfter.pinned_at).toBeNull();
    expect(Date.parse(sealAfter.setup_start)).toBeGreaterThanOrEqual(Date.parse(mountAfter.planned_end));
    expect(sealAfter.setup_start).toBe(result.pinConflicts[0].readyAt);
  });
});

describe('pins the progress overtook', () => {
  it('lists a firm operation that starts before its predecessors end', () => {
    const problem: ScheduleProblem = {
      machines: [{ id: 'm', workCenterId: 'w' }],
      jobs: [{ id: 'j' }],
      operations: [
        { id: 'a', jobId: 'j', modes: [{ machineId: 'm', duration: 100 }] },
        {
          id: 'b',
          jobId: 'j',
          modes: [{ machineId: 'm', duration: 10 }],
          firm: { machineId: 'm', start: 50 },
        },
        {
          id: 'c',
          jobId: 'j',
          modes: [{ machineId: 'm', duration: 10 }],
          firm: { machineId: 'm', start: 300 },
        },
      ],
      precedences: [
        { before: 'a', after: 'b', lag: 5 },
        { before: 'a', after: 'c' },
      ],
    };
    const result = {
      operations: [
        {
          operationId: 'a',
          jobId: 'j',
          machineId: 'm',
          setupStart: 60,
          start: 60,
          end: 160,
          setupMinutes: 0,
        },
        { operationId: 'b', jobId: 'j', machineId: 'm', setupStart: 50, start: 50, end: 60, setupMinutes: 0 },
        {
          operationId: 'c',
          jobId: 'j',
          machineId: 'm',
          setupStart: 300,
          start: 300,
          end: 310,
          setupMinutes: 0,
        },
      ],
    } as ScheduleResult;
    expect(conflictsOfPins(problem, result)).toEqual([{ operationId: 'b', start: 50, readyAt: 165 }]);
  });
});
