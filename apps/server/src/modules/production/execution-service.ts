/**
 * The shop floor's side of production: release jobs to the floor, the dispatch list of a work
 * center in schedule order, and the operator's bookings (setup, run, pause, finish, quantities).
 * Every booking is one transaction on the locked operation; the terminal's event id makes a
 * double tap or a retry book once. A job whose last operation finishes puts what it made into
 * stock, set aside for the order line it was made for. Parts reported backflush their material
 * (job-material.ts) in the same transaction; finishing the last operation while manual material
 * is not issued needs the operator's acknowledgement.
 */
import type { BackflushedMaterial, BookingBody, OperationDetail } from '@takt/contracts';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { NotFoundError, RuleViolationError, ruleViolation } from '../../platform/errors';
import { items } from '../catalog/tables/items';
import { workCenters } from '../catalog/tables/work-centers';
import { users } from '../identity/tables';
import { type IntegrationEvent, recordIntegrationEvents } from '../integration/outbox';
import type { InventoryService } from '../inventory/service';
import { JobMaterialService } from './job-material';
import { machineCode } from './machines';
import { clockOf, transition } from './operation-transitions';
import { madeQuantity } from './rework';
import { ProductionService } from './service';
import { jobOperations, operationBookings, operatorSessions, productionJobs, reasonCodes } from './tables';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const ON_FLOOR = ['released', 'in-progress'] as const;

export interface BookingOutcome {
  operation: OperationDetail;
  replayed: boolean;
  jobCompleted: boolean;
  /** backflush components this booking issued or found short */
  backflush: BackflushedMaterial[];
}

export class ExecutionService {
  constructor(
    private readonly db: Db,
    /** inventory on the caller's transaction (finished goods into stock) */
    private readonly stock: (tx: Tx) => InventoryService,
    /** told, in the booking's transaction, when work started or a job finished for these order lines */
    private readonly linesProgressed: (
      tx: Tx,
      actor: Actor,
      salesOrderLineIds: string[],
    ) => Promise<void> = async () => {},
  ) {}

  /**
   * Releases planned jobs to the shop floor: the ones named, or every one that starts within
   * the horizon (the frozen zone). Their operations appear in the dispatch lists.
   */
  async release(
    actor: Actor,
    input: { jobIds?: string[]; horizonDays?: number },
    now = new Date(),
  ): Promise<{ released: { id: string; number: string }[] }> {
    if (input.jobIds?.length === 0) return { released: [] };
    return this.db.transaction((tx) => this.releaseIn(tx, actor, input, now));
  }

  /** `release` in the caller's transaction (jobs that arrive released from another system). */
  async releaseIn(
    tx: Tx,
    actor: Actor,
    input: { jobIds?: string[]; horizonDays?: number },
    now = new Date(),
  ): Promise<{ released: { id: string; number: string }[] }> {
    if (input.jobIds?.length === 0) return { released: [] };
    const which =
      input.jobIds !== undefined
        ? inArray(productionJobs.id, input.jobIds)
        : lte(productionJobs.plannedStart, new Date(now.getTime() + (input.horizonDays ?? 0) * 86_400_000));
    const released = await tx
      .update(productionJobs)
      .set({ status: 'released', releasedAt: now, version: sql`${productionJobs.version} + 1` })
      .where(and(which, eq(productionJobs.status, 'planned')))
      .returning({
        id: productionJobs.id,
        number: productionJobs.number,
        externalReference: productionJobs.externalReference,
      });
    if (released.length === 0) return { released: [] };
    const ids = released.map((j) => j.id);
    await tx
      .update(jobOperations)
      .set({ status: 'released', version: sql`${jobOperations.version} + 1` })
      .where(and(inArray(jobOperations.jobId, ids), eq(jobOperations.status, 'planned')));
    await recordAudit(tx, actor, {
      entity: 'production-job',
      entityId: released.map((j) => j.number).join(','),
      action: 'release',
      after: { status: 'released', jobs: released.map((j) => j.number) },
    });
    await recordIntegrationEvents(
      tx,
      released.map((j) => ({
        type: 'job.released',
        entity: 'production-job',
        entityId: j.id,
        payload: { jobNumber: j.number, ...external(j), releasedAt: now.toISOString() },
      })),
    );
    return { released };
  }

  /**
   * A work center's dispatch list: the unfinished operations of released jobs there, what is
   * under way first, then in schedule order; with what each still waits for and who is on it.
   */
  async dispatchList(workCenterId: string, query: { machineIndex?: number } = {}) {
    const [wc] = await this.db.select().from(workCenters).where(eq(workCenters.id, workCenterId));
    if (!wc) throw new NotFoundError('work center', workCenterId);
    const rows = await this.operationRows(
      this.db,
      sql`o.work_center_id = ${workCenterId} and o.status <> 'done' and j.status in ('released', 'in-progress')
          ${query.machineIndex === undefined ? sql`` : sql`and coalesce(o.actual_machine_index, o.machine_index) = ${query.machineIndex}`}`,
    );
    const operators = await this.operatorsOn(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      workCenterId: wc.id,
      workCenterCode: wc.code,
      workCenterName: wc.name,
      machines: wc.machines,
      operations: rows.map((r) => toDispatch(r, operators.get(r.id) ?? [])),
    };
  }

  /** One operation as the terminal shows it: the dispatch line, instructions and its bookings. */
  async operation(id: string, db: Db | Tx = this.db): Promise<OperationDetail> {
    const [row] = await this.operationRows(db, sql`o.id = ${id}`);
    if (!row) throw new NotFoundError('job operation', id);
    // one after the other: `db` may be a transaction's single connection
    const operators = await this.operatorsOn(db, [id]);
    const bookings = await db
      .select({ booking: operationBookings, operatorName: users.name, reason: reasonCodes.name })
      .from(operationBookings)
      .innerJoin(users, eq(users.id, operationBookings.operatorId))
      .leftJoin(reasonCodes, eq(reasonCodes.id, operationBookings.scrapReasonId))
      .where(eq(operationBookings.jobOperationId, id))
      .orderBy(asc(operationBookings.at), asc(operationBookings.id));
    return {
      ...toDispatch(row, operators.get(id) ?? []),
      workCenterId: row.work_center_id,
      workCenterCode: row.wc_code,
      workCenterMachines: Number(row.wc_machines),
      instructions: row.instructions,
      drawingUrl: row.drawing_url,
      salesOrderLineId: row.sales_order_line_id,
      actualSetupStart: iso(asDate(row.actual_setup_start)),
      actualStart: iso(asDate(row.actual_start)),
      actualEnd: iso(asDate(row.actual_end)),
      actualSetupMinutes: Number(row.actual_setup_minutes),
      actualRunMinutes: Number(row.actual_run_minutes),
      machineCycles: Number(row.machine_cycles),
      version: Number(row.version),
      bookings: bookings.map(({ booking: b, operatorName, reason }) => ({
        id: b.id,
        kind: b.kind,
        at: b.at.toISOString(),
        operatorName,
        goodQuantity: Number(b.goodQuantity),
        scrapQuantity: Number(b.scrapQuantity),
        scrapReason: reason,
        note: b.note,
      })),
    };
  }

  /**
   * Books what an operator did on an operation, in one transaction on the locked operation:
   * the status moves on (operation-transitions), the minutes since the previous booking go to
   * setup or run time, the operator clocks on or off, quantities add up. Booked again with the
   * same clientEventId, it changes nothing and answers the operation as it is.
   */
  async book(
    actor: Actor,
    operatorId: string,
    operationId: string,
    input: BookingBody,
    now = new Date(),
  ): Promise<BookingOutcome> {
    return this.db.transaction(async (tx) => {
      const [locked] = await tx
        .select({
          op: jobOperations,
          job: productionJobs,
          machines: workCenters.machines,
          operationsPerMachine: workCenters.operationsPerMachine,
          workCenterCode: workCenters.code,
        })
        .from(jobOperations)
        .innerJoin(productionJobs, eq(productionJobs.id, jobOperations.jobId))
        .innerJoin(workCenters, eq(workCenters.id, jobOperations.workCenterId))
        .where(eq(jobOperations.id, operationId))
        .for('update');
      if (!locked) throw new NotFoundError('job operation', operationId);
      const { op, job } = locked;

      const [earlier] = await tx
        .select({ jobOperationId: operationBookings.jobOperationId })
        .from(operationBookings)
        .where(eq(operationBookings.clientEventId, input.clientEventId));
      if (earlier) {
        if (earlier.jobOperationId !== operationId)
          throw ruleViolation(
            'clientEventId',
            'unique',
            'this event id was already used for another operation',
          );
        return {
          operation: await this.operation(operationId, tx),
          replayed: true,
          jobCompleted: false,
          backflush: [],
        };
      }

      if (!(ON_FLOOR as readonly string[]).includes(job.status))
        throw ruleViolation(
          'kind',
          'job-on-floor',
          job.status === 'planned'
            ? `${job.number} is not released to the shop floor yet`
            : `${job.number} is ${job.status}: nothing can be booked on it`,
        );
      const step = transition(op.status, input.kind);
      if (!step.ok) throw ruleViolation('kind', 'operation-state', step.message);
      const good = input.goodQuantity ?? 0;
      const scrap = input.scrapQuantity ?? 0;
      await this.checkBooking(tx, input, good, scrap, locked.machines);
      if (clockOf(step.status) && !clockOf(op.status))
        await this.checkMachineFree(
          tx,
          locked,
          input.machineIndex ?? op.actualMachineIndex ?? op.machineIndex,
        );
      const material = this.materialOn(tx);
      const missing = step.finished
        ? await this.missingMaterialAtFinish(tx, material, job, op.id, input)
        : [];

      // the minutes since the last clock booking ran on the clock of the status it was in
      const [last] = await queryRows<{ at: Date | null }>(
        tx,
        sql`select max(at) as at from operation_bookings
            where job_operation_id = ${operationId} and kind <> 'quantity'`,
      );
      const clock = input.kind === 'quantity' ? null : clockOf(op.status);
      const since = last?.at ? new Date(last.at) : null;
      const elapsed = clock && since ? Math.max(0, (now.getTime() - since.getTime()) / 60_000) : 0;

      await tx
        .update(jobOperations)
        .set({
          status: step.status,
          actualSetupStart: op.actualSetupStart ?? (input.kind === 'setup' ? now : null),
          actualStart: op.actualStart ?? (input.kind === 'run' ? now : null),
          actualEnd: step.finished ? now : null,
          actualSetupMinutes: sql`${jobOperations.actualSetupMinutes} + ${clock === 'setup' ? elapsed : 0}`,
          actualRunMinutes: sql`${jobOperations.actualRunMinutes} + ${clock === 'run' ? elapsed : 0}`,
          actualMachineIndex: input.machineIndex ?? op.actualMachineIndex,
          goodQuantity: sql`${jobOperations.goodQuantity} + ${good}`,
          scrapQuantity: sql`${jobOperations.scrapQuantity} + ${scrap}`,
          version: sql`${jobOperations.version} + 1`,
        })
        .where(eq(jobOperations.id, operationId));
      await tx.insert(operationBookings).values({
        clientEventId: input.clientEventId,
        jobOperationId: operationId,
        operatorId,
        kind: input.kind,
        at: now,
        machineIndex: input.machineIndex ?? null,
        goodQuantity: String(good),
        scrapQuantity: String(scrap),
        scrapReasonId: input.scrapReasonId ?? null,
        note: input.note ?? null,
      });
      await this.clock(tx, operatorId, operationId, input.kind, now);
      // parts reported (or the operation finished: a shortfall may be made up) take their material
      const backflush =
        good > 0 || scrap > 0 || step.finished ? await material.backflush(tx, actor, job.id, op.number) : [];
      if (missing.length > 0)
        await recordAudit(tx, actor, {
          entity: 'production-job',
          entityId: job.number,
          action: 'acknowledge-missing-material',
          after: { operation: op.number, missing },
        });

      if (step.started && job.status === 'released')
        await tx
          .update(productionJobs)
          .set({ status: 'in-progress', actualStart: now, version: sql`${productionJobs.version} + 1` })
          .where(eq(productionJobs.id, job.id));
      if (scrap > 0)
        await tx
          .update(productionJobs)
          .set({ scrapQuantity: sql`${productionJobs.scrapQuantity} + ${scrap}` })
          .where(eq(productionJobs.id, job.id));

      const events: IntegrationEvent[] = [];
      const payload = {
        jobId: job.id,
        jobNumber: job.number,
        ...external(job),
        operationNumber: op.number,
        kind: input.kind,
        goodQuantity: good,
        scrapQuantity: scrap,
        at: now.toISOString(),
      };
      if (step.started) events.push(event('operation.started', operationId, payload));
      if (good > 0 || scrap > 0) events.push(event('operation.reported', operationId, payload));
      if (step.finished) events.push(event('operation.finished', operationId, payload));
      const jobCompleted = step.finished ? await this.completeJobIfDone(tx, actor, job, now, events) : false;
      await recordAudit(tx, actor, {
        entity: 'job-operation',
        entityId: operationId,
        action: input.kind,
        before: { status: op.status },
        after: {
          status: step.status,
          goodQuantity: good,
          scrapQuantity: scrap,
          job: job.number,
          ...(backflush.length > 0 ? { backflush } : {}),
        },
      });
      await recordIntegrationEvents(tx, events);
      if ((step.started || jobCompleted) && job.salesOrderLineId)
        await this.linesProgressed(tx, actor, [job.salesOrderLineId]);
      return { operation: await this.operation(operationId, tx), replayed: false, jobCompleted, backflush };
    });
  }

  /** The job's material on the booking's transaction (backflush, what is not issued). */
  private materialOn(tx: Tx) {
    return new JobMaterialService(tx, {
      production: (db) => new ProductionService(db),
      stock: () => this.stock(tx),
    });
  }

  /**
   * Finishing the job's last open operation completes the job: its manual-issue material should
   * have been issued by then. What is missing refuses the finish (rule material-not-issued, the
   * components in `missing`) unless the operator acknowledged it; acknowledged, it is returned
   * for the audit trail.
   */
  private async missingMaterialAtFinish(
    tx: Tx,
    material: JobMaterialService,
    job: typeof productionJobs.$inferSelect,
    operationId: string,
    input: BookingBody,
  ) {
    const [open] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from job_operations
          where job_id = ${job.id} and id <> ${operationId} and status <> 'done'`,
    );
    if (Number(open?.n ?? 0) > 0) return [];
    const missing = await material.missingManual(job.id, tx);
    if (missing.length === 0 || input.acknowledgeMissingMaterial) return missing;
    const what = missing.map((m) => `${m.itemName}: ${m.issued} of ${m.required} ${m.uom} issued`);
    const message = `the material of ${job.number} is not all issued (${what.join('; ')}): issue it, or confirm finishing without it`;
    throw new RuleViolationError(
      message,
      [{ field: 'acknowledgeMissingMaterial', rule: 'material-not-issued', message: what.join('; ') }],
      { missing },
    );
  }

  private async checkBooking(tx: Tx, input: BookingBody, good: number, scrap: number, machines: number) {
    if ((good > 0 || scrap > 0) && input.kind !== 'quantity' && input.kind !== 'finish')
      throw ruleViolation(
        'goodQuantity',
        'quantity-booking',
        'report quantities with a quantity or finish booking',
      );
    if (input.kind === 'quantity' && good === 0 && scrap === 0)
      throw ruleViolation('goodQuantity', 'required', 'report a good or a scrap quantity');
    if (input.machineIndex !== undefined && input.machineIndex >= machines)
      throw ruleViolation(
        'machineIndex',
        'exists',
        `the work center has ${machines} machine(s): 0 to ${machines - 1}`,
      );
    if (scrap > 0 && !input.scrapReasonId)
      throw ruleViolation(
        'scrapReasonId',
        'required',
        'say why the parts were scrapped: choose a scrap reason',
      );
    if (input.scrapReasonId) {
      const [reason] = await tx.select().from(reasonCodes).where(eq(reasonCodes.id, input.scrapReasonId));
      if (reason?.kind !== 'scrap' || !reason.active)
        throw ruleViolation('scrapReasonId', 'exists', 'no active scrap reason with this id');
    }
  }

  /**
   * An operation taken up on a machine (setup or run from released or paused) must find room on
   * it: most machines run one operation at a time, a work center's `operationsPerMachine` allows
   * more (a furnace load, an assembly bench). The work center's row is locked with the operation
   * (`for update` of the booking's join), so two operators starting on one machine are serialised.
   */
  private async checkMachineFree(
    tx: Tx,
    locked: {
      op: typeof jobOperations.$inferSelect;
      operationsPerMachine: number;
      workCenterCode: string;
    },
    machineIndex: number | null,
  ) {
    if (machineIndex === null) return;
    const busy = await queryRows<{ job_number: string; number: string }>(
      tx,
      sql`select j.number as job_number, o.number
          from job_operations o join production_jobs j on j.id = o.job_id
          where o.work_center_id = ${locked.op.workCenterId}
            and coalesce(o.actual_machine_index, o.machine_index) = ${machineIndex}
            and o.status in ('setup', 'running') and o.id <> ${locked.op.id}
          order by o.actual_start nulls last, j.number`,
    );
    if (busy.length < locked.operationsPerMachine) return;
    const machine = machineCode(locked.workCenterCode, machineIndex);
    const running = busy.map((b) => `${b.job_number} op ${b.number}`).join(', ');
    throw ruleViolation(
      'machineIndex',
      'machine-free',
      `${machine} is busy with ${running}: pause or finish it first, or start on another machine`,
    );
  }

  /** The operator clocks on (setup, run) or everyone clocks off (pause, finish). */
  private async clock(tx: Tx, operatorId: string, operationId: string, kind: BookingBody['kind'], now: Date) {
    if (kind === 'quantity') return;
    const open = and(eq(operatorSessions.jobOperationId, operationId), isNull(operatorSessions.endedAt));
    await tx
      .update(operatorSessions)
      .set({ endedAt: now })
      .where(
        kind === 'setup' || kind === 'run' ? and(open, eq(operatorSessions.operatorId, operatorId)) : open,
      );
    if (kind === 'setup' || kind === 'run')
      await tx
        .insert(operatorSessions)
        .values({ jobOperationId: operationId, operatorId, activity: kind, startedAt: now });
  }

  /**
   * When the job's last open operation finished: the job is done with the good quantity of its
   * final operations, and what it made goes into stock for its order line.
   */
  private async completeJobIfDone(
    tx: Tx,
    actor: Actor,
    job: typeof productionJobs.$inferSelect,
    now: Date,
    events: IntegrationEvent[],
  ): Promise<boolean> {
    const ops = await tx
      .select({
        number: jobOperations.number,
        status: jobOperations.status,
        good: jobOperations.goodQuantity,
        predecessors: jobOperations.predecessors,
        rework: jobOperations.rework,
      })
      .from(jobOperations)
      .where(eq(jobOperations.jobId, job.id));
    if (ops.some((o) => o.status !== 'done')) return false;
    // the good parts of the final operations, with those reworked after them back in
    const made = madeQuantity(ops.map((o) => ({ ...o, good: Number(o.good) })));
    await tx
      .update(productionJobs)
      .set({
        status: 'done',
        completedQuantity: String(made),
        actualEnd: now,
        version: sql`${productionJobs.version} + 1`,
      })
      .where(eq(productionJobs.id, job.id));
    if (made > 0)
      await this.stock(tx).receiveFromJob(actor, {
        itemId: job.itemId,
        quantity: made,
        jobId: job.id,
        jobNumber: job.number,
        salesOrderLineId: job.salesOrderLineId,
      });
    await recordAudit(tx, actor, {
      entity: 'production-job',
      entityId: job.number,
      action: 'complete',
      after: { status: 'done', completedQuantity: made },
    });
    events.push(
      event('job.completed', job.id, {
        jobNumber: job.number,
        ...external(job),
        itemId: job.itemId,
        quantity: Number(job.quantity),
        completedQuantity: made,
        salesOrderLineId: job.salesOrderLineId,
        at: now.toISOString(),
      }),
    );
    return true;
  }

  private operationRows(db: Db | Tx, where: ReturnType<typeof sql>) {
    return queryRows<OperationRow>(
      db,
      sql`select o.*, j.number as job_number, j.quantity as job_quantity, j.due as job_due,
            j.sales_order_line_id, i.number as item_number, i.name as item_name, w.code as wc_code,
            w.machines as wc_machines,
            array(select p.number from job_operations p
                  where p.job_id = o.job_id and p.number = any(o.predecessors) and p.status <> 'done'
                  order by p.number) as waiting_for
          from job_operations o
          join production_jobs j on j.id = o.job_id
          join ${items} i on i.id = j.item_id
          join ${workCenters} w on w.id = o.work_center_id
          where ${where}
          order by (o.status in ('setup', 'running', 'paused')) desc, o.planned_setup_start nulls last,
                   j.number, o.number`,
    );
  }

  /** Who is clocked on these operations now (one query). */
  private async operatorsOn(db: Db | Tx, operationIds: string[]) {
    const result = new Map<
      string,
      { operatorId: string; name: string; activity: 'setup' | 'run'; since: string }[]
    >();
    if (operationIds.length === 0) return result;
    const rows = await db
      .select({ session: operatorSessions, name: users.name })
      .from(operatorSessions)
      .innerJoin(users, eq(users.id, operatorSessions.operatorId))
      .where(and(inArray(operatorSessions.jobOperationId, operationIds), isNull(operatorSessions.endedAt)))
      .orderBy(asc(operatorSessions.startedAt));
    for (const { session, name } of rows) {
      const list = result.get(session.jobOperationId) ?? [];
      list.push({
        operatorId: session.operatorId,
        name,
        activity: session.activity,
        since: session.startedAt.toISOString(),
      });
      result.set(session.jobOperationId, list);
    }
    return result;
  }
}

interface OperationRow {
  id: string;
  job_id: string;
  number: string;
  name: string;
  status: OperationDetail['status'];
  work_center_id: string;
  machine_index: number | null;
  actual_machine_index: number | null;
  setup_minutes: string;
  run_minutes: string;
  planned_setup_start: Date | string | null;
  planned_start: Date | string | null;
  planned_end: Date | string | null;
  instructions: string;
  drawing_url: string | null;
  actual_setup_start: Date | string | null;
  actual_start: Date | string | null;
  actual_end: Date | string | null;
  actual_setup_minutes: string;
  actual_run_minutes: string;
  good_quantity: string;
  scrap_quantity: string;
  machine_cycles: number;
  rework: boolean;
  /** null: the job's quantity */
  quantity: string | null;
  version: number;
  job_number: string;
  job_quantity: string;
  job_due: Date | string;
  sales_order_line_id: string | null;
  item_number: string;
  item_name: string;
  wc_code: string;
  wc_machines: number;
  waiting_for: string[];
}

const asDate = (v: Date | string | null) => (v === null ? null : new Date(v));

function toDispatch(r: OperationRow, operators: OperationDetail['operators']) {
  const machineIndex = r.actual_machine_index ?? r.machine_index;
  const plannedEnd = asDate(r.planned_end);
  const due = asDate(r.job_due)!;
  return {
    id: r.id,
    jobId: r.job_id,
    jobNumber: r.job_number,
    itemNumber: r.item_number,
    itemName: r.item_name,
    jobQuantity: Number(r.job_quantity),
    quantity: Number(r.quantity ?? r.job_quantity),
    rework: Boolean(r.rework),
    number: r.number,
    name: r.name,
    status: r.status,
    machineIndex: machineIndex === null ? null : Number(machineIndex),
    machineCode: machineIndex === null ? null : machineCode(r.wc_code, Number(machineIndex)),
    plannedSetupStart: iso(asDate(r.planned_setup_start)),
    plannedStart: iso(asDate(r.planned_start)),
    plannedEnd: iso(plannedEnd),
    jobDue: due.toISOString(),
    late: plannedEnd !== null && plannedEnd > due,
    setupMinutes: Number(r.setup_minutes),
    runMinutes: Number(r.run_minutes),
    goodQuantity: Number(r.good_quantity),
    scrapQuantity: Number(r.scrap_quantity),
    waitingFor: r.waiting_for ?? [],
    operators,
  };
}

function event(type: string, entityId: string, payload: Record<string, unknown>): IntegrationEvent {
  return { type, entity: type.startsWith('job.') ? 'production-job' : 'job-operation', entityId, payload };
}

/** The job's number in the system that sent it, for the confirmations that go back there. */
const external = (job: { externalReference: string | null }) =>
  job.externalReference ? { externalReference: job.externalReference } : {};
