import { describe, expect, it } from 'vitest';
import { lineProgress, type ProgressSources } from './order-progress';

const job = (status: string, doneMinutes: number) => ({ status, doneMinutes, totalMinutes: 100 });
const pegs = [
  { supplyKind: 'job' as const, supplyId: 'j1', quantity: 2 },
  { supplyKind: 'purchase-requisition' as const, supplyId: 'r1', quantity: 48 },
];
const sources = (status: string, doneMinutes: number): ProgressSources => ({
  purchaseLines: new Map(),
  jobs: new Map([['j1', job(status, doneMinutes)]]),
});
const percents = (progress: ReturnType<typeof lineProgress>) => progress.map((p) => p.percent);

describe('lineProgress', () => {
  it('counts material still to buy and production minutes done while the line is made', () => {
    expect(
      percents(lineProgress({ quantity: 2, shippedQuantity: 0 }, pegs, sources('in-progress', 40))),
    ).toEqual([0, 40, 0]);
  });

  it('takes the material of a line whose jobs are done as in, whatever was still to buy for them', () => {
    expect(percents(lineProgress({ quantity: 2, shippedQuantity: 0 }, pegs, sources('done', 100)))).toEqual([
      100, 100, 0,
    ]);
  });

  it('shows a shipped line done at every stage', () => {
    expect(
      percents(lineProgress({ quantity: 2, shippedQuantity: 2 }, pegs, sources('in-progress', 10))),
    ).toEqual([100, 100, 100]);
  });

  it('leaves a stage that does not apply out', () => {
    expect(percents(lineProgress({ quantity: 2, shippedQuantity: 2 }, [], sources('done', 100)))).toEqual([
      null,
      null,
      100,
    ]);
  });
});
