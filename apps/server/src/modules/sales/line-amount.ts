/**
 * A sold line's value: quantity × unit price less its discount, rounded to the minor unit. The
 * same rule in TypeScript (one line) and in SQL (summed over many lines in a list query).
 */
import { type AnyColumn, sql } from 'drizzle-orm';

export const netAmount = (quantity: number, unitPrice: number, discountPercent: number) =>
  Math.round(quantity * unitPrice * (1 - discountPercent / 100));

/** Sum of the net amounts of the lines in a group, 0 for none. */
export const sumNetAmountSql = (line: {
  quantity: AnyColumn;
  unitPrice: AnyColumn;
  discountPercent: AnyColumn;
}) =>
  sql<string>`coalesce(sum(round(${line.quantity} * ${line.unitPrice} * (1 - ${line.discountPercent} / 100))), 0)`;
