/**
 * Imports of items, flat BOMs and indented CAD BOMs from CSV. Everything is validated first and
 * written in one transaction: a bad file is rejected with its line numbers and writes nothing.
 */
import { createItemBody } from '@takt/contracts';
import { eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordAuditMany } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import type { FieldIssue } from '../../platform/errors';
import { ruleViolation } from '../../platform/errors';
import { BomService } from './bom-service';
import { type CsvRow, parseDecimal, pickColumn, readCsv, rejectIfIssues, requireColumns } from './csv-file';
import { items, uoms } from './tables/items';

export interface ImportResult {
  created: number;
  updated: number;
  boms: number;
}

const cell = (row: CsvRow, column: string | undefined) => (column ? (row.values[column] ?? '').trim() : '');

async function knownUoms(db: Db | Tx): Promise<Set<string>> {
  return new Set((await db.select({ code: uoms.code }).from(uoms)).map((u) => u.code));
}

/** Items CSV: number,name,kind[,strategy,uom,family,standard_cost,currency,lead_time_days,description]. Upserts by number. */
export async function importItems(db: Db, actor: Actor, text: string): Promise<ImportResult> {
  const rows = readCsv(text);
  const col = requireColumns(rows, {
    number: ['number', 'item number', 'part number'],
    name: ['name', 'description'],
    kind: ['kind', 'type'],
  });
  const optional = {
    strategy: pickColumn(rows, ['strategy']),
    uom: pickColumn(rows, ['uom', 'unit']),
    family: pickColumn(rows, ['family']),
    cost: pickColumn(rows, ['standard cost', 'cost']),
    currency: pickColumn(rows, ['currency']),
    leadTime: pickColumn(rows, ['lead time days', 'lead time']),
    description: pickColumn(rows, ['long description', 'notes']),
  };
  const units = await knownUoms(db);
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  const valid = rows.flatMap((row) => {
    const at = `line ${row.line}`;
    const number = cell(row, col.number);
    if (seen.has(number))
      issues.push({ field: at, rule: 'unique', message: `item ${number} also on line ${seen.get(number)}` });
    seen.set(number, row.line);
    const cost = parseDecimal(cell(row, optional.cost));
    const leadTime = parseDecimal(cell(row, optional.leadTime));
    const parsed = createItemBody.safeParse({
      number,
      name: cell(row, col.name),
      kind: cell(row, col.kind).toLowerCase(),
      strategy: cell(row, optional.strategy).toUpperCase() || undefined,
      uom: cell(row, optional.uom) || undefined,
      family: cell(row, optional.family) || null,
      standardCost: {
        amount: cost === undefined ? 0 : Math.round(cost * 100),
        currency: cell(row, optional.currency) || 'EUR',
      },
      leadTimeDays: leadTime ?? null,
      description: cell(row, optional.description) || null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ field: at, rule: issue.code, message: `${issue.path.join('.')}: ${issue.message}` });
      }
      return [];
    }
    if (!units.has(parsed.data.uom))
      issues.push({ field: at, rule: 'reference', message: `unit ${parsed.data.uom} does not exist` });
    return [parsed.data];
  });
  rejectIfIssues(issues);
  return db.transaction(async (tx) => {
    const numbers = valid.map((v) => v.number);
    const existing = new Set(
      numbers.length
        ? (await tx.select({ number: items.number }).from(items).where(inArray(items.number, numbers))).map(
            (r) => r.number,
          )
        : [],
    );
    if (valid.length === 0) return { created: 0, updated: 0, boms: 0 };
    const written = await tx
      .insert(items)
      .values(
        valid.map((v) => ({
          number: v.number,
          name: v.name,
          description: v.description ?? null,
          kind: v.kind,
          strategy: v.strategy,
          uom: v.uom,
          family: v.family ?? null,
          standardCostAmount: v.standardCost.amount,
          currency: v.standardCost.currency,
          leadTimeDays:
            v.leadTimeDays === null || v.leadTimeDays === undefined ? null : String(v.leadTimeDays),
        })),
      )
      .onConflictDoUpdate({
        target: items.number,
        // only the columns the file has: a file without costs does not wipe them
        set: {
          name: sql`excluded.name`,
          kind: sql`excluded.kind`,
          ...(optional.description ? { description: sql`excluded.description` } : {}),
          ...(optional.strategy ? { strategy: sql`excluded.strategy` } : {}),
          ...(optional.uom ? { uom: sql`excluded.uom` } : {}),
          ...(optional.family ? { family: sql`excluded.family` } : {}),
          ...(optional.cost ? { standardCostAmount: sql`excluded.standard_cost_amount` } : {}),
          ...(optional.currency ? { currency: sql`excluded.currency` } : {}),
          ...(optional.leadTime ? { leadTimeDays: sql`excluded.lead_time_days` } : {}),
          version: sql`${items.version} + 1`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ id: items.id, number: items.number, name: items.name });
    await recordAuditMany(
      tx,
      actor,
      written.map((w) => ({
        entity: 'item',
        entityId: w.id,
        action: existing.has(w.number) ? 'import-update' : 'import-create',
        after: w,
      })),
    );
    return { created: written.length - existing.size, updated: existing.size, boms: 0 };
  });
}

interface ImportedLine {
  child: string;
  quantity: number;
  scrap: number;
  position?: number;
  operation?: string;
  uom?: string;
}

/** Writes one draft BOM revision per parent, resolving item numbers set-based. */
async function writeDraftBoms(
  tx: Tx,
  actor: Actor,
  byParent: Map<string, ImportedLine[]>,
  revision?: string,
): Promise<number> {
  const numbers = [...new Set([...byParent.keys(), ...[...byParent.values()].flat().map((l) => l.child)])];
  const found = await tx
    .select({ id: items.id, number: items.number })
    .from(items)
    .where(inArray(items.number, numbers));
  const idOf = new Map(found.map((f) => [f.number, f.id]));
  const service = new BomService(tx);
  for (const [parent, lines] of byParent) {
    await service.create(actor, idOf.get(parent)!, {
      revision,
      lines: lines.map((l, i) => ({
        position: l.position ?? (i + 1) * 10,
        childItemId: idOf.get(l.child)!,
        quantityPer: l.quantity,
        scrapFactor: l.scrap,
        operationNumber: l.operation ?? null,
        uom: l.uom ?? null,
      })),
    });
  }
  return byParent.size;
}

/** Flat BOM CSV: parent,child,quantity[,scrap,position,operation,uom]; one new draft revision per parent. */
export async function importBoms(db: Db, actor: Actor, text: string): Promise<ImportResult> {
  const rows = readCsv(text);
  const col = requireColumns(rows, {
    parent: ['parent', 'parent number'],
    child: ['child', 'component', 'child number'],
    quantity: ['quantity', 'qty', 'quantity per'],
  });
  const optional = {
    scrap: pickColumn(rows, ['scrap', 'scrap factor']),
    position: pickColumn(rows, ['position', 'pos']),
    operation: pickColumn(rows, ['operation']),
    uom: pickColumn(rows, ['uom', 'unit']),
  };
  const referenced = [...new Set(rows.flatMap((r) => [cell(r, col.parent), cell(r, col.child)]))].filter(
    Boolean,
  );
  const known = new Set(
    referenced.length
      ? (await db.select({ number: items.number }).from(items).where(inArray(items.number, referenced))).map(
          (r) => r.number,
        )
      : [],
  );
  const issues: FieldIssue[] = [];
  const byParent = new Map<string, ImportedLine[]>();
  for (const row of rows) {
    const at = `line ${row.line}`;
    const parent = cell(row, col.parent);
    const child = cell(row, col.child);
    const quantity = parseDecimal(cell(row, col.quantity));
    const scrap = parseDecimal(cell(row, optional.scrap)) ?? 0;
    const position = parseDecimal(cell(row, optional.position));
    for (const [name, number] of [
      ['parent', parent],
      ['child', child],
    ] as const) {
      if (!number) issues.push({ field: at, rule: 'required', message: `${name} is empty` });
      else if (!known.has(number))
        issues.push({
          field: at,
          rule: 'reference',
          message: `item ${number} does not exist (import items first)`,
        });
    }
    if (quantity === undefined || !(quantity > 0))
      issues.push({
        field: at,
        rule: 'positive',
        message: `quantity must be a positive number, got '${cell(row, col.quantity)}'`,
      });
    if (!(scrap >= 0 && scrap < 1))
      issues.push({ field: at, rule: 'range', message: 'scrap must be between 0 and 1' });
    if (position !== undefined && !Number.isInteger(position))
      issues.push({ field: at, rule: 'integer', message: 'position must be a whole number' });
    byParent.set(parent, [
      ...(byParent.get(parent) ?? []),
      {
        child,
        quantity: quantity ?? 0,
        scrap,
        position,
        operation: cell(row, optional.operation) || undefined,
        uom: cell(row, optional.uom) || undefined,
      },
    ]);
  }
  rejectIfIssues(issues);
  return db.transaction(async (tx) => ({
    created: 0,
    updated: 0,
    boms: await writeDraftBoms(tx, actor, byParent),
  }));
}

/**
 * Indented CAD BOM (SolidWorks / Inventor BOM table export): a Level column ('1', '1.2', '1.2.3'
 * or a plain depth), Part Number, Description, Quantity, optionally Material and Unit. The rows
 * become a draft BOM revision for the given parent and for every sub-assembly in the file;
 * unknown part numbers become new items (make when they have children in the file, else buy).
 */
export async function importCadBom(
  db: Db,
  actor: Actor,
  text: string,
  parentNumber: string,
  revision?: string,
): Promise<ImportResult> {
  const rows = readCsv(text);
  const col = requireColumns(rows, {
    level: ['level', 'item no', 'item number', 'item', 'structure level', 'indent'],
    part: ['part number', 'partnumber', 'part no', 'part'],
    quantity: ['qty', 'quantity', 'qty.'],
  });
  const description = pickColumn(rows, ['description', 'title', 'name']);
  const material = pickColumn(rows, ['material']);
  const unit = pickColumn(rows, ['unit', 'uom', 'unit of measure']);
  const [root] = await db.select({ id: items.id }).from(items).where(eq(items.number, parentNumber));
  if (!root) throw ruleViolation('parent', 'reference', `parent item ${parentNumber} does not exist`);
  const units = await knownUoms(db);

  // Item numbers (1, 1.1, 1.2.1, 2 as SolidWorks and Inventor write them) when any row has a
  // dot; otherwise the column holds the depth itself (1, 2, 3).
  const dotted = rows.some((r) => cell(r, col.level).includes('.'));
  const issues: FieldIssue[] = [];
  const stack: string[] = [parentNumber]; // stack[d] = part at depth d (0 = the parent)
  const byParent = new Map<string, ImportedLine[]>();
  const newItems = new Map<string, { name: string; uom: string; material: string; line: number }>();
  const hasChildren = new Set<string>();
  for (const row of rows) {
    const at = `line ${row.line}`;
    const levelCell = cell(row, col.level);
    const depth = /^\d+(\.\d+)*$/.test(levelCell)
      ? dotted
        ? levelCell.split('.').length
        : Number(levelCell)
      : Number.NaN;
    const part = cell(row, col.part);
    const quantity = parseDecimal(cell(row, col.quantity));
    const unitCell = cell(row, unit); // empty: the line counts in the child's own base unit
    const uom = unitCell || 'pcs';
    if (!Number.isInteger(depth) || depth < 1) {
      issues.push({ field: at, rule: 'level', message: `level '${levelCell}' is not like 1, 1.2 or 1.2.3` });
      continue;
    }
    if (depth > stack.length) {
      issues.push({
        field: at,
        rule: 'level',
        message: `level ${levelCell} skips a level (the row above is at level ${stack.length - 1})`,
      });
      continue;
    }
    if (!part) issues.push({ field: at, rule: 'required', message: 'part number is empty' });
    if (quantity === undefined || !(quantity > 0))
      issues.push({
        field: at,
        rule: 'positive',
        message: `quantity must be a positive number, got '${cell(row, col.quantity)}'`,
      });
    if (!units.has(uom)) issues.push({ field: at, rule: 'reference', message: `unit ${uom} does not exist` });
    stack.length = depth;
    const parent = stack[depth - 1];
    stack.push(part);
    hasChildren.add(parent);
    const lines = byParent.get(parent) ?? [];
    const same = lines.find((l) => l.child === part);
    if (same)
      same.quantity += quantity ?? 0; // the same part twice under one parent: one line
    else lines.push({ child: part, quantity: quantity ?? 0, scrap: 0, uom: unitCell || undefined });
    byParent.set(parent, lines);
    if (!newItems.has(part))
      newItems.set(part, {
        name: cell(row, description) || part,
        uom,
        material: cell(row, material),
        line: row.line,
      });
  }
  rejectIfIssues(issues);

  return db.transaction(async (tx) => {
    const numbers = [...newItems.keys()];
    const existing = new Set(
      numbers.length
        ? (await tx.select({ number: items.number }).from(items).where(inArray(items.number, numbers))).map(
            (r) => r.number,
          )
        : [],
    );
    const toCreate = numbers.filter((n) => !existing.has(n));
    if (toCreate.length) {
      const created = await tx
        .insert(items)
        .values(
          toCreate.map((number) => {
            const info = newItems.get(number)!;
            return {
              number,
              name: info.name,
              description: info.material ? `Material: ${info.material}` : null,
              kind: hasChildren.has(number) ? ('make' as const) : ('buy' as const),
              strategy: 'MTO' as const,
              uom: info.uom,
            };
          }),
        )
        .returning({ id: items.id, number: items.number });
      await recordAuditMany(
        tx,
        actor,
        created.map((c) => ({ entity: 'item', entityId: c.id, action: 'import-create', after: c })),
      );
    }
    const boms = await writeDraftBoms(tx, actor, byParent, revision);
    return { created: toCreate.length, updated: 0, boms };
  });
}
