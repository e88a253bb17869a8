/**
 * Monte Carlo over a large plan: 2,100 jobs (≈10,500 operations) on 50 work centers with
 * two-shift calendars, setups, alternatives and purchased material, planned by the real
 * scheduler (construction); 1,000 sampled replays of its machine sequences with the default
 * uncertainty (lognormal durations, breakdowns, late deliveries), then quantiles per job and
 * order. Target: 1,000 samples under 3 s on one thread.
 * Baseline in the same run: a naive replay over the object graph (maps, a ready-scan per sample
 * instead of the precomputed order and typed arrays), timed on fewer samples and scaled.
 *   npm run bench:montecarlo -- [--jobs 2100] [--samples 1000] [--naive 20]
 */
import { placeOnCalendar } from '../src/calendar/working-time';
import { Random } from '../src/common/random';
import { schedule } from '../src/schedule/schedule';
import type { ScheduleProblem, ScheduleResult } from '../src/schedule/types';
import { forecastCompletions } from '../src/simulate/monte-carlo';
import { compileReplay } from '../src/simulate/replay-model';
import { DEFAULT_UNCERTAINTY } from '../src/simulate/uncertainty';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

/** The generated plant (same generator as bench/promise.ts). */
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

/** The naive replay: per sample, find ready operations by scanning maps until all are timed. */
function naiveSample(problem: ScheduleProblem, plan: ScheduleResult, random: Random): Map<string, number> {
  const u = DEFAULT_UNCERTAINTY;
  const op = new Map(problem.operations.map((o) => [o.id, o]));
  const job = new Map(problem.jobs.map((j) => [j.id, j]));
  const calendar = problem.calendars![0].intervals;
  const previous = new Map<string, string>();
  for (const sequence of Object.values(plan.sequences))
    sequence.forEach((id, x) => {
      if (x > 0) previous.set(id, sequence[x - 1]);
    });
  const preds = new Map<string, { before: string; lag: number }[]>();
  for (const p of problem.precedences)
    preds.set(p.after, [...(preds.get(p.after) ?? []), { before: p.before, lag: p.lag ?? 0 }]);
  const end = new Map<string, number>();
  let pending = plan.operations;
  while (pending.length) {
    const blocked = [];
    for (const planned of pending) {
      const prev = previous.get(planned.operationId);
      const ps = preds.get(planned.operationId) ?? [];
      if ((prev !== undefined && !end.has(prev)) || ps.some((p) => !end.has(p.before))) {
        blocked.push(planned);
        continue;
      }
      const o = op.get(planned.operationId)!;
      const mode = o.modes.find((m) => m.machineId === planned.machineId)!;
      let ready = job.get(o.jobId)!.releaseDate ?? 0;
      for (const p of ps) ready = Math.max(ready, end.get(p.before)! + p.lag);
      if (prev !== undefined) ready = Math.max(ready, end.get(prev)!);
      for (const m of o.materials ?? []) ready = Math.max(ready, m.availableAt);
      let work = random.lognormal(mode.duration, u.durationSigma);
      if (planned.setupMinutes > 0) work += random.lognormal(planned.setupMinutes, u.setupSigma);
      end.set(o.id, placeOnCalendar(calendar, ready, work)?.end ?? ready + work);
    }
    pending = blocked;
  }
  return end;
}

const jobCount = option('jobs', 2100);
const samples = option('samples', 1000);
const naiveSamples = option('naive', 20);
const problem = generatePlant(jobCount, 2026);
let t0 = performance.now();
const planned = schedule(problem, { timeLimitMs: 0 });
if (!planned.ok) throw new Error(planned.error.message);
const plan = planned.value;
console.log(
  `plan: ${problem.operations.length} operations, ${problem.jobs.length} jobs, ${problem.machines.length} work centers; scheduled in ${(performance.now() - t0).toFixed(0)} ms`,
);
t0 = performance.now();
const model = compileReplay(problem, plan, DEFAULT_UNCERTAINTY);
if (!model.ok) throw new Error(model.error.message);
const compileMs = performance.now() - t0;
forecastCompletions(model.value, 20, 99); // warm-up
t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = forecastCompletions(model.value, samples, 1);
const sampleMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
if (!result.ok) throw new Error(result.error.message);
console.log(`compile (typed arrays + topological order, once): ${compileMs.toFixed(0)} ms`);
console.log(
  `${samples} samples + quantiles of ${result.value.jobs.length} jobs and ${result.value.orders.length} orders: ${sampleMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms process CPU (${((sampleMs / samples) * 1000).toFixed(0)} µs per sample; target under 3,000 ms: ${sampleMs < 3000 ? 'met' : 'MISSED'}; load average ${(globalThis.process.platform === 'linux' ? (await import('node:os')).loadavg()[0] : 0).toFixed(1)})`,
);
const random = new Random(5);
t0 = performance.now();
for (let s = 0; s < naiveSamples; s++) naiveSample(problem, plan, random);
const naivePerSample = (performance.now() - t0) / naiveSamples;
console.log(
  `naive replay (maps, ready-scan, no breakdowns or lateness): ${naivePerSample.toFixed(1)} ms per sample → ${((naivePerSample * samples) / 1000).toFixed(1)} s for ${samples}; typed-array replay is ${((naivePerSample * samples) / sampleMs).toFixed(1)}× faster`,
);
const orders = result.value.orders;
const spread = orders.map((o) => (o.p90 - o.planned) / 1440).sort((a, b) => a - b);
const onTime = orders.filter((o) => o.onTimeProbability !== undefined);
const plannedOnTime = onTime.filter((o) => o.planned <= o.dueDate!).length;
const confident = onTime.filter((o) => o.onTimeProbability! >= 0.9).length;
console.log(
  `orders: P90 − planned completion median ${spread[Math.floor(spread.length / 2)].toFixed(1)} days, 90th percentile ${spread[Math.floor(spread.length * 0.9)].toFixed(1)} days; planned on time ${plannedOnTime}/${onTime.length}, on time with ≥ 90 % probability ${confident}/${onTime.length}; beyond horizon ${result.value.beyondHorizon}`,
);
