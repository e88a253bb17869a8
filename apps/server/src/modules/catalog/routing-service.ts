/**
 * Routings: revisions of how an item is made, with operations as a graph. The only writer of
 * routings and routing_operations. Only drafts change; releasing obsoletes the previous
 * released revision from the new one's validFrom.
 */
import type { operationInput, Routing } from '@takt/contracts';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { NotFoundError, RuleViolationError, ruleViolation } from '../../platform/errors';
import { lockDraft, newRevisionCode, type RevisionHeader, releaseDraft } from './revision-lifecycle';
import { resolveOperationGraph } from './routing-graph';
import { items } from './tables/items';
import { routingOperations, routings } from './tables/routings';
import { workCenters } from './tables/work-centers';

type OperationInput = z.output<typeof operationInput>;
type RoutingRow = RevisionHeader;

export class RoutingService {
  constructor(private readonly db: Db) {}

  async listForItem(itemId: string): Promise<Routing[]> {
    const [item] = await this.db.select({ id: items.id }).from(items).where(eq(items.id, itemId));
    if (!item) throw new NotFoundError('item', itemId);
    const headers = await this.db
      .select()
      .from(routings)
      .where(eq(routings.itemId, itemId))
      .orderBy(asc(routings.revision));
    return this.withOperations(this.db, headers);
  }

  async get(id: string, db: Db | Tx = this.db): Promise<Routing> {
    const [header] = await db.select().from(routings).where(eq(routings.id, id));
    if (!header) throw new NotFoundError('routing', id);
    return (await this.withOperations(db, [header]))[0];
  }

  async create(
    actor: Actor,
    itemId: string,
    input: {
      revision?: string;
      validFrom?: string | null;
      validTo?: string | null;
      operations: OperationInput[];
    },
  ): Promise<Routing> {
    checkEffectivity(input.validFrom ?? null, input.validTo ?? null);
    return this.db.transaction(async (tx) => {
      const [item] = await tx.select().from(items).where(eq(items.id, itemId));
      if (!item) throw new NotFoundError('item', itemId);
      if (item.kind !== 'make')
        throw ruleViolation(
          'itemId',
          'make-item',
          `${item.number} is a ${item.kind} item; only make items have a routing`,
        );
      const revision = await newRevisionCode(tx, routings, itemId, item.number, input.revision);
      const [header] = await tx
        .insert(routings)
        .values({ itemId, revision, validFrom: input.validFrom ?? null, validTo: input.validTo ?? null })
        .returning();
      await this.writeOperations(tx, header.id, input.operations);
      const created = await this.get(header.id, tx);
      await recordAudit(tx, actor, {
        entity: 'routing',
        entityId: header.id,
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
    patch: { validFrom?: string | null; validTo?: string | null; operations?: OperationInput[] },
  ): Promise<Routing> {
    return this.db.transaction(async (tx) => {
      const header = await lockDraft(tx, routings, 'routing', id, version);
      checkEffectivity(
        patch.validFrom === undefined ? header.validFrom : patch.validFrom,
        patch.validTo === undefined ? header.validTo : patch.validTo,
      );
      const before = await this.get(id, tx);
      await tx
        .update(routings)
        .set({ validFrom: patch.validFrom, validTo: patch.validTo, version: sql`${routings.version} + 1` })
        .where(eq(routings.id, id));
      if (patch.operations) {
        await tx.delete(routingOperations).where(eq(routingOperations.routingId, id));
        await this.writeOperations(tx, id, patch.operations);
      }
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, { entity: 'routing', entityId: id, action: 'update', before, after });
      return after;
    });
  }

  /** Deletes a draft revision with its operations. */
  async deleteDraft(actor: Actor, id: string, version: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockDraft(tx, routings, 'routing', id, version);
      const before = await this.get(id, tx);
      await tx.delete(routings).where(eq(routings.id, id));
      await recordAudit(tx, actor, { entity: 'routing', entityId: id, action: 'delete', before });
    });
  }

  async release(actor: Actor, id: string, version: number, validFrom?: string): Promise<Routing> {
    return this.db.transaction(async (tx) => {
      const header = await lockDraft(tx, routings, 'routing', id, version);
      const { from, obsoleted } = await releaseDraft(tx, routings, header, validFrom);
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, {
        entity: 'routing',
        entityId: id,
        action: 'release',
        before: { status: 'draft' },
        after: { status: 'released', validFrom: from, obsoleted },
      });
      return after;
    });
  }

  /** Validates the graph and the work centers, then inserts all operations in one statement. */
  private async writeOperations(tx: Tx, routingId: string, operations: OperationInput[]): Promise<void> {
    const predecessors = resolveOperationGraph(operations);
    const referenced = [
      ...new Set(operations.flatMap((o) => [o.workCenterId, ...o.alternatives.map((a) => a.workCenterId)])),
    ];
    const found = new Set(
      (
        await tx.select({ id: workCenters.id }).from(workCenters).where(inArray(workCenters.id, referenced))
      ).map((r) => r.id),
    );
    const issues = operations.flatMap((o, i) => [
      ...(found.has(o.workCenterId)
        ? []
        : [{ field: `operations.${i}.workCenterId`, rule: 'reference', message: 'unknown work center' }]),
      ...o.alternatives.flatMap((a, j) =>
        found.has(a.workCenterId) && a.workCenterId !== o.workCenterId
          ? []
          : [
              {
                field: `operations.${i}.alternatives.${j}.workCenterId`,
                rule: 'reference',
                message: 'unknown work center, or the primary one again',
              },
            ],
      ),
    ]);
    if (issues.length)
      throw new RuleViolationError(issues.map((x) => `${x.field}: ${x.message}`).join('; '), issues);
    await tx.insert(routingOperations).values(
      operations.map((o, i) => ({
        routingId,
        number: o.number,
        name: o.name,
        workCenterId: o.workCenterId,
        alternatives: o.alternatives,
        setupMinutes: String(o.setupMinutes),
        runMinutesPerUnit: String(o.runMinutesPerUnit),
        queueMinutes: String(o.queueMinutes),
        moveMinutes: String(o.moveMinutes),
        predecessors: predecessors[i],
        shiftRule: o.shiftRule,
        instructions: o.instructions,
        drawingUrl: o.drawingUrl,
      })),
    );
  }

  private async withOperations(db: Db | Tx, headers: RoutingRow[]): Promise<Routing[]> {
    if (headers.length === 0) return [];
    const rows = await db
      .select({ op: routingOperations, workCenterCode: workCenters.code })
      .from(routingOperations)
      .innerJoin(workCenters, eq(workCenters.id, routingOperations.workCenterId))
      .where(
        inArray(
          routingOperations.routingId,
          headers.map((h) => h.id),
        ),
      )
      .orderBy(asc(routingOperations.number));
    const byRouting = new Map<string, typeof rows>();
    for (const row of rows)
      byRouting.set(row.op.routingId, [...(byRouting.get(row.op.routingId) ?? []), row]);
    return headers.map((h) => ({
      id: h.id,
      itemId: h.itemId,
      revision: h.revision,
      status: h.status,
      validFrom: h.validFrom,
      validTo: h.validTo,
      version: h.version,
      operations: (byRouting.get(h.id) ?? []).map(({ op, workCenterCode }) => ({
        id: op.id,
        number: op.number,
        name: op.name,
        workCenterId: op.workCenterId,
        workCenterCode,
        alternatives: op.alternatives,
        setupMinutes: Number(op.setupMinutes),
        runMinutesPerUnit: Number(op.runMinutesPerUnit),
        queueMinutes: Number(op.queueMinutes),
        moveMinutes: Number(op.moveMinutes),
        predecessors: op.predecessors,
        shiftRule: op.shiftRule,
        instructions: op.instructions,
        drawingUrl: op.drawingUrl,
      })),
    }));
  }
}

function checkEffectivity(validFrom: string | null, validTo: string | null) {
  if (validFrom && validTo && validTo <= validFrom)
    throw ruleViolation(
      'validTo',
      'after-valid-from',
      `validTo ${validTo} must be after validFrom ${validFrom}`,
    );
}
