/**
 * What a non-conformance costs, and what of it the order's actual cost must add.
 *
 * The cost of a disposition (the NCR's `cost`, what poor quality cost):
 * - scrap: the parts' material plus the work already done on them. Material per part: the job's
 *   BOM components at standard cost (quantity per part with the line's scrap factor), or the
 *   item's own standard cost when the job has no BOM; work: the job's booked work so far (setup
 *   and run minutes and the operators' clocked minutes at the work centers' rates) pro rata of
 *   the scrapped quantity over the job quantity;
 * - rework: the rework operation's planned minutes at its work center's rates;
 * - use as is: nothing.
 *
 * The actual stage of an order already holds every minute booked on its jobs: the work done on
 * scrapped parts and, once the operators book it, the rework operation. What no booking carries
 * is the material that went with the scrapped parts, so that is what costing adds to the actual
 * stage (`scrappedMaterial`); adding the whole NCR cost would count the work twice. (The rework
 * operation's planned minutes reach the committed stage as an operation of the released job.)
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

/** Material in one part of a job `j` (with its item `i`): its BOM at standard cost, else the item's standard cost. */
const materialPerPart = sql`coalesce(
  (select sum(l.quantity_per * (1 + l.scrap_factor) * c.standard_cost_amount)
   from bom_lines l join items c on c.id = l.child_item_id
   where l.bom_id = j.bom_id),
  i.standard_cost_amount)`;

/** Material in one part of each job, in minor units (see above). One query. */
export async function materialPerPartOfJobs(db: Db | Tx, jobIds: string[]): Promise<Map<string, number>> {
  if (jobIds.length === 0) return new Map();
  const rows = await queryRows<{ job_id: string; material: string }>(
    db,
    sql`select j.id as job_id, ${materialPerPart} as material
        from production_jobs j join items i on i.id = j.item_id
        where j.id in ${idList(jobIds)}`,
  );
  return new Map(rows.map((r) => [r.job_id, Number(r.material)]));
}

/**
 * The cost of the dispositioned non-conformances of these jobs: `cost` in total, and
 * `scrappedMaterial`, the part the actual stage adds (see above). One query. The scrapped
 * material is valued at today's standard costs (the NCR keeps only its total).
 */
export async function nonConformanceCostOfJobs(
  db: Db | Tx,
  jobIds: string[],
): Promise<Map<string, { cost: number; scrappedMaterial: number }>> {
  if (jobIds.length === 0) return new Map();
  const rows = await queryRows<{ job_id: string; cost: string; scrapped_material: string }>(
    db,
    sql`with material as (
          select j.id as job_id, ${materialPerPart} as per_part
          from production_jobs j join items i on i.id = j.item_id
          where j.id in ${idList(jobIds)})
        select o.job_id, sum(n.cost) as cost,
          coalesce(sum(least(n.cost, round(n.quantity * m.per_part))) filter (where n.disposition = 'scrap'), 0)
            as scrapped_material
        from non_conformances n
        join job_operations o on o.id = n.job_operation_id
        join material m on m.job_id = o.job_id
        where n.disposition is not null
        group by o.job_id`,
  );
  return new Map(
    rows.map((r) => [r.job_id, { cost: Number(r.cost), scrappedMaterial: Number(r.scrapped_material) }]),
  );
}

/** The cost of scrapping `quantity` parts of a job: their material and their share of the booked work. */
export function scrapCost(input: {
  quantity: number;
  jobQuantity: number;
  materialPerPart: number;
  bookedWork: number;
}): { material: number; work: number; total: number } {
  const material = Math.round(input.quantity * input.materialPerPart);
  const share = input.jobQuantity > 0 ? Math.min(1, input.quantity / input.jobQuantity) : 0;
  const work = Math.round(input.bookedWork * share);
  return { material, work, total: material + work };
}

const idList = (ids: string[]): SQL =>
  sql`(${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
