/**
 * Single-machine total weighted tardiness, OR-Library (Beasley) files: `wt40.txt` holds 125
 * instances one after the other, each as n processing times, n weights, n due dates (n = 40),
 * the numbers wrapping freely over lines; `wtopt40.txt` holds one optimum (or best known
 * value) per line, in the same order. An instance becomes a ScheduleProblem with one machine
 * and one operation per job, the job carrying its due date and weight, under the plant's
 * 'lexicographic' objective whose first term is weighted tardiness. Pure: the readers take text.
 */
import type { Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { ScheduleProblem } from '../schedule/types';
import { FormatError, NumberCursor, numberLines, readFormat } from './number-text';

export interface WeightedTardinessJob {
  processingTime: Minutes;
  weight: number;
  dueDate: Minutes;
}

export interface WeightedTardinessInstance {
  /** e.g. `wt40-1`: the file's name and the 1-based position of the instance in it */
  name: string;
  jobs: WeightedTardinessJob[];
}

export interface WeightedTardinessOptions {
  /** jobs per instance: 40 for wt40.txt, 50 for wt50, 100 for wt100 */
  jobsPerInstance?: number;
  /** instance names are `<prefix>-<k>`, k from 1 */
  prefix?: string;
}

export function parseWeightedTardiness(
  text: string,
  { jobsPerInstance = 40, prefix = 'wt40' }: WeightedTardinessOptions = {},
): Result<WeightedTardinessInstance[]> {
  return readFormat(() => {
    const cursor = new NumberCursor(numberLines(text));
    if (cursor.done) throw new FormatError('empty', 'the file has no data (only blank or # lines)');
    const instances: WeightedTardinessInstance[] = [];
    while (!cursor.done) {
      const k = instances.length + 1;
      const read = (what: string) =>
        Array.from({ length: jobsPerInstance }, (_, j) =>
          cursor.count(`the ${what} of job ${j + 1} of instance ${k}`),
        );
      const processingTimes = read('processing time');
      const weights = read('weight');
      const dueDates = read('due date');
      instances.push({
        name: `${prefix}-${k}`,
        jobs: processingTimes.map((processingTime, j) => ({
          processingTime,
          weight: weights[j],
          dueDate: dueDates[j],
        })),
      });
    }
    return instances;
  });
}

/** wtopt40.txt: one value per line; the k-th value belongs to instance k. */
export function parseWeightedTardinessOptima(text: string): Result<number[]> {
  return readFormat(() => {
    const lines = numberLines(text);
    if (lines.length === 0) throw new FormatError('empty', 'the file has no data (only blank or # lines)');
    return lines.map(({ line, values }) => {
      if (values.length !== 1 || !Number.isInteger(values[0]) || values[0] < 0) {
        throw new FormatError(
          'optimum',
          `line ${line}: expected one non-negative integer, got "${values.join(' ')}"`,
        );
      }
      return values[0];
    });
  });
}

/**
 * Machine `M0`, jobs `J1`…`Jn` (file order) with due date and weight, one operation per job
 * (same id as the job). Release dates are 0 and the machine is 24/7, as in the benchmark.
 */
export function weightedTardinessToProblem(instance: WeightedTardinessInstance): ScheduleProblem {
  return {
    machines: [{ id: 'M0', workCenterId: 'M0' }],
    jobs: instance.jobs.map(({ weight, dueDate }, j) => ({ id: `J${j + 1}`, dueDate, weight })),
    operations: instance.jobs.map(({ processingTime }, j) => ({
      id: `J${j + 1}`,
      jobId: `J${j + 1}`,
      modes: [{ machineId: 'M0', duration: processingTime }],
    })),
    precedences: [],
    objective: 'lexicographic',
  };
}

/** Total weighted tardiness of jobs processed back to back in `order` (indices), from time 0. */
export function weightedTardiness(instance: WeightedTardinessInstance, order: number[]): number {
  let time = 0;
  let total = 0;
  for (const j of order) {
    const { processingTime, weight, dueDate } = instance.jobs[j];
    time += processingTime;
    total += weight * Math.max(0, time - dueDate);
  }
  return total;
}
