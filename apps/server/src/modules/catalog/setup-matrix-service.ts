/**
 * Setup matrices: changeover minutes between product families on the work centers that use
 * one. The only writer of setup_matrices. The shape is the planner's `SetupMatrix` with the
 * nested minutes[from][to] flattened into entries; `toEngineSetupMatrix` maps it back 1:1.
 */
import type { SetupMatrix, setupMatrixInput } from '@takt/contracts';
import type { SetupMatrix as EngineSetupMatrix } from '@takt/engine';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import {
  type FieldIssue,
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { setupMatrices } from './tables/setup-matrices';
import { workCenters } from './tables/work-centers';

type SetupMatrixInput = z.output<typeof setupMatrixInput>;

const toSetupMatrix = (row: typeof setupMatrices.$inferSelect): SetupMatrix => ({
  id: row.id,
  name: row.name,
  defaultChangeover: Number(row.defaultChangeover),
  sameFamily: Number(row.sameFamily),
  initial: Number(row.initial),
  entries: row.entries.map(({ from, to, minutes }) => ({ from, to, minutes })),
  version: row.version,
});

/** The planner's form: minutes[from][to]. */
export function toEngineSetupMatrix(matrix: SetupMatrix): EngineSetupMatrix {
  const minutes: Record<string, Record<string, number>> = {};
  for (const { from, to, minutes: m } of matrix.entries) {
    minutes[from] ??= {};
    minutes[from][to] = m;
  }
  return {
    id: matrix.id,
    minutes,
    defaultChangeover: matrix.defaultChangeover,
    sameFamily: matrix.sameFamily,
    initial: matrix.initial,
  };
}

/** One entry per ordered pair of different families; the same family is `sameFamily`. */
export function setupMatrixIssues(entries: SetupMatrixInput['entries']): FieldIssue[] {
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  entries.forEach(({ from, to }, i) => {
    if (from === to)
      issues.push({
        field: `entries.${i}.to`,
        rule: 'different-families',
        message: `${from} → ${to}: changeovers within one family are sameFamily minutes`,
      });
    const key = JSON.stringify([from, to]);
    const first = seen.get(key);
    if (first !== undefined)
      issues.push({
        field: `entries.${i}`,
        rule: 'unique',
        message: `${from} → ${to} is already entry ${first + 1}`,
      });
    else seen.set(key, i);
  });
  return issues;
}

const decimal = (v: number | undefined) => (v === undefined ? undefined : String(v));

export class SetupMatrixService {
  constructor(private readonly db: Db) {}

  async list(): Promise<SetupMatrix[]> {
    return (await this.db.select().from(setupMatrices).orderBy(asc(setupMatrices.name))).map(toSetupMatrix);
  }

  async get(id: string, db: Db | Tx = this.db): Promise<SetupMatrix> {
    const [row] = await db.select().from(setupMatrices).where(eq(setupMatrices.id, id));
    if (!row) throw new NotFoundError('setup matrix', id);
    return toSetupMatrix(row);
  }

  async create(actor: Actor, input: SetupMatrixInput): Promise<SetupMatrix> {
    check(input.entries);
    return this.db.transaction(async (tx) => {
      await this.checkNameFree(tx, input.name);
      const [row] = await tx
        .insert(setupMatrices)
        .values({
          name: input.name,
          entries: input.entries,
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

  async update(
    actor: Actor,
    id: string,
    version: number,
    patch: Partial<SetupMatrixInput>,
  ): Promise<SetupMatrix> {
    if (patch.entries) check(patch.entries);
    return this.db.transaction(async (tx) => {
      const before = await this.lock(tx, id, version);
      if (patch.name !== undefined) await this.checkNameFree(tx, patch.name, id);
      const [row] = await tx
        .update(setupMatrices)
        .set({
          name: patch.name,
          entries: patch.entries,
          defaultChangeover: decimal(patch.defaultChangeover),
          sameFamily: decimal(patch.sameFamily),
          initial: decimal(patch.initial),
          version: sql`${setupMatrices.version} + 1`,
        })
        .where(eq(setupMatrices.id, id))
        .returning();
      const after = toSetupMatrix(row);
      await recordAudit(tx, actor, { entity: 'setup-matrix', entityId: id, action: 'update', before, after });
      return after;
    });
  }

  /** Deletes a setup matrix no work center uses. */
  async delete(actor: Actor, id: string, version?: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.lock(tx, id, version);
      const users = await tx
        .select({ code: workCenters.code })
        .from(workCenters)
        .where(eq(workCenters.setupMatrixId, id))
        .orderBy(asc(workCenters.code));
      if (users.length > 0)
        throw ruleViolation(
          'id',
          'in-use',
          `setup matrix ${before.name} is used by work centers ${users.map((u) => u.code).join(', ')}`,
        );
      await tx.delete(setupMatrices).where(eq(setupMatrices.id, id));
      await recordAudit(tx, actor, { entity: 'setup-matrix', entityId: id, action: 'delete', before });
    });
  }

  /** Locks the row; when a version is given, it must be the current one. */
  private async lock(tx: Tx, id: string, version: number | undefined): Promise<SetupMatrix> {
    const [row] = await tx.select().from(setupMatrices).where(eq(setupMatrices.id, id)).for('update');
    if (!row) throw new NotFoundError('setup matrix', id);
    if (version !== undefined && row.version !== version)
      throw new VersionConflictError('setup matrix', id, version, row.version);
    return toSetupMatrix(row);
  }

  private async checkNameFree(tx: Tx, name: string, exceptId?: string) {
    const [taken] = await tx
      .select({ id: setupMatrices.id })
      .from(setupMatrices)
      .where(
        exceptId
          ? and(eq(setupMatrices.name, name), ne(setupMatrices.id, exceptId))
          : eq(setupMatrices.name, name),
      );
    if (taken) throw ruleViolation('name', 'unique', `a setup matrix named ${name} already exists`);
  }
}

function check(entries: SetupMatrixInput['entries']) {
  const issues = setupMatrixIssues(entries);
  if (issues.length) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);
}
