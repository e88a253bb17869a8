/**
 * Imports of items, flat BOMs and indented CAD BOMs from CSV (CAD BOMs also from XLSX). Everything is validated first and
 * written in one transaction: a bad file is rejected with its line numbers and writes nothing.
 */
import type { CadImportPreview } from '@takt/contracts';
import { createItemBody, issueMethods } from '@takt/contracts';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Actor, recordAuditMany } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import type { FieldIssue } from '../../platform/errors';
import { ruleViolation } from '../../platform/errors';
import { BomService } from './bom-service';
import { type CsvRow, parseDecimal, pickColumn, readCsv, rejectIfIssues, requireColumns } from './csv-file';
import { bomLines, boms } from './tables/boms';
import { items, uoms } from './tables/items';
import { readXlsx } from './xlsx-file';

export interface ImportResult {
  created: number;
  updated: number;
  boms: number;
}

const cell = (row: CsvRow, column: string | undefined) => (column ? (row.values[column] ?? '').trim() : '');

async function knownUoms(db: Db | Tx): Promise<Set<string>> {
  return new Set((await db.select({ code: uoms.code }).from(uoms)).map((u) => u.code));
}

/**
 * Items CSV: number,name,kind[,strategy,uom,family,standard_cost,currency,lead_time_days,issue_method,description].
 * Upserts by number. `issue_method` is how jobs take the item as a component: manual or
 * backflush (empty: manual).
 */
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
    issueMethod: pickColumn(rows, ['issue method', 'issue']),
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
    const issueMethod = issueMethods.find((m) => m === cell(row, optional.issueMethod).toLowerCase());
    if (cell(row, optional.issueMethod) && !issueMethod)
      issues.push({
        field: at,
        rule: 'issue-method',
        message: `issue_method must be ${issueMethods.join(' or ')}, got '${cell(row, optional.issueMethod)}'`,
      });
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
      issueMethod,
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
          issueMethod: v.issueMethod ?? 'manual',
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
          ...(optional.issueMethod ? { issueMethod: sql`excluded.issue_method` } : {}),
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
): Promise<{ itemNumber: string; revision: string; bomId: string }[]> {
  if (byParent.size === 0) return [];
  const numbers = [...new Set([...byParent.keys(), ...[...byParent.values()].flat().map((l) => l.child)])];
  const found = await tx
    .select({ id: items.id, number: items.number })
    .from(items)
    .where(inArray(items.number, numbers));
  const idOf = new Map(found.map((f) => [f.number, f.id]));
  const service = new BomService(tx);
  const written: { itemNumber: string; revision: string; bomId: string }[] = [];
  for (const [parent, lines] of byParent) {
    const bom = await service.create(actor, idOf.get(parent)!, {
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
    written.push({ itemNumber: parent, revision: bom.revision, bomId: bom.id });
  }
  return written;
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
    boms: (await writeDraftBoms(tx, actor, byParent)).length,
  }));
}

/** A CAD BOM file: CSV text, or the bytes of an XLSX workbook. */
export type CadFile = string | Uint8Array;

/** The rows of a CAD BOM file, CSV or XLSX alike. */
export const readCadRows = (file: CadFile) =>
  typeof file === 'string' ? Promise.resolve(readCsv(file)) : readXlsx(file);

interface CadPart {
  name: string;
  uom: string;
  material: string;
  line: number;
}

/** A CAD BOM read and checked: the lines per parent (root first, then in file order), the parts seen. */
interface CadStructure {
  root: { id: string; number: string };
  byParent: Map<string, ImportedLine[]>;
  depthOf: Map<string, number>;
  parts: Map<string, CadPart>;
  hasChildren: Set<string>;
}

/**
 * Indented CAD BOM (SolidWorks / Inventor BOM table, AutoCAD Electrical export): a Level column
 * ('1', '1.2', '1.2.3' item numbers or a plain depth), Part Number, Description, Quantity,
 * optionally Material and Unit. Validated whole: a bad file is rejected with every bad row
 * ('line N': the file's line, or the sheet's row) and its reason.
 */
async function readCadStructure(db: Db | Tx, file: CadFile, root: { id: string; number: string }) {
  const rows = await readCadRows(file);
  const col = requireColumns(rows, {
    level: ['level', 'item no', 'item number', 'item', 'structure level', 'indent', 'pos', 'position'],
    part: ['part number', 'partnumber', 'part no', 'part', 'document number', 'catalog'],
    quantity: ['qty', 'quantity', 'qty.'],
  });
  const description = pickColumn(rows, ['description', 'title', 'name']);
  const material = pickColumn(rows, ['material']);
  const unit = pickColumn(rows, ['unit', 'uom', 'unit of measure']);
  const units = await knownUoms(db);

  // Item numbers (1, 1.1, 1.2.1, 2 as SolidWorks and Inventor write them) when any row has a
  // dot; otherwise the column holds the depth itself (1, 2, 3).
  const dotted = rows.some((r) => cell(r, col.level).includes('.'));
  const issues: FieldIssue[] = [];
  const stack: string[] = [root.number]; // stack[d] = part at depth d (0 = the parent)
  const byParent = new Map<string, ImportedLine[]>();
  const depthOf = new Map<string, number>([[root.number, 0]]);
  const parts = new Map<string, CadPart>();
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
    else if (part === root.number || stack.slice(0, depth).includes(part))
      issues.push({ field: at, rule: 'no-cycle', message: `${part} would contain itself` });
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
    if (!depthOf.has(parent)) depthOf.set(parent, depth - 1);
    const lines = byParent.get(parent) ?? [];
    const same = lines.find((l) => l.child === part);
    if (same)
      same.quantity += quantity ?? 0; // the same part twice under one parent: one line
    else lines.push({ child: part, quantity: quantity ?? 0, scrap: 0, uom: unitCell || undefined });
    byParent.set(parent, lines);
    if (!parts.has(part))
      parts.set(part, {
        name: cell(row, description) || part,
        uom,
        material: cell(row, material),
        line: row.line,
      });
  }
  rejectIfIssues(issues);
  // matching: part numbers that exist are used as they are; a known bought part cannot become an assembly
  const numbers = [...parts.keys()];
  const known = numbers.length
    ? await db
        .select({ id: items.id, number: items.number, name: items.name, kind: items.kind, uom: items.uom })
        .from(items)
        .where(inArray(items.number, numbers))
    : [];
  const knownIssues = known
    .filter((k) => k.kind === 'buy' && hasChildren.has(k.number))
    .map((k) => ({
      field: `line ${parts.get(k.number)!.line}`,
      rule: 'make-item',
      message: `${k.number} is a bought item; it cannot have components in the file`,
    }));
  rejectIfIssues(knownIssues);
  return { root, byParent, depthOf, parts, hasChildren, known } satisfies CadStructure & {
    known: typeof known;
  };
}

type ReadCad = Awaited<ReturnType<typeof readCadStructure>>;

async function cadRoot(db: Db | Tx, root: { id?: string; number?: string }) {
  const [row] = await db
    .select({ id: items.id, number: items.number, kind: items.kind })
    .from(items)
    .where(root.id ? eq(items.id, root.id) : eq(items.number, root.number ?? ''));
  if (!row)
    throw ruleViolation('parent', 'reference', `parent item ${root.number ?? root.id} does not exist`);
  if (row.kind === 'buy')
    throw ruleViolation('parent', 'make-item', `${row.number} is a buy item; only made items have a BOM`);
  return row;
}

/**
 * The current revision of each assembly: the released one, else the newest draft. Its lines by
 * child number: one query for all assemblies.
 */
async function currentRevisions(db: Db | Tx, itemIds: string[]) {
  if (itemIds.length === 0)
    return new Map<
      string,
      {
        revision: string;
        status: string;
        lines: Map<string, { quantity: number; uom: string; name: string }>;
      }
    >();
  const headers = await db
    .select({ id: boms.id, itemId: boms.itemId, revision: boms.revision, status: boms.status })
    .from(boms)
    .where(and(inArray(boms.itemId, itemIds), ne(boms.status, 'obsolete')));
  const current = new Map<string, (typeof headers)[number]>();
  for (const h of headers) {
    const seen = current.get(h.itemId);
    const rank = (x: typeof h) => (x.status === 'released' ? 1 : 0);
    if (!seen || rank(h) > rank(seen) || (rank(h) === rank(seen) && h.revision > seen.revision))
      current.set(h.itemId, h);
  }
  const ids = [...current.values()].map((h) => h.id);
  const lines = ids.length
    ? await db
        .select({
          bomId: bomLines.bomId,
          number: items.number,
          name: items.name,
          quantity: bomLines.quantityPer,
          uom: bomLines.uom,
        })
        .from(bomLines)
        .innerJoin(items, eq(items.id, bomLines.childItemId))
        .where(inArray(bomLines.bomId, ids))
    : [];
  return new Map(
    [...current.values()].map((h) => [
      h.itemId,
      {
        revision: h.revision,
        status: h.status,
        lines: new Map(
          lines
            .filter((l) => l.bomId === h.id)
            .map((l) => [l.number, { quantity: Number(l.quantity), uom: l.uom, name: l.name }]),
        ),
      },
    ]),
  );
}

/** The file against the current revision of every assembly in it: what applying would change. */
async function diffCad(db: Db | Tx, cad: ReadCad): Promise<CadImportPreview> {
  const knownByNumber = new Map(cad.known.map((k) => [k.number, k]));
  knownByNumber.set(cad.root.number, { ...cad.root, name: cad.root.number, kind: 'make', uom: 'pcs' });
  const assemblyIds = [...cad.byParent.keys()].flatMap((n) => {
    const k = knownByNumber.get(n);
    return k ? [k.id] : [];
  });
  const revisions = await currentRevisions(db, assemblyIds);
  const assemblies = [...cad.byParent.entries()].map(([number, lines]) => {
    const known = knownByNumber.get(number);
    const current = known ? revisions.get(known.id) : undefined;
    const before = current?.lines ?? new Map();
    const rows: CadImportPreview['assemblies'][number]['lines'] = [];
    for (const line of lines) {
      const was = before.get(line.child);
      const uomAfter = line.uom ?? knownByNumber.get(line.child)?.uom ?? cad.parts.get(line.child)!.uom;
      const name = knownByNumber.get(line.child)?.name ?? cad.parts.get(line.child)!.name;
      const change = !was
        ? ('added' as const)
        : was.quantity !== line.quantity || was.uom !== uomAfter
          ? ('changed' as const)
          : ('unchanged' as const);
      rows.push({
        change,
        childNumber: line.child,
        childName: name,
        newItem: !knownByNumber.has(line.child),
        quantityBefore: was?.quantity ?? null,
        quantityAfter: line.quantity,
        uomBefore: was?.uom ?? null,
        uomAfter,
      });
    }
    const inFile = new Set(lines.map((l) => l.child));
    for (const [child, was] of before)
      if (!inFile.has(child))
        rows.push({
          change: 'removed',
          childNumber: child,
          childName: was.name,
          newItem: false,
          quantityBefore: was.quantity,
          quantityAfter: null,
          uomBefore: was.uom,
          uomAfter: null,
        });
    const changed = rows.some((r) => r.change !== 'unchanged');
    return {
      itemNumber: number,
      itemId: known?.id ?? null,
      level: cad.depthOf.get(number) ?? 0,
      baseRevision: current
        ? { revision: current.revision, status: current.status as 'released' | 'draft' }
        : null,
      status: !current ? ('new' as const) : changed ? ('changed' as const) : ('unchanged' as const),
      lines: rows,
    };
  });
  const newItems = [...cad.parts.entries()]
    .filter(([number]) => !knownByNumber.has(number))
    .map(([number, part]) => ({
      number,
      name: part.name,
      kind: cad.hasChildren.has(number) ? ('make' as const) : ('buy' as const),
      uom: part.uom,
      material: part.material || null,
      line: part.line,
    }));
  const all = assemblies.flatMap((a) => a.lines);
  return {
    itemId: cad.root.id,
    itemNumber: cad.root.number,
    assemblies,
    newItems,
    summary: {
      added: all.filter((l) => l.change === 'added').length,
      removed: all.filter((l) => l.change === 'removed').length,
      changed: all.filter((l) => l.change === 'changed').length,
      unchanged: all.filter((l) => l.change === 'unchanged').length,
      newItems: newItems.length,
      revisionsToWrite: assemblies.filter((a) => a.status !== 'unchanged').length,
    },
  };
}

/** What importing the file under the item would change, against each assembly's current revision. Writes nothing. */
export async function previewCadBom(
  db: Db,
  file: CadFile,
  root: { id?: string; number?: string },
): Promise<CadImportPreview> {
  const item = await cadRoot(db, root);
  return diffCad(db, await readCadStructure(db, file, item));
}

/**
 * Imports the file in one transaction: unknown part numbers become new items (make when they
 * have children in the file, else buy; the material noted in the description), and every
 * assembly whose lines differ from its current revision gets a new draft revision. Unchanged
 * assemblies are left alone. Returns the counts and the diff that was applied.
 */
export async function applyCadBom(
  db: Db,
  actor: Actor,
  file: CadFile,
  root: { id?: string; number?: string },
  revision?: string,
): Promise<
  ImportResult & {
    preview: CadImportPreview;
    revisions: { itemNumber: string; revision: string; bomId: string }[];
  }
> {
  return db.transaction(async (tx) => {
    const item = await cadRoot(tx, root);
    const cad = await readCadStructure(tx, file, item);
    const preview = await diffCad(tx, cad);
    const toCreate = preview.newItems;
    if (toCreate.length) {
      const created = await tx
        .insert(items)
        .values(
          toCreate.map((n) => ({
            number: n.number,
            name: n.name,
            description: n.material ? `Material: ${n.material}` : null,
            kind: n.kind,
            strategy: 'MTO' as const,
            uom: n.uom,
          })),
        )
        .returning({ id: items.id, number: items.number });
      await recordAuditMany(
        tx,
        actor,
        created.map((c) => ({ entity: 'item', entityId: c.id, action: 'import-create', after: c })),
      );
    }
    const changed = new Set(
      preview.assemblies.filter((a) => a.status !== 'unchanged').map((a) => a.itemNumber),
    );
    const byParent = new Map([...cad.byParent].filter(([parent]) => changed.has(parent)));
    const written = await writeDraftBoms(tx, actor, byParent, revision);
    return { created: toCreate.length, updated: 0, boms: written.length, preview, revisions: written };
  });
}

/** The CLI's and `/api/import/cad-bom`'s import under a parent named by number. */
export async function importCadBom(
  db: Db,
  actor: Actor,
  file: CadFile,
  parentNumber: string,
  revision?: string,
): Promise<ImportResult> {
  const { created, updated, boms } = await applyCadBom(db, actor, file, { number: parentNumber }, revision);
  return { created, updated, boms };
}
