/**
 * Capable-to-promise against a large plan: 2,100 jobs (≈10,500 operations) on 50 work centers
 * with two-shift calendars, family setups, alternatives and purchased material, planned by the
 * real scheduler (construction). Then 200 promise requests of 3–8 operations, timed one by one:
 *   - indexed: the prepared PromiseContext (binary search + gap segment tree), with the binding
 *     constraint explained (one re-placement per candidate constraint) — what the product runs;
 *   - placement only (explain: false);
 *   - linear: the same context, every gap scanned from the machine's first (naive gap search);
 *   - naive: context rebuilt per request and a linear scan (no preparation at all).
 * Target: p95 under 100 ms per request (indexed, explained). Also times promiseWithConfidence
 * (against a plan sampled once) and, for a few requests, the full replay it replaces.
 *   npm run bench:promise -- [--jobs 2100] [--requests 200] [--confidence 20]
 */
import { Random } from '../src/common/random';
import { promiseDelivery } from '../src/promise/capable-to-promise';
import { createConfidenceContext } from '../src/promise/confidence-context';
import { createPromiseContext } from '../src/promise/promise-context';
import {
  promiseWithConfidence,
  promiseWithConfidenceByFullReplay,
} from '../src/promise/promise-with-confidence';
import type { PromiseRequest } from '../src/promise/types';
import { schedule } from '../src/schedule/schedule';
import type { ScheduleProblem } from '../src/schedule/types';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

/** The generated plant (same generator as bench/monte-carlo.ts). */
function generatePlant(jobCount: number, seed: number): ScheduleProblem {
  const random = new Random(seed);
  const shifts: [number, number][] = [];
  for (let day = 0; day < 500; day++) if (day % 7 < 5) shifts.push([day * 1440 + 360, day * 1440 + 1320]);
  const problem: ScheduleProblem = {
    machines: Array.from({ length: 50 }, (_, k) => ({
      id: `M${k}`,
      workCenterId: `WC${k}`,
      calendarId: 'two-shift',
      setupMatrixId: 'families',
    })),
    calendars: [{ id: 'two-shift', intervals: shifts }],
    setupMatrices: [{ id: 'families', minutes: {}, defaultChangeover: 45, sameFamily: 5, initial: 30 }],
    jobs: [],
    operations: [],
    precedences: [],
  };
  for (let j = 0; j < jobCount; j++) {
    const ops = 4 + random.int(3);
    problem.jobs.push({
      id: `J${j}`,
      orderId: `SO${Math.floor(j / 2)}`,
      dueDate: 1440 * (10 + random.int(150)),
      releaseDate: 1440 * random.int(60),
    });
    const family = `F${random.int(8)}`;
    for (let o = 0; o < ops; o++) {
      const primary = random.int(50);
      const modes = [{ machineId: `M${primary}`, duration: 20 + random.int(200) }];
      if (random.next() < 0.3)
        modes.push({ machineId: `M${(primary + 1 + random.int(49)) % 50}`, duration: 30 + random.int(220) });
      problem.operations.push({
        id: `J${j}.${o}`,
        jobId: `J${j}`,
        family,
        modes,
        materials:
          o === 0 && random.next() < 0.3
            ? [{ itemId: `RM${random.int(40)}`, availableAt: 1440 * random.int(30) }]
            : undefined,
      });
      if (o > 0) problem.precedences.push({ before: `J${j}.${o - 1}`, after: `J${j}.${o}`, lag: 30 });
    }
  }
  return problem;
}

function generateRequest(random: Random, n: number): PromiseRequest {
  const ops = 3 + random.int(6);
  const family = `F${random.int(8)}`;
  const request: PromiseRequest = {
    orderId: `Q${n}`,
    requestedDate: 1440 * (20 + random.int(60)),
    jobs: [{ id: `Q${n}-J`, releaseDate: 1440 * random.int(30) }],
    operations: [],
    precedences: [],
  };
  for (let o = 0; o < ops; o++) {
    const primary = random.int(50);
    const modes = [{ machineId: `M${primary}`, duration: 20 + random.int(300) }];
    if (random.next() < 0.3)
      modes.push({ machineId: `M${(primary + 1 + random.int(49)) % 50}`, duration: 30 + random.int(300) });
    request.operations.push({
      id: `Q${n}.${o}`,
      jobId: `Q${n}-J`,
      family,
      modes,
      shiftRule: random.next() < 0.2 ? 'fit' : 'span',
      materials:
        random.next() < 0.3
          ? [{ itemId: `RM${random.int(40)}`, availableAt: 1440 * random.int(45) }]
          : undefined,
    });
    if (o > 0) request.precedences.push({ before: `Q${n}.${o - 1}`, after: `Q${n}.${o}`, lag: 30 });
  }
  return request;
}

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
const summary = (values: number[]) => ({
  p50: percentile(values, 0.5),
  p95: percentile(values, 0.95),
  max: Math.max(...values),
});
const ms = (v: number) => `${v < 1 ? v.toFixed(3) : v.toFixed(1)} ms`;

const jobCount = option('jobs', 2100);
const requestCount = option('requests', 200);
const confidenceCount = option('confidence', 20);
const problem = generatePlant(jobCount, 2026);
let t0 = performance.now();
const planned = schedule(problem, { timeLimitMs: 0 });
if (!planned.ok) throw new Error(planned.error.message);
const plan = planned.value;
console.log(
  `plan: ${problem.operations.length} operations, ${problem.jobs.length} jobs, ${problem.machines.length} work centers (two shifts, setups, alternatives, material); scheduled in ${ms(performance.now() - t0)}`,
);
t0 = performance.now();
const prepared = createPromiseContext(problem, plan);
if (!prepared.ok) throw new Error(prepared.error.message);
const context = prepared.value;
console.log(`promise context (busy intervals + gap index, once per plan): ${ms(performance.now() - t0)}`);

const random = new Random(7);
const requests = Array.from({ length: requestCount }, (_, n) => generateRequest(random, n));
// warm-up, untimed
for (const r of requests.slice(0, 20)) promiseDelivery(context, r);

const timings = {
  indexed: [] as number[],
  placement: [] as number[],
  linear: [] as number[],
  naive: [] as number[],
};
const kinds = new Map<string, number>();
let mismatches = 0;
let late = 0;
const deliveries: number[] = [];
// one loop per variant, so one variant's garbage does not land in another's timings
for (const request of requests) {
  const s = performance.now();
  const indexed = promiseDelivery(context, request);
  timings.indexed.push(performance.now() - s);
  if (!indexed.ok) throw new Error(indexed.error.message);
  deliveries.push(indexed.value.delivery);
  kinds.set(indexed.value.binding.kind, (kinds.get(indexed.value.binding.kind) ?? 0) + 1);
  if ((indexed.value.lateBy ?? 0) > 0) late++;
}
for (const request of requests) {
  const s = performance.now();
  promiseDelivery(context, request, { explain: false });
  timings.placement.push(performance.now() - s);
}
requests.forEach((request, n) => {
  const s = performance.now();
  const linear = promiseDelivery(context, request, { gapSearch: 'linear' });
  timings.linear.push(performance.now() - s);
  if (!linear.ok || linear.value.delivery !== deliveries[n]) mismatches++;
});
for (const request of requests) {
  const s = performance.now();
  const fresh = createPromiseContext(problem, plan);
  if (!fresh.ok) throw new Error(fresh.error.message);
  promiseDelivery(fresh.value, request, { gapSearch: 'linear' });
  timings.naive.push(performance.now() - s);
}
const row = (name: string, values: number[]) => {
  const s = summary(values);
  return `${name.padEnd(46)} p50 ${ms(s.p50).padStart(10)}  p95 ${ms(s.p95).padStart(10)}  max ${ms(s.max).padStart(10)}`;
};
console.log(`\n${requestCount} requests of 3–8 operations, per request:`);
console.log(row('indexed, with binding constraint (product)', timings.indexed));
console.log(row('indexed, placement only', timings.placement));
console.log(row('linear gap scan, with binding constraint', timings.linear));
console.log(row('naive: context rebuilt + linear scan', timings.naive));
const p95 = summary(timings.indexed).p95;
console.log(
  `ratios at p95: linear scan / indexed = ${(summary(timings.linear).p95 / p95).toFixed(1)}×, naive / indexed = ${(summary(timings.naive).p95 / p95).toFixed(1)}×`,
);
console.log(
  `target p95 < 100 ms: ${p95 < 100 ? 'met' : 'MISSED'} (${ms(p95)}); indexed and linear agree on ${requestCount - mismatches}/${requestCount} dates`,
);
console.log(
  `binding constraints: ${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ')}; ${late} of ${requestCount} later than requested`,
);

if (confidenceCount > 0) {
  t0 = performance.now();
  const sampledPlan = createConfidenceContext(context, { samples: 1000, seed: 1 });
  if (!sampledPlan.ok) throw new Error(sampledPlan.error.message);
  console.log(
    `\npromise with confidence, 1,000 samples: the plan sampled once per plan in ${ms(performance.now() - t0)}`,
  );
  const times: number[] = [];
  const replayed: number[] = [];
  const spread: number[] = [];
  for (const request of requests.slice(0, confidenceCount)) {
    const s = performance.now();
    const result = promiseWithConfidence(sampledPlan.value, request);
    times.push(performance.now() - s);
    if (!result.ok) throw new Error(result.error.message);
    replayed.push(result.value.replayed);
    spread.push((result.value.forecast.p90 - result.value.promise.delivery) / 1440);
  }
  const fullTimes: number[] = [];
  const fullReplayed: number[] = [];
  const fullCount = Math.min(5, confidenceCount);
  for (const request of requests.slice(0, fullCount)) {
    const s = performance.now();
    const result = promiseWithConfidenceByFullReplay(context, request, { samples: 1000, seed: 1 });
    fullTimes.push(performance.now() - s);
    if (!result.ok) throw new Error(result.error.message);
    fullReplayed.push(result.value.replayed);
  }
  console.log(row(`promiseWithConfidence (${confidenceCount} requests)`, times));
  console.log(row(`full replay of the order's ancestors (${fullCount})`, fullTimes));
  console.log(
    `operations replayed per sample: median ${percentile(replayed, 0.5)} (max ${Math.max(...replayed)}) against ${percentile(fullReplayed, 0.5)} for the full replay; p50 ${(percentile(fullTimes, 0.5) / percentile(times.slice(0, fullCount), 0.5)).toFixed(0)}× faster`,
  );
  console.log(
    `P90 minus promised date: median ${percentile(spread, 0.5).toFixed(1)} days, max ${Math.max(...spread).toFixed(1)} days`,
  );
}
