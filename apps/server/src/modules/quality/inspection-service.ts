/**
 * Inspection plans and results: the characteristics to measure on a routing operation, and the
 * values the terminal records on a job operation. The only writer of inspection_characteristics
 * and inspection_results. A job operation finds its plan through its job's routing and its
 * operation number (a rework operation `090R1` is measured against the plan of `090`). Every
 * change is one transaction with its audit row; a measurement booked again with the same
 * clientEventId records once.
 */
import type {
  InspectionCharacteristic,
  InspectionResult,
  InspectionResultsBody,
  OperationInspection,
} from '@takt/contracts';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { routingOperations } from '../catalog/tables/routings';
import { users } from '../identity/tables';
import { type Limits, limitIssues, passes } from './inspection-limits';
import { nonConformanceRows } from './non-conformance-rows';
import { inspectionCharacteristics, inspectionResults } from './tables';

export interface CharacteristicInput extends Limits {
  name: string;
  unit: string;
  frequency: number;
}

type CharacteristicRow = typeof inspectionCharacteristics.$inferSelect;

const ON_FLOOR = ['released', 'in-progress'];
const num = (v: string | null) => (v === null ? null : Number(v));
const dec = (v: number | null) => (v === null ? null : String(v));

function toCharacteristic(r: CharacteristicRow): InspectionCharacteristic {
  return {
    id: r.id,
    routingOperationId: r.routingOperationId,
    name: r.name,
    unit: r.unit,
    nominal: num(r.nominal),
    lowerLimit: num(r.lowerLimit),
    upperLimit: num(r.upperLimit),
    frequency: r.frequency,
    version: r.version,
  };
}

const limitsOf = (c: InspectionCharacteristic): Limits => ({
  nominal: c.nominal,
  lowerLimit: c.lowerLimit,
  upperLimit: c.upperLimit,
});

function checkLimits(limits: Limits, prefix = '') {
  const issues = limitIssues(limits).map((i) => ({ ...i, field: `${prefix}${i.field}` }));
  if (issues.length) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);
}

export class InspectionService {
  constructor(private readonly db: Db) {}

  /** The inspection plan of a routing operation, by name. */
  async characteristics(
    routingOperationId: string,
    db: Db | Tx = this.db,
  ): Promise<InspectionCharacteristic[]> {
    const [op] = await db
      .select({ id: routingOperations.id })
      .from(routingOperations)
      .where(eq(routingOperations.id, routingOperationId));
    if (!op) throw new NotFoundError('routing operation', routingOperationId);
    return this.planOf(db, routingOperationId);
  }

  /** Adds characteristics to a routing operation's plan (one statement; the demo plant adds several). */
  async createCharacteristics(
    actor: Actor,
    routingOperationId: string,
    inputs: CharacteristicInput[],
  ): Promise<InspectionCharacteristic[]> {
    inputs.forEach((input, i) => {
      checkLimits(input, inputs.length > 1 ? `${i}.` : '');
    });
    return this.db.transaction(async (tx) => {
      const [op] = await tx
        .select({ id: routingOperations.id, number: routingOperations.number })
        .from(routingOperations)
        .where(eq(routingOperations.id, routingOperationId));
      if (!op) throw new NotFoundError('routing operation', routingOperationId);
      const rows = await tx
        .insert(inspectionCharacteristics)
        .values(
          inputs.map((c) => ({
            routingOperationId,
            name: c.name,
            unit: c.unit,
            nominal: dec(c.nominal),
            lowerLimit: dec(c.lowerLimit),
            upperLimit: dec(c.upperLimit),
            frequency: c.frequency,
          })),
        )
        .returning();
      const created = rows.map(toCharacteristic);
      await recordAudit(tx, actor, {
        entity: 'inspection-characteristic',
        entityId: created.map((c) => c.id).join(','),
        action: 'create',
        after: { routingOperationId, operation: op.number, characteristics: created },
      });
      return created;
    });
  }

  async updateCharacteristic(
    actor: Actor,
    id: string,
    version: number,
    patch: Partial<CharacteristicInput>,
  ): Promise<InspectionCharacteristic> {
    return this.db.transaction(async (tx) => {
      const before = await this.lockCharacteristic(tx, id, version);
      const merged = { ...before, ...definedOf(patch) };
      checkLimits(merged);
      const [row] = await tx
        .update(inspectionCharacteristics)
        .set({
          name: merged.name,
          unit: merged.unit,
          nominal: dec(merged.nominal),
          lowerLimit: dec(merged.lowerLimit),
          upperLimit: dec(merged.upperLimit),
          frequency: merged.frequency,
          version: sql`${inspectionCharacteristics.version} + 1`,
        })
        .where(eq(inspectionCharacteristics.id, id))
        .returning();
      const after = toCharacteristic(row);
      await recordAudit(tx, actor, {
        entity: 'inspection-characteristic',
        entityId: id,
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  /** Removes a characteristic from its plan; one with results stays (the results refer to it). */
  async deleteCharacteristic(actor: Actor, id: string, version: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.lockCharacteristic(tx, id, version);
      const [used] = await tx
        .select({ id: inspectionResults.id })
        .from(inspectionResults)
        .where(eq(inspectionResults.characteristicId, id))
        .limit(1);
      if (used)
        throw ruleViolation(
          'id',
          'has-results',
          `${before.name} was measured already: it stays in the plan with its results (change its limits instead)`,
        );
      await tx.delete(inspectionCharacteristics).where(eq(inspectionCharacteristics.id, id));
      await recordAudit(tx, actor, {
        entity: 'inspection-characteristic',
        entityId: id,
        action: 'delete',
        before,
      });
    });
  }

  /** What the terminal shows for a job operation: its plan, what was measured, its non-conformances. */
  async ofOperation(jobOperationId: string, db: Db | Tx = this.db): Promise<OperationInspection> {
    const operation = await this.operation(db, jobOperationId);
    const [characteristics, results, nonConformances] = await Promise.all([
      operation.routing_operation_id ? this.planOf(db, operation.routing_operation_id) : [],
      this.resultsOf(db, sql`r.job_operation_id = ${jobOperationId}`),
      nonConformanceRows(db, { where: sql`n.job_operation_id = ${jobOperationId}`, limit: 100, offset: 0 }),
    ]);
    return {
      jobOperationId,
      operationNumber: operation.number,
      routingOperationId: operation.routing_operation_id,
      characteristics,
      results,
      nonConformances,
    };
  }

  /**
   * Records what was measured on one part, each value against its characteristic's limits, as
   * the signed-in operator. A failed value opens no non-conformance by itself: the answer lists
   * the failures and the terminal offers to report one. Recorded again with the same
   * clientEventId, it changes nothing and answers the results as they were recorded.
   */
  async recordResults(
    actor: Actor,
    operatorId: string,
    jobOperationId: string,
    input: InspectionResultsBody,
  ): Promise<{ results: InspectionResult[]; failed: InspectionResult[]; replayed: boolean }> {
    // one row per characteristic, each with an event id of its own derived from the booking's
    const eventIds = input.results.map((r) => `${input.clientEventId}/${r.characteristicId}`);
    const outcome = (results: InspectionResult[], replayed: boolean) => ({
      results,
      failed: results.filter((r) => !r.pass),
      replayed,
    });
    return this.db.transaction(async (tx) => {
      const operation = await this.operation(tx, jobOperationId);
      const earlier = await tx
        .select({ jobOperationId: inspectionResults.jobOperationId })
        .from(inspectionResults)
        .where(inArray(inspectionResults.clientEventId, eventIds));
      if (earlier.length > 0) {
        if (earlier.some((e) => e.jobOperationId !== jobOperationId))
          throw ruleViolation(
            'clientEventId',
            'unique',
            'this event id was already used for another operation',
          );
        return outcome(await this.resultsOf(tx, sql`r.client_event_id in ${inList(eventIds)}`), true);
      }

      if (!ON_FLOOR.includes(operation.job_status))
        throw ruleViolation(
          'results',
          'job-on-floor',
          operation.job_status === 'planned'
            ? `${operation.job_number} is not released to the shop floor yet`
            : `${operation.job_number} is ${operation.job_status}: nothing can be measured on it`,
        );
      const plan = new Map(
        (operation.routing_operation_id ? await this.planOf(tx, operation.routing_operation_id) : []).map(
          (c) => [c.id, c],
        ),
      );
      const seen = new Set<string>();
      const issues = input.results.flatMap((r, i) => {
        const field = `results.${i}.characteristicId`;
        if (!plan.has(r.characteristicId))
          return [
            {
              field,
              rule: 'reference',
              message: `not a characteristic of the inspection plan of operation ${operation.number}`,
            },
          ];
        if (seen.has(r.characteristicId))
          return [{ field, rule: 'unique', message: 'each characteristic once per measured part' }];
        seen.add(r.characteristicId);
        return [];
      });
      if (issues.length) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);

      const now = new Date();
      const inserted = await tx
        .insert(inspectionResults)
        .values(
          input.results.map((r, i) => ({
            clientEventId: eventIds[i],
            jobOperationId,
            characteristicId: r.characteristicId,
            value: String(r.value),
            pass: passes(r.value, limitsOf(plan.get(r.characteristicId)!)),
            operatorId,
            at: now,
          })),
        )
        // a concurrent retry of the same booking inserted them first: answer those
        .onConflictDoNothing({ target: inspectionResults.clientEventId })
        .returning({ id: inspectionResults.id });
      const results = await this.resultsOf(tx, sql`r.client_event_id in ${inList(eventIds)}`);
      if (inserted.length === 0) return outcome(results, true);
      await recordAudit(tx, actor, {
        entity: 'job-operation',
        entityId: jobOperationId,
        action: 'inspect',
        after: {
          job: operation.job_number,
          operation: operation.number,
          results: results.map((r) => ({
            characteristic: r.characteristicName,
            value: r.value,
            pass: r.pass,
          })),
        },
      });
      return outcome(results, false);
    });
  }

  private async planOf(db: Db | Tx, routingOperationId: string): Promise<InspectionCharacteristic[]> {
    const rows = await db
      .select()
      .from(inspectionCharacteristics)
      .where(eq(inspectionCharacteristics.routingOperationId, routingOperationId))
      .orderBy(asc(inspectionCharacteristics.name), asc(inspectionCharacteristics.id));
    return rows.map(toCharacteristic);
  }

  private async lockCharacteristic(tx: Tx, id: string, version: number): Promise<InspectionCharacteristic> {
    const [row] = await tx
      .select()
      .from(inspectionCharacteristics)
      .where(eq(inspectionCharacteristics.id, id))
      .for('update');
    if (!row) throw new NotFoundError('inspection characteristic', id);
    if (row.version !== version)
      throw new VersionConflictError('inspection characteristic', id, version, row.version);
    return toCharacteristic(row);
  }

  /** The job operation with its job and the routing operation whose plan it follows. */
  private async operation(db: Db | Tx, jobOperationId: string) {
    const [row] = await queryRows<{
      id: string;
      number: string;
      job_number: string;
      job_status: string;
      routing_operation_id: string | null;
    }>(
      db,
      sql`select o.id, o.number, j.number as job_number, j.status as job_status,
            (select ro.id from ${routingOperations} ro
             where ro.routing_id = j.routing_id and ro.number = regexp_replace(o.number, '(R[0-9]+)+$', '')
             limit 1) as routing_operation_id
          from job_operations o join production_jobs j on j.id = o.job_id
          where o.id = ${jobOperationId}`,
    );
    if (!row) throw new NotFoundError('job operation', jobOperationId);
    return row;
  }

  private async resultsOf(db: Db | Tx, where: ReturnType<typeof sql>): Promise<InspectionResult[]> {
    const rows = await queryRows<{
      id: string;
      characteristic_id: string;
      characteristic_name: string;
      value: string;
      pass: boolean;
      operator_name: string | null;
      at: Date | string;
    }>(
      db,
      sql`select r.id, r.characteristic_id, c.name as characteristic_name, r.value, r.pass,
            u.name as operator_name, r.at
          from ${inspectionResults} r
          join ${inspectionCharacteristics} c on c.id = r.characteristic_id
          left join ${users} u on u.id = r.operator_id
          where ${where}
          order by r.at desc, c.name
          limit 500`,
    );
    return rows.map((r) => ({
      id: r.id,
      characteristicId: r.characteristic_id,
      characteristicName: r.characteristic_name,
      value: Number(r.value),
      pass: r.pass,
      operatorName: r.operator_name,
      at: new Date(r.at).toISOString(),
    }));
  }
}

const inList = (values: string[]) =>
  sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;

/** The fields a PATCH gave (undefined: keep; null: clear a limit). */
function definedOf<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
