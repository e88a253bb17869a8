/**
 * A small random make-to-order plant for tests (not exported by the engine): work centers on a
 * two-shift weekday calendar with family setups, orders of one or two jobs whose operations
 * form a chain with lags, alternatives, purchased material; planned by the real scheduler.
 */
import { Random } from '../common/random';
import { schedule } from '../schedule/schedule';
import type { ScheduleProblem, ScheduleResult } from '../schedule/types';

export interface TestPlantOptions {
  seed: number;
  orders: number;
  machines?: number;
  /** days in the calendar horizon */
  days?: number;
  /** share of operations with purchased material */
  materialShare?: number;
  /** share of operations with an alternative machine */
  alternativeShare?: number;
  /** run minutes are drawn from [minRun, maxRun) */
  minRun?: number;
  maxRun?: number;
}

export const WORK_CENTERS = ['SAW', 'LATHE', 'MILL', 'HEAT', 'GRIND', 'ASSY'];

export function twoShiftCalendar(days: number): [number, number][] {
  const shifts: [number, number][] = [];
  for (let day = 0; day < days; day++) if (day % 7 < 5) shifts.push([day * 1440 + 360, day * 1440 + 1320]);
  return shifts;
}

export function testPlant(options: TestPlantOptions): ScheduleProblem {
  const random = new Random(options.seed);
  const machineCount = options.machines ?? 6;
  const problem: ScheduleProblem = {
    machines: Array.from({ length: machineCount }, (_, k) => ({
      id: `M${k}`,
      workCenterId: WORK_CENTERS[k % WORK_CENTERS.length],
      calendarId: 'two-shift',
      setupMatrixId: 'families',
    })),
    calendars: [{ id: 'two-shift', intervals: twoShiftCalendar(options.days ?? 400) }],
    setupMatrices: [
      { id: 'families', minutes: { A: { B: 40 } }, defaultChangeover: 30, sameFamily: 5, initial: 20 },
    ],
    jobs: [],
    operations: [],
    precedences: [],
  };
  const minRun = options.minRun ?? 30;
  const maxRun = options.maxRun ?? 240;
  for (let o = 0; o < options.orders; o++) {
    const orderId = `SO${o}`;
    const jobs = 1 + random.int(2);
    const due = 1440 * (5 + random.int(25));
    for (let j = 0; j < jobs; j++) {
      const jobId = `${orderId}-J${j}`;
      problem.jobs.push({ id: jobId, orderId, dueDate: due, releaseDate: 1440 * random.int(3) });
      const family = ['A', 'B', 'C'][random.int(3)];
      const ops = 2 + random.int(4);
      for (let x = 0; x < ops; x++) {
        const k = random.int(machineCount);
        const modes = [{ machineId: `M${k}`, duration: minRun + random.int(maxRun - minRun) }];
        if (random.next() < (options.alternativeShare ?? 0.2))
          modes.push({
            machineId: `M${(k + 1) % machineCount}`,
            duration: minRun + random.int(maxRun - minRun),
          });
        const id = `${jobId}.${x}`;
        problem.operations.push({
          id,
          jobId,
          family,
          modes,
          materials:
            random.next() < (options.materialShare ?? 0.15)
              ? [{ itemId: `RM${random.int(5)}`, availableAt: 1440 * (1 + random.int(8)) }]
              : undefined,
        });
        if (x > 0) problem.precedences.push({ before: `${jobId}.${x - 1}`, after: id, lag: 30 });
      }
    }
  }
  return problem;
}

export function planOf(problem: ScheduleProblem, maxIterations = 0): ScheduleResult {
  const result = schedule(problem, { maxIterations, seed: 1 });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
