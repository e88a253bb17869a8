/**
 * The plant's KPIs over time, per plant-local day or ISO week:
 *   on-time delivery  share of deliveries (a delivery note's shipment of a line) shipped on or
 *                     before the line's promised date, and on or before the local day of its P90
 *   lead time         mean calendar days from the order's date to its promised date (quoted) and
 *                     to the shipment (actual), of the lines shipped in the bucket
 *   WIP               released, unfinished jobs at the bucket's end: count, quantity, standard value
 *   utilisation       booked working minutes (operator sessions, merged per operation) ÷ the
 *                     calendar's working minutes × machines, per work center and for the plant
 * It lives with performance because it reads measurements across modules and writes nothing,
 * like OEE: deliveries through sales (`deliveries.ts`), jobs and bookings through production
 * (`work-in-progress.ts`), calendars through catalog (`calendarWorkingIntervals`), and the
 * bucket arithmetic of the capacity load (`loadBuckets`, `capacityLoad` with booked intervals
 * in place of scheduled ones).
 */
import type { KpiQuery, KpiReport } from '@takt/contracts';
import { localToUtc } from '@takt/engine';
import type { Db, Tx } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { localDateIn, planningResources, plantTimeZone } from '../catalog/plant-structure';
import { calendarWorkingIntervals } from '../catalog/working-intervals';
import { capacityLoad, loadBuckets } from '../planning/capacity-load';
import { bookedIntervalsBetween, wipAt } from '../production/work-in-progress';
import { deliveriesBetween } from '../sales/deliveries';

const DAY_MS = 86_400_000;
const MAX_DAYS = 732;

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
const percent = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : null);
const mean = (xs: number[]) =>
  xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10 : null;

export async function plantKpis(db: Db | Tx, query: KpiQuery, now = new Date()): Promise<KpiReport> {
  if (query.to < query.from) throw ruleViolation('to', 'after-from', 'to must not be before from');
  if (daysBetween(query.from, query.to) + 1 > MAX_DAYS)
    throw ruleViolation('to', 'max-range', `ask for at most ${MAX_DAYS} days at a time`);
  const timeZone = await plantTimeZone(db);
  const fromMs = localToUtc(timeZone, Date.parse(`${query.from}T00:00:00Z`));
  const toMs = localToUtc(timeZone, Date.parse(`${query.to}T00:00:00Z`) + DAY_MS);
  const buckets = loadBuckets(fromMs, toMs, timeZone, query.bucket);
  const bucketEnd = (x: number) => new Date(fromMs + buckets[x].end * 60_000);
  const [resources, deliveries, wip, booked] = await Promise.all([
    planningResources(db),
    deliveriesBetween(db, new Date(fromMs), new Date(toMs)),
    // WIP at each bucket's end, or now for the bucket still running
    wipAt(
      db,
      buckets.map((_, x) => new Date(Math.min(bucketEnd(x).getTime(), now.getTime()))),
    ),
    bookedIntervalsBetween(db, new Date(fromMs), new Date(toMs), now),
  ]);

  // deliveries by the bucket of their local ship date
  const bucketOf = (ms: number) => {
    const minute = (ms - fromMs) / 60_000;
    return buckets.findIndex((b) => minute >= b.start && minute < b.end);
  };
  const cells = buckets.map(() => ({
    shipments: 0,
    promise: 0,
    p90: 0,
    quoted: [] as number[],
    actual: [] as number[],
  }));
  const total = { shipments: 0, promise: 0, p90: 0, quoted: [] as number[], actual: [] as number[] };
  for (const d of deliveries) {
    const x = bucketOf(d.shippedAt.getTime());
    if (x < 0) continue;
    const shipped = localDateIn(timeZone, d.shippedAt);
    const ordered = localDateIn(timeZone, d.orderedAt);
    const onPromise = d.promisedDate !== null && shipped <= d.promisedDate;
    const onP90 = d.p90At !== null && shipped <= localDateIn(timeZone, d.p90At);
    for (const c of [cells[x], total]) {
      c.shipments++;
      if (onPromise) c.promise++;
      if (onP90) c.p90++;
      if (d.promisedDate) c.quoted.push(daysBetween(ordered, d.promisedDate));
      c.actual.push(daysBetween(ordered, shipped));
    }
  }

  // utilisation: booked intervals on the calendars, as the capacity load measures scheduled ones
  const calendars = new Map(resources.calendars.map((c) => [c.id, c]));
  const intervals = new Map(
    [...new Set(resources.workCenters.map((w) => w.calendarId))].flatMap((id) => {
      const cal = calendars.get(id);
      return cal ? [[id, calendarWorkingIntervals(cal, fromMs, toMs)] as const] : [];
    }),
  );
  const workCenters = resources.workCenters.map((w) => ({
    id: w.id,
    machines: w.machines,
    efficiency: 1,
    intervals: intervals.get(w.calendarId) ?? [],
    operations: (booked.get(w.id) ?? []).map((b) => ({
      start: (Math.max(b.start, fromMs) - fromMs) / 60_000,
      end: (Math.min(b.end, toMs) - fromMs) / 60_000,
    })),
  }));
  const load = capacityLoad(buckets, workCenters);
  const loadOf = new Map(load.workCenters.map((w) => [w.id, w]));
  const plantUtilisation = buckets.map((_, x) => {
    let available = 0;
    let used = 0;
    for (const w of load.workCenters) {
      available += w.cells[x].availableMinutes;
      used += w.cells[x].loadMinutes;
    }
    return available > 0 ? Math.round((used / available) * 1000) / 10 : null;
  });
  const totalAvailable = load.workCenters.reduce((s, w) => s + w.total.availableMinutes, 0);
  const totalUsed = load.workCenters.reduce((s, w) => s + w.total.loadMinutes, 0);

  return {
    from: query.from,
    to: query.to,
    bucket: query.bucket,
    timeZone,
    currency: resources.workCenters[0]?.currency ?? 'EUR',
    buckets: buckets.map((b, x) => ({
      date: b.date,
      shipments: cells[x].shipments,
      onTimeToPromise: cells[x].promise,
      onTimeToP90: cells[x].p90,
      onTimeToPromisePercent: percent(cells[x].promise, cells[x].shipments),
      onTimeToP90Percent: percent(cells[x].p90, cells[x].shipments),
      quotedLeadTimeDays: mean(cells[x].quoted),
      actualLeadTimeDays: mean(cells[x].actual),
      wipJobs: wip[x]?.jobs ?? 0,
      wipQuantity: wip[x]?.quantity ?? 0,
      wipValue: wip[x]?.value ?? 0,
      utilisation: plantUtilisation[x],
    })),
    total: {
      shipments: total.shipments,
      onTimeToPromise: total.promise,
      onTimeToP90: total.p90,
      onTimeToPromisePercent: percent(total.promise, total.shipments),
      onTimeToP90Percent: percent(total.p90, total.shipments),
      quotedLeadTimeDays: mean(total.quoted),
      actualLeadTimeDays: mean(total.actual),
      utilisation: totalAvailable > 0 ? Math.round((totalUsed / totalAvailable) * 1000) / 10 : null,
    },
    workCenters: resources.workCenters.map((w) => {
      const l = loadOf.get(w.id)!;
      return {
        id: w.id,
        code: w.code,
        name: w.name,
        utilisation: l.cells.map((c) => (c.availableMinutes > 0 ? c.utilisation : null)),
        bookedMinutes: l.total.loadMinutes,
        availableMinutes: l.total.availableMinutes,
      };
    }),
  };
}
