/**
 * Delivery: ship (all or part of) an order's lines from stock with a delivery note, and the
 * order's status as the floor and the dock move it on:
 *   confirmed → in-production (work started on its jobs, or a first part shipped)
 *             → ready (everything still to ship is set aside in stock) → shipped → invoiced.
 * A delivery note is the shipment moves of the stock ledger under one DN number: the ledger is
 * the record, the note its view. Invoicing only marks a shipped order invoiced (the invoice
 * itself belongs to the accounting system).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordAudit, recordAuditMany } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { nextDocumentNumber } from '../../platform/document-numbers';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { QUANTITY_EPSILON, roundQuantity } from '../../platform/quantity';
import { items } from '../catalog/tables/items';
import { recordIntegrationEvents } from '../integration/outbox';
import type { InventoryService } from '../inventory/service';
import type { ProductionService } from '../production/service';
import { customers, salesOrderLines, salesOrders } from './tables';

const OPEN = ['confirmed', 'in-production', 'ready'] as const;
type OrderStatus = (typeof salesOrders.status.enumValues)[number];

export interface DeliveryNote {
  number: string;
  orderId: string;
  orderNumber: string;
  customerName: string;
  shippedAt: string;
  lines: {
    lineId: string;
    lineNo: number;
    itemNumber: string;
    itemName: string;
    quantity: number;
    lotNumber: string | null;
  }[];
}

export class ShipmentService {
  constructor(
    private readonly db: Db | Tx,
    private readonly deps: {
      stock: (db: Db | Tx) => InventoryService;
      production: (db: Db | Tx) => ProductionService;
    },
  ) {}

  /** Ships the given quantities of an order's lines from one location (default: stores), in one transaction. */
  async ship(
    actor: Actor,
    orderId: string,
    input: { lines: { lineId: string; quantity: number }[]; locationId?: string },
  ): Promise<DeliveryNote> {
    return this.db.transaction(async (tx) => {
      const [order] = await tx.select().from(salesOrders).where(eq(salesOrders.id, orderId)).for('update');
      if (!order) throw new NotFoundError('sales order', orderId);
      if (!(OPEN as readonly string[]).includes(order.status))
        throw ruleViolation(
          'status',
          'open',
          `order ${order.number} is ${order.status}: nothing can be shipped`,
        );
      if (input.lines.length === 0) throw ruleViolation('lines', 'required', 'ship at least one line');
      const lines = await tx.select().from(salesOrderLines).where(eq(salesOrderLines.orderId, orderId));
      const byId = new Map(lines.map((l) => [l.id, l]));
      const issues = input.lines.flatMap((s, x) => {
        const line = byId.get(s.lineId);
        if (!line)
          return [{ field: `lines.${x}.lineId`, rule: 'exists', message: 'not a line of this order' }];
        const open = roundQuantity(Number(line.quantity) - Number(line.shippedQuantity));
        if (!(s.quantity > 0))
          return [{ field: `lines.${x}.quantity`, rule: 'positive', message: 'ship more than 0' }];
        if (s.quantity > open + QUANTITY_EPSILON)
          return [
            {
              field: `lines.${x}.quantity`,
              rule: 'open-quantity',
              message: `only ${open} of line ${line.lineNo} is still to ship`,
            },
          ];
        return [];
      });
      if (issues.length > 0) throw new RuleViolationError(issues[0].message, issues);
      const stock = this.deps.stock(tx);
      const locationId = input.locationId ?? (await stock.storesLocationId());
      const number = await nextDocumentNumber(tx, 'DN');
      for (const s of input.lines) {
        const line = byId.get(s.lineId)!;
        await stock.ship(actor, {
          itemId: line.itemId,
          locationId,
          quantity: s.quantity,
          salesOrderLineId: line.id,
          reference: number,
        });
      }
      const shipped = JSON.stringify(input.lines.map((s) => ({ id: s.lineId, q: s.quantity })));
      await tx.execute(sql`update sales_order_lines l set shipped_quantity = l.shipped_quantity + c.q
        from jsonb_to_recordset(${shipped}::jsonb) as c(id uuid, q numeric) where l.id = c.id`);
      await recordAudit(tx, actor, {
        entity: 'sales-order',
        entityId: order.id,
        action: 'ship',
        after: { deliveryNote: number, lines: input.lines },
      });
      await this.refreshStatus(tx, actor, [orderId]);
      const [note] = (await this.deliveryNotes(orderId, tx)).filter((n) => n.number === number);
      await recordIntegrationEvents(tx, [
        { type: 'order.shipped', entity: 'sales-order', entityId: order.id, payload: { ...note } },
      ]);
      return note;
    });
  }

  /** The delivery notes of an order, oldest first. */
  async deliveryNotes(orderId: string, db: Db | Tx = this.db): Promise<DeliveryNote[]> {
    const [order] = await db
      .select({ order: salesOrders, customerName: customers.name })
      .from(salesOrders)
      .innerJoin(customers, eq(customers.id, salesOrders.customerId))
      .where(eq(salesOrders.id, orderId));
    if (!order) throw new NotFoundError('sales order', orderId);
    const lines = await db
      .select({ line: salesOrderLines, itemNumber: items.number, itemName: items.name })
      .from(salesOrderLines)
      .innerJoin(items, eq(items.id, salesOrderLines.itemId))
      .where(eq(salesOrderLines.orderId, orderId));
    const byId = new Map(lines.map((l) => [l.line.id, l]));
    const moves = await this.deps.stock(db).shipmentsOfLines([...byId.keys()]);
    const notes = new Map<string, DeliveryNote>();
    for (const m of moves) {
      const key = m.reference ?? 'without note';
      const note = notes.get(key) ?? {
        number: key,
        orderId,
        orderNumber: order.order.number,
        customerName: order.customerName,
        shippedAt: m.at,
        lines: [],
      };
      const l = byId.get(m.salesOrderLineId)!;
      note.lines.push({
        lineId: l.line.id,
        lineNo: l.line.lineNo,
        itemNumber: l.itemNumber,
        itemName: l.itemName,
        quantity: m.quantity,
        lotNumber: m.lotNumber,
      });
      notes.set(key, note);
    }
    return [...notes.values()].map((n) => ({ ...n, lines: n.lines.sort((a, b) => a.lineNo - b.lineNo) }));
  }

  /** Marks a shipped order invoiced (the invoice itself is the accounting system's). */
  async invoice(actor: Actor, orderId: string, version: number) {
    return this.db.transaction(async (tx) => {
      const [order] = await tx.select().from(salesOrders).where(eq(salesOrders.id, orderId)).for('update');
      if (!order) throw new NotFoundError('sales order', orderId);
      if (order.version !== version)
        throw new VersionConflictError('sales order', orderId, version, order.version);
      if (order.status !== 'shipped')
        throw ruleViolation(
          'status',
          'shipped',
          `order ${order.number} is ${order.status}: only a shipped order is invoiced`,
        );
      await tx
        .update(salesOrders)
        .set({ status: 'invoiced', version: sql`${salesOrders.version} + 1` })
        .where(eq(salesOrders.id, orderId));
      await recordAudit(tx, actor, {
        entity: 'sales-order',
        entityId: orderId,
        action: 'invoice',
        after: { status: 'invoiced' },
      });
      await recordIntegrationEvents(tx, [
        {
          type: 'order.invoiced',
          entity: 'sales-order',
          entityId: orderId,
          payload: { orderNumber: order.number },
        },
      ]);
    });
  }

  /** Moves the orders of these lines to the status their jobs, stock and shipments say. */
  async refreshStatusOfLines(tx: Tx, actor: Actor, lineIds: string[]): Promise<void> {
    if (lineIds.length === 0) return;
    const rows = await tx
      .selectDistinct({ orderId: salesOrderLines.orderId })
      .from(salesOrderLines)
      .where(inArray(salesOrderLines.id, lineIds));
    await this.refreshStatus(
      tx,
      actor,
      rows.map((r) => r.orderId),
    );
  }

  /**
   * The status of open orders from the facts: every line shipped → shipped; everything still
   * to ship set aside in stock → ready; work started on a job of it or a part shipped →
   * in production; else confirmed. Three queries for any number of orders.
   */
  async refreshStatus(tx: Tx, actor: Actor, orderIds: string[]): Promise<void> {
    if (orderIds.length === 0) return;
    const orders = await tx
      .select()
      .from(salesOrders)
      .where(and(inArray(salesOrders.id, orderIds), inArray(salesOrders.status, [...OPEN])));
    if (orders.length === 0) return;
    const lines = await tx
      .select()
      .from(salesOrderLines)
      .where(
        inArray(
          salesOrderLines.orderId,
          orders.map((o) => o.id),
        ),
      );
    const lineIds = lines.map((l) => l.id);
    const [reserved, jobs] = await Promise.all([
      this.deps.stock(tx).reservedForLines(lineIds),
      this.deps.production(tx).jobsOfLines(lineIds, tx),
    ]);
    const started = new Set(
      jobs.filter((j) => j.status === 'in-progress' || j.status === 'done').map((j) => j.salesOrderLineId),
    );
    const changes: { id: string; number: string; from: OrderStatus; to: OrderStatus }[] = [];
    for (const order of orders) {
      const own = lines.filter((l) => l.orderId === order.id);
      const open = (l: (typeof own)[number]) => Number(l.quantity) - Number(l.shippedQuantity);
      const status: OrderStatus = own.every((l) => open(l) <= QUANTITY_EPSILON)
        ? 'shipped'
        : own.every((l) => open(l) <= (reserved.get(l.id) ?? 0) + QUANTITY_EPSILON)
          ? 'ready'
          : own.some((l) => started.has(l.id) || Number(l.shippedQuantity) > 0)
            ? 'in-production'
            : 'confirmed';
      if (status !== order.status)
        changes.push({ id: order.id, number: order.number, from: order.status, to: status });
    }
    for (const to of new Set(changes.map((c) => c.to)))
      await tx
        .update(salesOrders)
        .set({ status: to, version: sql`${salesOrders.version} + 1` })
        .where(
          inArray(
            salesOrders.id,
            changes.filter((c) => c.to === to).map((c) => c.id),
          ),
        );
    await recordAuditMany(
      tx,
      actor,
      changes.map((c) => ({
        entity: 'sales-order',
        entityId: c.id,
        action: 'status',
        before: { status: c.from },
        after: { status: c.to },
      })),
    );
    await recordIntegrationEvents(
      tx,
      changes.map((c) => ({
        type: `order.${c.to}`,
        entity: 'sales-order',
        entityId: c.id,
        payload: { orderNumber: c.number, from: c.from, to: c.to },
      })),
    );
  }
}
