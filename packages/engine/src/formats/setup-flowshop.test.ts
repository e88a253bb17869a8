import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../common/random';
import { parseBounds } from './bounds';
import {
  parseSetupFlowShop,
  permutationMakespan,
  type SetupFlowShopInstance,
  setupFlowShopToProblem,
} from './setup-flowshop';

const folder = resolve(import.meta.dirname, '../../../../../shared/bench/setup-flowshop');
const read = (file: string) => readFileSync(resolve(folder, file), 'utf8');

function parsed(name: string): SetupFlowShopInstance {
  const result = parseSetupFlowShop(read(`${name}.txt`), name);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** 2 jobs × 2 machines, small enough to check by hand */
const tiny = '2\n2\n3 2\n1 4\n0 5\n7 0\n0 1\n2 0\n';

describe('parseSetupFlowShop on the SDST instances', () => {
  it('reads instance 1 as 20 jobs × 5 machines with one 20 × 20 setup block per machine', () => {
    const one = parsed('1');
    expect(one.jobCount).toBe(20);
    expect(one.machineCount).toBe(5);
    expect(one.processingTimes[0]).toEqual([54, 79, 16, 66, 58]);
    expect(one.processingTimes[19]).toEqual([94, 77, 40, 31, 28]);
    expect(one.setupTimes).toHaveLength(5);
    expect(one.setupTimes[0][0].slice(0, 4)).toEqual([0, 5, 8, 2]);
    expect(one.setupTimes[4][19].slice(-3)).toEqual([7, 6, 0]);
  });

  it('reads all 40 instances with the sizes and setup ranges of their classes (1–9 and 1–99)', () => {
    const bounds = parseBounds(read('bounds.tsv'));
    if (!bounds.ok) throw new Error(bounds.error.message);
    const names = readdirSync(folder)
      .filter((f) => /^\d+\.txt$/.test(f))
      .map((f) => f.replace(/\.txt$/, ''));
    expect(names).toHaveLength(40);
    for (const name of names) {
      const instance = parsed(name);
      expect(instance.jobCount, name).toBe(Number(bounds.value.get(name)?.columns.jobs));
      expect(instance.machineCount, name).toBe(Number(bounds.value.get(name)?.columns.machines));
      const offDiagonal = instance.setupTimes.flatMap((block) =>
        block.flatMap((row, i) => row.filter((_, j) => i !== j)),
      );
      expect(Math.min(...offDiagonal), name).toBeGreaterThanOrEqual(1);
      expect(Math.max(...offDiagonal), name).toBeLessThanOrEqual(Number(name) <= 120 ? 9 : 99);
    }
  });
});

describe('setupFlowShopToProblem', () => {
  it('gives every machine its own setup matrix between job families, no initial setup', () => {
    const result = parseSetupFlowShop(tiny, 'tiny');
    if (!result.ok) throw new Error(result.error.message);
    const problem = setupFlowShopToProblem(result.value);
    expect(problem.objective).toBe('makespan');
    expect(problem.machines).toEqual([
      { id: 'M0', workCenterId: 'M0', setupMatrixId: 'S0' },
      { id: 'M1', workCenterId: 'M1', setupMatrixId: 'S1' },
    ]);
    expect(problem.setupMatrices).toEqual([
      {
        id: 'S0',
        minutes: { J0: { J1: 5 }, J1: { J0: 7 } },
        defaultChangeover: 0,
        sameFamily: 0,
        initial: 0,
      },
      {
        id: 'S1',
        minutes: { J0: { J1: 1 }, J1: { J0: 2 } },
        defaultChangeover: 0,
        sameFamily: 0,
        initial: 0,
      },
    ]);
    expect(problem.operations).toEqual([
      { id: 'J0.0', jobId: 'J0', family: 'J0', modes: [{ machineId: 'M0', duration: 3 }] },
      { id: 'J0.1', jobId: 'J0', family: 'J0', modes: [{ machineId: 'M1', duration: 2 }] },
      { id: 'J1.0', jobId: 'J1', family: 'J1', modes: [{ machineId: 'M0', duration: 1 }] },
      { id: 'J1.1', jobId: 'J1', family: 'J1', modes: [{ machineId: 'M1', duration: 4 }] },
    ]);
    expect(problem.precedences).toEqual([
      { before: 'J0.0', after: 'J0.1' },
      { before: 'J1.0', after: 'J1.1' },
    ]);
  });

  it('carries each machine block of instance 241 into that machine matrix', () => {
    const instance = parsed('241');
    const problem = setupFlowShopToProblem(instance);
    expect(problem.setupMatrices?.[3].minutes.J7.J12).toBe(instance.setupTimes[3][7][12]);
    expect(problem.operations).toHaveLength(100);
  });
});

describe('permutationMakespan', () => {
  it('sets up anticipatorily: a machine prepares the next job while the job is still upstream', () => {
    const result = parseSetupFlowShop(tiny, 'tiny');
    if (!result.ok) throw new Error(result.error.message);
    // order 0,1: M0 runs J0 [0,3), setup 5, J1 [8,9); M1 runs J0 [3,5), setup 1 in [5,6), J1 waits for M0 until 9, [9,13)
    expect(permutationMakespan(result.value, [0, 1])).toBe(13);
    // order 1,0: M0 J1 [0,1), setup 7, J0 [8,11); M1 J1 [1,5), setup 2 until 7, J0 waits until 11, [11,13)
    expect(permutationMakespan(result.value, [1, 0])).toBe(13);
  });

  it('finds no permutation of the public instances better than the best known', () => {
    const bounds = parseBounds(read('bounds.tsv'));
    if (!bounds.ok) throw new Error(bounds.error.message);
    const random = new Random(7);
    for (const name of ['1', '11', '241', '251']) {
      const instance = parsed(name);
      for (let trial = 0; trial < 50; trial++) {
        const order = Array.from({ length: instance.jobCount }, (_, j) => j);
        for (let i = order.length - 1; i > 0; i--) {
          const k = random.int(i + 1);
          [order[i], order[k]] = [order[k], order[i]];
        }
        expect(permutationMakespan(instance, order)).toBeGreaterThanOrEqual(bounds.value.get(name)?.ub ?? 0);
      }
    }
  });
});

describe('parseSetupFlowShop on malformed text', () => {
  it('names the line where a setup block ends early', () => {
    const result = parseSetupFlowShop('2\n2\n3 2\n1 4\n0 5\n7 0\n0 1\n');
    expect(!result.ok && result.error.code).toBe('truncated');
    expect(!result.ok && result.error.message).toContain('machine 1 from job 1 to job 0');
  });

  it('names the line of data after the last block', () => {
    const result = parseSetupFlowShop(`${tiny}9\n`);
    expect(!result.ok && result.error.code).toBe('trailing-data');
    expect(!result.ok && result.error.message).toContain('line 9');
  });

  it('rejects words, negative times and an empty file', () => {
    const word = parseSetupFlowShop('2\n2\n3 2\n1 four\n');
    expect(!word.ok && word.error.message).toContain('line 4');
    expect(parseSetupFlowShop('2\n2\n3 -2\n1 4\n0 5\n7 0\n0 1\n2 0\n').ok).toBe(false);
    expect(parseSetupFlowShop('').ok).toBe(false);
    expect(parseSetupFlowShop('0\n2\n').ok).toBe(false);
  });
});
