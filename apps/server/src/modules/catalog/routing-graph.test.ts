import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../platform/errors';
import { resolveOperationGraph } from './routing-graph';

const numberOf = (i: number) => String((i + 1) * 10).padStart(3, '0');

/** Operations 010, 020, … each with some earlier operations as predecessors (a DAG). */
const acyclicRouting = fc
  .array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 12 })
  .map((lists) =>
    lists.map((picks, i) => ({
      number: numberOf(i),
      predecessors: i === 0 ? [] : [...new Set(picks.map((p) => numberOf(p % i)))],
    })),
  );

describe('the operation graph of a routing', () => {
  it('is a chain when no predecessors are given', () => {
    expect(
      resolveOperationGraph(['010', '020', '030'].map((number) => ({ number, predecessors: null }))),
    ).toEqual([[], ['010'], ['020']]);
  });

  it('accepts every graph whose arcs point to earlier operations', () => {
    fc.assert(
      fc.property(acyclicRouting, (operations) => {
        expect(resolveOperationGraph(operations)).toEqual(operations.map((o) => o.predecessors));
      }),
    );
  });

  it('rejects a graph with a back arc, naming a closed path that follows its arcs', () => {
    fc.assert(
      fc.property(acyclicRouting, (operations) => {
        if (operations.length < 2) return;
        const last = operations.at(-1)!;
        // make the last operation come after the first, and the first after the last
        const cyclic = operations.map((o, i) =>
          i === 0
            ? { ...o, predecessors: [last.number] }
            : i === operations.length - 1
              ? { ...o, predecessors: [...new Set([...o.predecessors, '010'])] }
              : o,
        );
        let error: unknown;
        try {
          resolveOperationGraph(cyclic);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RuleViolationError);
        const cycle = (error as RuleViolationError).extra.cycle as string[];
        expect(cycle[0]).toBe(cycle.at(-1));
        const predecessorsOf = new Map(cyclic.map((o) => [o.number, o.predecessors]));
        // each operation on the path is a predecessor of the next one
        for (let k = 1; k < cycle.length; k++) expect(predecessorsOf.get(cycle[k])).toContain(cycle[k - 1]);
      }),
    );
  });
});
