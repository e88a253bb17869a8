/**
 * A solution: the mode (machine) of every operation and the sequence on every machine. Its
 * timing is semi-active: each operation starts as early as its predecessors (plus lag), its
 * release and material, the previous operation on its machine, and the machine's calendar
 * allow. Evaluation is one pass in topological order over precedence and machine arcs, O(n + m).
 *
 * Setups are non-anticipatory: a setup starts when both the machine and the part are there (the
 * conservative choice for forging and machining, where the setup includes fixturing the part).
 */
import { placeOnCalendar } from '../calendar/working-time';
import { type CompiledProblem, NO_FAMILY } from './compile-problem';

export enum Binding {
  None = 0,
  Release = 1,
  Precedence = 2,
  Machine = 3,
  Firm = 4,
}

export interface ObjectiveVector {
  weightedTardiness: number;
  totalSetup: number;
  flowTime: number;
  makespan: number;
}

export class Solution {
  readonly mode: Int32Array;
  readonly sequences: number[][];
  readonly setupStart: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly setup: Int32Array;
  /** what fixed each operation's start, and the operation that did it (precedence or machine) */
  readonly binding: Uint8Array;
  readonly binder: Int32Array;
  readonly machinePrev: Int32Array;
  value: ObjectiveVector = { weightedTardiness: 0, totalSetup: 0, flowTime: 0, makespan: 0 };
  /**
   * After a failed evaluate(): the operation that could not be timed (a firm operation its machine
   * predecessor runs into, or an operation past the end of its calendar), or -1 for a cycle.
   */
  failedAt = -1;
  private readonly indegree: Int32Array;
  private readonly queue: Int32Array;
  readonly nextOnMachine: Int32Array;
  private readonly jobCompletion: Float64Array;
  private readonly jobFirst: Float64Array;
  /** operations in the order the last evaluation timed them (a topological order) */
  readonly order: Int32Array;

  constructor(
    readonly p: CompiledProblem,
    mode?: Int32Array,
    sequences?: number[][],
  ) {
    this.mode = mode ? Int32Array.from(mode) : new Int32Array(p.n);
    this.sequences = sequences ? sequences.map((s) => [...s]) : Array.from({ length: p.m }, () => []);
    this.setupStart = new Int32Array(p.n);
    this.start = new Int32Array(p.n);
    this.end = new Int32Array(p.n);
    this.setup = new Int32Array(p.n);
    this.binding = new Uint8Array(p.n);
    this.binder = new Int32Array(p.n);
    this.machinePrev = new Int32Array(p.n);
    this.indegree = new Int32Array(p.n);
    this.queue = new Int32Array(p.n);
    this.nextOnMachine = new Int32Array(p.n);
    this.order = this.queue;
    this.jobCompletion = new Float64Array(p.jobIds.length);
    this.jobFirst = new Float64Array(p.jobIds.length);
  }

  clone(): Solution {
    const copy = new Solution(this.p, this.mode, this.sequences);
    copy.setupStart.set(this.setupStart);
    copy.start.set(this.start);
    copy.end.set(this.end);
    copy.setup.set(this.setup);
    copy.binding.set(this.binding);
    copy.binder.set(this.binder);
    copy.machinePrev.set(this.machinePrev);
    copy.value = { ...this.value };
    return copy;
  }

  machineOf(i: number): number {
    return this.p.modeMachine[this.mode[i]];
  }

  /** Setup minutes of op i on machine k after op prev (-1: idle machine). */
  setupMinutes(prev: number, i: number): number {
    const p = this.p;
    const k = p.modeMachine[this.mode[i]];
    const table = p.machineSetups[k];
    const to = p.family[i];
    if (!table || to === NO_FAMILY) return p.modeSetup[this.mode[i]];
    const from = prev < 0 ? p.families : p.family[prev];
    if (from === NO_FAMILY) return p.modeSetup[this.mode[i]];
    return table[from * p.families + to];
  }

  /** Times every operation; false when the sequences and precedences contradict (a cycle) or a calendar ends. */
  evaluate(): boolean {
    const p = this.p;
    const { indegree, queue, machinePrev } = this;
    machinePrev.fill(-1);
    for (let i = 0; i < p.n; i++) indegree[i] = p.predStart[i + 1] - p.predStart[i];
    for (const seq of this.sequences) {
      for (let x = 1; x < seq.length; x++) {
        machinePrev[seq[x]] = seq[x - 1];
        indegree[seq[x]]++;
      }
    }
    const nextOnMachine = this.nextOnMachine.fill(-1);
    for (const seq of this.sequences)
      for (let x = 0; x + 1 < seq.length; x++) nextOnMachine[seq[x]] = seq[x + 1];
    let head = 0;
    let tail = 0;
    for (let i = 0; i < p.n; i++) if (indegree[i] === 0) queue[tail++] = i;
    let totalSetup = 0;
    while (head < tail) {
      const i = queue[head++];
      let ready = p.release[i];
      let binding: Binding = p.releaseKind[i] ? Binding.Release : Binding.None;
      let binder = -1;
      for (let e = p.predStart[i]; e < p.predStart[i + 1]; e++) {
        const t = this.end[p.predOp[e]] + p.predLag[e];
        if (t > ready || (t === ready && binding === Binding.None)) {
          ready = t;
          binding = Binding.Precedence;
          binder = p.predOp[e];
        }
      }
      const prev = machinePrev[i];
      if (prev >= 0 && this.end[prev] >= ready && (this.end[prev] > ready || binding !== Binding.Release)) {
        ready = this.end[prev];
        binding = Binding.Machine;
        binder = prev;
      }
      const setup = this.setupMinutes(prev, i);
      const duration = p.modeDuration[this.mode[i]];
      const calendar = p.machineCalendar[p.modeMachine[this.mode[i]]];
      if (p.firmMachine[i] >= 0) {
        // firm work never moves: a machine sequence that would push it is infeasible (a late
        // predecessor of firm work is the input's conflict; the firm operation still stays)
        if (prev >= 0 && this.end[prev] > p.firmStart[i]) {
          this.failedAt = i;
          return false;
        }
        ready = p.firmStart[i];
        binding = Binding.Firm;
        binder = -1;
      }
      if (calendar === undefined) {
        // always available (the benchmark case): no calendar walk, no allocation
        this.setupStart[i] = ready;
        this.start[i] = ready + setup;
        this.end[i] = ready + setup + duration;
      } else {
        const placed = placeOnCalendar(calendar, ready, setup + duration, p.fitInShift[i] ? 'fit' : 'span');
        if (!placed) {
          this.failedAt = i;
          return false;
        }
        this.setupStart[i] = placed.start;
        this.start[i] =
          setup === 0 ? placed.start : placeOnCalendar(calendar, placed.start, setup, 'span')!.end;
        this.end[i] = placed.end;
      }
      this.setup[i] = setup;
      this.binding[i] = binding;
      this.binder[i] = binder;
      totalSetup += setup;
      for (let e = p.succStart[i]; e < p.succStart[i + 1]; e++)
        if (--indegree[p.succOp[e]] === 0) queue[tail++] = p.succOp[e];
      const next = nextOnMachine[i];
      if (next >= 0 && --indegree[next] === 0) queue[tail++] = next;
    }
    if (tail < p.n) {
      this.failedAt = -1;
      return false;
    }
    this.value = this.objectiveValues(totalSetup);
    return true;
  }

  private objectiveValues(totalSetup: number): ObjectiveVector {
    const p = this.p;
    const completion = this.jobCompletion.fill(0);
    const first = this.jobFirst.fill(Number.POSITIVE_INFINITY);
    let makespan = 0;
    for (let i = 0; i < p.n; i++) {
      const j = p.opJob[i];
      if (this.end[i] > completion[j]) completion[j] = this.end[i];
      if (this.setupStart[i] < first[j]) first[j] = this.setupStart[i];
      if (this.end[i] > makespan) makespan = this.end[i];
    }
    let weightedTardiness = 0;
    let flowTime = 0;
    for (let j = 0; j < completion.length; j++) {
      const due = p.jobDue[j];
      if (!Number.isNaN(due) && completion[j] > due)
        weightedTardiness += p.jobWeight[j] * (completion[j] - due);
      if (Number.isFinite(first[j])) flowTime += completion[j] - Math.min(first[j], p.jobRelease[j]);
    }
    return { weightedTardiness, totalSetup, flowTime, makespan };
  }

  /** Negative when this solution is better than `other` under the problem's objective. */
  compare(other: ObjectiveVector): number {
    const a = this.value;
    if (this.p.objective === 'makespan') return a.makespan - other.makespan || a.flowTime - other.flowTime;
    return (
      a.weightedTardiness - other.weightedTardiness ||
      a.totalSetup - other.totalSetup ||
      a.flowTime - other.flowTime
    );
  }

  /** The value the anytime curve reports: makespan, or weighted tardiness. */
  primaryValue(): number {
    return this.p.objective === 'makespan' ? this.value.makespan : this.value.weightedTardiness;
  }

  /**
   * Tails: the longest path from the end of each operation to the end of the schedule over
   * precedence (with lags) and machine arcs, using the current occupation (setup + processing)
   * of each operation. Valid after a successful evaluate().
   */
  computeTails(tail: Float64Array): void {
    const p = this.p;
    for (let x = p.n - 1; x >= 0; x--) {
      const i = this.order[x];
      let q = 0;
      for (let e = p.succStart[i]; e < p.succStart[i + 1]; e++) {
        const s = p.succOp[e];
        const v = p.succLag[e] + this.end[s] - this.setupStart[s] + tail[s];
        if (v > q) q = v;
      }
      const next = this.nextOnMachine[i];
      if (next >= 0) {
        const v = this.end[next] - this.setupStart[next] + tail[next];
        if (v > q) q = v;
      }
      tail[i] = q;
    }
  }

  /** Operations along the binding chain that ends at op `last`, in time order. */
  criticalChain(last: number): number[] {
    const chain: number[] = [];
    for (
      let i = last;
      i >= 0;
      i = this.binding[i] === Binding.Precedence || this.binding[i] === Binding.Machine ? this.binder[i] : -1
    ) {
      chain.push(i);
    }
    return chain.reverse();
  }
}
