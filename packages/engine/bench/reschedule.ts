/**
 * Incremental re-scheduling on a generated plant: 2,000 jobs of 4–6 operations (≈10,000) on 50
 * work centers with two-shift calendars, alternatives and family setups (the schedule-scale
 * generator; every operation on M0 can also run on M1, so M0 can be taken down). The plan is
 * scheduled once; then two changes are planned both ways, warm (reschedule from the plan) and
 * from scratch (schedule), in the same run:
 *   1. one new order of 5 operations;
 *   2. machine M0 taken down (its operations move to their alternatives).
 * Reported: time to the first feasible plan (warm vs from scratch, and the ratio), weighted
 * tardiness of both first plans, and how much of the plan stayed where it was (operations on
 * the same machine at the same start). With --search s, both also search s seconds.
 *   npm run bench:reschedule -- [--jobs 2000] [--search 0] [--repeat 5]
 */
import { Random } from '../src/common/random';
import { reschedule, withoutMachine } from '../src/schedule/reschedule';
import { schedule } from '../src/schedule/schedule';
import type { ScheduleProblem, ScheduleResult } from '../src/schedule/types';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const jobCount = option('jobs', 2000);
const searchSeconds = option('search', 0);
const repeat = option('repeat', 5);

function generatePlant(jobs: number, seed: number): ScheduleProblem {
  const random = new Random(seed);
  const shifts: [number, number][] = [];
  for (let day = 0; day < 400; day++) if (day % 7 < 5) shifts.push([day * 1440 + 360, day * 1440 + 1320]);
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
  for (let j = 0; j < jobs; j++) addJob(problem, random, `J${j}`, 4 + random.int(3), 0);
  return problem;
}

function addJob(problem: ScheduleProblem, random: Random, id: string, ops: number, releaseDay: number) {
  problem.jobs.push({
    id,
    dueDate: 1440 * (releaseDay + 10 + random.int(150)),
    weight: 1 + random.int(3),
    releaseDate: 1440 * (releaseDay + random.int(20)),
  });
  const family = `F${random.int(8)}`;
  for (let o = 0; o < ops; o++) {
    const primary = random.int(50);
    const modes = [{ machineId: `M${primary}`, duration: 20 + random.int(200) }];
    if (primary === 0) modes.push({ machineId: 'M1', duration: 30 + random.int(220) });
    else if (random.next() < 0.3)
      modes.push({ machineId: `M${(primary + 1 + random.int(49)) % 50}`, duration: 30 + random.int(220) });
    problem.operations.push({ id: `${id}.${o}`, jobId: id, family, modes });
    if (o > 0) problem.precedences.push({ before: `${id}.${o - 1}`, after: `${id}.${o}`, lag: 30 });
  }
}

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Operations of `before` that run on the same machine at the same start in `after`. */
function unchanged(before: ScheduleResult, after: ScheduleResult): number {
  const at = new Map(after.operations.map((o) => [o.operationId, o]));
  return before.operations.filter((o) => {
    const a = at.get(o.operationId);
    return a && a.machineId === o.machineId && a.setupStart === o.setupStart;
  }).length;
}

const problem = generatePlant(jobCount, 2026);
const plan = unwrap(schedule(problem, { timeLimitMs: searchSeconds * 1000, seed: 1 }));
console.log(
  `${problem.operations.length} operations, ${problem.jobs.length} jobs, 50 work centers with calendars, setups and alternatives; plan: first feasible in ${ms(plan.stats.timeToFirstFeasibleMs)}, weighted tardiness ${plan.objective.weightedTardiness}`,
);

const withOrder: ScheduleProblem = {
  ...problem,
  jobs: [...problem.jobs],
  operations: [...problem.operations],
  precedences: [...problem.precedences],
};
addJob(withOrder, new Random(99), 'NEW', 5, 5);
const down = unwrap(withoutMachine(problem, 'M0'));
const changes: [string, ScheduleProblem][] = [
  ['one new order (5 operations)', withOrder],
  ['machine M0 taken down', down],
];

console.log(`\nmedian of ${repeat} runs each; search ${searchSeconds} s after the first feasible plan`);
for (const [name, changed] of changes) {
  const warm: number[] = [];
  const scratch: number[] = [];
  let warmResult: ScheduleResult | undefined;
  let scratchResult: ScheduleResult | undefined;
  for (let r = 0; r < repeat; r++) {
    warmResult = unwrap(reschedule(changed, plan, { timeLimitMs: searchSeconds * 1000, seed: 1 }));
    warm.push(warmResult.stats.timeToFirstFeasibleMs);
    scratchResult = unwrap(schedule(changed, { timeLimitMs: searchSeconds * 1000, seed: 1 }));
    scratch.push(scratchResult.stats.timeToFirstFeasibleMs);
  }
  const w = warmResult!;
  const s = scratchResult!;
  const report = w.rescheduled!;
  console.log(`\n${name}:`);
  console.log(
    `  first feasible plan: reschedule ${ms(median(warm))}, from scratch ${ms(median(scratch))} (${(median(scratch) / median(warm)).toFixed(1)}× faster warm)`,
  );
  console.log(
    `  weighted tardiness: reschedule ${w.objective.weightedTardiness}, from scratch ${s.objective.weightedTardiness} (previous plan ${plan.objective.weightedTardiness})`,
  );
  console.log(
    `  operations unchanged (same machine, same start): reschedule ${unchanged(plan, w)}, from scratch ${unchanged(plan, s)} of ${plan.operations.length}; kept ${report.kept}, inserted ${report.inserted.length}, moved ${report.moved.length}${report.constructedAnew ? ', CONSTRUCTED ANEW' : ''}`,
  );
}
