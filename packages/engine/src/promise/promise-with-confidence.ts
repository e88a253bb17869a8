/**
 * A promise with its confidence: the capable-to-promise date, and how sure it is. The new
 * order is inserted into the plan at its promised positions (its operations join the machine
 * sequences where the promise put them, nothing planned moves), then replayed with sampled
 * durations, breakdowns and material arrivals together with what can delay it: P50/P90 and the
 * probability of meeting the requested date.
 */
import { Random } from '../common/random';
import { fail, ok, type Result } from '../common/result';
import type { ScheduleProblem, ScheduleResult } from '../schedule/types';
import {
  forecastCompletions,
  type JobForecast,
  type OrderForecast,
  summarizeCompletions,
} from '../simulate/monte-carlo';
import { placeSampled, sampleOccupation } from '../simulate/replay';
import { compileReplay, type ReplayModel } from '../simulate/replay-model';
import { Sampler } from '../simulate/sampler';
import { setupMinutes } from '../simulate/setup-minutes';
import { materialLateness, operationUncertainty, type Uncertainty } from '../simulate/uncertainty';
import { promiseDelivery } from './capable-to-promise';
import { type ConfidenceContext, END_TOLERANCE } from './confidence-context';
import type { PromiseContext } from './promise-context';
import type { CapableToPromiseOptions, DeliveryPromise, PromiseRequest } from './types';

export interface PromiseWithConfidenceOptions extends Omit<CapableToPromiseOptions, 'now'> {
  /** Seed of the request's own draws. Default 1. */
  seed?: number;
}

export interface ConfidentPromise {
  promise: DeliveryPromise;
  /** The new order's completion: planned = the promised date; P50, P90 …; onTimeProbability against the requested date. */
  forecast: OrderForecast;
  jobs: JobForecast[];
  /** Operations replayed per sample: the new ones and the planned work between two of them. */
  replayed: number;
}

/**
 * The promise and its confidence against a sampled plan (confidence-context.ts): per sample,
 * replays only the new operations and the planned ones they push, reading everything else from
 * the plan's stored sample. Uses the context's samples, uncertainty and now.
 */
export function promiseWithConfidence(
  context: ConfidenceContext,
  request: PromiseRequest,
  options: PromiseWithConfidenceOptions = {},
): Result<ConfidentPromise> {
  const promised = promiseDelivery(context.promise, request, { ...options, now: context.now });
  if (!promised.ok) return promised;
  const promise = promised.value;
  const { model, position, uncertainty, now } = context;
  const pc = context.promise;
  const opDef = new Map(request.operations.map((o) => [o.id, o]));
  const jobDef = new Map(request.jobs.map((j) => [j.id, j]));

  // neighbours on the machines the promise changes
  const sequencePrev = new Map<string, string | undefined>();
  for (const sequence of Object.values(promise.sequences))
    sequence.forEach((id, y) => {
      sequencePrev.set(id, y > 0 ? sequence[y - 1] : undefined);
    });
  const nextInSequence = new Map<string, string>();
  for (const sequence of Object.values(promise.sequences))
    for (let y = 0; y + 1 < sequence.length; y++) nextInSequence.set(sequence[y], sequence[y + 1]);
  const requestSuccs = new Map<string, string[]>();
  for (const p of request.precedences)
    requestSuccs.set(p.before, [...(requestSuccs.get(p.before) ?? []), p.after]);

  // R: the new operations and the planned work on a path from one new operation to another —
  // downstream of a new one (forward, pruned at the last new start: arcs never go back in
  // planned time) and upstream of a new one (backward, inside the downstream set)
  let lastNewStart = Number.NEGATIVE_INFINITY;
  for (const o of promise.operations) lastNewStart = Math.max(lastNewStart, o.setupStart);
  const newIds = promise.operations.map((o) => o.operationId);
  const downstream = new Set(newIds);
  const queue = [...newIds];
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q];
    const visit = (next: string | undefined) => {
      if (next === undefined || downstream.has(next)) return;
      const x = position.get(next);
      if (x !== undefined && context.plannedSetupStart[x] > lastNewStart) return;
      downstream.add(next);
      queue.push(next);
    };
    const x = position.get(id);
    if (x === undefined) for (const s of requestSuccs.get(id) ?? []) visit(s);
    else
      for (let e = context.succStart[x]; e < context.succStart[x + 1]; e++)
        visit(model.opIds[context.succOp[e]]);
    visit(nextInSequence.get(id));
  }
  const requestPreds = new Map<string, string[]>();
  for (const p of request.precedences)
    requestPreds.set(p.after, [...(requestPreds.get(p.after) ?? []), p.before]);
  const members: string[] = [...newIds];
  const inR = new Set(members);
  for (let q = 0; q < members.length; q++) {
    const id = members[q];
    const visit = (prev: string | undefined) => {
      if (prev === undefined || inR.has(prev) || !downstream.has(prev)) return;
      inR.add(prev);
      members.push(prev);
    };
    const x = position.get(id);
    if (x === undefined) for (const b of requestPreds.get(id) ?? []) visit(b);
    else
      for (let e = model.predStart[x]; e < model.predStart[x + 1]; e++) visit(model.opIds[model.predOp[e]]);
    visit(
      sequencePrev.has(id)
        ? sequencePrev.get(id)
        : x !== undefined && model.machinePrev[x] >= 0
          ? model.opIds[model.machinePrev[x]]
          : undefined,
    );
  }

  // arcs of R: a local index, or -1 - model position for work read from the stored sample
  const local = new Map(members.map((id, r) => [id, r]));
  const ref = (id: string) => local.get(id) ?? -1 - position.get(id)!;
  const preds: { ref: number; lag: number }[][] = members.map(() => []);
  const machinePrev = new Float64Array(members.length);
  const NONE = Number.MIN_SAFE_INTEGER;
  for (const p of request.precedences)
    preds[local.get(p.after)!].push({ ref: ref(p.before), lag: p.lag ?? 0 });
  members.forEach((id, r) => {
    const x = position.get(id);
    if (x !== undefined)
      for (let e = model.predStart[x]; e < model.predStart[x + 1]; e++)
        preds[r].push({ ref: ref(model.opIds[model.predOp[e]]), lag: model.predLag[e] });
    const prev = sequencePrev.has(id)
      ? sequencePrev.get(id)
      : x !== undefined && model.machinePrev[x] >= 0
        ? model.opIds[model.machinePrev[x]]
        : undefined;
    machinePrev[r] = prev === undefined ? NONE : ref(prev);
  });
  const order = localOrder(members.length, preds, machinePrev);
  if (!order) return fail('cycle', 'the promised sequences contradict the precedences (a cycle)');

  // per member: what to sample
  const m = members.length;
  const release = new Float64Array(m);
  const firm = new Float64Array(m).fill(Number.NaN);
  const duration = new Float64Array(m);
  const setup = new Float64Array(m);
  const durationSigma = new Float64Array(m);
  const setupSigma = new Float64Array(m);
  const mtbf = new Float64Array(m);
  const mttr = new Float64Array(m);
  const fit = new Uint8Array(m);
  const calendar: ReplayModel['calendar'] = new Array(m);
  const deliveries: number[][] = members.map(() => []); // >= 0 stored delivery, < 0: -1 - new delivery
  const newDeliveries: { at: number; probabilityLate: number; meanDelay: number }[] = [];
  const newDeliveryKey = new Map<string, number>();
  const promisedOp = new Map(promise.operations.map((o) => [o.operationId, o]));
  // planned members keep their stored draw (and, where nothing before them changed in a sample,
  // their stored end); new operations and planned ones whose setup a new neighbour changed draw
  const plannedAt = Int32Array.from(members, (id) => position.get(id) ?? -1);
  const redraw = Uint8Array.from(plannedAt, (x) => (x < 0 ? 1 : 0));
  members.forEach((id, r) => {
    const x = position.get(id);
    if (x !== undefined) {
      release[r] = model.release[x];
      firm[r] = model.firmStart[x];
      duration[r] = model.duration[x];
      setup[r] = model.setup[x];
      durationSigma[r] = model.durationSigma[x];
      setupSigma[r] = model.setupSigma[x];
      mtbf[r] = model.mtbf[x];
      mttr[r] = model.mttr[x];
      fit[r] = model.fit[x];
      calendar[r] = model.calendar[x];
      for (let e = model.deliveryStart[x]; e < model.deliveryStart[x + 1]; e++)
        deliveries[r].push(model.deliveryOf[e]);
      const prev = sequencePrev.get(id);
      if (prev !== undefined && local.has(prev) && !position.has(prev)) {
        // its new neighbour decides its setup (never longer than planned, see machine-timeline.ts)
        const k = pc.machineIndex.get(pc.planned.get(id)!.machineId)!;
        const op = pc.operations.get(id)!;
        const mode = op.modes.find((mo) => mo.machineId === pc.machines[k].id)!;
        setup[r] = setupMinutes(
          pc.matrices[k],
          opDef.get(prev)!.family,
          op.family,
          Math.round(mode.setup ?? 0),
        );
        if (setup[r] !== model.setup[x]) redraw[r] = 1;
      }
      return;
    }
    const op = opDef.get(id)!;
    const placed = promisedOp.get(id)!;
    const k = pc.machineIndex.get(placed.machineId)!;
    const job = jobDef.get(op.jobId)!;
    release[r] = Math.max(now, job.releaseDate ?? 0, op.releaseDate ?? 0);
    duration[r] = Math.round(op.modes.find((mo) => mo.machineId === placed.machineId)!.duration);
    setup[r] = placed.setupMinutes;
    const u = operationUncertainty(uncertainty, id, placed.workCenterId);
    durationSigma[r] = u.durationSigma;
    setupSigma[r] = u.setupSigma;
    mtbf[r] = u.mtbf;
    mttr[r] = u.mttr;
    fit[r] = op.shiftRule === 'fit' ? 1 : 0;
    calendar[r] = pc.calendars[k];
    for (const material of op.materials ?? []) {
      const key = `${material.itemId}\u0000${material.availableAt}`;
      const stored = context.deliveries.get(key);
      if (stored !== undefined) {
        deliveries[r].push(stored);
        continue;
      }
      let d = newDeliveryKey.get(key);
      if (d === undefined) {
        d = newDeliveries.length;
        newDeliveryKey.set(key, d);
        const late = material.availableAt > now ? materialLateness(uncertainty, material.itemId) : undefined;
        newDeliveries.push({
          at: material.availableAt,
          probabilityLate: late?.probabilityLate ?? 0,
          meanDelay: (late?.meanDelayDays ?? 0) * 1440,
        });
      }
      deliveries[r].push(-1 - d);
    }
  });

  // flat arrays for the sample loop
  const predStart = new Int32Array(m + 1);
  for (let r = 0; r < m; r++) predStart[r + 1] = predStart[r] + preds[r].length;
  const predRef = Float64Array.from(preds.flat(), (p) => p.ref);
  const predLag = Float64Array.from(preds.flat(), (p) => p.lag);
  const deliveryStart = new Int32Array(m + 1);
  for (let r = 0; r < m; r++) deliveryStart[r + 1] = deliveryStart[r] + deliveries[r].length;
  const deliveryRef = Int32Array.from(deliveries.flat());
  const replayOrder = Int32Array.from(order);

  // the samples: the stored plan around R, fresh draws inside it
  const samples = context.samples;
  const D = model.deliveryItem.length;
  const sampler = new Sampler(new Random(options.seed ?? 1));
  const end = new Float64Array(m);
  const changed = new Uint8Array(m);
  const arrival = new Float64Array(newDeliveries.length);
  const jobIndex = new Map(request.jobs.map((j, x) => [j.id, x]));
  const jobOf = Int32Array.from(members, (id) => (opDef.has(id) ? jobIndex.get(opDef.get(id)!.jobId)! : -1));
  const jobSamples = request.jobs.map(() => new Float64Array(samples));
  const orderSamples = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    for (let d = 0; d < newDeliveries.length; d++) {
      const nd = newDeliveries[d];
      arrival[d] =
        nd.probabilityLate > 0 && sampler.uniform() < nd.probabilityLate
          ? nd.at + sampler.exponential(nd.meanDelay)
          : nd.at;
    }
    for (let y = 0; y < m; y++) {
      const r = replayOrder[y];
      const x = plannedAt[r];
      let stale = redraw[r] === 1;
      let ready = release[r];
      if (firm[r] > ready) ready = firm[r];
      for (let e = predStart[r]; e < predStart[r + 1]; e++) {
        const ref = predRef[e];
        if (ref >= 0 && changed[ref]) stale = true;
        const t = (ref >= 0 ? end[ref] : context.ends[(-1 - ref) * samples + s]) + predLag[e];
        if (t > ready) ready = t;
      }
      const prev = machinePrev[r];
      if (prev !== NONE) {
        if (prev >= 0 && changed[prev]) stale = true;
        const t = prev >= 0 ? end[prev] : context.ends[(-1 - prev) * samples + s];
        if (t > ready) ready = t;
      }
      for (let e = deliveryStart[r]; e < deliveryStart[r + 1]; e++) {
        const d = deliveryRef[e];
        if (d < 0) stale = true;
        const t = d >= 0 ? context.arrivals[s * D + d] : arrival[-1 - d];
        if (t > ready) ready = t;
      }
      if (!stale) {
        // nothing it waits for moved in this sample: it runs as in the plan's own replay
        end[r] = context.ends[x * samples + s];
        changed[r] = 0;
        continue;
      }
      const occupy = redraw[r]
        ? sampleOccupation(sampler, duration[r], durationSigma[r], setup[r], setupSigma[r], mtbf[r], mttr[r])
        : context.occupations[x * samples + s];
      const e = Math.abs(placeSampled(calendar[r], ready, occupy, fit[r] === 1));
      if (x >= 0 && Math.abs(e - context.ends[x * samples + s]) < END_TOLERANCE) {
        end[r] = context.ends[x * samples + s];
        changed[r] = 0;
      } else {
        end[r] = e;
        changed[r] = 1;
      }
    }
    let orderDone = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < request.jobs.length; j++)
      jobSamples[j][s] = Math.max(now, request.jobs[j].releaseDate ?? 0);
    for (let r = 0; r < m; r++) {
      const j = jobOf[r];
      if (j >= 0 && end[r] > jobSamples[j][s]) jobSamples[j][s] = end[r];
    }
    for (let j = 0; j < request.jobs.length; j++) orderDone = Math.max(orderDone, jobSamples[j][s]);
    orderSamples[s] = orderDone;
  }
  const requested = request.requestedDate ?? Number.NaN;
  return ok({
    promise,
    forecast: {
      orderId: request.orderId,
      ...summarizeCompletions(orderSamples, promise.delivery, requested),
    },
    jobs: request.jobs.map((job, j) => ({
      jobId: job.id,
      orderId: request.orderId,
      ...summarizeCompletions(jobSamples[j], promise.jobs[j].completion, job.dueDate ?? requested),
    })),
    replayed: m,
  });
}

/** Kahn over R's local arcs; undefined on a cycle. */
function localOrder(m: number, preds: { ref: number }[][], machinePrev: Float64Array): number[] | undefined {
  const succs: number[][] = Array.from({ length: m }, () => []);
  const indegree = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    for (const p of preds[r])
      if (p.ref >= 0) {
        succs[p.ref].push(r);
        indegree[r]++;
      }
    if (machinePrev[r] >= 0) {
      succs[machinePrev[r]].push(r);
      indegree[r]++;
    }
  }
  const order: number[] = [];
  for (let r = 0; r < m; r++) if (indegree[r] === 0) order.push(r);
  for (let q = 0; q < order.length; q++)
    for (const s of succs[order[q]]) if (--indegree[s] === 0) order.push(s);
  return order.length === m ? order : undefined;
}

export interface FullReplayOptions extends CapableToPromiseOptions {
  samples?: number;
  seed?: number;
  uncertainty?: Uncertainty;
}

/**
 * The reference for promiseWithConfidence: inserts the promise into the plan and replays every
 * operation that can delay the new order, from scratch, per sample. O(samples · plan) per
 * request; kept to check the fast path against.
 */
export function promiseWithConfidenceByFullReplay(
  context: PromiseContext,
  request: PromiseRequest,
  options: FullReplayOptions = {},
): Result<ConfidentPromise> {
  const promised = promiseDelivery(context, request, options);
  if (!promised.ok) return promised;
  const promise = promised.value;
  const key = `\u0000promise:${request.orderId}`;
  const { problem, plan } = insertPromise(context.problem, context.plan, request, promise, {
    orderKey: key,
    now: options.now,
  });
  const model = compileReplay(problem, plan, options.uncertainty, {
    now: options.now,
    focus: promise.operations.map((o) => o.operationId),
    orderDueDates: request.requestedDate === undefined ? undefined : { [key]: request.requestedDate },
  });
  if (!model.ok) return model;
  const result = forecastCompletions(model.value, options.samples ?? 1000, options.seed ?? 1);
  if (!result.ok) return result;
  const order = result.value.orders.find((o) => o.orderId === key);
  if (!order) return fail('internal', `no forecast for ${request.orderId}`);
  return ok({
    promise,
    forecast: { ...order, orderId: request.orderId },
    jobs: result.value.jobs.filter((j) => j.orderId === key).map((j) => ({ ...j, orderId: request.orderId })),
    replayed: model.value.n,
  });
}

/**
 * The plan with a promised order in it: its jobs and operations added, its operations scheduled
 * where the promise put them and inserted into the machine sequences; planned work unchanged.
 * `orderKey` overrides the order id of the new jobs (default the request's orderId); `now`
 * becomes their release so a replay starts nothing new in the past.
 */
export function insertPromise(
  problem: ScheduleProblem,
  plan: ScheduleResult,
  request: PromiseRequest,
  promise: DeliveryPromise,
  options: { orderKey?: string; now?: number } = {},
): { problem: ScheduleProblem; plan: ScheduleResult } {
  const now = options.now ?? 0;
  const jobs = request.jobs.map((job) => ({
    ...job,
    orderId: options.orderKey ?? job.orderId ?? request.orderId,
    releaseDate: Math.max(job.releaseDate ?? 0, now),
    dueDate: job.dueDate ?? request.requestedDate,
  }));
  const completion = new Map(promise.jobs.map((j) => [j.jobId, j.completion]));
  return {
    problem: {
      ...problem,
      jobs: [...problem.jobs, ...jobs],
      operations: [...problem.operations, ...request.operations],
      precedences: [...problem.precedences, ...request.precedences],
    },
    plan: {
      ...plan,
      operations: [
        ...plan.operations,
        ...promise.operations.map((o) => ({
          operationId: o.operationId,
          jobId: o.jobId,
          machineId: o.machineId,
          setupStart: o.setupStart,
          start: o.start,
          end: o.end,
          setupMinutes: o.setupMinutes,
        })),
      ],
      jobs: [
        ...plan.jobs,
        ...jobs.map((job) => {
          const done = completion.get(job.id) ?? now;
          return {
            jobId: job.id,
            start: Math.min(
              done,
              ...promise.operations.filter((o) => o.jobId === job.id).map((o) => o.setupStart),
            ),
            completion: done,
            tardiness: job.dueDate === undefined ? 0 : Math.max(0, done - job.dueDate),
          };
        }),
      ],
      sequences: { ...plan.sequences, ...promise.sequences },
    },
  };
}

/**
 * A promised request under new ids: its jobs and operations prefixed with `tag/` (in the
 * request, the promise and the machine sequences; planned work keeps its ids), so several
 * promises computed apart (the lines of one quote) can be inserted into one plan together.
 */
export function tagPromise(
  request: PromiseRequest,
  promise: DeliveryPromise,
  tag: string,
): { request: PromiseRequest; promise: DeliveryPromise } {
  const opIds = new Set(request.operations.map((o) => o.id));
  const jobIds = new Set(request.jobs.map((j) => j.id));
  const op = (id: string) => (opIds.has(id) ? `${tag}/${id}` : id);
  const job = (id: string) => (jobIds.has(id) ? `${tag}/${id}` : id);
  return {
    request: {
      ...request,
      orderId: tag,
      jobs: request.jobs.map((j) => ({ ...j, id: job(j.id) })),
      operations: request.operations.map((o) => ({ ...o, id: op(o.id), jobId: job(o.jobId) })),
      precedences: request.precedences.map((p) => ({ ...p, before: op(p.before), after: op(p.after) })),
    },
    promise: {
      ...promise,
      orderId: tag,
      jobs: promise.jobs.map((j) => ({ ...j, jobId: job(j.jobId) })),
      operations: promise.operations.map((o) => ({
        ...o,
        operationId: op(o.operationId),
        jobId: job(o.jobId),
      })),
      sequences: Object.fromEntries(Object.entries(promise.sequences).map(([m, ids]) => [m, ids.map(op)])),
    },
  };
}
