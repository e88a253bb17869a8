/**
 * Engineer-to-order: the design work of a project planned like any other work. The project's
 * engineering tasks become the first operations of the job that makes the project's item, on
 * the engineering work centers (their machines are the engineers, with their calendar), and the
 * production and procurement of that demand wait for them:
 *   - the job's first routing operations follow the last engineering tasks, after the customer's
 *     approval time (a queue lag, stored on the operation, so every re-plan keeps it);
 *   - the demand's other new jobs (components made for it) start after design and approval;
 *   - material bought for it is ordered when the design is approved: its consumer starts no
 *     earlier than approval plus the supplier's lead time;
 *   - except what was released early for procurement (the engineering module's partial
 *     release): a released part, and what it is made of, is neither held nor bought late.
 * Every later re-plan keeps the gate to the demand's other jobs (`child-job-precedences.ts`).
 * The capable-to-promise and Monte Carlo then see the engineers' load like any machine's, so a
 * second project on the same engineers gets a later date. Pure.
 */
import type { Minutes, Precedence, ScheduleOperation } from '@takt/engine';
import { RuleViolationError } from '../../platform/errors';
import type { PlantModel } from './plant-model';
import type { NewJob, NewJobOperation, SupplyRequest } from './supply-request';

export interface EngineeringTask {
  /** the operation number on the job: E010, E020, ... */
  number: string;
  name: string;
  workCenterId: string;
  /** work content in minutes */
  minutes: number;
  /** task numbers that finish first */
  predecessors: string[];
  description: string;
}

export interface EngineeringWork {
  projectNumber: string;
  tasks: EngineeringTask[];
  /** calendar minutes the customer takes to approve the design */
  approvalMinutes: Minutes;
  /** components released early for procurement (partial release): the design does not hold them */
  releasedItemIds?: string[];
}

/** The design of an open project's order line, as every re-plan gates the line's jobs by it. */
export interface OpenDesign extends EngineeringWork {
  itemId: string;
  salesOrderLineId: string;
}

/** Where planning finds the design work still to plan for an item (the projects module). */
export interface EngineeringWorkSource {
  forItem(itemId: string): Promise<EngineeringWork | null>;
  /** the designs of the open projects with an order line */
  openDesigns(): Promise<OpenDesign[]>;
}

/**
 * The items the design does not hold: those released early and, through `componentsOf` (the
 * structure as planning reads it), everything they are made of. Pure.
 */
export function releasedStructure(
  released: readonly string[],
  componentsOf: (itemId: string) => readonly { childItemId: string }[],
): Set<string> {
  const out = new Set<string>();
  const queue = [...released];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const line of componentsOf(id)) queue.push(line.childItemId);
  }
  return out;
}

const DAY: Minutes = 1440;
export const approvalMinutesOf = (days: number): Minutes => days * DAY;

/**
 * The supply request with the design work of `work` in it. The work goes onto the new job that
 * delivers the demand's item; with no such job (the item is in stock or already being made),
 * there is nothing to design for this demand and the request is returned as it is.
 */
export function withEngineeringWork(
  model: PlantModel,
  supply: SupplyRequest,
  demand: { id: string; itemId: string },
  work: EngineeringWork | null,
  componentsOf: (itemId: string) => readonly { childItemId: string }[] = () => [],
): SupplyRequest {
  if (!work || work.tasks.length === 0) return supply;
  const deliveringKey =
    supply.deliveringJobKeys[0] ?? supply.jobs.find((j) => j.itemId === demand.itemId)?.key;
  const delivering = supply.jobs.find((j) => j.key === deliveringKey);
  if (!delivering) return supply;

  const numbers = new Set(work.tasks.map((t) => t.number));
  const engineeringOps: NewJobOperation[] = work.tasks.map((task) => ({
    id: `${delivering.key}/${task.number}`,
    number: task.number,
    name: task.name,
    predecessors: task.predecessors.filter((p) => numbers.has(p) && p !== task.number),
    workCenterId: task.workCenterId,
    setupMinutes: 0,
    runMinutes: task.minutes,
    queueMinutes: 0,
    shiftRule: 'span',
    family: null,
    instructions: task.description,
    drawingUrl: null,
  }));
  const used = new Set(engineeringOps.flatMap((o) => o.predecessors));
  const gates = engineeringOps.filter((o) => !used.has(o.number));
  const routingNumbers = new Set(delivering.operations.map((o) => o.number));
  // the first production operations wait for design and the customer's approval
  const production = delivering.operations.map((op) => {
    const first = !op.predecessors.some((p) => routingNumbers.has(p));
    return first
      ? {
          ...op,
          predecessors: [...op.predecessors, ...gates.map((g) => g.number)],
          queueMinutes: op.queueMinutes + work.approvalMinutes,
        }
      : op;
  });
  const job: NewJob = { ...delivering, operations: [...engineeringOps, ...production] };

  const scheduleOps: ScheduleOperation[] = engineeringOps.map((op) => ({
    id: op.id,
    jobId: delivering.key,
    modes: engineeringModes(model, op, work.projectNumber),
    shiftRule: 'span',
  }));
  const precedences: Precedence[] = [];
  const byNumber = new Map(engineeringOps.map((o) => [o.number, o]));
  for (const op of engineeringOps)
    for (const p of op.predecessors) precedences.push({ before: byNumber.get(p)!.id, after: op.id, lag: 0 });
  for (const op of production)
    if (op.predecessors.some((p) => numbers.has(p)))
      for (const g of gates)
        precedences.push({ before: g.id, after: op.id, lag: Math.round(op.queueMinutes) });

  // the demand's other new jobs and its bought material wait for the approved design, but for what was released early
  const released = releasedStructure(work.releasedItemIds ?? [], componentsOf);
  const itemOfJob = new Map(supply.jobs.map((j) => [j.key, j.itemId]));
  const demandJobs = new Set(
    supply.request.jobs
      .filter(
        (j) => j.orderId === demand.id && j.id !== delivering.key && !released.has(itemOfJob.get(j.id) ?? ''),
      )
      .map((j) => j.id),
  );
  const predecessorsOf = new Map<string, number>();
  for (const p of supply.request.precedences)
    predecessorsOf.set(p.after, (predecessorsOf.get(p.after) ?? 0) + 1);
  for (const op of supply.request.operations) {
    const ours = op.jobId === delivering.key || demandJobs.has(op.jobId);
    if (!ours) continue;
    const waitsForDesign =
      demandJobs.has(op.jobId) && !predecessorsOf.has(op.id)
        ? work.approvalMinutes
        : Number.NEGATIVE_INFINITY;
    const waitsForMaterial = Math.max(
      Number.NEGATIVE_INFINITY,
      ...(op.materials ?? [])
        .filter((m) => !released.has(m.itemId))
        .map((m) => work.approvalMinutes + Math.max(0, m.availableAt - model.now)),
    );
    const lag = Math.max(waitsForDesign, waitsForMaterial);
    if (lag === Number.NEGATIVE_INFINITY) continue;
    for (const g of gates) precedences.push({ before: g.id, after: op.id, lag: Math.round(lag) });
  }

  const hasScheduleJob = supply.request.jobs.some((j) => j.id === delivering.key);
  return {
    ...supply,
    jobs: supply.jobs.map((j) => (j.key === delivering.key ? job : j)),
    request: {
      ...supply.request,
      jobs: hasScheduleJob
        ? supply.request.jobs
        : [
            ...supply.request.jobs,
            { id: delivering.key, orderId: demand.id, dueDate: delivering.due, releaseDate: model.now },
          ],
      operations: [...scheduleOps, ...supply.request.operations],
      precedences: [...supply.request.precedences, ...precedences],
    },
    deliveringJobKeys: supply.deliveringJobKeys.includes(delivering.key)
      ? supply.deliveringJobKeys
      : [...supply.deliveringJobKeys, delivering.key],
  };
}

function engineeringModes(model: PlantModel, op: NewJobOperation, projectNumber: string) {
  const wc = model.workCenters.get(op.workCenterId);
  if (!wc || wc.machineIds.length === 0)
    throw new RuleViolationError(
      `${projectNumber} task ${op.number} is planned on a work center that is not active`,
      [
        {
          field: `engineeringTasks.${op.number}.workCenterId`,
          rule: 'active',
          message: 'the engineering work center is not active',
        },
      ],
    );
  const duration = Math.max(1, Math.ceil(op.runMinutes / wc.efficiency));
  return wc.machineIds.map((machineId) => ({ machineId, duration, setup: 0 }));
}
