import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseWeightedTardiness,
  parseWeightedTardinessOptima,
  type WeightedTardinessInstance,
  weightedTardiness,
  weightedTardinessToProblem,
} from './weighted-tardiness';

const folder = resolve(import.meta.dirname, '../../../../../shared/bench/weighted-tardiness');
const read = (file: string) => readFileSync(resolve(folder, file), 'utf8');

function wt40(): WeightedTardinessInstance[] {
  const result = parseWeightedTardiness(read('wt40.txt'));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function optima(): number[] {
  const result = parseWeightedTardinessOptima(read('wtopt40.txt'));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parseWeightedTardiness on OR-Library wt40', () => {
  it('reads 125 instances of 40 jobs: processing times, then weights, then due dates, wrapping over lines', () => {
    const instances = wt40();
    expect(instances).toHaveLength(125);
    expect(instances.every((i) => i.jobs.length === 40)).toBe(true);
    expect(instances[0].name).toBe('wt40-1');
    expect(instances[124].name).toBe('wt40-125');
    expect(instances[0].jobs[0]).toEqual({ processingTime: 26, weight: 1, dueDate: 1588 });
    // the 21st job's numbers sit on the second line of each block
    expect(instances[0].jobs[20]).toEqual({ processingTime: 35, weight: 5, dueDate: expect.any(Number) });
  });

  it('keeps the generator ranges: processing times 1–100, weights 1–10', () => {
    for (const instance of wt40()) {
      for (const job of instance.jobs) {
        expect(job.processingTime).toBeGreaterThanOrEqual(1);
        expect(job.processingTime).toBeLessThanOrEqual(100);
        expect(job.weight).toBeGreaterThanOrEqual(1);
        expect(job.weight).toBeLessThanOrEqual(10);
      }
    }
  });

  it('reads one optimum per instance, none above what weighted shortest processing time first gives', () => {
    const values = optima();
    expect(values).toHaveLength(125);
    expect(values.slice(0, 3)).toEqual([913, 1225, 537]);
    wt40().forEach((instance, k) => {
      const wspt = instance.jobs
        .map((job, j) => ({ j, ratio: job.processingTime / job.weight }))
        .sort((a, b) => a.ratio - b.ratio)
        .map(({ j }) => j);
      expect(weightedTardiness(instance, wspt), instance.name).toBeGreaterThanOrEqual(values[k]);
    });
  });
});

describe('weightedTardinessToProblem', () => {
  it('puts every job on one machine with its due date and weight, weighted tardiness first', () => {
    const problem = weightedTardinessToProblem(wt40()[0]);
    expect(problem.machines).toEqual([{ id: 'M0', workCenterId: 'M0' }]);
    expect(problem.objective).toBe('lexicographic');
    expect(problem.jobs[0]).toEqual({ id: 'J1', dueDate: 1588, weight: 1 });
    expect(problem.operations).toHaveLength(40);
    expect(problem.operations[0]).toEqual({
      id: 'J1',
      jobId: 'J1',
      modes: [{ machineId: 'M0', duration: 26 }],
    });
    expect(problem.precedences).toEqual([]);
  });
});

describe('weightedTardiness', () => {
  it('sums weight × lateness of jobs run back to back from time 0', () => {
    const instance: WeightedTardinessInstance = {
      name: 'hand',
      jobs: [
        { processingTime: 3, weight: 2, dueDate: 2 },
        { processingTime: 4, weight: 1, dueDate: 10 },
      ],
    };
    expect(weightedTardiness(instance, [0, 1])).toBe(2 * 1);
    expect(weightedTardiness(instance, [1, 0])).toBe(2 * 5);
  });
});

describe('the readers on malformed text', () => {
  it('names the instance and the line where the file ends early', () => {
    const result = parseWeightedTardiness('1 2 3\n4 5 6\n7 8\n', { jobsPerInstance: 3, prefix: 'tiny' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('truncated');
    expect(result.error.message).toContain('line 3');
    expect(result.error.message).toContain('due date of job 3 of instance 1');
  });

  it('reads several small instances back to back', () => {
    const result = parseWeightedTardiness('1 2\n3 4\n5 6\n7 8 9 10 11 12\n', {
      jobsPerInstance: 2,
      prefix: 't',
    });
    expect(result.ok && result.value.map((i) => i.name)).toEqual(['t-1', 't-2']);
    expect(result.ok && result.value[1].jobs[1]).toEqual({ processingTime: 8, weight: 10, dueDate: 12 });
  });

  it('rejects words, fractions and empty files', () => {
    const word = parseWeightedTardiness('1 2\nx 4\n5 6\n', { jobsPerInstance: 2 });
    expect(!word.ok && word.error.message).toContain('line 2');
    expect(parseWeightedTardiness('1.5 2 3 4 5 6', { jobsPerInstance: 2 }).ok).toBe(false);
    expect(parseWeightedTardiness('').ok).toBe(false);
    const optimum = parseWeightedTardinessOptima('913\n12 13\n');
    expect(!optimum.ok && optimum.error.message).toContain('line 2');
    expect(parseWeightedTardinessOptima('\n\n').ok).toBe(false);
  });
});
