import { describe, expect, it } from 'vitest';
import { limitIssues, passes } from './inspection-limits';

const limits = (lowerLimit: number | null, nominal: number | null, upperLimit: number | null) => ({
  lowerLimit,
  nominal,
  upperLimit,
});

describe('inspection limits', () => {
  it('passes a value within the limits, both ends included', () => {
    const diameter = limits(59.97, 59.985, 60);
    expect(passes(59.97, diameter)).toBe(true);
    expect(passes(59.985, diameter)).toBe(true);
    expect(passes(60, diameter)).toBe(true);
    expect(passes(59.969, diameter)).toBe(false);
    expect(passes(60.001, diameter)).toBe(false);
  });

  it('bounds only the side that has a limit', () => {
    const roughness = limits(null, null, 0.4);
    expect(passes(-5, roughness)).toBe(true);
    expect(passes(0.41, roughness)).toBe(false);
    const torque = limits(430, null, null);
    expect(passes(10_000, torque)).toBe(true);
    expect(passes(429.9, torque)).toBe(false);
  });

  it('needs at least one limit', () => {
    expect(limitIssues(limits(null, 5, null))).toEqual([
      expect.objectContaining({ field: 'lowerLimit', rule: 'required' }),
    ]);
  });

  it('needs lower ≤ nominal ≤ upper, naming the field out of order', () => {
    expect(limitIssues(limits(2, null, 1))[0]).toMatchObject({ field: 'upperLimit', rule: 'min' });
    expect(limitIssues(limits(1, 0.5, 2))[0]).toMatchObject({ field: 'nominal', rule: 'within-limits' });
    expect(limitIssues(limits(1, 2.5, 2))[0]).toMatchObject({ field: 'nominal', rule: 'within-limits' });
    expect(limitIssues(limits(null, 3, 2))[0]).toMatchObject({ field: 'nominal' });
    expect(limitIssues(limits(1, 1, 1))).toEqual([]);
    expect(limitIssues(limits(null, 0, 0.02))).toEqual([]);
  });
});
