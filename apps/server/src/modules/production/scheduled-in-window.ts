/**
 * The scheduled operations of a time window, as the planning board shows them: every operation
 * of a job that is not cancelled, placed on a machine and intersecting the window (setup
 * included), with its job and item. Owned by production; planning calls this instead of
 * reading production's tables. One query.
 */
import { and, asc, eq, gt, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { items } from '../catalog/tables/items';
import { users } from '../identity/tables';
import { jobOperations, productionJobs } from './tables';

export interface WindowOperation {
  id: string;
  jobId: string;
  jobNumber: string;
  jobStatus: 'planned' | 'released' | 'in-progress' | 'done';
  jobDue: Date;
  jobPlannedEnd: Date | null;
  quantity: number;
  salesOrderLineId: string | null;
  itemId: string;
  itemNumber: string;
  itemName: string;
  number: string;
  name: string;
  workCenterId: string;
  machineIndex: number;
  setupMinutes: number;
  runMinutes: number;
  plannedSetupStart: Date;
  plannedStart: Date;
  plannedEnd: Date;
  status: (typeof jobOperations.status.enumValues)[number];
  family: string | null;
  /** the routing the job's operations were copied from (its alternatives) */
  routingId: string | null;
  /** a planner pinned it: when, and who */
  pinnedAt: Date | null;
  pinnedByName: string | null;
}

/**
 * Operations whose [setup start, end) intersects [from, to), by work center, machine and setup
 * start; only those of `workCenterIds` when given.
 */
export async function scheduledOperationsInWindow(
  db: Db | Tx,
  window: { from: Date; to: Date; workCenterIds?: string[] },
): Promise<WindowOperation[]> {
  const setupStart = sql<Date>`coalesce(${jobOperations.plannedSetupStart}, ${jobOperations.plannedStart})`;
  const rows = await db
    .select({
      op: jobOperations,
      jobNumber: productionJobs.number,
      jobStatus: productionJobs.status,
      jobDue: productionJobs.due,
      jobPlannedEnd: productionJobs.plannedEnd,
      // a rework operation handles only its own parts
      quantity: sql<string>`coalesce(${jobOperations.quantity}, ${productionJobs.quantity})`,
      salesOrderLineId: productionJobs.salesOrderLineId,
      itemId: productionJobs.itemId,
      itemNumber: items.number,
      itemName: items.name,
      routingId: productionJobs.routingId,
      pinnedByName: users.name,
    })
    .from(jobOperations)
    .innerJoin(productionJobs, eq(productionJobs.id, jobOperations.jobId))
    .innerJoin(items, eq(items.id, productionJobs.itemId))
    .leftJoin(users, eq(users.id, jobOperations.pinnedBy))
    .where(
      and(
        ne(productionJobs.status, 'cancelled'),
        isNotNull(jobOperations.machineIndex),
        isNotNull(jobOperations.plannedStart),
        isNotNull(jobOperations.plannedEnd),
        sql`${setupStart} < ${window.to.toISOString()}::timestamptz`,
        gt(jobOperations.plannedEnd, window.from),
        window.workCenterIds ? inArray(jobOperations.workCenterId, window.workCenterIds) : undefined,
      ),
    )
    .orderBy(
      asc(jobOperations.workCenterId),
      asc(jobOperations.machineIndex),
      asc(setupStart),
      asc(jobOperations.id),
    );
  return rows.map((r) => ({
    id: r.op.id,
    jobId: r.op.jobId,
    jobNumber: r.jobNumber,
    jobStatus: r.jobStatus as WindowOperation['jobStatus'],
    jobDue: r.jobDue,
    jobPlannedEnd: r.jobPlannedEnd,
    quantity: Number(r.quantity),
    salesOrderLineId: r.salesOrderLineId,
    itemId: r.itemId,
    itemNumber: r.itemNumber,
    itemName: r.itemName,
    number: r.op.number,
    name: r.op.name,
    workCenterId: r.op.workCenterId,
    machineIndex: r.op.machineIndex!,
    setupMinutes: Number(r.op.setupMinutes),
    runMinutes: Number(r.op.runMinutes),
    plannedSetupStart: r.op.plannedSetupStart ?? r.op.plannedStart!,
    plannedStart: r.op.plannedStart!,
    plannedEnd: r.op.plannedEnd!,
    status: r.op.status,
    family: r.op.family,
    routingId: r.routingId,
    pinnedAt: r.op.pinnedAt,
    pinnedByName: r.op.pinnedAt ? r.pinnedByName : null,
  }));
}
