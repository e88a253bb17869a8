/**
 * Counters of one server process's machine-data ingestion, and the event-to-database latency of
 * the recent events (machine timestamp to committed) in a fixed ring of samples.
 */

const SAMPLES = 32_768;

export interface FlushRecord {
  at: string;
  events: number;
  milliseconds: number;
}

export class IngestionStatistics {
  received = 0;
  inserted = 0;
  duplicates = 0;
  rejected = 0;
  unknownMachines = 0;
  /** messages the database refused on their own, kept in machine_event_rejects */
  setAside = 0;
  batches = 0;
  lastFlush: FlushRecord | null = null;
  private readonly latencies = new Float64Array(SAMPLES);
  private samples = 0;

  /** Latency of each event of a committed batch, from its machine timestamp. */
  recordLatencies(machineTimes: readonly number[], committedAt: number): void {
    for (const at of machineTimes) {
      this.latencies[this.samples % SAMPLES] = committedAt - at;
      this.samples += 1;
    }
  }

  latency(): { p50: number; p99: number; max: number; samples: number } | null {
    const n = Math.min(this.samples, SAMPLES);
    if (n === 0) return null;
    const sorted = this.latencies.slice(0, n).sort();
    const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))];
    return { p50: at(0.5), p99: at(0.99), max: sorted[n - 1], samples: n };
  }
}
