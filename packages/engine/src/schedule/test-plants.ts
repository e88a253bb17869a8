/**
 * Random small plants for the scheduler's property tests: jobs with chains of operations,
 * alternatives, setups, calendars, material and firm work. Test support only (imports fast-check).
 */
import fc from 'fast-check';
import type { ScheduleProblem } from './types';

/** A random small plant: jobs with chains of operations, alternatives, setups, calendars, material, firm work. */
export const plant = fc
  .record({
    machines: fc.integer({ min: 1, max: 4 }),
    jobs: fc.array(
      fc.record({
        ops: fc.array(
          fc.record({
            modes: fc.uniqueArray(
              fc.record({ machine: fc.nat(3), duration: fc.integer({ min: 1, max: 90 }) }),
              { minLength: 1, maxLength: 2, selector: (m) => m.machine },
            ),
            family: fc.constantFrom('A', 'B', 'C', undefined),
            lag: fc.integer({ min: 0, max: 30 }),
            material: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
            fit: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        due: fc.integer({ min: 60, max: 3000 }),
        release: fc.integer({ min: 0, max: 300 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    calendar: fc.boolean(),
    firm: fc.boolean(),
  })
  .map(({ machines, jobs, calendar, firm }): ScheduleProblem => {
    const shifts: [number, number][] = [];
    for (let day = 0; day < 60; day++) shifts.push([day * 1440 + 360, day * 1440 + 1320]);
    const problem: ScheduleProblem = {
      machines: Array.from({ length: machines }, (_, k) => ({
        id: `M${k}`,
        workCenterId: `WC${k % 2}`,
        calendarId: calendar ? 'two-shift' : undefined,
        setupMatrixId: 'dies',
      })),
      calendars: [{ id: 'two-shift', intervals: shifts }],
      setupMatrices: [
        {
          id: 'dies',
          minutes: { A: { B: 20 }, B: { A: 25 } },
          defaultChangeover: 15,
          sameFamily: 2,
          initial: 10,
        },
      ],
      jobs: jobs.map((j, n) => ({
        id: `J${n}`,
        dueDate: j.due,
        releaseDate: j.release,
        weight: 1 + (n % 3),
      })),
      operations: [],
      precedences: [],
    };
    jobs.forEach((job, j) => {
      job.ops.forEach((op, o) => {
        const modes = op.modes
          .map((m) => ({ machineId: `M${m.machine % machines}`, duration: m.duration }))
          .filter((m, x, all) => all.findIndex((y) => y.machineId === m.machineId) === x);
        problem.operations.push({
          id: `J${j}.${o}`,
          jobId: `J${j}`,
          modes,
          family: op.family,
          shiftRule: op.fit ? 'fit' : 'span',
          materials: op.material === undefined ? undefined : [{ itemId: `RM${j}`, availableAt: op.material }],
          firm: firm && j === 0 && o === 0 ? { machineId: modes[0].machineId, start: 2000 } : undefined,
        });
        if (o > 0) problem.precedences.push({ before: `J${j}.${o - 1}`, after: `J${j}.${o}`, lag: op.lag });
      });
    });
    return problem;
  });

export function inWorkingTime(
  problem: ScheduleProblem,
  machineId: string,
  from: number,
  to: number,
  fit: boolean,
): boolean {
  const machine = problem.machines.find((m) => m.id === machineId)!;
  if (!machine.calendarId || from === to) return true;
  const intervals = problem.calendars!.find((c) => c.id === machine.calendarId)!.intervals;
  if (fit) return intervals.some(([a, b]) => a <= from && to <= b);
  return intervals.some(([a, b]) => a <= from && from < b) && intervals.some(([a, b]) => a < to && to <= b);
}
