/**
 * Job shop (JSPLIB / OR-Library / Taillard as converted by JSPLIB): optional '#' comment lines,
 * then `jobs machines`, then one line per job of `machine duration` pairs in routing order,
 * machines numbered from 0. The instance becomes the same ScheduleProblem the plant uses:
 * one 24/7 machine per machine, one mode per operation, a precedence chain per job, makespan.
 * Pure: the reader takes the file's text.
 */
import type { Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { ScheduleProblem } from '../schedule/types';
import { FormatError, numberLines, readFormat, requireCount } from './number-text';

export interface JobShopOperation {
  /** machine index from 0 */
  machine: number;
  duration: Minutes;
}

export interface JobShopInstance {
  name: string;
  machineCount: number;
  /** jobs[j] = the job's operations in routing order */
  jobs: JobShopOperation[][];
}

export function parseJobShop(text: string, name = 'jobshop'): Result<JobShopInstance> {
  return readFormat(() => {
    const lines = numberLines(text);
    const head = lines[0];
    if (!head) throw new FormatError('empty', 'the file has no data (only blank or # lines)');
    if (head.values.length !== 2) {
      throw new FormatError(
        'header',
        `line ${head.line}: expected "jobs machines", got "${head.values.join(' ')}"`,
      );
    }
    const jobCount = requireCount(head.values[0], head.line, 'the number of jobs');
    const machineCount = requireCount(head.values[1], head.line, 'the number of machines');
    if (jobCount < 1 || machineCount < 1) {
      throw new FormatError(
        'header',
        `line ${head.line}: an instance needs at least one job and one machine`,
      );
    }
    const jobLines = lines.slice(1);
    if (jobLines.length < jobCount) {
      throw new FormatError(
        'truncated',
        `line ${lines[lines.length - 1].line}: the header promises ${jobCount} jobs, the file has ${jobLines.length} job lines`,
      );
    }
    if (jobLines.length > jobCount) {
      throw new FormatError(
        'trailing-data',
        `line ${jobLines[jobCount].line}: data after the ${jobCount} job lines the header promises`,
      );
    }
    const jobs = jobLines.map(({ line, values }, j) => {
      if (values.length === 0 || values.length % 2 !== 0) {
        throw new FormatError(
          'job',
          `line ${line}: job ${j} needs "machine duration" pairs, got ${values.length} numbers`,
        );
      }
      const operations: JobShopOperation[] = [];
      for (let at = 0; at < values.length; at += 2) {
        const o = at / 2;
        const machine = requireCount(values[at], line, `the machine of job ${j} operation ${o}`);
        const duration = requireCount(values[at + 1], line, `the duration of job ${j} operation ${o}`);
        if (machine >= machineCount) {
          throw new FormatError(
            'machine-out-of-range',
            `line ${line}: job ${j} operation ${o} names machine ${machine}, machines are 0–${machineCount - 1}`,
          );
        }
        operations.push({ machine, duration });
      }
      return operations;
    });
    return { name, machineCount, jobs };
  });
}

/** Machine ids `M0`…, job ids `J0`…, operation ids `J<j>.<o>` (o in routing order from 0). */
export function jobShopToProblem(instance: JobShopInstance): ScheduleProblem {
  const problem: ScheduleProblem = {
    machines: Array.from({ length: instance.machineCount }, (_, m) => ({
      id: `M${m}`,
      workCenterId: `M${m}`,
    })),
    jobs: instance.jobs.map((_, j) => ({ id: `J${j}` })),
    operations: [],
    precedences: [],
    objective: 'makespan',
  };
  instance.jobs.forEach((operations, j) => {
    operations.forEach(({ machine, duration }, o) => {
      problem.operations.push({
        id: `J${j}.${o}`,
        jobId: `J${j}`,
        modes: [{ machineId: `M${machine}`, duration }],
      });
      if (o > 0) problem.precedences.push({ before: `J${j}.${o - 1}`, after: `J${j}.${o}` });
    });
  });
  return problem;
}
