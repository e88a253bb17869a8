/**
 * Capable-to-promise: the earliest delivery of a new order against the current plan, placing its
 * operations into the plan's free time without moving any planned work.
 *
 * Method: the request's operations go in a topological order (most work remaining first among
 * the ready ones); each becomes ready at max(now, release, material, predecessors' end + lag),
 * and takes, over its modes, the earliest-finishing slot in its machine's gaps (gap search in
 * machine-timeline.ts: calendars with the span/fit rule, setup after the previous operation from
 * the setup matrix or the mode, the next operation's setup must not grow). Placed operations
 * occupy their machine for the rest of the request.
 *
 * Explanation: the date is re-placed with each candidate constraint lifted — one work center's
 * planned work removed, one material on hand now, the release dates now — and the constraint
 * whose lifting brings the delivery forward most is binding (a counterfactual, as in "what
 * would the customer gain"). So when material comes at day 10 and the furnace is full until day
 * 12, the furnace is binding; with the material at day 14 it is the material.
 *
 * Cost per placement: O(ops · modes · (log n + gaps skipped · log n + calendar walk)) plus a copy
 * of each machine the request uses; the explanation repeats it once per candidate.
 */
import { placeOnCalendar } from '../calendar/working-time';
import { fail, ok, type Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { ScheduleOperation, ScheduleProblem, ScheduleResult } from '../schedule/types';
import { findSlot, type GapSearch, insertBusy, type MachineTimeline, type Slot } from './machine-timeline';
import { createPromiseContext, type PromiseContext } from './promise-context';
import type {
  BindingConstraint,
  CapableToPromiseOptions,
  DeliveryPromise,
  PromisedOperation,
  PromiseRequest,
} from './types';

/** One-shot promise: prepares the context from the plan, then promises. */
export function capableToPromise(
  problem: ScheduleProblem,
  plan: ScheduleResult,
  request: PromiseRequest,
  options: CapableToPromiseOptions = {},
): Result<DeliveryPromise> {
  const context = createPromiseContext(problem, plan);
  if (!context.ok) return context;
  return promiseDelivery(context.value, request, options);
}

/** Promises a request against a prepared context (reuse the context across many requests). */
export function promiseDelivery(
  context: PromiseContext,
  request: PromiseRequest,
  options: CapableToPromiseOptions = {},
): Result<DeliveryPromise> {
  const now = options.now ?? 0;
  const compiled = compileRequest(context, request, now);
  if (!compiled.ok) return compiled;
  const r = compiled.value;
  const search = options.gapSearch ?? 'indexed';
  const placed = place(context, r, {}, search, now);
  if (!placed.ok) return placed;
  const p = placed.value;
  const delivery = p.delivery;

  const operations: PromisedOperation[] = r.ops.map((op, i) => {
    const k = p.machine[i];
    const slot = p.slot[i];
    return {
      operationId: op.id,
      jobId: op.jobId,
      machineId: context.machines[k].id,
      workCenterId: context.machines[k].workCenterId,
      setupStart: slot.setupStart,
      start: slot.start,
      end: slot.end,
      setupMinutes: slot.setupMinutes,
      readyAt: p.ready[i],
      waitedForMachine: p.waited[i],
    };
  });
  const jobs = request.jobs.map((job, j) => {
    let completion = Math.max(now, job.releaseDate ?? 0);
    for (let i = 0; i < r.ops.length; i++)
      if (r.jobOf[i] === j) completion = Math.max(completion, p.slot[i].end);
    return { jobId: job.id, completion };
  });
  const sequences: Record<string, string[]> = {};
  for (const [k, timeline] of p.timelines)
    sequences[context.machines[k].id] = timeline.busy.map((b) => b.operationId);

  const freeCapacity = place(context, r, { allCapacity: true }, search, now);
  const freeCapacityDelivery = freeCapacity.ok ? freeCapacity.value.delivery : delivery;
  const constraints = options.explain === false ? [] : explain(context, r, p, search, now);
  return ok({
    orderId: request.orderId,
    delivery,
    ...(request.requestedDate === undefined
      ? {}
      : { requestedDate: request.requestedDate, lateBy: Math.max(0, delivery - request.requestedDate) }),
    freeCapacityDelivery,
    binding: constraints[0] ?? { kind: 'none' },
    constraints,
    jobs,
    operations,
    sequences,
  });
}

interface CompiledRequest {
  ops: ScheduleOperation[];
  jobOf: Int32Array;
  /** per op: its modes as machine index, run minutes, fixed setup */
  modes: { k: number; duration: Minutes; setup: Minutes }[][];
  /** per op: the later of its job's and its own release date */
  release: Float64Array;
  /** per op: ready time from planned predecessors (end + lag), 0 without */
  fixedReady: Float64Array;
  preds: { p: number; lag: Minutes }[][];
  order: number[];
}

const isTime = (v: unknown): v is Minutes => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function compileRequest(
  context: PromiseContext,
  request: PromiseRequest,
  now: Minutes,
): Result<CompiledRequest> {
  const ops = request.operations;
  if (ops.length === 0) return fail('empty-request', `request ${request.orderId} has no operations`);
  if (!isTime(now)) return fail('negative-time', 'now must be a non-negative time');
  const jobIndex = new Map<string, number>();
  for (const [j, job] of request.jobs.entries()) {
    if (context.jobIds.has(job.id) || jobIndex.has(job.id))
      return fail('duplicate-job', `job ${job.id} already exists`, [job.id]);
    if (job.releaseDate !== undefined && !isTime(job.releaseDate))
      return fail('negative-time', `job ${job.id} has a negative release date`, [job.id]);
    jobIndex.set(job.id, j);
  }
  const index = new Map<string, number>();
  const jobOf = new Int32Array(ops.length);
  const release = new Float64Array(ops.length);
  const modes: CompiledRequest['modes'] = [];
  for (const [i, op] of ops.entries()) {
    if (context.planned.has(op.id) || context.operations.has(op.id) || index.has(op.id))
      return fail('duplicate-operation', `operation ${op.id} already exists`, [op.id]);
    index.set(op.id, i);
    const j = jobIndex.get(op.jobId);
    if (j === undefined)
      return fail('unknown-job', `operation ${op.id} belongs to unknown job ${op.jobId}`, [op.id]);
    jobOf[i] = j;
    if (op.firm) return fail('firm-in-request', `operation ${op.id} of a request cannot be firm`, [op.id]);
    if (op.modes.length === 0)
      return fail('no-modes', `operation ${op.id} has no machine to run on`, [op.id]);
    const list: CompiledRequest['modes'][number] = [];
    for (const mode of op.modes) {
      const k = context.machineIndex.get(mode.machineId);
      if (k === undefined)
        return fail('unknown-machine', `operation ${op.id} names unknown machine ${mode.machineId}`, [
          op.id,
          mode.machineId,
        ]);
      if (!isTime(mode.duration) || (mode.setup !== undefined && !isTime(mode.setup)))
        return fail('negative-duration', `operation ${op.id} has a negative duration or setup`, [op.id]);
      list.push({ k, duration: Math.round(mode.duration), setup: Math.round(mode.setup ?? 0) });
    }
    modes.push(list);
    if (op.releaseDate !== undefined && !isTime(op.releaseDate))
      return fail('negative-time', `operation ${op.id} has a negative release date`, [op.id]);
    for (const m of op.materials ?? [])
      if (!isTime(m.availableAt))
        return fail('negative-time', `material ${m.itemId} of ${op.id} has a negative date`, [op.id]);
    release[i] = Math.max(request.jobs[j].releaseDate ?? 0, op.releaseDate ?? 0);
  }
  const fixedReady = new Float64Array(ops.length);
  const preds: CompiledRequest['preds'] = ops.map(() => []);
  const succs: { s: number; lag: Minutes }[][] = ops.map(() => []);
  for (const p of request.precedences) {
    const b = index.get(p.after);
    const lag = p.lag ?? 0;
    if (b === undefined)
      return fail('unknown-operation', `precedence ${p.before} → ${p.after} must end at a new operation`, [
        p.before,
        p.after,
      ]);
    if (!isTime(lag)) return fail('negative-time', `precedence ${p.before} → ${p.after} has a negative lag`);
    const a = index.get(p.before);
    if (a !== undefined) {
      preds[b].push({ p: a, lag });
      succs[a].push({ s: b, lag });
      continue;
    }
    const planned = context.planned.get(p.before);
    if (!planned)
      return fail('unknown-operation', `precedence ${p.before} → ${p.after} names an unknown operation`, [
        p.before,
      ]);
    fixedReady[b] = Math.max(fixedReady[b], planned.end + lag);
  }
  const order = priorityOrder(modes, preds, succs);
  if (!order) return fail('cycle', `the precedences of request ${request.orderId} form a cycle`);
  return ok({ ops, jobOf, modes, release, fixedReady, preds, order });
}

/**
 * A topological order that takes, among the ready operations, the one with the most work after
 * it (shortest mode plus lags along its longest chain): the critical path claims capacity first.
 * O(ops²) in the worst case, for requests of tens to hundreds of operations.
 */
function priorityOrder(
  modes: CompiledRequest['modes'],
  preds: CompiledRequest['preds'],
  succs: { s: number; lag: Minutes }[][],
): number[] | undefined {
  const n = modes.length;
  const indegree = preds.map((l) => l.length);
  const topo: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) topo.push(i);
  for (let x = 0; x < topo.length; x++)
    for (const { s } of succs[topo[x]]) if (--indegree[s] === 0) topo.push(s);
  if (topo.length < n) return undefined;
  const tail = new Float64Array(n);
  for (let x = n - 1; x >= 0; x--) {
    const i = topo[x];
    let after = 0;
    for (const { s, lag } of succs[i]) after = Math.max(after, lag + tail[s]);
    tail[i] = Math.min(...modes[i].map((m) => m.duration)) + after;
  }
  const remaining = preds.map((l) => l.length);
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (remaining[i] === 0) ready.push(i);
  const order: number[] = [];
  while (ready.length) {
    let best = 0;
    for (let x = 1; x < ready.length; x++)
      if (
        tail[ready[x]] > tail[ready[best]] ||
        (tail[ready[x]] === tail[ready[best]] && ready[x] < ready[best])
      )
        best = x;
    const i = ready[best];
    ready.splice(best, 1);
    order.push(i);
    for (const { s } of succs[i]) if (--remaining[s] === 0) ready.push(s);
  }
  return order;
}

/** A constraint lifted for a what-if placement. */
interface Relaxation {
  workCenterId?: string;
  allCapacity?: boolean;
  itemId?: string;
  release?: boolean;
}

interface Placement {
  delivery: Minutes;
  machine: Int32Array;
  slot: Slot[];
  ready: Float64Array;
  waited: Float64Array;
  timelines: Map<number, MachineTimeline>;
}

function place(
  context: PromiseContext,
  r: CompiledRequest,
  relax: Relaxation,
  search: GapSearch,
  now: Minutes,
): Result<Placement> {
  const n = r.ops.length;
  const machine = new Int32Array(n);
  const slot: Slot[] = new Array(n);
  const ready = new Float64Array(n);
  const waited = new Float64Array(n);
  const timelines = new Map<number, MachineTimeline>();
  const timelineOf = (k: number) => {
    const own = timelines.get(k);
    if (own) return own;
    const free =
      relax.allCapacity ||
      (relax.workCenterId !== undefined && context.machines[k].workCenterId === relax.workCenterId);
    return free ? context.emptyTimelines[k] : context.timelines[k];
  };
  let delivery = now;
  for (const i of r.order) {
    const op = r.ops[i];
    let t = Math.max(now, r.fixedReady[i], relax.release ? 0 : r.release[i]);
    for (const m of op.materials ?? []) if (m.itemId !== relax.itemId) t = Math.max(t, m.availableAt);
    for (const { p, lag } of r.preds[i]) t = Math.max(t, slot[p].end + lag);
    ready[i] = t;
    let best: Slot | null = null;
    let bestK = -1;
    let bestDuration = 0;
    for (const mode of r.modes[i]) {
      const found = findSlot(
        timelineOf(mode.k),
        {
          ready: t,
          duration: mode.duration,
          modeSetup: mode.setup,
          family: op.family,
          rule: op.shiftRule === 'fit' ? 'fit' : 'span',
        },
        search,
      );
      if (found && (!best || found.end < best.end)) {
        best = found;
        bestK = mode.k;
        bestDuration = mode.duration;
      }
    }
    if (!best)
      return fail(
        'beyond-horizon',
        `operation ${op.id} fits on none of its machines before their calendars end`,
        [op.id],
      );
    machine[i] = bestK;
    slot[i] = best;
    const alone = placeOnCalendar(
      context.calendars[bestK],
      t,
      best.setupMinutes + bestDuration,
      op.shiftRule === 'fit' ? 'fit' : 'span',
    );
    waited[i] = Math.max(0, best.setupStart - (alone ? alone.start : t));
    timelines.set(
      bestK,
      insertBusy(timelineOf(bestK), best.position, {
        operationId: op.id,
        setupStart: best.setupStart,
        end: best.end,
        family: op.family,
        setupMinutes: best.setupMinutes,
        modeSetup: r.modes[i].find((m) => m.k === bestK)!.setup,
      }),
    );
    delivery = Math.max(delivery, best.end);
  }
  return ok({ delivery, machine, slot, ready, waited, timelines });
}

/** Candidate constraints with the delivery gained by lifting each, largest first, zero gains dropped. */
function explain(
  context: PromiseContext,
  r: CompiledRequest,
  p: Placement,
  search: GapSearch,
  now: Minutes,
): BindingConstraint[] {
  const found: BindingConstraint[] = [];
  const gain = (relax: Relaxation) => {
    const lifted = place(context, r, relax, search, now);
    return lifted.ok ? Math.max(0, p.delivery - lifted.value.delivery) : 0;
  };
  // capacity: each work center the request runs on, named by its longest wait
  const longestWait = new Map<string, number>();
  for (let i = 0; i < r.ops.length; i++) {
    const wc = context.machines[p.machine[i]].workCenterId;
    const current = longestWait.get(wc);
    if (current === undefined || p.waited[i] > p.waited[current]) longestWait.set(wc, i);
  }
  for (const [workCenterId, i] of longestWait) {
    const delay = gain({ workCenterId });
    if (delay > 0)
      found.push({
        kind: 'capacity',
        workCenterId,
        machineId: context.machines[p.machine[i]].id,
        operationId: r.ops[i].id,
        freeAt: p.slot[i].freeAt,
        waited: p.waited[i],
        delay,
      });
  }
  // material: each item arriving after now, at its latest arrival
  const latest = new Map<string, { availableAt: Minutes; operationId: string }>();
  for (const op of r.ops)
    for (const m of op.materials ?? [])
      if (m.availableAt > now && !(m.availableAt <= (latest.get(m.itemId)?.availableAt ?? -1)))
        latest.set(m.itemId, { availableAt: m.availableAt, operationId: op.id });
  for (const [itemId, at] of latest) {
    const delay = gain({ itemId });
    if (delay > 0) found.push({ kind: 'material', itemId, ...at, delay });
  }
  // release dates
  let latestRelease = -1;
  for (let i = 0; i < r.ops.length; i++)
    if (r.release[i] > now && (latestRelease < 0 || r.release[i] > r.release[latestRelease]))
      latestRelease = i;
  if (latestRelease >= 0) {
    const delay = gain({ release: true });
    if (delay > 0)
      found.push({
        kind: 'release',
        jobId: r.ops[latestRelease].jobId,
        releaseDate: r.release[latestRelease],
        delay,
      });
  }
  return found.sort((a, b) => ('delay' in b ? b.delay : 0) - ('delay' in a ? a.delay : 0));
}
