/**
 * The payment plan's rules, pure: the shares add up to 100 % of the order value, each payment's
 * amount is its share in minor units (the last one takes the rounding rest, so the amounts add
 * up to the value exactly), and a payment goes planned → due (its milestone completed) →
 * invoiced → paid, never back.
 */
import type { FieldIssue } from '../../platform/errors';

export type PaymentStatus = 'planned' | 'due' | 'invoiced' | 'paid';

/** Shares are kept to 4 decimals; the sum must be 100 within that. */
const EPSILON = 1e-6;

export function paymentPlanIssues(payments: { percent: number }[]): FieldIssue[] {
  const total = payments.reduce((sum, p) => sum + p.percent, 0);
  if (Math.abs(total - 100) <= EPSILON) return [];
  return [
    {
      field: 'payments',
      rule: 'sum-100',
      message: `the payments add up to ${Number(total.toFixed(4))} % of the order value; they must add up to 100 %`,
    },
  ];
}

/**
 * Each payment's amount: its share of `value` in minor units, except the locked (already
 * invoiced) ones, which keep theirs; the last open one takes the rounding rest, so the amounts
 * add up to the value.
 */
export function shareAmounts(
  value: number,
  payments: { percent: number; locked: number | null }[],
): number[] {
  const amounts = payments.map((p) => p.locked ?? Math.round((value * p.percent) / 100));
  const last = payments.map((p) => p.locked === null).lastIndexOf(true);
  if (last >= 0) amounts[last] += value - amounts.reduce((s, a) => s + a, 0);
  return amounts;
}

export type PaymentStep = 'invoice' | 'paid';

/** The status after `step`, or why it may not be taken. */
export function paymentTransition(
  status: PaymentStatus,
  step: PaymentStep,
): { ok: true; status: PaymentStatus } | { ok: false; message: string } {
  if (step === 'invoice') {
    if (status === 'due') return { ok: true, status: 'invoiced' };
    if (status === 'planned')
      return { ok: false, message: 'the payment is not due yet: its milestone is not completed' };
    return { ok: false, message: `the payment is already ${status}` };
  }
  if (status === 'invoiced') return { ok: true, status: 'paid' };
  if (status === 'paid') return { ok: false, message: 'the payment is already paid' };
  return { ok: false, message: 'only an invoiced payment can be paid' };
}
