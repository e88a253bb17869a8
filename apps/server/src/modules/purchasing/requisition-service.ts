/**
 * Purchase requisitions (what MRP says to buy, by when) and the open purchase supply MRP nets
 * against: the only writer of purchase_requisitions.
 */
import { and, asc, count, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { nextDocumentNumbers } from '../../platform/document-numbers';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { items } from '../catalog/tables/items';
import { purchaseOrderLines, purchaseOrders, purchaseRequisitions, suppliers } from './tables';

export interface OpenPurchaseSupply {
  /** requisition or purchase order line id */
  id: string;
  kind: 'purchase-requisition' | 'purchase-order-line';
  itemId: string;
  quantity: number;
  due: Date;
  salesOrderLineId: string | null;
}

export interface RequisitionToCreate {
  key: string;
  itemId: string;
  quantity: number;
  neededAt: Date;
  orderBy: Date;
  supplierId: string | null;
  salesOrderLineId: string | null;
}

export interface RequisitionSummary {
  id: string;
  number: string;
  itemId: string;
  itemNumber: string;
  itemName: string;
  /** a part not designed yet: planned at its estimate, never ordered */
  placeholder: boolean;
  quantity: number;
  neededAt: string;
  orderBy: string;
  supplierId: string | null;
  supplierName: string | null;
  salesOrderLineId: string | null;
  status: (typeof purchaseRequisitions.status.enumValues)[number];
}

export class RequisitionService {
  constructor(private readonly db: Db) {}

  /**
   * Open requisitions and the unreceived rest of open purchase order lines, due when the
   * supplier confirmed when that is later than the date asked. `requisitionIds`: only these
   * requisitions (and no purchase order lines).
   */
  async openSupply(db: Db | Tx = this.db, requisitionIds?: string[]): Promise<OpenPurchaseSupply[]> {
    if (requisitionIds?.length === 0) return [];
    const [reqs, lines] = await Promise.all([
      db
        .select({
          id: purchaseRequisitions.id,
          itemId: purchaseRequisitions.itemId,
          quantity: purchaseRequisitions.quantity,
          due: purchaseRequisitions.neededAt,
          salesOrderLineId: purchaseRequisitions.salesOrderLineId,
        })
        .from(purchaseRequisitions)
        .where(
          and(
            eq(purchaseRequisitions.status, 'open'),
            requisitionIds ? inArray(purchaseRequisitions.id, requisitionIds) : undefined,
          ),
        )
        .orderBy(asc(purchaseRequisitions.number)),
      requisitionIds
        ? []
        : db
            .select({
              id: purchaseOrderLines.id,
              itemId: purchaseOrderLines.itemId,
              quantity: sql<string>`${purchaseOrderLines.quantity} - ${purchaseOrderLines.receivedQuantity}`,
              // a supplier's later date is when it comes: the plan counts on that, not on the date asked
              due: sql<Date>`greatest(${purchaseOrderLines.dueAt}, coalesce(${purchaseOrderLines.confirmedAt}, ${purchaseOrderLines.dueAt}))`.mapWith(
                purchaseOrderLines.dueAt,
              ),
              salesOrderLineId: purchaseOrderLines.salesOrderLineId,
            })
            .from(purchaseOrderLines)
            .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
            .where(
              and(
                inArray(purchaseOrders.status, ['draft', 'sent', 'partially-received']),
                gt(purchaseOrderLines.quantity, purchaseOrderLines.receivedQuantity),
              ),
            )
            .orderBy(asc(purchaseOrders.number), asc(purchaseOrderLines.lineNo)),
    ]);
    return [
      ...reqs.map((r) => ({ ...r, kind: 'purchase-requisition' as const, quantity: Number(r.quantity) })),
      ...lines.map((r) => ({ ...r, kind: 'purchase-order-line' as const, quantity: Number(r.quantity) })),
    ];
  }

  /** Creates requisitions planned by MRP (set-based); returns id per key. */
  async createRequisitions(
    tx: Tx,
    actor: Actor,
    requisitions: RequisitionToCreate[],
  ): Promise<Map<string, { id: string; number: string }>> {
    const created = new Map<string, { id: string; number: string }>();
    if (requisitions.length === 0) return created;
    const numbers = await nextDocumentNumbers(tx, 'PR', requisitions.length);
    const rows = await tx
      .insert(purchaseRequisitions)
      .values(
        requisitions.map((r, x) => ({
          number: numbers[x],
          itemId: r.itemId,
          quantity: String(r.quantity),
          neededAt: r.neededAt,
          orderBy: r.orderBy,
          supplierId: r.supplierId,
          salesOrderLineId: r.salesOrderLineId,
        })),
      )
      .returning({ id: purchaseRequisitions.id, number: purchaseRequisitions.number });
    rows.forEach((r, x) => {
      created.set(requisitions[x].key, r);
    });
    await recordAudit(tx, actor, {
      entity: 'purchase-requisition',
      entityId: rows.map((r) => r.number).join(','),
      action: 'plan',
      after: { requisitions: rows.map((r) => r.number) },
    });
    return created;
  }

  /** Cancels the open requisitions dedicated to these order lines, in the caller's transaction. */
  async cancelOpenOfLines(tx: Tx, actor: Actor, salesOrderLineIds: string[]): Promise<string[]> {
    if (salesOrderLineIds.length === 0) return [];
    return this.cancelOpenWhere(tx, actor, inArray(purchaseRequisitions.salesOrderLineId, salesOrderLineIds));
  }

  /** Cancels these requisitions where still open, in the caller's transaction. */
  async cancelOpen(tx: Tx, actor: Actor, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.cancelOpenWhere(tx, actor, inArray(purchaseRequisitions.id, ids));
  }

  private async cancelOpenWhere(tx: Tx, actor: Actor, which: SQL): Promise<string[]> {
    const rows = await tx
      .update(purchaseRequisitions)
      .set({ status: 'cancelled', version: sql`${purchaseRequisitions.version} + 1` })
      .where(and(which, eq(purchaseRequisitions.status, 'open')))
      .returning({ number: purchaseRequisitions.number });
    if (rows.length > 0)
      await recordAudit(tx, actor, {
        entity: 'purchase-requisition',
        entityId: rows.map((r) => r.number).join(','),
        action: 'cancel',
        after: { status: 'cancelled' },
      });
    return rows.map((r) => r.number);
  }

  /**
   * Moves an open requisition's need date (and its order-by date with it), in the caller's
   * transaction: its version must match (409) and it must still be open (422). Audited.
   */
  async reschedule(
    tx: Tx,
    actor: Actor,
    input: { id: string; neededAt: Date; version: number },
  ): Promise<{ number: string; from: Date; to: Date }> {
    const [req] = await tx
      .select()
      .from(purchaseRequisitions)
      .where(eq(purchaseRequisitions.id, input.id))
      .for('update');
    if (!req) throw new NotFoundError('purchase requisition', input.id);
    if (req.version !== input.version)
      throw new VersionConflictError('purchase requisition', req.id, input.version, req.version);
    if (req.status !== 'open')
      throw ruleViolation('status', 'open', `${req.number} is ${req.status}; only an open requisition moves`);
    const shift = input.neededAt.getTime() - req.neededAt.getTime();
    await tx
      .update(purchaseRequisitions)
      .set({
        neededAt: input.neededAt,
        orderBy: new Date(req.orderBy.getTime() + shift),
        version: sql`${purchaseRequisitions.version} + 1`,
      })
      .where(eq(purchaseRequisitions.id, req.id));
    await recordAudit(tx, actor, {
      entity: 'purchase-requisition',
      entityId: req.id,
      action: 'reschedule',
      before: { neededAt: req.neededAt.toISOString() },
      after: { neededAt: input.neededAt.toISOString() },
    });
    return { number: req.number, from: req.neededAt, to: input.neededAt };
  }

  /** The versions and status of requisitions, by id: one query. */
  async versions(ids: string[], db: Db | Tx = this.db) {
    if (ids.length === 0) return new Map<string, { version: number; status: string; number: string }>();
    const rows = await db
      .select({
        id: purchaseRequisitions.id,
        version: purchaseRequisitions.version,
        status: purchaseRequisitions.status,
        number: purchaseRequisitions.number,
      })
      .from(purchaseRequisitions)
      .where(inArray(purchaseRequisitions.id, ids));
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Purchase order lines already ordered for these order lines and not fully received. */
  async orderedForLines(salesOrderLineIds: string[], db: Db | Tx = this.db) {
    if (salesOrderLineIds.length === 0) return [];
    const rows = await db
      .select({
        purchaseOrderNumber: purchaseOrders.number,
        lineNo: purchaseOrderLines.lineNo,
        itemNumber: items.number,
        open: sql<string>`${purchaseOrderLines.quantity} - ${purchaseOrderLines.receivedQuantity}`,
        supplierName: suppliers.name,
      })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .innerJoin(items, eq(items.id, purchaseOrderLines.itemId))
      .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
      .where(
        and(
          inArray(purchaseOrderLines.salesOrderLineId, salesOrderLineIds),
          inArray(purchaseOrders.status, ['draft', 'sent', 'partially-received']),
          gt(purchaseOrderLines.quantity, purchaseOrderLines.receivedQuantity),
        ),
      );
    return rows.map((r) => ({ ...r, open: Number(r.open) }));
  }

  /** Open purchase order lines of these items, not fully received (what a design change may leave over). */
  async orderedForItems(itemIds: string[], db: Db | Tx = this.db) {
    if (itemIds.length === 0) return [];
    const rows = await db
      .select({
        purchaseOrderNumber: purchaseOrders.number,
        lineNo: purchaseOrderLines.lineNo,
        itemNumber: items.number,
        open: sql<string>`${purchaseOrderLines.quantity} - ${purchaseOrderLines.receivedQuantity}`,
        supplierName: suppliers.name,
      })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .innerJoin(items, eq(items.id, purchaseOrderLines.itemId))
      .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
      .where(
        and(
          inArray(purchaseOrderLines.itemId, itemIds),
          inArray(purchaseOrders.status, ['draft', 'sent', 'partially-received']),
          gt(purchaseOrderLines.quantity, purchaseOrderLines.receivedQuantity),
        ),
      )
      .orderBy(asc(purchaseOrders.number), asc(purchaseOrderLines.lineNo));
    return rows.map((r) => ({ ...r, open: Number(r.open) }));
  }

  async list(query: {
    limit: number;
    offset: number;
    status?: 'open' | 'ordered' | 'cancelled';
    ids?: string[];
  }) {
    const where = and(
      query.status ? eq(purchaseRequisitions.status, query.status) : undefined,
      query.ids ? inArray(purchaseRequisitions.id, query.ids) : undefined,
    );
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({
          r: purchaseRequisitions,
          itemNumber: items.number,
          itemName: items.name,
          placeholder: items.placeholder,
          supplierName: suppliers.name,
        })
        .from(purchaseRequisitions)
        .innerJoin(items, eq(items.id, purchaseRequisitions.itemId))
        .leftJoin(suppliers, eq(suppliers.id, purchaseRequisitions.supplierId))
        .where(where)
        .orderBy(asc(purchaseRequisitions.orderBy), asc(purchaseRequisitions.number))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(purchaseRequisitions).where(where),
    ]);
    return {
      items: rows.map(
        ({ r, itemNumber, itemName, placeholder, supplierName }): RequisitionSummary => ({
          id: r.id,
          number: r.number,
          itemId: r.itemId,
          itemNumber,
          itemName,
          placeholder,
          quantity: Number(r.quantity),
          neededAt: r.neededAt.toISOString(),
          orderBy: r.orderBy.toISOString(),
          supplierId: r.supplierId,
          supplierName,
          salesOrderLineId: r.salesOrderLineId,
          status: r.status,
        }),
      ),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
