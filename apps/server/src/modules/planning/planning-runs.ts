/**
 * Long planning runs of this server process (a full re-plan, a scenario being computed): each
 * has a phase and a percentage that listeners (the server-sent events of
 * `GET /api/planning/runs/:id/events`) follow live, and can be cancelled. In memory on purpose:
 * a run is the work of one process's worker thread and ends with it; what it produces is
 * written to the database. A finished run stays readable for a while so a late listener still
 * gets its end.
 */
import { randomUUID } from 'node:crypto';
import type { PlanningRun, PlanningRunPhase } from '@takt/contracts';
import { DomainError, NotFoundError } from '../../platform/errors';

/** How long a finished run stays readable. */
const KEEP_FINISHED_MS = 15 * 60_000;

/** Where a phase starts and ends on the run's progress bar. */
export const PHASE_RANGE: Record<PlanningRunPhase, [number, number]> = {
  reading: [0, 10],
  mrp: [10, 25],
  scheduling: [25, 80],
  'monte-carlo': [80, 93],
  writing: [93, 99],
  finished: [100, 100],
};

export class RunCancelledError extends DomainError {
  constructor() {
    super(409, 'run-cancelled', 'Run cancelled', 'the planning run was cancelled');
  }
}

/** What the work of a run sees: report progress, learn of a cancel. */
export interface RunContext {
  readonly id: string;
  /** enters a phase (at its start) or moves within it (share 0–1 of the phase) */
  phase(phase: PlanningRunPhase, message: string, share?: number): void;
  /** throws RunCancelledError when the run was cancelled */
  checkCancelled(): void;
  readonly cancelled: boolean;
  /** called on cancel (stops a worker thread) */
  onCancel(stop: () => void | Promise<void>): void;
}

type Listener = (run: PlanningRun) => void;

interface Entry {
  run: PlanningRun;
  listeners: Set<Listener>;
  cancelled: boolean;
  stops: (() => void | Promise<void>)[];
  done: Promise<void>;
}

export class PlanningRuns {
  private readonly runs = new Map<string, Entry>();

  /**
   * Starts `work` as a run and returns at once; `work` runs in the background and its outcome
   * (value, error, cancel) ends the run. `onEnd` sees the outcome (to mark a scenario failed).
   */
  start<T extends Record<string, unknown> | undefined>(
    kind: PlanningRun['kind'],
    scenarioId: string | null,
    work: (context: RunContext) => Promise<T>,
    id: string = randomUUID(),
  ): PlanningRun {
    this.evict();
    const run: PlanningRun = {
      id,
      kind,
      scenarioId,
      status: 'running',
      phase: 'reading',
      percent: 0,
      message: 'reading the plant and the plan',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      result: null,
    };
    const entry: Entry = { run, listeners: new Set(), cancelled: false, stops: [], done: Promise.resolve() };
    this.runs.set(id, entry);
    const update = (patch: Partial<PlanningRun>) => {
      entry.run = { ...entry.run, ...patch };
      for (const listener of entry.listeners) listener(entry.run);
    };
    const context: RunContext = {
      id,
      phase(phase, message, share = 0) {
        if (entry.run.status !== 'running') return;
        const [a, b] = PHASE_RANGE[phase];
        const percent = Math.round(a + (b - a) * Math.min(1, Math.max(0, share)));
        update({ phase, message, percent: Math.max(entry.run.percent, percent) });
      },
      checkCancelled() {
        if (entry.cancelled) throw new RunCancelledError();
      },
      get cancelled() {
        return entry.cancelled;
      },
      onCancel(stop) {
        entry.stops.push(stop);
      },
    };
    entry.done = (async () => {
      try {
        const result = await work(context);
        if (entry.cancelled) throw new RunCancelledError();
        update({
          status: 'done',
          phase: 'finished',
          percent: 100,
          message: 'done',
          finishedAt: new Date().toISOString(),
          result: result ?? null,
        });
      } catch (error) {
        if (entry.cancelled || error instanceof RunCancelledError)
          update({ status: 'cancelled', message: 'cancelled', finishedAt: new Date().toISOString() });
        else
          update({
            status: 'failed',
            message: 'failed',
            error: error instanceof Error ? error.message : String(error),
            finishedAt: new Date().toISOString(),
          });
      }
    })();
    return entry.run;
  }

  get(id: string): PlanningRun {
    const entry = this.runs.get(id);
    if (!entry) throw new NotFoundError('planning run', id);
    return entry.run;
  }

  /** Runs still running, of a kind. */
  running(kind?: PlanningRun['kind']): PlanningRun[] {
    return [...this.runs.values()]
      .map((e) => e.run)
      .filter((r) => r.status === 'running' && (!kind || r.kind === kind));
  }

  /** Follows a run: the listener gets every change; returns the unsubscribe. */
  subscribe(id: string, listener: Listener): () => void {
    const entry = this.runs.get(id);
    if (!entry) throw new NotFoundError('planning run', id);
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  /** Cancels a running run (its worker thread is stopped); a finished run is left as it is. */
  async cancel(id: string): Promise<PlanningRun> {
    const entry = this.runs.get(id);
    if (!entry) throw new NotFoundError('planning run', id);
    if (entry.run.status !== 'running') return entry.run;
    entry.cancelled = true;
    await Promise.all(entry.stops.map((stop) => stop()));
    await entry.done;
    return entry.run;
  }

  /** Resolves when the run has ended (tests, shutdown). */
  async finished(id: string): Promise<PlanningRun> {
    const entry = this.runs.get(id);
    if (!entry) throw new NotFoundError('planning run', id);
    await entry.done;
    return entry.run;
  }

  /** Cancels every running run (server shutdown). */
  async cancelAll(): Promise<void> {
    await Promise.all(this.running().map((r) => this.cancel(r.id)));
  }

  private evict() {
    const now = Date.now();
    for (const [id, e] of this.runs)
      if (e.run.finishedAt && now - Date.parse(e.run.finishedAt) > KEEP_FINISHED_MS) this.runs.delete(id);
  }
}
