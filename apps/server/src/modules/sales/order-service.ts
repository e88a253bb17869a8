/**
 * Sales orders: the only writer of sales_orders and sales_order_lines. Confirming an order is
 * the order-to-delivery step, in one transaction: per line, planning computes what it needs and
 * when it can be delivered (MRP + capable-to-promise + Monte Carlo), writes the pegged jobs,
 * requisitions and stock reservations, and the line keeps its promise.
 */
import type { SalesOrder, SalesOrderInput } from '@takt/contracts';
import { localToUtc } from '@takt/engine';
import { and, asc, count, desc, eq, ilike, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { type Actor, recordAudit, recordAuditMany } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { nextDocumentNumber } from '../../platform/document-numbers';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { localDateIn, plantTimeZone } from '../catalog/plant-structure';
import { items } from '../catalog/tables/items';
import { type ForecastPeriod, readForecastDemands } from '../planning/forecast-demands';
import type { DemandLine, PlanningService, PromisedWork } from '../planning/planning-service';
import { type Configuration, evaluateConfigurations, type FrozenConfiguration } from './configured-line';
import { netAmount, sumNetAmountSql } from './line-amount';
import { asSingleLine, checkSellableLines } from './line-checks';
import { type CostEstimate, customers, type LinePromise, salesOrderLines, salesOrders } from './tables';

/** A requested date as the due instant: the end of that day in the plant's time zone. */
export const dueOf = (date: string, timeZone: string) =>
  new Date(localToUtc(timeZone, Date.parse(`${date}T23:59:00Z`)));

/** The later of two ISO dates (the promise never comes before what the customer asked for). */
export const laterDate = (a: string, b: string) => (a > b ? a : b);

/** Orders whose lines still need supply. */
const OPEN_STATUSES = ['confirmed', 'in-production', 'ready'] as const;

/** An order line as other modules name it: its order's number and customer. */
export interface OrderLineReference {
  lineId: string;
  lineNo: number;
  orderId: string;
  orderNumber: string;
  customerName: string;
  promisedDate: string | null;
}

export type LineRow = typeof salesOrderLines.$inferSelect & { itemNumber: string; itemName: string };

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
  configuration: (l.configuration as Configuration | null) ?? null,
  shippedQuantity: Number(l.shippedQuantity),
  netAmount: netAmount(Number(l.quantity), l.unitPrice, Number(l.discountPercent)),
  costEstimate: l.costEstimate,
});

export class SalesOrderService {
  constructor(
    private readonly db: Db,
    private readonly planning: PlanningService,
  ) {}

  async list(query: {
    limit: number;
    offset: number;
    q?: string;
    status?: string;
    customerId?: string;
    /** leave out drafts (what a customer sees) */
    placedOnly?: boolean;
  }) {
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
      query.placedOnly ? ne(salesOrders.status, 'draft') : undefined,
    );
    const totals = this.db
      .select({
        orderId: salesOrderLines.orderId,
        lineCount: sql<number>`count(*)::int`.as('line_count'),
        totalAmount: sumNetAmountSql(salesOrderLines).as('total_amount'),
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
    const [order] = await this.getMany([id], db);
    if (!order) throw new NotFoundError('sales order', id);
    return order;
  }

  /** Orders with their lines, in the order of `ids` (unknown ids left out): two queries. */
  async getMany(ids: string[], db: Db | Tx = this.db): Promise<SalesOrder[]> {
    if (ids.length === 0) return [];
    const [rows, lines] = await Promise.all([
      db
        .select({ order: salesOrders, customerName: customers.name })
        .from(salesOrders)
        .innerJoin(customers, eq(customers.id, salesOrders.customerId))
        .where(inArray(salesOrders.id, ids)),
      this.linesOf(db, ids),
    ]);
    const byId = new Map(rows.map((r) => [r.order.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          ...header(row.order, row.customerName),
          lines: lines.filter((l) => l.orderId === id).map(toLine),
        },
      ];
    });
  }

  /** A draft order; from a quote it keeps the quote's id and the preliminary cost of its lines. */
  async create(
    actor: Actor,
    input: SalesOrderInput,
    from: { quoteId: string; costEstimates: (CostEstimate | null)[] } | null = null,
  ): Promise<SalesOrder> {
    return this.db.transaction(async (tx) => {
      const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId));
      if (!customer) throw ruleViolation('customerId', 'exists', 'no customer with this id');
      if (!customer.active)
        throw ruleViolation('customerId', 'active', `customer ${customer.name} is inactive`);
      await checkSellableLines(tx, input.lines);
      await evaluateConfigurations(tx, input.lines);
      const number = await nextDocumentNumber(tx, 'SO');
      const [order] = await tx
        .insert(salesOrders)
        .values({
          number,
          customerId: customer.id,
          customerReference: input.customerReference ?? null,
          currency: customer.currency,
          deliveryAddress: customer.deliveryAddresses.find((a) => a.isDefault) ?? null,
          quoteId: from?.quoteId ?? null,
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
          configuration: l.configuration ?? null,
          costEstimate: from?.costEstimates[x] ?? null,
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
        const { demand } = await this.planLine(tx, actor, line, open);
        open.push(demand);
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

  /**
   * Plans one line into the current plan, in the caller's transaction: MRP with pegging, the
   * jobs scheduled around the existing plan, requisitions, reservations; the line keeps its
   * promise (never before the requested date). Returns the line as demand at its promised date.
   */
  async planLine(tx: Tx, actor: Actor, line: LineRow, open: DemandLine[]) {
    const quantity = Number(line.quantity) - Number(line.shippedQuantity);
    // a configured line is built to the structure its options give today, frozen from now on
    const configured = line.configuration
      ? (
          await evaluateConfigurations(tx, [
            { itemId: line.itemId, quantity, configuration: line.configuration as Configuration },
          ])
        ).get(0)?.frozen
      : undefined;
    const timeZone = await plantTimeZone(tx);
    const demand: DemandLine = {
      id: line.id,
      itemId: line.itemId,
      quantity,
      due: dueOf(line.requestedDate, timeZone),
      salesOrderLineId: line.id,
      ...(configured ? { configured: configured.structure } : {}),
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
        // the preliminary cost quoted stays; an order entered directly is costed now
        costEstimate: line.costEstimate ?? plan.cost,
        frozenStructure: {
          configuration: configured ?? null,
          bomId: top?.bomId ?? null,
          routingId: top?.routingId ?? null,
          jobIds: written.jobIds,
          requisitionIds: written.requisitionIds,
        },
      })
      .where(eq(salesOrderLines.id, line.id));
    return { demand: { ...demand, due: dueOf(promisedDate, timeZone) }, promisedDate, written };
  }

  /**
   * A delivery promise and preliminary cost for an item and quantity against the current plan,
   * without writing anything. `alongside` are demands not yet in the plan that come first (the
   * earlier lines of the same quote), `ahead` the work promised for them: the promise takes
   * their material and their capacity; `work` is this line's, for the lines after it.
   */
  async promise(
    input: { itemId: string; quantity: number; requestedDate: string; configuration?: Configuration | null },
    options: { db?: Db | Tx; id?: string; alongside?: DemandLine[]; ahead?: PromisedWork[] } = {},
  ) {
    const db = options.db ?? this.db;
    const timeZone = await plantTimeZone(db);
    // what is being promised would consume a forecast as the order will (and so would earlier lines)
    const promised = [
      ...(options.alongside ?? []).map((d) => ({
        itemId: d.itemId,
        quantity: d.quantity,
        requestedDate: localDateIn(timeZone, d.due),
      })),
      { itemId: input.itemId, quantity: input.quantity, requestedDate: input.requestedDate },
    ];
    const open = [...(await this.openDemands(db, undefined, promised)), ...(options.alongside ?? [])];
    const configured = await asSingleLine(async () => {
      await checkSellableLines(db, [input]);
      return input.configuration ? (await evaluateConfigurations(db, [input])).get(0)?.frozen : undefined;
    });
    const demand: DemandLine = {
      id: options.id ?? 'quote',
      itemId: input.itemId,
      quantity: input.quantity,
      due: dueOf(input.requestedDate, timeZone),
      salesOrderLineId: null,
      ...(configured ? { configured: configured.structure } : {}),
    };
    const plan = await this.planning.planDemand(demand, open, db, options.ahead);
    const work: PromisedWork | null = plan.promise
      ? { tag: demand.id, request: plan.supply.request, promise: plan.promise }
      : null;
    return {
      work,
      demand: { ...demand, due: dueOf(laterDate(plan.p90Date, input.requestedDate), timeZone) },
      promisedDate: laterDate(plan.p90Date, input.requestedDate),
      promise: plan.linePromise,
      costEstimate: plan.cost,
      jobs: plan.supply.jobs.length,
      requisitions: plan.supply.requisitions.length,
    };
  }

  /**
   * Open demand: the unshipped rest of confirmed orders' lines, due at their promised date, and
   * what the forecasts still ask for after the orders consumed them (`forecast-demands.ts`).
   * `exceptOrderId` is an order being (re-)planned: its lines are left out, but they consume the
   * forecasts as they will once it is confirmed, as do `promised` lines (a quote's).
   */
  async openDemands(
    db: Db | Tx,
    exceptOrderId?: string,
    promised: { itemId: string; quantity: number; requestedDate: string }[] = [],
  ): Promise<DemandLine[]> {
    const rows = await db
      .select({
        id: salesOrderLines.id,
        itemId: salesOrderLines.itemId,
        quantity: salesOrderLines.quantity,
        shipped: salesOrderLines.shippedQuantity,
        requestedDate: salesOrderLines.requestedDate,
        promisedDate: salesOrderLines.promisedDate,
        frozen: salesOrderLines.frozenStructure,
      })
      .from(salesOrderLines)
      .innerJoin(salesOrders, eq(salesOrders.id, salesOrderLines.orderId))
      .where(
        and(
          inArray(salesOrders.status, [...OPEN_STATUSES]),
          lt(salesOrderLines.shippedQuantity, salesOrderLines.quantity),
          exceptOrderId ? ne(salesOrders.id, exceptOrderId) : undefined,
        ),
      )
      .orderBy(asc(salesOrders.number), asc(salesOrderLines.lineNo));
    const [timeZone, forecasts] = await Promise.all([
      plantTimeZone(db),
      readForecastDemands(db, (periods) => this.orderedInPeriods(periods, { exceptOrderId, promised }, db)),
    ]);
    const lines = rows.map((r): DemandLine => {
      const configured = (r.frozen as { configuration?: FrozenConfiguration | null } | null)?.configuration;
      return {
        id: r.id,
        itemId: r.itemId,
        quantity: Number(r.quantity) - Number(r.shipped),
        due: dueOf(r.promisedDate ?? r.requestedDate, timeZone),
        salesOrderLineId: r.id,
        // a configured line keeps needing what it was frozen to
        ...(configured ? { configured: configured.structure } : {}),
      };
    });
    return [...lines, ...forecasts];
  }

  /**
   * How much of each forecast's item was ordered for its period: lines of orders past draft and
   * not cancelled (shipped too) whose requested date is in the period, with the lines of
   * `exceptOrderId` (an order being confirmed) and `promised` lines on top. One query.
   */
  async orderedInPeriods(
    periods: ForecastPeriod[],
    extra: {
      exceptOrderId?: string;
      promised?: { itemId: string; quantity: number; requestedDate: string }[];
    } = {},
    db: Db | Tx = this.db,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (periods.length === 0) return out;
    const rows = await queryRows<{ id: string; ordered: string }>(
      db,
      sql`
      select f.id, coalesce(sum(x.quantity), 0) as ordered
      from jsonb_to_recordset(${JSON.stringify(periods)}::jsonb)
        as f(id text, "itemId" uuid, "periodStart" date, "periodEnd" date)
      left join lateral (
        select l.quantity from sales_order_lines l join sales_orders o on o.id = l.order_id
        where l.item_id = f."itemId" and l.requested_date between f."periodStart" and f."periodEnd"
          and (o.status not in ('draft', 'cancelled')
               ${extra.exceptOrderId ? sql`or o.id = ${extra.exceptOrderId}::uuid` : sql``})
      ) x on true
      group by f.id`,
    );
    for (const r of rows) out.set(r.id, Number(r.ordered));
    for (const p of extra.promised ?? [])
      for (const f of periods)
        if (f.itemId === p.itemId && p.requestedDate >= f.periodStart && p.requestedDate <= f.periodEnd)
          out.set(f.id, (out.get(f.id) ?? 0) + p.quantity);
    return out;
  }

  /**
   * The promises of open (confirmed, not shipped) lines among these: what the customer was
   * promised and what the plan last predicted. One query.
   */
  async openLinePromises(lineIds: string[], db: Db | Tx = this.db) {
    if (lineIds.length === 0) return [];
    return db
      .select({
        lineId: salesOrderLines.id,
        lineNo: salesOrderLines.lineNo,
        orderId: salesOrders.id,
        orderNumber: salesOrders.number,
        promisedDate: salesOrderLines.promisedDate,
        promise: salesOrderLines.promise,
      })
      .from(salesOrderLines)
      .innerJoin(salesOrders, eq(salesOrders.id, salesOrderLines.orderId))
      .where(
        and(
          inArray(salesOrderLines.id, [...new Set(lineIds)]),
          inArray(salesOrders.status, [...OPEN_STATUSES]),
        ),
      );
  }

  /**
   * Re-promises lines from a new plan (shop-floor progress, a re-plan): the predicted completion
   * and its confidence change; the date promised to the customer does not. One statement.
   */
  async updateLinePromises(tx: Tx, actor: Actor, promises: { lineId: string; promise: LinePromise }[]) {
    if (promises.length === 0) return;
    await tx.execute(sql`update sales_order_lines l set promise = c.promise
      from jsonb_to_recordset(${JSON.stringify(promises.map((p) => ({ id: p.lineId, promise: p.promise })))}::jsonb)
        as c(id uuid, promise jsonb)
      where l.id = c.id`);
    await recordAuditMany(
      tx,
      actor,
      promises.map((p) => ({
        entity: 'sales-order-line',
        entityId: p.lineId,
        action: 're-promise',
        after: p.promise,
      })),
    );
  }

  /**
   * Adds a price to a confirmed line (a priced customer change: an engineering change the
   * customer asked for), spread over its quantity, in the caller's transaction, audited.
   */
  async addToLinePrice(tx: Tx, actor: Actor, lineId: string, amount: number, reason: string) {
    const [before] = await tx
      .select({ unitPrice: salesOrderLines.unitPrice, quantity: salesOrderLines.quantity })
      .from(salesOrderLines)
      .where(eq(salesOrderLines.id, lineId))
      .for('update');
    if (!before) throw new NotFoundError('sales order line', lineId);
    const unitPrice = before.unitPrice + Math.round(amount / Math.max(1e-9, Number(before.quantity)));
    if (unitPrice < 0) throw ruleViolation('priceDelta', 'min', 'the line price cannot go below zero');
    await tx.update(salesOrderLines).set({ unitPrice }).where(eq(salesOrderLines.id, lineId));
    await recordAudit(tx, actor, {
      entity: 'sales-order-line',
      entityId: lineId,
      action: 'change-price',
      before: { unitPrice: before.unitPrice },
      after: { unitPrice, reason },
    });
    return { before: before.unitPrice, after: unitPrice };
  }

  /**
   * Which order and customer each of these lines belongs to (the planning board labels pegged
   * work with them): one query, unknown ids left out.
   */
  async lineReferences(lineIds: string[], db: Db | Tx = this.db): Promise<Map<string, OrderLineReference>> {
    if (lineIds.length === 0) return new Map();
    const rows = await db
      .select({
        lineId: salesOrderLines.id,
        lineNo: salesOrderLines.lineNo,
        orderId: salesOrders.id,
        orderNumber: salesOrders.number,
        customerName: customers.name,
        promisedDate: salesOrderLines.promisedDate,
      })
      .from(salesOrderLines)
      .innerJoin(salesOrders, eq(salesOrders.id, salesOrderLines.orderId))
      .innerJoin(customers, eq(customers.id, salesOrders.customerId))
      .where(inArray(salesOrderLines.id, [...new Set(lineIds)]));
    return new Map(rows.map((r) => [r.lineId, r]));
  }

  /** The lines of orders with their item's number and name, in line order. */
  async linesOf(db: Db | Tx, orderIds: string[]): Promise<LineRow[]> {
    const rows = await db
      .select({ line: salesOrderLines, itemNumber: items.number, itemName: items.name })
      .from(salesOrderLines)
      .innerJoin(items, eq(items.id, salesOrderLines.itemId))
      .where(inArray(salesOrderLines.orderId, orderIds))
      .orderBy(asc(salesOrderLines.lineNo));
    return rows.map((r) => ({ ...r.line, itemNumber: r.itemNumber, itemName: r.itemName }));
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
