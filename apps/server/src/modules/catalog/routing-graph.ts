/**
 * The operation graph of a routing: predecessors default to the previous operation (a chain);
 * explicit lists make parallel branches. Rejects unknown predecessors and cycles with the path.
 */
import { type FieldIssue, RuleViolationError } from '../../platform/errors';

export interface GraphOperation {
  number: string;
  predecessors: string[] | null;
}

/** Predecessors of each operation with the chain default applied; throws on a broken graph. */
export function resolveOperationGraph(operations: GraphOperation[]): string[][] {
  const numbers = operations.map((o) => o.number);
  const issues: FieldIssue[] = [];
  numbers.forEach((n, i) => {
    if (numbers.indexOf(n) !== i)
      issues.push({
        field: `operations.${i}.number`,
        rule: 'unique',
        message: `operation ${n} appears twice`,
      });
  });
  // with a number given twice, predecessors cannot be read: report the duplicates alone
  if (issues.length) throw new RuleViolationError(issues.map((x) => x.message).join('; '), issues);
  const resolved = operations.map((o, i) =>
    o.predecessors === null ? (i > 0 ? [numbers[i - 1]] : []) : o.predecessors,
  );
  resolved.forEach((preds, i) => {
    preds.forEach((p, j) => {
      if (!numbers.includes(p))
        issues.push({
          field: `operations.${i}.predecessors.${j}`,
          rule: 'reference',
          message: `operation ${p} is not in this routing`,
        });
      if (p === numbers[i])
        issues.push({
          field: `operations.${i}.predecessors.${j}`,
          rule: 'no-cycle',
          message: `operation ${p} cannot precede itself`,
        });
    });
  });
  if (issues.length) throw new RuleViolationError(issues.map((x) => x.message).join('; '), issues);
  const cycle = findCycle(numbers, resolved);
  if (cycle) {
    const path = cycle.join(' → ');
    throw new RuleViolationError(
      `the operations form a cycle: ${path}`,
      [{ field: 'operations', rule: 'no-cycle', message: path }],
      { cycle },
    );
  }
  return resolved;
}

/** Depth-first search over predecessor arcs; returns the numbers along a cycle (first = last). */
function findCycle(numbers: string[], predecessors: string[][]): string[] | undefined {
  const index = new Map(numbers.map((n, i) => [n, i]));
  const state = new Uint8Array(numbers.length); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const visit = (i: number): string[] | undefined => {
    state[i] = 1;
    stack.push(i);
    for (const p of predecessors[i]) {
      const j = index.get(p)!;
      if (state[j] === 1) {
        const cycle = stack.slice(stack.indexOf(j)).map((k) => numbers[k]);
        return [...cycle, numbers[j]].reverse();
      }
      if (state[j] === 0) {
        const found = visit(j);
        if (found) return found;
      }
    }
    stack.pop();
    state[i] = 2;
    return undefined;
  };
  for (let i = 0; i < numbers.length; i++) {
    if (state[i] === 0) {
      const found = visit(i);
      if (found) return found;
    }
  }
  return undefined;
}
