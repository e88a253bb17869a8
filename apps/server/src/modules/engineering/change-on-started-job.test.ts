/**
 * An engineering change to the BOM of a job already on the shop floor, on the demo plant: the
 * job is kept, and what the terminal lists and issues is what MRP nets for it (the revision in
 * force, one definition: `planning/job-components.ts`), so a component the change added is
 * issued and one it took out is no longer asked for; the line is re-promised by the job in
 * production, in words that say so; the design draft takes the revision in force over in one step.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { type ConfirmedDemoOrder, confirmDemoOrder } from '../../testing/demo-order';
import { approveAndImplement, ok } from '../../testing/responses';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let order: ConfirmedDemoOrder;
let job: { id: string; number: string };
let rod: string;
let cap: string;
let draft: { id: string; version: number };
let barPosition: number;
let tap = 0;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
type Body = any;
const itemId = async (number: string) =>
  (await ok(t.as('engineer').get(`/api/items?q=${number}&limit=50`))).items.find(
    (i: Body) => i.number === number,
  ).id as string;
const released = async (id: string) =>
  (await ok(t.as('engineer').get(`/api/items/${id}/boms`))).find((b: Body) => b.status === 'released');
const material = () => ok(t.as('operator').get(`/api/jobs/${job.id}/material`));
/** What MRP nets as the job's own need of each component (its supply's `components`). */
async function mrpNeeds(): Promise<Map<string, number>> {
  const planning = t.services.planning;
  const plant = await planning.readPlant();
  const input = planning.mrpInput(planning.plantModel(plant.resources, Date.now()), plant, []);
  const supply = (input.supplies ?? []).find((s) => s.id === job.id);
  return new Map((supply?.components ?? []).map((c) => [c.itemId, c.quantity]));
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  order = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 4, requestedInDays: 20 });
  job = order.jobs.find((j) => j.itemNumber === 'FG-ROD-060')!;
  rod = await itemId('FG-ROD-060');
  cap = (
    await ok(
      t.as('engineer').post('/api/items', {
        number: 'CAP-ROD-060',
        name: 'Protective end cap Ø60',
        kind: 'buy',
        standardCost: { amount: 150, currency: 'EUR' },
        leadTimeDays: 2,
      }),
      201,
    )
  ).id;
  // the design draft of the rod, a copy of the revision in force
  const inForce = await released(rod);
  barPosition = inForce.lines[0].position;
  draft = await ok(
    t.as('engineer').post(`/api/items/${rod}/boms`, {
      lines: inForce.lines.map((l: Body) => ({
        position: l.position,
        childItemId: l.childItemId,
        quantityPer: l.quantityPer,
        uom: l.uom,
        scrapFactor: l.scrapFactor,
        operationNumber: l.operationNumber,
      })),
    }),
    201,
  );
  // the job is released and started: set up on its first operation
  await ok(t.as('planner').post('/api/jobs/release', { jobIds: [job.id] }));
  const detail = await ok(t.as('planner').get(`/api/jobs/${job.id}`));
  await ok(
    t.as('operator').post(`/api/job-operations/${detail.operations[0].id}/bookings`, {
      clientEventId: `eco-started-${++tap}`,
      kind: 'setup',
    }),
  );
  expect((await ok(t.as('planner').get(`/api/jobs/${job.id}`))).status).toBe('in-progress');
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('an engineering change to the BOM of a job in production', () => {
  it('lists and issues what the revision in force needs: the added component in, the removed one out', async () => {
    const before = await material();
    expect(before.lines.map((l: Body) => l.itemNumber)).toEqual(['RM-C45-060']);
    const thicker = await itemId('RM-C45-100');
    const created = await ok(
      t.as('engineer').post('/api/engineering-changes', {
        itemId: rod,
        title: 'Ø100 bar and end caps',
        reason: 'The customer wants protected ends; the Ø60 bar is discontinued',
        requestedBy: 'internal',
        lineChanges: [
          { action: 'replace', position: barPosition, childItemId: thicker, quantityPer: 25 },
          {
            action: 'add',
            line: { position: barPosition + 10, childItemId: cap, quantityPer: 2, operationNumber: '010' },
          },
        ],
      }),
      201,
    );
    const implemented = await approveAndImplement(t, created);
    expect(implemented.impact.keptJobs.map((j: Body) => j.number)).toContain(job.number);

    const after = await material();
    // and buys what the job still needs of the added cap, for the order line
    const caps = await queryRows<{ quantity: string; line: string }>(
      t.services.db,
      sql`select quantity::text, sales_order_line_id as line from purchase_requisitions
          where item_id = ${cap} and status = 'open'`,
    );
    expect(caps.map((r) => [Number(r.quantity), r.line])).toEqual([[8, order.lineId]]);
    expect(after.lines.map((l: Body) => [l.itemNumber, l.required, l.issued, l.operationNumber])).toEqual([
      ['RM-C45-100', 4 * 25 * 1.02, 0, '010'],
      ['CAP-ROD-060', 8, 0, '010'],
    ]);
    // MRP nets the same: what the list still asks for is the job's need
    const needs = await mrpNeeds();
    expect(Object.fromEntries(needs)).toEqual(
      Object.fromEntries(after.lines.map((l: Body) => [l.itemId, l.required - l.issued])),
    );

    // the cap arrives and is issued at the terminal by its item number
    const stores = (await ok(t.as('buyer').get('/api/stock-locations'))).find(
      (l: Body) => l.code === 'STORES',
    );
    await ok(
      t.as('buyer').post('/api/stock/receipts', { itemId: cap, quantity: 20, locationId: stores.id }),
      201,
    );
    const issued = await ok(
      t.as('operator').post(`/api/jobs/${job.id}/material-issues`, { scan: 'CAP-ROD-060', quantity: 8 }),
      201,
    );
    expect(issued.lines.find((l: Body) => l.itemNumber === 'CAP-ROD-060')).toMatchObject({
      required: 8,
      issued: 8,
    });
    expect((await mrpNeeds()).has(cap)).toBe(false);
    // the Ø60 bar the change took out is not material of the job any more
    const foreign = await t
      .as('operator')
      .post(`/api/jobs/${job.id}/material-issues`, { scan: 'RM-C45-060', quantity: 1 });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0]).toMatchObject({ field: 'scan', rule: 'in-bom' });
    // finishing asks only for what is still missing of the revision in force
    expect((await t.services.jobMaterial.missingManual(job.id)).map((m) => m.itemNumber)).toEqual([
      'RM-C45-100',
    ]);
  }, 180_000);

  it('re-promises the line by the job in production, not as "no production needed"', async () => {
    const [line] = await queryRows<{ explanation: string; planned_at: string }>(
      t.services.db,
      sql`select promise->>'explanation' as explanation, promise->>'plannedAt' as planned_at
          from sales_order_lines where id = ${order.lineId}`,
    );
    expect(line.explanation).toMatch(
      new RegExp(`^${job.number} is in production, planned to complete \\d+ \\w+`),
    );
    expect(line.explanation).not.toMatch(/no production needed/);
    // the promise is the job's planned completion (its last open operation's end) or later
    const [end] = await queryRows<{ planned_end: string }>(
      t.services.db,
      sql`select max(planned_end)::text as planned_end from job_operations where job_id = ${job.id}`,
    );
    expect(Date.parse(line.planned_at)).toBeGreaterThanOrEqual(Date.parse(end.planned_end));
  });

  it('takes the revision in force over into the design draft in one step', async () => {
    const view = () => ok(t.as('engineer').get(`/api/items/${rod}/design-bom`));
    const marked = await view();
    expect(marked.draft.id).toBe(draft.id);
    expect(marked.lines.map((l: Body) => [l.position, l.state])).toEqual([
      [barPosition, 'changed'],
      [barPosition + 10, 'released-only'],
    ]);
    // a line still in design stays where it is
    const spareBar = await itemId('RM-C45-100');
    const current = (await ok(t.as('engineer').get(`/api/items/${rod}/boms`))).find(
      (b: Body) => b.id === draft.id,
    );
    draft = await ok(
      t.as('engineer').patch(`/api/boms/${draft.id}`, {
        version: current.version,
        lines: [
          ...current.lines.map((l: Body) => ({
            position: l.position,
            childItemId: l.childItemId,
            quantityPer: l.quantityPer,
            uom: l.uom,
            scrapFactor: l.scrapFactor,
            operationNumber: l.operationNumber,
          })),
          { position: barPosition + 20, childItemId: spareBar, quantityPer: 0.5 },
        ],
      }),
    );

    const url = `/api/boms/${draft.id}/take-over-revision-in-force`;
    const stale = await t.as('engineer').post(url, { version: draft.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toMatch(/problem\+json/);
    const forbidden = await t.as('operator').post(url, { version: draft.version });
    expect(forbidden.statusCode).toBe(403);
    const taken = await ok(t.as('engineer').post(url, { version: draft.version }));
    expect(taken.lines.map((l: Body) => [l.position, l.childNumber, l.quantityPer])).toEqual([
      [barPosition, 'RM-C45-100', 25],
      [barPosition + 10, 'CAP-ROD-060', 2],
      [barPosition + 20, 'RM-C45-100', 0.5],
    ]);
    expect(taken.status).toBe('draft');
    const synced = await view();
    expect(synced.lines.map((l: Body) => [l.position, l.state])).toEqual([
      [barPosition, 'released'],
      [barPosition + 10, 'released'],
      [barPosition + 20, 'draft-only'],
    ]);

    const again = await t.as('engineer').post(url, { version: taken.version });
    expect(again.statusCode).toBe(422);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect(again.json().errors[0]).toMatchObject({ field: 'draftId', rule: 'differs' });
    const inForce = await released(rod);
    const notDraft = await t
      .as('engineer')
      .post(`/api/boms/${inForce.id}/take-over-revision-in-force`, { version: inForce.version });
    expect(notDraft.statusCode).toBe(422);
    expect(notDraft.json().errors[0]).toMatchObject({ field: 'status', rule: 'draft-only' });
  });
});
