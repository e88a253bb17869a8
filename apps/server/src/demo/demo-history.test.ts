/**
 * The demo plant's history, read back through the modules' own read paths: the KPIs and OEE of
 * the last eight weeks look like a running plant's, the shop floor worked within its shifts, the
 * stock ledger balances at every moment and leaves today's stock exactly as the demo plant alone
 * has it, and loading it again writes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planningResources } from '../modules/catalog/plant-structure';
import { calendarWorkingIntervals } from '../modules/catalog/working-intervals';
import { queryRows } from '../platform/db/database';
import { openTestApp, type TestApp } from '../testing/test-app';
import { seedDemoHistory } from './demo-history';
import { addDays } from './demo-history-shifts';

let t: TestApp;
let plain: TestApp;
let seconds = 0;
const today = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}).format(new Date());
const from = addDays(today, -56);
const to = addDays(today, -1);

beforeAll(async () => {
  [t, plain] = await Promise.all([openTestApp(), openTestApp()]);
  expect(await t.services.demo.seedIfEmpty()).toBe(true);
  expect(await plain.services.demo.seedIfEmpty()).toBe(true);
  const started = performance.now();
  expect(await seedDemoHistory(t.services.db, { today })).not.toBeNull();
  seconds = (performance.now() - started) / 1000;
}, 240_000);
afterAll(async () => {
  await Promise.all([t?.close(), plain?.close()]);
});

const rows = <T>(app: TestApp, query: ReturnType<typeof sql>) => queryRows<T>(app.services.db, query);

describe('the demo history', () => {
  it('loads in a few seconds: about forty orders, shipped and mostly invoiced, a few still in production', async () => {
    expect(seconds).toBeLessThan(process.env.TAKT_TEST_DATABASE_URL ? 20 : 10);
    const orders = await rows<{ status: string; n: number }>(
      t,
      sql`select status, count(*)::int as n from sales_orders group by status`,
    );
    const byStatus = Object.fromEntries(orders.map((o) => [o.status, o.n]));
    const total = orders.reduce((s, o) => s + o.n, 0);
    expect(total).toBeGreaterThanOrEqual(35);
    expect(total).toBeLessThanOrEqual(55);
    expect(Object.keys(byStatus).every((s) => ['invoiced', 'shipped', 'in-production'].includes(s))).toBe(
      true,
    );
    expect(byStatus.invoiced).toBeGreaterThan(total * 0.8);
    // shipped whole, or (still in production) not at all, with its jobs on the floor
    const [lines] = await rows<{ partly: number; open: number; doneOpen: number }>(
      t,
      sql`select count(*) filter (where o.status <> 'in-production' and l.shipped_quantity <> l.quantity)::int as partly,
                 count(*) filter (where o.status = 'in-production' and l.shipped_quantity <> 0)::int as open,
                 (select count(*) from production_jobs j join sales_order_lines jl on jl.id = j.sales_order_line_id
                  join sales_orders jo on jo.id = jl.order_id
                  where jo.status = 'in-production' and j.status not in ('done', 'in-progress', 'released'))::int as "doneOpen"
          from sales_order_lines l join sales_orders o on o.id = l.order_id`,
    );
    expect(lines).toEqual({ partly: 0, open: 0, doneOpen: 0 });
  });

  it('gives the KPIs of the last eight weeks: on-time delivery in the band, lead times and utilisation every week', async () => {
    const response = await t.as('planner').get(`/api/planning/kpis?from=${from}&to=${to}&bucket=week`);
    expect(response.statusCode, response.body).toBe(200);
    const k = response.json();
    expect(k.total.shipments).toBeGreaterThanOrEqual(35);
    expect(k.total.onTimeToPromisePercent).toBeGreaterThanOrEqual(80);
    expect(k.total.onTimeToPromisePercent).toBeLessThanOrEqual(90);
    expect(k.total.onTimeToP90Percent).toBeGreaterThanOrEqual(88);
    expect(k.total.onTimeToP90Percent).toBeLessThanOrEqual(96);
    expect(k.total.quotedLeadTimeDays).toBeGreaterThan(10);
    expect(k.total.actualLeadTimeDays).toBeGreaterThan(10);
    const weeks = k.buckets as {
      shipments: number;
      actualLeadTimeDays: number | null;
      utilisation: number | null;
    }[];
    expect(weeks.filter((b) => b.shipments > 0).length).toBeGreaterThanOrEqual(7);
    expect(weeks.filter((b) => b.actualLeadTimeDays !== null).length).toBeGreaterThanOrEqual(7);
    expect(weeks.filter((b) => (b.utilisation ?? 0) > 20).length).toBeGreaterThanOrEqual(6);
    const shop = (k.workCenters as { code: string; bookedMinutes: number }[]).filter(
      (w) => !w.code.startsWith('TD-'),
    );
    for (const w of shop) expect(w.bookedMinutes, w.code).toBeGreaterThan(0);
  });

  it('gives every shop work center an OEE between 40 and 95 %, and a stop Pareto of several reasons', async () => {
    const response = await t.as('planner').get(`/api/oee?from=${from}&to=${to}&groupBy=work-center`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    const measured = (report.rows as { label: string; oee: number | null }[]).filter((r) => r.oee !== null);
    expect(measured.length).toBeGreaterThanOrEqual(12);
    for (const r of measured) {
      expect(r.oee, r.label).toBeGreaterThanOrEqual(0.4);
      expect(r.oee, r.label).toBeLessThanOrEqual(0.95);
    }
    const unplanned = (report.stopPareto as { planned: boolean; reasonCode: string | null }[]).filter(
      (s) => !s.planned,
    );
    expect(unplanned.length).toBeGreaterThanOrEqual(5);
    expect(unplanned.every((s) => s.reasonCode !== null)).toBe(true);
    expect(report.scrapPareto.length).toBeGreaterThanOrEqual(3);
    const micro = (report.reliability as { microStops: number }[]).reduce((s, r) => s + r.microStops, 0);
    expect(micro).toBeGreaterThan(100);
    // booked minutes around plan: slower than planned, within reason
    for (const d of report.durations as { workCenterCode: string; medianRunRatio: number | null }[])
      if (d.medianRunRatio !== null && !d.workCenterCode.startsWith('TD-')) {
        expect(d.medianRunRatio, d.workCenterCode).toBeGreaterThan(1);
        expect(d.medianRunRatio, d.workCenterCode).toBeLessThan(1.6);
      }
  });

  it('books work only within the shifts of the work centers, by the demo operators', async () => {
    const sessions = await rows<{ started_at: Date | string; ended_at: Date | string; calendar_id: string }>(
      t,
      sql`select s.started_at, s.ended_at, w.calendar_id from operator_sessions s
          join job_operations o on o.id = s.job_operation_id join work_centers w on w.id = o.work_center_id
          where s.started_at < ${new Date(`${today}T00:00:00Z`)}`,
    );
    expect(sessions.length).toBeGreaterThan(500);
    const { calendars } = await planningResources(t.services.db);
    const start = Date.parse(`${addDays(today, -120)}T00:00:00Z`);
    const end = Date.parse(`${today}T00:00:00Z`);
    const working = new Map(
      calendars.map((c) => [
        c.id,
        calendarWorkingIntervals(c, start, end).map(([a, b]) => [start + a * 60_000, start + b * 60_000]),
      ]),
    );
    const outside = sessions.filter((s) => {
      const a = new Date(s.started_at).getTime();
      const b = new Date(s.ended_at).getTime();
      return !working.get(s.calendar_id)!.some(([x, y]) => x <= a && b <= y);
    });
    expect(outside).toEqual([]);
    const [who] = await rows<{ operators: number; strangers: number }>(
      t,
      sql`select count(distinct s.operator_id)::int as operators,
                 count(*) filter (where u.badge_code not in ('1001', '1002', '1003', '1004'))::int as strangers
          from operator_sessions s join users u on u.id = s.operator_id`,
    );
    expect(who).toEqual({ operators: 4, strangers: 0 });
  });

  it('books every operation as the terminal does: setup, run, pauses, finish, its minutes the sessions', async () => {
    const ops = await rows<{
      status: string;
      kinds: string[];
      setup: string;
      run: string;
      booked_setup: string;
      booked_run: string;
    }>(
      t,
      sql`select o.status, array_agg(b.kind order by b.at, b.kind = 'quantity' desc) as kinds,
                 o.actual_setup_minutes as setup, o.actual_run_minutes as run,
                 (select coalesce(sum(extract(epoch from s.ended_at - s.started_at) / 60), 0) from operator_sessions s
                  where s.job_operation_id = o.id and s.activity = 'setup')::text as booked_setup,
                 (select coalesce(sum(extract(epoch from s.ended_at - s.started_at) / 60), 0) from operator_sessions s
                  where s.job_operation_id = o.id and s.activity = 'run')::text as booked_run
          from job_operations o join operation_bookings b on b.job_operation_id = o.id
          group by o.id`,
    );
    expect(ops.length).toBeGreaterThan(400);
    for (const o of ops) {
      const clock = o.kinds.filter((k) => k !== 'quantity');
      // released → setup → running ⇄ paused → done, as operation-transitions.ts allows
      expect(clock.join(' ')).toMatch(/^(setup( pause setup)* )?(run( pause run)* )?(pause|finish)$/);
      if (o.status === 'done') expect(clock).toContain('run');
      expect(clock.at(-1)).toBe(o.status === 'done' ? 'finish' : 'pause');
      expect(Number(o.setup)).toBeCloseTo(Number(o.booked_setup), 1);
      expect(Number(o.run)).toBeCloseTo(Number(o.booked_run), 1);
    }
  });

  it('leaves the stock of every item exactly as the demo plant alone has it', async () => {
    const onHand = (app: TestApp) =>
      rows<{ number: string; location: string; quantity: string }>(
        app,
        sql`select i.number, l.code as location, sum(m.quantity)::text as quantity
            from stock_moves m join items i on i.id = m.item_id join stock_locations l on l.id = m.location_id
            group by i.number, l.code having sum(m.quantity) <> 0 order by i.number, l.code`,
      );
    const [withHistory, without] = await Promise.all([onHand(t), onHand(plain)]);
    expect(withHistory.map((r) => ({ ...r, quantity: Number(r.quantity) }))).toEqual(
      without.map((r) => ({ ...r, quantity: Number(r.quantity) })),
    );
    // and as the inventory service sums it
    const numbers = async (app: TestApp) => {
      const ids = await rows<{ id: string; number: string }>(app, sql`select id, number from items`);
      const onHand = await app.services.inventory.onHandByItem(ids.map((r) => r.id));
      return Object.fromEntries(ids.map((r) => [r.number, onHand.get(r.id) ?? 0]));
    };
    expect(await numbers(t)).toEqual(await numbers(plain));
  });

  it('keeps a ledger that balances: never below zero in any bucket at any time, shipments from what was made', async () => {
    const [ledger] = await rows<{ negative: number; buckets: number; moves: number }>(
      t,
      sql`select count(*) filter (where running < -0.0000001)::int as negative,
                 count(distinct (item_id, location_id, lot_id))::int as buckets, count(*)::int as moves
          from (select item_id, location_id, lot_id,
                       sum(quantity) over (partition by item_id, location_id, lot_id
                                           order by at, quantity desc rows unbounded preceding) as running
                from stock_moves) m`,
    );
    expect(ledger.moves).toBeGreaterThan(400);
    expect(ledger.negative).toBe(0);
    // every lot of the history is used up, every shipment has a production of its item before it
    const [lots] = await rows<{ left: number }>(
      t,
      sql`select count(*)::int as left from (select lot_id from stock_moves where lot_id is not null
            group by lot_id having sum(quantity) <> 0) x`,
    );
    expect(lots.left).toBe(0);
    const [unmade] = await rows<{ n: number }>(
      t,
      sql`select count(*)::int as n from stock_moves s where s.kind = 'shipment' and not exists (
            select 1 from stock_moves p join production_jobs j on j.id = p.job_id
            where p.kind = 'production' and p.item_id = s.item_id and p.at < s.at
              and j.sales_order_line_id = s.sales_order_line_id)`,
    );
    expect(unmade.n).toBe(0);
    const [receipts] = await rows<{ n: number; late: number }>(
      t,
      sql`select count(*)::int as n,
                 count(*) filter (where received_at > due_at + interval '1 day')::int as late
          from purchase_receipts`,
    );
    expect(receipts.n).toBeGreaterThan(30);
    expect(receipts.late / receipts.n).toBeGreaterThan(0.03);
    expect(receipts.late / receipts.n).toBeLessThan(0.25);
  });

  it('leaves the live plan as the demo plant alone has it: the open orders need nothing more', async () => {
    const brief = async (app: TestApp) => {
      const shortages = (await app.as('planner').get('/api/planning/shortages')).json().shortages;
      const exceptions = (await app.as('planner').get('/api/planning/exceptions')).json().exceptions;
      // a refill of stock no order line waits for is dated by the supplier's lead time, which the
      // history's receipts measure (early and late deliveries): its date is the history's own
      return [...shortages, ...exceptions]
        .map((e: { kind?: string; itemNumber: string; quantity: number; date?: string; lines: unknown[] }) =>
          [
            e.kind ?? 'shortage',
            e.itemNumber,
            e.quantity,
            e.lines.length > 0 ? (e.date ?? '').slice(0, 10) : 'refill',
          ].join(' '),
        )
        .sort();
    };
    expect(await brief(t)).toEqual(await brief(plain));
  });

  it('leaves today a plan the engine takes: no two open operations at once on a machine, and a new order is promised on top', async () => {
    const overlaps = await rows<{ a: string; b: string; code: string }>(
      t,
      sql`select ja.number || '/' || a.number as a, jb.number || '/' || b.number as b, w.code
          from job_operations a
          join job_operations b on b.work_center_id = a.work_center_id and b.machine_index = a.machine_index and a.id < b.id
          join production_jobs ja on ja.id = a.job_id
          join production_jobs jb on jb.id = b.job_id
          join work_centers w on w.id = a.work_center_id
          where a.status <> 'done' and b.status <> 'done'
            and ja.status in ('planned', 'released', 'in-progress') and jb.status in ('planned', 'released', 'in-progress')
            and coalesce(a.planned_setup_start, a.planned_start) < b.planned_end
            and coalesce(b.planned_setup_start, b.planned_start) < a.planned_end`,
    );
    expect(overlaps).toEqual([]);
    const [item] = await rows<{ id: string }>(t, sql`select id from items where number = 'AS-DRIVE-080'`);
    const promised = await t.services.salesOrders.promise({
      itemId: item.id,
      quantity: 2,
      requestedDate: addDays(today, 30),
    });
    expect(promised.promisedDate >= today).toBe(true);
  });

  it('writes nothing the second time', async () => {
    const count = async () =>
      rows<Record<string, number>>(
        t,
        sql`select (select count(*) from sales_orders)::int as orders, (select count(*) from stock_moves)::int as moves,
                   (select count(*) from machine_stops)::int as stops, (select count(*) from audit_log)::int as audit`,
      );
    const before = await count();
    expect(await seedDemoHistory(t.services.db, { today })).toBeNull();
    expect(await count()).toEqual(before);
  });

  it('is the same history on every fresh demo plant on the same day', async () => {
    expect(await seedDemoHistory(plain.services.db, { today })).not.toBeNull();
    const facts = (app: TestApp) =>
      rows<Record<string, unknown>>(
        app,
        sql`select o.number, o.status, o.confirmed_at, l.line_no, i.number as item, l.quantity, l.promised_date,
                   l.requested_date, l.unit_price
            from sales_orders o join sales_order_lines l on l.order_id = o.id join items i on i.id = l.item_id
            order by o.number, l.line_no`,
      );
    expect(await facts(plain)).toEqual(await facts(t));
  });
});
