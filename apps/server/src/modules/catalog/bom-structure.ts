/**
 * The BOM structure as a graph, queried set-based: one recursive CTE per question, never a
 * query per node. A parent's structure is its released BOM revision effective at a date.
 */
import type { ExplosionLine, WhereUsedLine } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { unitChangeKey, unitFactors } from './uom-service';

/**
 * Revisions effective at :date, one per item (the latest validFrom wins). An obsoleted revision
 * stays effective until its validTo, the day its successor was released to take over.
 */
const effectiveBoms = (date: string) => sql`
  effective as (
    select distinct on (item_id) id, item_id, revision
    from boms
    where status in ('released', 'obsolete')
      and (valid_from is null or valid_from <= ${date}::date)
      and (valid_to is null or valid_to > ${date}::date)
    order by item_id, valid_from desc nulls last, revision desc
  )`;

interface ExplosionRow {
  level: number;
  sort_key: string;
  line_id: string;
  parent_item_id: string;
  item_id: string;
  number: string;
  name: string;
  kind: ExplosionLine['kind'];
  uom: string;
  base_uom: string;
  quantity_per: string;
  scrap_factor: string;
  revision: string;
  operation_number: string | null;
  has_children: boolean;
}
// has_children tests membership in the effective set (a hashed subplan), not a correlated
// EXISTS per row, which would scan the CTE once per line (quadratic on PostgreSQL).
// The sort key is fixed-width positions ('0010.0020'), so byte order ("C") is display order.

/** The explosion as one recursive query (exported for EXPLAIN in the benchmark). */
export const explosionSql = (itemId: string, date: string, depth: number) =>
  sql`with recursive ${effectiveBoms(date)},
    tree as (
      select 1 as level, lpad(l.position::text, 4, '0') as sort_key, l.id as line_id, e.item_id as parent_item_id,
             l.child_item_id, l.quantity_per, l.scrap_factor, l.uom, l.operation_number, e.revision,
             array[e.item_id, l.child_item_id] as path
      from effective e join bom_lines l on l.bom_id = e.id
      where e.item_id = ${itemId}
      union all
      select t.level + 1, t.sort_key || '.' || lpad(l.position::text, 4, '0'), l.id, e.item_id,
             l.child_item_id, l.quantity_per, l.scrap_factor, l.uom, l.operation_number, e.revision,
             t.path || l.child_item_id
      from tree t
      join effective e on e.item_id = t.child_item_id
      join bom_lines l on l.bom_id = e.id
      where t.level < ${depth} and not (l.child_item_id = any(t.path))
    )
    select t.level, t.sort_key, t.line_id, t.parent_item_id, t.child_item_id as item_id, i.number, i.name, i.kind,
           t.uom, i.uom as base_uom, t.quantity_per, t.scrap_factor, t.revision, t.operation_number,
           t.child_item_id in (select item_id from effective) as has_children
    from tree t join items i on i.id = t.child_item_id
    order by t.sort_key collate "C"`;

/**
 * Factor that turns one unit of a line (its own unit) into the child's base unit, in which the
 * child's own BOM counts. One query for all lines of a structure; 1 when the units agree.
 */
async function lineFactors(db: Db, lines: { itemId: string; from: string; to: string }[]) {
  const factors = await unitFactors(db, lines);
  return (line: { itemId: string; from: string; to: string }) => {
    const factor = factors.get(unitChangeKey(line));
    if (factor === undefined)
      throw ruleViolation(
        'uom',
        'conversion',
        `no conversion from ${line.from} to ${line.to} for a BOM line`,
      );
    return factor;
  };
}

/**
 * Indented multi-level explosion of an item, in display order. The extended quantity of a line
 * is in the line's unit, per one root: the product of quantity × (1 + scrap) down the path,
 * converted into each intermediate child's base unit (one pass over the depth-first rows).
 */
export async function explodeBom(
  db: Db,
  itemId: string,
  date: string,
  depth: number,
): Promise<ExplosionLine[]> {
  const rows = await queryRows<ExplosionRow>(db, explosionSql(itemId, date, depth));
  const factorOf = await lineFactors(
    db,
    rows.map((r) => ({ itemId: r.item_id, from: r.uom, to: r.base_uom })),
  );
  const basePerRoot: number[] = [1]; // [level] = quantity of that level's item, base unit, per root
  return rows.map((r) => {
    const quantityPer = Number(r.quantity_per);
    const scrapFactor = Number(r.scrap_factor);
    const extendedQuantity = basePerRoot[r.level - 1] * quantityPer * (1 + scrapFactor);
    basePerRoot[r.level] = extendedQuantity * factorOf({ itemId: r.item_id, from: r.uom, to: r.base_uom });
    return {
      level: r.level,
      sortKey: r.sort_key,
      lineId: r.line_id,
      parentItemId: r.parent_item_id,
      itemId: r.item_id,
      number: r.number,
      name: r.name,
      kind: r.kind,
      uom: r.uom,
      quantityPer,
      scrapFactor,
      extendedQuantity,
      revision: r.revision,
      operationNumber: r.operation_number,
      hasChildren: r.has_children,
    };
  });
}

interface WhereUsedRow {
  level: number;
  sort_key: string;
  item_id: string;
  number: string;
  name: string;
  kind: WhereUsedLine['kind'];
  quantity_per: string;
  scrap_factor: string;
  uom: string;
  child_item_id: string;
  child_base_uom: string;
  revision: string;
}

/**
 * Every assembly that uses the item, directly (level 1) or further up, in display order
 * (depth-first: a parent follows the assembly it contains). The extended quantity is how much
 * of the item, in its base unit, one of that assembly holds, scrap and unit changes included.
 */
export async function whereUsed(db: Db, itemId: string, date: string, depth = 50): Promise<WhereUsedLine[]> {
  const rows = await queryRows<WhereUsedRow>(
    db,
    sql`with recursive ${effectiveBoms(date)},
    up as (
      select 1 as level, array[i.number::text] as number_path, e.item_id, l.child_item_id,
             l.quantity_per, l.scrap_factor, l.uom, e.revision, array[l.child_item_id, e.item_id] as path
      from bom_lines l join effective e on e.id = l.bom_id join items i on i.id = e.item_id
      where l.child_item_id = ${itemId}
      union all
      select u.level + 1, u.number_path || i.number::text, e.item_id, l.child_item_id,
             l.quantity_per, l.scrap_factor, l.uom, e.revision, u.path || e.item_id
      from up u
      join bom_lines l on l.child_item_id = u.item_id
      join effective e on e.id = l.bom_id
      join items i on i.id = e.item_id
      where u.level < ${depth} and not (e.item_id = any(u.path))
    )
    select u.level, array_to_string(u.number_path, '/') as sort_key, u.item_id, i.number, i.name, i.kind,
           u.quantity_per, u.scrap_factor, u.uom, u.child_item_id, c.uom as child_base_uom, u.revision
    from up u join items i on i.id = u.item_id join items c on c.id = u.child_item_id
    order by u.number_path`,
  );
  const lineUnit = (r: WhereUsedRow) => ({ itemId: r.child_item_id, from: r.uom, to: r.child_base_uom });
  const factorOf = await lineFactors(db, rows.map(lineUnit));
  const perAssembly: number[] = [1]; // [level] = base units of the item in one assembly of that level
  return rows.map((r) => {
    const quantityPer = Number(r.quantity_per);
    const extendedQuantity =
      perAssembly[r.level - 1] * quantityPer * (1 + Number(r.scrap_factor)) * factorOf(lineUnit(r));
    perAssembly[r.level] = extendedQuantity;
    return {
      level: r.level,
      sortKey: r.sort_key,
      itemId: r.item_id,
      number: r.number,
      name: r.name,
      kind: r.kind,
      quantityPer,
      uom: r.uom,
      extendedQuantity,
      revision: r.revision,
    };
  });
}

/**
 * A cycle through `itemId` in the structure formed by every draft and released revision, as
 * the item numbers along it (first = last), or undefined. Run inside the transaction that
 * changes lines, after writing them, so the check sees the change.
 */
export async function findCycleThrough(db: Db, itemId: string): Promise<string[] | undefined> {
  const [row] = await queryRows<{ numbers: string[] }>(
    db,
    sql`with recursive edges as (
      select distinct b.item_id as parent, l.child_item_id as child
      from boms b join bom_lines l on l.bom_id = b.id
      where b.status <> 'obsolete'
    ),
    walk as (
      select e.child as node, array[e.parent, e.child] as path
      from edges e where e.parent = ${itemId}
      union all
      select e.child, w.path || e.child
      from walk w join edges e on e.parent = w.node
      where w.node <> ${itemId} and (e.child = ${itemId} or not (e.child = any(w.path)))
    )
    select array(select i.number from unnest(w.path) with ordinality as p(id, n) join items i on i.id = p.id order by p.n) as numbers
    from walk w where w.node = ${itemId}
    order by array_length(w.path, 1)
    limit 1`,
  );
  return row?.numbers;
}
