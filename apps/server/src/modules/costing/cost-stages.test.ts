import { describe, expect, it } from 'vitest';
import { type CostSources, costStages, type PegForCost } from './cost-stages';

const sources = (over: Partial<CostSources> = {}): CostSources => ({
  purchaseLines: new Map([['po-1', { quantity: 10, received: 4, unitPrice: 500 }]]),
  jobs: new Map([
    ['job-planned', { status: 'planned', quantity: 2, cost: 10_000, actualCost: 0 }],
    ['job-released', { status: 'released', quantity: 4, cost: 20_000, actualCost: 0 }],
    ['job-running', { status: 'in-progress', quantity: 4, cost: 20_000, actualCost: 8_000 }],
  ]),
  standardCost: new Map([['bolt', 25]]),
  issued: new Map(),
  ...over,
});
const peg = (
  supplyKind: PegForCost['supplyKind'],
  supplyId: string | null,
  quantity: number,
  itemId = 'x',
): PegForCost => ({
  supplyKind,
  supplyId,
  itemId,
  quantity,
});

describe('cost stages of an order line', () => {
  it('commits purchases at the ordered price and counts the received share as actual', () => {
    const stages = costStages(
      { netAmount: 10_000, preliminary: null },
      [peg('purchase-order-line', 'po-1', 5)],
      sources(),
    );
    expect(stages.committed).toEqual({ material: 2500, work: 0, total: 2500, marginPercent: 75 });
    // 4 of 10 received: 40 % of the line's 5 pieces
    expect(stages.actual.material).toBe(1000);
  });

  it('commits stock set aside at standard cost', () => {
    const stages = costStages(
      { netAmount: 1000, preliminary: null },
      [peg('stock', null, 8, 'bolt')],
      sources(),
    );
    expect(stages.committed.material).toBe(200);
    expect(stages.actual.total).toBe(0);
  });

  it('commits released work by the share of the job pegged to the line, planned work not at all', () => {
    const stages = costStages(
      { netAmount: 100_000, preliminary: null },
      [peg('job', 'job-planned', 2), peg('job', 'job-released', 1), peg('purchase-requisition', 'pr-1', 3)],
      sources(),
    );
    expect(stages.committed).toEqual({ material: 0, work: 5000, total: 5000, marginPercent: 95 });
  });

  it('counts the booked work of a job as actual, by the share pegged to the line', () => {
    const stages = costStages(
      { netAmount: 100_000, preliminary: null },
      [peg('job', 'job-running', 1)],
      sources(),
    );
    expect(stages.committed.work).toBe(5000);
    expect(stages.actual).toEqual({ material: 0, work: 2000, total: 2000, marginPercent: 98 });
  });

  it('counts material issued to its jobs as actual at standard cost, by the share pegged to the line', () => {
    const stages = costStages(
      { netAmount: 100_000, preliminary: null },
      [peg('job', 'job-running', 2, 'shaft')],
      sources({ issued: new Map([['job-running', new Map([['bolt', 40]])]]) }),
    );
    // half the job's 4 parts serve the line: 20 bolts at 25
    expect(stages.actual).toMatchObject({ material: 500, work: 4_000 });
  });

  it('counts issued material once when the line’s own received purchase or job brought it', () => {
    const stages = costStages(
      { netAmount: 100_000, preliminary: null },
      [
        peg('job', 'job-running', 4, 'shaft'),
        peg('purchase-order-line', 'po-1', 10, 'bolt'),
        peg('job', 'job-released', 4, 'blank'),
      ],
      sources({
        issued: new Map([
          [
            'job-running',
            new Map([
              ['bolt', 6],
              ['blank', 4],
            ]),
          ],
        ]),
      }),
    );
    // 4 of the 10 bolts received (at 500), 6 issued: 2 more came from stock at 25;
    // the 4 blanks are the line's own job's parts, costed by their work
    expect(stages.actual.material).toBe(4 * 500 + 2 * 25);
  });

  it('splits the preliminary estimate into material and work, with its margin', () => {
    const stages = costStages(
      { netAmount: 20_000, preliminary: { material: 6000, total: 15_000 } },
      [],
      sources(),
    );
    expect(stages.preliminary).toEqual({ material: 6000, work: 9000, total: 15_000, marginPercent: 25 });
  });

  it('has no margin at a stage with nothing in it yet', () => {
    const stages = costStages(
      { netAmount: 10_000, preliminary: null },
      [peg('purchase-requisition', 'pr-1', 3)],
      sources(),
    );
    expect(stages.committed).toEqual({ material: 0, work: 0, total: 0, marginPercent: null });
  });

  it('has no margin on a line sold for nothing', () => {
    const stages = costStages(
      { netAmount: 0, preliminary: null },
      [peg('stock', null, 8, 'bolt')],
      sources(),
    );
    expect(stages.committed.marginPercent).toBeNull();
  });
});
