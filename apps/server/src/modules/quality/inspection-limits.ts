/**
 * The limits of an inspection characteristic: a measured value passes when it lies within them,
 * both ends included; a missing limit does not bound that side. A plan is sound when it has at
 * least one limit and lower ≤ nominal ≤ upper. Pure.
 */
import type { FieldIssue } from '../../platform/errors';

export interface Limits {
  nominal: number | null;
  lowerLimit: number | null;
  upperLimit: number | null;
}

export function passes(value: number, limits: Limits): boolean {
  return (
    (limits.lowerLimit === null || value >= limits.lowerLimit) &&
    (limits.upperLimit === null || value <= limits.upperLimit)
  );
}

/** What is wrong with these limits, naming the field; empty when they are sound. */
export function limitIssues(limits: Limits): FieldIssue[] {
  const { nominal, lowerLimit: lower, upperLimit: upper } = limits;
  if (lower === null && upper === null)
    return [
      {
        field: 'lowerLimit',
        rule: 'required',
        message: 'give a lower or an upper limit (or both): without one nothing can fail',
      },
    ];
  if (lower !== null && upper !== null && lower > upper)
    return [
      {
        field: 'upperLimit',
        rule: 'min',
        message: `the upper limit ${upper} is below the lower limit ${lower}`,
      },
    ];
  if (nominal !== null && lower !== null && nominal < lower)
    return [
      {
        field: 'nominal',
        rule: 'within-limits',
        message: `the nominal ${nominal} is below the lower limit ${lower}`,
      },
    ];
  if (nominal !== null && upper !== null && nominal > upper)
    return [
      {
        field: 'nominal',
        rule: 'within-limits',
        message: `the nominal ${nominal} is above the upper limit ${upper}`,
      },
    ];
  return [];
}
