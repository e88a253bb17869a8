/**
 * The operations of the jobs dedicated to order lines, as a project follows them: where and
 * when each is planned, how far the floor got, and the minutes booked. Production owns these
 * tables; other modules read them through this function. One query, in job and operation order.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { workCenters } from '../catalog/tables/work-centers';
import { machineCode } from './machines';
import { jobOperations, productionJobs } from './tables';

export interface LineOperation {
  id: string;
  jobId: string;
  jobNumber: string;
  jobStatus: (typeof productionJobs.status.enumValues)[number];
  salesOrderLineId: string;
  number: string;
  name: string;
  workCenterId: string;
  workCenterCode: string;
  status: (typeof jobOperations.status.enumValues)[number];
  /** the machine it is planned (or ran) on, as the floor names it: ENG-MECH-2 */
  machine: string | null;
  plannedStart: Date | null;
  plannedEnd: Date | null;
  actualStart: Date | null;
  actualEnd: Date | null;
  bookedMinutes: number;
}

/** Operations of the not-cancelled jobs of these lines. */
export async function operationsOfLines(db: Db | Tx, salesOrderLineIds: string[]): Promise<LineOperation[]> {
  if (salesOrderLineIds.length === 0) return [];
  const rows = await db
    .select({ op: jobOperations, job: productionJobs, workCenterCode: workCenters.code })
    .from(jobOperations)
    .innerJoin(productionJobs, eq(productionJobs.id, jobOperations.jobId))
    .innerJoin(workCenters, eq(workCenters.id, jobOperations.workCenterId))
    .where(
      and(
        inArray(productionJobs.salesOrderLineId, [...new Set(salesOrderLineIds)]),
        ne(productionJobs.status, 'cancelled'),
      ),
    )
    .orderBy(asc(productionJobs.number), asc(jobOperations.plannedStart), asc(jobOperations.number));
  return rows.map(({ op, job, workCenterCode }) => {
    const index = op.actualMachineIndex ?? op.machineIndex;
    return {
      id: op.id,
      jobId: job.id,
      jobNumber: job.number,
      jobStatus: job.status,
      salesOrderLineId: job.salesOrderLineId!,
      number: op.number,
      name: op.name,
      workCenterId: op.workCenterId,
      workCenterCode,
      status: op.status,
      machine: index === null ? null : machineCode(workCenterCode, index),
      plannedStart: op.plannedSetupStart ?? op.plannedStart,
      plannedEnd: op.plannedEnd,
      actualStart: op.actualSetupStart ?? op.actualStart,
      actualEnd: op.actualEnd,
      bookedMinutes: Number(op.actualSetupMinutes) + Number(op.actualRunMinutes),
    };
  });
}
