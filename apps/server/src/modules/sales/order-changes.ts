/**
 * Changing or cancelling a confirmed order, with its impact shown before it is applied. A
 * preview runs the very same transaction as the change and rolls it back, so what the user is
 * shown is exactly what applying does: which jobs and requisitions are cancelled or created,
 * which reservations are released, which work in progress and purchase orders are left to
 * decide, and how the line's promise moves.
 *
 * Other orders never move: a change takes out only the line's own not-started supply and fits
 * the new supply around the plan as it stands, so every other promise is kept.
 */
import type { OrderImpact, SalesOrder } from '@takt/contracts';
import { eq, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { previewOrApply } from '../../platform/db/preview-transaction';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { plantToday } from '../catalog/plant-structure';
import type { PlanningService } from '../planning/planning-service';
import type { LineRow, SalesOrderService } from './order-service';
import { salesOrderLines, salesOrders } from './tables';

/** Orders that may still be changed or cancelled (nothing shipped yet decides it per line). */
const CHANGEABLE = ['confirmed', 'in-production', 'ready'] as const;

type Unplanned = Awaited<ReturnType<PlanningService['unplanLines']>>;

export class OrderChangeService {
  constructor(
    private readonly db: Db,
    private readonly orders: (db: Db | Tx) => SalesOrderService,
    private readonly planning: PlanningService,
  ) {}

  /** Cancels a confirmed order: its not-started jobs and open requisitions go, reservations are released. */
  async cancel(actor: Actor, orderId: string, version: number, preview: boolean): Promise<OrderImpact> {
    return this.run(preview, async (tx) => {
      const { order, lines } = await this.lockChangeable(tx, orderId, version);
      const shipped = lines.filter((l) => Number(l.shippedQuantity) > 0);
      if (shipped.length > 0)
        throw ruleViolation(
          'status',
          'nothing-shipped',
          `${order.number} line ${shipped[0].lineNo} is partly shipped; change the quantity of the open lines instead`,
        );
      const before = lines.map(promiseOf);
      const unplanned = await this.planning.unplanLines(
        tx,
        actor,
        lines.map((l) => l.id),
        ['planned', 'released'],
      );
      await tx
        .update(salesOrders)
        .set({ status: 'cancelled', version: sql`${salesOrders.version} + 1` })
        .where(eq(salesOrders.id, orderId));
      // nothing is promised any more (the audit log keeps what was)
      await tx
        .update(salesOrderLines)
        .set({ promisedDate: null, promise: null })
        .where(eq(salesOrderLines.orderId, orderId));
      const after = await this.orders(tx).get(orderId, tx);
      await recordAudit(tx, actor, {
        entity: 'sales-order',
        entityId: orderId,
        action: 'cancel',
        before: { status: order.status, promises: before },
        after: { status: 'cancelled', jobsCancelled: unplanned.cancelledJobs.map((j) => j.number) },
      });
      return impactOf(after, lines, before, unplanned, { jobs: [], requisitions: [] });
    });
  }

  /**
   * Changes a line's quantity or requested date: the line's not-started supply is taken out and
   * the line is planned and promised again around the plan as it stands.
   */
  async changeLine(
    actor: Actor,
    orderId: string,
    lineId: string,
    change: { quantity?: number; requestedDate?: string },
    version: number,
    preview: boolean,
  ): Promise<OrderImpact> {
    return this.run(preview, async (tx) => {
      const { lines } = await this.lockChangeable(tx, orderId, version);
      const line = lines.find((l) => l.id === lineId);
      if (!line) throw new NotFoundError('sales order line', lineId);
      if (change.quantity === undefined && change.requestedDate === undefined)
        throw ruleViolation('quantity', 'required', 'say what changes: a quantity, a requested date or both');
      if (change.quantity !== undefined && change.quantity < Number(line.shippedQuantity))
        throw ruleViolation(
          'quantity',
          'min-shipped',
          `${Number(line.shippedQuantity)} of line ${line.lineNo} are shipped already; the quantity cannot go below that`,
        );
      const today = await plantToday(tx);
      if (change.requestedDate !== undefined && change.requestedDate < today)
        throw ruleViolation('requestedDate', 'not-past', `${change.requestedDate} is in the past`);
      const before = lines.map(promiseOf);
      const unplanned = await this.planning.unplanLines(tx, actor, [line.id], ['planned']);
      const changed = {
        ...line,
        quantity: String(change.quantity ?? Number(line.quantity)),
        requestedDate: change.requestedDate ?? line.requestedDate,
      };
      await tx
        .update(salesOrderLines)
        .set({ quantity: changed.quantity, requestedDate: changed.requestedDate })
        .where(eq(salesOrderLines.id, line.id));
      const orders = this.orders(tx);
      const open = await orders.openDemands(tx);
      const { written } = await orders.planLine(
        tx,
        actor,
        changed,
        open.filter((d) => d.id !== line.id),
      );
      await tx
        .update(salesOrders)
        .set({ version: sql`${salesOrders.version} + 1` })
        .where(eq(salesOrders.id, orderId));
      const after = await orders.get(orderId, tx);
      await recordAudit(tx, actor, {
        entity: 'sales-order',
        entityId: orderId,
        action: 'change-line',
        before: { lineNo: line.lineNo, quantity: Number(line.quantity), requestedDate: line.requestedDate },
        after: {
          lineNo: line.lineNo,
          quantity: Number(changed.quantity),
          requestedDate: changed.requestedDate,
        },
      });
      return impactOf(after, lines, before, unplanned, {
        jobs: written.jobNumbers,
        requisitions: written.requisitionNumbers,
      });
    });
  }

  /** Applies, or computes and rolls back. */
  private async run(preview: boolean, change: (tx: Tx) => Promise<OrderImpact>): Promise<OrderImpact> {
    const impact = await previewOrApply(this.db, preview, change);
    return preview ? { ...impact, applied: false } : impact;
  }

  private async lockChangeable(tx: Tx, orderId: string, version: number) {
    const [order] = await tx.select().from(salesOrders).where(eq(salesOrders.id, orderId)).for('update');
    if (!order) throw new NotFoundError('sales order', orderId);
    if (order.version !== version)
      throw new VersionConflictError('sales order', orderId, version, order.version);
    if (!(CHANGEABLE as readonly string[]).includes(order.status))
      throw ruleViolation(
        'status',
        'changeable',
        `order ${order.number} is ${order.status}; only a confirmed order that is not shipped can be changed`,
      );
    const lines = await this.orders(tx).linesOf(tx, [orderId]);
    return { order, lines };
  }
}

const promiseOf = (l: LineRow) => ({
  lineNo: l.lineNo,
  promisedDate: l.promisedDate,
  p90At: l.promise?.p90At ?? null,
});

function impactOf(
  after: SalesOrder,
  linesBefore: LineRow[],
  before: ReturnType<typeof promiseOf>[],
  unplanned: Unplanned,
  created: { jobs: string[]; requisitions: string[] },
): OrderImpact {
  return {
    applied: true,
    order: after,
    lines: linesBefore.map((l, x) => {
      const now = after.lines.find((a) => a.id === l.id);
      return {
        lineNo: l.lineNo,
        itemNumber: l.itemNumber,
        before: { promisedDate: before[x].promisedDate, p90At: before[x].p90At },
        after:
          after.status === 'cancelled'
            ? { promisedDate: null, p90At: null }
            : { promisedDate: now?.promisedDate ?? null, p90At: now?.promise?.p90At ?? null },
      };
    }),
    cancelledJobs: unplanned.cancelledJobs.map((j) => ({
      number: j.number,
      itemNumber: j.itemNumber,
      status: j.status,
    })),
    cancelledRequisitions: unplanned.cancelledRequisitions,
    createdJobs: created.jobs,
    createdRequisitions: created.requisitions,
    releasedReservedQuantity: unplanned.releasedQuantity,
    keptJobs: unplanned.remainingJobs
      .filter((j) => !created.jobs.includes(j.number))
      .map((j) => ({ number: j.number, itemNumber: j.itemNumber, status: j.status })),
    orderedPurchases: unplanned.orderedPurchases,
    otherOrdersMoved: [],
  };
}
