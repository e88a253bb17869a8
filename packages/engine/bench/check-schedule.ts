/**
 * An independent check of a schedule the benchmark reports: a value only counts when the
 * schedule behind it is valid. Covers what the benchmark problems use (24/7 machines, modes,
 * precedences with lags, setup matrices or fixed setups): every operation once, on one of its
 * modes' machines, for that mode's duration; precedences kept; on every machine the occupied
 * intervals [setupStart, end) do not overlap and each setup is at least what the sequence
 * requires; the reported makespan is the last end. O(n log n).
 */
import type { ScheduleProblem, ScheduleResult } from '../src/schedule/types';

export function checkSchedule(problem: ScheduleProblem, result: ScheduleResult): string[] {
  const violations: string[] = [];
  const placed = new Map(result.operations.map((op) => [op.operationId, op]));
  const matrices = new Map((problem.setupMatrices ?? []).map((matrix) => [matrix.id, matrix]));
  const machines = new Map(problem.machines.map((machine) => [machine.id, machine]));
  const family = new Map(problem.operations.map((op) => [op.id, op.family]));
  if (result.operations.length !== problem.operations.length) {
    violations.push(
      `${result.operations.length} operations scheduled, the problem has ${problem.operations.length}`,
    );
  }
  for (const op of problem.operations) {
    const at = placed.get(op.id);
    if (!at) {
      violations.push(`${op.id} is not scheduled`);
      continue;
    }
    const mode = op.modes.find((m) => m.machineId === at.machineId);
    if (!mode) violations.push(`${op.id} runs on ${at.machineId}, which is none of its modes`);
    else if (at.end - at.start !== mode.duration) {
      violations.push(`${op.id} lasts ${at.end - at.start}, its mode says ${mode.duration}`);
    }
    if (at.setupStart > at.start || at.start - at.setupStart !== at.setupMinutes) {
      violations.push(`${op.id} has an inconsistent setup interval`);
    }
  }
  for (const { before, after, lag = 0 } of problem.precedences) {
    const a = placed.get(before);
    const b = placed.get(after);
    if (a && b && b.start < a.end + lag) {
      violations.push(
        `${after} starts at ${b.start}, before ${before} ends at ${a.end}${lag ? ` + ${lag}` : ''}`,
      );
    }
  }
  const byMachine = new Map<string, typeof result.operations>();
  for (const op of result.operations)
    byMachine.set(op.machineId, [...(byMachine.get(op.machineId) ?? []), op]);
  for (const [machineId, ops] of byMachine) {
    ops.sort((a, b) => a.setupStart - b.setupStart || a.start - b.start);
    const matrix = matrices.get(machines.get(machineId)?.setupMatrixId ?? '');
    ops.forEach((op, x) => {
      const previous = ops[x - 1];
      if (previous && op.setupStart < previous.end) {
        violations.push(`${previous.operationId} and ${op.operationId} overlap on ${machineId}`);
      }
      const to = family.get(op.operationId);
      if (matrix && to !== undefined) {
        const from = previous ? family.get(previous.operationId) : undefined;
        const required =
          previous === undefined
            ? matrix.initial
            : from === to
              ? matrix.sameFamily
              : from === undefined
                ? 0
                : (matrix.minutes[from]?.[to] ?? matrix.defaultChangeover);
        if (op.setupMinutes < required) {
          violations.push(
            `${op.operationId} gets ${op.setupMinutes} setup minutes on ${machineId}, needs ${required}`,
          );
        }
      }
    });
  }
  const lastEnd = Math.max(0, ...result.operations.map((op) => op.end));
  if (result.objective.makespan !== lastEnd) {
    violations.push(`reported makespan ${result.objective.makespan}, last operation ends at ${lastEnd}`);
  }
  return violations;
}
