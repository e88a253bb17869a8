/**
 * Rework: a non-conformance disposition adds an operation to the job that made the parts, in
 * the caller's transaction (production stays the only writer of job_operations). The rework
 * operation follows the failed one: numbered `<op>R<n>` (090 → 090R1, 090R2; a rework of a
 * rework counts on from its original operation), the failed operation as its predecessor,
 * released when the job is on the floor so it shows in the work center's dispatch list at once,
 * unscheduled (no machine, no planned times: the dispatch list puts it after the scheduled work).
 * It is a side branch: the failed operation's successors do not wait for it.
 */
import { eq, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Tx } from '../../platform/db/database';
import { NotFoundError, ruleViolation } from '../../platform/errors';
import { roundQuantity } from '../../platform/quantity';
import { workCenters } from '../catalog/tables/work-centers';
import { jobOperations, productionJobs } from './tables';

export interface ReworkOperationToAdd {
  /** the operation whose parts failed */
  failedOperationId: string;
  name: string;
  workCenterId: string;
  setupMinutes: number;
  /** run minutes for all the reworked parts together */
  runMinutes: number;
  instructions: string;
}

export interface AddedReworkOperation {
  id: string;
  jobId: string;
  jobNumber: string;
  number: string;
  name: string;
  status: 'planned' | 'released';
  workCenterId: string;
  workCenterCode: string;
  /** planned minutes at the work center's rates (setup at the setup rate, run at machine + labour), minor units */
  plannedCost: number;
  currency: string;
}

/** The original operation a rework operation reworks: `090R2` → `090`. */
export const reworkedOperationNumber = (number: string) => number.replace(/(R\d+)+$/, '');

export async function addReworkOperation(
  tx: Tx,
  actor: Actor,
  input: ReworkOperationToAdd,
): Promise<AddedReworkOperation> {
  // the job row is locked too: two dispositions on one job number their rework operations in turn
  const [locked] = await tx
    .select({ op: jobOperations, job: productionJobs })
    .from(jobOperations)
    .innerJoin(productionJobs, eq(productionJobs.id, jobOperations.jobId))
    .where(eq(jobOperations.id, input.failedOperationId))
    .for('update');
  if (!locked) throw new NotFoundError('job operation', input.failedOperationId);
  const { op, job } = locked;
  if (job.status === 'done' || job.status === 'cancelled')
    throw ruleViolation(
      'disposition',
      'job-open',
      `${job.number} is ${job.status}: rework needs an open job (make the parts again on a new job)`,
    );
  const [wc] = await tx.select().from(workCenters).where(eq(workCenters.id, input.workCenterId));
  if (!wc) throw ruleViolation('reworkOperation.workCenterId', 'reference', 'unknown work center');

  const base = reworkedOperationNumber(op.number);
  const numbers = await tx
    .select({ number: jobOperations.number })
    .from(jobOperations)
    .where(eq(jobOperations.jobId, job.id));
  const taken = numbers.flatMap((o) =>
    o.number.startsWith(`${base}R`) && /^R\d+$/.test(o.number.slice(base.length))
      ? [Number(o.number.slice(base.length + 1))]
      : [],
  );
  const number = `${base}R${Math.max(0, ...taken) + 1}`;
  const status = job.status === 'planned' ? ('planned' as const) : ('released' as const);

  const [created] = await tx
    .insert(jobOperations)
    .values({
      jobId: job.id,
      number,
      name: input.name,
      predecessors: [op.number],
      workCenterId: wc.id,
      machineIndex: null,
      setupMinutes: String(input.setupMinutes),
      runMinutes: String(input.runMinutes),
      queueMinutes: '0',
      shiftRule: 'span',
      family: null,
      instructions: input.instructions,
      status,
      rework: true,
    })
    .returning({ id: jobOperations.id });
  await tx
    .update(productionJobs)
    .set({ version: sql`${productionJobs.version} + 1` })
    .where(eq(productionJobs.id, job.id));
  const plannedCost = Math.round(
    (input.setupMinutes / 60) * wc.setupRate + (input.runMinutes / 60) * (wc.machineRate + wc.labourRate),
  );
  await recordAudit(tx, actor, {
    entity: 'job-operation',
    entityId: created.id,
    action: 'add-rework',
    after: { job: job.number, number, name: input.name, after: op.number, status, workCenter: wc.code },
  });
  return {
    id: created.id,
    jobId: job.id,
    jobNumber: job.number,
    number,
    name: input.name,
    status,
    workCenterId: wc.id,
    workCenterCode: wc.code,
    plannedCost,
    currency: wc.currency,
  };
}

/**
 * What a finished job made, with rework in mind: the good quantity of its final operations
 * (the least of them), where a final operation's parts that went to rework come back with the
 * good quantity of its rework branch. Rework operations are never final themselves, and a rework
 * of an operation in the middle of the routing feeds the operations after it, which count its
 * parts. `ExecutionService.completeJobIfDone` should use this instead of the plain minimum over
 * the operations nothing follows, which would take a rework branch's few parts for the job's
 * output. Pure.
 */
export function madeQuantity(
  ops: { number: string; predecessors: string[]; good: number; rework: boolean }[],
): number {
  const regular = ops.filter((o) => !o.rework);
  const feeding = new Set(regular.flatMap((o) => o.predecessors));
  const finals = regular.filter((o) => !feeding.has(o.number));
  if (finals.length === 0) return 0;
  const reworkedBack = new Map<string, number>();
  for (const r of ops.filter((o) => o.rework)) {
    const root = reworkedOperationNumber(r.number);
    reworkedBack.set(root, (reworkedBack.get(root) ?? 0) + r.good);
  }
  return roundQuantity(Math.min(...finals.map((f) => f.good + (reworkedBack.get(f.number) ?? 0))));
}
