/**
 * The demo history as facts, before they become rows: the orders of the last ten weeks, the jobs
 * they took and what the floor did with them, the deliveries against their promises, and the
 * purchases and stock moves behind it all. Everything recorded ends before today's local
 * midnight and is a pure function of the plant, today and the seed: the same plant on the same
 * day gets the same history.
 *
 * The requested dates run evenly from seven weeks ago to a week and a half from now; each order
 * is confirmed as long before as its customer's lead time says (ten to two weeks ago), and its
 * jobs are released to meet the date (as late as the flow allows, MTO). Orders the floor
 * finished are shipped; those still on the floor at midnight stay open, kitted so that today's
 * stock is left alone, or are made to fit (see below), so the last week is as busy as the
 * weeks before it.
 */
import { Random } from '@takt/engine';
import { buildLedger, KIT_MINUTES, type Ledger, type SupplyTerm } from './demo-history-ledger';
import {
  depthOf,
  explodeLine,
  type HistoryCatalog,
  type HistoryJob,
  type HistoryOrder,
  planOrders,
} from './demo-history-orders';
import { type LineOutcome, promiseLines, promiseOpenLines } from './demo-history-promises';
import { addDays, localInstant, type ShiftCalendar, shiftsOf } from './demo-history-shifts';
import {
  asOf,
  type FloorHistory,
  type FloorWorkCenter,
  type SetupMatrix,
  simulateFloor,
} from './demo-history-shop-floor';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** confirmations from this many days ago ... */
const FIRST_ORDER_DAYS = 73;
/** ... to this many days ago */
const LAST_ORDER_DAYS = 14;
/** orders planned, before those made to fit or left out at the end (see planDemoHistory) */
const ORDERS = 48;
/** requested dates reach this many days past today: the orders in production today */
const AHEAD_DAYS = 11;
/** an order with a part done too late for its parent's kit is released up to this many days later before it is left out */
const HOLD_BACK_DAYS = 3;
/** the key of the second order the lines of one shipped in part become (keys of planned orders are below) */
const SPLIT_KEY = 1_000;
/** calendar days from a line's first job to its requested date, by the depth of its tree */
const FLOW_DAYS = [11, 15, 19, 23];

export interface HistoryWorkCenter {
  id: string;
  code: string;
  name: string;
  machines: number;
  efficiency: number;
  calendar: ShiftCalendar;
  matrix: SetupMatrix | null;
}

export interface HistoryPlant {
  today: string;
  timeZone: string;
  catalog: HistoryCatalog;
  workCenters: HistoryWorkCenter[];
  /** the calendar most work centers run on: working days of the office and the dock */
  plantCalendar: ShiftCalendar;
  termsOf: (itemId: string) => SupplyTerm | undefined;
}

export interface HistoryDelivery {
  order: HistoryOrder;
  jobs: HistoryJob[];
  at: number;
  number: string;
}

export interface HistoryPlan {
  from: number;
  to: number;
  orders: HistoryOrder[];
  jobs: HistoryJob[];
  floor: FloorHistory;
  releasedAt: Map<number, number>;
  /** by line key */
  shippedAt: Map<string, number>;
  outcomes: Map<string, LineOutcome>;
  deliveries: HistoryDelivery[];
  invoicedAt: Map<number, number>;
  /** orders still in production today (their jobs run on past today) */
  open: Set<number>;
  ledger: Ledger;
}

export function planDemoHistory(plant: HistoryPlant, seed: number): HistoryPlan {
  const tz = plant.timeZone;
  const to = localInstant(tz, plant.today, 0);
  const firstDate = addDays(plant.today, -FIRST_ORDER_DAYS);
  const from = localInstant(tz, firstDate, 0);
  const officeDays = shiftsOf(plant.plantCalendar, addDays(plant.today, -240), addDays(plant.today, 120))
    .filter((s) => s.index === 0)
    .map((s) => s.date);
  const rng = new Random(seed);
  const isOfficeDay = new Set(officeDays);
  const dateOf = (ms: number) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(ms));

  // due dates spread evenly from three weeks into the window to a week from now
  const firstConfirmation = localInstant(tz, firstDate, 8 * 60);
  const lastConfirmation = localInstant(tz, addDays(plant.today, -LAST_ORDER_DAYS), 16 * 60);
  const dueDays = officeDays.filter(
    (d) => d >= addDays(firstDate, 14) && d <= addDays(plant.today, AHEAD_DAYS),
  );
  const requested = Array.from({ length: ORDERS }, (_, i) =>
    localInstant(tz, dueDays[Math.floor(((i + 0.5) / ORDERS) * dueDays.length)], 12 * 60),
  );
  const officeHours = (ms: number) => {
    // the working day on or before, between eight and four
    let date = dateOf(ms);
    while (!isOfficeDay.has(date)) date = addDays(date, -1);
    const at = localInstant(tz, date, 8 * 60 + rng.int(8 * 60));
    return Math.min(Math.max(at, firstConfirmation), lastConfirmation);
  };
  let orders = planOrders(rng, {
    requested,
    firstConfirmation,
    lastConfirmation,
    officeHours,
    catalog: plant.catalog,
  });

  const used = new Set(
    [...plant.catalog.operationsByItem.values()]
      .flat()
      .flatMap((o) => [o.workCenterId, ...o.alternatives.map((a) => a.workCenterId)]),
  );
  const workCenters: FloorWorkCenter[] = plant.workCenters
    .filter((w) => used.has(w.id))
    .map((w) => ({
      id: w.id,
      code: w.code,
      efficiency: w.efficiency,
      machineCount: w.machines,
      matrix: w.matrix,
      shifts: shiftsOf(w.calendar, firstDate, addDays(plant.today, 90)),
    }));
  const nameOf = new Map(plant.workCenters.map((w) => [w.id, w]));
  const nextOfficeDay = (date: string) => {
    let d = addDays(date, 1);
    while (!isOfficeDay.has(d)) d = addDays(d, 1);
    return d;
  };

  /*
   * Simulate, then settle what is not shipped by today. An order still in production stays open
   * only if today's stock is untouched by it: its jobs were kitted at their release (what their
   * operations not started by the end take was issued to them then), no finished part waits in
   * stores (every job done went into its parent's kit, the line's own job is not done). Another
   * unshipped order is made to fit and the floor simulated again: a line done after the last
   * truck has its own job held until the end (its parts wait in its kit), the lines of an order
   * shipped in part that are not become a second order of the customer's, an order with a part
   * done too late for its parent's kit is released a day later (up to HOLD_BACK_DAYS, then it is
   * left out). Dropping such orders would thin the floor's last weeks: their work would be
   * missing from them, and what they pushed would run earlier.
   */
  let jobs: HistoryJob[] = [];
  let floor: FloorHistory | null = null;
  const shippedAt = new Map<string, number>();
  const open = new Set<number>();
  /** days an order is released later than its flow says, so that it fits the end of the history */
  const heldBack = new Map<number, number>();
  /** lines whose own job waits for the end of the history (done earlier, it would wait for the truck in stores) */
  const heldToEnd = new Set<string>();
  for (let round = 0; ; round++) {
    let key = 0;
    jobs = orders.flatMap((o) =>
      o.lines.flatMap((l) =>
        explodeLine(new Random(seed + 7919 * (o.key + 1)), plant.catalog, o, l, () => key++),
      ),
    );
    const releaseOf = (job: HistoryJob) => {
      let top = job;
      while (top.parent) top = top.parent;
      const asap = job.order.confirmedAt + 20 * HOUR;
      // a line held until the end waits for it (its parts are kitted meanwhile)
      if (!job.parent && heldToEnd.has(job.line.key)) return to;
      const flow = Math.max(asap, job.order.requestedAt - FLOW_DAYS[depthOf(top.item.number)] * DAY);
      return flow + (heldBack.get(job.order.key) ?? 0) * DAY;
    };
    floor = simulateFloor(new Random(seed + 1), { jobs, workCenters, from, to, releaseOf });
    const times = floor.jobTimes;
    shippedAt.clear();
    open.clear();
    const unshipped = new Set<number>();
    const shipRng = new Random(seed + 2);
    for (const job of jobs) {
      if (job.parent) continue;
      const done = times.get(job.key)!.end;
      // the truck leaves in the afternoon: the same day when packed by noon, else the next working day
      const doneDate = dateOf(done);
      const sameDay = isOfficeDay.has(doneDate) && done < localInstant(tz, doneDate, 12 * 60);
      const day = sameDay ? doneDate : nextOfficeDay(doneDate);
      const at = localInstant(tz, day, 13 * 60 + shipRng.int(180));
      if (at < to - HOUR) shippedAt.set(job.line.key, at);
      else unshipped.add(job.order.key);
    }
    const finished = (j: HistoryJob) => times.get(j.key)!.end < to;
    // a part made for the parent goes into its kit half an hour after it is done
    const kitted = (j: HistoryJob) => times.get(j.key)!.end + KIT_MINUTES * MINUTE < to;
    const leftOut = new Set<number>();
    for (const o of orders.filter((x) => unshipped.has(x.key))) {
      const mine = jobs.filter((j) => j.order === o);
      const keeps = mine.every((j) => !finished(j) || (j.parent !== null && kitted(j)));
      // an order is shipped whole or still open whole
      if (keeps && o.lines.every((l) => !shippedAt.has(l.key))) open.add(o.key);
      else leftOut.add(o.key);
    }
    if (leftOut.size === 0) break;
    if (round >= 15) throw new Error('demo history: orders keep missing the end of the history');
    // made to fit: the lines not shipped of an order shipped in part were a second order of the
    // customer's; a line done after the last truck is held until the end; an order with a part
    // done too late for its parent's kit is released a day later, and left out when that did
    // not help HOLD_BACK_DAYS times
    const partly = new Set(
      orders.filter((o) => leftOut.has(o.key) && o.lines.some((l) => shippedAt.has(l.key))).map((o) => o.key),
    );
    const toEnd = jobs.filter(
      (j) => !j.parent && leftOut.has(j.order.key) && !partly.has(j.order.key) && finished(j),
    );
    for (const j of toEnd) heldToEnd.add(j.line.key);
    const waiting = new Set(toEnd.map((j) => j.order.key));
    const holdBack = [...leftOut].filter(
      (k) => !partly.has(k) && !waiting.has(k) && (heldBack.get(k) ?? 0) < HOLD_BACK_DAYS,
    );
    for (const k of holdBack) heldBack.set(k, (heldBack.get(k) ?? 0) + 1);
    orders = orders.flatMap((o) =>
      partly.has(o.key)
        ? [
            { ...o, lines: o.lines.filter((l) => shippedAt.has(l.key)) },
            {
              ...o,
              key: o.key + SPLIT_KEY,
              reference: `${o.reference}/2`,
              lines: o.lines.filter((l) => !shippedAt.has(l.key)),
            },
          ]
        : leftOut.has(o.key) && !holdBack.includes(o.key) && !waiting.has(o.key)
          ? []
          : [o],
    );
  }
  // the floor as it stood at the end of the history (the open orders' work goes on today)
  const simulated = floor!;
  const operations = simulated.operations.map((o) => asOf(o, to));
  const f: FloorHistory = {
    ...simulated,
    operations,
    stops: [
      ...simulated.stops.filter((st) => st.operation === null),
      ...operations.flatMap((o) => o.stops),
    ].sort((a, b) => a.start - b.start || a.machine.code.localeCompare(b.machine.code)),
  };

  // the work center each line waited for longest: what its promise was bound by
  const waited = new Map<string, Map<string, number>>();
  for (const o of f.operations) {
    const byWc = waited.get(o.job.line.key) ?? new Map<string, number>();
    byWc.set(o.wc.id, (byWc.get(o.wc.id) ?? 0) + (o.setupStart - o.ready));
    waited.set(o.job.line.key, byWc);
  }
  const lines = jobs
    .filter((j) => !j.parent)
    .map((j) => {
      const [wcId] = [...(waited.get(j.line.key) ?? new Map())].sort((a, b) => b[1] - a[1])[0];
      const wc = nameOf.get(wcId)!;
      return {
        key: j.line.key,
        confirmedAt: j.order.confirmedAt,
        requestedAt: j.order.requestedAt,
        shippedAt: shippedAt.get(j.line.key) ?? f.jobTimes.get(j.key)!.end,
        bottleneck: { id: wc.id, code: wc.code, name: wc.name },
      };
    });
  const outcomes = new Map([
    ...promiseLines(
      new Random(seed + 3),
      lines.filter((l) => shippedAt.has(l.key)),
      tz,
    ),
    ...promiseOpenLines(
      new Random(seed + 7),
      lines.filter((l) => !shippedAt.has(l.key)),
      tz,
    ),
  ]);

  // delivery notes: an order's lines shipped the same day travel on one note
  const deliveries: HistoryDelivery[] = [];
  for (const job of jobs.filter((j) => !j.parent && shippedAt.has(j.line.key))) {
    const at = shippedAt.get(job.line.key)!;
    const same = deliveries.find((d) => d.order === job.order && dateOf(d.at) === dateOf(at));
    if (same) {
      same.jobs.push(job);
      same.at = Math.min(same.at, at);
    } else deliveries.push({ order: job.order, jobs: [job], at, number: '' });
  }
  for (const d of deliveries) for (const j of d.jobs) shippedAt.set(j.line.key, d.at);
  deliveries.sort((a, b) => a.at - b.at);

  // invoiced a working day or two after the last delivery, unless that is today or later
  const invoiceRng = new Random(seed + 4);
  const invoicedAt = new Map<number, number>();
  for (const order of orders.filter((o) => !open.has(o.key))) {
    const last = Math.max(...order.lines.map((l) => shippedAt.get(l.key)!));
    let day = nextOfficeDay(dateOf(last));
    if (invoiceRng.next() < 0.4) day = nextOfficeDay(day);
    const at = localInstant(tz, day, 9 * 60 + invoiceRng.int(240));
    if (at < to) invoicedAt.set(order.key, at);
  }

  // released to the floor a few days before the job's first operation, never before confirmation
  const releaseRng = new Random(seed + 5);
  const releasedAt = new Map<number, number>();
  for (const job of jobs) {
    const start = f.jobTimes.get(job.key)!.start;
    const planned = start - (1 + releaseRng.next() * 4) * DAY;
    // (an open order's jobs that start after today were released all the same)
    releasedAt.set(
      job.key,
      Math.min(start - 10 * MINUTE, to - 2 * HOUR, Math.max(job.order.confirmedAt + 2 * HOUR, planned)),
    );
  }

  const opsOf = new Map<number, typeof f.operations>();
  for (const o of f.operations) opsOf.set(o.job.key, [...(opsOf.get(o.job.key) ?? []), o]);
  const ledger = buildLedger(new Random(seed + 6), {
    jobs,
    operationsOf: (job) => opsOf.get(job.key) ?? [],
    jobEnd: (job) => f.jobTimes.get(job.key)!.end,
    until: to,
    // an open order's job was kitted when it was released: what its operations not started by
    // the end take went to it then
    kittedAt: (job) => (open.has(job.order.key) ? releasedAt.get(job.key)! + 10 * MINUTE : undefined),
    shipments: jobs
      .filter((j) => !j.parent && shippedAt.has(j.line.key))
      .map((job) => ({ job, at: shippedAt.get(job.line.key)! })),
    termsOf: (item) => {
      const term = plant.termsOf(item.id);
      if (!term) throw new Error(`demo history: ${item.number} has no supply terms`);
      return term;
    },
    timeZone: tz,
    // (and a few ahead: a delivery that came early on the last days was due after them)
    workingDates: officeDays.filter((d) => d < addDays(plant.today, 14)),
  });
  return {
    from,
    to,
    orders,
    jobs,
    floor: f,
    releasedAt,
    shippedAt,
    outcomes,
    deliveries,
    invoicedAt,
    open,
    ledger,
  };
}
