/**
 * The plant as the engine sees it: every work center becomes as many machines as it has
 * (`<work center id>#<n>`), calendars become working intervals in engine minutes since the
 * plan's origin, setup matrices become the engine's minutes[from][to]. Pure.
 */
import {
  type Calendar,
  expandCalendar,
  type Machine,
  type Minutes,
  type SetupMatrix,
  toMinutes,
  type WorkingIntervals,
} from '@takt/engine';
import { RuleViolationError } from '../../platform/errors';
import type { PlanningResources } from '../catalog/plant-structure';

export interface PlanWorkCenter {
  id: string;
  code: string;
  name: string;
  efficiency: number;
  machineIds: string[];
  calendarId: string;
}

export interface PlantModel {
  originMs: number;
  /** now in engine minutes */
  now: Minutes;
  horizonDays: number;
  machines: Machine[];
  calendars: Calendar[];
  setupMatrices: SetupMatrix[];
  workCenters: Map<string, PlanWorkCenter>;
  /** machine id -> its longest working interval in minutes (what a 'fit' operation can use) */
  longestShift: Map<string, Minutes>;
  /** machine id -> its work center and index within it */
  machineOf: Map<string, { workCenterId: string; index: number }>;
  /** start minute of each working day of the plant calendar (the one most work centers use) */
  workingDays: Minutes[];
  timeZone: string;
}

export const machineId = (workCenterId: string, index: number) => `${workCenterId}#${index}`;

/** Days of history before now the plan covers (work in progress started earlier). */
export const PLAN_HISTORY_DAYS = 14;
export const PLAN_HORIZON_DAYS = 400;
const DAY_MS = 86_400_000;

/** The plan's origin: midnight UTC, PLAN_HISTORY_DAYS before now. */
export function planOrigin(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS - PLAN_HISTORY_DAYS * DAY_MS;
}

export function buildPlantModel(resources: PlanningResources, nowMs: number): PlantModel {
  const originMs = planOrigin(nowMs);
  const horizonDays = PLAN_HORIZON_DAYS + PLAN_HISTORY_DAYS;
  const used = new Set(resources.workCenters.map((w) => w.calendarId));
  const calendars: Calendar[] = [];
  const intervalsOf = new Map<string, WorkingIntervals>();
  for (const cal of resources.calendars) {
    if (!used.has(cal.id)) continue;
    const expanded = expandCalendar(
      {
        timeZone: cal.timeZone,
        shifts: cal.shifts,
        holidays: cal.holidays.map((h) => h.date),
        exceptions: cal.exceptions,
      },
      originMs,
      horizonDays,
    );
    if (!expanded.ok)
      throw new RuleViolationError(`calendar ${cal.name}: ${expanded.error.message}`, [
        { field: 'calendar', rule: expanded.error.code, message: expanded.error.message },
      ]);
    calendars.push({ id: cal.id, intervals: expanded.value });
    intervalsOf.set(cal.id, expanded.value);
  }
  const longestOf = new Map<string, Minutes>();
  for (const [id, intervals] of intervalsOf)
    longestOf.set(id, Math.max(0, ...intervals.map(([a, b]) => b - a)));
  const longestShift = new Map<string, Minutes>();
  const machines: Machine[] = [];
  const workCenters = new Map<string, PlanWorkCenter>();
  const machineOf = new Map<string, { workCenterId: string; index: number }>();
  for (const wc of resources.workCenters) {
    const ids: string[] = [];
    for (let index = 0; index < wc.machines; index++) {
      const id = machineId(wc.id, index);
      ids.push(id);
      machineOf.set(id, { workCenterId: wc.id, index });
      longestShift.set(id, longestOf.get(wc.calendarId) ?? 0);
      machines.push({
        id,
        workCenterId: wc.id,
        calendarId: wc.calendarId,
        ...(wc.setupMatrixId ? { setupMatrixId: wc.setupMatrixId } : {}),
      });
    }
    workCenters.set(wc.id, {
      id: wc.id,
      code: wc.code,
      name: wc.name,
      efficiency: Number(wc.efficiency),
      machineIds: ids,
      calendarId: wc.calendarId,
    });
  }
  const setupMatrices: SetupMatrix[] = resources.setupMatrices.map((m) => {
    const minutes: Record<string, Record<string, number>> = {};
    for (const e of m.entries) {
      minutes[e.from] ??= {};
      minutes[e.from][e.to] = e.minutes;
    }
    return {
      id: m.id,
      minutes,
      defaultChangeover: Number(m.defaultChangeover),
      sameFamily: Number(m.sameFamily),
      initial: Number(m.initial),
    };
  });
  const plantCalendarId = mostUsed(resources.workCenters.map((w) => w.calendarId));
  const plantCalendar = resources.calendars.find((c) => c.id === plantCalendarId);
  const timeZone = plantCalendar?.timeZone ?? 'UTC';
  return {
    originMs,
    now: toMinutes(originMs, nowMs),
    horizonDays,
    machines,
    calendars,
    setupMatrices,
    workCenters,
    machineOf,
    longestShift,
    workingDays: workingDayStarts(intervalsOf.get(plantCalendarId ?? '') ?? [], originMs, timeZone),
    timeZone,
  };
}

function mostUsed(ids: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The first working minute of every local date that has working time. */
function workingDayStarts(intervals: WorkingIntervals, originMs: number, timeZone: string): Minutes[] {
  const localDate = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const starts: Minutes[] = [];
  let last = '';
  for (const [start] of intervals) {
    const date = localDate.format(originMs + start * 60_000);
    if (date !== last) {
      starts.push(start);
      last = date;
    }
  }
  return starts;
}
