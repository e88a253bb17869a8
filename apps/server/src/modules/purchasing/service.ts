/** Suppliers and their supply terms per buy item: the only writer of suppliers and supply_terms. */
import type { Supplier, SupplyTerms, supplierInput, supplyTermsInput } from '@takt/contracts';
import { and, count, eq, ilike, ne, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { items } from '../catalog/tables/items';
import { priceBreakProblems } from './supply-pricing';
import { suppliers, supplyTerms } from './tables';

type SupplierInput = z.output<typeof supplierInput>;
type TermsInput = z.output<typeof supplyTermsInput>;

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

export class SupplierService {
  constructor(private readonly db: Db) {}

  async list(query: { limit: number; offset: number; q?: string }) {
    const where = query.q
      ? or(ilike(suppliers.number, `%${query.q}%`), ilike(suppliers.name, `%${query.q}%`))
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

  async get(id: string, db: Db | Tx = this.db): Promise<Supplier> {
    const [row] = await db.select().from(suppliers).where(eq(suppliers.id, id));
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

  async update(
    actor: Actor,
    id: string,
    version: number,
    patch: Partial<SupplierInput> & { active?: boolean },
  ): Promise<Supplier> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(suppliers).where(eq(suppliers.id, id)).for('update');
      if (!before) throw new NotFoundError('supplier', id);
      if (before.version !== version) throw new VersionConflictError('supplier', id, version, before.version);
      const { defaultLeadTimeDays, ...rest } = patch;
      const [row] = await tx
        .update(suppliers)
        .set({
          ...rest,
          defaultLeadTimeDays: defaultLeadTimeDays === undefined ? undefined : String(defaultLeadTimeDays),
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

  async termsFor(filter: { itemId?: string; supplierId?: string }): Promise<SupplyTerms[]> {
    const rows = await this.db
      .select({ terms: supplyTerms, itemNumber: items.number, supplierName: suppliers.name })
      .from(supplyTerms)
      .innerJoin(items, eq(items.id, supplyTerms.itemId))
      .innerJoin(suppliers, eq(suppliers.id, supplyTerms.supplierId))
      .where(
        and(
          filter.itemId ? eq(supplyTerms.itemId, filter.itemId) : undefined,
          filter.supplierId ? eq(supplyTerms.supplierId, filter.supplierId) : undefined,
        ),
      )
      .orderBy(sql`${supplyTerms.preferred} desc`, items.number, suppliers.name);
    return rows.map(({ terms, itemNumber, supplierName }) => ({
      id: terms.id,
      itemId: terms.itemId,
      supplierId: terms.supplierId,
      itemNumber,
      supplierName,
      supplierPartNumber: terms.supplierPartNumber,
      leadTimeDays: Number(terms.leadTimeDays),
      minimumOrderQuantity: Number(terms.minimumOrderQuantity),
      orderMultiple: Number(terms.orderMultiple),
      priceBreaks: terms.priceBreaks,
      currency: terms.currency,
      preferred: terms.preferred,
      version: terms.version,
    }));
  }

  async createTerms(actor: Actor, input: TermsInput): Promise<SupplyTerms> {
    checkTerms(input.priceBreaks, input.minimumOrderQuantity);
    return this.db.transaction(async (tx) => {
      const [item] = await tx
        .select({ kind: items.kind, number: items.number })
        .from(items)
        .where(eq(items.id, input.itemId));
      if (!item) throw ruleViolation('itemId', 'reference', 'the item does not exist');
      if (item.kind !== 'buy')
        throw ruleViolation(
          'itemId',
          'buy-item',
          `${item.number} is a ${item.kind} item; supply terms are for buy items`,
        );
      await this.get(input.supplierId, tx).catch(() => {
        throw ruleViolation('supplierId', 'reference', 'the supplier does not exist');
      });
      const [duplicate] = await tx
        .select({ id: supplyTerms.id })
        .from(supplyTerms)
        .where(and(eq(supplyTerms.itemId, input.itemId), eq(supplyTerms.supplierId, input.supplierId)));
      if (duplicate)
        throw ruleViolation(
          'supplierId',
          'unique',
          'this supplier already has terms for the item; change those',
        );
      if (input.preferred) await this.clearPreferred(tx, input.itemId);
      const [row] = await tx
        .insert(supplyTerms)
        .values(termColumns(input) as typeof supplyTerms.$inferInsert)
        .returning();
      const [created] = (await new SupplierService(tx).termsFor({ itemId: input.itemId })).filter(
        (t) => t.id === row.id,
      );
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
    patch: Partial<Omit<TermsInput, 'itemId' | 'supplierId'>>,
  ): Promise<SupplyTerms> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(supplyTerms).where(eq(supplyTerms.id, id)).for('update');
      if (!before) throw new NotFoundError('supply terms', id);
      if (before.version !== version)
        throw new VersionConflictError('supply terms', id, version, before.version);
      checkTerms(
        patch.priceBreaks ?? before.priceBreaks,
        patch.minimumOrderQuantity ?? Number(before.minimumOrderQuantity),
      );
      if (patch.preferred) await this.clearPreferred(tx, before.itemId, id);
      await tx
        .update(supplyTerms)
        .set({ ...termColumns(patch), version: sql`${supplyTerms.version} + 1` })
        .where(eq(supplyTerms.id, id));
      const [after] = (await new SupplierService(tx).termsFor({ itemId: before.itemId })).filter(
        (t) => t.id === id,
      );
      await recordAudit(tx, actor, { entity: 'supply-terms', entityId: id, action: 'update', before, after });
      return after;
    });
  }

  async deleteTerms(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [deleted] = await tx.delete(supplyTerms).where(eq(supplyTerms.id, id)).returning();
      if (!deleted) throw new NotFoundError('supply terms', id);
      await recordAudit(tx, actor, {
        entity: 'supply-terms',
        entityId: id,
        action: 'delete',
        before: deleted,
      });
    });
  }

  /** One preferred supplier per item: choosing another one clears the old flag. */
  private async clearPreferred(tx: Tx, itemId: string, exceptId?: string) {
    await tx
      .update(supplyTerms)
      .set({ preferred: false, version: sql`${supplyTerms.version} + 1` })
      .where(
        and(
          eq(supplyTerms.itemId, itemId),
          eq(supplyTerms.preferred, true),
          exceptId ? ne(supplyTerms.id, exceptId) : undefined,
        ),
      );
  }
}

function termColumns(input: Partial<TermsInput>) {
  const str = (v: number | undefined) => (v === undefined ? undefined : String(v));
  return {
    itemId: input.itemId,
    supplierId: input.supplierId,
    supplierPartNumber: input.supplierPartNumber,
    leadTimeDays: str(input.leadTimeDays),
    minimumOrderQuantity: str(input.minimumOrderQuantity),
    orderMultiple: str(input.orderMultiple),
    priceBreaks: input.priceBreaks,
    currency: input.currency,
    preferred: input.preferred,
  };
}

function checkTerms(breaks: { fromQuantity: number; unitPrice: number }[], minimumOrderQuantity: number) {
  const problems = priceBreakProblems(breaks, minimumOrderQuantity);
  if (problems.length) {
    throw new RuleViolationError(
      problems.map(([, m]) => m).join('; '),
      problems.map(([i, message]) => ({
        field: `priceBreaks.${i}.fromQuantity`,
        rule: 'price-breaks',
        message,
      })),
    );
  }
}
