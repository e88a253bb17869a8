/**
 * What runs on which machine now, for machine data: the operation in setup, running or paused
 * on each machine (the machine it actually started on, else the scheduled one), and the booking
 * of the cycles the machines counted onto those operations. Owned by production; the
 * machine-data module calls these instead of reading production's tables.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { machineCode } from './machines';

export interface RunningOperation {
  jobOperationId: string;
  jobId: string;
  machineCode: string;
  workCenterId: string;
  machineIndex: number;
  status: 'setup' | 'running' | 'paused';
  /** planned run minutes per good part (ideal cycle time for OEE performance) */
  idealCycleMinutes: number;
}

/** Every operation now in setup, running or paused, by machine code (one query). */
export async function runningOperations(db: Db | Tx): Promise<Map<string, RunningOperation>> {
  const rows = await queryRows<{
    id: string;
    job_id: string;
    status: RunningOperation['status'];
    work_center_id: string;
    code: string;
    machine_index: number;
    ideal: string;
  }>(
    db,
    sql`select o.id, o.job_id, o.status, o.work_center_id, w.code,
          coalesce(o.actual_machine_index, o.machine_index, 0) as machine_index,
          o.run_minutes / greatest(coalesce(o.quantity, j.quantity), 1) as ideal
        from job_operations o
        join production_jobs j on j.id = o.job_id
        join work_centers w on w.id = o.work_center_id
        where o.status in ('setup', 'running', 'paused')
        order by o.actual_start nulls last`,
  );
  const byMachine = new Map<string, RunningOperation>();
  for (const r of rows) {
    const code = machineCode(r.code, Number(r.machine_index));
    // the operation started last wins when two share a machine
    byMachine.set(code, {
      jobOperationId: r.id,
      jobId: r.job_id,
      machineCode: code,
      workCenterId: r.work_center_id,
      machineIndex: Number(r.machine_index),
      status: r.status,
      idealCycleMinutes: Number(r.ideal),
    });
  }
  return byMachine;
}

/** Adds counted machine cycles to these operations (one statement). */
export async function addMachineCycles(tx: Db | Tx, cycles: Map<string, number>): Promise<void> {
  if (cycles.size === 0) return;
  const rows = JSON.stringify([...cycles].map(([id, n]) => ({ id, n })));
  await tx.execute(sql`update job_operations o set machine_cycles = o.machine_cycles + c.n
    from jsonb_to_recordset(${rows}::jsonb) as c(id uuid, n int) where o.id = c.id`);
}
