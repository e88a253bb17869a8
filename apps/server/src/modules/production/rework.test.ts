import { describe, expect, it } from 'vitest';
import { madeQuantity, nextUnstartedOperations, reworkedOperationNumber, runMinutesPerPiece } from './rework';

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

  it('come before the job’s next operations not yet started, looking past work under way or done', () => {
    const step = (number: string, predecessors: string[], status: string, rework = false) => ({
      number,
      predecessors,
      status,
      rework,
    });
    const ops = [
      step('010', [], 'done'),
      step('010R1', ['010'], 'released', true),
      step('020', ['010'], 'running'),
      step('030', ['020'], 'released'),
      step('040', ['010'], 'planned'),
      step('050', ['030', '040'], 'planned'),
    ];
    // 020 runs already: the reworked parts join at 030; 040 is next on the other branch; an
    // earlier rework is a side branch, and 050 follows operations that wait anyway
    expect(nextUnstartedOperations(ops, '010')).toEqual(['030', '040']);
    expect(nextUnstartedOperations(ops, '050')).toEqual([]);
  });

  it('default to the run minutes per piece of the operation they rework', () => {
    expect(runMinutesPerPiece({ runMinutes: 45, quantity: 6 })).toBe(7.5);
    expect(runMinutesPerPiece({ runMinutes: 45, quantity: 0 })).toBe(0);
  });
});
