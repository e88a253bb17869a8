/**
 * The customer portal: what a customer may see of its own company, and nothing else: placed
 * orders with their promised dates, the chance of meeting them and progress by stage, and the
 * quotes sent to it. No costs, margins or internal plan details. An order or quote of another
 * company answers 404 (its existence is not disclosed). Reads only.
 */
import type { Quote } from '@takt/contracts';
import { NotFoundError, ruleViolation } from '../../platform/errors';
import type { Principal } from '../identity/service';
import type { PlanningService } from '../planning/planning-service';
import type { ProductionService } from '../production/service';
import type { PurchaseOrderService } from '../purchasing/purchase-order-service';
import { lineProgress } from './order-progress';
import type { SalesOrderService } from './order-service';
import type { QuoteService } from './quote-service';

export class PortalService {
  constructor(
    private readonly deps: {
      orders: SalesOrderService;
      quotes: QuoteService;
      planning: PlanningService;
      production: ProductionService;
      purchaseOrders: PurchaseOrderService;
    },
  ) {}

  /** Whose portal: a customer user's own company; staff name the customer they look at. */
  customerOf(principal: Principal, requested: string | undefined): string {
    if (principal.roles.includes('customer')) {
      if (!principal.customerId)
        throw ruleViolation('customerId', 'linked', 'this customer user is not linked to a customer company');
      return principal.customerId;
    }
    if (!requested)
      throw ruleViolation('customerId', 'required', 'name the customer whose portal to show (?customerId=)');
    return requested;
  }

  async orders(customerId: string, query: { limit: number; offset: number; q?: string }) {
    const page = await this.deps.orders.list({ ...query, customerId, placedOnly: true });
    return { ...page, items: await this.withLines(page.items.map((o) => o.id)) };
  }

  async order(customerId: string, id: string) {
    const [order] = await this.withLines([id]);
    if (!order || order.customerId !== customerId || order.status === 'draft')
      throw new NotFoundError('order', id);
    const { customerId: _own, ...visible } = order;
    return visible;
  }

  async quotes(customerId: string, query: { limit: number; offset: number; q?: string }) {
    const page = await this.deps.quotes.list({ ...query, customerId, offeredOnly: true });
    const full = await this.deps.quotes.getMany(page.items.map((q) => q.id));
    return { ...page, items: full.map(visibleQuote) };
  }

  /** One quote sent to the customer, with what the customer needs for its PDF. */
  async quote(customerId: string, id: string) {
    const [quote] = await this.deps.quotes.getMany([id]);
    if (!quote || quote.customerId !== customerId || !OFFERED.has(quote.status))
      throw new NotFoundError('quote', id);
    return quote;
  }

  /** One placed order of the customer, whole (for its confirmation PDF). */
  async placedOrder(customerId: string, id: string) {
    const [order] = await this.deps.orders.getMany([id]);
    if (!order || order.customerId !== customerId || order.status === 'draft')
      throw new NotFoundError('order', id);
    return order;
  }

  /** Orders with their lines' progress: a fixed number of queries for any number of orders. */
  private async withLines(orderIds: string[]) {
    if (orderIds.length === 0) return [];
    const found = await this.deps.orders.getMany(orderIds);
    const lineIds = found.flatMap((o) => o.lines.map((l) => l.id));
    const pegs = await this.deps.planning.pegsOfLines(lineIds);
    const ids = (kind: string) => [
      ...new Set(pegs.filter((p) => p.supplyKind === kind && p.supplyId).map((p) => p.supplyId as string)),
    ];
    const [purchaseLines, jobs] = await Promise.all([
      this.deps.purchaseOrders.lineTerms(ids('purchase-order-line')),
      this.deps.production.progressOfJobs(ids('job')),
    ]);
    return found.map((order) => ({
      id: order.id,
      customerId: order.customerId,
      number: order.number,
      customerReference: order.customerReference,
      status: order.status,
      confirmedAt: order.confirmedAt,
      currency: order.currency,
      promisedDate: order.lines.reduce<string | null>(
        (latest, l) => (l.promisedDate && (!latest || l.promisedDate > latest) ? l.promisedDate : latest),
        null,
      ),
      totalAmount: order.lines.reduce((sum, l) => sum + l.netAmount, 0),
      lines: order.lines.map((l) => ({
        lineNo: l.lineNo,
        itemNumber: l.itemNumber,
        itemName: l.itemName,
        quantity: l.quantity,
        shippedQuantity: l.shippedQuantity,
        promisedDate: l.promisedDate,
        confidence: confidenceOf(l),
        progress: lineProgress(
          l,
          pegs
            .filter((p) => p.salesOrderLineId === l.id)
            .map((p) => ({ supplyKind: p.supplyKind, supplyId: p.supplyId, quantity: Number(p.quantity) })),
          { purchaseLines, jobs },
        ),
      })),
    }));
  }
}

/**
 * The chance the promised date is met. A date promised at the plan's P90 is met in 90 % of the
 * simulated futures; a date the customer asked for that is later than the P90 has at least that,
 * its own on-time probability.
 */
function confidenceOf(line: {
  promisedDate: string | null;
  requestedDate: string;
  promise: { onTimeProbability: number | null } | null;
}): number | null {
  if (!line.promise || !line.promisedDate) return null;
  if (line.promisedDate > line.requestedDate) return 0.9;
  return Math.max(0.9, line.promise.onTimeProbability ?? 0.9);
}

/** Quote states a customer has seen. */
const OFFERED = new Set(['sent', 'accepted', 'rejected', 'expired']);

/** A quote as the customer sees it: prices and dates, no cost or margin. */
function visibleQuote(q: Quote) {
  return {
    id: q.id,
    number: q.number,
    revision: q.revision,
    status: q.status,
    validUntil: q.validUntil,
    currency: q.currency,
    totalAmount: q.totalAmount,
    lines: q.lines.map((l) => ({
      lineNo: l.lineNo,
      itemNumber: l.itemNumber,
      itemName: l.itemName,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      netAmount: l.netAmount,
      promisedDate: l.promisedDate,
    })),
  };
}
