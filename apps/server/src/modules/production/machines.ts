/**
 * Machines as the shop floor addresses them: machine n (1-based) of work center `CNC` is
 * `CNC-1`, `CNC-2`, ... The planner's machine index is 0-based. One place for the mapping.
 */

export function machineCode(workCenterCode: string, machineIndex: number): string {
  return `${workCenterCode}-${machineIndex + 1}`;
}

/** The work center code and 0-based index of a machine code, or null if it is not one. */
export function parseMachineCode(code: string): { workCenterCode: string; machineIndex: number } | null {
  const match = /^(.+)-(\d+)$/.exec(code);
  if (!match) return null;
  const n = Number(match[2]);
  if (!Number.isInteger(n) || n < 1) return null;
  return { workCenterCode: match[1], machineIndex: n - 1 };
}
