/**
 * What a customer may ask a quote for in the portal: the plant's products, not its parts. An
 * item is offered when it is active, can be sold (not a phantom, not an undesigned placeholder),
 * a configurable one has a configurator model, and it is either an end product (an item we
 * make that is a child in no BOM revision in use) or something this customer was already
 * offered or ordered (a spare part it buys). Raw material, bought parts and sub-assemblies
 * stay out of sight. One query a page; one for
 * checking a request's items.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { type FieldIssue, RuleViolationError } from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { lastPricesFor } from './customer-last-prices';

export interface PortalItem {
  id: string;
  number: string;
  name: string;
  uom: string;
  configurable: boolean;
  /** a standard item's price for this customer (`customer-last-prices.ts`); configured ones are priced by options */
  unitPrice: { amount: number; currency: string } | null;
}

/** the condition on `i` (items) that the item is offered to the customer */
function offeredTo(customerId: string): SQL {
  return sql`i.active and i.kind <> 'phantom' and not i.placeholder
    and (not i.configurable or exists (select 1 from configurator_models m where m.item_id = i.id))
    and (
      (i.kind = 'make' and not exists (
        select 1 from bom_lines l join boms b on b.id = l.bom_id
        where l.child_item_id = i.id and b.status <> 'obsolete'))
      or exists (
        select 1 from quote_lines ql join quotes q on q.id = ql.quote_id
        where ql.item_id = i.id and q.customer_id = ${customerId}
          and q.status in ('sent', 'accepted', 'rejected', 'expired'))
      or exists (
        select 1 from sales_order_lines sl join sales_orders so on so.id = sl.order_id
        where sl.item_id = i.id and so.customer_id = ${customerId} and so.status <> 'draft'))`;
}

export async function portalItems(
  db: Db | Tx,
  customerId: string,
  query: { limit: number; offset: number; q?: string },
) {
  const search = query.q
    ? sql`and (i.number ilike ${likePattern(query.q)} or i.name ilike ${likePattern(query.q)})`
    : sql``;
  const where = sql`${offeredTo(customerId)} ${search}`;
  const [rows, [{ total }]] = await Promise.all([
    queryRows<Omit<PortalItem, 'unitPrice'>>(
      db,
      sql`select i.id, i.number, i.name, i.uom, i.configurable from items i
          where ${where} order by i.configurable desc, i.number limit ${query.limit} offset ${query.offset}`,
    ),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from items i where ${where}`),
  ]);
  const prices = await lastPricesFor(
    db,
    customerId,
    rows.filter((i) => !i.configurable).map((i) => i.id),
  );
  const items = rows.map((i): PortalItem => {
    const last = prices.get(i.id);
    return { ...i, unitPrice: last ? { amount: last.unitPrice, currency: last.currency } : null };
  });
  return { items, total, limit: query.limit, offset: query.offset };
}

/**
 * Refuses a request naming an item the portal does not offer, each at its line
 * (`lines.<i>.itemId`). Run after the sold-line checks, which name inactive or unknown items.
 */
export async function checkOfferedItems(db: Db | Tx, customerId: string, itemIds: string[]): Promise<void> {
  const ids = [...new Set(itemIds)];
  const rows = await queryRows<{ id: string; number: string; offered: boolean }>(
    db,
    sql`select i.id, i.number, (${offeredTo(customerId)}) as offered from items i
        where i.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const issues = itemIds.flatMap((id, x): FieldIssue[] => {
    const item = byId.get(id);
    if (item?.offered) return [];
    return [
      {
        field: `lines.${x}.itemId`,
        rule: 'offered',
        message: `${item?.number ?? 'this item'} is not offered in the portal: ask our sales team for it`,
      },
    ];
  });
  if (issues.length > 0) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);
}
