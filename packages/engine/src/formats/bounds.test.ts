import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BestKnown, parseBounds } from './bounds';

const bench = resolve(import.meta.dirname, '../../../../../shared/bench');

function bounds(folder: string): Map<string, BestKnown> {
  const result = parseBounds(readFileSync(resolve(bench, folder, 'bounds.tsv'), 'utf8'));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parseBounds on the shared bounds files', () => {
  it('reads job-shop bounds, proven optima and open instances', () => {
    const jobshop = bounds('jobshop');
    expect(jobshop.size).toBeGreaterThanOrEqual(82);
    expect(jobshop.get('ft10')).toMatchObject({ instance: 'ft10', lb: 930, ub: 930, optimal: true });
    expect(jobshop.get('ta40')).toMatchObject({ lb: 1658, ub: 1669, optimal: false });
    expect(jobshop.get('ta01')?.columns.jobs).toBe('15');
  });

  it('reads flexible job-shop bounds', () => {
    const fjsp = bounds('flexible-jobshop');
    expect(fjsp.size).toBe(10);
    expect(fjsp.get('mk10')).toMatchObject({ lb: 189, ub: 193, optimal: false });
    expect(fjsp.get('mk01')).toMatchObject({ ub: 40, optimal: true });
  });

  it('reads the setup flow shop best known values as ub, names without .txt, and keeps published solver results', () => {
    const sdst = bounds('setup-flowshop');
    expect(sdst.size).toBe(40);
    const row = sdst.get('241');
    expect(row).toMatchObject({ instance: '241', ub: 1891, optimal: false });
    expect(row?.lb).toBeUndefined();
    expect(row?.columns.cpo_900s_obj).toBe('2008');
    expect(row?.columns.ortools_900s_obj).toBe('1961');
  });
});

describe('parseBounds on malformed text', () => {
  it('needs an instance and an upper bound column', () => {
    const result = parseBounds('# c\ninstance\tlb\nx\t3\n');
    expect(!result.ok && result.error.code).toBe('header');
    expect(!result.ok && result.error.message).toContain('line 2');
  });

  it('names the line of a bound that is not a number or a row that is short', () => {
    const bad = parseBounds('instance\tub\na\t10\nb\tten\n');
    expect(!bad.ok && bad.error.message).toContain('line 3');
    const short = parseBounds('instance\tlb\tub\na\t10\n');
    expect(!short.ok && short.error.code).toBe('row');
    expect(parseBounds('instance\tub\na\t1\na\t2\n').ok).toBe(false);
    expect(parseBounds('# nothing\n').ok).toBe(false);
  });
});
