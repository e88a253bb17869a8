import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engineeringTaskIssues } from './engineering-tasks';
import { paymentPlanIssues, paymentTransition, shareAmounts } from './payment-plan';

describe('the payment plan', () => {
  it('must add up to 100 %', () => {
    expect(paymentPlanIssues([{ percent: 30 }, { percent: 30 }, { percent: 30 }, { percent: 10 }])).toEqual(
      [],
    );
    expect(paymentPlanIssues([{ percent: 33.3333 }, { percent: 33.3333 }, { percent: 33.3334 }])).toEqual([]);
    expect(paymentPlanIssues([{ percent: 30 }, { percent: 60 }])).toMatchObject([
      { field: 'payments', rule: 'sum-100', message: expect.stringContaining('90 %') },
    ]);
  });

  it('splits the value into amounts that add up to it exactly, invoiced ones kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (value, weights) => {
          const sum = weights.reduce((s, w) => s + w, 0);
          const amounts = shareAmounts(
            value,
            weights.map((w) => ({ percent: (w / sum) * 100, locked: null })),
          );
          expect(amounts.reduce((s, a) => s + a, 0)).toBe(value);
          for (const a of amounts) expect(Number.isInteger(a)).toBe(true);
        },
      ),
    );
    expect(
      shareAmounts(1000, [
        { percent: 50, locked: 480 },
        { percent: 50, locked: null },
      ]),
    ).toEqual([480, 520]);
  });

  it('goes planned → due → invoiced → paid, never back or ahead', () => {
    expect(paymentTransition('planned', 'invoice')).toMatchObject({ ok: false });
    expect(paymentTransition('due', 'invoice')).toEqual({ ok: true, status: 'invoiced' });
    expect(paymentTransition('due', 'paid')).toMatchObject({ ok: false });
    expect(paymentTransition('invoiced', 'paid')).toEqual({ ok: true, status: 'paid' });
    expect(paymentTransition('paid', 'paid')).toMatchObject({ ok: false });
    expect(paymentTransition('paid', 'invoice')).toMatchObject({ ok: false });
  });
});

describe('engineering tasks', () => {
  it('name duplicate numbers, unknown predecessors and cycles', () => {
    expect(
      engineeringTaskIssues(
        [
          { number: 'E010', predecessors: [] },
          { number: 'E020', predecessors: ['E010'] },
        ],
        'tasks',
      ),
    ).toEqual([]);
    expect(
      engineeringTaskIssues(
        [
          { number: 'E010', predecessors: [] },
          { number: 'E010', predecessors: [] },
        ],
        'tasks',
      ),
    ).toMatchObject([{ field: 'tasks.1.number', rule: 'unique' }]);
    expect(engineeringTaskIssues([{ number: 'E010', predecessors: ['E090'] }], 't')).toMatchObject([
      { field: 't.0.predecessors', rule: 'exists' },
    ]);
    const cycle = engineeringTaskIssues(
      [
        { number: 'E010', predecessors: [] },
        { number: 'E020', predecessors: ['E010', 'E030'] },
        { number: 'E030', predecessors: ['E020'] },
      ],
      'tasks',
    );
    expect(cycle.map((i) => [i.field, i.rule])).toEqual([
      ['tasks.1.predecessors', 'no-cycle'],
      ['tasks.2.predecessors', 'no-cycle'],
    ]);
  });
});
