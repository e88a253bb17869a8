/**
 * The BOM structure as a graph, queried set-based: one recursive CTE per question, never a
 * query per node. A parent's structure is its released BOM revision effective at a date.
 */
import type { ExplosionLine, WhereUsedLine } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/database';

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
  quantity_per: string;
  scrap_factor: string;
  extended_quantity: string;
  revision: string;
  operation_number: string | null;
  has_children: boolean;
}
// has_children tests membership in the effective set (a hashed subplan), not a correlated
// EXISTS per row, which would scan the CTE once per line (quadratic on PostgreSQL).

/** Indented multi-level explosion of an item, in display order. */
export async function explodeBom(
  db: Db,
  itemId: string,
  date: string,
  depth: number,
): Promise<ExplosionLine[]> {
  const rows = await queryRows<ExplosionRow>(
    db,
    sql`with recursive ${effectiveBoms(date)},
    tree as (
      select 1 as level, lpad(l.position::text, 4, '0') as sort_key, l.id as line_id, e.item_id as parent_item_id,
             l.child_item_id, l.quantity_per, l.scrap_factor, l.uom, l.operation_number, e.revision,
             (l.quantity_per * (1 + l.scrap_factor))::numeric as extended_quantity,
             array[e.item_id, l.child_item_id] as path
      from effective e join bom_lines l on l.bom_id = e.id
      where e.item_id = ${itemId}
      union all
      select t.level + 1, t.sort_key || '.' || lpad(l.position::text, 4, '0'), l.id, e.item_id,
             l.child_item_id, l.quantity_per, l.scrap_factor, l.uom, l.operation_number, e.revision,
             t.extended_quantity * l.quantity_per * (1 + l.scrap_factor), t.path || l.child_item_id
      from tree t
      join effective e on e.item_id = t.child_item_id
      join bom_lines l on l.bom_id = e.id
      where t.level < ${depth} and not (l.child_item_id = any(t.path))
    )
    select t.level, t.sort_key, t.line_id, t.parent_item_id, t.child_item_id as item_id, i.number, i.name, i.kind,
           t.uom, t.quantity_per, t.scrap_factor, t.extended_quantity, t.revision, t.operation_number,
           t.child_item_id in (select item_id from effective) as has_children
    from tree t join items i on i.id = t.child_item_id
    order by t.sort_key`,
  );
  return rows.map((r) => ({
    level: r.level,
    sortKey: r.sort_key,
    lineId: r.line_id,
    parentItemId: r.parent_item_id,
    itemId: r.item_id,
    number: r.number,
    name: r.name,
    kind: r.kind,
    uom: r.uom,
    quantityPer: Number(r.quantity_per),
    scrapFactor: Number(r.scrap_factor),
    extendedQuantity: Number(r.extended_quantity),
    revision: r.revision,
    operationNumber: r.operation_number,
    hasChildren: r.has_children,
  }));
}

interface WhereUsedRow {
  level: number;
  sort_key: string;
  item_id: string;
  number: string;
  name: string;
  kind: WhereUsedLine['kind'];
  quantity_per: string;
  extended_quantity: string;
  revision: string;
}

/** Every assembly that uses the item, directly (level 1) or further up, in display order. */
export async function whereUsed(db: Db, itemId: string, date: string, depth = 50): Promise<WhereUsedLine[]> {
  const rows = await queryRows<WhereUsedRow>(
    db,
    sql`with recursive ${effectiveBoms(date)},
    up as (
      select 1 as level, i.number::text as sort_key, e.item_id, l.quantity_per, e.revision,
             (l.quantity_per * (1 + l.scrap_factor))::numeric as extended_quantity,
             array[l.child_item_id, e.item_id] as path
      from bom_lines l join effective e on e.id = l.bom_id join items i on i.id = e.item_id
      where l.child_item_id = ${itemId}
      union all
      select u.level + 1, u.sort_key || '/' || i.number, e.item_id, l.quantity_per, e.revision,
             u.extended_quantity * l.quantity_per * (1 + l.scrap_factor), u.path || e.item_id
      from up u
      join bom_lines l on l.child_item_id = u.item_id
      join effective e on e.id = l.bom_id
      join items i on i.id = e.item_id
      where u.level < ${depth} and not (e.item_id = any(u.path))
    )
    select u.level, u.sort_key, u.item_id, i.number, i.name, i.kind, u.quantity_per, u.extended_quantity, u.revision
    from up u join items i on i.id = u.item_id
    order by u.sort_key`,
  );
  return rows.map((r) => ({
    level: r.level,
    sortKey: r.sort_key,
    itemId: r.item_id,
    number: r.number,
    name: r.name,
    kind: r.kind,
    quantityPer: Number(r.quantity_per),
    extendedQuantity: Number(r.extended_quantity),
    revision: r.revision,
  }));
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
