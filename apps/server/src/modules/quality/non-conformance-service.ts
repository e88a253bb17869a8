/**
 * Non-conformances: parts of a job operation that do not conform, reported at the terminal or in
 * the office (NCR-000001), and what is decided for them. The only writer of non_conformances.
 * - open: reported, waiting for a disposition;
 * - scrap: the parts are lost; cost = their material and the work done on them; closed at once;
 * - rework: production adds a rework operation for the parts to the job (production/rework.ts)
 *   and planning places it into the current plan (planning/insert-operations.ts), both in the
 *   disposition's transaction; cost = its planned minutes at the work center's rates;
 *   dispositioned until the rework operation is done, then closed by a supervisor (closing is a
 *   sign-off: the rework was checked);
 * - use as is: the parts go on as they are (a concession); cost 0; closed at once.
 * Each change is one transaction with its audit row and an outbox event.
 */
import type { DispositionBody, NonConformance } from '@takt/contracts';
import { eq, type SQL, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { queryRows } from '../../platform/db/database';
import { nextDocumentNumber } from '../../platform/document-numbers';
import { NotFoundError, ruleViolation, VersionConflictError } from '../../platform/errors';
import { likePattern } from '../../platform/text-search';
import { recordIntegrationEvents } from '../integration/outbox';
import type { Insertion } from '../planning/insert-operations';
import { addReworkOperation } from '../production/rework';
import type { ProductionService } from '../production/service';
import { materialPerPartOfJobs, scrapCost } from './non-conformance-cost';
import { countNonConformances, nonConformanceRows, reworkInstructionsOf } from './non-conformance-rows';
import { nonConformances } from './tables';

/** Planning's side of a rework: the operation goes into the current plan in the same transaction. */
export interface ReworkScheduling {
  /** the planning lock, taken before the disposition locks rows of the job */
  lock(tx: Tx): Promise<void>;
  insert(tx: Tx, actor: Actor, operationIds: string[]): Promise<Insertion>;
}

export class NonConformanceService {
  constructor(
    private readonly db: Db,
    /** production on the caller's transaction (the booked work of a job) */
    private readonly production: (tx: Tx) => ProductionService,
    private readonly scheduling: ReworkScheduling,
  ) {}

  async list(query: { limit: number; offset: number; q?: string; status?: string; jobId?: string }) {
    const conditions: SQL[] = [sql`true`];
    if (query.status) conditions.push(sql`n.status = ${query.status}`);
    if (query.jobId) conditions.push(sql`o.job_id = ${query.jobId}`);
    if (query.q) {
      const pattern = likePattern(query.q);
      conditions.push(
        sql`(n.number ilike ${pattern} or j.number ilike ${pattern} or i.number ilike ${pattern} or n.description ilike ${pattern})`,
      );
    }
    const where = sql.join(conditions, sql` and `);
    const [items, total] = await Promise.all([
      nonConformanceRows(this.db, { where, limit: query.limit, offset: query.offset }),
      countNonConformances(this.db, where),
    ]);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<NonConformance> {
    const [row] = await nonConformanceRows(db, { where: sql`n.id = ${id}`, limit: 1, offset: 0 });
    if (!row) throw new NotFoundError('non-conformance', id);
    return row;
  }

  /** Reports parts of a job operation that do not conform, as the signed-in user. */
  async report(
    actor: Actor,
    reportedBy: string,
    input: { jobOperationId: string; quantity: number; description: string },
  ): Promise<NonConformance> {
    return this.db.transaction(async (tx) => {
      const [op] = await queryRows<{
        job_id: string;
        job_number: string;
        job_status: string;
        quantity: string;
        number: string;
        currency: string;
      }>(
        tx,
        // a rework operation handles only its own parts
        sql`select o.job_id, o.number, j.number as job_number, j.status as job_status,
              coalesce(o.quantity, j.quantity) as quantity, i.currency
            from job_operations o join production_jobs j on j.id = o.job_id join items i on i.id = j.item_id
            where o.id = ${input.jobOperationId}`,
      );
      if (!op) throw ruleViolation('jobOperationId', 'reference', 'no job operation with this id');
      if (op.job_status === 'planned' || op.job_status === 'cancelled')
        throw ruleViolation(
          'jobOperationId',
          'job-on-floor',
          `${op.job_number} is ${op.job_status}: no parts of it were made to be non-conforming`,
        );
      if (input.quantity > Number(op.quantity))
        throw ruleViolation(
          'quantity',
          'max',
          `${op.job_number} ${op.number} handles ${Number(op.quantity)}: a non-conformance cannot concern more parts`,
        );
      const number = await nextDocumentNumber(tx, 'NCR');
      const [row] = await tx
        .insert(nonConformances)
        .values({
          number,
          jobOperationId: input.jobOperationId,
          quantity: String(input.quantity),
          description: input.description,
          currency: op.currency,
          reportedBy,
        })
        .returning({ id: nonConformances.id });
      const created = await this.get(row.id, tx);
      await recordAudit(tx, actor, {
        entity: 'non-conformance',
        entityId: number,
        action: 'create',
        after: created,
      });
      await recordIntegrationEvents(tx, [
        {
          type: 'non-conformance.reported',
          entity: 'non-conformance',
          entityId: row.id,
          payload: {
            number,
            jobNumber: op.job_number,
            operationNumber: op.number,
            quantity: input.quantity,
            description: input.description,
          },
        },
      ]);
      return created;
    });
  }

  /** Decides what happens to the parts of an open non-conformance (see the file's header). */
  async disposition(
    actor: Actor,
    id: string,
    version: number,
    input: DispositionBody,
  ): Promise<NonConformance> {
    if (input.disposition === 'rework' && !input.reworkOperation)
      throw ruleViolation('reworkOperation', 'required', 'say how to rework: at least the operation’s name');
    if (input.disposition !== 'rework' && input.reworkOperation)
      throw ruleViolation(
        'reworkOperation',
        'rework-only',
        `a ${input.disposition} disposition adds no operation`,
      );
    return this.db.transaction(async (tx) => {
      if (input.disposition === 'rework') await this.scheduling.lock(tx);
      const before = await this.lock(tx, id, version);
      if (before.status !== 'open')
        throw ruleViolation(
          'disposition',
          'open-only',
          `${before.number} was dispositioned already (${before.disposition}); it is ${before.status}`,
        );
      let cost = 0;
      let reworkOperation: {
        id: string;
        number: string;
        workCenter: string;
        machineIndex: number | null;
        plannedStart: string | null;
        quantity: number;
        runMinutesPerPiece: number;
        before: string[];
        pushed: number;
      } | null = null;
      if (input.disposition === 'scrap') {
        // one after the other: a transaction is one connection
        const work = await this.production(tx).workCostOfJobs([before.jobId], tx);
        const material = await materialPerPartOfJobs(tx, [before.jobId]);
        cost = scrapCost({
          quantity: before.quantity,
          jobQuantity: before.jobQuantity,
          materialPerPart: material.get(before.jobId) ?? 0,
          bookedWork: work.get(before.jobId)?.actualCost ?? 0,
        }).total;
      } else if (input.disposition === 'rework' && input.reworkOperation) {
        const added = await addReworkOperation(tx, actor, {
          failedOperationId: before.jobOperationId,
          name: input.reworkOperation.name,
          workCenterId: input.reworkOperation.workCenterId,
          setupMinutes: input.reworkOperation.setupMinutes,
          runMinutesPerPiece: input.reworkOperation.runMinutesPerPiece,
          quantity: before.quantity,
          instructions: reworkInstructionsOf(before.number, before.description),
        });
        const { placed, moved } = await this.scheduling.insert(tx, actor, [added.id]);
        cost = added.plannedCost;
        reworkOperation = {
          id: added.id,
          number: added.number,
          workCenter: added.workCenterCode,
          machineIndex: placed[0]?.machineIndex ?? null,
          plannedStart: placed[0]?.setupStart.toISOString() ?? null,
          quantity: added.quantity,
          runMinutesPerPiece: added.runMinutesPerPiece,
          before: added.successors,
          pushed: moved.length,
        };
      }
      const status = input.disposition === 'rework' ? 'dispositioned' : 'closed';
      await tx
        .update(nonConformances)
        .set({
          status,
          disposition: input.disposition,
          cost,
          version: sql`${nonConformances.version} + 1`,
        })
        .where(eq(nonConformances.id, id));
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, {
        entity: 'non-conformance',
        entityId: before.number,
        action: 'disposition',
        before: { status: before.status },
        after: { status, disposition: input.disposition, cost, reworkOperation },
      });
      await recordIntegrationEvents(tx, [
        {
          type: 'non-conformance.dispositioned',
          entity: 'non-conformance',
          entityId: id,
          payload: {
            number: before.number,
            jobNumber: before.jobNumber,
            disposition: input.disposition,
            quantity: before.quantity,
            cost,
            currency: after.currency,
            reworkOperationNumber: reworkOperation?.number ?? null,
          },
        },
      ]);
      return after;
    });
  }

  /** Closes a rework non-conformance once its rework operation is done. */
  async close(actor: Actor, id: string, version: number): Promise<NonConformance> {
    return this.db.transaction(async (tx) => {
      const before = await this.lock(tx, id, version);
      if (before.status !== 'dispositioned')
        throw ruleViolation(
          'status',
          'dispositioned-only',
          before.status === 'open'
            ? `${before.number} has no disposition yet: decide scrap, rework or use as is`
            : `${before.number} is closed already`,
        );
      const rework = before.reworkOperation;
      if (rework && rework.status !== 'done')
        throw ruleViolation(
          'status',
          'rework-done',
          `the rework operation ${rework.number} is ${rework.status}: close ${before.number} once it is done`,
        );
      await tx
        .update(nonConformances)
        .set({ status: 'closed', version: sql`${nonConformances.version} + 1` })
        .where(eq(nonConformances.id, id));
      const after = await this.get(id, tx);
      await recordAudit(tx, actor, {
        entity: 'non-conformance',
        entityId: before.number,
        action: 'close',
        before: { status: before.status },
        after: { status: 'closed' },
      });
      await recordIntegrationEvents(tx, [
        {
          type: 'non-conformance.closed',
          entity: 'non-conformance',
          entityId: id,
          payload: { number: before.number, jobNumber: before.jobNumber, disposition: before.disposition },
        },
      ]);
      return after;
    });
  }

  private async lock(tx: Tx, id: string, version: number): Promise<NonConformance> {
    const [row] = await tx
      .select({ version: nonConformances.version })
      .from(nonConformances)
      .where(eq(nonConformances.id, id))
      .for('update');
    if (!row) throw new NotFoundError('non-conformance', id);
    if (row.version !== version) throw new VersionConflictError('non-conformance', id, version, row.version);
    return this.get(id, tx);
  }
}
