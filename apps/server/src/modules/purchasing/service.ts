/** Suppliers and their supply terms per buy item: the only writer of suppliers and supply_terms. */
import type {
  Supplier,
  SupplierInput,
  SupplyTerms,
  SupplyTermsInput,
  UpdateSupplier,
  UpdateSupplyTerms,
} from '@takt/contracts';
import { and, count, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, recordAudit, recordAuditMany } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { items } from '../catalog/tables/items';
import { priceBreakProblems } from './supply-pricing';
import { suppliers, supplyTerms } from './tables';

const decimal = (value: number | undefined) => (value === undefined ? undefined : String(value));

const toSupplier = (r: typeof suppliers.$inferSelect): Supplier => ({
  id: r.id,
  number: r.number,
  name: r.name,
  address: r.address ?? null,
  contacts: r.contacts,
  currency: r.currency,
  paymentTerms: r.paymentTerms,
  defaultLeadTimeDays: Number(r.defaultLeadTimeDays),
  onTimeRate: r.onTimeRate === null ? null : Number(r.onTimeRate),
  active: r.active,
  version: r.version,
});

const termsColumns = {
  terms: supplyTerms,
  itemNumber: items.number,
  supplierNumber: suppliers.number,
  supplierName: suppliers.name,
};
type TermsRow = {
  terms: typeof supplyTerms.$inferSelect;
  itemNumber: string;
  supplierNumber: string;
  supplierName: string;
};

const toTerms = ({ terms, itemNumber, supplierNumber, supplierName }: TermsRow): SupplyTerms => ({
  id: terms.id,
  itemId: terms.itemId,
  itemNumber,
  supplierId: terms.supplierId,
  supplierNumber,
  supplierName,
  supplierPartNumber: terms.supplierPartNumber,
  leadTimeDays: Number(terms.leadTimeDays),
  minimumOrderQuantity: Number(terms.minimumOrderQuantity),
  orderMultiple: Number(terms.orderMultiple),
  priceBreaks: terms.priceBreaks,
  currency: terms.currency,
  preferred: terms.preferred,
  version: terms.version,
});

/**
 * Construct it on the app's database, or on a transaction handle to take part in a larger change
 * (`new SupplierService(tx).create(...)`): its own transaction then becomes a savepoint.
 */
export class SupplierService {
  constructor(private readonly db: Db) {}

  async list(query: { limit: number; offset: number; q?: string }) {
    const where = query.q
      ? or(ilike(suppliers.number, likePattern(query.q)), ilike(suppliers.name, likePattern(query.q)))
      : undefined;
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select()
        .from(suppliers)
        .where(where)
        .orderBy(suppliers.number)
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(suppliers).where(where),
    ]);
    return { items: rows.map(toSupplier), total, limit: query.limit, offset: query.offset };
  }

  async get(id: string): Promise<Supplier> {
    const [row] = await this.db.select().from(suppliers).where(eq(suppliers.id, id));
    if (!row) throw new NotFoundError('supplier', id);
    return toSupplier(row);
  }

  async create(actor: Actor, input: SupplierInput): Promise<Supplier> {
    return this.db.transaction(async (tx) => {
      const [taken] = await tx
        .select({ id: suppliers.id })
        .from(suppliers)
        .where(eq(suppliers.number, input.number));
      if (taken) throw ruleViolation('number', 'unique', `supplier number ${input.number} is already taken`);
      const [row] = await tx
        .insert(suppliers)
        .values({ ...input, defaultLeadTimeDays: String(input.defaultLeadTimeDays) })
        .returning();
      const created = toSupplier(row);
      await recordAudit(tx, actor, {
        entity: 'supplier',
        entityId: row.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  async update(actor: Actor, id: string, version: number, patch: UpdateSupplier): Promise<Supplier> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(suppliers).where(eq(suppliers.id, id)).for('update');
      if (!before) throw new NotFoundError('supplier', id);
      if (before.version !== version) throw new VersionConflictError('supplier', id, version, before.version);
      const [row] = await tx
        .update(suppliers)
        .set({
          ...patch,
          defaultLeadTimeDays: decimal(patch.defaultLeadTimeDays),
          version: sql`${suppliers.version} + 1`,
        })
        .where(eq(suppliers.id, id))
        .returning();
      const after = toSupplier(row);
      await recordAudit(tx, actor, {
        entity: 'supplier',
        entityId: id,
        action: 'update',
        before: toSupplier(before),
        after,
      });
      return after;
    });
  }

  // supply terms

  /** Who supplies what, preferred first, then by item and supplier number. */
  private async findTerms(where: SQL | undefined, db: Db = this.db): Promise<SupplyTerms[]> {
    const rows = await db
      .select(termsColumns)
      .from(supplyTerms)
      .innerJoin(items, eq(items.id, supplyTerms.itemId))
      .innerJoin(suppliers, eq(suppliers.id, supplyTerms.supplierId))
      .where(where)
      .orderBy(sql`${supplyTerms.preferred} desc`, items.number, suppliers.number);
    return rows.map(toTerms);
  }

  private async oneTerms(id: string, db: Db = this.db): Promise<SupplyTerms> {
    const [terms] = await this.findTerms(eq(supplyTerms.id, id), db);
    if (!terms) throw new NotFoundError('supply terms', id);
    return terms;
  }

  getTerms(id: string): Promise<SupplyTerms> {
    return this.oneTerms(id);
  }

  /** The suppliers of an item, preferred first; 404 for an unknown item. */
  async termsOfItem(itemId: string): Promise<SupplyTerms[]> {
    const [[item], terms] = await Promise.all([
      this.db.select({ id: items.id }).from(items).where(eq(items.id, itemId)),
      this.findTerms(eq(supplyTerms.itemId, itemId)),
    ]);
    if (!item) throw new NotFoundError('item', itemId);
    return terms;
  }

  /** The suppliers of these items, preferred first: one query. */
  async termsOfItems(itemIds: string[]): Promise<SupplyTerms[]> {
    if (itemIds.length === 0) return [];
    return this.findTerms(inArray(supplyTerms.itemId, itemIds));
  }

  /** What a supplier offers, by item; 404 for an unknown supplier. */
  async termsOfSupplier(supplierId: string): Promise<SupplyTerms[]> {
    const [[supplier], terms] = await Promise.all([
      this.db.select({ id: suppliers.id }).from(suppliers).where(eq(suppliers.id, supplierId)),
      this.findTerms(eq(supplyTerms.supplierId, supplierId)),
    ]);
    if (!supplier) throw new NotFoundError('supplier', supplierId);
    return terms;
  }

  async createTerms(actor: Actor, input: SupplyTermsInput): Promise<SupplyTerms> {
    checkPriceBreaks(input.priceBreaks, input.minimumOrderQuantity);
    return this.db.transaction(async (tx) => {
      const [[item], [supplier], [duplicate]] = await Promise.all([
        tx.select({ kind: items.kind, number: items.number }).from(items).where(eq(items.id, input.itemId)),
        tx.select({ currency: suppliers.currency }).from(suppliers).where(eq(suppliers.id, input.supplierId)),
        tx
          .select({ id: supplyTerms.id })
          .from(supplyTerms)
          .where(and(eq(supplyTerms.itemId, input.itemId), eq(supplyTerms.supplierId, input.supplierId))),
      ]);
      if (!item) throw ruleViolation('itemId', 'reference', `item ${input.itemId} does not exist`);
      if (item.kind !== 'buy')
        throw ruleViolation(
          'itemId',
          'buy-item',
          `${item.number} is a ${item.kind} item; supply terms are for buy items`,
        );
      if (!supplier)
        throw ruleViolation('supplierId', 'reference', `supplier ${input.supplierId} does not exist`);
      if (duplicate)
        throw ruleViolation(
          'supplierId',
          'unique',
          'this supplier already has terms for the item; change those instead',
        );
      if (input.preferred) await clearPreferred(tx, actor, input.itemId);
      const [row] = await tx
        .insert(supplyTerms)
        .values({
          itemId: input.itemId,
          supplierId: input.supplierId,
          supplierPartNumber: input.supplierPartNumber,
          leadTimeDays: String(input.leadTimeDays),
          minimumOrderQuantity: String(input.minimumOrderQuantity),
          orderMultiple: String(input.orderMultiple),
          priceBreaks: input.priceBreaks,
          currency: input.currency ?? supplier.currency,
          preferred: input.preferred,
        })
        .returning({ id: supplyTerms.id });
      const created = await this.oneTerms(row.id, tx);
      await recordAudit(tx, actor, {
        entity: 'supply-terms',
        entityId: row.id,
        action: 'create',
        after: created,
      });
      return created;
    });
  }

  async updateTerms(
    actor: Actor,
    id: string,
    version: number,
    patch: UpdateSupplyTerms,
  ): Promise<SupplyTerms> {
    return this.db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ version: supplyTerms.version })
        .from(supplyTerms)
        .where(eq(supplyTerms.id, id))
        .for('update');
      if (!locked) throw new NotFoundError('supply terms', id);
      if (locked.version !== version)
        throw new VersionConflictError('supply terms', id, version, locked.version);
      const before = await this.oneTerms(id, tx);
      checkPriceBreaks(
        patch.priceBreaks ?? before.priceBreaks,
        patch.minimumOrderQuantity ?? before.minimumOrderQuantity,
      );
      if (patch.preferred) await clearPreferred(tx, actor, before.itemId, id);
      await tx
        .update(supplyTerms)
        .set({
          ...patch,
          leadTimeDays: decimal(patch.leadTimeDays),
          minimumOrderQuantity: decimal(patch.minimumOrderQuantity),
          orderMultiple: decimal(patch.orderMultiple),
          version: sql`${supplyTerms.version} + 1`,
        })
        .where(eq(supplyTerms.id, id));
      const after = await this.oneTerms(id, tx);
      await recordAudit(tx, actor, { entity: 'supply-terms', entityId: id, action: 'update', before, after });
      return after;
    });
  }

  /** Deletes terms; with a version (If-Match) only when nobody changed them since. */
  async deleteTerms(actor: Actor, id: string, version?: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ version: supplyTerms.version })
        .from(supplyTerms)
        .where(eq(supplyTerms.id, id))
        .for('update');
      if (!locked) throw new NotFoundError('supply terms', id);
      if (version !== undefined && locked.version !== version)
        throw new VersionConflictError('supply terms', id, version, locked.version);
      const before = await this.oneTerms(id, tx);
      await tx.delete(supplyTerms).where(eq(supplyTerms.id, id));
      await recordAudit(tx, actor, { entity: 'supply-terms', entityId: id, action: 'delete', before });
    });
  }
}

/**
 * One preferred supplier per item: choosing one takes the flag from the others, in one statement,
 * audited. (A partial unique index backs this up against concurrent choices.)
 */
async function clearPreferred(tx: Tx, actor: Actor, itemId: string, exceptId?: string): Promise<void> {
  const cleared = await tx
    .update(supplyTerms)
    .set({ preferred: false, version: sql`${supplyTerms.version} + 1` })
    .where(
      and(
        eq(supplyTerms.itemId, itemId),
        eq(supplyTerms.preferred, true),
        exceptId ? ne(supplyTerms.id, exceptId) : undefined,
      ),
    )
    .returning({ id: supplyTerms.id, version: supplyTerms.version });
  await recordAuditMany(
    tx,
    actor,
    cleared.map((c) => ({
      entity: 'supply-terms',
      entityId: c.id,
      action: 'update',
      before: { preferred: true, version: c.version - 1 },
      after: { preferred: false, version: c.version },
    })),
  );
}

function checkPriceBreaks(
  breaks: { fromQuantity: number; unitPrice: number }[],
  minimumOrderQuantity: number,
) {
  const problems = priceBreakProblems(breaks, minimumOrderQuantity);
  if (problems.length === 0) return;
  throw new RuleViolationError(
    problems.map(([i, message]) => `price break ${i + 1}: ${message}`).join('; '),
    problems.map(([i, message]) => ({
      field: `priceBreaks.${i}.fromQuantity`,
      rule: 'price-breaks',
      message,
    })),
  );
}
