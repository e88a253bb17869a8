/**
 * Quotes: the only writer of quotes and quote_lines. A quote offers each line at a price with a
 * promise computed against the current plan (capable-to-promise with P50/P90, the binding work
 * center or material named) and a preliminary cost, so the margin is known before the offer
 * goes out. Revising copies the quote into the next revision (the old one is superseded);
 * accepting turns it into a draft sales order, in one transaction. A customer's request from the
 * portal is a quote in status `requested`, promised the same way; it stays a request through
 * revisions until sales sends it (or declines it).
 */
import type { PortalQuoteRequest, Quote, QuoteInput } from '@takt/contracts';
import { and, asc, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { nextDocumentNumber } from '../../platform/document-numbers';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { localDateIn, plantTimeZone, plantToday } from '../catalog/plant-structure';
import { items } from '../catalog/tables/items';
import { marginPercent } from '../costing/cost-stages';
import { recordIntegrationEvents } from '../integration/outbox';
import type { DemandLine, PromisedWork } from '../planning/planning-service';
import { type Configuration, evaluateConfigurations } from './configured-line';
import { lastPricesFor } from './customer-last-prices';
import { netAmount, sumNetAmountSql } from './line-amount';
import { checkSellableLines } from './line-checks';
import type { SalesOrderService } from './order-service';
import { customers, quoteLines, quotes } from './tables';

const DAY_MS = 86_400_000;
/** What a customer sees of its quotes: its own requests and what was sent to it. */
export const VISIBLE_TO_CUSTOMER = ['requested', 'sent', 'accepted', 'rejected', 'expired'] as const;
/** A quote is valid this long unless it says otherwise. */
export const DEFAULT_VALIDITY_DAYS = 30;

type QuoteRow = typeof quotes.$inferSelect;
type LineRow = typeof quoteLines.$inferSelect & { itemNumber: string; itemName: string };
type QuoteLineInput = QuoteInput['lines'][number];

export class QuoteService {
  constructor(
    private readonly db: Db,
    /** the sales order service on a given connection (accepting a quote writes an order in its transaction) */
    private readonly orders: (db: Db | Tx) => SalesOrderService,
  ) {}

  async list(query: {
    limit: number;
    offset: number;
    q?: string;
    status?: Quote['status'];
    customerId?: string;
    /** only what the customer asked for or was sent (no drafts, no superseded revisions) */
    visibleToCustomer?: boolean;
  }) {
    const where = and(
      query.q
        ? or(
            ilike(quotes.number, likePattern(query.q)),
            ilike(customers.name, likePattern(query.q)),
            ilike(quotes.customerReference, likePattern(query.q)),
          )
        : undefined,
      query.status ? eq(quotes.status, query.status) : undefined,
      query.customerId ? eq(quotes.customerId, query.customerId) : undefined,
      query.visibleToCustomer ? inArray(quotes.status, [...VISIBLE_TO_CUSTOMER]) : undefined,
    );
    const totals = this.db
      .select({
        quoteId: quoteLines.quoteId,
        lineCount: sql<number>`count(*)::int`.as('line_count'),
        totalAmount: sumNetAmountSql(quoteLines).as('total_amount'),
        promisedDate: sql<string | null>`max(${quoteLines.promisedDate})::text`.as('promised_date'),
      })
      .from(quoteLines)
      .groupBy(quoteLines.quoteId)
      .as('totals');
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({
          quote: quotes,
          customerName: customers.name,
          lineCount: totals.lineCount,
          totalAmount: totals.totalAmount,
          promisedDate: totals.promisedDate,
        })
        .from(quotes)
        .innerJoin(customers, eq(customers.id, quotes.customerId))
        .leftJoin(totals, eq(totals.quoteId, quotes.id))
        .where(where)
        .orderBy(desc(quotes.createdAt), desc(quotes.number), desc(quotes.revision))
        .limit(query.limit)
        .offset(query.offset),
      this.db
        .select({ total: count() })
        .from(quotes)
        .innerJoin(customers, eq(customers.id, quotes.customerId))
        .where(where),
    ]);
    return {
      items: rows.map((r) => ({
        ...header(r.quote, r.customerName, Number(r.totalAmount ?? 0)),
        lineCount: r.lineCount ?? 0,
        promisedDate: r.promisedDate ?? null,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<Quote> {
    const [quote] = await this.getMany([id], db);
    if (!quote) throw new NotFoundError('quote', id);
    return quote;
  }

  /** Quotes with their lines, in the order of `ids` (unknown ids left out): two queries. */
  async getMany(ids: string[], db: Db | Tx = this.db): Promise<Quote[]> {
    if (ids.length === 0) return [];
    const [rows, allLines] = await Promise.all([
      db
        .select({ quote: quotes, customerName: customers.name })
        .from(quotes)
        .innerJoin(customers, eq(customers.id, quotes.customerId))
        .where(inArray(quotes.id, ids)),
      this.linesOf(db, ids),
    ]);
    const byId = new Map(rows.map((r) => [r.quote.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const lines = allLines.filter((l) => l.quoteId === id).map(toLine);
      const totalAmount = lines.reduce((sum, l) => sum + l.netAmount, 0);
      return [{ ...header(row.quote, row.customerName, totalAmount), lines }];
    });
  }

  /** A new quote (revision 1), every line promised and costed against the current plan. */
  async create(actor: Actor, input: QuoteInput): Promise<Quote> {
    return this.db.transaction(async (tx) => {
      const customer = await this.activeCustomer(tx, input.customerId);
      const validUntil = await this.validUntil(tx, input.validUntil);
      await checkSellableLines(tx, input.lines);
      await evaluateConfigurations(tx, input.lines);
      const number = await nextDocumentNumber(tx, 'Q');
      const [quote] = await tx
        .insert(quotes)
        .values({
          number,
          revision: 1,
          customerId: customer.id,
          customerReference: input.customerReference ?? null,
          currency: customer.currency,
          validUntil,
        })
        .returning();
      await this.writeLines(tx, quote.id, input.lines);
      const created = await this.get(quote.id, tx);
      await recordAudit(tx, actor, { entity: 'quote', entityId: quote.id, action: 'create', after: created });
      return created;
    });
  }

  /**
   * A customer's request from the portal: a quote in status `requested`, every line promised
   * (capable-to-promise, as sales quotes are) and costed against the current plan. A configured
   * line is priced by the configurator; a standard item at the price this customer was last
   * given for it (`customer-last-prices.ts`), else 0 until sales prices it. `check` runs the caller's own rules in the same transaction (which items
   * the portal offers). Sales hears of it through the outbox (`quote.requested`).
   */
  async request(
    actor: Actor,
    customerId: string,
    input: PortalQuoteRequest,
    check: (tx: Tx) => Promise<void> = async () => {},
  ): Promise<Quote> {
    return this.db.transaction(async (tx) => {
      const customer = await this.activeCustomer(tx, customerId);
      await checkSellableLines(tx, input.lines);
      await check(tx);
      const configured = await evaluateConfigurations(tx, input.lines);
      const lastPrices = await lastPricesFor(
        tx,
        customer.id,
        input.lines.filter((l) => !l.configuration).map((l) => l.itemId),
      );
      const lastPrice = (itemId: string) => {
        const last = lastPrices.get(itemId);
        return last?.currency === customer.currency ? last.unitPrice : undefined;
      };
      const lines = input.lines.map(
        (l, x): QuoteLineInput => ({
          ...l,
          unitPrice: configured.get(x)?.result.price.unitPrice ?? lastPrice(l.itemId) ?? 0,
          discountPercent: 0,
        }),
      );
      const number = await nextDocumentNumber(tx, 'Q');
      const [quote] = await tx
        .insert(quotes)
        .values({
          number,
          revision: 1,
          customerId: customer.id,
          status: 'requested',
          requestedViaPortal: true,
          customerReference: input.customerReference ?? null,
          currency: customer.currency,
          validUntil: await this.validUntil(tx, undefined),
        })
        .returning();
      await this.writeLines(tx, quote.id, lines);
      const requested = await this.get(quote.id, tx);
      await recordAudit(tx, actor, {
        entity: 'quote',
        entityId: quote.id,
        action: 'request',
        after: requested,
      });
      await recordIntegrationEvents(tx, [
        {
          type: 'quote.requested',
          entity: 'quote',
          entityId: quote.id,
          payload: {
            quoteNumber: requested.number,
            revision: requested.revision,
            customerId: requested.customerId,
            customerName: requested.customerName,
            customerReference: requested.customerReference,
            requestedBy: actor.name,
            lines: requested.lines.map((l) => ({
              lineNo: l.lineNo,
              itemNumber: l.itemNumber,
              quantity: l.quantity,
              requestedDate: l.requestedDate,
              configuration: l.configuration,
              promisedDate: l.promisedDate,
              p50At: l.promise?.p50At ?? null,
              p90At: l.promise?.p90At ?? null,
            })),
          },
        },
      ]);
      return requested;
    });
  }

  /** Computes every line's promise and cost again, against the plan as it is now. */
  async repromise(actor: Actor, id: string, version: number): Promise<Quote> {
    return this.db.transaction(async (tx) => {
      const quote = await this.lockOpen(tx, id, version, 'promised again');
      const lines = await this.linesOf(tx, [id]);
      await tx.delete(quoteLines).where(eq(quoteLines.quoteId, id));
      await this.writeLines(
        tx,
        id,
        lines.map(lineInputOf),
        lines.map((l) => l.id),
      );
      await this.bump(tx, id);
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, {
        entity: 'quote',
        entityId: id,
        action: 'repromise',
        before: { lines: lines.map((l) => ({ lineNo: l.lineNo, promisedDate: l.promisedDate })) },
        after: { lines: after.lines.map((l) => ({ lineNo: l.lineNo, promisedDate: l.promisedDate })) },
      });
      return { ...after, number: quote.number };
    });
  }

  async send(actor: Actor, id: string, version: number): Promise<Quote> {
    return this.transition(actor, id, version, ['draft', 'requested'], 'sent');
  }

  async reject(actor: Actor, id: string, version: number): Promise<Quote> {
    return this.transition(actor, id, version, ['draft', 'sent', 'requested'], 'rejected');
  }

  /**
   * The next revision: the same number, revision + 1, with the changes given (lines replace
   * all lines), promised again; the revised quote is superseded. A customer's request stays a
   * request (sales prices it in revisions, the customer sees the offer once it is sent).
   */
  async revise(
    actor: Actor,
    id: string,
    version: number,
    changes: Partial<Omit<QuoteInput, 'customerId'>>,
  ): Promise<Quote> {
    return this.db.transaction(async (tx) => {
      const old = await this.lockOpen(tx, id, version, 'revised');
      const lines = changes.lines ?? (await this.linesOf(tx, [id])).map(lineInputOf);
      await checkSellableLines(tx, lines);
      await evaluateConfigurations(tx, lines);
      const [next] = await tx
        .insert(quotes)
        .values({
          number: old.number,
          revision: old.revision + 1,
          customerId: old.customerId,
          status: old.status === 'requested' ? 'requested' : 'draft',
          requestedViaPortal: old.requestedViaPortal,
          customerReference:
            changes.customerReference !== undefined ? changes.customerReference : old.customerReference,
          currency: old.currency,
          validUntil: changes.validUntil ? await this.validUntil(tx, changes.validUntil) : old.validUntil,
        })
        .returning();
      await this.writeLines(tx, next.id, lines);
      await tx
        .update(quotes)
        .set({ status: 'superseded', version: sql`${quotes.version} + 1` })
        .where(eq(quotes.id, id));
      const revised = await this.get(next.id, tx);
      await recordAudit(tx, actor, {
        entity: 'quote',
        entityId: next.id,
        action: 'revise',
        before: { id, revision: old.revision },
        after: revised,
      });
      return revised;
    });
  }

  /** The customer accepts: a draft sales order with the quote's lines and prices, in one transaction. */
  async accept(actor: Actor, id: string, version: number) {
    return this.db.transaction(async (tx) => {
      const quote = await this.lockOpen(tx, id, version, 'accepted');
      if (quote.status === 'requested')
        throw ruleViolation(
          'status',
          'offered',
          `${quote.number} rev ${quote.revision} is the customer's request, not yet an offer: price it and send it first`,
        );
      const today = await plantToday(tx);
      if (quote.validUntil < today)
        throw ruleViolation(
          'validUntil',
          'not-expired',
          `${quote.number} rev ${quote.revision} expired on ${quote.validUntil}; revise it with a new validity first`,
        );
      const lines = await this.linesOf(tx, [id]);
      const order = await this.orders(tx).create(
        actor,
        {
          customerId: quote.customerId,
          ...(quote.customerReference ? { customerReference: quote.customerReference } : {}),
          lines: lines.map(lineInputOf),
        },
        { quoteId: quote.id, costEstimates: lines.map((l) => l.costEstimate) },
      );
      await tx
        .update(quotes)
        .set({ status: 'accepted', salesOrderId: order.id, version: sql`${quotes.version} + 1` })
        .where(eq(quotes.id, id));
      const accepted = await this.get(id, tx);
      await recordAudit(tx, actor, {
        entity: 'quote',
        entityId: id,
        action: 'accept',
        after: { status: 'accepted', salesOrder: order.number },
      });
      return { quote: accepted, order };
    });
  }

  /**
   * Writes the lines with their promise and cost. Each line is promised with the earlier lines
   * of the quote ahead of it, as demand and as work in the plan, so two lines count neither on
   * the same stock nor on the same machine time.
   */
  private async writeLines(tx: Tx, quoteId: string, lines: QuoteLineInput[], ids?: string[]): Promise<void> {
    const orders = this.orders(tx);
    const alongside: DemandLine[] = [];
    const ahead: PromisedWork[] = [];
    const values: (typeof quoteLines.$inferInsert)[] = [];
    for (const [x, line] of lines.entries()) {
      const answer = await orders.promise(line, { db: tx, id: `quote-line:${x}`, alongside, ahead });
      alongside.push(answer.demand);
      if (answer.work) ahead.push(answer.work);
      values.push({
        ...(ids ? { id: ids[x] } : {}),
        quoteId,
        lineNo: (x + 1) * 10,
        itemId: line.itemId,
        quantity: String(line.quantity),
        requestedDate: line.requestedDate,
        unitPrice: line.unitPrice,
        discountPercent: String(line.discountPercent ?? 0),
        configuration: line.configuration ?? null,
        promise: answer.promise,
        promisedDate: answer.promisedDate,
        costEstimate: answer.costEstimate,
      });
    }
    if (values.length > 0) await tx.insert(quoteLines).values(values);
  }

  private async transition(
    actor: Actor,
    id: string,
    version: number,
    from: Quote['status'][],
    to: Quote['status'],
  ): Promise<Quote> {
    return this.db.transaction(async (tx) => {
      const quote = await this.lock(tx, id, version);
      if (!from.includes(quote.status))
        throw ruleViolation(
          'status',
          from.join('|'),
          `${quote.number} rev ${quote.revision} is ${quote.status}; only a ${from.join(' or ')} quote can be ${to}`,
        );
      await tx
        .update(quotes)
        .set({ status: to, version: sql`${quotes.version} + 1` })
        .where(eq(quotes.id, id));
      await recordAudit(tx, actor, {
        entity: 'quote',
        entityId: id,
        action: to,
        before: { status: quote.status },
        after: { status: to },
      });
      return this.get(id, tx);
    });
  }

  private async lock(tx: Tx, id: string, version: number): Promise<QuoteRow> {
    const [quote] = await tx.select().from(quotes).where(eq(quotes.id, id)).for('update');
    if (!quote) throw new NotFoundError('quote', id);
    if (quote.version !== version) throw new VersionConflictError('quote', id, version, quote.version);
    return quote;
  }

  /** A quote that is still open (requested, draft or sent), locked at the version the caller saw. */
  private async lockOpen(tx: Tx, id: string, version: number, what: string): Promise<QuoteRow> {
    const quote = await this.lock(tx, id, version);
    if (quote.status !== 'draft' && quote.status !== 'sent' && quote.status !== 'requested')
      throw ruleViolation(
        'status',
        'open',
        `${quote.number} rev ${quote.revision} is ${quote.status}; only a requested, draft or sent quote can be ${what}`,
      );
    return quote;
  }

  private async bump(tx: Tx, id: string) {
    await tx
      .update(quotes)
      .set({ version: sql`${quotes.version} + 1` })
      .where(eq(quotes.id, id));
  }

  private async activeCustomer(tx: Tx, customerId: string) {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId));
    if (!customer) throw ruleViolation('customerId', 'exists', 'no customer with this id');
    if (!customer.active)
      throw ruleViolation('customerId', 'active', `customer ${customer.name} is inactive`);
    return customer;
  }

  private async validUntil(db: Db | Tx, date: string | undefined): Promise<string> {
    const timeZone = await plantTimeZone(db);
    const today = localDateIn(timeZone);
    if (date === undefined)
      return localDateIn(timeZone, new Date(Date.now() + DEFAULT_VALIDITY_DAYS * DAY_MS));
    if (date < today) throw ruleViolation('validUntil', 'not-past', `${date} is in the past`);
    return date;
  }

  private async linesOf(db: Db | Tx, quoteIds: string[]): Promise<LineRow[]> {
    const rows = await db
      .select({ line: quoteLines, itemNumber: items.number, itemName: items.name })
      .from(quoteLines)
      .innerJoin(items, eq(items.id, quoteLines.itemId))
      .where(inArray(quoteLines.quoteId, quoteIds))
      .orderBy(asc(quoteLines.lineNo));
    return rows.map((r) => ({ ...r.line, itemNumber: r.itemNumber, itemName: r.itemName }));
  }
}

/** A stored line as input again (revisions, re-promising, the order a quote becomes). */
function lineInputOf(l: LineRow): QuoteLineInput {
  return {
    itemId: l.itemId,
    quantity: Number(l.quantity),
    requestedDate: l.requestedDate ?? l.promisedDate ?? new Date().toISOString().slice(0, 10),
    unitPrice: l.unitPrice,
    discountPercent: Number(l.discountPercent),
    ...(l.configuration ? { configuration: l.configuration as Configuration } : {}),
  };
}

function toLine(l: LineRow): Quote['lines'][number] {
  const net = netAmount(Number(l.quantity), l.unitPrice, Number(l.discountPercent));
  return {
    id: l.id,
    lineNo: l.lineNo,
    itemId: l.itemId,
    itemNumber: l.itemNumber,
    itemName: l.itemName,
    quantity: Number(l.quantity),
    requestedDate: l.requestedDate,
    unitPrice: l.unitPrice,
    discountPercent: Number(l.discountPercent),
    netAmount: net,
    promisedDate: l.promisedDate,
    promise: l.promise,
    configuration: (l.configuration as Configuration | null) ?? null,
    costEstimate: l.costEstimate,
    marginPercent: l.costEstimate ? marginPercent(net, l.costEstimate.total) : null,
  };
}

function header(quote: QuoteRow, customerName: string, totalAmount: number) {
  return {
    id: quote.id,
    number: quote.number,
    revision: quote.revision,
    customerId: quote.customerId,
    customerName,
    customerReference: quote.customerReference,
    status: quote.status,
    requestedViaPortal: quote.requestedViaPortal,
    validUntil: quote.validUntil,
    currency: quote.currency,
    createdAt: quote.createdAt.toISOString(),
    salesOrderId: quote.salesOrderId,
    totalAmount,
    version: quote.version,
  };
}
