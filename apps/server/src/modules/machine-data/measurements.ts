/**
 * What machine data measured in a window, for OEE and reliability (read by the performance
 * module through these functions, never from the tables): the stops with their reasons, and
 * the cycles counted per machine and operation in quarter hours.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

export interface StopInWindow {
  machineCode: string;
  workCenterId: string;
  jobOperationId: string | null;
  start: number;
  /** the stop's end, or now while it is open */
  end: number;
  open: boolean;
  micro: boolean;
  planned: boolean;
  reasonCode: string | null;
  reasonName: string | null;
}

export async function stopsBetween(db: Db | Tx, from: Date, to: Date): Promise<StopInWindow[]> {
  const rows = await queryRows<{
    machine_code: string;
    work_center_id: string;
    job_operation_id: string | null;
    started_at: string | Date;
    ended_at: string | Date | null;
    micro: boolean;
    planned: boolean | null;
    code: string | null;
    name: string | null;
  }>(
    db,
    sql`select s.machine_code, s.work_center_id, s.job_operation_id, s.started_at, s.ended_at, s.micro,
               r.planned, r.code, r.name
        from machine_stops s left join reason_codes r on r.id = s.reason_id
        where s.started_at < ${to} and coalesce(s.ended_at, now()) > ${from}
        order by s.started_at`,
  );
  const now = Date.now();
  return rows.map((r) => ({
    machineCode: r.machine_code,
    workCenterId: r.work_center_id,
    jobOperationId: r.job_operation_id,
    start: new Date(r.started_at).getTime(),
    end: r.ended_at ? new Date(r.ended_at).getTime() : now,
    open: r.ended_at === null,
    micro: r.micro,
    planned: r.planned ?? false,
    reasonCode: r.code,
    reasonName: r.name,
  }));
}

export interface CountedCycles {
  machineCode: string;
  jobOperationId: string | null;
  /** start of the quarter hour (ms) */
  at: number;
  cycles: number;
  rejects: number;
}

/** Cycles and rejects counted per machine, operation and quarter hour in [from, to). One query. */
export async function cyclesBetween(db: Db | Tx, from: Date, to: Date): Promise<CountedCycles[]> {
  const rows = await queryRows<{
    machine_code: string;
    job_operation_id: string | null;
    slot: string | number;
    cycles: string | number;
    rejects: string | number;
  }>(
    db,
    sql`select machine_code, job_operation_id, floor(extract(epoch from machine_at) / 900) * 900 as slot,
               sum(coalesce(cycles, 0)) as cycles, sum(coalesce(rejects, 0)) as rejects
        from machine_events
        where kind = 'count' and machine_at >= ${from} and machine_at < ${to}
        group by 1, 2, 3`,
  );
  return rows.map((r) => ({
    machineCode: r.machine_code,
    jobOperationId: r.job_operation_id,
    at: Number(r.slot) * 1000,
    cycles: Number(r.cycles),
    rejects: Number(r.rejects),
  }));
}
