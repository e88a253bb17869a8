/**
 * The planning board over the API on the demo plant with confirmed orders: operations sit on
 * the machines the schedule put them on, labelled with their order and customer; the shaded
 * non-working time is the calendar's; the load adds up to the operations' working minutes and
 * names one bottleneck.
 */
import type { PlanningBoard } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

let t: TestApp;
let customer: { id: string; name: string };
const orders: { id: string; number: string }[] = [];
/** the window: plant-local midnights (Europe/Berlin in the demo plant) */
let firstDate: string;
let from: string;
let to: string;
const DAYS = 56;

/** UTC instant of a Berlin local midnight, read from the working-time API's own day bounds. */
const berlinMidnight = (date: string) => {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const offsetHours = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(
      utc,
    ),
  );
  return new Date(utc - offsetHours * 3_600_000).toISOString();
};

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  const endItems = await queryRows<{ id: string; number: string }>(
    t.services.db,
    sql`select i.id, i.number from items i
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
    orders.push({ id: order.id, number: order.number });
  }
  firstDate = addDays(inDays(0), -1);
  from = berlinMidnight(firstDate);
  to = berlinMidnight(addDays(firstDate, DAYS));
}, 180_000);
afterAll(async () => {
  await t.close();
});

const getBoard = async (query: string): Promise<PlanningBoard> => {
  const response = await t.as('planner').get(`/api/planning/board?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

/** Scheduled operations of non-cancelled jobs intersecting [from, to), straight from the tables. */
const scheduledInWindow = () =>
  queryRows<{
    id: string;
    work_center_id: string;
    machine_index: number;
    setup_start: Date | string;
    planned_end: Date | string;
    sales_order_line_id: string | null;
  }>(
    t.services.db,
    sql`select o.id, o.work_center_id, o.machine_index, coalesce(o.planned_setup_start, o.planned_start) as setup_start,
               o.planned_end, j.sales_order_line_id
        from job_operations o join production_jobs j on j.id = o.job_id
        where j.status <> 'cancelled' and o.machine_index is not null and o.planned_start is not null
          and coalesce(o.planned_setup_start, o.planned_start) < ${to}::timestamptz
          and o.planned_end > ${from}::timestamptz`,
  );

/** Working minutes of [a, b) on UTC intervals. */
const workingMinutes = (intervals: { start: string; end: string }[], a: number, b: number) =>
  intervals.reduce(
    (sum, i) => sum + Math.max(0, Math.min(b, Date.parse(i.end)) - Math.max(a, Date.parse(i.start))) / 60_000,
    0,
  );

describe('planning board', () => {
  it('puts every scheduled operation on the machine the schedule chose, with its order and customer', async () => {
    const board = await getBoard(`from=${from}&to=${to}`);
    expect(board.timeZone).toBe('Europe/Berlin');
    expect(board.from).toBe(from);
    expect(board.to).toBe(to);
    expect(Math.abs(Date.parse(board.now) - Date.now())).toBeLessThan(60_000);
    expect(board.workCenters.map((w) => w.code)).toContain('LATHE');
    const placed = new Map<
      string,
      {
        workCenterId: string;
        machine: number;
        op: PlanningBoard['workCenters'][0]['machines'][0]['operations'][0];
      }
    >();
    for (const wc of board.workCenters) {
      expect(wc.machines.map((m) => m.index)).toEqual([...wc.machines.keys()]);
      for (const m of wc.machines) {
        expect(m.code).toBe(`${wc.code}-${m.index + 1}`);
        const starts = m.operations.map((o) => Date.parse(o.plannedSetupStart));
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        for (const op of m.operations) placed.set(op.id, { workCenterId: wc.id, machine: m.index, op });
      }
    }
    const expected = await scheduledInWindow();
    expect(expected.length).toBeGreaterThan(10);
    expect(placed.size).toBe(expected.length);
    for (const row of expected) {
      const p = placed.get(row.id);
      expect(p, row.id).toBeDefined();
      expect(p!.workCenterId).toBe(row.work_center_id);
      expect(p!.machine).toBe(row.machine_index);
      expect(Date.parse(p!.op.plannedSetupStart)).toBe(new Date(row.setup_start).getTime());
      expect(Date.parse(p!.op.plannedEnd)).toBe(new Date(row.planned_end).getTime());
    }
    // every operation serves one of the orders (its own line or the line pegged to shared supply)
    const numbers = new Set(orders.map((o) => o.number));
    const late = new Set(
      (
        await queryRows<{ id: string }>(
          t.services.db,
          sql`select id from production_jobs where planned_end > due`,
        )
      ).map((r) => r.id),
    );
    for (const { op } of placed.values()) {
      expect(op.jobNumber).toMatch(/^JOB-\d{6}$/);
      expect(op.itemNumber.length).toBeGreaterThan(0);
      expect(numbers.has(op.orderNumber!), `${op.jobNumber} ${op.orderNumber}`).toBe(true);
      expect(op.customerName).toBe(customer.name);
      expect(op.salesOrderId).toBe(orders.find((o) => o.number === op.orderNumber)!.id);
      expect(op.late).toBe(late.has(op.jobId));
    }
    // the dedicated jobs carry their own order
    const dedicated = expected.filter((r) => r.sales_order_line_id);
    expect(dedicated.length).toBeGreaterThan(0);
  });

  it('flags an operation late when its job is planned to end after its due date', async () => {
    const [job] = await queryRows<{ id: string; due: Date | string }>(
      t.services.db,
      sql`select j.id, j.due from production_jobs j where j.planned_end <= j.due order by j.number limit 1`,
    );
    const before = (await getBoard(`from=${from}&to=${to}`)).workCenters
      .flatMap((w) => w.machines.flatMap((m) => m.operations))
      .filter((o) => o.jobId === job.id);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((o) => !o.late)).toBe(true);
    await t.services.db.execute(
      sql`update production_jobs set due = planned_end - interval '1 hour' where id = ${job.id}`,
    );
    try {
      const after = (await getBoard(`from=${from}&to=${to}`)).workCenters
        .flatMap((w) => w.machines.flatMap((m) => m.operations))
        .filter((o) => o.jobId === job.id);
      expect(after.every((o) => o.late)).toBe(true);
    } finally {
      await t.services.db.execute(
        sql`update production_jobs set due = ${new Date(job.due).toISOString()}::timestamptz where id = ${job.id}`,
      );
    }
  });

  it("shades exactly the calendar's non-working time", async () => {
    const board = await getBoard(`from=${from}&to=${to}`);
    for (const code of ['LATHE', 'HT']) {
      const wc = board.workCenters.find((w) => w.code === code)!;
      const working = (
        await t
          .as('planner')
          .get(
            `/api/calendars/${wc.calendarId}/working-time?from=${firstDate}&to=${addDays(firstDate, DAYS - 1)}`,
          )
      ).json() as { intervals: { start: string; end: string }[]; workingMinutes: number };
      // the gaps between working intervals, and before the first and after the last
      const gaps: { start: string; end: string }[] = [];
      let cursor = from;
      for (const i of working.intervals) {
        if (Date.parse(i.start) > Date.parse(cursor)) gaps.push({ start: cursor, end: i.start });
        cursor = i.end;
      }
      if (Date.parse(cursor) < Date.parse(to)) gaps.push({ start: cursor, end: to });
      const iso = (s: string) => new Date(s).toISOString();
      expect(wc.nonWorking).toEqual(gaps.map((g) => ({ start: iso(g.start), end: iso(g.end) })));
      // and a weekend is shaded whole (holidays next to weekends may join gaps: count none)
      expect(wc.nonWorking.some((g) => Date.parse(g.end) - Date.parse(g.start) >= 2 * DAY)).toBe(true);
    }
  });

  it("adds the load up to the operations' working minutes, against calendar × machines × efficiency", async () => {
    const board = await getBoard(`from=${from}&to=${to}`);
    const { capacity } = board;
    expect(capacity.bucket).toBe('day');
    expect(capacity.buckets).toHaveLength(DAYS);
    expect(capacity.buckets[0]).toMatchObject({ date: firstDate, start: from });
    expect(capacity.buckets.at(-1)!.end).toBe(to);
    for (const wc of board.workCenters) {
      const row = capacity.workCenters.find((r) => r.workCenterId === wc.id)!;
      const working = (
        await t
          .as('planner')
          .get(
            `/api/calendars/${wc.calendarId}/working-time?from=${firstDate}&to=${addDays(firstDate, DAYS - 1)}`,
          )
      ).json() as { intervals: { start: string; end: string }[]; workingMinutes: number };
      // available: the calendar's working minutes × machines × efficiency, day by day
      capacity.buckets.forEach((b, x) => {
        const minutes = workingMinutes(working.intervals, Date.parse(b.start), Date.parse(b.end));
        expect(row.cells[x].availableMinutes).toBeCloseTo(minutes * wc.machines.length * wc.efficiency, 0);
      });
      // load: every working minute an operation occupies inside the window, in standard minutes
      const ops = wc.machines.flatMap((m) => m.operations);
      const occupied = ops.reduce(
        (sum, o) =>
          sum +
          workingMinutes(
            working.intervals,
            Math.max(Date.parse(from), Date.parse(o.plannedSetupStart)),
            Math.min(Date.parse(to), Date.parse(o.plannedEnd)),
          ),
        0,
      );
      const load = row.cells.reduce((s, c) => s + c.loadMinutes, 0);
      expect(load).toBeCloseTo(occupied * wc.efficiency, -1);
      expect(row.total.loadMinutes).toBeCloseTo(occupied * wc.efficiency, 0);
      // an operation inside the window occupies exactly its setup and run minutes of working time
      for (const o of ops)
        if (Date.parse(o.plannedSetupStart) >= Date.parse(from) && Date.parse(o.plannedEnd) <= Date.parse(to))
          expect(
            workingMinutes(working.intervals, Date.parse(o.plannedSetupStart), Date.parse(o.plannedEnd)),
            `${wc.code} ${o.jobNumber}/${o.operationNumber}`,
          ).toBeCloseTo(o.setupMinutes + o.runMinutes, 0);
      for (const c of row.cells)
        expect(c.utilisation).toBeCloseTo(
          c.availableMinutes ? (c.loadMinutes / c.availableMinutes) * 100 : 0,
          0,
        );
    }
    // one bottleneck: the highest utilisation over the window
    const flagged = capacity.workCenters.filter((r) => r.bottleneck);
    expect(flagged).toHaveLength(1);
    expect(capacity.bottleneckWorkCenterId).toBe(flagged[0].workCenterId);
    const highest = Math.max(...capacity.workCenters.map((r) => r.total.utilisation));
    expect(flagged[0].total.utilisation).toBe(highest);
    expect(highest).toBeGreaterThan(0);
  });

  it('sums days into ISO weeks, and the load view answers alone', async () => {
    // a window of whole weeks: from a Monday
    const weekday = new Date(`${firstDate}T00:00:00Z`).getUTCDay();
    const monday = addDays(firstDate, (8 - weekday) % 7);
    const wFrom = berlinMidnight(monday);
    const wTo = berlinMidnight(addDays(monday, 28));
    const days = (await t.as('planner').get(`/api/planning/load?from=${wFrom}&to=${wTo}`)).json();
    const weeks = (
      await t.as('planner').get(`/api/planning/load?from=${wFrom}&to=${wTo}&bucket=week`)
    ).json();
    expect(days.buckets).toHaveLength(28);
    expect(weeks.bucket).toBe('week');
    expect(weeks.buckets.map((b: { date: string }) => b.date)).toEqual(
      [0, 7, 14, 21].map((n) => addDays(monday, n)),
    );
    for (const [x, row] of (
      weeks.workCenters as { cells: { loadMinutes: number; availableMinutes: number }[] }[]
    ).entries())
      row.cells.forEach((cell, w) => {
        const daily = days.workCenters[x].cells.slice(w * 7, w * 7 + 7);
        const sum = (k: 'loadMinutes' | 'availableMinutes') =>
          daily.reduce((s: number, c: Record<string, number>) => s + c[k], 0);
        expect(cell.loadMinutes).toBeCloseTo(sum('loadMinutes'), -1);
        expect(cell.availableMinutes).toBeCloseTo(sum('availableMinutes'), -1);
      });
  });

  it('shows only the work centers asked for, with a default window, and refuses a bad one', async () => {
    const all = await getBoard(`from=${from}&to=${to}`);
    const two = all.workCenters.slice(0, 2).map((w) => w.id);
    const some = await getBoard(`from=${from}&to=${to}&workCenterIds=${two.join(',')}`);
    expect(some.workCenters.map((w) => w.id)).toEqual(two);
    expect(some.capacity.workCenters.map((w) => w.workCenterId)).toEqual(two);
    const byDefault = await getBoard('');
    expect(Date.parse(byDefault.from)).toBeLessThan(Date.now() - 86_400_000 + 60_000);
    expect(Date.parse(byDefault.to) - Date.parse(byDefault.from)).toBe(28 * DAY);
    const backwards = await t.as('planner').get(`/api/planning/board?from=${to}&to=${from}`);
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0]).toMatchObject({ field: 'to', rule: 'after-from' });
    const tooLong = await t
      .as('planner')
      .get(`/api/planning/board?from=${from}&to=${new Date(Date.parse(from) + 500 * DAY).toISOString()}`);
    expect(tooLong.statusCode).toBe(422);
    const badId = await t.as('planner').get(`/api/planning/board?workCenterIds=nope`);
    expect(badId.statusCode).toBe(400);
    expect((await t.as('operator').get('/api/planning/board')).statusCode).toBe(200);
    expect((await t.as('customer').get('/api/planning/board')).statusCode).toBe(403);
  });
});
