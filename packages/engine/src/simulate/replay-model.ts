/**
 * Compiles a plan into a replay model: flat typed arrays indexed by operation, with one
 * topological order over precedence arcs (with lags) and machine-sequence arcs, computed once.
 * Every Monte Carlo sample is then a single linear pass over that order (replay.ts): the plan's
 * decisions (machine, sequence) stay as planned, only durations and arrivals vary. Never re-solve.
 *
 * With `focus`, only the operations that can influence the focus operations are kept (their
 * ancestors over both arc kinds): the rest of the plan cannot change their dates.
 */
import { fail, ok, type Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { ScheduleOperation, ScheduleProblem, ScheduleResult, WorkingIntervals } from '../schedule/types';
import { setupMinutes } from './setup-minutes';
import { invalidUncertainty, materialLateness, operationUncertainty, type Uncertainty } from './uncertainty';

export interface ReplayModelOptions {
  /** Material available at or before now is on hand and never late. Default 0 (the plan's origin). */
  now?: Minutes;
  /** Keep only these operations and what can delay them. */
  focus?: readonly string[];
  /** Due dates of orders; default: the latest due date of the order's jobs. */
  orderDueDates?: Readonly<Record<string, Minutes>>;
}

/**
 * The operations to replay (all, or those that can delay the focus), indexed in a topological
 * order of precedence and machine arcs: operation x depends only on operations before x.
 */
export interface ReplayModel {
  n: number;
  opIds: string[];
  predStart: Int32Array;
  predOp: Int32Array;
  predLag: Float64Array;
  /** previous operation on the same machine (always earlier in the order), -1 when first */
  machinePrev: Int32Array;
  /** earliest start from job and operation release dates (material apart) */
  release: Float64Array;
  /** NaN when not firm */
  firmStart: Float64Array;
  duration: Float64Array;
  setup: Float64Array;
  durationSigma: Float64Array;
  setupSigma: Float64Array;
  mtbf: Float64Array;
  mttr: Float64Array;
  calendar: (WorkingIntervals | undefined)[];
  fit: Uint8Array;
  /** material deliveries of op i: deliveryOf[deliveryStart[i] .. deliveryStart[i+1]-1] */
  deliveryStart: Int32Array;
  deliveryOf: Int32Array;
  /** one delivery per distinct (item, planned date): a late purchase order is late for all its uses */
  deliveryItem: string[];
  deliveryPlanned: Float64Array;
  deliveryProbabilityLate: Float64Array;
  deliveryMeanDelay: Float64Array;
  opJob: Int32Array;
  jobIds: string[];
  jobOrder: Int32Array;
  jobDue: Float64Array;
  jobPlanned: Float64Array;
  /** the jobs whose operations are all replayed (all of them without focus) */
  jobReported: Uint8Array;
  orderIds: string[];
  orderDue: Float64Array;
  orderPlanned: Float64Array;
  orderReported: Uint8Array;
}

export function compileReplay(
  problem: ScheduleProblem,
  plan: ScheduleResult,
  uncertainty: Uncertainty = {},
  options: ReplayModelOptions = {},
): Result<ReplayModel> {
  const bad = invalidUncertainty(uncertainty);
  if (bad) return fail('bad-uncertainty', `uncertainty parameter ${bad} is out of range`, [bad]);
  const now = options.now ?? 0;
  const problemOps = new Map(problem.operations.map((o) => [o.id, o]));
  const machines = new Map(problem.machines.map((m) => [m.id, m]));
  const calendars = new Map((problem.calendars ?? []).map((c) => [c.id, c.intervals]));
  const matrices = new Map((problem.setupMatrices ?? []).map((s) => [s.id, s]));
  const jobIndex = new Map(problem.jobs.map((j, x) => [j.id, x]));

  const n = plan.operations.length;
  const opIds = plan.operations.map((o) => o.operationId);
  const index = new Map(opIds.map((id, i) => [id, i]));
  if (index.size !== n) return fail('plan-mismatch', 'the plan schedules an operation twice');

  const machinePrev = new Int32Array(n).fill(-1);
  const setup = new Float64Array(n);
  const planned = plan.operations;
  const seen = new Uint8Array(n);
  // each planned operation's problem operation, looked up once
  const opAt: (ScheduleOperation | undefined)[] = opIds.map((id) => problemOps.get(id));
  for (const [machineId, sequence] of Object.entries(plan.sequences)) {
    const machine = machines.get(machineId);
    if (!machine)
      return fail('unknown-machine', `the plan sequences unknown machine ${machineId}`, [machineId]);
    const matrix = machine.setupMatrixId === undefined ? undefined : matrices.get(machine.setupMatrixId);
    let prev = -1;
    for (const id of sequence) {
      const i = index.get(id);
      if (i === undefined || planned[i].machineId !== machineId)
        return fail('plan-mismatch', `sequence of ${machineId} names ${id}, which the plan puts elsewhere`, [
          id,
        ]);
      seen[i] = 1;
      machinePrev[i] = prev;
      const op = opAt[i];
      const mode = op?.modes.find((m) => m.machineId === machineId);
      if (!op || !mode)
        return fail(
          'plan-mismatch',
          `the plan runs ${id} on ${machineId}, which the problem does not allow`,
          [id],
        );
      setup[i] = setupMinutes(
        matrix,
        prev < 0 ? null : opAt[prev]?.family,
        op.family,
        Math.round(mode.setup ?? 0),
      );
      prev = i;
    }
  }

  const jobIds = problem.jobs.map((j) => j.id);
  const opJob = new Int32Array(n);
  const release = new Float64Array(n);
  const firmStart = new Float64Array(n).fill(Number.NaN);
  const duration = new Float64Array(n);
  const durationSigma = new Float64Array(n);
  const setupSigma = new Float64Array(n);
  const mtbf = new Float64Array(n);
  const mttr = new Float64Array(n);
  const calendar: (WorkingIntervals | undefined)[] = new Array(n);
  const fit = new Uint8Array(n);
  const deliveryKey = new Map<string, number>();
  const deliveryItem: string[] = [];
  const deliveryPlanned: number[] = [];
  const deliveryStart = new Int32Array(n + 1);
  const deliveryOf: number[] = [];
  for (let i = 0; i < n; i++) {
    const op = opAt[i];
    if (!op)
      return fail('plan-mismatch', `the plan schedules ${opIds[i]}, which the problem lacks`, [opIds[i]]);
    if (!seen[i]) return fail('plan-mismatch', `operation ${op.id} is on no machine sequence`, [op.id]);
    const machine = machines.get(planned[i].machineId)!;
    const mode = op.modes.find((m) => m.machineId === machine.id);
    if (!mode) return fail('plan-mismatch', `operation ${op.id} cannot run on ${machine.id}`, [op.id]);
    const j = jobIndex.get(op.jobId);
    if (j === undefined) return fail('unknown-job', `operation ${op.id} belongs to unknown job ${op.jobId}`);
    opJob[i] = j;
    const job = problem.jobs[j];
    release[i] = Math.max(job.releaseDate ?? 0, op.releaseDate ?? 0);
    if (op.firm) firmStart[i] = op.firm.start;
    duration[i] = Math.round(mode.duration);
    const u = operationUncertainty(uncertainty, op.id, machine.workCenterId);
    durationSigma[i] = u.durationSigma;
    setupSigma[i] = u.setupSigma;
    mtbf[i] = u.mtbf;
    mttr[i] = u.mttr;
    calendar[i] = machine.calendarId === undefined ? undefined : calendars.get(machine.calendarId);
    fit[i] = op.shiftRule === 'fit' ? 1 : 0;
    deliveryStart[i] = deliveryOf.length;
    for (const material of op.materials ?? []) {
      const key = `${material.itemId}\u0000${material.availableAt}`;
      let d = deliveryKey.get(key);
      if (d === undefined) {
        d = deliveryItem.length;
        deliveryKey.set(key, d);
        deliveryItem.push(material.itemId);
        deliveryPlanned.push(material.availableAt);
      }
      deliveryOf.push(d);
    }
  }
  deliveryStart[n] = deliveryOf.length;
  const deliveryProbabilityLate = new Float64Array(deliveryItem.length);
  const deliveryMeanDelay = new Float64Array(deliveryItem.length);
  deliveryItem.forEach((item, d) => {
    if (deliveryPlanned[d] <= now) return; // on hand
    const late = materialLateness(uncertainty, item);
    deliveryProbabilityLate[d] = late.probabilityLate;
    deliveryMeanDelay[d] = late.meanDelayDays * 1440;
  });

  // precedences as compressed rows per successor (counting sort, no list per operation)
  const arcs = problem.precedences.length;
  const arcFrom = new Int32Array(arcs);
  const arcTo = new Int32Array(arcs);
  for (let k = 0; k < arcs; k++) {
    const p = problem.precedences[k];
    const a = index.get(p.before);
    const b = index.get(p.after);
    if (a === undefined || b === undefined)
      return fail('unknown-operation', `precedence ${p.before} → ${p.after} names an unplanned operation`, [
        p.before,
        p.after,
      ]);
    arcFrom[k] = a;
    arcTo[k] = b;
  }
  const predStart = new Int32Array(n + 1);
  for (let k = 0; k < arcs; k++) predStart[arcTo[k] + 1]++;
  for (let i = 0; i < n; i++) predStart[i + 1] += predStart[i];
  const predOp = new Int32Array(arcs);
  const predLag = new Float64Array(arcs);
  const predFill = predStart.slice(0, n);
  for (let k = 0; k < arcs; k++) {
    const at = predFill[arcTo[k]]++;
    predOp[at] = arcFrom[k];
    predLag[at] = problem.precedences[k].lag ?? 0;
  }

  const active = new Uint8Array(n);
  if (options.focus) {
    const stack: number[] = [];
    for (const id of options.focus) {
      const i = index.get(id);
      if (i === undefined) return fail('unknown-operation', `focus operation ${id} is not in the plan`, [id]);
      if (!active[i]) {
        active[i] = 1;
        stack.push(i);
      }
    }
    while (stack.length) {
      const i = stack.pop()!;
      const visit = (a: number) => {
        if (a >= 0 && !active[a]) {
          active[a] = 1;
          stack.push(a);
        }
      };
      for (let e = predStart[i]; e < predStart[i + 1]; e++) visit(predOp[e]);
      visit(machinePrev[i]);
    }
  } else active.fill(1);

  const order = topologicalOrder(n, active, predStart, predOp, machinePrev);
  if (!order) return fail('cycle', 'the machine sequences contradict the precedences (a cycle)');

  const orderIndex = new Map<string, number>();
  const jobOrder = new Int32Array(jobIds.length);
  problem.jobs.forEach((job, j) => {
    const id = job.orderId ?? job.id;
    if (!orderIndex.has(id)) orderIndex.set(id, orderIndex.size);
    jobOrder[j] = orderIndex.get(id)!;
  });
  const orderIds = [...orderIndex.keys()];
  const jobDue = Float64Array.from(problem.jobs, (job) => job.dueDate ?? Number.NaN);
  const jobPlanned = new Float64Array(jobIds.length).fill(Number.NaN);
  const jobReported = new Uint8Array(jobIds.length).fill(1);
  const jobHasOps = new Uint8Array(jobIds.length);
  for (let i = 0; i < n; i++) {
    const j = opJob[i];
    jobHasOps[j] = 1;
    if (!active[i]) jobReported[j] = 0;
    if (!(planned[i].end <= jobPlanned[j])) jobPlanned[j] = planned[i].end;
  }
  for (let j = 0; j < jobIds.length; j++) if (!jobHasOps[j]) jobReported[j] = 0;
  const orderDue = new Float64Array(orderIds.length).fill(Number.NaN);
  const orderPlanned = new Float64Array(orderIds.length).fill(Number.NaN);
  const orderReported = new Uint8Array(orderIds.length).fill(1);
  const orderHasJobs = new Uint8Array(orderIds.length);
  for (let j = 0; j < jobIds.length; j++) {
    const o = jobOrder[j];
    if (!jobHasOps[j]) continue;
    orderHasJobs[o] = 1;
    if (!jobReported[j]) orderReported[o] = 0;
    if (!(jobDue[j] <= orderDue[o])) orderDue[o] = Number.isNaN(jobDue[j]) ? orderDue[o] : jobDue[j];
    if (!(jobPlanned[j] <= orderPlanned[o])) orderPlanned[o] = jobPlanned[j];
  }
  for (let o = 0; o < orderIds.length; o++) {
    if (!orderHasJobs[o]) orderReported[o] = 0;
    const due = options.orderDueDates?.[orderIds[o]];
    if (due !== undefined) orderDue[o] = due;
  }

  // lay every per-operation array out in replay order: a sample walks memory front to back
  const N = order.length;
  const position = new Int32Array(n).fill(-1);
  for (let x = 0; x < N; x++) position[order[x]] = x;
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(
    from: T,
    make: (length: number) => T,
  ): T => {
    const to = make(N);
    for (let x = 0; x < N; x++) to[x] = from[order[x]];
    return to;
  };
  const f64 = (a: Float64Array) => pick(a, (l) => new Float64Array(l));
  const rPredStart = new Int32Array(N + 1);
  for (let x = 0; x < N; x++)
    rPredStart[x + 1] = rPredStart[x] + predStart[order[x] + 1] - predStart[order[x]];
  const rPredOp = new Int32Array(rPredStart[N]);
  const rPredLag = new Float64Array(rPredStart[N]);
  const rDeliveryStart = new Int32Array(N + 1);
  for (let x = 0; x < N; x++)
    rDeliveryStart[x + 1] = rDeliveryStart[x] + deliveryStart[order[x] + 1] - deliveryStart[order[x]];
  const rDeliveryOf = new Int32Array(rDeliveryStart[N]);
  for (let x = 0; x < N; x++) {
    const i = order[x];
    let at = rPredStart[x];
    for (let e = predStart[i]; e < predStart[i + 1]; e++, at++) {
      rPredOp[at] = position[predOp[e]];
      rPredLag[at] = predLag[e];
    }
    at = rDeliveryStart[x];
    for (let e = deliveryStart[i]; e < deliveryStart[i + 1]; e++, at++) rDeliveryOf[at] = deliveryOf[e];
  }
  return ok({
    n: N,
    opIds: Array.from(order, (i) => opIds[i]),
    predStart: rPredStart,
    predOp: rPredOp,
    predLag: rPredLag,
    machinePrev: Int32Array.from(order, (i) => (machinePrev[i] < 0 ? -1 : position[machinePrev[i]])),
    release: f64(release),
    firmStart: f64(firmStart),
    duration: f64(duration),
    setup: f64(setup),
    durationSigma: f64(durationSigma),
    setupSigma: f64(setupSigma),
    mtbf: f64(mtbf),
    mttr: f64(mttr),
    calendar: Array.from(order, (i) => calendar[i]),
    fit: pick(fit, (l) => new Uint8Array(l)),
    deliveryStart: rDeliveryStart,
    deliveryOf: rDeliveryOf,
    deliveryItem,
    deliveryPlanned: Float64Array.from(deliveryPlanned),
    deliveryProbabilityLate,
    deliveryMeanDelay,
    opJob: pick(opJob, (l) => new Int32Array(l)),
    jobIds,
    jobOrder,
    jobDue,
    jobPlanned,
    jobReported,
    orderIds,
    orderDue,
    orderPlanned,
    orderReported,
  });
}

/** Kahn's algorithm over the active operations; undefined on a cycle. O(n + arcs). */
function topologicalOrder(
  n: number,
  active: Uint8Array,
  predStart: Int32Array,
  predOp: Int32Array,
  machinePrev: Int32Array,
): Int32Array | undefined {
  const succCount = new Int32Array(n + 1);
  const indegree = new Int32Array(n);
  const addArc = (a: number, b: number) => {
    succCount[a + 1]++;
    indegree[b]++;
  };
  for (let b = 0; b < n; b++) {
    if (!active[b]) continue;
    for (let e = predStart[b]; e < predStart[b + 1]; e++) addArc(predOp[e], b);
    if (machinePrev[b] >= 0) addArc(machinePrev[b], b);
  }
  for (let i = 0; i < n; i++) succCount[i + 1] += succCount[i];
  const succ = new Int32Array(succCount[n]);
  const fill = succCount.slice(0, n);
  for (let b = 0; b < n; b++) {
    if (!active[b]) continue;
    for (let e = predStart[b]; e < predStart[b + 1]; e++) succ[fill[predOp[e]]++] = b;
    if (machinePrev[b] >= 0) succ[fill[machinePrev[b]]++] = b;
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += active[i];
  const order = new Int32Array(count);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (active[i] && indegree[i] === 0) order[tail++] = i;
  while (head < tail) {
    const i = order[head++];
    for (let e = succCount[i]; e < succCount[i + 1]; e++)
      if (--indegree[succ[e]] === 0) order[tail++] = succ[e];
  }
  return tail === count ? order : undefined;
}
