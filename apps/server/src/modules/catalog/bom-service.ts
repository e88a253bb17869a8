/**
 * BOM revisions and their lines: the only writer of boms and bom_lines. Only drafts change;
 * releasing a revision obsoletes the previously released one. A change that would close a
 * cycle anywhere in the structure is rejected with the path, and nothing is written.
 */
import type { Bom, bomLineInput, ExplosionLine, WhereUsedLine } from '@takt/contracts';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { NotFoundError, RuleViolationError, ruleViolation } from '../../platform/errors';
import { explodeBom, findCycleThrough, whereUsed } from './bom-structure';
import { lockDraft, newRevisionCode, type RevisionHeader, releaseDraft } from './revision-lifecycle';
import { bomLines, boms } from './tables/boms';
import { items } from './tables/items';
import { unitChangeKey, unitFactors } from './uom-service';

type LineInput = z.input<typeof bomLineInput>;
type BomRow = RevisionHeader;

const today = () => new Date().toISOString().slice(0, 10);

export class BomService {
  constructor(private readonly db: Db) {}

  async listForItem(itemId: string): Promise<Bom[]> {
    const [item] = await this.db.select({ id: items.id }).from(items).where(eq(items.id, itemId));
    if (!item) throw new NotFoundError('item', itemId);
    const headers = await this.db
      .select()
      .from(boms)
      .where(eq(boms.itemId, itemId))
      .orderBy(asc(boms.revision));
    return this.withLines(this.db, headers);
  }

  async get(id: string, db: Db | Tx = this.db): Promise<Bom> {
    const [header] = await db.select().from(boms).where(eq(boms.id, id));
    if (!header) throw new NotFoundError('BOM', id);
    return (await this.withLines(db, [header]))[0];
  }

  async create(
    actor: Actor,
    itemId: string,
    input: { revision?: string; validFrom?: string | null; validTo?: string | null; lines?: LineInput[] },
  ): Promise<Bom> {
    return this.db.transaction(async (tx) => {
      const [item] = await tx.select().from(items).where(eq(items.id, itemId));
      if (!item) throw new NotFoundError('item', itemId);
      if (item.kind === 'buy')
        throw ruleViolation(
          'itemId',
          'make-item',
          `${item.number} is a buy item; only make and phantom items have a BOM`,
        );
      const revision = await newRevisionCode(tx, boms, itemId, item.number, input.revision);
      checkValidity(input.validFrom, input.validTo);
      const [header] = await tx
        .insert(boms)
        .values({ itemId, revision, validFrom: input.validFrom ?? null, validTo: input.validTo ?? null })
        .returning();
      await this.writeLines(tx, header, input.lines ?? []);
      const bom = await this.get(header.id, tx);
      await recordAudit(tx, actor, { entity: 'bom', entityId: header.id, action: 'create', after: bom });
      return bom;
    });
  }

  async update(
    actor: Actor,
    id: string,
    version: number,
    patch: { validFrom?: string | null; validTo?: string | null; lines?: LineInput[] },
  ): Promise<Bom> {
    return this.db.transaction(async (tx) => {
      const header = await lockDraft(tx, boms, 'BOM', id, version);
      const before = await this.get(id, tx);
      const validFrom = patch.validFrom === undefined ? header.validFrom : patch.validFrom;
      const validTo = patch.validTo === undefined ? header.validTo : patch.validTo;
      checkValidity(validFrom, validTo);
      await tx
        .update(boms)
        .set({ validFrom, validTo, version: sql`${boms.version} + 1` })
        .where(eq(boms.id, id));
      if (patch.lines) await this.writeLines(tx, header, patch.lines, true);
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, { entity: 'bom', entityId: id, action: 'update', before, after });
      return after;
    });
  }

  /** Releases a draft; the previously released revision of the item becomes obsolete. */
  async release(actor: Actor, id: string, version: number, validFrom?: string): Promise<Bom> {
    return this.db.transaction(async (tx) => {
      const header = await lockDraft(tx, boms, 'BOM', id, version);
      const lineCount = await tx.$count(bomLines, eq(bomLines.bomId, id));
      if (lineCount === 0)
        throw ruleViolation('lines', 'not-empty', 'a BOM without lines cannot be released');
      const { from, obsoleted } = await releaseDraft(tx, boms, header, validFrom);
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, {
        entity: 'bom',
        entityId: id,
        action: 'release',
        before: { status: 'draft' },
        after: { status: 'released', validFrom: from, obsoleted },
      });
      return after;
    });
  }

  explode(itemId: string, date = today(), depth = 20): Promise<ExplosionLine[]> {
    return explodeBom(this.db, itemId, date, depth);
  }

  whereUsed(itemId: string, date = today()): Promise<WhereUsedLine[]> {
    return whereUsed(this.db, itemId, date);
  }

  /** Replaces the lines of a BOM set-based (one delete, one insert), then checks for cycles. */
  private async writeLines(tx: Tx, header: BomRow, lines: LineInput[], replace = false): Promise<void> {
    const positions = new Set<number>();
    lines.forEach((line, index) => {
      if (positions.has(line.position))
        throw ruleViolation(`lines.${index}.position`, 'unique', `position ${line.position} appears twice`);
      positions.add(line.position);
    });
    const childIds = [...new Set(lines.map((l) => l.childItemId))];
    const children = childIds.length
      ? await tx
          .select({ id: items.id, number: items.number, uom: items.uom, active: items.active })
          .from(items)
          .where(inArray(items.id, childIds))
      : [];
    const byId = new Map(children.map((c) => [c.id, c]));
    const [parent] = await tx.select({ number: items.number }).from(items).where(eq(items.id, header.itemId));
    lines.forEach((line, index) => {
      if (!byId.has(line.childItemId))
        throw ruleViolation(
          `lines.${index}.childItemId`,
          'reference',
          `item ${line.childItemId} does not exist`,
        );
      if (line.childItemId === header.itemId) {
        throw new RuleViolationError(
          `a BOM cannot contain its own item: ${parent.number} → ${parent.number}`,
          [
            {
              field: `lines.${index}.childItemId`,
              rule: 'no-cycle',
              message: `${parent.number} → ${parent.number}`,
            },
          ],
          { cycle: [parent.number, parent.number] },
        );
      }
      const child = byId.get(line.childItemId)!;
      if (!child.active)
        throw ruleViolation(
          `lines.${index}.childItemId`,
          'active',
          `item ${child.number} is deactivated; it cannot go into a BOM`,
        );
    });
    // A line may count its child in another unit (mm of a bar kept in m, bars of 6 m): it needs
    // a conversion path to the child's base unit, in which the child's own BOM counts.
    const unitChanges = lines.map((l) => {
      const child = byId.get(l.childItemId)!;
      return { itemId: child.id, from: l.uom ?? child.uom, to: child.uom };
    });
    const factors = await unitFactors(tx, unitChanges);
    unitChanges.forEach((change, index) => {
      if (factors.get(unitChangeKey(change)) === undefined)
        throw ruleViolation(
          `lines.${index}.uom`,
          'conversion',
          `no conversion from ${change.from} to ${change.to}, the unit of item ${byId.get(change.itemId)!.number}; add a conversion first`,
        );
    });
    if (replace) await tx.delete(bomLines).where(eq(bomLines.bomId, header.id));
    if (lines.length > 0) {
      await tx.insert(bomLines).values(
        lines.map((l) => ({
          bomId: header.id,
          position: l.position,
          childItemId: l.childItemId,
          quantityPer: String(l.quantityPer),
          uom: l.uom ?? byId.get(l.childItemId)!.uom,
          scrapFactor: String(l.scrapFactor ?? 0),
          operationNumber: l.operationNumber ?? null,
          condition: l.condition ?? null,
          quantityFormula: l.quantityFormula ?? null,
        })),
      );
      const cycle = await findCycleThrough(tx, header.itemId);
      if (cycle) {
        const path = cycle.join(' → ');
        throw new RuleViolationError(
          `this change would make the structure circular: ${path}`,
          [{ field: 'lines', rule: 'no-cycle', message: path }],
          { cycle },
        );
      }
    }
  }

  private async withLines(db: Db | Tx, headers: BomRow[]): Promise<Bom[]> {
    if (headers.length === 0) return [];
    const rows = await db
      .select({ line: bomLines, childNumber: items.number, childName: items.name })
      .from(bomLines)
      .innerJoin(items, eq(items.id, bomLines.childItemId))
      .where(
        inArray(
          bomLines.bomId,
          headers.map((h) => h.id),
        ),
      )
      .orderBy(asc(bomLines.position));
    return headers.map((h) => ({
      id: h.id,
      itemId: h.itemId,
      revision: h.revision,
      status: h.status,
      validFrom: h.validFrom,
      validTo: h.validTo,
      version: h.version,
      lines: rows
        .filter((r) => r.line.bomId === h.id)
        .map(({ line, childNumber, childName }) => ({
          id: line.id,
          position: line.position,
          childItemId: line.childItemId,
          childNumber,
          childName,
          quantityPer: Number(line.quantityPer),
          uom: line.uom,
          scrapFactor: Number(line.scrapFactor),
          operationNumber: line.operationNumber,
          condition: line.condition,
          quantityFormula: line.quantityFormula,
        })),
    }));
  }
}

function checkValidity(from: string | null | undefined, to: string | null | undefined) {
  if (from && to && to <= from)
    throw ruleViolation('validTo', 'after-valid-from', `valid to (${to}) must be after valid from (${from})`);
}
