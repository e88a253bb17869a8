/**
 * What was released early for procurement (`partial-release-service.ts`): for each designed
 * item, the child items of the lines its releases put in force (`bom_releases`: the released
 * revision's lines at the release's positions, partial or full). Planning does not hold them for
 * the rest of the design (`planning/engineering-work.ts`). One query.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

export async function releasedEarly(db: Db | Tx, itemIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (itemIds.length === 0) return out;
  const rows = await queryRows<{ item_id: string; child_item_id: string }>(
    db,
    sql`select distinct r.item_id, l.child_item_id
        from bom_releases r
        join bom_lines l on l.bom_id = r.released_bom_id
          and l.position in (select (jsonb_array_elements_text(r.positions))::int)
        where r.item_id in (select (jsonb_array_elements_text(${JSON.stringify([...new Set(itemIds)])}::jsonb))::uuid)
        order by r.item_id, l.child_item_id`,
  );
  for (const r of rows) out.set(r.item_id, [...(out.get(r.item_id) ?? []), r.child_item_id]);
  return out;
}
