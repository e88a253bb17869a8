/**
 * Capable-to-promise keeps child jobs ahead of their parents, on the demo plant through the real
 * service: a new order for the cylinder rod assembly (assembly ← machined rod and piston ← forged
 * blanks) is promised with its own child jobs finished before the assembly consumes them, and open
 * jobs of the rod and piston made to stock it consumes (work orders from the ERP, due today, the
 * rod's inspection moved a month out) hold the assembly back until their last operations end,
 * not until their due dates.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
const DAY = 86_400_000;

interface OpRow {
  job_id: string;
  item_number: string;
  number: string;
  setup_start: string;
  planned_end: string;
}

/** the scheduled operations of these jobs, setup start and end in ms */
const operationsOf = async (jobIds: string[]) =>
  (
    await queryRows<OpRow>(
      t.services.db,
      sql`select o.job_id, i.number as item_number, o.number,
                 coalesce(o.planned_setup_start, o.planned_start) as setup_start, o.planned_end
          from job_operations o join production_jobs j on j.id = o.job_id join items i on i.id = j.item_id
          where j.id in (select (jsonb_array_elements_text(${JSON.stringify(jobIds)}::jsonb))::uuid)
            and o.planned_start is not null
          order by j.number, o.number`,
    )
  ).map((r) => ({ ...r, start: Date.parse(r.setup_start), end: Date.parse(r.planned_end) }));

const lastEnd = (ops: { end: number }[]) => Math.max(...ops.map((o) => o.end));

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('capable-to-promise with child jobs', () => {
  it('promises the assembly after its own child jobs’ last operations end', async () => {
    const order = await confirmDemoOrder(t, {
      itemNumber: 'AS-CYLROD-060',
      quantity: 3,
      requestedInDays: 25,
    });
    const ops = await operationsOf(order.jobs.map((j) => j.id));
    const assemble = ops.find((o) => o.item_number === 'AS-CYLROD-060' && o.number === '010')!;
    expect(assemble).toBeDefined();
    for (const child of ['MP-ROD-060', 'MP-PISTON-100']) {
      const childOps = ops.filter((o) => o.item_number === child);
      expect(childOps.length, child).toBeGreaterThan(0);
      expect(assemble.start, `assembly 010 after ${child}`).toBeGreaterThanOrEqual(lastEnd(childOps));
    }
  });

  it('holds the assembly until the open rod and piston jobs it consumes end, not until their due date', async () => {
    // rod and piston made to stock: open jobs not pegged to any line are free for the next order
    for (const number of ['MP-ROD-060', 'MP-PISTON-100']) {
      const [item] = (await t.as('engineer').get(`/api/items?q=${number}`)).json().items;
      const mts = await t
        .as('engineer')
        .patch(`/api/items/${item.id}`, { strategy: 'MTS', version: item.version });
      expect(mts.statusCode, mts.body).toBe(200);
    }
    const today = new Date().toISOString().slice(0, 10);
    const received = await t.as('planner').post('/api/integration/inbound/work-orders', {
      workOrders: [
        { externalReference: 'ERP-ROD-1', itemNumber: 'MP-ROD-060', quantity: 10, dueDate: today },
        { externalReference: 'ERP-PISTON-1', itemNumber: 'MP-PISTON-100', quantity: 10, dueDate: today },
      ],
    });
    expect(received.statusCode, received.body).toBe(201);
    const openJobIds: string[] = received.json().workOrders.map((w: { jobId: string }) => w.jobId);
    // the planner moves the rod's inspection a month out: the rod job ends long after its due date
    // and after every bought part of the assembly can be there
    const [inspect] = await queryRows<{ id: string; machine_index: number }>(
      t.services.db,
      sql`select id, machine_index from job_operations where job_id = ${openJobIds[0]} and number = '090'`,
    );
    const body = {
      operationId: inspect.id,
      machineIndex: inspect.machine_index,
      start: new Date(Date.now() + 30 * DAY).toISOString(),
    };
    const preview = await t.as('planner').post('/api/planning/moves/preview', body);
    expect(preview.statusCode, preview.body).toBe(200);
    const { planFingerprint, previewedAt } = preview.json();
    const applied = await t.as('planner').post('/api/planning/moves/apply', {
      ...body,
      planFingerprint,
      previewedAt,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const rodEnd = lastEnd(await operationsOf([openJobIds[0]]));
    expect(rodEnd).toBeGreaterThan(Date.now() + 30 * DAY);

    const order = await confirmDemoOrder(t, {
      itemNumber: 'AS-CYLROD-060',
      quantity: 3,
      requestedInDays: 25,
    });
    const pegs = await queryRows<{ supply_id: string }>(
      t.services.db,
      sql`select distinct p.supply_id::text from supply_pegs p join items i on i.id = p.item_id
          where p.sales_order_line_id = ${order.lineId} and i.number in ('MP-ROD-060', 'MP-PISTON-100')`,
    );
    // the line takes the open jobs, no new rod or piston job is made for it
    expect(pegs.map((p) => p.supply_id).sort()).toEqual([...openJobIds].sort());
    expect(order.jobs.map((j) => j.itemNumber)).toEqual(['AS-CYLROD-060']);
    const ops = await operationsOf(order.jobs.map((j) => j.id));
    const assemble = ops.find((o) => o.number === '010')!;
    expect(assemble.start).toBeGreaterThanOrEqual(rodEnd);
    expect(assemble.start).toBeGreaterThanOrEqual(lastEnd(await operationsOf([openJobIds[1]])));
  });
});
