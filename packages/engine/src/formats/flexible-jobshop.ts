/**
 * Flexible job shop, Brandimarte text (.fjs): `jobs machines avgMachinesPerOp`, then one line
 * per job: the number of operations, then per operation `k` followed by `k` pairs
 * `machine duration` (the machines that can run it, each with its own duration), machines
 * numbered from 1. The instance becomes a ScheduleProblem whose operations have one mode per
 * alternative machine. Pure: the reader takes the file's text.
 */
import type { Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { ScheduleProblem } from '../schedule/types';
import { FormatError, numberLines, readFormat, requireCount } from './number-text';

export interface FlexibleAlternative {
  /** machine index from 0 (the file's machine number minus 1) */
  machine: number;
  duration: Minutes;
}

export interface FlexibleJobShopInstance {
  name: string;
  machineCount: number;
  /** the header's third number, as written (not checked against the data) */
  averageAlternatives: number;
  /** jobs[j][o] = the machines that can run operation o of job j, in file order */
  jobs: FlexibleAlternative[][][];
}

export function parseFlexibleJobShop(text: string, name = 'fjsp'): Result<FlexibleJobShopInstance> {
  return readFormat(() => {
    const lines = numberLines(text);
    const head = lines[0];
    if (!head) throw new FormatError('empty', 'the file has no data (only blank or # lines)');
    if (head.values.length < 2 || head.values.length > 3) {
      throw new FormatError(
        'header',
        `line ${head.line}: expected "jobs machines avgMachinesPerOp", got "${head.values.join(' ')}"`,
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
      let at = 0;
      const next = (what: string) => requireCount(values[at++], line, what);
      const operationCount = next(`the number of operations of job ${j}`);
      if (operationCount < 1) throw new FormatError('job', `line ${line}: job ${j} has no operations`);
      const operations: FlexibleAlternative[][] = [];
      for (let o = 0; o < operationCount; o++) {
        const k = next(`the number of machines of job ${j} operation ${o}`);
        if (k < 1) throw new FormatError('operation', `line ${line}: job ${j} operation ${o} has no machine`);
        const alternatives: FlexibleAlternative[] = [];
        for (let a = 0; a < k; a++) {
          const machineNumber = next(`a machine of job ${j} operation ${o}`);
          const duration = next(`a duration of job ${j} operation ${o}`);
          if (machineNumber < 1 || machineNumber > machineCount) {
            throw new FormatError(
              'machine-out-of-range',
              `line ${line}: job ${j} operation ${o} names machine ${machineNumber}, machines are 1–${machineCount}`,
            );
          }
          alternatives.push({ machine: machineNumber - 1, duration });
        }
        operations.push(alternatives);
      }
      if (at !== values.length) {
        throw new FormatError(
          'trailing-data',
          `line ${line}: ${values.length - at} numbers left over after job ${j}'s ${operationCount} operations`,
        );
      }
      return operations;
    });
    return { name, machineCount, averageAlternatives: head.values[2] ?? Number.NaN, jobs };
  });
}

/**
 * Machine ids `M0`… (file machine 1 is `M0`), job ids `J0`…, operation ids `J<j>.<o>`, one mode
 * per alternative in file order, a precedence chain per job, makespan objective, 24/7 machines.
 */
export function flexibleJobShopToProblem(instance: FlexibleJobShopInstance): ScheduleProblem {
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
    operations.forEach((alternatives, o) => {
      problem.operations.push({
        id: `J${j}.${o}`,
        jobId: `J${j}`,
        modes: alternatives.map(({ machine, duration }) => ({ machineId: `M${machine}`, duration })),
      });
      if (o > 0) problem.precedences.push({ before: `J${j}.${o - 1}`, after: `J${j}.${o}` });
    });
  });
  return problem;
}
