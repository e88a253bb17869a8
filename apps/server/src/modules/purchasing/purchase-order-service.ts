/**
 * Purchase orders: open requisitions become orders grouped per supplier (minimum order
 * quantity, order multiple, price break), are sent, and are received (partial, under or over)
 * into stock. Receipts measure the supplier: on-time rate and lead time. The only writer of
 * purchase_orders, purchase_order_lines and purchase_receipts.
 */
import { localToUtc } from '@takt/engine';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordAudit, recordAuditMany } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { nextDocumentNumbers } from '../../platform/document-numbers';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { groupBy } from '../../platform/group-by';
import { localDateIn } from '../catalog/plant-structure';
import { items } from '../catalog/tables/items';
import { workingDaysBetween } from './receipt-lead-time';
import { effectiveOrderQuantity, priceFor } from './supply-pricing';
import {
  purchaseOrderLines,
  purchaseOrders,
  purchaseReceipts,
  purchaseRequisitions,
  suppliers,
  supplyTerms,
} from './tables';

/** Stock receipts as purchasing needs them (the inventory module provides it). */
export interface StockReceiving {
  receive(
    actor: Actor,
    input: {
      itemId: string;
      quantity: number;
      purchaseOrderLineId?: string;
      reference: string;
      lotNumber?: string;
    },
  ): Promise<{ moveId: string; lotId: string | null }>;
}

/** Pegs follow supply from requisition to purchase order line (planning provides it). */
export interface PegUpdates {
  replaceSupply(
    tx: Tx,
    from: { kind: 'purchase-requisition'; ids: string[] },
    to: { kind: 'purchase-order-line'; id: string },
  ): Promise<void>;
}

export interface PurchaseOrderLineView {
  id: string;
  lineNo: number;
  itemId: string;
  itemNumber: string;
  itemName: string;
  quantity: number;
  receivedQuantity: number;
  unitPrice: number;
  dueAt: string;
  /** the date the supplier confirmed, if any */
  confirmedAt: string | null;
  /** when the plan expects it: the later of the due date and the supplier's date */
  expectedAt: string;
  /** late since (past due and open, or confirmed after the due date); null while on time */
  lateSince: string | null;
  salesOrderLineId: string | null;
}

/** A supplier's date for a line, as written (`confirmLineDate`). */
export interface ConfirmedLineDate {
  purchaseOrderId: string;
  number: string;
  lineNo: number;
  itemId: string;
  salesOrderLineId: string | null;
  dueAt: Date;
  from: Date | null;
  to: Date | null;
  /** the line was already reported late before this date */
  wasLate: boolean;
  /** the line is late with this date (confirmed after its due date) */
  confirmedLater: boolean;
}

export interface PurchaseOrderView {
  id: string;
  number: string;
  supplierId: string;
  supplierName: string;
  status: (typeof purchaseOrders.status.enumValues)[number];
  currency: string;
  orderedAt: string | null;
  createdAt: string;
  totalAmount: number;
  lines: PurchaseOrderLineView[];
  version: number;
}

export class PurchaseOrderService {
  constructor(
    private readonly db: Db,
    private readonly stock: (tx: Tx) => StockReceiving,
    private readonly pegs: PegUpdates,
  ) {}

  /**
   * Orders open requisitions (all, or the given ones), one purchase order per supplier: the
   * quantity rounded up to the supplier's minimum and multiple, priced at its break, due when
   * the first requisition needs it. Requisitions without a supplier are refused by number, and
   * so are those of placeholders (parts not designed yet: their requisition only carries the
   * estimated lead time into the plan); ordering all open requisitions leaves those open.
   */
  async orderRequisitions(actor: Actor, requisitionIds?: string[]): Promise<PurchaseOrderView[]> {
    return this.db.transaction(async (tx) => {
      const open = await tx
        .select()
        .from(purchaseRequisitions)
        .where(
          and(
            eq(purchaseRequisitions.status, 'open'),
            requisitionIds ? inArray(purchaseRequisitions.id, requisitionIds) : undefined,
          ),
        )
        .orderBy(asc(purchaseRequisitions.neededAt))
        .for('update');
      if (requisitionIds && open.length !== new Set(requisitionIds).size)
        throw ruleViolation('requisitionIds', 'open', 'some requisitions are unknown or no longer open');
      const placeholders = new Set(
        (
          await tx
            .select({ id: items.id })
            .from(items)
            .where(
              and(inArray(items.id, [...new Set(open.map((r) => r.itemId))]), eq(items.placeholder, true)),
            )
        ).map((i) => i.id),
      );
      const notDesigned = open.filter((r) => placeholders.has(r.itemId));
      if (requisitionIds && notDesigned.length > 0)
        throw new RuleViolationError(
          `${notDesigned.map((r) => r.number).join(', ')} ask for a placeholder, a part not designed yet: replace it by the designed part (an engineering change) before ordering`,
          notDesigned.map((r) => ({
            field: 'requisitionIds',
            rule: 'not-placeholder',
            message: `${r.number} is for a placeholder`,
          })),
        );
      const reqs = open.filter((r) => !placeholders.has(r.itemId));
      if (reqs.length === 0) return [];
      const withoutSupplier = reqs.filter((r) => !r.supplierId);
      if (withoutSupplier.length > 0)
        throw new RuleViolationError(
          `no supplier for ${withoutSupplier.map((r) => r.number).join(', ')}: add supply terms for the item first`,
          withoutSupplier.map((r) => ({
            field: 'supplierId',
            rule: 'required',
            message: `${r.number} has no supplier`,
          })),
        );
      const terms = await tx
        .select()
        .from(supplyTerms)
        .where(inArray(supplyTerms.itemId, [...new Set(reqs.map((r) => r.itemId))]));
      const termOf = new Map(terms.map((t) => [`${t.itemId}|${t.supplierId}`, t]));
      const bySupplier = groupBy(reqs, (r) => r.supplierId as string);
      const supplierRows = await tx
        .select()
        .from(suppliers)
        .where(inArray(suppliers.id, [...bySupplier.keys()]));
      const currencyOf = new Map(supplierRows.map((s) => [s.id, s.currency]));
      const numbers = await nextDocumentNumbers(tx, 'PO', bySupplier.size);
      const created: string[] = [];
      let x = 0;
      for (const [supplierId, list] of bySupplier) {
        const [po] = await tx
          .insert(purchaseOrders)
          .values({ number: numbers[x++], supplierId, currency: currencyOf.get(supplierId) ?? 'EUR' })
          .returning();
        created.push(po.id);
        // one line per item: the requisitions of an item are bought together, due at the first need
        const byItem = groupBy(list, (r) => r.itemId);
        const lineValues = [...byItem].map(([itemId, group], i) => {
          const term = termOf.get(`${itemId}|${supplierId}`);
          const needed = group.reduce((s, r) => s + Number(r.quantity), 0);
          const quantity = term
            ? effectiveOrderQuantity(
                {
                  minimumOrderQuantity: Number(term.minimumOrderQuantity),
                  orderMultiple: Number(term.orderMultiple),
                },
                needed,
              )
            : needed;
          const dedicated = new Set(group.map((r) => r.salesOrderLineId));
          return {
            purchaseOrderId: po.id,
            lineNo: (i + 1) * 10,
            itemId,
            quantity: String(quantity),
            unitPrice: term && term.priceBreaks.length > 0 ? priceFor(term.priceBreaks, quantity) : 0,
            dueAt: group[0].neededAt,
            salesOrderLineId: dedicated.size === 1 ? [...dedicated][0] : null,
          };
        });
        const lines = await tx.insert(purchaseOrderLines).values(lineValues).returning();
        const lineOfItem = new Map(lines.map((l) => [l.itemId, l.id]));
        for (const [itemId, group] of byItem) {
          const lineId = lineOfItem.get(itemId)!;
          const ids = group.map((r) => r.id);
          await tx
            .update(purchaseRequisitions)
            .set({
              status: 'ordered',
              purchaseOrderLineId: lineId,
              version: sql`${purchaseRequisitions.version} + 1`,
            })
            .where(inArray(purchaseRequisitions.id, ids));
          await this.pegs.replaceSupply(
            tx,
            { kind: 'purchase-requisition', ids },
            { kind: 'purchase-order-line', id: lineId },
          );
        }
        await recordAudit(tx, actor, {
          entity: 'purchase-order',
          entityId: po.id,
          action: 'create',
          after: { number: po.number },
        });
      }
      return Promise.all(created.map((id) => this.get(id, tx)));
    });
  }

  /** Sends a draft order to its supplier: it is now ordered. */
  async send(actor: Actor, id: string, version: number): Promise<PurchaseOrderView> {
    return this.db.transaction(async (tx) => {
      const po = await this.lock(tx, id, version);
      if (po.status !== 'draft')
        throw ruleViolation('status', 'draft', `${po.number} is ${po.status}; only a draft is sent`);
      await tx
        .update(purchaseOrders)
        .set({ status: 'sent', orderedAt: new Date(), version: sql`${purchaseOrders.version} + 1` })
        .where(eq(purchaseOrders.id, id));
      await recordAudit(tx, actor, {
        entity: 'purchase-order',
        entityId: id,
        action: 'send',
        after: { status: 'sent' },
      });
      return this.get(id, tx);
    });
  }

  /**
   * Receives a quantity of a line into stock (partial, under or over the ordered quantity), in
   * one transaction: the stock move and lot, the line's received quantity, the order's status,
   * the receipt with whether it was on time.
   */
  async receive(
    actor: Actor,
    input: { purchaseOrderLineId: string; quantity: number; lotNumber?: string; closeLine?: boolean },
  ): Promise<PurchaseOrderView> {
    if (!(input.quantity > 0))
      throw ruleViolation('quantity', 'positive', 'a receipt needs a quantity above 0');
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ line: purchaseOrderLines, po: purchaseOrders })
        .from(purchaseOrderLines)
        .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
        .where(eq(purchaseOrderLines.id, input.purchaseOrderLineId))
        .for('update');
      if (!row) throw new NotFoundError('purchase order line', input.purchaseOrderLineId);
      const { line, po } = row;
      if (po.status !== 'sent' && po.status !== 'partially-received')
        throw ruleViolation('status', 'sent', `${po.number} is ${po.status}; only a sent order is received`);
      const received = await this.stock(tx).receive(actor, {
        itemId: line.itemId,
        quantity: input.quantity,
        purchaseOrderLineId: line.id,
        reference: po.number,
        ...(input.lotNumber ? { lotNumber: input.lotNumber } : {}),
      });
      const now = new Date();
      const receivedQuantity = Number(line.receivedQuantity) + input.quantity;
      // an under-delivered line the buyer closes counts as complete
      const complete = receivedQuantity >= Number(line.quantity) || input.closeLine === true;
      await tx
        .update(purchaseOrderLines)
        .set({
          receivedQuantity: String(receivedQuantity),
          ...(input.closeLine ? { quantity: String(receivedQuantity) } : {}),
        })
        .where(eq(purchaseOrderLines.id, line.id));
      await tx.insert(purchaseReceipts).values({
        purchaseOrderLineId: line.id,
        supplierId: po.supplierId,
        quantity: String(input.quantity),
        receivedAt: now,
        dueAt: line.dueAt,
        leadTimeDays: po.orderedAt ? String(await workingDaysBetween(tx, po.orderedAt, now)) : null,
        lotId: received.lotId,
        actorName: actor.name,
      });
      const [open] = await tx
        .select({ open: count() })
        .from(purchaseOrderLines)
        .where(
          and(
            eq(purchaseOrderLines.purchaseOrderId, po.id),
            sql`${purchaseOrderLines.receivedQuantity} < ${purchaseOrderLines.quantity}`,
          ),
        );
      const status = open.open === 0 ? 'received' : 'partially-received';
      await tx
        .update(purchaseOrders)
        .set({ status, version: sql`${purchaseOrders.version} + 1` })
        .where(eq(purchaseOrders.id, po.id));
      await this.measureSupplier(tx, po.supplierId);
      await recordAudit(tx, actor, {
        entity: 'purchase-order',
        entityId: po.id,
        action: 'receive',
        after: { line: line.lineNo, quantity: input.quantity, status, complete },
      });
      return this.get(po.id, tx);
    });
  }

  /**
   * Moves an open line's due date (expedited with the supplier, or pushed back), in the caller's
   * transaction: the order's version must match (409), and only an open, not fully received
   * line of a draft or sent order moves (422). Audited; the order's version goes up.
   */
  async rescheduleLine(
    tx: Tx,
    actor: Actor,
    input: { purchaseOrderLineId: string; dueAt: Date; version: number },
  ): Promise<{ number: string; lineNo: number; from: Date; to: Date }> {
    const [row] = await tx
      .select({ line: purchaseOrderLines, po: purchaseOrders })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .where(eq(purchaseOrderLines.id, input.purchaseOrderLineId))
      .for('update');
    if (!row) throw new NotFoundError('purchase order line', input.purchaseOrderLineId);
    const { line, po } = row;
    if (po.version !== input.version)
      throw new VersionConflictError('purchase order', po.id, input.version, po.version);
    if (!['draft', 'sent', 'partially-received'].includes(po.status))
      throw ruleViolation(
        'status',
        'open',
        `${po.number} is ${po.status}; only an open order is rescheduled`,
      );
    if (Number(line.receivedQuantity) >= Number(line.quantity))
      throw ruleViolation('purchaseOrderLineId', 'open', `${po.number}/${line.lineNo} is received in full`);
    // moved with the supplier: the new due date is the agreed one, an earlier confirmation is void
    await tx
      .update(purchaseOrderLines)
      .set({ dueAt: input.dueAt, confirmedAt: null })
      .where(eq(purchaseOrderLines.id, line.id));
    await tx
      .update(purchaseOrders)
      .set({ version: sql`${purchaseOrders.version} + 1` })
      .where(eq(purchaseOrders.id, po.id));
    await recordAudit(tx, actor, {
      entity: 'purchase-order',
      entityId: po.id,
      action: 'reschedule',
      before: {
        line: line.lineNo,
        dueAt: line.dueAt.toISOString(),
        confirmedAt: line.confirmedAt?.toISOString() ?? null,
      },
      after: { line: line.lineNo, dueAt: input.dueAt.toISOString(), confirmedAt: null },
    });
    return { number: po.number, lineNo: line.lineNo, from: line.dueAt, to: input.dueAt };
  }

  /**
   * The supplier confirms a date for an open line (or takes its confirmation back: null), in the
   * caller's transaction. The date is a plant-local day; the line's time of day stays, so a date
   * N days after the due date means N days later. A date after the due date makes the line late
   * (planning holds its material back); the due date, what the plan asked for, does not move.
   * The order's version must match (409); only an open line of an open order takes a date, not
   * one before today (422). Audited; the order's version goes up.
   */
  async confirmLineDate(
    tx: Tx,
    actor: Actor,
    input: {
      purchaseOrderId: string;
      purchaseOrderLineId: string;
      confirmedDate: string | null;
      version: number;
    },
    timeZone: string,
  ): Promise<ConfirmedLineDate> {
    const [row] = await tx
      .select({ line: purchaseOrderLines, po: purchaseOrders })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .where(
        and(
          eq(purchaseOrderLines.id, input.purchaseOrderLineId),
          eq(purchaseOrderLines.purchaseOrderId, input.purchaseOrderId),
        ),
      )
      .for('update');
    if (!row) throw new NotFoundError('purchase order line', input.purchaseOrderLineId);
    const { line, po } = row;
    if (po.version !== input.version)
      throw new VersionConflictError('purchase order', po.id, input.version, po.version);
    if (!['draft', 'sent', 'partially-received'].includes(po.status))
      throw ruleViolation('status', 'open', `${po.number} is ${po.status}; only an open order takes a date`);
    if (Number(line.receivedQuantity) >= Number(line.quantity))
      throw ruleViolation(
        'purchaseOrderLineId',
        'open',
        `${po.number}/${line.lineNo} is received in full: there is nothing left to confirm`,
      );
    if (input.confirmedDate !== null && input.confirmedDate < localDateIn(timeZone))
      throw ruleViolation(
        'confirmedDate',
        'not-past',
        `${input.confirmedDate} is in the past: a supplier confirms a date from today on`,
      );
    const confirmedAt =
      input.confirmedDate === null ? null : onDateAtTimeOf(input.confirmedDate, line.dueAt, timeZone);
    await tx.update(purchaseOrderLines).set({ confirmedAt }).where(eq(purchaseOrderLines.id, line.id));
    await tx
      .update(purchaseOrders)
      .set({ version: sql`${purchaseOrders.version} + 1` })
      .where(eq(purchaseOrders.id, po.id));
    await recordAudit(tx, actor, {
      entity: 'purchase-order',
      entityId: po.id,
      action: 'confirm-date',
      before: { line: line.lineNo, confirmedAt: line.confirmedAt?.toISOString() ?? null },
      after: { line: line.lineNo, confirmedAt: confirmedAt?.toISOString() ?? null },
    });
    return {
      purchaseOrderId: po.id,
      number: po.number,
      lineNo: line.lineNo,
      itemId: line.itemId,
      salesOrderLineId: line.salesOrderLineId,
      dueAt: line.dueAt,
      from: line.confirmedAt,
      to: confirmedAt,
      wasLate: line.lateSince !== null,
      confirmedLater: confirmedAt !== null && confirmedAt.getTime() > line.dueAt.getTime(),
    };
  }

  /** The supplier's on-time rate over its last 50 receipts. */
  private async measureSupplier(tx: Tx, supplierId: string): Promise<void> {
    await tx.execute(sql`
      update suppliers set on_time_rate = (
        select round(avg(case when r.received_at <= r.due_at + interval '1 day' then 1 else 0 end), 4)
        from (select received_at, due_at from purchase_receipts where supplier_id = ${supplierId}
              order by received_at desc limit 50) r)
      where id = ${supplierId}`);
  }

  /** The purchase order each line belongs to (id and number), by line id: one query. */
  async ordersOfLines(lineIds: string[], db: Db | Tx = this.db) {
    if (lineIds.length === 0)
      return new Map<
        string,
        {
          purchaseOrderId: string;
          number: string;
          lineNo: number;
          status: PurchaseOrderView['status'];
          version: number;
        }
      >();
    const rows = await db
      .select({
        lineId: purchaseOrderLines.id,
        lineNo: purchaseOrderLines.lineNo,
        purchaseOrderId: purchaseOrders.id,
        number: purchaseOrders.number,
        status: purchaseOrders.status,
        version: purchaseOrders.version,
      })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .where(inArray(purchaseOrderLines.id, lineIds));
    return new Map(rows.map((r) => [r.lineId, r]));
  }

  /** Price and progress of purchase order lines, by id: one query. */
  async lineTerms(ids: string[], db: Db | Tx = this.db) {
    if (ids.length === 0) return new Map<string, { quantity: number; received: number; unitPrice: number }>();
    const rows = await db
      .select({
        id: purchaseOrderLines.id,
        quantity: purchaseOrderLines.quantity,
        received: purchaseOrderLines.receivedQuantity,
        unitPrice: purchaseOrderLines.unitPrice,
        status: purchaseOrders.status,
      })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .where(inArray(purchaseOrderLines.id, ids));
    return new Map(
      rows
        .filter((r) => r.status !== 'cancelled')
        .map((r) => [
          r.id,
          { quantity: Number(r.quantity), received: Number(r.received), unitPrice: r.unitPrice },
        ]),
    );
  }

  /**
   * The unreceived lines of a supplier's open purchase orders (or of one of them), with their due
   * dates: what a supplier's delay moves. One query.
   */
  async openLinesOfSupplier(supplierId: string, purchaseOrderId: string | null, db: Db | Tx = this.db) {
    const rows = await db
      .select({
        id: purchaseOrderLines.id,
        purchaseOrderId: purchaseOrders.id,
        number: purchaseOrders.number,
        lineNo: purchaseOrderLines.lineNo,
        itemId: purchaseOrderLines.itemId,
        dueAt: purchaseOrderLines.dueAt,
        salesOrderLineId: purchaseOrderLines.salesOrderLineId,
      })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .where(
        and(
          eq(purchaseOrders.supplierId, supplierId),
          purchaseOrderId ? eq(purchaseOrders.id, purchaseOrderId) : undefined,
          inArray(purchaseOrders.status, ['draft', 'sent', 'partially-received']),
          sql`${purchaseOrderLines.quantity} > ${purchaseOrderLines.receivedQuantity}`,
        ),
      )
      .orderBy(asc(purchaseOrders.number), asc(purchaseOrderLines.lineNo));
    return rows;
  }

  /**
   * Moves purchase order lines' due dates `days` later (a supplier's announced delay), in the
   * caller's transaction; audited per order. One statement.
   */
  async delayLines(tx: Tx, actor: Actor, lineIds: string[], days: number): Promise<void> {
    if (lineIds.length === 0) return;
    const moved = await tx
      .update(purchaseOrderLines)
      .set({
        dueAt: sql`${purchaseOrderLines.dueAt} + make_interval(days => ${days}::int)`,
        confirmedAt: sql`${purchaseOrderLines.confirmedAt} + make_interval(days => ${days}::int)`,
      })
      .where(inArray(purchaseOrderLines.id, lineIds))
      .returning({
        id: purchaseOrderLines.id,
        purchaseOrderId: purchaseOrderLines.purchaseOrderId,
        lineNo: purchaseOrderLines.lineNo,
        dueAt: purchaseOrderLines.dueAt,
      });
    const orderIds = [...new Set(moved.map((l) => l.purchaseOrderId))];
    if (orderIds.length > 0)
      await tx
        .update(purchaseOrders)
        .set({ version: sql`${purchaseOrders.version} + 1` })
        .where(inArray(purchaseOrders.id, orderIds));
    await recordAuditMany(
      tx,
      actor,
      [...groupBy(moved, (l) => l.purchaseOrderId)].map(([orderId, lines]) => ({
        entity: 'purchase-order',
        entityId: orderId,
        action: 'delay',
        after: { days, lines: lines.map((l) => ({ lineNo: l.lineNo, dueAt: l.dueAt.toISOString() })) },
      })),
    );
  }

  async list(query: {
    limit: number;
    offset: number;
    status?: PurchaseOrderView['status'];
    supplierId?: string;
  }) {
    const where = and(
      query.status ? eq(purchaseOrders.status, query.status) : undefined,
      query.supplierId ? eq(purchaseOrders.supplierId, query.supplierId) : undefined,
    );
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({ id: purchaseOrders.id })
        .from(purchaseOrders)
        .where(where)
        .orderBy(desc(purchaseOrders.createdAt), desc(purchaseOrders.number))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(purchaseOrders).where(where),
    ]);
    return {
      items: await this.views(rows.map((r) => r.id)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<PurchaseOrderView> {
    const [view] = await this.views([id], db);
    if (!view) throw new NotFoundError('purchase order', id);
    return view;
  }

  /** Orders with their lines: two queries for any number of orders. */
  private async views(ids: string[], db: Db | Tx = this.db): Promise<PurchaseOrderView[]> {
    if (ids.length === 0) return [];
    const [headers, lines] = await Promise.all([
      db
        .select({ po: purchaseOrders, supplierName: suppliers.name })
        .from(purchaseOrders)
        .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
        .where(inArray(purchaseOrders.id, ids)),
      db
        .select({ line: purchaseOrderLines, itemNumber: items.number, itemName: items.name })
        .from(purchaseOrderLines)
        .innerJoin(items, eq(items.id, purchaseOrderLines.itemId))
        .where(inArray(purchaseOrderLines.purchaseOrderId, ids))
        .orderBy(asc(purchaseOrderLines.lineNo)),
    ]);
    const byId = new Map(headers.map((h) => [h.po.id, h]));
    return ids.flatMap((id) => {
      const h = byId.get(id);
      if (!h) return [];
      const own = lines
        .filter((l) => l.line.purchaseOrderId === id)
        .map(
          ({ line, itemNumber, itemName }): PurchaseOrderLineView => ({
            id: line.id,
            lineNo: line.lineNo,
            itemId: line.itemId,
            itemNumber,
            itemName,
            quantity: Number(line.quantity),
            receivedQuantity: Number(line.receivedQuantity),
            unitPrice: line.unitPrice,
            dueAt: line.dueAt.toISOString(),
            confirmedAt: line.confirmedAt ? line.confirmedAt.toISOString() : null,
            expectedAt: (line.confirmedAt && line.confirmedAt > line.dueAt
              ? line.confirmedAt
              : line.dueAt
            ).toISOString(),
            lateSince: line.lateSince ? line.lateSince.toISOString() : null,
            salesOrderLineId: line.salesOrderLineId,
          }),
        );
      return [
        {
          id,
          number: h.po.number,
          supplierId: h.po.supplierId,
          supplierName: h.supplierName,
          status: h.po.status,
          currency: h.po.currency,
          orderedAt: h.po.orderedAt ? h.po.orderedAt.toISOString() : null,
          createdAt: h.po.createdAt.toISOString(),
          totalAmount: Math.round(own.reduce((s, l) => s + l.quantity * l.unitPrice, 0)),
          lines: own,
          version: h.po.version,
        },
      ];
    });
  }

  private async lock(tx: Tx, id: string, version: number) {
    const [po] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).for('update');
    if (!po) throw new NotFoundError('purchase order', id);
    if (po.version !== version) throw new VersionConflictError('purchase order', id, version, po.version);
    return po;
  }
}

/** `date` (plant-local) at the local time of day of `reference`: whole days from it. */
function onDateAtTimeOf(date: string, reference: Date, timeZone: string): Date {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(reference);
  return new Date(localToUtc(timeZone, Date.parse(`${date}T${time}Z`)));
}
