/**
 * The components of jobs as MRP counts them (`job-component-needs.ts`), read for a few jobs:
 * what the shop floor's material list of a job shows and issues (`production/job-material.ts`),
 * so the terminal asks for what the plan buys. The BOM in force today (as `readPlant` reads it)
 * of the jobs' items and their phantoms, or a job's configured order line's frozen structure.
 * Three queries whatever the number of jobs.
 */
import type { MrpBomLine } from '@takt/engine';
import { inArray, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { groupBy } from '../../platform/group-by';
import { effectiveBomLines } from '../catalog/plant-structure';
import { items } from '../catalog/tables/items';
import { type JobComponentLine, jobComponentLines, jobStructure } from './job-component-needs';
import type { ConfiguredStructure } from './planning-catalog';

/** The date whose BOM revisions planning reads the plant with. */
export const structureDate = () => new Date().toISOString().slice(0, 10);

const mrpLine = (l: ConfiguredStructure['bom'][number]): MrpBomLine => ({
  parentId: l.parentItemId,
  childId: l.childItemId,
  quantityPer: l.quantityPer,
  scrapFactor: l.scrapFactor,
  ...(l.operationNumber ? { operationId: l.operationNumber } : {}),
});

/** Each job's components by job id (a job whose item has no structure has none). */
export async function componentsOfJobs(
  db: Db | Tx,
  jobs: readonly { id: string; itemId: string; salesOrderLineId: string | null }[],
): Promise<Map<string, JobComponentLine[]>> {
  const lineIds = [...new Set(jobs.flatMap((j) => (j.salesOrderLineId ? [j.salesOrderLineId] : [])))];
  // one after the other: `db` may be a transaction's single connection
  const frozen =
    lineIds.length === 0
      ? []
      : await queryRows<{ id: string; bom: ConfiguredStructure['bom'] | null }>(
          db,
          sql`select id, frozen_structure->'configuration'->'structure'->'bom' as bom
              from sales_order_lines
              where id in (${sql.join(
                lineIds.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`,
        );
  const configuredOf = new Map(
    frozen.flatMap((r) => (r.bom ? [[r.id, groupBy(r.bom.map(mrpLine), (l) => l.parentId)] as const] : [])),
  );
  const configuredItems = [...configuredOf.values()].flatMap((g) =>
    [...g.values()].flat().map((l) => l.childId),
  );
  const standard = groupBy(
    (
      await effectiveBomLines(db, structureDate(), [
        ...new Set([...jobs.map((j) => j.itemId), ...configuredItems]),
      ])
    ).map(mrpLine),
    (l) => l.parentId,
  );
  const children = [
    ...new Set([...standard.values(), ...[...configuredOf.values()].flatMap((g) => [...g.values()])].flat()),
  ].map((l) => l.childId);
  const kindOf = new Map(
    children.length === 0
      ? []
      : (
          await db
            .select({ id: items.id, kind: items.kind })
            .from(items)
            .where(inArray(items.id, [...new Set(children)]))
        ).map((r) => [r.id, r.kind] as const),
  );
  return new Map(
    jobs.map((j) => [
      j.id,
      jobComponentLines(
        j.itemId,
        jobStructure(standard, j.salesOrderLineId ? configuredOf.get(j.salesOrderLineId) : undefined),
        kindOf,
      ),
    ]),
  );
}
