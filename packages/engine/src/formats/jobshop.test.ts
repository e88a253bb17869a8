import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBounds } from './bounds';
import { type JobShopInstance, jobShopToProblem, parseJobShop } from './jobshop';

const folder = resolve(import.meta.dirname, '../../../../../shared/bench/jobshop');
const read = (file: string) => readFileSync(resolve(folder, file), 'utf8');

function parsed(name: string): JobShopInstance {
  const result = parseJobShop(read(`${name}.txt`), name);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parseJobShop on the public instances', () => {
  it('reads Taillard ta01 as 15 jobs × 15 machines, operations in routing order', () => {
    const ta01 = parsed('ta01');
    expect(ta01.name).toBe('ta01');
    expect(ta01.machineCount).toBe(15);
    expect(ta01.jobs).toHaveLength(15);
    expect(ta01.jobs[0].slice(0, 2)).toEqual([
      { machine: 6, duration: 94 },
      { machine: 12, duration: 66 },
    ]);
    expect(ta01.jobs[14].at(-1)).toEqual({ machine: 5, duration: 97 });
  });

  it('skips the # comment lines of ft06', () => {
    const ft06 = parsed('ft06');
    expect(ft06.machineCount).toBe(6);
    expect(ft06.jobs[0]).toEqual([
      { machine: 2, duration: 1 },
      { machine: 0, duration: 3 },
      { machine: 1, duration: 6 },
      { machine: 3, duration: 7 },
      { machine: 5, duration: 3 },
      { machine: 4, duration: 6 },
    ]);
  });

  it('reads every instance of the folder with the size bounds.tsv gives, each job visiting each machine once', () => {
    const bounds = parseBounds(read('bounds.tsv'));
    if (!bounds.ok) throw new Error(bounds.error.message);
    const files = readdirSync(folder).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThanOrEqual(82);
    for (const file of files) {
      const name = file.replace(/\.txt$/, '');
      const instance = parsed(name);
      const row = bounds.value.get(name);
      expect(row, name).toBeDefined();
      expect(instance.jobs.length, name).toBe(Number(row?.columns.jobs));
      expect(instance.machineCount, name).toBe(Number(row?.columns.machines));
      for (const job of instance.jobs) {
        expect(job.map((op) => op.machine).sort((a, b) => a - b)).toEqual(
          Array.from({ length: instance.machineCount }, (_, m) => m),
        );
      }
    }
  });
});

describe('jobShopToProblem', () => {
  it('makes one machine per machine, one mode per operation, a precedence chain per job, makespan, no calendars', () => {
    const la01 = parsed('la01');
    const problem = jobShopToProblem(la01);
    expect(problem.machines.map((m) => m.id)).toEqual(['M0', 'M1', 'M2', 'M3', 'M4']);
    expect(problem.machines.every((m) => m.calendarId === undefined && m.setupMatrixId === undefined)).toBe(
      true,
    );
    expect(problem.calendars ?? []).toEqual([]);
    expect(problem.objective).toBe('makespan');
    expect(problem.jobs).toHaveLength(10);
    expect(problem.operations).toHaveLength(50);
    expect(problem.operations.every((op) => op.modes.length === 1)).toBe(true);
    expect(problem.operations[0]).toEqual({
      id: 'J0.0',
      jobId: 'J0',
      modes: [{ machineId: 'M1', duration: 21 }],
    });
    expect(problem.precedences).toHaveLength(10 * 4);
    expect(problem.precedences.slice(0, 2)).toEqual([
      { before: 'J0.0', after: 'J0.1' },
      { before: 'J0.1', after: 'J0.2' },
    ]);
  });
});

describe('parseJobShop on malformed text', () => {
  const error = (text: string) => {
    const result = parseJobShop(text);
    if (result.ok) throw new Error('expected a failure');
    return result.error;
  };

  it('names the line of a machine outside the header range, counting comment lines', () => {
    const e = error('# two jobs\n2 2\n0 5 1 4\n0 5 9 4\n');
    expect(e.code).toBe('machine-out-of-range');
    expect(e.message).toContain('line 4');
  });

  it('rejects a job line with an odd count of numbers', () => {
    const e = error('1 2\n0 5 1\n');
    expect(e.code).toBe('job');
    expect(e.message).toContain('line 2');
  });

  it('rejects a word where a number belongs', () => {
    const e = error('1 2\n0 5 1 x\n');
    expect(e.code).toBe('not-a-number');
    expect(e.message).toContain('line 2');
  });

  it('rejects negative or fractional durations', () => {
    expect(error('1 2\n0 5 1 -4\n').code).toBe('not-a-count');
    expect(error('1 2\n0 5 1 4.5\n').code).toBe('not-a-count');
  });

  it('rejects an empty file, a bad header, missing and extra job lines', () => {
    expect(error('').code).toBe('empty');
    expect(error('# only a comment\n').code).toBe('empty');
    expect(error('2 2 7\n0 1 1 1\n0 1 1 1\n').code).toBe('header');
    expect(error('0 2\n').code).toBe('header');
    const missing = error('3 2\n0 1 1 1\n0 1 1 1\n');
    expect(missing.code).toBe('truncated');
    expect(missing.message).toContain('3 jobs');
    const extra = error('1 2\n0 1 1 1\n0 1 1 1\n');
    expect(extra.code).toBe('trailing-data');
    expect(extra.message).toContain('line 3');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseJobShop(text);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

describe('parseJobShop reads what the format writes', () => {
  it('round-trips any instance written as JSPLIB text', () => {
    const instance = fc.integer({ min: 1, max: 6 }).chain((machineCount) =>
      fc.record({
        machineCount: fc.constant(machineCount),
        jobs: fc.array(
          fc.array(
            fc.record({ machine: fc.integer({ min: 0, max: machineCount - 1 }), duration: fc.nat(99) }),
            { minLength: 1, maxLength: 8 },
          ),
          { minLength: 1, maxLength: 8 },
        ),
      }),
    );
    fc.assert(
      fc.property(instance, ({ machineCount, jobs }) => {
        const text = [
          '# generated',
          `${jobs.length} ${machineCount}`,
          ...jobs.map((job) => job.map((op) => ` ${op.machine} ${op.duration}`).join('')),
        ].join('\n');
        expect(parseJobShop(text, 'g')).toEqual({ ok: true, value: { name: 'g', machineCount, jobs } });
      }),
    );
  });
});
