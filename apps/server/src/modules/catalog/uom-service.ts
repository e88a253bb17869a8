/** Units of measure and conversions between them (global, or per item such as 1 bar = 6 m). */
import { eq, inArray, isNull, or } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { uomConversions, uoms } from './tables/items';

export interface Conversion {
  fromUom: string;
  toUom: string;
  factor: number;
  itemId: string | null;
}

/**
 * Factor that turns a quantity in `from` into `to`, searching conversion paths breadth-first
 * (item-specific conversions and global ones, both directions). Undefined when no path exists.
 */
export function conversionFactor(conversions: Conversion[], from: string, to: string): number | undefined {
  if (from === to) return 1;
  const edges = new Map<string, { to: string; factor: number }[]>();
  const add = (a: string, b: string, f: number) =>
    edges.set(a, [...(edges.get(a) ?? []), { to: b, factor: f }]);
  for (const c of conversions) {
    add(c.fromUom, c.toUom, c.factor);
    add(c.toUom, c.fromUom, 1 / c.factor);
  }
  const factorTo = new Map([[from, 1]]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    for (const edge of edges.get(at) ?? []) {
      if (factorTo.has(edge.to)) continue;
      factorTo.set(edge.to, factorTo.get(at)! * edge.factor);
      if (edge.to === to) return factorTo.get(edge.to);
      queue.push(edge.to);
    }
  }
  return undefined;
}

/** A quantity of an item in one unit that has to be expressed in another (its base unit). */
export interface UnitChange {
  itemId: string;
  from: string;
  to: string;
}

export const unitChangeKey = (c: UnitChange) => `${c.itemId}|${c.from}|${c.to}`;

/**
 * Factors of many unit changes from one query over the conversions (global ones and those of the
 * items involved), keyed by `unitChangeKey`; undefined where no conversion path exists.
 */
export async function unitFactors(
  db: Db | Tx,
  changes: UnitChange[],
): Promise<Map<string, number | undefined>> {
  const factors = new Map<string, number | undefined>();
  const pending = changes.filter((c) => c.from !== c.to);
  for (const c of changes) if (c.from === c.to) factors.set(unitChangeKey(c), 1);
  if (pending.length === 0) return factors;
  const itemIds = [...new Set(pending.map((c) => c.itemId))];
  const rows = await db
    .select()
    .from(uomConversions)
    .where(or(isNull(uomConversions.itemId), inArray(uomConversions.itemId, itemIds)));
  const conversions = rows.map((r) => ({ ...r, factor: Number(r.factor) }));
  for (const c of pending) {
    const usable = conversions.filter((k) => k.itemId === null || k.itemId === c.itemId);
    factors.set(unitChangeKey(c), conversionFactor(usable, c.from, c.to));
  }
  return factors;
}

export class UomService {
  constructor(private readonly db: Db) {}

  list() {
    return this.db.select().from(uoms).orderBy(uoms.dimension, uoms.code);
  }

  async create(actor: Actor, input: { code: string; name: string; dimension: string }) {
    return this.db.transaction(async (tx) => {
      const [taken] = await tx.select().from(uoms).where(eq(uoms.code, input.code));
      if (taken) throw ruleViolation('code', 'unique', `unit ${input.code} already exists`);
      const [row] = await tx.insert(uoms).values(input).returning();
      await recordAudit(tx, actor, { entity: 'uom', entityId: row.code, action: 'create', after: row });
      return row;
    });
  }

  async addConversion(actor: Actor, input: Conversion): Promise<Conversion> {
    return this.db.transaction(async (tx) => {
      const units = await tx
        .select()
        .from(uoms)
        .where(or(eq(uoms.code, input.fromUom), eq(uoms.code, input.toUom)));
      for (const field of ['fromUom', 'toUom'] as const) {
        if (!units.some((u) => u.code === input[field]))
          throw ruleViolation(field, 'reference', `unit ${input[field]} does not exist`);
      }
      const [row] = await tx
        .insert(uomConversions)
        .values({ ...input, factor: String(input.factor) })
        .returning();
      await recordAudit(tx, actor, {
        entity: 'uom-conversion',
        entityId: row.id,
        action: 'create',
        after: input,
      });
      return input;
    });
  }

  /** Converts a quantity, using the item's own conversions and the global ones. */
  async convert(quantity: number, from: string, to: string, itemId?: string): Promise<number> {
    const rows = await this.db
      .select()
      .from(uomConversions)
      .where(
        itemId
          ? or(isNull(uomConversions.itemId), eq(uomConversions.itemId, itemId))
          : isNull(uomConversions.itemId),
      );
    const factor = conversionFactor(
      rows.map((r) => ({ ...r, factor: Number(r.factor) })),
      from,
      to,
    );
    if (factor === undefined)
      throw ruleViolation(
        'to',
        'conversion',
        `no conversion from ${from} to ${to}${itemId ? ' for this item' : ''}`,
      );
    return quantity * factor;
  }
}
