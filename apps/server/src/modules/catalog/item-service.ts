/** Items: the only writer of the items table. Every change is one audited transaction. */
import type { CreateItem, Item } from '@takt/contracts';
import { and, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db/database';
import { sqlState } from '../../platform/db/pg-error';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { items, uomConversions, uoms } from './tables/items';

type ItemRow = typeof items.$inferSelect;
const num = (v: string | null): number | null => (v === null ? null : Number(v));

export function toItem(row: ItemRow): Item {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    description: row.description,
    kind: row.kind,
    strategy: row.strategy,
    uom: row.uom,
    family: row.family,
    standardCost: { amount: row.standardCostAmount, currency: row.currency },
    leadTimeDays: num(row.leadTimeDays),
    configurable: row.configurable,
    placeholder: row.placeholder,
    lotSizing: { rule: row.lotSizingRule, quantity: num(row.lotQuantity) },
    safetyStock: Number(row.safetyStock),
    reorderPoint: num(row.reorderPoint),
    scrapFactor: Number(row.scrapFactor),
    issueMethod: row.issueMethod,
    active: row.active,
    version: row.version,
  };
}

const str = (v: number | null | undefined) => (v === null || v === undefined ? v : String(v));

/** Column values of an item from API input (only the given fields, for patches). */
function columnsOf(input: Partial<CreateItem>) {
  return {
    name: input.name,
    description: input.description,
    kind: input.kind,
    strategy: input.strategy,
    uom: input.uom,
    family: input.family,
    standardCostAmount: input.standardCost?.amount,
    currency: input.standardCost?.currency,
    leadTimeDays: str(input.leadTimeDays),
    configurable: input.configurable,
    placeholder: input.placeholder,
    lotSizingRule: input.lotSizing?.rule,
    lotQuantity: input.lotSizing ? str(input.lotSizing.quantity) : undefined,
    safetyStock: str(input.safetyStock) ?? undefined,
    reorderPoint: str(input.reorderPoint),
    scrapFactor: str(input.scrapFactor) ?? undefined,
    issueMethod: input.issueMethod,
  };
}

/** A placeholder stands for a part not designed yet: it is bought (planned and costed so) until replaced. */
function checkPlaceholder(kind: CreateItem['kind'] | undefined, placeholder: boolean | undefined) {
  if (placeholder && kind !== 'buy')
    throw ruleViolation(
      'kind',
      'placeholder-buy',
      'a placeholder is planned as a bought part: its kind is buy',
    );
}

function checkLotSizing(input: Partial<CreateItem>) {
  const lot = input.lotSizing;
  if (lot && lot.rule !== 'lot-for-lot' && (lot.quantity === null || lot.quantity === undefined)) {
    throw ruleViolation('lotSizing.quantity', 'required', `lot sizing rule '${lot.rule}' needs a quantity`);
  }
}

/** A foreign key refused the change (SQLSTATE 23503). */
const isReferenceViolation = (error: unknown) => sqlState(error) === '23503';

export interface ItemFilter {
  limit: number;
  offset: number;
  q?: string;
  kind?: Item['kind'];
  strategy?: Item['strategy'];
  family?: string;
  active?: 'true' | 'false';
}

export class ItemService {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Item> {
    const [row] = await this.db.select().from(items).where(eq(items.id, id));
    if (!row) throw new NotFoundError('item', id);
    return toItem(row);
  }

  async list(filter: ItemFilter) {
    const conditions: (SQL | undefined)[] = [
      filter.q ? or(ilike(items.number, `%${filter.q}%`), ilike(items.name, `%${filter.q}%`)) : undefined,
      filter.kind ? eq(items.kind, filter.kind) : undefined,
      filter.strategy ? eq(items.strategy, filter.strategy) : undefined,
      filter.family ? eq(items.family, filter.family) : undefined,
      filter.active ? eq(items.active, filter.active === 'true') : undefined,
    ];
    const where = and(...conditions);
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select()
        .from(items)
        .where(where)
        .orderBy(items.number)
        .limit(filter.limit)
        .offset(filter.offset),
      this.db.select({ total: count() }).from(items).where(where),
    ]);
    return { items: rows.map(toItem), total, limit: filter.limit, offset: filter.offset };
  }

  async create(actor: Actor, input: CreateItem): Promise<Item> {
    checkLotSizing(input);
    checkPlaceholder(input.kind, input.placeholder);
    return this.db.transaction(async (tx) => {
      await this.requireUom(tx, input.uom);
      const [taken] = await tx.select({ id: items.id }).from(items).where(eq(items.number, input.number));
      if (taken) throw ruleViolation('number', 'unique', `item number ${input.number} is already taken`);
      const [row] = await tx
        .insert(items)
        .values({
          ...columnsOf(input),
          number: input.number,
          name: input.name,
          kind: input.kind,
          strategy: input.strategy,
          uom: input.uom,
        })
        .returning();
      const item = toItem(row);
      await recordAudit(tx, actor, { entity: 'item', entityId: row.id, action: 'create', after: item });
      return item;
    });
  }

  async update(
    actor: Actor,
    id: string,
    version: number,
    patch: Partial<CreateItem> & { active?: boolean },
  ): Promise<Item> {
    checkLotSizing(patch);
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(items).where(eq(items.id, id)).for('update');
      if (!before) throw new NotFoundError('item', id);
      if (before.version !== version) throw new VersionConflictError('item', id, version, before.version);
      checkPlaceholder(patch.kind ?? before.kind, patch.placeholder ?? before.placeholder);
      if (patch.uom) await this.requireUom(tx, patch.uom);
      const [row] = await tx
        .update(items)
        .set({
          ...columnsOf(patch),
          active: patch.active,
          version: sql`${items.version} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(items.id, id))
        .returning();
      const after = toItem(row);
      await recordAudit(tx, actor, {
        entity: 'item',
        entityId: id,
        action: 'update',
        before: toItem(before),
        after,
      });
      return after;
    });
  }

  /**
   * Deletes an item nobody refers to yet (created by mistake). An item in a BOM, routing, supply
   * term or order stays for the record: the database's references refuse the delete, and the
   * answer says to deactivate it instead.
   */
  async remove(actor: Actor, id: string, version: number): Promise<void> {
    let number = id;
    try {
      await this.db.transaction(async (tx) => {
        const [before] = await tx.select().from(items).where(eq(items.id, id)).for('update');
        if (!before) throw new NotFoundError('item', id);
        number = before.number;
        if (before.version !== version) throw new VersionConflictError('item', id, version, before.version);
        await tx.delete(uomConversions).where(eq(uomConversions.itemId, id)); // its own, go with it
        await tx.delete(items).where(eq(items.id, id));
        await recordAudit(tx, actor, {
          entity: 'item',
          entityId: id,
          action: 'delete',
          before: toItem(before),
        });
      });
    } catch (error) {
      if (!isReferenceViolation(error)) throw error;
      throw ruleViolation(
        'id',
        'in-use',
        `item ${number} is in use (BOM, routing, supplier or order); deactivate it instead (active: false)`,
      );
    }
  }

  private async requireUom(db: Db, code: string) {
    const [found] = await db.select({ code: uoms.code }).from(uoms).where(eq(uoms.code, code));
    if (!found) throw ruleViolation('uom', 'reference', `unit of measure '${code}' does not exist`);
  }
}
