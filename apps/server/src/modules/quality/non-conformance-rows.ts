/**
 * Non-conformances as the API shows them, with their job, operation, item and the rework
 * operation a rework disposition added: one query for any filter. Until non_conformances has a
 * column for its rework operation, the link is the rework operation's instructions, which begin
 * with the NCR number (`NCR-000001: …`; written only by the disposition).
 */
import type { NonConformance } from '@takt/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

interface Row {
  id: string;
  number: string;
  job_operation_id: string;
  job_id: string;
  job_number: string;
  job_quantity: string;
  job_status: string;
  operation_number: string;
  operation_name: string;
  run_per_piece: string;
  wc_code: string;
  item_number: string;
  item_name: string;
  quantity: string;
  description: string;
  status: NonConformance['status'];
  disposition: NonConformance['disposition'];
  cost: number;
  currency: string;
  reported_by_name: string | null;
  created_at: Date | string;
  rework_id: string | null;
  rework_number: string | null;
  rework_name: string | null;
  rework_status: string | null;
  rework_wc_code: string | null;
  version: number;
}

const from = sql`from non_conformances n
  join job_operations o on o.id = n.job_operation_id
  join production_jobs j on j.id = o.job_id
  join items i on i.id = j.item_id
  join work_centers w on w.id = o.work_center_id`;

/** The prefix of a rework operation's instructions that names its non-conformance. */
export const reworkInstructionsOf = (number: string, description: string) => `${number}: ${description}`;

export async function nonConformanceRows(
  db: Db | Tx,
  query: { where: SQL; limit: number; offset: number },
): Promise<NonConformance[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select n.id, n.number, n.job_operation_id, o.job_id, j.number as job_number,
          j.quantity as job_quantity, j.status as job_status, o.number as operation_number,
          o.name as operation_name, o.run_minutes / coalesce(o.quantity, j.quantity) as run_per_piece,
          w.code as wc_code, i.number as item_number, i.name as item_name,
          n.quantity, n.description, n.status, n.disposition, n.cost, n.currency,
          u.name as reported_by_name, n.created_at, n.version,
          r.id as rework_id, r.number as rework_number, r.name as rework_name,
          r.status as rework_status, rw.code as rework_wc_code
        ${from}
        left join users u on u.id = n.reported_by
        left join lateral (
          select x.id, x.number, x.name, x.status, x.work_center_id from job_operations x
          where n.disposition = 'rework' and x.job_id = o.job_id and x.rework
            and left(x.instructions, length(n.number) + 1) = n.number || ':'
          limit 1
        ) r on true
        left join work_centers rw on rw.id = r.work_center_id
        where ${query.where}
        order by n.number desc
        limit ${query.limit} offset ${query.offset}`,
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    jobOperationId: r.job_operation_id,
    jobId: r.job_id,
    jobNumber: r.job_number,
    jobQuantity: Number(r.job_quantity),
    jobStatus: r.job_status,
    operationNumber: r.operation_number,
    operationName: r.operation_name,
    operationRunMinutesPerPiece: Number(r.run_per_piece),
    workCenterCode: r.wc_code,
    itemNumber: r.item_number,
    itemName: r.item_name,
    quantity: Number(r.quantity),
    description: r.description,
    status: r.status,
    disposition: r.disposition,
    cost: Number(r.cost),
    currency: r.currency,
    reportedByName: r.reported_by_name,
    createdAt: new Date(r.created_at).toISOString(),
    reworkOperation:
      r.rework_id && r.rework_number && r.rework_name && r.rework_status && r.rework_wc_code
        ? {
            id: r.rework_id,
            number: r.rework_number,
            name: r.rework_name,
            status: r.rework_status,
            workCenterCode: r.rework_wc_code,
          }
        : null,
    version: Number(r.version),
  }));
}

export async function countNonConformances(db: Db | Tx, where: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n ${from} where ${where}`);
  return Number(row.n);
}
