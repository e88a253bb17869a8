/**
 * The dates the plan knows for a project's phases, pure: design from its engineering
 * operations, approval from the design's end and the customer's approval time, procurement
 * from the purchases pegged to the line (ordered once the design is approved), production from
 * the other operations of the line's jobs, delivery from the line's promise (planned to P90).
 * The specification is people's dates only. Actual times count where the floor booked them.
 */
import type { LinePromise } from '../sales/tables';

export interface ScheduledRange {
  start: string;
  end: string;
}

export interface PlannedOperation {
  number: string;
  plannedStart: Date | null;
  plannedEnd: Date | null;
  actualStart: Date | null;
  actualEnd: Date | null;
}

const DAY_MS = 86_400_000;

function span(ops: PlannedOperation[]): { start: number; end: number } | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const op of ops) {
    const s = op.actualStart ?? op.plannedStart;
    const e = op.actualEnd ?? op.plannedEnd;
    if (s) start = Math.min(start, s.getTime());
    if (e) end = Math.max(end, e.getTime());
  }
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : null;
}

const range = (r: { start: number; end: number } | null): ScheduledRange | null =>
  r
    ? { start: new Date(r.start).toISOString(), end: new Date(Math.max(r.start, r.end)).toISOString() }
    : null;

export function scheduledPhases(input: {
  taskNumbers: Set<string>;
  operations: PlannedOperation[];
  /** arrival of the purchases pegged to the line */
  purchaseArrivals: Date[];
  approvalDays: number;
  promise: LinePromise | null;
}): Record<
  'specification' | 'design' | 'approval' | 'procurement' | 'production' | 'delivery',
  ScheduledRange | null
> {
  const design = span(input.operations.filter((o) => input.taskNumbers.has(o.number)));
  const production = span(input.operations.filter((o) => !input.taskNumbers.has(o.number)));
  const approval = design ? { start: design.end, end: design.end + input.approvalDays * DAY_MS } : null;
  const arrivals = input.purchaseArrivals.map((d) => d.getTime());
  const procurement =
    arrivals.length > 0
      ? { start: approval?.end ?? Math.min(...arrivals), end: Math.max(...arrivals) }
      : null;
  const delivery = input.promise
    ? { start: Date.parse(input.promise.plannedAt), end: Date.parse(input.promise.p90At) }
    : null;
  return {
    specification: null,
    design: range(design),
    approval: range(approval),
    procurement: range(procurement),
    production: range(production),
    delivery: range(delivery),
  };
}
