import { describe, expect, it } from 'vitest';
import { jaccard, similarity } from './project-history';

const item = (over: Partial<Parameters<typeof similarity>[0]> = {}): Parameters<typeof similarity>[0] => ({
  id: 'a',
  number: 'SPM-1',
  name: 'Handling cell press',
  family: 'cells',
  kind: 'make',
  strategy: 'ETO',
  uom: 'pc',
  components: new Set(['robot', 'gripper', 'fence']),
  componentFamilies: new Set(['robots', 'guards']),
  ...over,
});

describe('similarity of past projects', () => {
  it('is the Jaccard index of two sets', () => {
    expect(jaccard(new Set([1, 2, 3]), new Set([2, 3, 4]))).toBe(0.5);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it('weighs family, attributes and BOM overlap, and says why', () => {
    const same = similarity(item(), item({ id: 'b' }));
    expect(same.score).toBe(1);
    expect(same.reasons).toEqual([
      'same family cells',
      'attributes 100 % alike',
      '3 common components (BOM 100 % overlap)',
    ]);
    // other family, one of three components in common, families of components alike
    const partly = similarity(
      item(),
      item({ family: 'lines', name: 'Transfer line', components: new Set(['robot', 'conveyor']) }),
    );
    expect(partly.reasons[0]).toMatch(/^attributes \d+ % alike$/);
    expect(partly.reasons).toContain('1 common components (BOM 25 % overlap)');
    // the family Jaccard (1.0) beats the item Jaccard (0.25)
    expect(partly.score).toBeGreaterThan(0.5);
    expect(partly.score).toBeLessThan(same.score);
    const unlike = similarity(
      item(),
      item({
        family: null,
        kind: 'buy',
        strategy: 'MTS',
        uom: 'kg',
        name: 'Steel',
        components: new Set(),
        componentFamilies: new Set(),
      }),
    );
    expect(unlike).toEqual({ score: 0, reasons: [] });
  });
});
