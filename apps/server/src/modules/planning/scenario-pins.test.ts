/**
 * A pinned operation in a what-if scenario, on the demo plant over the API: when the scenario
 * takes its machine down over its pinned start, the pin cannot hold there; the scenario is
 * computed with that pin let go for the scenario alone and says which pin it let go and why,
 * while the live pin and the live plan stay as they are. The same when the work the pinned
 * operation waits for on its own machine can no longer end before it (the scenario failed
 * there before). Adopting such a scenario unpins what it let go.
 */
import type { PlanningRun, Scenario } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

const DAY = 86_400_000;
let t: TestApp;

interface PinnedOp {
  id: string;
  number: string;
  job_number: string;
  work_center_id: string;
  setup_start: string;
}

/** creates and computes a scenario over the API; it must compute */
async function computeScenario(name: string, changes: unknown[]): Promise<Scenario> {
  const created = await t.as('planner').post('/api/planning/scenarios', { name, changes });
  expect(created.statusCode, created.body).toBe(201);
  const started = await t.as('planner').post(`/api/planning/scenarios/${created.json().id}/compute`, {});
  expect(started.statusCode, started.body).toBe(202);
  const { run } = started.json() as { run: PlanningRun };
  const finished = await t.services.scenarios.runs.finished(run.id);
  expect(finished.status, finished.error ?? '').toBe('done');
  const scenario = (
    await t.as('planner').get(`/api/planning/scenarios/${created.json().id}`)
  ).json() as Scenario;
  expect(scenario.status, scenario.error ?? '').toBe('computed');
  return scenario;
}

const pinnedState = async () =>
  JSON.stringify(
    await queryRows(
      t.services.db,
      sql`select id, machine_index, planned_setup_start, planned_start, planned_end, pinned_at, pinned_by
          from job_operations order by id`,
    ),
  );

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 4, requestedInDays: 20 });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('pinned work in a what-if scenario', () => {
  let pinned: PinnedOp;
  let workAhead: { scenario: Scenario; operationId: string };

  it('lets a pin go for the scenario alone when its machine is down there, and says so', async () => {
    // the order's first operation that starts a day or more ahead, pinned where it stands
    [pinned] = await queryRows<PinnedOp>(
      t.services.db,
      sql`select o.id, o.number, j.number as job_number, o.work_center_id,
                 coalesce(o.planned_setup_start, o.planned_start)::text as setup_start
          from job_operations o join production_jobs j on j.id = o.job_id
          where j.status = 'planned' and o.planned_start is not null
            and coalesce(o.planned_setup_start, o.planned_start) > now() + interval '1 day'
          order by coalesce(o.planned_setup_start, o.planned_start) limit 1`,
    );
    expect(pinned).toBeDefined();
    const pin = await t.as('planner').post(`/api/planning/operations/${pinned.id}/pin`, {});
    expect(pin.statusCode, pin.body).toBe(200);
    const before = await pinnedState();

    const pinnedStart = Date.parse(pinned.setup_start);
    const scenario = await computeScenario('pinned machine down', [
      {
        kind: 'machine-down',
        workCenterId: pinned.work_center_id,
        from: new Date(pinnedStart - 60 * 60_000).toISOString(),
        to: new Date(pinnedStart + 3 * DAY).toISOString(),
      },
    ]);
    const released = scenario.result!.pinsReleased;
    expect(released.map((p) => p.operationId)).toEqual([pinned.id]);
    expect(released[0]).toMatchObject({
      jobNumber: pinned.job_number,
      operationNumber: pinned.number,
      pinnedStart: new Date(pinnedStart).toISOString(),
    });
    expect(released[0]).toMatchObject({ cause: 'machine-not-working' });
    expect(released[0].reason).toMatch(/^cannot start at its pinned time: its machine does not work then/);
    // in the scenario the operation is planned freely, outside the machine's down time
    const scenarioStart = Date.parse(released[0].scenarioStart!);
    expect(scenarioStart < pinnedStart - 60 * 60_000 || scenarioStart >= pinnedStart + 3 * DAY).toBe(true);
    // the live pin and the live plan are untouched
    expect(await pinnedState()).toBe(before);
  }, 120_000);

  it('lets a pin go when the work it waits for on its own machine can no longer end before it', async () => {
    // a rod assembly: its final inspection waits for the rod's and the piston's inspections, on
    // the one inspection machine; pinned, and the machine down until just before its pinned start
    const order = await confirmDemoOrder(t, {
      itemNumber: 'AS-CYLROD-060',
      quantity: 2,
      requestedInDays: 25,
    });
    const ops = await queryRows<PinnedOp & { item_number: string; machine_index: number }>(
      t.services.db,
      sql`select o.id, o.number, j.number as job_number, o.work_center_id, o.machine_index, i.number as item_number,
                 coalesce(o.planned_setup_start, o.planned_start)::text as setup_start
          from job_operations o join production_jobs j on j.id = o.job_id join items i on i.id = j.item_id
          where j.id in (select (jsonb_array_elements_text(${JSON.stringify(order.jobs.map((j) => j.id))}::jsonb))::uuid)
            and o.number = '090'`,
    );
    const final = ops.find((o) => o.item_number === 'AS-CYLROD-060')!;
    const first = ops
      .filter((o) => o !== final)
      .sort((a, b) => Date.parse(a.setup_start) - Date.parse(b.setup_start))[0];
    expect(first.work_center_id).toBe(final.work_center_id);
    const pin = await t.as('planner').post(`/api/planning/operations/${final.id}/pin`, {});
    expect(pin.statusCode, pin.body).toBe(200);
    const before = await pinnedState();
    const pinnedStart = Date.parse(final.setup_start);
    const scenario = await computeScenario('inspection down until the pinned start', [
      {
        kind: 'machine-down',
        workCenterId: final.work_center_id,
        from: new Date(Date.now() + 60_000).toISOString(),
        to: new Date(pinnedStart - 60_000).toISOString(),
      },
    ]);
    const released = scenario.result!.pinsReleased;
    expect(released.map((p) => p.operationId)).toEqual([final.id]);
    expect(released[0]).toMatchObject({ cause: 'work-ahead', jobNumber: final.job_number });
    expect(Date.parse(released[0].scenarioStart!)).toBeGreaterThan(pinnedStart);
    expect(await pinnedState()).toBe(before);
    workAhead = { scenario, operationId: final.id };
  }, 120_000);

  it('keeps the pin in a scenario that does not touch its machine', async () => {
    const scenario = await computeScenario('re-plan only', []);
    expect(scenario.result!.pinsReleased).toEqual([]);
  }, 120_000);

  it('unpins, when the scenario is adopted, the pins it let go and keeps the others', async () => {
    const adopted = await t.as('planner').post(`/api/planning/scenarios/${workAhead.scenario.id}/adopt`, {
      version: workAhead.scenario.version,
    });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json().applied).toContain(
      '1 pinned operation(s) the scenario could not hold are unpinned',
    );
    const pins = await queryRows<{ id: string; pinned: boolean }>(
      t.services.db,
      sql`select id, pinned_at is not null as pinned from job_operations
          where id in (${workAhead.operationId}::uuid, ${pinned.id}::uuid)`,
    );
    expect(Object.fromEntries(pins.map((p) => [p.id, p.pinned]))).toEqual({
      [workAhead.operationId]: false,
      [pinned.id]: true,
    });
  }, 120_000);
});
