/**
 * What another module needs to know of sold lines (a project of an order or quote line): the
 * document, customer, item, value and promise of each line. Sales owns these tables; other
 * modules read them only through these functions. One query each, unknown ids left out.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { customers, type LinePromise, quoteLines, quotes, salesOrderLines, salesOrders } from './tables';

export interface SoldLineFacts {
  lineId: string;
  lineNo: number;
  customerId: string;
  customerName: string;
  itemId: string;
  quantity: number;
  requestedDate: string | null;
  promisedDate: string | null;
  promise: LinePromise | null;
  /** quantity × unit price less the discount, minor units */
  netAmount: number;
  currency: string;
}

export interface OrderLineFacts extends SoldLineFacts {
  orderId: string;
  orderNumber: string;
  orderStatus: (typeof salesOrders.status.enumValues)[number];
}

export interface QuoteLineFacts extends SoldLineFacts {
  quoteId: string;
  quoteNumber: string;
  revision: number;
  quoteStatus: (typeof quotes.status.enumValues)[number];
}

const net = (line: typeof salesOrderLines | typeof quoteLines) =>
  sql<string>`round(${line.quantity} * ${line.unitPrice} * (1 - ${line.discountPercent} / 100))`;

export async function orderLineFacts(db: Db | Tx, lineIds: string[]): Promise<Map<string, OrderLineFacts>> {
  if (lineIds.length === 0) return new Map();
  const rows = await db
    .select({
      lineId: salesOrderLines.id,
      lineNo: salesOrderLines.lineNo,
      orderId: salesOrders.id,
      orderNumber: salesOrders.number,
      orderStatus: salesOrders.status,
      customerId: salesOrders.customerId,
      customerName: customers.name,
      itemId: salesOrderLines.itemId,
      quantity: salesOrderLines.quantity,
      requestedDate: salesOrderLines.requestedDate,
      promisedDate: salesOrderLines.promisedDate,
      promise: salesOrderLines.promise,
      netAmount: net(salesOrderLines),
      currency: salesOrders.currency,
    })
    .from(salesOrderLines)
    .innerJoin(salesOrders, sql`${salesOrders.id} = ${salesOrderLines.orderId}`)
    .innerJoin(customers, sql`${customers.id} = ${salesOrders.customerId}`)
    .where(inArray(salesOrderLines.id, [...new Set(lineIds)]));
  return new Map(
    rows.map((r) => [
      r.lineId,
      { ...r, quantity: Number(r.quantity), netAmount: Number(r.netAmount), promise: r.promise ?? null },
    ]),
  );
}

export async function quoteLineFacts(db: Db | Tx, lineIds: string[]): Promise<Map<string, QuoteLineFacts>> {
  if (lineIds.length === 0) return new Map();
  const rows = await db
    .select({
      lineId: quoteLines.id,
      lineNo: quoteLines.lineNo,
      quoteId: quotes.id,
      quoteNumber: quotes.number,
      revision: quotes.revision,
      quoteStatus: quotes.status,
      customerId: quotes.customerId,
      customerName: customers.name,
      itemId: quoteLines.itemId,
      quantity: quoteLines.quantity,
      requestedDate: quoteLines.requestedDate,
      promisedDate: quoteLines.promisedDate,
      promise: quoteLines.promise,
      netAmount: net(quoteLines),
      currency: quotes.currency,
    })
    .from(quoteLines)
    .innerJoin(quotes, sql`${quotes.id} = ${quoteLines.quoteId}`)
    .innerJoin(customers, sql`${customers.id} = ${quotes.customerId}`)
    .where(inArray(quoteLines.id, [...new Set(lineIds)]));
  return new Map(
    rows.map((r) => [
      r.lineId,
      { ...r, quantity: Number(r.quantity), netAmount: Number(r.netAmount), promise: r.promise ?? null },
    ]),
  );
}
