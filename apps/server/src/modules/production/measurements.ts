/**
 * What the shop floor booked, for OEE and for the plan's durations (read by the performance
 * module through these functions): quantities reported at the terminal, the facts of the
 * operations they belong to, and finished operations' planned vs. actual minutes.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { machineCode } from './machines';

export interface OperationFacts {
  id: string;
  jobId: string;
  jobNumber: string;
  itemNumber: string;
  workCenterId: string;
  machineCode: string;
  /** planned processing minutes per part: the ideal cycle time */
  idealMinutesPerPart: number;
  /** the machine counted cycles for it: its output comes from machine data, not bookings */
  machineCounted: boolean;
  bookedMinutes: number;
}

/** Facts of these operations (one query). */
export async function operationFacts(db: Db | Tx, ids: string[]): Promise<Map<string, OperationFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select o.id, o.job_id, j.number as job_number, i.number as item_number, o.work_center_id, w.code,
               coalesce(o.actual_machine_index, o.machine_index, 0) as machine_index,
               o.run_minutes / greatest(coalesce(o.quantity, j.quantity), 1) as ideal, o.machine_cycles > 0 as counted,
               o.actual_setup_minutes + o.actual_run_minutes as booked
        from job_operations o join production_jobs j on j.id = o.job_id
        join items i on i.id = j.item_id join work_centers w on w.id = o.work_center_id
        where o.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
  );
  return new Map(
    rows.map((r) => [
      r.id as string,
      {
        id: r.id as string,
        jobId: r.job_id as string,
        jobNumber: r.job_number as string,
        itemNumber: r.item_number as string,
        workCenterId: r.work_center_id as string,
        machineCode: machineCode(r.code as string, Number(r.machine_index)),
        idealMinutesPerPart: Number(r.ideal),
        machineCounted: Boolean(r.counted),
        bookedMinutes: Number(r.booked),
      },
    ]),
  );
}

export interface BookedQuantity {
  jobOperationId: string;
  machineCode: string;
  at: number;
  good: number;
  scrap: number;
  scrapReasonCode: string | null;
  scrapReasonName: string | null;
}

/** Good and scrap quantities booked at the terminal in [from, to) (one query). */
export async function bookedQuantitiesBetween(db: Db | Tx, from: Date, to: Date): Promise<BookedQuantity[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select b.job_operation_id, w.code,
               coalesce(b.machine_index, o.actual_machine_index, o.machine_index, 0) as machine_index,
               b.at, b.good_quantity, b.scrap_quantity, r.code as reason_code, r.name as reason_name
        from operation_bookings b join job_operations o on o.id = b.job_operation_id
        join work_centers w on w.id = o.work_center_id
        left join reason_codes r on r.id = b.scrap_reason_id
        where b.at >= ${from} and b.at < ${to} and (b.good_quantity > 0 or b.scrap_quantity > 0)`,
  );
  return rows.map((r) => ({
    jobOperationId: r.job_operation_id as string,
    machineCode: machineCode(r.code as string, Number(r.machine_index)),
    at: new Date(r.at as string).getTime(),
    good: Number(r.good_quantity),
    scrap: Number(r.scrap_quantity),
    scrapReasonCode: (r.reason_code as string | null) ?? null,
    scrapReasonName: (r.reason_name as string | null) ?? null,
  }));
}

export interface FinishedOperationTimes {
  workCenterId: string;
  plannedSetupMinutes: number;
  plannedRunMinutes: number;
  actualSetupMinutes: number;
  actualRunMinutes: number;
}

/** Planned and booked minutes of the operations finished in [from, to) (one query). */
export async function finishedOperationTimes(
  db: Db | Tx,
  from: Date,
  to: Date,
): Promise<FinishedOperationTimes[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select work_center_id, setup_minutes, run_minutes, actual_setup_minutes, actual_run_minutes
        from job_operations
        where status = 'done' and actual_end >= ${from} and actual_end < ${to}
          and actual_setup_minutes + actual_run_minutes > 0`,
  );
  return rows.map((r) => ({
    workCenterId: r.work_center_id as string,
    plannedSetupMinutes: Number(r.setup_minutes),
    plannedRunMinutes: Number(r.run_minutes),
    actualSetupMinutes: Number(r.actual_setup_minutes),
    actualRunMinutes: Number(r.actual_run_minutes),
  }));
}
