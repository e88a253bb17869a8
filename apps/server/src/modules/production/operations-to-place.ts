/**
 * Unfinished operations of open jobs that the plan does not hold yet (no machine or planned
 * times: a rework a non-conformance disposition added), as planning places them into the
 * current plan. Owned by production; planning calls this instead of reading production's
 * tables. One query.
 */
import { and, asc, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import type { ScheduledJobOperation } from './service';
import { jobOperations, productionJobs } from './tables';

export type OperationToPlace = Pick<
  ScheduledJobOperation,
  | 'id'
  | 'jobId'
  | 'number'
  | 'predecessors'
  | 'workCenterId'
  | 'setupMinutes'
  | 'runMinutes'
  | 'queueMinutes'
  | 'shiftRule'
  | 'family'
  | 'jobDue'
  | 'salesOrderLineId'
>;

export async function operationsToPlace(db: Db | Tx, ids: string[]): Promise<OperationToPlace[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      op: jobOperations,
      jobDue: productionJobs.due,
      salesOrderLineId: productionJobs.salesOrderLineId,
    })
    .from(jobOperations)
    .innerJoin(productionJobs, eq(productionJobs.id, jobOperations.jobId))
    .where(
      and(
        inArray(jobOperations.id, ids),
        inArray(productionJobs.status, ['planned', 'released', 'in-progress']),
        ne(jobOperations.status, 'done'),
        or(isNull(jobOperations.plannedStart), isNull(jobOperations.machineIndex)),
      ),
    )
    .orderBy(asc(productionJobs.number), asc(jobOperations.number));
  return rows.map(({ op, jobDue, salesOrderLineId }) => ({
    id: op.id,
    jobId: op.jobId,
    number: op.number,
    predecessors: op.predecessors,
    workCenterId: op.workCenterId,
    setupMinutes: Number(op.setupMinutes),
    runMinutes: Number(op.runMinutes),
    queueMinutes: Number(op.queueMinutes),
    shiftRule: op.shiftRule,
    family: op.family,
    jobDue,
    salesOrderLineId,
  }));
}
