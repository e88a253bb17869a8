/**
 * The design work of a planned engineer-to-order job revised in the caller's transaction
 * (production stays the only writer of job_operations): engineering operations added, changed
 * or removed, and the job's first production operations made to wait for the new last tasks.
 *
 * What the floor did stays: an operation that started keeps its work center and cannot be
 * removed, a finished one keeps its hours. A new operation goes on the first engineer of its work
 * center, provisionally after its predecessors (the caller re-plans, which times it for real).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Tx } from '../../platform/db/database';
import { type FieldIssue, NotFoundError, RuleViolationError } from '../../platform/errors';
import { jobOperations, productionJobs } from './tables';

export interface EngineeringOperationChange {
  number: string;
  name: string;
  workCenterId: string;
  /** work content: the run minutes of the operation */
  minutes: number;
  predecessors: string[];
  description: string;
}

export interface EngineeringOperationsRevision {
  jobId: string;
  add: EngineeringOperationChange[];
  update: EngineeringOperationChange[];
  remove: string[];
  /** the design tasks nothing else waits for: the job's first production operations wait for them */
  gates: string[];
  /** every engineering operation number, before and after (to tell them from production ones) */
  engineeringNumbers: string[];
}

const NOT_STARTED = new Set(['planned', 'released']);
const MINUTE = 60_000;

export async function reviseEngineeringOperations(
  tx: Tx,
  actor: Actor,
  revision: EngineeringOperationsRevision,
  now: Date = new Date(),
): Promise<void> {
  const [job] = await tx
    .select()
    .from(productionJobs)
    .where(eq(productionJobs.id, revision.jobId))
    .for('update');
  if (!job) throw new NotFoundError('production job', revision.jobId);
  if (job.status === 'done' || job.status === 'cancelled')
    throw new RuleViolationError(`${job.number} is ${job.status}`, [
      {
        field: 'tasks',
        rule: 'job-open',
        message: `${job.number} is ${job.status}: its design work is over`,
      },
    ]);
  const operations = await tx.select().from(jobOperations).where(eq(jobOperations.jobId, job.id));
  const byNumber = new Map(operations.map((o) => [o.number, o]));
  const issues: FieldIssue[] = [];
  for (const number of revision.remove) {
    const op = byNumber.get(number);
    if (op && !NOT_STARTED.has(op.status))
      issues.push({
        field: 'tasks',
        rule: 'started',
        message: `${number} is ${op.status} on ${job.number}: a started task stays (change its hours instead)`,
      });
  }
  for (const change of revision.update) {
    const op = byNumber.get(change.number);
    if (!op) continue;
    if (op.workCenterId !== change.workCenterId && !NOT_STARTED.has(op.status))
      issues.push({
        field: 'tasks',
        rule: 'started',
        message: `${change.number} is ${op.status}: it stays on its work center`,
      });
    if (op.status === 'done' && Number(op.runMinutes) !== change.minutes)
      issues.push({
        field: 'tasks',
        rule: 'done',
        message: `${change.number} is done: its hours are booked`,
      });
  }
  if (issues.length > 0)
    throw new RuleViolationError('the design work on the floor does not allow it', issues);

  if (revision.remove.length > 0)
    await tx
      .delete(jobOperations)
      .where(and(eq(jobOperations.jobId, job.id), inArray(jobOperations.number, revision.remove)));
  for (const change of revision.update) {
    const op = byNumber.get(change.number);
    if (!op) continue;
    const moved = op.workCenterId !== change.workCenterId;
    await tx
      .update(jobOperations)
      .set({
        name: change.name,
        workCenterId: change.workCenterId,
        // another work center: its first engineer until the re-plan chooses
        ...(moved ? { machineIndex: 0 } : {}),
        runMinutes: String(change.minutes),
        predecessors: change.predecessors,
        instructions: change.description,
        version: sql`${jobOperations.version} + 1`,
      })
      .where(eq(jobOperations.id, op.id));
  }
  if (revision.add.length > 0) {
    const endOf = new Map(operations.map((o) => [o.number, o.plannedEnd?.getTime() ?? now.getTime()]));
    const status = job.status === 'planned' ? ('planned' as const) : ('released' as const);
    const rows = revision.add.map((change) => {
      const start = Math.max(now.getTime(), ...change.predecessors.map((p) => endOf.get(p) ?? now.getTime()));
      const end = start + change.minutes * MINUTE;
      endOf.set(change.number, end);
      return {
        jobId: job.id,
        number: change.number,
        name: change.name,
        predecessors: change.predecessors,
        workCenterId: change.workCenterId,
        machineIndex: 0,
        setupMinutes: '0',
        runMinutes: String(change.minutes),
        queueMinutes: '0',
        shiftRule: 'span' as const,
        instructions: change.description,
        status,
        plannedSetupStart: new Date(start),
        plannedStart: new Date(start),
        plannedEnd: new Date(end),
      };
    });
    await tx.insert(jobOperations).values(rows);
  }
  // the first production operations (those that waited for the design) wait for the new last tasks
  const design = new Set(revision.engineeringNumbers);
  const gated = operations.filter(
    (o) => !design.has(o.number) && !o.rework && o.predecessors.some((p) => design.has(p)),
  );
  for (const op of gated) {
    const predecessors = [...op.predecessors.filter((p) => !design.has(p)), ...revision.gates];
    if (predecessors.join() === op.predecessors.join()) continue;
    await tx
      .update(jobOperations)
      .set({ predecessors, version: sql`${jobOperations.version} + 1` })
      .where(eq(jobOperations.id, op.id));
  }
  await tx
    .update(productionJobs)
    .set({ version: sql`${productionJobs.version} + 1` })
    .where(eq(productionJobs.id, job.id));
  await recordAudit(tx, actor, {
    entity: 'production-job',
    entityId: job.id,
    action: 'revise-engineering',
    after: {
      job: job.number,
      added: revision.add.map((c) => c.number),
      changed: revision.update.map((c) => c.number),
      removed: revision.remove,
      gates: revision.gates,
    },
  });
}
