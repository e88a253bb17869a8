/**
 * The numbers a planner compares a scenario with the live plan by: how many order lines finish
 * by their promised date (planned and at P90), how late the others are, how many setups the
 * plan makes and how many minutes they take, how much of each work center's working time the
 * plan uses over a window, and how many lines' P90 date moves against a reference forecast.
 * Pure: plain plan data in, numbers out; O(operations × intervals touched + lines).
 */
import {
  type Minutes,
  type ScheduleProblem,
  type ScheduleResult,
  toInstant,
  workingMinutesBetween,
} from '@takt/engine';

export interface KpiLine {
  /** the order line id (or a hypothetical line's key), the Monte Carlo's order id */
  key: string;
  /** the promised (else requested) date's end, in engine minutes; null: no date to meet */
  due: Minutes | null;
}

export interface LineForecast {
  planned: Minutes;
  p90: Minutes;
}

export interface KpiWorkCenter {
  id: string;
  code: string;
  name: string;
}

export interface PlanKpiInput {
  problem: ScheduleProblem;
  result: ScheduleResult;
  lines: KpiLine[];
  forecast: Map<string, LineForecast>;
  workCenters: KpiWorkCenter[];
  /** the utilisation window in engine minutes [from, to) */
  window: { from: Minutes; to: Minutes };
  originMs: number;
  /** local date of an engine minute (for promise changes by date) */
  localDate: (t: Minutes) => string;
  /** the forecast to count promise changes against (the live plan's); none: 0 changes */
  reference?: Map<string, LineForecast>;
}

export interface PlanKpiValues {
  lines: number;
  onTimePercent: number;
  p90OnTimePercent: number;
  lateLines: number;
  totalLatenessMinutes: number;
  meanLatenessMinutes: number;
  setups: number;
  setupMinutes: number;
  promiseChanges: number;
  utilizationWindow: { from: string; to: string };
  utilization: {
    workCenterId: string;
    workCenterCode: string;
    workCenterName: string;
    percent: number;
    busyMinutes: number;
    availableMinutes: number;
  }[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function planKpis(input: PlanKpiInput): PlanKpiValues {
  const { forecast, window } = input;
  let counted = 0;
  let onTime = 0;
  let p90OnTime = 0;
  let late = 0;
  let lateness = 0;
  let promiseChanges = 0;
  for (const line of input.lines) {
    const f = forecast.get(line.key);
    if (!f) continue;
    counted++;
    const due = line.due ?? Number.POSITIVE_INFINITY;
    if (f.planned <= due) onTime++;
    else {
      late++;
      lateness += f.planned - due;
    }
    if (f.p90 <= due) p90OnTime++;
    const before = input.reference?.get(line.key);
    if (before && input.localDate(before.p90) !== input.localDate(f.p90)) promiseChanges++;
  }

  let setups = 0;
  let setupMinutes = 0;
  for (const op of input.result.operations)
    if (op.setupMinutes > 0) {
      setups++;
      setupMinutes += op.setupMinutes;
    }

  // utilisation: working minutes the operations occupy ÷ working minutes of the machines
  const intervalsOf = new Map((input.problem.calendars ?? []).map((c) => [c.id, c.intervals]));
  const machines = new Map(input.problem.machines.map((m) => [m.id, m]));
  const always: readonly (readonly [Minutes, Minutes])[] = [[window.from, window.to]];
  const calendarOf = (machineId: string) => {
    const id = machines.get(machineId)?.calendarId;
    return id ? (intervalsOf.get(id) ?? []) : always;
  };
  const busy = new Map<string, number>();
  const available = new Map<string, number>();
  for (const m of input.problem.machines)
    available.set(
      m.workCenterId,
      (available.get(m.workCenterId) ?? 0) + workingMinutesBetween(calendarOf(m.id), window.from, window.to),
    );
  for (const op of input.result.operations) {
    const a = Math.max(op.setupStart, window.from);
    const b = Math.min(op.end, window.to);
    if (b <= a) continue;
    const wc = machines.get(op.machineId)?.workCenterId;
    if (!wc) continue;
    busy.set(wc, (busy.get(wc) ?? 0) + workingMinutesBetween(calendarOf(op.machineId), a, b));
  }
  const utilization = input.workCenters.map((w) => {
    const availableMinutes = available.get(w.id) ?? 0;
    const busyMinutes = busy.get(w.id) ?? 0;
    return {
      workCenterId: w.id,
      workCenterCode: w.code,
      workCenterName: w.name,
      percent: availableMinutes > 0 ? round1((100 * busyMinutes) / availableMinutes) : 0,
      busyMinutes,
      availableMinutes,
    };
  });

  return {
    lines: counted,
    onTimePercent: counted > 0 ? round1((100 * onTime) / counted) : 100,
    p90OnTimePercent: counted > 0 ? round1((100 * p90OnTime) / counted) : 100,
    lateLines: late,
    totalLatenessMinutes: lateness,
    meanLatenessMinutes: counted > 0 ? round1(lateness / counted) : 0,
    setups,
    setupMinutes,
    promiseChanges,
    utilizationWindow: {
      from: toInstant(input.originMs, window.from).toISOString(),
      to: toInstant(input.originMs, window.to).toISOString(),
    },
    utilization,
  };
}
