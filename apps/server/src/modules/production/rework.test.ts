import { describe, expect, it } from 'vitest';
import { madeQuantity, reworkedOperationNumber } from './rework';

const op = (number: string, predecessors: string[], good: number, rework = false) => ({
  number,
  predecessors,
  good,
  rework,
});

describe('rework operations', () => {
  it('count on from the operation they rework', () => {
    expect(reworkedOperationNumber('090R1')).toBe('090');
    expect(reworkedOperationNumber('090R12')).toBe('090');
    expect(reworkedOperationNumber('090')).toBe('090');
  });

  it('give the parts of a final operation back to the job’s output', () => {
    // 10 made, 2 failed final inspection and were reworked
    const ops = [op('010', [], 10), op('090', ['010'], 8), op('090R1', ['090'], 2, true)];
    expect(madeQuantity(ops)).toBe(10);
  });

  it('leave a rework in the middle to the operations after it', () => {
    const ops = [op('010', [], 8), op('010R1', ['010'], 2, true), op('020', ['010'], 10)];
    expect(madeQuantity(ops)).toBe(10);
  });

  it('take the least of parallel final operations', () => {
    const ops = [op('010', [], 4), op('020', [], 3), op('020R1', ['020'], 1, true)];
    expect(madeQuantity(ops)).toBe(4);
  });
});
