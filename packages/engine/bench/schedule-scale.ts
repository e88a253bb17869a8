/**
 * Scale of the scheduler on a generated plant: 2,500 jobs of 4–6 operations (≈12,500) on 50
 * work centers with two-shift calendars, alternatives and family setups. Measures the time to
 * the first feasible schedule (target under 2 s) and what 10 s of search adds.
 *   npm run bench:schedule-scale -- [--jobs 2500] [--search 10]
 */
import { Random } from '../src/common/random';
import { schedule } from '../src/schedule/schedule';
import type { ScheduleProblem } from '../src/schedule/types';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const jobCount = option('jobs', 2500);
const searchSeconds = option('search', 10);
const random = new Random(2026);

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
for (let j = 0; j < jobCount; j++) {
  const ops = 4 + random.int(3);
  problem.jobs.push({
    id: `J${j}`,
    dueDate: 1440 * (10 + random.int(150)),
    weight: 1 + random.int(3),
    releaseDate: 1440 * random.int(20),
  });
  const family = `F${random.int(8)}`;
  for (let o = 0; o < ops; o++) {
    const primary = random.int(50);
    const modes = [{ machineId: `M${primary}`, duration: 20 + random.int(200) }];
    if (random.next() < 0.3)
      modes.push({ machineId: `M${(primary + 1 + random.int(49)) % 50}`, duration: 30 + random.int(220) });
    problem.operations.push({ id: `J${j}.${o}`, jobId: `J${j}`, family, modes });
    if (o > 0) problem.precedences.push({ before: `J${j}.${o - 1}`, after: `J${j}.${o}`, lag: 30 });
  }
}

const constructed = schedule(problem, { timeLimitMs: 0 });
if (!constructed.ok) throw new Error(constructed.error.message);
console.log(
  `${problem.operations.length} operations, ${problem.jobs.length} jobs, 50 work centers with calendars and setups`,
);
console.log(
  `first feasible schedule: ${constructed.value.stats.timeToFirstFeasibleMs.toFixed(0)} ms (target under 2,000 ms); weighted tardiness ${constructed.value.objective.weightedTardiness}, setup ${constructed.value.objective.totalSetup} min`,
);
if (searchSeconds > 0) {
  const searched = schedule(problem, { timeLimitMs: searchSeconds * 1000, seed: 1 });
  if (!searched.ok) throw new Error(searched.error.message);
  const v = searched.value;
  console.log(
    `after ${searchSeconds} s of search: weighted tardiness ${v.objective.weightedTardiness} (${((v.objective.weightedTardiness / Math.max(1, constructed.value.objective.weightedTardiness)) * 100).toFixed(1)} % of the construction), ${v.stats.iterations} iterations`,
  );
}
