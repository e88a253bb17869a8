/**
 * Work centers, their calendars and setup matrices: the only writer of those tables.
 * A calendar's working time is expanded by the planning engine, the same code the planner uses.
 */
import type { Calendar, calendarInput, setupMatrixInput, WorkCenter, workCenterInput } from '@takt/contracts';
import { expandCalendar, isValidTimeZone, localToUtc, workingMinutesBetween } from '@takt/engine';
import { count, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { calendars, setupMatrices, workCenters } from './tables/work-centers';

type CalendarInput = z.output<typeof calendarInput>;
type SetupMatrixInput = z.output<typeof setupMatrixInput>;
type WorkCenterInput = z.output<typeof workCenterInput>;

const toCalendar = (row: typeof calendars.$inferSelect): Calendar => ({
  id: row.id,
  name: row.name,
  timeZone: row.timeZone,
  shifts: row.shifts,
  holidays: row.holidays,
  exceptions: row.exceptions.map((e) => ({
    ...e,
    shifts: e.shifts.map(({ start, end }) => ({ start, end })),
  })),
  version: row.version,
});

const toSetupMatrix = (row: typeof setupMatrices.$inferSelect) => ({
  id: row.id,
  name: row.name,
  defaultChangeover: Number(row.defaultChangeover),
  sameFamily: Number(row.sameFamily),
  initial: Number(row.initial),
  entries: row.entries,
  version: row.version,
});

const toWorkCenter = (row: typeof workCenters.$inferSelect, calendarName: string): WorkCenter => ({
  id: row.id,
  code: row.code,
  name: row.name,
  machines: row.machines,
  calendarId: row.calendarId,
  calendarName,
  efficiency: Number(row.efficiency),
  costRates: {
    machine: row.machineRate,
    labour: row.labourRate,
    setup: row.setupRate,
    currency: row.currency,
  },
  setupMatrixId: row.setupMatrixId,
  active: row.active,
  version: row.version,
});

/** Shifts of one weekday must not overlap (a shift crossing midnight counts into the next day). */
function checkCalendar(input: Partial<CalendarInput>) {
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
    throw ruleViolation(
      'timeZone',
      'time-zone',
      `unknown time zone '${input.timeZone}' (use an IANA name such as Europe/Berlin)`,
    );
  }
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const spans = (input.shifts ?? []).map((s, i) => {
    const start = (s.weekday - 1) * 1440 + toMin(s.start);
    let end = (s.weekday - 1) * 1440 + toMin(s.end);
    if (end <= start) end += 1440;
    return { start, end, i };
  });
  spans.sort((a, b) => a.start - b.start);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k].start < spans[k - 1].end) {
      throw ruleViolation(
        `shifts.${spans[k].i}`,
        'no-overlap',
        `shift ${spans[k].i + 1} overlaps shift ${spans[k - 1].i + 1}`,
      );
    }
  }
}

async function lockVersioned<T extends { version: number }>(
  rows: Promise<T[]>,
  entity: string,
  id: string,
  version: number,
): Promise<T> {
  const [row] = await rows;
  if (!row) throw new NotFoundError(entity, id);
  if (row.version !== version) throw new VersionConflictError(entity, id, version, row.version);
  return row;
}

export class WorkCenterService {
  constructor(private readonly db: Db) {}

  // calendars

  async listCalendars(): Promise<Calendar[]> {
    return (await this.db.select().from(calendars).orderBy(calendars.name)).map(toCalendar);
  }

  async getCalendar(id: string, db: Db | Tx = this.db): Promise<Calendar> {
    const [row] = await db.select().from(calendars).where(eq(calendars.id, id));
    if (!row) throw new NotFoundError('calendar', id);
    return toCalendar(row);
  }

  async createCalendar(actor: Actor, input: CalendarInput): Promise<Calendar> {
    checkCalendar(input);
    return this.db.transaction(async (tx) => {
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

  async updateCalendar(
    actor: Actor,
    id: string,
    version: number,
    patch: Partial<CalendarInput>,
  ): Promise<Calendar> {
    checkCalendar(patch);
    return this.db.transaction(async (tx) => {
      const before = await lockVersioned(
        tx.select().from(calendars).where(eq(calendars.id, id)).for('update'),
        'calendar',
        id,
        version,
      );
      const [row] = await tx
        .update(calendars)
        .set({ ...patch, version: sql`${calendars.version} + 1` })
        .where(eq(calendars.id, id))
        .returning();
      const after = toCalendar(row);
      await recordAudit(tx, actor, {
        entity: 'calendar',
        entityId: id,
        action: 'update',
        before: toCalendar(before),
        after,
      });
      return after;
    });
  }

  /** Working intervals between two local dates (inclusive), as UTC instants. */
  async workingTime(id: string, from: string, to: string) {
    const cal = await this.getCalendar(id);
    if (to < from) throw ruleViolation('to', 'after-from', 'to must not be before from');
    const originMs = localToUtc(cal.timeZone, Date.parse(`${from}T00:00:00Z`));
    const days =
      Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
    if (days > 400) throw ruleViolation('to', 'max-range', 'ask for at most 400 days at a time');
    const endMs = localToUtc(cal.timeZone, Date.parse(`${to}T00:00:00Z`) + 86_400_000);
    const horizon = Math.round((endMs - originMs) / 60_000);
    const expanded = expandCalendar(
      {
        timeZone: cal.timeZone,
        shifts: cal.shifts,
        holidays: cal.holidays.map((h) => h.date),
        exceptions: cal.exceptions,
      },
      originMs,
      days + 1,
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

  // setup matrices

  async listSetupMatrices() {
    return (await this.db.select().from(setupMatrices).orderBy(setupMatrices.name)).map(toSetupMatrix);
  }

  async getSetupMatrix(id: string) {
    const [row] = await this.db.select().from(setupMatrices).where(eq(setupMatrices.id, id));
    if (!row) throw new NotFoundError('setup matrix', id);
    return toSetupMatrix(row);
  }

  async createSetupMatrix(actor: Actor, input: SetupMatrixInput) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(setupMatrices)
        .values({
          ...input,
          defaultChangeover: String(input.defaultChangeover),
          sameFamily: String(input.sameFamily),
          initial: String(input.initial),
        })
        .returning();
      const created = toSetupMatrix(row);
      await recordAudit(tx, actor, {
        entity: 'setup-matrix',
        entityId: row.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  async updateSetupMatrix(actor: Actor, id: string, version: number, patch: Partial<SetupMatrixInput>) {
    return this.db.transaction(async (tx) => {
      const before = await lockVersioned(
        tx.select().from(setupMatrices).where(eq(setupMatrices.id, id)).for('update'),
        'setup matrix',
        id,
        version,
      );
      const str = (v: number | undefined) => (v === undefined ? undefined : String(v));
      const [row] = await tx
        .update(setupMatrices)
        .set({
          name: patch.name,
          entries: patch.entries,
          defaultChangeover: str(patch.defaultChangeover),
          sameFamily: str(patch.sameFamily),
          initial: str(patch.initial),
          version: sql`${setupMatrices.version} + 1`,
        })
        .where(eq(setupMatrices.id, id))
        .returning();
      const after = toSetupMatrix(row);
      await recordAudit(tx, actor, {
        entity: 'setup-matrix',
        entityId: id,
        action: 'update',
        before: toSetupMatrix(before),
        after,
      });
      return after;
    });
  }

  // work centers

  async list(query: { limit: number; offset: number; q?: string }) {
    const where = query.q
      ? or(ilike(workCenters.code, `%${query.q}%`), ilike(workCenters.name, `%${query.q}%`))
      : undefined;
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({ wc: workCenters, calendarName: calendars.name })
        .from(workCenters)
        .innerJoin(calendars, eq(calendars.id, workCenters.calendarId))
        .where(where)
        .orderBy(workCenters.code)
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(workCenters).where(where),
    ]);
    return {
      items: rows.map((r) => toWorkCenter(r.wc, r.calendarName)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<WorkCenter> {
    const [row] = await db
      .select({ wc: workCenters, calendarName: calendars.name })
      .from(workCenters)
      .innerJoin(calendars, eq(calendars.id, workCenters.calendarId))
      .where(eq(workCenters.id, id));
    if (!row) throw new NotFoundError('work center', id);
    return toWorkCenter(row.wc, row.calendarName);
  }

  /** Ids among `ids` that are not work centers (for validating references set-based). */
  async unknownIds(ids: string[], db: Db | Tx = this.db): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = new Set(
      (await db.select({ id: workCenters.id }).from(workCenters).where(inArray(workCenters.id, ids))).map(
        (r) => r.id,
      ),
    );
    return ids.filter((id) => !found.has(id));
  }

  async create(actor: Actor, input: WorkCenterInput): Promise<WorkCenter> {
    return this.db.transaction(async (tx) => {
      const [taken] = await tx
        .select({ id: workCenters.id })
        .from(workCenters)
        .where(eq(workCenters.code, input.code));
      if (taken) throw ruleViolation('code', 'unique', `work center ${input.code} already exists`);
      await this.checkReferences(tx, input);
      const [row] = await tx
        .insert(workCenters)
        .values(this.columns(input) as typeof workCenters.$inferInsert)
        .returning();
      const created = await this.get(row.id, tx);
      await recordAudit(tx, actor, {
        entity: 'work-center',
        entityId: row.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  async update(
    actor: Actor,
    id: string,
    version: number,
    patch: Partial<WorkCenterInput> & { active?: boolean },
  ): Promise<WorkCenter> {
    return this.db.transaction(async (tx) => {
      await lockVersioned(
        tx.select().from(workCenters).where(eq(workCenters.id, id)).for('update'),
        'work center',
        id,
        version,
      );
      const before = await this.get(id, tx);
      await this.checkReferences(tx, patch);
      await tx
        .update(workCenters)
        .set({ ...this.columns(patch), active: patch.active, version: sql`${workCenters.version} + 1` })
        .where(eq(workCenters.id, id));
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, { entity: 'work-center', entityId: id, action: 'update', before, after });
      return after;
    });
  }

  private columns(input: Partial<WorkCenterInput>) {
    return {
      code: input.code,
      name: input.name,
      machines: input.machines,
      calendarId: input.calendarId,
      efficiency: input.efficiency === undefined ? undefined : String(input.efficiency),
      machineRate: input.costRates?.machine,
      labourRate: input.costRates?.labour,
      setupRate: input.costRates?.setup,
      currency: input.costRates?.currency,
      setupMatrixId: input.setupMatrixId,
    };
  }

  private async checkReferences(tx: Tx, input: Partial<WorkCenterInput>) {
    if (input.calendarId) {
      const [found] = await tx
        .select({ id: calendars.id })
        .from(calendars)
        .where(eq(calendars.id, input.calendarId));
      if (!found) throw ruleViolation('calendarId', 'reference', 'the calendar does not exist');
    }
    if (input.setupMatrixId) {
      const [found] = await tx
        .select({ id: setupMatrices.id })
        .from(setupMatrices)
        .where(eq(setupMatrices.id, input.setupMatrixId));
      if (!found) throw ruleViolation('setupMatrixId', 'reference', 'the setup matrix does not exist');
    }
  }
}
