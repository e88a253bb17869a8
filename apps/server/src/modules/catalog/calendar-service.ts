/**
 * Calendars: the only writer of the calendars table. A calendar's working time is expanded by
 * the planning engine (`expandCalendar`), the same code the planner uses, so what the API shows
 * is what the plan assumes.
 */
import type { Calendar, calendarInput, WorkingTime } from '@takt/contracts';
import { expandCalendar, localToUtc, workingMinutesBetween } from '@takt/engine';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { calendarIssues } from './calendar-validation';
import { calendars } from './tables/calendars';
import { workCenters } from './tables/work-centers';

type CalendarInput = z.output<typeof calendarInput>;

const DAY_MS = 86_400_000;
/** Longest range one working-time request may ask for. */
export const MAX_WORKING_TIME_DAYS = 400;

const toCalendar = (row: typeof calendars.$inferSelect): Calendar => ({
  id: row.id,
  name: row.name,
  timeZone: row.timeZone,
  shifts: row.shifts.map(({ weekday, start, end }) => ({ weekday, start, end })),
  holidays: row.holidays.map(({ date, name }) => ({ date, name })),
  exceptions: row.exceptions.map((e) => ({
    date: e.date,
    closed: e.closed,
    shifts: e.shifts.map(({ start, end }) => ({ start, end })),
    note: e.note,
  })),
  version: row.version,
});

export class CalendarService {
  constructor(private readonly db: Db) {}

  async list(): Promise<Calendar[]> {
    return (await this.db.select().from(calendars).orderBy(asc(calendars.name))).map(toCalendar);
  }

  async get(id: string, db: Db | Tx = this.db): Promise<Calendar> {
    const [row] = await db.select().from(calendars).where(eq(calendars.id, id));
    if (!row) throw new NotFoundError('calendar', id);
    return toCalendar(row);
  }

  async create(actor: Actor, input: CalendarInput): Promise<Calendar> {
    check(input);
    return this.db.transaction(async (tx) => {
      await this.checkNameFree(tx, input.name);
      const [row] = await tx.insert(calendars).values(input).returning();
      const created = toCalendar(row);
      await recordAudit(tx, actor, {
        entity: 'calendar',
        entityId: row.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  async update(actor: Actor, id: string, version: number, patch: Partial<CalendarInput>): Promise<Calendar> {
    check(patch);
    return this.db.transaction(async (tx) => {
      const before = await this.lock(tx, id, version);
      if (patch.name !== undefined) await this.checkNameFree(tx, patch.name, id);
      const [row] = await tx
        .update(calendars)
        .set({ ...patch, version: sql`${calendars.version} + 1` })
        .where(eq(calendars.id, id))
        .returning();
      const after = toCalendar(row);
      await recordAudit(tx, actor, { entity: 'calendar', entityId: id, action: 'update', before, after });
      return after;
    });
  }

  /** Deletes a calendar no work center uses. */
  async delete(actor: Actor, id: string, version?: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.lock(tx, id, version);
      const users = await tx
        .select({ code: workCenters.code })
        .from(workCenters)
        .where(eq(workCenters.calendarId, id))
        .orderBy(asc(workCenters.code));
      if (users.length > 0)
        throw ruleViolation(
          'id',
          'in-use',
          `calendar ${before.name} is used by work centers ${users.map((u) => u.code).join(', ')}`,
        );
      await tx.delete(calendars).where(eq(calendars.id, id));
      await recordAudit(tx, actor, { entity: 'calendar', entityId: id, action: 'delete', before });
    });
  }

  /**
   * Working intervals from local midnight of `from` to the end of local day `to`, as UTC
   * instants; a night shift that starts the day before `from` shows from midnight on.
   */
  async workingTime(id: string, from: string, to: string): Promise<WorkingTime> {
    if (to < from) throw ruleViolation('to', 'after-from', 'to must not be before from');
    const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
    if (days > MAX_WORKING_TIME_DAYS)
      throw ruleViolation('to', 'max-range', `ask for at most ${MAX_WORKING_TIME_DAYS} days at a time`);
    const cal = await this.get(id);
    const originMs = localToUtc(cal.timeZone, Date.parse(`${from}T00:00:00Z`));
    const endMs = localToUtc(cal.timeZone, Date.parse(`${to}T00:00:00Z`) + DAY_MS);
    const horizon = Math.round((endMs - originMs) / 60_000);
    const expanded = expandCalendar(
      {
        timeZone: cal.timeZone,
        shifts: cal.shifts,
        holidays: cal.holidays.map((h) => h.date),
        exceptions: cal.exceptions,
      },
      originMs,
      days + 1, // a day more: daylight saving can make the local days longer than `days` × 24 h
    );
    if (!expanded.ok)
      throw new RuleViolationError(expanded.error.message, [
        {
          field: expanded.error.path?.[0] ?? 'calendar',
          rule: expanded.error.code,
          message: expanded.error.message,
        },
      ]);
    const intervals = expanded.value
      .filter(([a]) => a < horizon)
      .map(([a, b]) => [a, Math.min(b, horizon)] as const);
    return {
      calendarId: id,
      timeZone: cal.timeZone,
      intervals: intervals.map(([a, b]) => ({
        start: new Date(originMs + a * 60_000).toISOString(),
        end: new Date(originMs + b * 60_000).toISOString(),
      })),
      workingMinutes: workingMinutesBetween(intervals, 0, horizon),
    };
  }

  /** Locks the row; when a version is given, it must be the current one. */
  private async lock(tx: Tx, id: string, version: number | undefined): Promise<Calendar> {
    const [row] = await tx.select().from(calendars).where(eq(calendars.id, id)).for('update');
    if (!row) throw new NotFoundError('calendar', id);
    if (version !== undefined && row.version !== version)
      throw new VersionConflictError('calendar', id, version, row.version);
    return toCalendar(row);
  }

  private async checkNameFree(tx: Tx, name: string, exceptId?: string) {
    const [taken] = await tx
      .select({ id: calendars.id })
      .from(calendars)
      .where(exceptId ? and(eq(calendars.name, name), ne(calendars.id, exceptId)) : eq(calendars.name, name));
    if (taken) throw ruleViolation('name', 'unique', `a calendar named ${name} already exists`);
  }
}

function check(input: Partial<CalendarInput>) {
  const issues = calendarIssues(input);
  if (issues.length) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);
}
