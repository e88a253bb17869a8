/**
 * Stops from a machine's state changes: a machine is stopped while it is down, or idle while an
 * operation is running on it (waiting for material, an operator, a crane: lost time all the
 * same). Setup is not a stop (it is measured as setup). A stop opens at the change into a
 * stopped state and closes at the first change out of it; closed shorter than the micro-stop
 * threshold it is a micro-stop. One machine has at most one open stop, whoever opened it.
 *
 * Pure: the caller reads the machine's state and open stop, passes the new state events of one
 * batch in machine-time order, and writes the plan. Events older than the machine's current
 * state are history (stored, not replayed into stops).
 */
import type { MachineState } from '@takt/contracts';

export type RecordedState = MachineState | 'unknown';

export interface MachineBefore {
  state: RecordedState;
  /** when the current state began, epoch ms */
  since: number | null;
  openStop: { id: string; startedAt: number } | null;
}

export interface StateChange {
  eventId: string;
  state: MachineState;
  at: number;
}

export interface NewStop {
  startedAt: number;
  endedAt: number | null;
  micro: boolean;
  openedByEventId: string;
}

export interface StopPlan {
  state: RecordedState;
  since: number | null;
  /** stops opened by these events (already closed when the batch also holds their end) */
  insert: NewStop[];
  /** the stop that was open before, closed now */
  close: { id: string; endedAt: number; micro: boolean } | null;
}

export function isStopped(state: RecordedState, operationRunning: boolean): boolean {
  return state === 'down' || (state === 'idle' && operationRunning);
}

export function planStops(
  before: MachineBefore,
  changes: readonly StateChange[],
  operationRunning: boolean,
  microStopMs: number,
): StopPlan {
  let { state, since } = before;
  let open: { id?: string; startedAt: number; eventId?: string } | null = before.openStop
    ? { id: before.openStop.id, startedAt: before.openStop.startedAt }
    : null;
  const plan: StopPlan = { state, since, insert: [], close: null };
  for (const change of changes) {
    if (since !== null && change.at < since) continue;
    if (change.state === state) continue;
    state = change.state;
    since = change.at;
    const stopped = isStopped(state, operationRunning);
    if (stopped && !open) {
      open = { startedAt: change.at, eventId: change.eventId };
    } else if (!stopped && open) {
      // an operator's stop starts on the server's clock; a machine's clock may lag behind it
      const endedAt = Math.max(change.at, open.startedAt);
      const micro = endedAt - open.startedAt < microStopMs;
      if (open.id) plan.close = { id: open.id, endedAt, micro };
      else if (open.eventId)
        plan.insert.push({
          startedAt: open.startedAt,
          endedAt,
          micro,
          openedByEventId: open.eventId,
        });
      open = null;
    }
  }
  if (open && !open.id && open.eventId) {
    plan.insert.push({
      startedAt: open.startedAt,
      endedAt: null,
      micro: false,
      openedByEventId: open.eventId,
    });
  }
  plan.state = state;
  plan.since = since;
  return plan;
}
