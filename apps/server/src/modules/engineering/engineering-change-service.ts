/**
 * Engineering change orders: the only writer of engineering_changes and their history. A
 * change proposes a draft BOM revision (and optionally a routing revision) of an item; its
 * impact is computed by running the implementation and rolling it back; a customer-requested
 * change is priced (cost delta + margin) before approval; approval is role-checked; implementing
 * releases the revision, re-plans and re-promises the lines that use the item, and puts the
 * agreed price on the customer's line, in one transaction. Every transition is in the history.
 */
import type {
  CreateEngineeringChange,
  EcoLineChange,
  EngineeringChange,
  EngineeringChangeImpact,
} from '@takt/contracts';
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { previewOrApply } from '../../platform/db/preview-transaction';
import { nextDocumentNumber } from '../../platform/document-numbers';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { BomService } from '../catalog/bom-service';
import { RoutingService } from '../catalog/routing-service';
import { boms } from '../catalog/tables/boms';
import { items } from '../catalog/tables/items';
import { routings } from '../catalog/tables/routings';
import type { PlanningService } from '../planning/planning-service';
import type { SalesOrderService } from '../sales/order-service';
import { applyLineChanges, type RevisionLine } from './bom-line-changes';
import { runStructureChange } from './change-impact';
import { engineeringChangeEvents, engineeringChanges } from './tables';

type Row = typeof engineeringChanges.$inferSelect;
type Status = Row['status'];

const baseBoms = alias(boms, 'base_boms');
const proposedBoms = alias(boms, 'proposed_boms');

export interface EngineeringChangeFilter {
  limit: number;
  offset: number;
  q?: string;
  status?: Status;
  itemId?: string;
  projectId?: string;
}

export class EngineeringChangeService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      planning: PlanningService;
      orders: (db: Db | Tx) => SalesOrderService;
    },
  ) {}

  async list(filter: EngineeringChangeFilter) {
    const where = and(
      filter.q
        ? or(
            ilike(engineeringChanges.number, likePattern(filter.q)),
            ilike(engineeringChanges.title, likePattern(filter.q)),
            ilike(items.number, likePattern(filter.q)),
          )
        : undefined,
      filter.status ? eq(engineeringChanges.status, filter.status) : undefined,
      filter.itemId ? eq(engineeringChanges.itemId, filter.itemId) : undefined,
      filter.projectId ? eq(engineeringChanges.projectId, filter.projectId) : undefined,
    );
    const [rows, [{ total }]] = await Promise.all([
      this.views(this.db, where, filter),
      this.db
        .select({ total: count() })
        .from(engineeringChanges)
        .innerJoin(items, eq(items.id, engineeringChanges.itemId))
        .where(where),
    ]);
    return {
      items: rows.map(({ history: _h, impact: _i, lineChanges: _l, ...summary }) => summary),
      total,
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<EngineeringChange> {
    const [view] = await this.views(db, eq(engineeringChanges.id, id), { limit: 1, offset: 0 });
    if (!view) throw new NotFoundError('engineering change', id);
    return view;
  }

  /** Requests a change: the proposed draft as given, or made from line changes to the released revision. */
  async create(actor: Actor, input: CreateEngineeringChange): Promise<EngineeringChange> {
    return this.db.transaction(async (tx) => {
      const [item] = await tx.select().from(items).where(eq(items.id, input.itemId));
      if (!item) throw ruleViolation('itemId', 'reference', 'no item with this id');
      const bomService = new BomService(tx);
      const revisions = item.kind === 'buy' ? [] : await bomService.listForItem(item.id);
      const current = revisions.find((b) => b.status === 'released') ?? null;
      let proposedBomId: string;
      if (input.proposedBomId) {
        const proposed = revisions.find((b) => b.id === input.proposedBomId);
        if (!proposed)
          throw ruleViolation('proposedBomId', 'reference', `not a BOM revision of ${item.number}`);
        if (proposed.status !== 'draft')
          throw ruleViolation(
            'proposedBomId',
            'draft',
            `revision ${proposed.revision} is ${proposed.status}; propose a draft`,
          );
        proposedBomId = proposed.id;
      } else {
        const { lines, issues } = applyLineChanges(
          (current?.lines ?? []) as RevisionLine[],
          input.lineChanges ?? [],
        );
        if (issues.length)
          throw new RuleViolationError(`the line changes do not fit ${item.number}'s current BOM`, issues);
        proposedBomId = (await bomService.create(actor, item.id, { lines })).id;
      }
      if (input.proposedRoutingId) {
        const routing = await new RoutingService(tx).get(input.proposedRoutingId, tx).catch(() => null);
        if (!routing || routing.itemId !== item.id)
          throw ruleViolation('proposedRoutingId', 'reference', `not a routing revision of ${item.number}`);
        if (routing.status !== 'draft')
          throw ruleViolation(
            'proposedRoutingId',
            'draft',
            `routing revision ${routing.revision} is ${routing.status}`,
          );
      }
      if (input.requestedBy === 'customer' && !input.salesOrderLineId)
        throw ruleViolation(
          'salesOrderLineId',
          'required',
          "a customer's change is priced on their order line: name it",
        );
      if (input.salesOrderLineId) {
        const [line] = await this.deps.orders(tx).openLinePromises([input.salesOrderLineId], tx);
        if (!line)
          throw ruleViolation(
            'salesOrderLineId',
            'reference',
            'no open (confirmed, unshipped) order line with this id',
          );
      }
      const number = await nextDocumentNumber(tx, 'ECO');
      const [row] = await tx
        .insert(engineeringChanges)
        .values({
          number,
          itemId: item.id,
          projectId: input.projectId ?? null,
          salesOrderLineId: input.salesOrderLineId ?? null,
          title: input.title,
          reason: input.reason,
          requestedBy: input.requestedBy,
          baseBomId: current?.id ?? null,
          proposedBomId,
          proposedRoutingId: input.proposedRoutingId ?? null,
          lineChanges: input.lineChanges ?? null,
          currency: item.currency,
          requestedById: actor.id,
        })
        .returning();
      await this.event(tx, actor, row.id, 'request', null, 'requested', input.reason);
      const created = await this.get(row.id, tx);
      await recordAudit(tx, actor, {
        entity: 'engineering-change',
        entityId: row.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  /**
   * New line changes for a requested change made from line changes: its proposed draft is made
   * again from the base revision with them, and a price given on the old content is void (price
   * it again). Only while requested, and while the base revision is still the one in force.
   */
  async reviseLineChanges(
    actor: Actor,
    id: string,
    version: number,
    lineChanges: EcoLineChange[],
  ): Promise<EngineeringChange> {
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, version);
      this.requireStatus(row, ['requested'], 'revised');
      if (!row.lineChanges)
        throw ruleViolation(
          'lineChanges',
          'proposed-draft',
          `${row.number} proposes a draft revision as prepared: change that draft's lines on the item page`,
        );
      const bomService = new BomService(tx);
      const current = (await bomService.listForItem(row.itemId)).find((b) => b.status === 'released');
      if ((current?.id ?? null) !== row.baseBomId)
        throw ruleViolation(
          'baseBomId',
          'current',
          `the BOM changed since ${row.number} was requested (revision ${current?.revision ?? 'none'} is released now); request it again on that revision`,
        );
      const { lines, issues } = applyLineChanges((current?.lines ?? []) as RevisionLine[], lineChanges);
      if (issues.length)
        throw new RuleViolationError(`the line changes do not fit the item's current BOM`, issues);
      const proposed = await bomService.get(row.proposedBomId, tx);
      await bomService.update(actor, proposed.id, proposed.version, { lines });
      await tx
        .update(engineeringChanges)
        .set({
          lineChanges,
          impact: null,
          analysedAt: null,
          costDeltaAmount: null,
          marginPercent: null,
          priceDeltaAmount: null,
          version: sql`${engineeringChanges.version} + 1`,
        })
        .where(eq(engineeringChanges.id, id));
      await this.event(tx, actor, id, 'revise', row.status, 'requested', null, {
        before: row.lineChanges,
        after: lineChanges,
      });
      await recordAudit(tx, actor, {
        entity: 'engineering-change',
        entityId: id,
        action: 'revise',
        before: { lineChanges: row.lineChanges },
        after: { lineChanges },
      });
      return this.get(id, tx);
    });
  }

  /** The impact of implementing the change now, computed by running it and rolling back. */
  async impact(actor: Actor, id: string): Promise<EngineeringChangeImpact> {
    return previewOrApply(this.db, true, async (tx) => {
      const row = await this.row(tx, id);
      this.requireStatus(row, ['requested', 'approved'], 'analysed');
      return this.run(tx, actor, row);
    });
  }

  /** Prices a change: cost delta from the impact, the price from the margin unless one is agreed. */
  async price(
    actor: Actor,
    id: string,
    version: number,
    input: { marginPercent: number; priceDelta?: number },
  ): Promise<EngineeringChange> {
    const impact = await this.impact(actor, id);
    const costDelta = impact.cost.customerLineDelta ?? impact.cost.linesDelta;
    const priceDelta = input.priceDelta ?? Math.round(costDelta * (1 + input.marginPercent / 100));
    return this.transition(actor, id, version, ['requested'], 'requested', 'price', null, {
      costDeltaAmount: costDelta,
      marginPercent: String(input.marginPercent),
      priceDeltaAmount: priceDelta,
      currency: impact.cost.currency,
      impact,
      analysedAt: new Date(impact.computedAt),
    });
  }

  /** Approves a requested change (a customer's one priced first), keeping the impact it was approved on. */
  async approve(actor: Actor, id: string, version: number, note?: string): Promise<EngineeringChange> {
    const impact = await this.impact(actor, id);
    return this.transition(
      actor,
      id,
      version,
      ['requested'],
      'approved',
      'approve',
      note ?? null,
      {
        impact,
        analysedAt: new Date(impact.computedAt),
      },
      (row) => {
        if (row.requestedBy === 'customer' && row.priceDeltaAmount === null)
          throw ruleViolation(
            'pricing',
            'priced',
            `${row.number} is the customer's change: price it before approving`,
          );
      },
    );
  }

  async reject(actor: Actor, id: string, version: number, note?: string): Promise<EngineeringChange> {
    return this.transition(
      actor,
      id,
      version,
      ['requested', 'approved'],
      'rejected',
      'reject',
      note ?? null,
      {},
    );
  }

  async cancel(actor: Actor, id: string, version: number, note?: string): Promise<EngineeringChange> {
    return this.transition(
      actor,
      id,
      version,
      ['requested', 'approved'],
      'cancelled',
      'cancel',
      note ?? null,
      {},
    );
  }

  /**
   * Implements an approved change in one transaction: the proposed revision (and routing) is
   * released from today, every open line that uses the item is re-planned and re-promised, and
   * a customer's agreed price goes onto their line.
   */
  async implement(actor: Actor, id: string, version: number): Promise<EngineeringChange> {
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, version);
      this.requireStatus(row, ['approved'], 'implemented');
      const impact = await this.run(tx, actor, row);
      if (row.requestedBy === 'customer' && row.salesOrderLineId && row.priceDeltaAmount)
        await this.deps
          .orders(tx)
          .addToLinePrice(
            tx,
            actor,
            row.salesOrderLineId,
            row.priceDeltaAmount,
            `${row.number}: ${row.title}`,
          );
      await tx
        .update(engineeringChanges)
        .set({
          status: 'implemented',
          impact,
          analysedAt: new Date(impact.computedAt),
          version: sql`${engineeringChanges.version} + 1`,
        })
        .where(eq(engineeringChanges.id, id));
      await this.event(tx, actor, id, 'implement', row.status, 'implemented', null, {
        createdJobs: impact.createdJobs,
        lines: impact.lines.map((l) => ({
          order: l.orderNumber,
          lineNo: l.lineNo,
          promiseDeltaDays: l.promiseDeltaDays,
        })),
      });
      await recordAudit(tx, actor, {
        entity: 'engineering-change',
        entityId: id,
        action: 'implement',
        after: { status: 'implemented' },
      });
      return this.get(id, tx);
    });
  }

  private async run(tx: Tx, actor: Actor, row: Row) {
    const proposed = await new BomService(tx).get(row.proposedBomId, tx);
    if (proposed.status !== 'draft')
      throw ruleViolation(
        'proposedBomId',
        'draft',
        `revision ${proposed.revision} was ${proposed.status} meanwhile; request the change again`,
      );
    const current = (await new BomService(tx).listForItem(row.itemId)).find((b) => b.status === 'released');
    if ((current?.id ?? null) !== row.baseBomId)
      throw ruleViolation(
        'baseBomId',
        'current',
        `the BOM changed since ${row.number} was requested (revision ${current?.revision ?? 'none'} is released now); request it again on that revision`,
      );
    return runStructureChange(
      tx,
      actor,
      {
        itemId: row.itemId,
        currentBomId: row.baseBomId,
        proposedBomId: row.proposedBomId,
        proposedRoutingId: row.proposedRoutingId,
        customerLineId: row.salesOrderLineId,
      },
      { planning: this.deps.planning, orders: this.deps.orders(tx) },
    );
  }

  private async transition(
    actor: Actor,
    id: string,
    version: number,
    from: Status[],
    to: Status,
    action: string,
    note: string | null,
    set: Partial<typeof engineeringChanges.$inferInsert>,
    check?: (row: Row) => void,
  ): Promise<EngineeringChange> {
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, version);
      this.requireStatus(row, from, to);
      check?.(row);
      await tx
        .update(engineeringChanges)
        .set({ ...set, status: to, version: sql`${engineeringChanges.version} + 1` })
        .where(eq(engineeringChanges.id, id));
      const detail =
        action === 'price'
          ? {
              costDelta: set.costDeltaAmount,
              marginPercent: Number(set.marginPercent),
              priceDelta: set.priceDeltaAmount,
            }
          : null;
      await this.event(tx, actor, id, action, row.status, to, note, detail);
      await recordAudit(tx, actor, {
        entity: 'engineering-change',
        entityId: id,
        action,
        before: { status: row.status },
        after: { status: to, ...(detail ?? {}) },
      });
      return this.get(id, tx);
    });
  }

  private requireStatus(row: Row, allowed: Status[], next: string) {
    if (!allowed.includes(row.status))
      throw ruleViolation(
        'status',
        'transition',
        `${row.number} is ${row.status}; it cannot be ${next} (only when ${allowed.join(' or ')})`,
      );
  }

  private async row(db: Db | Tx, id: string): Promise<Row> {
    const [row] = await db.select().from(engineeringChanges).where(eq(engineeringChanges.id, id));
    if (!row) throw new NotFoundError('engineering change', id);
    return row;
  }

  private async lock(tx: Tx, id: string, version: number): Promise<Row> {
    const [row] = await tx
      .select()
      .from(engineeringChanges)
      .where(eq(engineeringChanges.id, id))
      .for('update');
    if (!row) throw new NotFoundError('engineering change', id);
    if (row.version !== version)
      throw new VersionConflictError('engineering change', id, version, row.version);
    return row;
  }

  private async event(
    tx: Tx,
    actor: Actor,
    changeId: string,
    action: string,
    fromStatus: Status | null,
    toStatus: Status,
    note: string | null,
    detail: unknown = null,
  ) {
    await tx.insert(engineeringChangeEvents).values({
      changeId,
      actorId: actor.id,
      actorName: actor.name,
      action,
      fromStatus,
      toStatus,
      note,
      detail,
    });
  }

  /** Changes with their item, revisions and history: three queries whatever the page size. */
  private async views(
    db: Db | Tx,
    where: SQL | undefined,
    pageOf: { limit: number; offset: number },
  ): Promise<EngineeringChange[]> {
    const rows = await db
      .select({
        change: engineeringChanges,
        itemNumber: items.number,
        itemName: items.name,
        baseId: baseBoms.id,
        baseRevision: baseBoms.revision,
        baseStatus: baseBoms.status,
        proposedId: proposedBoms.id,
        proposedRevision: proposedBoms.revision,
        proposedStatus: proposedBoms.status,
      })
      .from(engineeringChanges)
      .innerJoin(items, eq(items.id, engineeringChanges.itemId))
      .innerJoin(proposedBoms, eq(proposedBoms.id, engineeringChanges.proposedBomId))
      .leftJoin(baseBoms, eq(baseBoms.id, engineeringChanges.baseBomId))
      .where(where)
      .orderBy(desc(engineeringChanges.createdAt), desc(engineeringChanges.number))
      .limit(pageOf.limit)
      .offset(pageOf.offset);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.change.id);
    const routingIds = rows.flatMap((r) => (r.change.proposedRoutingId ? [r.change.proposedRoutingId] : []));
    const [events, routingRows] = await Promise.all([
      db
        .select()
        .from(engineeringChangeEvents)
        .where(inArray(engineeringChangeEvents.changeId, ids))
        .orderBy(asc(engineeringChangeEvents.at), asc(engineeringChangeEvents.id)),
      routingIds.length
        ? db
            .select({ id: routings.id, revision: routings.revision, status: routings.status })
            .from(routings)
            .where(inArray(routings.id, routingIds))
        : Promise.resolve([]),
    ]);
    const routingOf = new Map(routingRows.map((r) => [r.id, r]));
    return rows.map(({ change: c, itemNumber, itemName, ...r }) => ({
      id: c.id,
      number: c.number,
      itemId: c.itemId,
      itemNumber,
      itemName,
      title: c.title,
      reason: c.reason,
      requestedBy: c.requestedBy,
      status: c.status,
      projectId: c.projectId,
      salesOrderLineId: c.salesOrderLineId,
      baseBom:
        r.baseId && r.baseRevision && r.baseStatus
          ? { id: r.baseId, revision: r.baseRevision, status: r.baseStatus }
          : null,
      proposedBom: { id: r.proposedId, revision: r.proposedRevision, status: r.proposedStatus },
      proposedRouting: c.proposedRoutingId ? (routingOf.get(c.proposedRoutingId) ?? null) : null,
      lineChanges: (c.lineChanges as EcoLineChange[] | null) ?? null,
      impact: (c.impact as EngineeringChangeImpact | null) ?? null,
      pricing:
        c.priceDeltaAmount !== null
          ? {
              costDelta: c.costDeltaAmount ?? 0,
              marginPercent: Number(c.marginPercent ?? 0),
              priceDelta: c.priceDeltaAmount,
              currency: c.currency ?? 'EUR',
            }
          : null,
      createdAt: c.createdAt.toISOString(),
      version: c.version,
      history: events
        .filter((e) => e.changeId === c.id)
        .map((e) => ({
          at: e.at.toISOString(),
          actorName: e.actorName,
          action: e.action,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          note: e.note,
        })),
    }));
  }
}
