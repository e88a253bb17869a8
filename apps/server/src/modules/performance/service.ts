/**
 * The measured shop floor: OEE by machine, work center, shift, day or job, stop and scrap
 * Paretos, reliability (MTBF, MTTR, availability) against what the plan assumes, and actual vs.
 * planned durations. It reads what production and machine data measured through their own
 * read functions and computes with the pure `oee` module. It also turns the measurements into
 * the plan's uncertainty (`measuredUncertainty`), so promises rest on measured numbers.
 */
import type { OeeQuery, OeeReport } from '@takt/contracts';
import { DEFAULT_UNCERTAINTY, localToUtc, type Uncertainty } from '@takt/engine';
import type { Db, Tx } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { groupBy } from '../../platform/group-by';
import { planningResources, plantTimeZone } from '../catalog/plant-structure';
import { calendarWorkingIntervals } from '../catalog/working-intervals';
import { cyclesBetween, type StopInWindow, stopsBetween } from '../machine-data/measurements';
import { machineCode } from '../production/machines';
import { bookedQuantitiesBetween, finishedOperationTimes, operationFacts } from '../production/measurements';
import { measuredLateness } from '../purchasing/supplier-performance';
import {
  type Grouping,
  type MeasuredMachine,
  type MeasuredOutput,
  type MeasuredStop,
  oeeByGroup,
  oeeOfJobs,
  ratioSpread,
} from './oee';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const NOMINAL = DEFAULT_UNCERTAINTY.breakdowns;
/** measurements count for the plan only with this much evidence */
const MIN_FAILURES = 3;
const MIN_OPERATIONS = 5;
/** how far back the plan's measured uncertainty looks */
const FEEDBACK_DAYS = 90;

export class PerformanceService {
  constructor(private readonly db: Db | Tx) {}

  async oee(query: OeeQuery, now = new Date()): Promise<OeeReport> {
    if (query.to < query.from) throw ruleViolation('to', 'after-from', 'to must not be before from');
    const days = Math.round((Date.parse(query.to) - Date.parse(query.from)) / DAY_MS) + 1;
    if (days > MAX_DAYS) throw ruleViolation('to', 'max-range', `ask for at most ${MAX_DAYS} days at a time`);
    const timeZone = await plantTimeZone(this.db);
    const fromMs = localToUtc(timeZone, Date.parse(`${query.from}T00:00:00Z`));
    const toMs = Math.min(localToUtc(timeZone, Date.parse(`${query.to}T00:00:00Z`) + DAY_MS), now.getTime());
    const m = await this.measure(fromMs, Math.max(fromMs, toMs), query.workCenterId);

    const grouping = this.grouping(query.groupBy, m, timeZone, fromMs, toMs);
    const { total, rows } =
      query.groupBy === 'job'
        ? {
            total: oeeByGroup(m.machines, m.stops, m.outputs, grouping).total,
            rows: oeeOfJobs(m.jobs, m.stops, m.outputs),
          }
        : oeeByGroup(m.machines, m.stops, m.outputs, grouping);
    const labelOf = (key: string) =>
      query.groupBy === 'work-center'
        ? `${m.workCenters.get(key)?.code ?? key} · ${m.workCenters.get(key)?.name ?? ''}`
        : query.groupBy === 'job'
          ? (m.jobLabels.get(key) ?? key)
          : key;
    return {
      from: query.from,
      to: query.to,
      timeZone,
      groupBy: query.groupBy,
      total,
      rows: [...rows]
        .map(([key, f]) => ({ key, label: labelOf(key), ...f }))
        .sort((a, b) => a.key.localeCompare(b.key)),
      stopPareto: stopPareto(m.rawStops, fromMs, toMs),
      scrapPareto: m.scrapPareto,
      reliability: this.reliability(m),
      durations: [...groupBy(m.finished, (f) => f.workCenterId)].map(([wcId, ops]) => {
        const run = ratioSpread(ops.map((o) => o.actualRunMinutes / o.plannedRunMinutes));
        const setup = ratioSpread(
          ops
            .filter((o) => o.plannedSetupMinutes > 0)
            .map((o) => o.actualSetupMinutes / o.plannedSetupMinutes),
        );
        const sum = (f: (o: (typeof ops)[number]) => number) => Math.round(ops.reduce((s, o) => s + f(o), 0));
        return {
          workCenterId: wcId,
          workCenterCode: m.workCenters.get(wcId)?.code ?? wcId,
          operations: ops.length,
          plannedRunMinutes: sum((o) => o.plannedRunMinutes),
          actualRunMinutes: sum((o) => o.actualRunMinutes),
          plannedSetupMinutes: sum((o) => o.plannedSetupMinutes),
          actualSetupMinutes: sum((o) => o.actualSetupMinutes),
          medianRunRatio: run.median,
          runSigma: run.sigma,
          medianSetupRatio: setup.median,
          setupSigma: setup.sigma,
        };
      }),
    };
  }

  /**
   * What the shop floor measured over the last 90 days, as the plan's uncertainty: per work
   * center the breakdowns (MTBF, MTTR) and the run- and setup-time dispersion, where there is
   * enough evidence (3 failures, 5 finished operations); the documented defaults elsewhere.
   * Purchased material's lateness comes from receipts (`purchasing/supplier-performance.ts`): per
   * item over its last receipts (3 at least), plant-wide over the last 100 (10 at least).
   */
  async measuredUncertainty(now = new Date()): Promise<Uncertainty> {
    const m = await this.measure(now.getTime() - FEEDBACK_DAYS * DAY_MS, now.getTime());
    const workCenters: Record<
      string,
      { durationSigma?: number; setupSigma?: number; breakdowns?: { mtbf: number; mttr: number } }
    > = {};
    for (const r of this.reliability(m)) {
      if (r.failures >= MIN_FAILURES && r.mtbfMinutes !== null && r.mttrMinutes !== null) {
        workCenters[r.workCenterId] = { breakdowns: { mtbf: r.mtbfMinutes, mttr: r.mttrMinutes } };
      }
    }
    for (const [wcId, ops] of groupBy(m.finished, (f) => f.workCenterId)) {
      if (ops.length < MIN_OPERATIONS) continue;
      const run = ratioSpread(ops.map((o) => o.actualRunMinutes / o.plannedRunMinutes));
      const setup = ratioSpread(
        ops.filter((o) => o.plannedSetupMinutes > 0).map((o) => o.actualSetupMinutes / o.plannedSetupMinutes),
      );
      workCenters[wcId] = {
        ...workCenters[wcId],
        ...(run.sigma !== null ? { durationSigma: run.sigma } : {}),
        ...(setup.sigma !== null ? { setupSigma: setup.sigma } : {}),
      };
    }
    // how late purchased material arrives, as receipts measured it (else the engine's default)
    const lateness = await measuredLateness(this.db);
    return {
      workCenters,
      ...(lateness.plant ? { materialLateness: lateness.plant } : {}),
      ...(lateness.items.size > 0 ? { materials: Object.fromEntries(lateness.items) } : {}),
    };
  }

  private async measure(fromMs: number, toMs: number, workCenterId?: string) {
    const from = new Date(fromMs);
    const to = new Date(toMs);
    const [resources, rawStopsAll, cycles, bookings, finishedAll] = await Promise.all([
      planningResources(this.db),
      stopsBetween(this.db, from, to),
      cyclesBetween(this.db, from, to),
      bookedQuantitiesBetween(this.db, from, to),
      finishedOperationTimes(this.db, from, to),
    ]);
    const wcs = resources.workCenters.filter((w) => !workCenterId || w.id === workCenterId);
    const workCenters = new Map(wcs.map((w) => [w.id, w]));
    const calendars = new Map(resources.calendars.map((c) => [c.id, c]));
    const intervals = new Map(
      [...new Set(wcs.map((w) => w.calendarId))].flatMap((id) => {
        const cal = calendars.get(id);
        return cal
          ? [
              [
                id,
                calendarWorkingIntervals(cal, fromMs, toMs).map(([a, b]) => ({
                  start: fromMs + a * 60_000,
                  end: fromMs + b * 60_000,
                })),
              ] as const,
            ]
          : [];
      }),
    );
    const machines: (MeasuredMachine & { calendarId: string })[] = wcs.flatMap((w) =>
      Array.from({ length: w.machines }, (_, i) => ({
        code: machineCode(w.code, i),
        workCenterId: w.id,
        calendarId: w.calendarId,
        working: intervals.get(w.calendarId) ?? [],
      })),
    );
    const known = new Set(machines.map((x) => x.code));
    const rawStops = rawStopsAll.filter((s) => known.has(s.machineCode));
    const facts = await operationFacts(this.db, [
      ...new Set([
        ...rawStops.flatMap((s) => (s.jobOperationId ? [s.jobOperationId] : [])),
        ...cycles.flatMap((c) => (c.jobOperationId ? [c.jobOperationId] : [])),
        ...bookings.map((b) => b.jobOperationId),
      ]),
    ]);
    const stops: MeasuredStop[] = rawStops.map((s) => ({
      machineCode: s.machineCode,
      start: Math.max(s.start, fromMs),
      end: Math.min(s.end, toMs),
      planned: s.planned,
      micro: s.micro,
      jobId: s.jobOperationId ? (facts.get(s.jobOperationId)?.jobId ?? null) : null,
    }));
    const outputs: MeasuredOutput[] = [];
    const scrap = new Map<string, { reasonCode: string; reasonName: string; quantity: number }>();
    const addScrap = (code: string, name: string, quantity: number) => {
      const e = scrap.get(code) ?? { reasonCode: code, reasonName: name, quantity: 0 };
      e.quantity += quantity;
      scrap.set(code, e);
    };
    for (const c of cycles) {
      const op = c.jobOperationId ? facts.get(c.jobOperationId) : undefined;
      if (!known.has(c.machineCode) || !op) continue; // cycles outside any operation have no ideal time
      outputs.push({
        machineCode: c.machineCode,
        at: c.at,
        total: c.cycles,
        good: c.cycles - c.rejects,
        idealMinutes: c.cycles * op.idealMinutesPerPart,
        jobId: op.jobId,
      });
      if (c.rejects > 0) addScrap('REJECT', 'Rejected by the machine', c.rejects);
    }
    for (const b of bookings) {
      const op = facts.get(b.jobOperationId);
      if (!op || !known.has(b.machineCode)) continue;
      if (b.scrap > 0) addScrap(b.scrapReasonCode ?? '?', b.scrapReasonName ?? 'no reason', b.scrap);
      if (op.machineCounted) continue; // the machine's count is the output
      outputs.push({
        machineCode: b.machineCode,
        at: b.at,
        total: b.good + b.scrap,
        good: b.good,
        idealMinutes: (b.good + b.scrap) * op.idealMinutesPerPart,
        jobId: op.jobId,
      });
    }
    const jobs = new Map<string, { bookedMinutes: number }>();
    const jobLabels = new Map<string, string>();
    for (const op of facts.values()) {
      if (!workCenters.has(op.workCenterId)) continue;
      const j = jobs.get(op.jobId) ?? { bookedMinutes: 0 };
      j.bookedMinutes += op.bookedMinutes;
      jobs.set(op.jobId, j);
      jobLabels.set(op.jobId, `${op.jobNumber} · ${op.itemNumber}`);
    }
    // availability is measured only where machines reported something (a stop or a count)
    const wcOfMachine = new Map(machines.map((x) => [x.code, x.workCenterId]));
    const reporting = new Set([
      ...rawStops.map((s) => s.workCenterId),
      ...cycles.flatMap((c) => (wcOfMachine.has(c.machineCode) ? [wcOfMachine.get(c.machineCode)!] : [])),
    ]);
    return {
      workCenters,
      reporting,
      calendarsById: calendars,
      machines,
      stops,
      rawStops,
      outputs,
      jobs,
      jobLabels,
      scrapPareto: [...scrap.values()].sort((a, b) => b.quantity - a.quantity),
      finished: finishedAll.filter((f) => workCenters.has(f.workCenterId) && f.plannedRunMinutes > 0),
    };
  }

  private grouping(
    groupBy: OeeQuery['groupBy'],
    m: Awaited<ReturnType<PerformanceService['measure']>>,
    timeZone: string,
    fromMs: number,
    toMs: number,
  ): Grouping {
    if (groupBy === 'machine') return { keyAt: (x) => x.code, boundaries: [] };
    if (groupBy === 'work-center' || groupBy === 'job')
      return { keyAt: (x) => x.workCenterId, boundaries: [] };
    const localDate = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const midnights: number[] = [];
    for (let day = Date.parse(`${localDate.format(new Date(fromMs))}T00:00:00Z`); ; day += DAY_MS) {
      const at = localToUtc(timeZone, day);
      if (at >= toMs) break;
      if (at > fromMs) midnights.push(at);
    }
    if (groupBy === 'day')
      return { keyAt: (_x, at) => localDate.format(new Date(at)), boundaries: midnights };
    // shift: the calendar shift (local start–end) a moment of working time falls in
    const calendars = new Map([...m.workCenters.values()].map((w) => [w.id, w.calendarId]));
    const shiftsOf = new Map<string, ShiftLabeler>();
    return {
      keyAt: (x, at) => {
        const calendarId = calendars.get(x.workCenterId)!;
        let labeler = shiftsOf.get(calendarId);
        if (!labeler) {
          labeler = shiftLabeler(m.calendarsById.get(calendarId));
          shiftsOf.set(calendarId, labeler);
        }
        return labeler(at);
      },
      boundaries: shiftBoundaries([...m.calendarsById.values()], localDate, fromMs, toMs),
    };
  }

  private reliability(m: Awaited<ReturnType<PerformanceService['measure']>>) {
    const byWc = new Map<string, MeasuredMachine[]>();
    for (const x of m.machines) byWc.set(x.workCenterId, [...(byWc.get(x.workCenterId) ?? []), x]);
    const { rows } = oeeByGroup(m.machines, m.stops, m.outputs, {
      keyAt: (x) => x.workCenterId,
      boundaries: [],
    });
    const failuresOf = groupBy(
      m.rawStops.filter((s) => !s.planned && !s.micro),
      (s) => s.workCenterId,
    );
    const microOf = groupBy(
      m.rawStops.filter((s) => s.micro),
      (s) => s.workCenterId,
    );
    return [...m.workCenters.values()].map((w) => {
      const f = rows.get(w.id);
      const failures = failuresOf.get(w.id) ?? [];
      const repair = failures.reduce((s, x) => s + (x.end - x.start) / 60_000, 0);
      return {
        workCenterId: w.id,
        workCenterCode: w.code,
        workCenterName: w.name,
        machines: w.machines,
        plannedAvailability: NOMINAL.mtbf / (NOMINAL.mtbf + NOMINAL.mttr),
        measuredAvailability: m.reporting.has(w.id) ? (f?.availability ?? null) : null,
        failures: failures.length,
        mtbfMinutes: failures.length > 0 && f ? f.runMinutes / failures.length : null,
        mttrMinutes: failures.length > 0 ? repair / failures.length : null,
        microStops: microOf.get(w.id)?.length ?? 0,
      };
    });
  }
}

type ShiftLabeler = (at: number) => string;

/** Every shift start and end of these calendars in [fromMs, toMs), sorted. */
function shiftBoundaries(cals: CalendarRow[], localDate: Intl.DateTimeFormat, fromMs: number, toMs: number) {
  const at = new Set<number>();
  const first = Date.parse(`${localDate.format(new Date(fromMs))}T00:00:00Z`) - DAY_MS;
  for (const cal of cals)
    for (let day = first; day < toMs + DAY_MS; day += DAY_MS) {
      const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
      for (const shift of cal.shifts) {
        if (shift.weekday !== weekday) continue;
        const start = Number(shift.start.slice(0, 2)) * 60 + Number(shift.start.slice(3, 5));
        let end = Number(shift.end.slice(0, 2)) * 60 + Number(shift.end.slice(3, 5));
        if (end <= start) end += 1440;
        for (const minute of [start, end]) {
          const t = localToUtc(cal.timeZone, day + minute * 60_000);
          if (t > fromMs && t < toMs) at.add(t);
        }
      }
    }
  return [...at].sort((a, b) => a - b);
}
type CalendarRow = Awaited<ReturnType<typeof planningResources>>['calendars'][number];

/**
 * Names the calendar shift a moment falls in, by its local start and end ("06:00–14:00"); a
 * night shift that began the day before is found on that day. Outside every shift: "other".
 */
function shiftLabeler(cal: CalendarRow | undefined): ShiftLabeler {
  if (!cal) return () => 'other';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: cal.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
  const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return (at) => {
    const p = Object.fromEntries(parts.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
    const weekday = weekdays[p.weekday];
    const t = Number(p.hour) * 60 + Number(p.minute);
    for (const shift of cal.shifts) {
      const start = minutesOf(shift.start);
      const end = minutesOf(shift.end);
      const overnight = end <= start;
      const label = `${shift.start}–${shift.end}`;
      if (shift.weekday === weekday && t >= start && (overnight || t < end)) return label;
      if (overnight && shift.weekday === (weekday === 1 ? 7 : weekday - 1) && t < end) return label;
    }
    return 'other';
  };
}

function stopPareto(stops: StopInWindow[], fromMs: number, toMs: number) {
  const entries = new Map<string, OeeReport['stopPareto'][number]>();
  for (const s of stops) {
    if (s.micro) continue;
    const key = s.reasonCode ?? '';
    const e = entries.get(key) ?? {
      reasonCode: s.reasonCode,
      reasonName: s.reasonName ?? 'no reason given yet',
      planned: s.planned,
      stops: 0,
      minutes: 0,
    };
    e.stops++;
    e.minutes += Math.max(0, Math.min(s.end, toMs) - Math.max(s.start, fromMs)) / 60_000;
    entries.set(key, e);
  }
  return [...entries.values()]
    .map((e) => ({ ...e, minutes: Math.round(e.minutes * 10) / 10 }))
    .sort((a, b) => b.minutes - a.minutes);
}
