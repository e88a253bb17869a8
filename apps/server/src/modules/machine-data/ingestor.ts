/**
 * Batches machine messages into transactions: a batch commits `flushMs` after its first message
 * or as soon as it holds `batchSize`, one batch at a time (what arrives during a commit waits for
 * the next, so batches grow with the load). Each message is acknowledged to the broker only after
 * the batch holding it committed, in arrival order; a message that cannot be stored (bad topic,
 * JSON or fields, a code that names no machine) is counted, logged and acknowledged with its
 * batch, never thrown. A batch that fails (the database is away) is retried, never acknowledged
 * before it is stored: after a crash the broker redelivers it and the event ids make that a no-op.
 * A batch the database refuses for what it holds (SQLSTATE class 22 or 23: a NUL in an id, a date
 * it cannot hold) would fail the same way forever and hold back every machine behind it: it is
 * halved until the refused messages stand alone, the rest is stored, and each refused message is
 * set aside in `machine_event_rejects` with the database's error, then acknowledged.
 */
import { findPgError, sqlState } from '../../platform/db/pg-error';
import type { BusLogger, BusMessage } from '../../platform/machine-data-bus';
import { type MachineEvent, parseMachineMessage } from './machine-message';
import type { IngestOutcome, MachineDataService } from './service';

export interface IngestorOptions {
  flushMs: number;
  batchSize: number;
  /** received but not committed beyond this holds back the broker (default 4 batches) */
  maxPending?: number;
  log: BusLogger;
  /** called after each commit (the benchmark measures latency with it) */
  onCommitted?(events: readonly MachineEvent[], committedAt: number, outcome: IngestOutcome): void;
}

interface Entry {
  event: MachineEvent | null;
  message: BusMessage;
  arrivedAt: number;
}

const LOG_EVERY_MS = 10_000;

export class MachineDataIngestor {
  private buffer: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;
  private waiting: (() => void)[] = [];
  private closed = false;
  private readonly maxPending: number;
  private readonly unknownCodesLogged = new Set<string>();
  private lastRejectLog = Number.NEGATIVE_INFINITY;
  private rejectsSinceLog = 0;

  constructor(
    private readonly service: MachineDataService,
    private readonly options: IngestorOptions,
  ) {
    this.maxPending = options.maxPending ?? options.batchSize * 4;
  }

  get pending(): number {
    return this.buffer.length;
  }

  /** Takes one message; the returned promise (when the buffer is full) holds back the next. */
  accept(message: BusMessage): void | Promise<void> {
    if (this.closed) return; // not acknowledged: the broker delivers it again to the next session
    const statistics = this.service.statistics;
    statistics.received += 1;
    const parsed = parseMachineMessage(message.topic, message.payload);
    if (!parsed.ok) {
      statistics.rejected += 1;
      this.logRejected(parsed.reason);
    }
    this.buffer.push({ event: parsed.ok ? parsed.event : null, message, arrivedAt: Date.now() });
    this.schedule();
    if (this.buffer.length >= this.maxPending) return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Commits everything received so far. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length > 0) {
      this.flushing = this.drain(true);
      await this.flushing;
    }
  }

  /** Stops taking messages and commits (and acknowledges) what it holds. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private schedule(): void {
    if (this.flushing || this.buffer.length === 0) return;
    const due = this.buffer[0].arrivedAt + this.options.flushMs - Date.now();
    if (this.buffer.length >= this.options.batchSize || due <= 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flushing = this.drain(false);
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, due);
    }
  }

  private async drain(all: boolean): Promise<void> {
    try {
      while (this.buffer.length > 0) {
        const due = this.buffer[0].arrivedAt + this.options.flushMs <= Date.now();
        if (!all && !due && this.buffer.length < this.options.batchSize) break;
        const batch = this.buffer.splice(0, this.options.batchSize);
        await this.commit(batch);
        if (this.buffer.length < this.maxPending) for (const resolve of this.waiting.splice(0)) resolve();
      }
    } finally {
      this.flushing = null;
      if (!this.closed) this.schedule();
    }
  }

  private async commit(batch: Entry[]): Promise<void> {
    if (!(await this.store(batch))) return; // closing gave up: the broker redelivers the batch
    for (const entry of batch) entry.message.ack();
  }

  /**
   * Stores the events of `entries` in one transaction, retrying while the database is away;
   * false when the ingestor closed before it could. A refusal caused by the data splits the
   * entries in halves, down to the single message that is set aside.
   */
  private async store(entries: Entry[]): Promise<boolean> {
    const events: MachineEvent[] = [];
    for (const entry of entries) if (entry.event) events.push(entry.event);
    for (let attempt = 0; ; attempt++) {
      try {
        const started = performance.now();
        const outcome = events.length
          ? await this.service.ingest(events)
          : { inserted: 0, duplicates: 0, unknownMachines: 0, unknownCodes: [] };
        const committedAt = Date.now();
        this.record(outcome, events, committedAt, performance.now() - started);
        this.options.onCommitted?.(events, committedAt, outcome);
        return true;
      } catch (error) {
        this.service.forgetCaches();
        if (refusedForItsData(error)) {
          if (entries.length === 1) return this.setAside(entries[0], error);
          const half = Math.ceil(entries.length / 2);
          return (await this.store(entries.slice(0, half))) && (await this.store(entries.slice(half)));
        }
        if (!(await this.retryAfter(error, attempt, events.length))) return false;
      }
    }
  }

  private async setAside(entry: Entry, refusal: unknown): Promise<boolean> {
    const reason = findPgError(refusal)?.message ?? String(refusal);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.service.setAside(entry.message.topic, entry.message.payload, reason);
        this.service.statistics.setAside += 1;
        this.options.log.warn(
          { topic: entry.message.topic, reason },
          `machine data: the database refused a message of ${entry.message.topic} (${reason}); it is kept in machine_event_rejects and the rest of its batch was stored`,
        );
        return true;
      } catch (error) {
        if (!(await this.retryAfter(error, attempt, 1))) return false;
      }
    }
  }

  /** Logs a failed attempt and waits before the next; false when closing gives up instead. */
  private async retryAfter(error: unknown, attempt: number, events: number): Promise<boolean> {
    const wait = Math.min(5_000, 100 * 2 ** attempt);
    this.options.log.error(
      { err: error, events, attempt: attempt + 1, retryInMs: wait },
      'machine data: storing a batch failed; it is retried and acknowledged only once stored',
    );
    if (this.closed && attempt >= 2) return false;
    await new Promise((resolve) => setTimeout(resolve, wait));
    return true;
  }

  private record(outcome: IngestOutcome, events: MachineEvent[], committedAt: number, ms: number): void {
    const statistics = this.service.statistics;
    statistics.inserted += outcome.inserted;
    statistics.duplicates += outcome.duplicates;
    statistics.unknownMachines += outcome.unknownMachines;
    statistics.batches += 1;
    statistics.lastFlush = {
      at: new Date(committedAt).toISOString(),
      events: events.length,
      milliseconds: Math.round(ms * 10) / 10,
    };
    statistics.recordLatencies(
      events.map((e) => e.at),
      committedAt,
    );
    for (const code of outcome.unknownCodes) {
      if (this.unknownCodesLogged.has(code) || this.unknownCodesLogged.size >= 1000) continue;
      this.unknownCodesLogged.add(code);
      this.options.log.warn(
        { machineCode: code },
        `machine data: ${code} names no machine (no active work center of that code); its events are counted and dropped`,
      );
    }
  }

  private logRejected(reason: string): void {
    this.rejectsSinceLog += 1;
    const now = Date.now();
    if (now - this.lastRejectLog < LOG_EVERY_MS) return;
    this.options.log.warn(
      { rejected: this.rejectsSinceLog, example: reason },
      `machine data: rejected ${this.rejectsSinceLog} message(s) since the last report, e.g. ${reason}`,
    );
    this.lastRejectLog = now;
    this.rejectsSinceLog = 0;
  }
}

/**
 * Whether PostgreSQL refused the statement for the data it carried (SQLSTATE class 22 data
 * exception, 23 integrity constraint violation), so the same events fail again however often they
 * are retried; a connection, lock or resource error (any other class, or none) is worth a retry.
 */
export function refusedForItsData(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}
