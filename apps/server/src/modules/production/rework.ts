/**
 * Rework: a non-conformance disposition adds an operation to the job that made the parts, in
 * the caller's transaction (production stays the only writer of job_operations). The rework
 * operation follows the failed one: numbered `<op>R<n>` (090 → 090R1, 090R2; a rework of a
 * rework counts on from its original operation), the failed operation as its predecessor, and
 * a predecessor itself of the job's next operations not yet started (the successors of the
 * failed operation, looking past those already under way or done): the reworked parts go on
 * through the rest of the routing. It handles the non-conformance's parts (its own quantity),
 * at minutes per piece that default to the failed operation's, and is released when the job is
 * on the floor. It is added without a machine or planned times: planning places it in the same
 * transaction (planning/insert-operations.ts).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
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
  /** default: the failed operation's work center */
  workCenterId?: string;
  setupMinutes: number;
  /** default: the failed operation's run minutes per piece */
  runMinutesPerPiece?: number;
  /** the parts to rework: the non-conformance's */
  quantity: number;
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
  quantity: number;
  runMinutesPerPiece: number;
  /** run minutes for all its parts */
  runMinutes: number;
  /** the operations that now wait for it */
  successors: string[];
  /** planned minutes at the work center's rates (setup at the setup rate, run at machine + labour), minor units */
  plannedCost: number;
  currency: string;
}

/** The original operation a rework operation reworks: `090R2` → `090`. */
export const reworkedOperationNumber = (number: string) => number.replace(/(R\d+)+$/, '');

/** The run minutes per piece of an operation: its run minutes over the parts it handles. */
export const runMinutesPerPiece = (op: { runMinutes: number; quantity: number }) =>
  op.quantity > 0 ? op.runMinutes / op.quantity : 0;

const NOT_STARTED = new Set(['planned', 'released']);

/**
 * The job's next operations not yet started after `number`: its successors (rework operations
 * are side branches, not followed), looking past those already under way or done. Pure.
 */
export function nextUnstartedOperations(
  ops: { number: string; predecessors: string[]; status: string; rework: boolean }[],
  number: string,
): string[] {
  const found = new Set<string>();
  const seen = new Set([number]);
  const queue = [number];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const op of ops) {
      if (op.rework || seen.has(op.number) || !op.predecessors.includes(at)) continue;
      seen.add(op.number);
      if (NOT_STARTED.has(op.status)) found.add(op.number);
      else queue.push(op.number);
    }
  }
  return [...found].sort();
}

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
  if (!Number.isFinite(input.setupMinutes) || input.setupMinutes < 0)
    throw ruleViolation('reworkOperation.setupMinutes', 'min', 'setup minutes cannot be negative');
  if (input.runMinutesPerPiece !== undefined && !(input.runMinutesPerPiece > 0))
    throw ruleViolation(
      'reworkOperation.runMinutesPerPiece',
      'positive',
      'rework takes more than 0 minutes a piece',
    );
  if (!locked) throw new NotFoundError('job operation', input.failedOperationId);
  const { op, job } = locked;
  if (job.status === 'done' || job.status === 'cancelled')
    throw ruleViolation(
      'disposition',
      'job-open',
      `${job.number} is ${job.status}: rework needs an open job (make the parts again on a new job)`,
    );
  const [wc] = await tx
    .select()
    .from(workCenters)
    .where(eq(workCenters.id, input.workCenterId ?? op.workCenterId));
  if (!wc) throw ruleViolation('reworkOperation.workCenterId', 'reference', 'unknown work center');
  if (!wc.active)
    throw ruleViolation(
      'reworkOperation.workCenterId',
      'active',
      `${wc.code} is not active: choose a work center that can be planned`,
    );
  const perPiece =
    input.runMinutesPerPiece ??
    runMinutesPerPiece({
      runMinutes: Number(op.runMinutes),
      quantity: Number(op.quantity ?? job.quantity),
    });
  if (!(perPiece > 0))
    throw ruleViolation(
      'reworkOperation.runMinutesPerPiece',
      'positive',
      `${op.number} has no run time to take as the default: say how many minutes a piece takes`,
    );
  const runMinutes = Math.round(perPiece * input.quantity * 1000) / 1000;

  const ops = await tx
    .select({
      number: jobOperations.number,
      predecessors: jobOperations.predecessors,
      status: jobOperations.status,
      rework: jobOperations.rework,
    })
    .from(jobOperations)
    .where(eq(jobOperations.jobId, job.id));
  const base = reworkedOperationNumber(op.number);
  const taken = ops.flatMap((o) =>
    o.number.startsWith(`${base}R`) && /^R\d+$/.test(o.number.slice(base.length))
      ? [Number(o.number.slice(base.length + 1))]
      : [],
  );
  const number = `${base}R${Math.max(0, ...taken) + 1}`;
  const status = job.status === 'planned' ? ('planned' as const) : ('released' as const);
  const successors = nextUnstartedOperations(ops, op.number);

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
      runMinutes: String(runMinutes),
      queueMinutes: '0',
      shiftRule: 'span',
      family: null,
      instructions: input.instructions,
      status,
      rework: true,
      quantity: String(roundQuantity(input.quantity)),
    })
    .returning({ id: jobOperations.id });
  if (successors.length > 0)
    await tx
      .update(jobOperations)
      .set({
        predecessors: sql`array_append(${jobOperations.predecessors}, ${number}::text)`,
        version: sql`${jobOperations.version} + 1`,
      })
      .where(and(eq(jobOperations.jobId, job.id), inArray(jobOperations.number, successors)));
  await tx
    .update(productionJobs)
    .set({ version: sql`${productionJobs.version} + 1` })
    .where(eq(productionJobs.id, job.id));
  const plannedCost = Math.round(
    (input.setupMinutes / 60) * wc.setupRate + (runMinutes / 60) * (wc.machineRate + wc.labourRate),
  );
  await recordAudit(tx, actor, {
    entity: 'job-operation',
    entityId: created.id,
    action: 'add-rework',
    after: {
      job: job.number,
      number,
      name: input.name,
      after: op.number,
      before: successors,
      status,
      workCenter: wc.code,
      quantity: input.quantity,
      runMinutesPerPiece: perPiece,
    },
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
    quantity: input.quantity,
    runMinutesPerPiece: perPiece,
    runMinutes,
    successors,
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
