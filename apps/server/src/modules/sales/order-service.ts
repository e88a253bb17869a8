/**
 * Sales orders: the only writer of sales_orders and sales_order_lines. Confirming an order is
 * the order-to-delivery step, in one transaction: per line, planning computes what it needs and
 * when it can be delivered (MRP + capable-to-promise + Monte Carlo), writes the pegged jobs,
 * requisitions and stock reservations, and the line keeps its promise.
 */
import type { SalesOrder, SalesOrderInput } from '@takt/contracts';
import { and, asc, count, desc, eq, ilike, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { nextDocumentNumber } from '../../platform/document-numbers';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { items } from '../catalog/tables/items';
import type { DemandLine, PlanningService } from '../planning/planning-service';
import { customers, salesOrderLines, salesOrders } from './tables';

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A requested date as the due instant: the end of that day. */
export const dueOf = (date: string) => new Date(`${date}T23:59:00Z`);

/** The later of two ISO dates (the promise never comes before what the customer asked for). */
const laterDate = (a: string, b: string) => (a > b ? a : b);

/** Orders whose lines still need supply. */
const OPEN_STATUSES = ['confirmed', 'in-production', 'ready'] as const;

type LineRow = typeof salesOrderLines.$inferSelect & { itemNumber: string; itemName: string };

const toLine = (l: LineRow): SalesOrder['lines'][number] => ({
  id: l.id,
  lineNo: l.lineNo,
  itemId: l.itemId,
  itemNumber: l.itemNumber,
  itemName: l.itemName,
  quantity: Number(l.quantity),
  requestedDate: l.requestedDate,
  unitPrice: l.unitPrice,
  discountPercent: Number(l.discountPercent),
  promisedDate: l.promisedDate,
  promise: l.promise,
  shippedQuantity: Number(l.shippedQuantity),
});

export class SalesOrderService {
  constructor(
    private readonly db: Db,
    private readonly planning: PlanningService,
  ) {}

  async list(query: { limit: number; offset: number; q?: string; status?: string; customerId?: string }) {
    const where = and(
      query.q
        ? or(
            ilike(salesOrders.number, likePattern(query.q)),
            ilike(customers.name, likePattern(query.q)),
            ilike(salesOrders.customerReference, likePattern(query.q)),
          )
        : undefined,
      query.status ? eq(salesOrders.status, query.status as SalesOrder['status']) : undefined,
      query.customerId ? eq(salesOrders.customerId, query.customerId) : undefined,
    );
    const totals = this.db
      .select({
        orderId: salesOrderLines.orderId,
        lineCount: sql<number>`count(*)::int`.as('line_count'),
        totalAmount:
          sql<string>`coalesce(sum(round(${salesOrderLines.quantity} * ${salesOrderLines.unitPrice} * (1 - ${salesOrderLines.discountPercent} / 100))), 0)`.as(
            'total_amount',
          ),
        promisedDate: sql<string | null>`max(${salesOrderLines.promisedDate})::text`.as('promised_date'),
        atRisk:
          sql<boolean>`bool_or((${salesOrderLines.promise}->>'p90At')::timestamptz > (coalesce(${salesOrderLines.promisedDate}, ${salesOrderLines.requestedDate}) + 1)::timestamptz)`.as(
            'at_risk',
          ),
      })
      .from(salesOrderLines)
      .groupBy(salesOrderLines.orderId)
      .as('totals');
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({
          order: salesOrders,
          customerName: customers.name,
          lineCount: totals.lineCount,
          totalAmount: totals.totalAmount,
          promisedDate: totals.promisedDate,
          atRisk: totals.atRisk,
        })
        .from(salesOrders)
        .innerJoin(customers, eq(customers.id, salesOrders.customerId))
        .leftJoin(totals, eq(totals.orderId, salesOrders.id))
        .where(where)
        .orderBy(desc(salesOrders.createdAt), desc(salesOrders.number))
        .limit(query.limit)
        .offset(query.offset),
      this.db
        .select({ total: count() })
        .from(salesOrders)
        .innerJoin(customers, eq(customers.id, salesOrders.customerId))
        .where(where),
    ]);
    return {
      items: rows.map(({ order, customerName, lineCount, totalAmount, promisedDate, atRisk }) => ({
        ...header(order, customerName),
        lineCount: lineCount ?? 0,
        totalAmount: Number(totalAmount ?? 0),
        promisedDate: promisedDate ?? null,
        atRisk: atRisk ?? false,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<SalesOrder> {
    const [row] = await db
      .select({ order: salesOrders, customerName: customers.name })
      .from(salesOrders)
      .innerJoin(customers, eq(customers.id, salesOrders.customerId))
      .where(eq(salesOrders.id, id));
    if (!row) throw new NotFoundError('sales order', id);
    const lines = await this.linesOf(db, [id]);
    return { ...header(row.order, row.customerName), lines: lines.map(toLine) };
  }

  async create(actor: Actor, input: SalesOrderInput): Promise<SalesOrder> {
    return this.db.transaction(async (tx) => {
      const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId));
      if (!customer) throw ruleViolation('customerId', 'exists', 'no customer with this id');
      if (!customer.active)
        throw ruleViolation('customerId', 'active', `customer ${customer.name} is inactive`);
      await this.checkLines(tx, input.lines);
      const number = await nextDocumentNumber(tx, 'SO');
      const [order] = await tx
        .insert(salesOrders)
        .values({
          number,
          customerId: customer.id,
          customerReference: input.customerReference ?? null,
          currency: customer.currency,
          deliveryAddress: customer.deliveryAddresses.find((a) => a.isDefault) ?? null,
        })
        .returning();
      await tx.insert(salesOrderLines).values(
        input.lines.map((l, x) => ({
          orderId: order.id,
          lineNo: (x + 1) * 10,
          itemId: l.itemId,
          quantity: String(l.quantity),
          requestedDate: l.requestedDate,
          unitPrice: l.unitPrice,
          discountPercent: String(l.discountPercent),
        })),
      );
      const created = await this.get(order.id, tx);
      await recordAudit(tx, actor, {
        entity: 'sales-order',
        entityId: order.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  /**
   * Confirms a draft order in one transaction: per line (in line order) plan the supply, write
   * it pegged to the line, reserve stock, keep the promise; then the order is confirmed. Any
   * failure rolls all of it back.
   */
  async confirm(actor: Actor, id: string, version: number): Promise<SalesOrder> {
    return this.db.transaction(async (tx) => {
      const [order] = await tx.select().from(salesOrders).where(eq(salesOrders.id, id)).for('update');
      if (!order) throw new NotFoundError('sales order', id);
      if (order.version !== version)
        throw new VersionConflictError('sales order', id, version, order.version);
      if (order.status !== 'draft')
        throw ruleViolation(
          'status',
          'draft',
          `order ${order.number} is ${order.status}; only a draft can be confirmed`,
        );
      const lines = await this.linesOf(tx, [id]);
      const open = await this.openDemands(tx, id);
      for (const line of lines) {
        const demand: DemandLine = {
          id: line.id,
          itemId: line.itemId,
          quantity: Number(line.quantity),
          due: dueOf(line.requestedDate),
          salesOrderLineId: line.id,
        };
        const plan = await this.planning.planDemand(demand, open, tx);
        const written = await this.planning.commit(tx, actor, plan);
        const top = plan.supply.jobs.find((j) => plan.supply.deliveringJobKeys.includes(j.key));
        const promisedDate = laterDate(plan.p90Date, line.requestedDate);
        await tx
          .update(salesOrderLines)
          .set({
            promise: plan.linePromise,
            promisedDate,
            frozenStructure: {
              bomId: top?.bomId ?? null,
              routingId: top?.routingId ?? null,
              jobIds: written.jobIds,
              requisitionIds: written.requisitionIds,
            },
          })
          .where(eq(salesOrderLines.id, line.id));
        open.push({ ...demand, due: dueOf(promisedDate) });
      }
      await tx
        .update(salesOrders)
        .set({ status: 'confirmed', confirmedAt: new Date(), version: sql`${salesOrders.version} + 1` })
        .where(eq(salesOrders.id, id));
      const confirmed = await this.get(id, tx);
      await recordAudit(tx, actor, {
        entity: 'sales-order',
        entityId: id,
        action: 'confirm',
        after: {
          status: confirmed.status,
          lines: confirmed.lines.map((l) => ({ lineNo: l.lineNo, promisedDate: l.promisedDate })),
        },
      });
      return confirmed;
    });
  }

  /** A delivery promise for an item and quantity against the current plan, without writing anything. */
  async promise(input: { itemId: string; quantity: number; requestedDate: string }) {
    const open = await this.openDemands(this.db);
    const plan = await this.planning.planDemand(
      {
        id: 'quote',
        itemId: input.itemId,
        quantity: input.quantity,
        due: dueOf(input.requestedDate),
        salesOrderLineId: null,
      },
      open,
    );
    return {
      promisedDate: laterDate(plan.p90Date, input.requestedDate),
      promise: plan.linePromise,
      jobs: plan.supply.jobs.length,
      requisitions: plan.supply.requisitions.length,
    };
  }

  /** Open demand: the unshipped rest of confirmed orders' lines, due at their promised date. */
  async openDemands(db: Db | Tx, exceptOrderId?: string): Promise<DemandLine[]> {
    const rows = await db
      .select({
        id: salesOrderLines.id,
        itemId: salesOrderLines.itemId,
        quantity: salesOrderLines.quantity,
        shipped: salesOrderLines.shippedQuantity,
        requestedDate: salesOrderLines.requestedDate,
        promisedDate: salesOrderLines.promisedDate,
      })
      .from(salesOrderLines)
      .innerJoin(salesOrders, eq(salesOrders.id, salesOrderLines.orderId))
      .where(
        and(
          inArray(salesOrders.status, [...OPEN_STATUSES]),
          lt(salesOrderLines.shippedQuantity, salesOrderLines.quantity),
          exceptOrderId ? ne(salesOrders.id, exceptOrderId) : undefined,
        ),
      );
    return rows.map((r) => ({
      id: r.id,
      itemId: r.itemId,
      quantity: Number(r.quantity) - Number(r.shipped),
      due: dueOf(r.promisedDate ?? r.requestedDate),
      salesOrderLineId: r.id,
    }));
  }

  private async linesOf(db: Db | Tx, orderIds: string[]): Promise<LineRow[]> {
    const rows = await db
      .select({ line: salesOrderLines, itemNumber: items.number, itemName: items.name })
      .from(salesOrderLines)
      .innerJoin(items, eq(items.id, salesOrderLines.itemId))
      .where(inArray(salesOrderLines.orderId, orderIds))
      .orderBy(asc(salesOrderLines.lineNo));
    return rows.map((r) => ({ ...r.line, itemNumber: r.itemNumber, itemName: r.itemName }));
  }

  private async checkLines(tx: Tx, lines: SalesOrderInput['lines']): Promise<void> {
    const ids = [...new Set(lines.map((l) => l.itemId))];
    const found = await tx
      .select({ id: items.id, number: items.number, kind: items.kind, active: items.active })
      .from(items)
      .where(inArray(items.id, ids));
    const byId = new Map(found.map((i) => [i.id, i]));
    const today = new Date().toISOString().slice(0, 10);
    const issues = lines.flatMap((l, x) => {
      const item = byId.get(l.itemId);
      if (!item) return [{ field: `lines.${x}.itemId`, rule: 'exists', message: 'no item with this id' }];
      if (!item.active)
        return [{ field: `lines.${x}.itemId`, rule: 'active', message: `item ${item.number} is inactive` }];
      if (item.kind === 'phantom')
        return [
          {
            field: `lines.${x}.itemId`,
            rule: 'sellable',
            message: `item ${item.number} is a phantom and cannot be sold`,
          },
        ];
      if (l.requestedDate < today)
        return [
          {
            field: `lines.${x}.requestedDate`,
            rule: 'not-past',
            message: `${l.requestedDate} is in the past`,
          },
        ];
      return [];
    });
    if (issues.length > 0) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);
  }
}

function header(order: typeof salesOrders.$inferSelect, customerName: string) {
  return {
    id: order.id,
    number: order.number,
    customerId: order.customerId,
    customerName,
    customerReference: order.customerReference,
    status: order.status,
    currency: order.currency,
    createdAt: order.createdAt.toISOString(),
    confirmedAt: order.confirmedAt ? order.confirmedAt.toISOString() : null,
    version: order.version,
  };
}
