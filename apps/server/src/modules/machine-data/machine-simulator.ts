/**
 * Simulated machines for the demo and the benchmark: each machine runs, counts cycles (now and
 * then a reject), stops (mostly micro-stops, sometimes long), idles and is set up, and every tick
 * reports one message: its new state when it changed, else its count since the last tick.
 *
 * Deterministic for a seed: the same seed gives the same machines, states, cycles and event ids
 * in the same order (a second run with the same seed is recognised as a redelivery and stores
 * nothing). Only the timestamps come from the clock the caller passes.
 */
import type { MachineState } from '@takt/contracts';
import { machineCode } from '../production/machines';

export interface SimulatedMessage {
  machineCode: string;
  kind: 'state' | 'count';
  payload:
    | { eventId: string; state: MachineState; at: string }
    | { eventId: string; cycles: number; rejects: number; at: string };
}

/**
 * `count` machine codes on these work centers: their machines first, then extra machines
 * (`LATHE-4`, `MILL-3`, ...) round robin over the work centers, which ingestion accepts as
 * machines of those work centers (shown as not configured).
 */
export function simulatedMachineCodes(
  workCenters: readonly { code: string; machines: number }[],
  count: number,
): string[] {
  const codes: string[] = [];
  for (const wc of workCenters)
    for (let i = 0; i < wc.machines && codes.length < count; i++) codes.push(machineCode(wc.code, i));
  const next = workCenters.map((wc) => wc.machines);
  for (let k = 0; codes.length < count && workCenters.length > 0; k++) {
    const x = k % workCenters.length;
    codes.push(machineCode(workCenters[x].code, next[x]));
    next[x] += 1;
  }
  return codes;
}

/** mulberry32: a small, fast, seedable PRNG (deterministic across platforms). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Machine {
  code: string;
  state: MachineState;
  /** ticks left in a stop, an idle spell or a setup */
  remaining: number;
  /** cycles per tick while running, and the fraction carried over */
  rate: number;
  carry: number;
  changed: boolean;
  sequence: number;
}

export class MachineSimulator {
  private readonly random: () => number;
  private readonly machines: Machine[];
  private readonly prefix: string;

  constructor(codes: readonly string[], seed: number) {
    this.random = seededRandom(seed);
    this.prefix = `s${seed}`;
    this.machines = codes.map((code) => ({
      code,
      state: 'running',
      remaining: 0,
      rate: 1 / (5 + Math.floor(this.random() * 56)), // a cycle every 5 to 60 ticks
      carry: this.random(),
      changed: true, // every machine says what it does first
      sequence: 0,
    }));
  }

  get size(): number {
    return this.machines.length;
  }

  /** One tick: one message per machine, stamped `at`. */
  tick(at: number): SimulatedMessage[] {
    const iso = new Date(at).toISOString();
    return this.machines.map((m) => {
      this.step(m);
      return this.message(m, iso);
    });
  }

  /** The next message of machine `index` (a tick of that machine alone), for bursts. */
  tickOne(index: number, at: number): SimulatedMessage {
    const m = this.machines[index % this.machines.length];
    this.step(m);
    return this.message(m, new Date(at).toISOString());
  }

  private message(m: Machine, at: string): SimulatedMessage {
    m.sequence += 1;
    const eventId = `${this.prefix}-${m.sequence}`;
    if (m.changed) {
      m.changed = false;
      return { machineCode: m.code, kind: 'state', payload: { eventId, state: m.state, at } };
    }
    let cycles = 0;
    if (m.state === 'running') {
      m.carry += m.rate;
      cycles = Math.floor(m.carry);
      m.carry -= cycles;
    }
    let rejects = 0;
    for (let c = 0; c < cycles; c++) if (this.random() < 0.02) rejects += 1;
    return { machineCode: m.code, kind: 'count', payload: { eventId, cycles, rejects, at } };
  }

  private step(m: Machine): void {
    if (m.changed) return; // the last change is not reported yet
    const r = this.random();
    if (m.state !== 'running') {
      m.remaining -= 1;
      if (m.remaining <= 0) this.enter(m, 'running', 0);
      return;
    }
    if (r < 0.002) {
      // a stop: mostly short (micro-stops), sometimes long
      const long = this.random() < 0.3;
      this.enter(
        m,
        'down',
        long ? 150 + Math.floor(this.random() * 1200) : 3 + Math.floor(this.random() * 90),
      );
    } else if (r < 0.004) {
      this.enter(m, 'idle', 10 + Math.floor(this.random() * 300));
    } else if (r < 0.0045) {
      this.enter(m, 'setup', 300 + Math.floor(this.random() * 1500));
    }
  }

  private enter(m: Machine, state: MachineState, ticks: number): void {
    m.state = state;
    m.remaining = ticks;
    m.changed = true;
  }
}
