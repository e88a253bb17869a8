import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobShopToProblem, parseBounds, parseFlexibleJobShop, parseJobShop } from './jobshop';

const bench = resolve(import.meta.dirname, '../../../../../shared/bench');

describe('job-shop readers', () => {
  it('read Taillard ta01 as 15 jobs × 15 machines in routing order', () => {
    const parsed = parseJobShop(readFileSync(resolve(bench, 'jobshop/ta01.txt'), 'utf8'), 'ta01');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.jobs).toHaveLength(15);
    expect(parsed.value.jobs[0][0]).toEqual([[6, 94]]);
    const problem = jobShopToProblem(parsed.value);
    expect(problem.operations).toHaveLength(225);
    expect(problem.precedences).toHaveLength(15 * 14);
    expect(problem.objective).toBe('makespan');
  });

  it('read Brandimarte mk01 with alternatives, machines numbered from 1', () => {
    const parsed = parseFlexibleJobShop(
      readFileSync(resolve(bench, 'flexible-jobshop/mk01.txt'), 'utf8'),
      'mk01',
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.machines).toBe(6);
    expect(parsed.value.jobs[0]).toHaveLength(6);
    expect(parsed.value.jobs[0][0]).toEqual([
      [0, 5],
      [2, 4],
    ]);
  });

  it('name the line of malformed input', () => {
    const bad = parseJobShop('2 2\n0 5 1 4\n0 5 9 4\n');
    expect(!bad.ok && bad.error.message).toContain('line 3');
    const odd = parseJobShop('1 2\n0 5 1\n');
    expect(!odd.ok && odd.error.code).toBe('job');
    expect(parseJobShop('').ok).toBe(false);
  });

  it('read best-known bounds', () => {
    const bounds = parseBounds(readFileSync(resolve(bench, 'jobshop/bounds.tsv'), 'utf8'));
    expect(bounds.get('ft10')).toEqual({ lb: 930, ub: 930, optimal: true });
  });
});
