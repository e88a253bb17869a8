/**
 * Changing the design work of a project that is in the plan, on the demo plant's special machine
 * (E010 done, E020 running, E030–E050 released on the engineers): the job's engineering
 * operations follow the tasks, production waits for the new last tasks, the plan is re-timed
 * and what the floor did stays as it was.
 */
import type { Project } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ETO_ITEM, seedDemoEtoProject } from '../../demo/demo-eto-project';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let project: Project;
const DAY = 86_400_000;

type Task = Project['engineeringTasks'][number];
const inputOf = (x: Task) => ({
  number: x.number,
  name: x.name,
  workCenterId: x.workCenterId,
  hours: x.hours,
  predecessors: x.predecessors,
  description: x.description,
  ownerId: x.ownerId,
});

async function ok<T = Project>(response: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const r = await response;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}
const current = async () => ok(t.as('engineer').get(`/api/projects/${project.id}`));
const jobOperations = (jobId: string) =>
  queryRows<{ number: string; predecessors: string[]; run_minutes: string; status: string }>(
    t.services.db,
    sql`select number, predecessors, run_minutes::text, status from job_operations
        where job_id = ${jobId} order by number`,
  );

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  await seedDemoEtoProject(t.database.db);
  const list = (await t.as('engineer').get(`/api/projects?q=${DEMO_ETO_ITEM}`)).json();
  project = await ok(t.as('engineer').get(`/api/projects/${list.items[0].id}`));
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('the design of a planned project', () => {
  it('lists who can own a task: the engineers and the office, not the operators', async () => {
    const people = await ok<{ name: string; roles: string[] }[]>(
      t.as('engineer').get('/api/projects/people'),
    );
    expect(people.map((p) => p.name)).toContain('Lena Hoffmann');
    expect(
      people.every((p) => p.roles.some((r) => ['admin', 'sales', 'engineer', 'planner'].includes(r))),
    ).toBe(true);
    expect(people.some((p) => p.roles.length === 1 && p.roles[0] === 'operator')).toBe(false);
  });

  it('re-estimates, removes and adds tasks on the job, re-timed on the engineers with production after them', async () => {
    const people = await ok<{ id: string; name: string }[]>(t.as('engineer').get('/api/projects/people'));
    const lena = people.find((p) => p.name === 'Lena Hoffmann')!;
    const byNumber = new Map(project.engineeringTasks.map((x) => [x.number, x]));
    const jobId = byNumber.get('E010')!.operation!.jobId;
    const e040 = byNumber.get('E040')!;
    const tasks = project.engineeringTasks
      .filter((x) => x.number !== 'E050')
      .map((x) => (x.number === 'E030' ? { ...inputOf(x), hours: 96, ownerId: lena.id } : inputOf(x)));
    tasks.push({
      number: 'E060',
      name: 'Safety concept and risk assessment',
      workCenterId: e040.workCenterId,
      hours: 24,
      predecessors: ['E040'],
      description: 'Fencing, light curtains, CE risk assessment',
      ownerId: null,
    });
    const revised = await ok(
      t
        .as('engineer')
        .put(`/api/projects/${project.id}/engineering-tasks`, { version: project.version, tasks }),
    );
    const after = new Map(revised.engineeringTasks.map((x) => [x.number, x]));
    expect([...after.keys()]).toEqual(['E010', 'E020', 'E030', 'E040', 'E060']);
    expect(after.get('E030')).toMatchObject({ hours: 96, ownerId: lena.id, ownerName: 'Lena Hoffmann' });
    // the new task is an operation of the same job, released like the job, planned after E040
    const e060 = after.get('E060')!.operation!;
    expect(e060).toMatchObject({
      jobId,
      status: 'released',
      engineer: expect.stringMatching(/^TD-ELEC-\d$/),
    });
    expect(Date.parse(e060.plannedStart!)).toBeGreaterThanOrEqual(
      Date.parse(after.get('E040')!.operation!.plannedEnd!),
    );
    expect(Date.parse(e060.plannedStart!)).toBeGreaterThanOrEqual(Date.now() - 60_000);
    // the floor's work stays as it was
    expect(after.get('E010')!.operation!.status).toBe('done');
    expect(after.get('E020')!.operation!.status).toBe('running');

    const ops = new Map((await jobOperations(jobId)).map((o) => [o.number, o]));
    expect(ops.has('E050')).toBe(false);
    expect(Number(ops.get('E030')!.run_minutes)).toBe(96 * 60);
    expect(ops.get('E060')!.predecessors).toEqual(['E040']);
    // assembly waits for the tasks nothing else waits for now: E020 (E050 is gone) and E060
    expect([...ops.get('010')!.predecessors].sort()).toEqual(['E020', 'E060']);
    const job = await ok<{ operations: { number: string; plannedStart: string; plannedEnd: string }[] }>(
      t.as('planner').get(`/api/jobs/${jobId}`),
    );
    const assembly = job.operations.find((o) => o.number === '010')!;
    // ... plus the customer's ten days of approval
    expect(Date.parse(assembly.plannedStart)).toBeGreaterThanOrEqual(Date.parse(e060.plannedEnd!) + 10 * DAY);
    expect(Date.parse(revised.promise!.plannedAt)).toBeGreaterThanOrEqual(Date.parse(assembly.plannedEnd));
    expect(revised.promise!.computedAt).not.toBe(project.promise!.computedAt);
    project = revised;
  }, 120_000);

  it('keeps what the floor did: started tasks stay, finished ones keep their hours, each named at its field', async () => {
    const base = project.engineeringTasks.map(inputOf);
    const put = (tasks: ReturnType<typeof inputOf>[]) =>
      t
        .as('engineer')
        .put(`/api/projects/${project.id}/engineering-tasks`, { version: project.version, tasks });
    const removeRunning = await put(base.filter((x) => x.number !== 'E020'));
    expect(removeRunning.statusCode).toBe(422);
    expect(removeRunning.json().errors).toMatchObject([{ field: 'tasks', rule: 'started' }]);
    expect(removeRunning.json().errors[0].message).toMatch(/E020 is running/);
    const doneHours = await put(base.map((x) => (x.number === 'E010' ? { ...x, hours: 60 } : x)));
    expect(doneHours.statusCode).toBe(422);
    expect(doneHours.json().errors).toMatchObject([{ field: 'tasks.0.hours', rule: 'done' }]);
    const elec = base.find((x) => x.number === 'E040')!.workCenterId;
    const moved = await put(base.map((x) => (x.number === 'E020' ? { ...x, workCenterId: elec } : x)));
    expect(moved.json().errors).toMatchObject([{ field: 'tasks.1.workCenterId', rule: 'started' }]);
    const nobody = '00000000-0000-4000-8000-000000000000';
    const unknown = await put(base.map((x) => (x.number === 'E040' ? { ...x, ownerId: nobody } : x)));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toMatchObject([{ field: 'tasks.3.ownerId', rule: 'exists' }]);
    const empty = await put([]);
    expect(empty.json().errors).toMatchObject([{ field: 'tasks', rule: 'not-empty' }]);
    const stale = await t
      .as('engineer')
      .put(`/api/projects/${project.id}/engineering-tasks`, { version: project.version - 1, tasks: base });
    expect(stale.statusCode).toBe(409);
    // nothing of it was written
    const now = await current();
    expect(now.version).toBe(project.version);
    expect(now.engineeringTasks.map(inputOf)).toEqual(base);
    // the running task's hours can still be re-estimated
    const more = await ok(put(base.map((x) => (x.number === 'E020' ? { ...x, hours: 140 } : x))));
    expect(more.engineeringTasks.find((x) => x.number === 'E020')).toMatchObject({
      hours: 140,
      operation: { status: 'running' },
    });
  }, 120_000);

  it("shows a past project's design accuracy among similar projects", async () => {
    const item = await ok<{ id: string }>(
      t.as('engineer').post('/api/items', {
        number: 'ETO-HANDLING-CELL-2',
        name: 'Handling cell for forging press FP-3150 (special machine)',
        kind: 'make',
        strategy: 'ETO',
      }),
      201,
    );
    const similar = await ok<{ projectId: string; engineeringAccuracy: unknown }[]>(
      t.as('engineer').get(`/api/projects/similar?itemId=${item.id}`),
    );
    const past = similar.find((s) => s.projectId === project.id);
    // E010: 40 hours estimated, 40 booked
    expect(past?.engineeringAccuracy).toEqual({ estimatedHours: 40, bookedHours: 40, ratio: 1, tasks: 1 });
  });
});
