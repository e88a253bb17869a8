import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBounds } from './bounds';
import {
  type FlexibleJobShopInstance,
  flexibleJobShopToProblem,
  parseFlexibleJobShop,
} from './flexible-jobshop';

const folder = resolve(import.meta.dirname, '../../../../../shared/bench/flexible-jobshop');
const read = (file: string) => readFileSync(resolve(folder, file), 'utf8');

function parsed(name: string): FlexibleJobShopInstance {
  const result = parseFlexibleJobShop(read(`${name}.txt`), name);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parseFlexibleJobShop on the Brandimarte instances', () => {
  it('reads mk01 with its alternatives, machines renumbered from 0', () => {
    const mk01 = parsed('mk01');
    expect(mk01.machineCount).toBe(6);
    expect(mk01.averageAlternatives).toBe(2);
    expect(mk01.jobs).toHaveLength(10);
    expect(mk01.jobs[0]).toHaveLength(6);
    expect(mk01.jobs[0][0]).toEqual([
      { machine: 0, duration: 5 },
      { machine: 2, duration: 4 },
    ]);
    expect(mk01.jobs[0][1]).toEqual([
      { machine: 4, duration: 3 },
      { machine: 2, duration: 5 },
      { machine: 1, duration: 1 },
    ]);
  });

  it('reads mk01–mk10 with the sizes bounds.tsv gives', () => {
    const bounds = parseBounds(read('bounds.tsv'));
    if (!bounds.ok) throw new Error(bounds.error.message);
    const files = readdirSync(folder).filter((f) => /^mk\d+\.txt$/.test(f));
    expect(files).toHaveLength(10);
    for (const file of files) {
      const name = file.replace(/\.txt$/, '');
      const instance = parsed(name);
      expect(`${instance.jobs.length}x${instance.machineCount}`, name).toBe(
        bounds.value.get(name)?.columns.size_jobs_x_machines,
      );
      const alternatives = instance.jobs.flat().map((op) => op.length);
      const average = alternatives.reduce((a, b) => a + b, 0) / alternatives.length;
      // the header's average is rounded by the instance's author; it must be close to the data
      expect(Math.abs(average - instance.averageAlternatives), name).toBeLessThan(1);
    }
  });
});

describe('flexibleJobShopToProblem', () => {
  it('gives each operation one mode per alternative machine, chained per job, makespan', () => {
    const problem = flexibleJobShopToProblem(parsed('mk01'));
    expect(problem.machines).toHaveLength(6);
    expect(problem.objective).toBe('makespan');
    expect(problem.operations).toHaveLength(55);
    expect(problem.operations[0]).toEqual({
      id: 'J0.0',
      jobId: 'J0',
      modes: [
        { machineId: 'M0', duration: 5 },
        { machineId: 'M2', duration: 4 },
      ],
    });
    expect(problem.precedences).toContainEqual({ before: 'J0.4', after: 'J0.5' });
    expect(problem.precedences).toHaveLength(55 - 10);
  });
});

describe('parseFlexibleJobShop on malformed text', () => {
  const error = (text: string) => {
    const result = parseFlexibleJobShop(text);
    if (result.ok) throw new Error('expected a failure');
    return result.error;
  };

  it('names the line of a machine numbered 0 or above the machine count', () => {
    const zero = error('1 2 1\n1 1 0 5\n');
    expect(zero.code).toBe('machine-out-of-range');
    expect(zero.message).toContain('line 2');
    expect(error('1 2 1\n1 1 3 5\n').code).toBe('machine-out-of-range');
  });

  it('names the line of an incomplete operation and of numbers left over', () => {
    const short = error('2 2 1\n1 1 1 5\n2 1 1 5 2 1\n');
    expect(short.code).toBe('truncated');
    expect(short.message).toContain('line 3');
    const extra = error('1 2 1\n1 1 1 5 7\n');
    expect(extra.code).toBe('trailing-data');
    expect(extra.message).toContain('line 2');
  });

  it('rejects an operation without machines, a job without operations and a bad header', () => {
    expect(error('1 2 1\n1 0\n').code).toBe('operation');
    expect(error('1 2 1\n0\n').code).toBe('job');
    expect(error('1\n1 1 1 5\n').code).toBe('header');
    expect(error('').code).toBe('empty');
    expect(error('2 2 1\n1 1 1 5\n').code).toBe('truncated');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof parseFlexibleJobShop(text).ok).toBe('boolean');
      }),
    );
  });
});

describe('parseFlexibleJobShop reads what the format writes', () => {
  it('round-trips any instance written as Brandimarte text', () => {
    const instance = fc.integer({ min: 1, max: 5 }).chain((machineCount) =>
      fc.record({
        machineCount: fc.constant(machineCount),
        jobs: fc.array(
          fc.array(
            fc.array(
              fc.record({ machine: fc.integer({ min: 0, max: machineCount - 1 }), duration: fc.nat(99) }),
              {
                minLength: 1,
                maxLength: 3,
              },
            ),
            { minLength: 1, maxLength: 5 },
          ),
          { minLength: 1, maxLength: 5 },
        ),
      }),
    );
    fc.assert(
      fc.property(instance, ({ machineCount, jobs }) => {
        const text = [
          `${jobs.length}\t${machineCount}\t1.5`,
          ...jobs.map(
            (ops) =>
              `${ops.length}  ${ops.map((alts) => `${alts.length} ${alts.map((a) => `${a.machine + 1} ${a.duration}`).join(' ')}`).join(' ')}`,
          ),
        ].join('\n');
        expect(parseFlexibleJobShop(text, 'g')).toEqual({
          ok: true,
          value: { name: 'g', machineCount, averageAlternatives: 1.5, jobs },
        });
      }),
    );
  });
});
