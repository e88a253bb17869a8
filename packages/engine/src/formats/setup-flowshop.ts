/**
 * Permutation flow shop with sequence-dependent setup times (SDST-PFSP, the Ruiz instances as
 * redistributed by PyJobShop): `n`, `m`, then `n` lines of `m` processing times (job by job,
 * machine by machine), then `m` blocks of `n × n` setup times: block k is machine k, row = the
 * previous job, column = the next job; there is no setup before the first job on a machine.
 * Numbers may wrap freely over lines.
 *
 * The instance becomes a ScheduleProblem with one family per job and one setup matrix per
 * machine, so the matrix of machine k is exactly block k. Two differences from the benchmark,
 * which a runner must state next to its numbers:
 * - the benchmark asks for a permutation schedule (the same job order on every machine); the
 *   Takt scheduler is not restricted to permutations, which can only lower the makespan;
 * - the benchmark's setups are anticipatory (a machine may set up for a job before the job
 *   arrives), while Takt's setups start only when both the machine and the part are there,
 *   which can only raise it. `permutationMakespan` evaluates an order by the benchmark's rules.
 * Pure: the reader takes the file's text.
 */
import type { Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { ScheduleProblem, SetupMatrix } from '../schedule/types';
import { FormatError, NumberCursor, numberLines, readFormat } from './number-text';

export interface SetupFlowShopInstance {
  name: string;
  jobCount: number;
  machineCount: number;
  /** processingTimes[j][k] = minutes of job j on machine k */
  processingTimes: Minutes[][];
  /** setupTimes[k][from][to] = setup on machine k when job `to` follows job `from` */
  setupTimes: Minutes[][][];
}

export function parseSetupFlowShop(text: string, name = 'sdst'): Result<SetupFlowShopInstance> {
  return readFormat(() => {
    const cursor = new NumberCursor(numberLines(text));
    if (cursor.done) throw new FormatError('empty', 'the file has no data (only blank or # lines)');
    const jobCount = cursor.count('the number of jobs');
    const machineCount = cursor.count('the number of machines');
    if (jobCount < 1 || machineCount < 1) {
      throw new FormatError(
        'header',
        `line ${cursor.line}: an instance needs at least one job and one machine`,
      );
    }
    const processingTimes = Array.from({ length: jobCount }, (_, j) =>
      Array.from({ length: machineCount }, (_, k) =>
        cursor.count(`the processing time of job ${j} on machine ${k}`),
      ),
    );
    const setupTimes = Array.from({ length: machineCount }, (_, k) =>
      Array.from({ length: jobCount }, (_, from) =>
        Array.from({ length: jobCount }, (_, to) =>
          cursor.count(`the setup on machine ${k} from job ${from} to job ${to}`),
        ),
      ),
    );
    if (!cursor.done) {
      throw new FormatError(
        'trailing-data',
        `line ${cursor.line}: data after the ${machineCount} setup blocks of ${jobCount} × ${jobCount}`,
      );
    }
    return { name, jobCount, machineCount, processingTimes, setupTimes };
  });
}

/**
 * Machines `M0`… each with setup matrix `S<k>`, jobs `J0`…, operations `J<j>.<k>` on machine k
 * in machine order, family `J<j>`. No setup before the first job (matrix `initial` 0); a job
 * never follows itself, so `sameFamily` is never used. Objective makespan, 24/7 machines.
 */
export function setupFlowShopToProblem(instance: SetupFlowShopInstance): ScheduleProblem {
  const jobIds = Array.from({ length: instance.jobCount }, (_, j) => `J${j}`);
  const setupMatrices: SetupMatrix[] = instance.setupTimes.map((block, k) => {
    const minutes: Record<string, Record<string, Minutes>> = {};
    block.forEach((row, from) => {
      minutes[jobIds[from]] = {};
      row.forEach((setup, to) => {
        if (from !== to) minutes[jobIds[from]][jobIds[to]] = setup;
      });
    });
    return { id: `S${k}`, minutes, defaultChangeover: 0, sameFamily: 0, initial: 0 };
  });
  const problem: ScheduleProblem = {
    machines: Array.from({ length: instance.machineCount }, (_, k) => ({
      id: `M${k}`,
      workCenterId: `M${k}`,
      setupMatrixId: `S${k}`,
    })),
    setupMatrices,
    jobs: jobIds.map((id) => ({ id })),
    operations: [],
    precedences: [],
    objective: 'makespan',
  };
  instance.processingTimes.forEach((row, j) => {
    row.forEach((duration, k) => {
      problem.operations.push({
        id: `J${j}.${k}`,
        jobId: jobIds[j],
        family: jobIds[j],
        modes: [{ machineId: `M${k}`, duration }],
      });
      if (k > 0) problem.precedences.push({ before: `J${j}.${k - 1}`, after: `J${j}.${k}` });
    });
  });
  return problem;
}

/**
 * Makespan of a permutation (job indices) by the benchmark's rules: the same order on every
 * machine, anticipatory setups (a machine sets up for the next job as soon as it is free),
 * no setup before the first job. O(n·m).
 */
export function permutationMakespan(instance: SetupFlowShopInstance, order: number[]): Minutes {
  const machineFree = new Array<Minutes>(instance.machineCount).fill(0);
  let previous = -1;
  for (const j of order) {
    let jobReady = 0;
    for (let k = 0; k < instance.machineCount; k++) {
      const setup = previous < 0 ? 0 : instance.setupTimes[k][previous][j];
      const start = Math.max(jobReady, machineFree[k] + setup);
      machineFree[k] = start + instance.processingTimes[j][k];
      jobReady = machineFree[k];
    }
    previous = j;
  }
  return machineFree[instance.machineCount - 1];
}
