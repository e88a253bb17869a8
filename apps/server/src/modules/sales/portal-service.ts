/**
 * The customer portal: what a customer may see of its own company, and nothing else: placed
 * orders with their promised dates, the chance of meeting them, progress by stage, the options
 * of configured lines in words and the delivery notes; its own quote requests and the quotes
 * sent to it. No costs, margins or internal plan details. An order, quote or delivery note of
 * another company answers 404 (its existence is not disclosed). The one thing a customer
 * writes is a quote request: it becomes a quote `requested` for sales, promised at once.
 */
import type {
  ConfiguratorModelBody,
  OptionValue,
  PortalPromisePreview,
  PortalQuoteRequest,
  Quote,
} from '@takt/contracts';
import { inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Db } from '../../platform/db/database';
import { NotFoundError, ruleViolation } from '../../platform/errors';
import type { Principal } from '../identity/service';
import type { PlanningService } from '../planning/planning-service';
import type { ProductionService } from '../production/service';
import type { PurchaseOrderService } from '../purchasing/purchase-order-service';
import { configurationInWords } from './configurator/configuration-in-words';
import { asSingleLine, checkSellableLines } from './line-checks';
import { lineProgress } from './order-progress';
import type { SalesOrderService } from './order-service';
import { checkOfferedItems, portalItems } from './portal-catalog';
import { type QuoteService, VISIBLE_TO_CUSTOMER } from './quote-service';
import type { ShipmentService } from './shipments';
import { configuratorModels } from './tables';

export class PortalService {
  constructor(
    private readonly deps: {
      db: Db;
      orders: SalesOrderService;
      shipments: ShipmentService;
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
    const page = await this.deps.quotes.list({ ...query, customerId, visibleToCustomer: true });
    const full = await this.deps.quotes.getMany(page.items.map((q) => q.id));
    const words = await this.wordsFor(full.flatMap((q) => q.lines));
    return { ...page, items: full.map((q) => visibleQuote(q, words)) };
  }

  /** One quote sent to the customer, with what the customer needs for its PDF. */
  async quote(customerId: string, id: string) {
    const [quote] = await this.deps.quotes.getMany([id]);
    if (!quote || quote.customerId !== customerId || !OFFERED.has(quote.status))
      throw new NotFoundError('quote', id);
    return quote;
  }

  /** The products the customer may ask a quote for. */
  async items(customerId: string, query: { limit: number; offset: number; q?: string }) {
    return portalItems(this.deps.db, customerId, query);
  }

  /**
   * The customer asks for a quote: a quote `requested` for its company, promised against the
   * plan at once (the customer sees P50/P90 as indicative), for items the portal offers only.
   */
  async requestQuote(actor: Actor, customerId: string, input: PortalQuoteRequest) {
    const quote = await this.deps.quotes.request(actor, customerId, input, (tx) =>
      checkOfferedItems(
        tx,
        customerId,
        input.lines.map((l) => l.itemId),
      ),
    );
    return visibleQuote(quote, await this.wordsFor(quote.lines));
  }

  /**
   * The delivery the plan can promise a request being filled in, computed as a quote line's is
   * (`SalesOrderService.promise`) and written nowhere; for items the portal offers only, and
   * without what the date hangs on or what it costs us.
   */
  async previewPromise(customerId: string, input: PortalPromisePreview) {
    await asSingleLine(async () => {
      await checkSellableLines(this.deps.db, [input]);
      await checkOfferedItems(this.deps.db, customerId, [input.itemId]);
    });
    const { promisedDate, promise } = await this.deps.orders.promise(input);
    return { promisedDate, promise: { p50At: promise.p50At, p90At: promise.p90At } };
  }

  /** The delivery notes of one of the customer's placed orders, oldest first. */
  async deliveryNotes(customerId: string, orderId: string) {
    await this.placedOrder(customerId, orderId);
    return this.deps.shipments.deliveryNotes(orderId);
  }

  /** One delivery note of one of the customer's placed orders. */
  async deliveryNote(customerId: string, orderId: string, number: string) {
    const note = (await this.deliveryNotes(customerId, orderId)).find((n) => n.number === number);
    if (!note) throw new NotFoundError('delivery note', number);
    return note;
  }

  /**
   * The configurations of lines in words, by the current models of their items (one query for
   * all); keyed by the line object. Standard lines get an empty list.
   */
  private async wordsFor(
    lines: { itemId: string; configuration: Record<string, OptionValue> | null }[],
  ): Promise<Map<object, { option: string; value: string }[]>> {
    const configured = lines.filter((l) => l.configuration);
    const itemIds = [...new Set(configured.map((l) => l.itemId))];
    const models =
      itemIds.length === 0
        ? []
        : await this.deps.db
            .select({ itemId: configuratorModels.itemId, model: configuratorModels.model })
            .from(configuratorModels)
            .where(inArray(configuratorModels.itemId, itemIds));
    const byItem = new Map<string, ConfiguratorModelBody>(models.map((m) => [m.itemId, m.model]));
    return new Map(
      configured.map((l) => [l, configurationInWords(byItem.get(l.itemId), l.configuration ?? {})]),
    );
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
    const [purchaseLines, jobs, words] = await Promise.all([
      this.deps.purchaseOrders.lineTerms(ids('purchase-order-line')),
      this.deps.production.progressOfJobs(ids('job')),
      this.wordsFor(found.flatMap((o) => o.lines)),
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
        configuration: words.get(l) ?? [],
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

/** Quote states the customer was offered (a PDF to download); a request is not one yet. */
const OFFERED = new Set<string>(VISIBLE_TO_CUSTOMER.filter((s) => s !== 'requested'));

/**
 * A quote as the customer sees it: prices and dates, no cost, margin or what the date hangs on.
 * A request still with sales shows no price (sales sets it in the quote it sends) and its
 * promise as P50/P90, indicative until the quote is sent.
 */
function visibleQuote(q: Quote, words: Map<object, { option: string; value: string }[]>) {
  const priced = q.status !== 'requested';
  return {
    id: q.id,
    number: q.number,
    revision: q.revision,
    status: q.status,
    requestedViaPortal: q.requestedViaPortal,
    customerReference: q.customerReference,
    createdAt: q.createdAt,
    validUntil: q.validUntil,
    currency: q.currency,
    totalAmount: priced ? q.totalAmount : null,
    lines: q.lines.map((l) => ({
      lineNo: l.lineNo,
      itemNumber: l.itemNumber,
      itemName: l.itemName,
      quantity: l.quantity,
      configuration: words.get(l) ?? [],
      requestedDate: l.requestedDate,
      unitPrice: priced ? l.unitPrice : null,
      discountPercent: l.discountPercent,
      netAmount: priced ? l.netAmount : null,
      promisedDate: l.promisedDate,
      promise: l.promise ? { p50At: l.promise.p50At, p90At: l.promise.p90At } : null,
    })),
  };
}
