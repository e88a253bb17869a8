/**
 * Work centers: groups of interchangeable machines, each with a calendar, a nominal efficiency,
 * cost rates and optionally a setup matrix. The only writer of work_centers.
 */
import type { Page, WorkCenter, workCenterInput } from '@takt/contracts';
import { count, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { calendars } from './tables/calendars';
import { setupMatrices } from './tables/setup-matrices';
import { workCenters } from './tables/work-centers';

type WorkCenterInput = z.output<typeof workCenterInput>;

const toWorkCenter = (row: typeof workCenters.$inferSelect, calendarName: string): WorkCenter => ({
  id: row.id,
  code: row.code,
  name: row.name,
  machines: row.machines,
  operationsPerMachine: row.operationsPerMachine,
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

/** `%` and `_` in search text match themselves. */

export class WorkCenterService {
  constructor(private readonly db: Db) {}

  async list(query: { limit: number; offset: number; q?: string }): Promise<Page<WorkCenter>> {
    const where = query.q
      ? or(ilike(workCenters.code, likePattern(query.q)), ilike(workCenters.name, likePattern(query.q)))
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
        .values({
          ...this.columns(input),
          code: input.code,
          name: input.name,
          machines: input.machines,
          calendarId: input.calendarId,
        })
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
      const [locked] = await tx.select().from(workCenters).where(eq(workCenters.id, id)).for('update');
      if (!locked) throw new NotFoundError('work center', id);
      if (locked.version !== version)
        throw new VersionConflictError('work center', id, version, locked.version);
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
      name: input.name,
      machines: input.machines,
      operationsPerMachine: input.operationsPerMachine,
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
