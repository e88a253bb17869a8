/**
 * Work orders from an ERP on the demo plant: each becomes one job of exactly its item and
 * quantity, scheduled around the plan (nothing planned moves), all or nothing per batch,
 * idempotent by the external reference, which the job's confirmations carry back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommands } from '../../cli/commands';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let dir: string;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const INBOUND = '/api/integration/inbound/work-orders';

const jobCount = async () =>
  (await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from production_jobs`))[0].n;
const plannedTimes = async () =>
  queryRows<{ id: string; planned_start: string; planned_end: string }>(
    t.services.db,
    sql`select id, planned_start::text, planned_end::text from job_operations order by id`,
  );
const csv = (rows: string[]) => ['external_reference,item_number,quantity,due_date', ...rows].join('\n');

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  dir = mkdtempSync(join(tmpdir(), 'takt-work-orders-'));
  // something planned already, which a work order must not move
  await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 6, requestedInDays: 15 });
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

describe('inbound work orders', () => {
  it('plan each work order as one scheduled job around the plan, and a resend changes nothing', async () => {
    const before = await plannedTimes();
    const batch = {
      workOrders: [
        { externalReference: 'PA-4711', itemNumber: 'FG-ROD-060', quantity: 8, dueDate: inDays(20) },
        { externalReference: 'PA-4712', itemNumber: 'MP-SHAFT-080', quantity: 2, dueDate: inDays(30) },
      ],
    };
    const response = await t.as('planner').post(INBOUND, batch);
    expect(response.statusCode, response.body).toBe(201);
    const result = response.json();
    expect(result).toMatchObject({ created: 2, existing: 0 });
    for (const w of result.workOrders) {
      expect(w).toMatchObject({ outcome: 'created', status: 'planned' });
      expect(w.plannedStart).not.toBeNull();
      expect(Date.parse(w.plannedEnd)).toBeGreaterThan(Date.parse(w.plannedStart));
    }
    const job = (await t.as('planner').get(`/api/jobs/${result.workOrders[0].jobId}`)).json();
    expect(job).toMatchObject({ itemNumber: 'FG-ROD-060', quantity: 8, salesOrderLineId: null });
    expect(job.operations.length).toBeGreaterThan(0);
    expect(job.operations.every((o: { plannedStart: string | null }) => o.plannedStart !== null)).toBe(true);
    // the work already planned kept its times: the new jobs went into the free capacity
    const after = new Map((await plannedTimes()).map((o) => [o.id, o]));
    for (const op of before) expect(after.get(op.id)).toEqual(op);
    // one job each, whatever stock there is: the ERP decided to make it
    const [made] = await queryRows<{ n: number; refs: string[] }>(
      t.services.db,
      sql`select count(*)::int as n, array_agg(external_reference order by external_reference) as refs
          from production_jobs where external_reference like 'PA-47%'`,
    );
    expect(made).toEqual({ n: 2, refs: ['PA-4711', 'PA-4712'] });

    const jobs = await jobCount();
    const resend = await t.as('planner').post(INBOUND, batch);
    expect(resend.statusCode).toBe(200);
    expect(resend.json()).toMatchObject({ created: 0, existing: 2 });
    expect(resend.json().workOrders.map((w: { number: string }) => w.number)).toEqual(
      result.workOrders.map((w: { number: string }) => w.number),
    );
    expect(await jobCount()).toBe(jobs);
  });

  it('reject a batch with a bad row whole, naming each row and field', async () => {
    const jobs = await jobCount();
    const response = await t.as('planner').post(INBOUND, {
      workOrders: [
        { externalReference: 'PA-5001', itemNumber: 'FG-ROD-060', quantity: 1, dueDate: inDays(20) },
        { externalReference: 'PA-5002', itemNumber: 'NOPE-1', quantity: 1, dueDate: inDays(20) },
        { externalReference: 'PA-5003', itemNumber: 'RM-C45-060', quantity: 1, dueDate: inDays(20) },
        { externalReference: 'PA-5001', itemNumber: 'FG-ROD-060', quantity: 2, dueDate: inDays(20) },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toMatch(/^the batch was rejected, nothing was written/);
    expect(response.json().errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
      ['workOrders.1.itemNumber', 'exists'],
      ['workOrders.2.itemNumber', 'made-item'],
      ['workOrders.3.externalReference', 'unique'],
    ]);
    expect(await jobCount()).toBe(jobs);
    const malformed = await t.as('planner').post(INBOUND, { workOrders: [{ externalReference: 'X' }] });
    expect(malformed.statusCode).toBe(400);
    const forbidden = await t.as('sales').post(INBOUND, {
      workOrders: [
        { externalReference: 'PA-6000', itemNumber: 'FG-ROD-060', quantity: 1, dueDate: inDays(9) },
      ],
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('release the new jobs at once when asked; their confirmations carry the reference back', async () => {
    const response = await t.as('planner').post(INBOUND, {
      release: true,
      workOrders: [
        { externalReference: 'PA-7001', itemNumber: 'FG-ROD-060', quantity: 3, dueDate: inDays(25) },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const [w] = response.json().workOrders;
    expect(w.status).toBe('released');
    const [released] = await queryRows<{ payload: { externalReference?: string; jobNumber: string } }>(
      t.services.db,
      sql`select payload from integration_events where type = 'job.released' and entity_id = ${w.jobId}`,
    );
    expect(released.payload).toMatchObject({ jobNumber: w.number, externalReference: 'PA-7001' });
  });

  it('import a CSV file all or nothing, by the CLI too, with the file line of every bad cell', async () => {
    const jobs = await jobCount();
    const bad = await t
      .as('planner')
      .post(
        '/api/import/work-orders',
        csv([
          `CSV-1,FG-ROD-060,4,${inDays(20)}`,
          `CSV-2,FG-ROD-060,lots,${inDays(20)}`,
          'CSV-3,FG-ROD-060,1,soon',
        ]),
        { 'content-type': 'text/csv' },
      );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/^the file was rejected, nothing was written/);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'line 3.quantity',
      'line 4.due_date',
    ]);
    expect(await jobCount()).toBe(jobs);

    const good = await t
      .as('planner')
      .post('/api/import/work-orders?release=true', csv([`CSV-1,FG-ROD-060,4,${inDays(20)}`]), {
        'content-type': 'text/csv',
      });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().workOrders[0]).toMatchObject({ externalReference: 'CSV-1', status: 'released' });

    const importer = cliCommands.find((c) => c.name === 'import')!;
    const file = join(dir, 'work-orders.csv');
    writeFileSync(file, csv([`CLI-1,MP-SHAFT-080,1,${inDays(40)}`]));
    const config = {} as Parameters<typeof importer.run>[2];
    expect(await importer.run(t.database, ['work-orders', file], config)).toBe(0);
    expect(await importer.run(t.database, ['work-orders', file], config)).toBe(0);
    expect(await jobCount()).toBe(jobs + 2);
  });
});
