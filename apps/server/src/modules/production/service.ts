/**
 * Production jobs and their operations: the only writer of production_jobs and job_operations.
 * Planning creates jobs with their scheduled operations; this service also answers what the
 * current plan is (open jobs as supply, scheduled operations as busy machine time).
 */
import { and, asc, count, eq, ilike, inArray, isNotNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { nextDocumentNumbers } from '../../platform/document-numbers';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { items } from '../catalog/tables/items';
import { workCenters } from '../catalog/tables/work-centers';
import { jobOperations, productionJobs } from './tables';
import { actualOperationCost, plannedOperationCost } from './work-cost-sql';

const OPEN = ['planned', 'released', 'in-progress'] as const;

export interface OpenJobSupply {
  id: string;
  itemId: string;
  /** still to be made */
  quantity: number;
  /** the job's whole quantity (what its material issues are counted against) */
  ordered: number;
  due: Date;
  salesOrderLineId: string | null;
}

export interface ScheduledJobOperation {
  id: string;
  jobId: string;
  number: string;
  predecessors: string[];
  workCenterId: string;
  machineIndex: number;
  setupMinutes: number;
  runMinutes: number;
  queueMinutes: number;
  shiftRule: 'span' | 'fit';
  family: string | null;
  plannedSetupStart: Date;
  plannedStart: Date;
  plannedEnd: Date;
  jobDue: Date;
  salesOrderLineId: string | null;
  /** the job's item and quantity, and the routing its operations were copied from */
  itemId: string;
  jobQuantity: number;
  routingId: string | null;
  /** when a planner pinned it: re-plans keep its machine and start */
  pinnedAt: Date | null;
}

export interface OperationProgress {
  status: (typeof jobOperations.status.enumValues)[number];
  /** good parts so far ÷ the parts it handles (the job's quantity, a rework's own) */
  doneShare: number;
  actualSetupMinutes: number;
  actualMachineIndex: number | null;
}

export interface JobToCreate {
  key: string;
  itemId: string;
  quantity: number;
  due: Date;
  salesOrderLineId: string | null;
  routingId: string | null;
  bomId: string | null;
  /** an ERP's production order number, for jobs that came in from one */
  externalReference?: string | null;
  plannedStart: Date | null;
  plannedEnd: Date | null;
  operations: {
    number: string;
    name: string;
    predecessors: string[];
    workCenterId: string;
    machineIndex: number | null;
    setupMinutes: number;
    runMinutes: number;
    queueMinutes: number;
    shiftRule: 'span' | 'fit';
    family: string | null;
    instructions: string;
    drawingUrl: string | null;
    plannedSetupStart: Date | null;
    plannedStart: Date | null;
    plannedEnd: Date | null;
  }[];
}

export interface JobSummary {
  id: string;
  number: string;
  itemId: string;
  itemNumber: string;
  itemName: string;
  quantity: number;
  status: (typeof productionJobs.status.enumValues)[number];
  salesOrderLineId: string | null;
  due: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  late: boolean;
}

export interface JobDetail extends JobSummary {
  operations: {
    id: string;
    number: string;
    name: string;
    workCenterId: string;
    workCenterCode: string;
    machineIndex: number | null;
    setupMinutes: number;
    runMinutes: number;
    plannedSetupStart: string | null;
    plannedStart: string | null;
    plannedEnd: string | null;
    status: string;
    instructions: string;
    drawingUrl: string | null;
    /** parts it handles: the job's quantity, a rework operation's own */
    quantity: number;
    rework: boolean;
    goodQuantity: number;
    scrapQuantity: number;
  }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export class ProductionService {
  constructor(private readonly db: Db) {}

  /** Open jobs as supply for MRP: what is still to be made, by when (`jobIds`: only these). */
  async openJobSupply(db: Db | Tx = this.db, jobIds?: string[]): Promise<OpenJobSupply[]> {
    if (jobIds?.length === 0) return [];
    const rows = await db
      .select({
        id: productionJobs.id,
        itemId: productionJobs.itemId,
        quantity: sql<string>`${productionJobs.quantity} - ${productionJobs.completedQuantity}`,
        ordered: productionJobs.quantity,
        due: productionJobs.due,
        salesOrderLineId: productionJobs.salesOrderLineId,
      })
      .from(productionJobs)
      .where(
        and(
          inArray(productionJobs.status, [...OPEN]),
          jobIds ? inArray(productionJobs.id, jobIds) : undefined,
        ),
      )
      .orderBy(asc(productionJobs.number));
    return rows
      .map((r) => ({ ...r, quantity: Number(r.quantity), ordered: Number(r.ordered) }))
      .filter((r) => r.quantity > 0);
  }

  /**
   * Every scheduled, unfinished operation of an open job: the busy time of the current plan
   * (`jobIds`: of these jobs only).
   */
  async scheduledOperations(db: Db | Tx = this.db, jobIds?: string[]): Promise<ScheduledJobOperation[]> {
    if (jobIds?.length === 0) return [];
    // only the columns the plan needs: every promise reads every open operation
    const rows = await db
      .select({
        id: jobOperations.id,
        jobId: jobOperations.jobId,
        number: jobOperations.number,
        predecessors: jobOperations.predecessors,
        workCenterId: jobOperations.workCenterId,
        machineIndex: jobOperations.machineIndex,
        setupMinutes: jobOperations.setupMinutes,
        runMinutes: jobOperations.runMinutes,
        queueMinutes: jobOperations.queueMinutes,
        shiftRule: jobOperations.shiftRule,
        family: jobOperations.family,
        plannedSetupStart: jobOperations.plannedSetupStart,
        plannedStart: jobOperations.plannedStart,
        plannedEnd: jobOperations.plannedEnd,
        pinnedAt: jobOperations.pinnedAt,
        jobDue: productionJobs.due,
        salesOrderLineId: productionJobs.salesOrderLineId,
        itemId: productionJobs.itemId,
        jobQuantity: productionJobs.quantity,
        routingId: productionJobs.routingId,
      })
      .from(jobOperations)
      .innerJoin(productionJobs, eq(productionJobs.id, jobOperations.jobId))
      .where(
        and(
          inArray(productionJobs.status, [...OPEN]),
          ne(jobOperations.status, 'done'),
          isNotNull(jobOperations.plannedStart),
          isNotNull(jobOperations.machineIndex),
          jobIds ? inArray(jobOperations.jobId, jobIds) : undefined,
        ),
      )
      .orderBy(asc(productionJobs.number), asc(jobOperations.number));
    return rows.map((op) => ({
      ...op,
      machineIndex: op.machineIndex!,
      setupMinutes: Number(op.setupMinutes),
      runMinutes: Number(op.runMinutes),
      queueMinutes: Number(op.queueMinutes),
      plannedSetupStart: op.plannedSetupStart ?? op.plannedStart!,
      plannedStart: op.plannedStart!,
      plannedEnd: op.plannedEnd!,
      jobQuantity: Number(op.jobQuantity),
    }));
  }

  /**
   * How far the shop floor got with these operations: status, good parts of the parts it handles,
   * booked setup minutes and the machine it runs on. One query.
   */
  async operationProgress(ids: string[], db: Db | Tx = this.db): Promise<Map<string, OperationProgress>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({
        id: jobOperations.id,
        status: jobOperations.status,
        good: jobOperations.goodQuantity,
        quantity: sql<string>`coalesce(${jobOperations.quantity}, ${productionJobs.quantity})`,
        actualSetupMinutes: jobOperations.actualSetupMinutes,
        actualMachineIndex: jobOperations.actualMachineIndex,
      })
      .from(jobOperations)
      .innerJoin(productionJobs, eq(productionJobs.id, jobOperations.jobId))
      .where(inArray(jobOperations.id, ids));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          status: r.status,
          doneShare: Math.min(1, Number(r.good) / Math.max(Number(r.quantity), 1e-9)),
          actualSetupMinutes: Number(r.actualSetupMinutes),
          actualMachineIndex: r.actualMachineIndex,
        },
      ]),
    );
  }

  /**
   * Moves scheduled operations to new planned times (a re-plan), and their jobs' planned start
   * and end with them; an operation given a `workCenterId` (moved to an alternative work center)
   * takes it with its processing minutes there. Two statements.
   */
  async updatePlannedTimes(
    tx: Tx,
    actor: Actor,
    moves: {
      id: string;
      machineIndex: number;
      setupStart: Date;
      start: Date;
      end: Date;
      workCenterId?: string;
      runMinutes?: number;
    }[],
  ): Promise<void> {
    if (moves.length === 0) return;
    const rows = JSON.stringify(
      moves.map((m) => ({
        id: m.id,
        machine: m.machineIndex,
        setup_start: m.setupStart.toISOString(),
        start: m.start.toISOString(),
        finish: m.end.toISOString(),
        work_center: m.workCenterId ?? null,
        run: m.runMinutes ?? null,
      })),
    );
    await tx.execute(sql`update job_operations o
      set machine_index = c.machine, planned_setup_start = c.setup_start, planned_start = c.start, planned_end = c.finish,
          work_center_id = coalesce(c.work_center, o.work_center_id), run_minutes = coalesce(c.run, o.run_minutes)
      from jsonb_to_recordset(${rows}::jsonb) as c(id uuid, machine int, setup_start timestamptz, start timestamptz, finish timestamptz, work_center uuid, run numeric)
      where o.id = c.id`);
    await tx.execute(sql`update production_jobs j set planned_start = t.first, planned_end = t.last
      from (select job_id, min(planned_setup_start) as first, max(planned_end) as last from job_operations
            where job_id in (select o.job_id from job_operations o
                             where o.id in (select (e ->> 'id')::uuid from jsonb_array_elements(${rows}::jsonb) e))
            group by job_id) t
      where j.id = t.job_id`);
    await recordAudit(tx, actor, {
      entity: 'production-job',
      entityId: 're-plan',
      action: 'reschedule',
      after: { operations: moves.length },
    });
  }

  /**
   * Pins operations (re-plans keep their machine and start) or, with `pin` null, unpins them;
   * only operations of open jobs the shop floor has not started. Returns those changed. One
   * statement.
   */
  async setPinned(
    tx: Tx,
    actor: Actor,
    ids: string[],
    pin: { at: Date; by: string | null } | null,
  ): Promise<{ id: string; pinnedAt: Date | null }[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .update(jobOperations)
      .set({ pinnedAt: pin?.at ?? null, pinnedBy: pin?.by ?? null })
      .where(
        and(
          inArray(jobOperations.id, ids),
          pin ? inArray(jobOperations.status, ['planned', 'released']) : undefined,
          pin ? isNotNull(jobOperations.plannedStart) : isNotNull(jobOperations.pinnedAt),
        ),
      )
      .returning({ id: jobOperations.id, pinnedAt: jobOperations.pinnedAt });
    if (rows.length > 0)
      await recordAudit(tx, actor, {
        entity: 'job-operation',
        entityId: rows.map((r) => r.id).join(','),
        action: pin ? 'pin' : 'unpin',
        after: { operations: rows.length, pinnedAt: pin?.at.toISOString() ?? null },
      });
    return rows;
  }

  /** Creates planned jobs with their operations (set-based); returns job id per key. */
  async createJobs(
    tx: Tx,
    actor: Actor,
    jobs: JobToCreate[],
  ): Promise<Map<string, { id: string; number: string }>> {
    const created = new Map<string, { id: string; number: string }>();
    if (jobs.length === 0) return created;
    const numbers = await nextDocumentNumbers(tx, 'JOB', jobs.length);
    const rows = await tx
      .insert(productionJobs)
      .values(
        jobs.map((j, x) => ({
          number: numbers[x],
          itemId: j.itemId,
          quantity: String(j.quantity),
          salesOrderLineId: j.salesOrderLineId,
          routingId: j.routingId,
          bomId: j.bomId,
          externalReference: j.externalReference ?? null,
          due: j.due,
          plannedStart: j.plannedStart,
          plannedEnd: j.plannedEnd,
        })),
      )
      .returning({ id: productionJobs.id, number: productionJobs.number });
    rows.forEach((r, x) => {
      created.set(jobs[x].key, r);
    });
    const operations = jobs.flatMap((j, x) =>
      j.operations.map((op) => ({
        jobId: rows[x].id,
        number: op.number,
        name: op.name,
        predecessors: op.predecessors,
        workCenterId: op.workCenterId,
        machineIndex: op.machineIndex,
        setupMinutes: String(op.setupMinutes),
        runMinutes: String(op.runMinutes),
        queueMinutes: String(op.queueMinutes),
        shiftRule: op.shiftRule,
        family: op.family,
        instructions: op.instructions,
        drawingUrl: op.drawingUrl,
        plannedSetupStart: op.plannedSetupStart,
        plannedStart: op.plannedStart,
        plannedEnd: op.plannedEnd,
      })),
    );
    if (operations.length > 0) await tx.insert(jobOperations).values(operations);
    await recordAudit(tx, actor, {
      entity: 'production-job',
      entityId: rows.map((r) => r.number).join(','),
      action: 'plan',
      after: { jobs: rows.map((r) => r.number) },
    });
    return created;
  }

  /**
   * What the work of these jobs costs at the work centers' rates (`work-cost-sql.ts`): `cost`
   * from the planned setup and run minutes, `actualCost` from what the shop floor booked; with
   * each job's status and quantity. One query.
   */
  async workCostOfJobs(ids: string[], db: Db | Tx = this.db) {
    if (ids.length === 0)
      return new Map<
        string,
        { status: JobSummary['status']; quantity: number; cost: number; actualCost: number }
      >();
    const rows = await db
      .select({
        jobId: productionJobs.id,
        status: productionJobs.status,
        quantity: productionJobs.quantity,
        cost: sql<string>`coalesce(sum(${plannedOperationCost('job_operations', 'work_centers')}), 0)`,
        actualCost: sql<string>`coalesce(sum(${actualOperationCost('job_operations', 'work_centers')}), 0)`,
      })
      .from(productionJobs)
      .leftJoin(jobOperations, eq(jobOperations.jobId, productionJobs.id))
      .leftJoin(workCenters, eq(workCenters.id, jobOperations.workCenterId))
      .where(inArray(productionJobs.id, ids))
      .groupBy(productionJobs.id);
    return new Map(
      rows.map((r) => [
        r.jobId,
        {
          status: r.status,
          quantity: Number(r.quantity),
          cost: Number(r.cost),
          actualCost: Number(r.actualCost),
        },
      ]),
    );
  }

  /** How far these jobs are: planned minutes of their operations, and of those done. One query. */
  async progressOfJobs(ids: string[], db: Db | Tx = this.db) {
    if (ids.length === 0)
      return new Map<string, { status: JobSummary['status']; doneMinutes: number; totalMinutes: number }>();
    const rows = await db
      .select({
        jobId: productionJobs.id,
        status: productionJobs.status,
        total: sql<string>`coalesce(sum(${jobOperations.setupMinutes} + ${jobOperations.runMinutes}), 0)`,
        done: sql<string>`coalesce(sum(${jobOperations.setupMinutes} + ${jobOperations.runMinutes}) filter (where ${jobOperations.status} = 'done'), 0)`,
      })
      .from(productionJobs)
      .leftJoin(jobOperations, eq(jobOperations.jobId, productionJobs.id))
      .where(inArray(productionJobs.id, ids))
      .groupBy(productionJobs.id);
    return new Map(
      rows.map((r) => [
        r.jobId,
        { status: r.status, doneMinutes: Number(r.done), totalMinutes: Number(r.total) },
      ]),
    );
  }

  /**
   * Cancels the jobs dedicated to these order lines that are in one of `statuses` (work not
   * started), in the caller's transaction; returns what was cancelled.
   */
  async cancelJobsOfLines(
    tx: Tx,
    actor: Actor,
    salesOrderLineIds: string[],
    statuses: ('planned' | 'released')[],
  ): Promise<JobSummary[]> {
    if (salesOrderLineIds.length === 0) return [];
    return this.cancelWhere(tx, actor, inArray(productionJobs.salesOrderLineId, salesOrderLineIds), statuses);
  }

  /** Cancels these jobs where they are in one of `statuses` (not started), in the caller's transaction. */
  async cancelJobs(
    tx: Tx,
    actor: Actor,
    ids: string[],
    statuses: ('planned' | 'released')[],
  ): Promise<JobSummary[]> {
    if (ids.length === 0) return [];
    return this.cancelWhere(tx, actor, inArray(productionJobs.id, ids), statuses);
  }

  private async cancelWhere(
    tx: Tx,
    actor: Actor,
    which: SQL,
    statuses: ('planned' | 'released')[],
  ): Promise<JobSummary[]> {
    const rows = await tx
      .update(productionJobs)
      .set({ status: 'cancelled', version: sql`${productionJobs.version} + 1` })
      .where(and(which, inArray(productionJobs.status, statuses)))
      .returning({ id: productionJobs.id, number: productionJobs.number });
    if (rows.length === 0) return [];
    await recordAudit(tx, actor, {
      entity: 'production-job',
      entityId: rows.map((r) => r.number).join(','),
      action: 'cancel',
      after: { status: 'cancelled', jobs: rows.map((r) => r.number) },
    });
    return this.summaries(
      rows.map((r) => r.id),
      tx,
    );
  }

  /**
   * Brings an open job's due date forward or back (an expedite), in the caller's transaction:
   * the job's version must match (409) and it must not be done or cancelled (422). The schedule
   * weighs tardiness against this date, so a re-plan moves the job. Audited.
   */
  async changeDue(
    tx: Tx,
    actor: Actor,
    input: { jobId: string; due: Date; version: number },
  ): Promise<{ number: string; from: Date; to: Date }> {
    const [job] = await tx
      .select()
      .from(productionJobs)
      .where(eq(productionJobs.id, input.jobId))
      .for('update');
    if (!job) throw new NotFoundError('production job', input.jobId);
    if (job.version !== input.version)
      throw new VersionConflictError('production job', job.id, input.version, job.version);
    if (!(OPEN as readonly string[]).includes(job.status))
      throw ruleViolation('status', 'open', `${job.number} is ${job.status}; only an open job is expedited`);
    await tx
      .update(productionJobs)
      .set({ due: input.due, version: sql`${productionJobs.version} + 1` })
      .where(eq(productionJobs.id, job.id));
    await recordAudit(tx, actor, {
      entity: 'production-job',
      entityId: job.id,
      action: 'change-due',
      before: { due: job.due.toISOString() },
      after: { due: input.due.toISOString() },
    });
    return { number: job.number, from: job.due, to: input.due };
  }

  /** The versions of jobs, by id: one query. */
  async versions(ids: string[], db: Db | Tx = this.db): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({ id: productionJobs.id, version: productionJobs.version })
      .from(productionJobs)
      .where(inArray(productionJobs.id, ids));
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  /** The jobs dedicated to these order lines, any status. */
  async jobsOfLines(salesOrderLineIds: string[], db: Db | Tx = this.db): Promise<JobSummary[]> {
    if (salesOrderLineIds.length === 0) return [];
    const rows = await db
      .select({ job: productionJobs, itemNumber: items.number, itemName: items.name })
      .from(productionJobs)
      .innerJoin(items, eq(items.id, productionJobs.itemId))
      .where(inArray(productionJobs.salesOrderLineId, salesOrderLineIds))
      .orderBy(asc(productionJobs.number));
    return rows.map(toSummary);
  }

  async list(query: {
    limit: number;
    offset: number;
    q?: string;
    salesOrderLineId?: string;
    status?: string;
  }) {
    const where = and(
      query.q
        ? or(ilike(productionJobs.number, likePattern(query.q)), ilike(items.number, likePattern(query.q)))
        : undefined,
      query.salesOrderLineId ? eq(productionJobs.salesOrderLineId, query.salesOrderLineId) : undefined,
      query.status
        ? eq(productionJobs.status, query.status as (typeof productionJobs.status.enumValues)[number])
        : undefined,
    );
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({ job: productionJobs, itemNumber: items.number, itemName: items.name })
        .from(productionJobs)
        .innerJoin(items, eq(items.id, productionJobs.itemId))
        .where(where)
        .orderBy(asc(productionJobs.due), asc(productionJobs.number))
        .limit(query.limit)
        .offset(query.offset),
      this.db
        .select({ total: count() })
        .from(productionJobs)
        .innerJoin(items, eq(items.id, productionJobs.itemId))
        .where(where),
    ]);
    return { items: rows.map(toSummary), total, limit: query.limit, offset: query.offset };
  }

  /** The BOM a job was planned with (null for a job without one). */
  async bomOf(jobId: string, db: Db | Tx = this.db): Promise<string | null> {
    const [row] = await db
      .select({ bomId: productionJobs.bomId })
      .from(productionJobs)
      .where(eq(productionJobs.id, jobId));
    return row?.bomId ?? null;
  }

  /** Jobs by id (one query), e.g. the jobs pegged to an order line. */
  async summaries(ids: string[], db: Db | Tx = this.db): Promise<JobSummary[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .select({ job: productionJobs, itemNumber: items.number, itemName: items.name })
      .from(productionJobs)
      .innerJoin(items, eq(items.id, productionJobs.itemId))
      .where(inArray(productionJobs.id, ids))
      .orderBy(asc(productionJobs.number));
    return rows.map(toSummary);
  }

  async get(id: string): Promise<JobDetail> {
    const [row] = await this.db
      .select({ job: productionJobs, itemNumber: items.number, itemName: items.name })
      .from(productionJobs)
      .innerJoin(items, eq(items.id, productionJobs.itemId))
      .where(eq(productionJobs.id, id));
    if (!row) throw new NotFoundError('production job', id);
    const ops = await this.db
      .select({ op: jobOperations, workCenterCode: workCenters.code })
      .from(jobOperations)
      .innerJoin(workCenters, eq(workCenters.id, jobOperations.workCenterId))
      .where(eq(jobOperations.jobId, id))
      .orderBy(asc(jobOperations.number));
    return {
      ...toSummary(row),
      operations: ops.map(({ op, workCenterCode }) => ({
        id: op.id,
        number: op.number,
        name: op.name,
        workCenterId: op.workCenterId,
        workCenterCode,
        machineIndex: op.machineIndex,
        setupMinutes: Number(op.setupMinutes),
        runMinutes: Number(op.runMinutes),
        plannedSetupStart: iso(op.plannedSetupStart),
        plannedStart: iso(op.plannedStart),
        plannedEnd: iso(op.plannedEnd),
        status: op.status,
        instructions: op.instructions,
        drawingUrl: op.drawingUrl,
        quantity: Number(op.quantity ?? row.job.quantity),
        rework: op.rework,
        goodQuantity: Number(op.goodQuantity),
        scrapQuantity: Number(op.scrapQuantity),
      })),
    };
  }
}

function toSummary(r: {
  job: typeof productionJobs.$inferSelect;
  itemNumber: string;
  itemName: string;
}): JobSummary {
  const { job } = r;
  return {
    id: job.id,
    number: job.number,
    itemId: job.itemId,
    itemNumber: r.itemNumber,
    itemName: r.itemName,
    quantity: Number(job.quantity),
    status: job.status,
    salesOrderLineId: job.salesOrderLineId,
    due: job.due.toISOString(),
    plannedStart: iso(job.plannedStart),
    plannedEnd: iso(job.plannedEnd),
    late: job.plannedEnd !== null && job.plannedEnd > job.due,
  };
}
