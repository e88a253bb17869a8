/**
 * The engineering tasks of a project as a small precedence network, checked once at the edge
 * of the service: unique numbers, predecessors that exist, no cycle. Pure.
 */
import type { FieldIssue } from '../../platform/errors';

export function engineeringTaskIssues(
  tasks: { number: string; predecessors: string[] }[],
  field: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const index = new Map<string, number>();
  tasks.forEach((t, x) => {
    if (index.has(t.number))
      issues.push({ field: `${field}.${x}.number`, rule: 'unique', message: `${t.number} appears twice` });
    else index.set(t.number, x);
  });
  tasks.forEach((t, x) => {
    for (const p of t.predecessors) {
      if (p === t.number)
        issues.push({
          field: `${field}.${x}.predecessors`,
          rule: 'no-cycle',
          message: `${t.number} waits for itself`,
        });
      else if (!index.has(p))
        issues.push({
          field: `${field}.${x}.predecessors`,
          rule: 'exists',
          message: `no task ${p} in this project`,
        });
    }
  });
  if (issues.length > 0) return issues;
  // Kahn's algorithm: what is left after peeling tasks without open predecessors is a cycle
  const open = new Map(tasks.map((t) => [t.number, new Set(t.predecessors)]));
  let progress = true;
  while (progress) {
    progress = false;
    for (const [number, before] of open)
      if (before.size === 0) {
        open.delete(number);
        for (const other of open.values()) other.delete(number);
        progress = true;
      }
  }
  for (const number of open.keys())
    issues.push({
      field: `${field}.${index.get(number)}.predecessors`,
      rule: 'no-cycle',
      message: `${number} is part of a cycle of predecessors`,
    });
  return issues;
}
