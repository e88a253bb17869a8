/**
 * Construction: a serial list scheduler. Operations whose predecessors are placed wait in a heap
 * ordered by a static priority rule; the best one goes to the mode (machine) where it finishes
 * earliest, appended to that machine's sequence. Firm operations stay where they are and the
 * others are placed around them. O(n log n + n · modes) per rule; a few rules are tried and the
 * best schedule kept.
 *
 * Rules: most work remaining (the tail of the operation, for makespan), earliest due date and
 * least slack (due date minus tail, for tardiness).
 */
import { placeOnCalendar } from '../calendar/working-time';
import type { CompiledProblem } from './compile-problem';
import { Solution } from './solution';

/** Longest path (minimum durations plus lags) from the start of each operation to the end of the plan. */
export function tails(p: CompiledProblem): Float64Array {
  const tail = new Float64Array(p.n);
  const shortest = (i: number) => {
    let d = Number.POSITIVE_INFINITY;
    for (let x = p.modeStart[i]; x < p.modeStart[i + 1]; x++) d = Math.min(d, p.modeDuration[x]);
    return d;
  };
  const lagTo = new Map<number, number>();
  for (let b = 0; b < p.n; b++)
    for (let e = p.predStart[b]; e < p.predStart[b + 1]; e++) lagTo.set(p.predOp[e] * p.n + b, p.predLag[e]);
  for (let x = p.n - 1; x >= 0; x--) {
    const i = p.topological[x];
    let after = 0;
    for (let e = p.succStart[i]; e < p.succStart[i + 1]; e++) {
      const s = p.succOp[e];
      after = Math.max(after, tail[s] + (lagTo.get(i * p.n + s) ?? 0));
    }
    tail[i] = shortest(i) + after;
  }
  return tail;
}

type Rule = (i: number) => number; // smaller goes first

export function priorityRules(p: CompiledProblem, tail: Float64Array): Rule[] {
  const due = (i: number) => {
    const d = p.jobDue[p.opJob[i]];
    return Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  };
  const mostWorkRemaining: Rule = (i) => -tail[i];
  const earliestDue: Rule = (i) => due(i) * 1e-3 - tail[i] * 1e-9;
  const leastSlack: Rule = (i) =>
    (Number.isFinite(due(i)) ? due(i) - tail[i] : 1e12 - tail[i]) / Math.max(p.jobWeight[p.opJob[i]], 1e-6);
  const earliestRelease: Rule = (i) => p.release[i] - tail[i] * 1e-6;
  return p.objective === 'makespan'
    ? [mostWorkRemaining, earliestRelease]
    : [leastSlack, earliestDue, mostWorkRemaining];
}

class Heap {
  private readonly items: number[] = [];
  constructor(private readonly key: Float64Array) {}
  get size() {
    return this.items.length;
  }
  push(i: number) {
    const a = this.items;
    a.push(i);
    let c = a.length - 1;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (this.key[a[parent]] <= this.key[a[c]]) break;
      [a[parent], a[c]] = [a[c], a[parent]];
      c = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < a.length && this.key[a[l]] < this.key[a[m]]) m = l;
        if (r < a.length && this.key[a[r]] < this.key[a[m]]) m = r;
        if (m === c) break;
        [a[m], a[c]] = [a[c], a[m]];
        c = m;
      }
    }
    return top;
  }
}

/** One list-scheduling pass with the given rule; returns the evaluated solution or undefined. */
export function listSchedule(p: CompiledProblem, rule: Rule): Solution | undefined {
  const solution = new Solution(p);
  const key = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) key[i] = rule(i);
  const freeAt = new Float64Array(p.m);
  const lastOn = new Int32Array(p.m).fill(-1);
  const end = new Float64Array(p.n);
  // firm operations per machine, in time order, placed as the others reach them
  const firmQueue: number[][] = Array.from({ length: p.m }, () => []);
  for (let i = 0; i < p.n; i++) {
    if (p.firmMachine[i] >= 0) {
      firmQueue[p.firmMachine[i]].push(i);
      for (let x = p.modeStart[i]; x < p.modeStart[i + 1]; x++)
        if (p.modeMachine[x] === p.firmMachine[i]) solution.mode[i] = x;
    }
  }
  for (const q of firmQueue) q.sort((a, b) => p.firmStart[a] - p.firmStart[b]);
  const firmPointer = new Int32Array(p.m);
  const firmEnd = (f: number) => {
    const placed = placeOnCalendar(
      p.machineCalendar[p.firmMachine[f]],
      p.firmStart[f],
      solution.setupMinutes(-1, f) + p.modeDuration[solution.mode[f]],
    );
    return placed ? placed.end : p.firmStart[f];
  };

  const remaining = new Int32Array(p.n);
  for (let i = 0; i < p.n; i++) remaining[i] = p.predStart[i + 1] - p.predStart[i];
  const heap = new Heap(key);
  for (let i = 0; i < p.n; i++) if (remaining[i] === 0) heap.push(i);
  const readyAt = Float64Array.from(p.release);

  while (heap.size > 0) {
    const i = heap.pop();
    let bestMode = -1;
    let bestEnd = Number.POSITIVE_INFINITY;
    const modes = p.firmMachine[i] >= 0 ? [solution.mode[i]] : range(p.modeStart[i], p.modeStart[i + 1]);
    for (const x of modes) {
      const k = p.modeMachine[x];
      solution.mode[i] = x;
      const finish = p.firmMachine[i] >= 0 ? firmEnd(i) : placeAfterFirm(i, k, x);
      if (finish < bestEnd) {
        bestEnd = finish;
        bestMode = x;
      }
    }
    if (bestMode < 0 || !Number.isFinite(bestEnd)) return undefined;
    solution.mode[i] = bestMode;
    const k = p.modeMachine[bestMode];
    if (p.firmMachine[i] < 0) {
      commitFirmBefore(k, i, bestMode);
      solution.sequences[k].push(i);
      lastOn[k] = i;
      freeAt[k] = bestEnd;
    }
    end[i] = bestEnd;
    for (let e = p.succStart[i]; e < p.succStart[i + 1]; e++) {
      const s = p.succOp[e];
      for (let f = p.predStart[s]; f < p.predStart[s + 1]; f++)
        if (p.predOp[f] === i) readyAt[s] = Math.max(readyAt[s], bestEnd + p.predLag[f]);
      if (--remaining[s] === 0) heap.push(s);
    }
  }
  for (let k = 0; k < p.m; k++)
    while (firmPointer[k] < firmQueue[k].length) solution.sequences[k].push(firmQueue[k][firmPointer[k]++]);
  return solution.evaluate() ? solution : undefined;

  /** Finish of op i appended on machine k in mode x, jumping over firm operations it would overlap. */
  function placeAfterFirm(i: number, k: number, x: number): number {
    let t = Math.max(readyAt[i], freeAt[k]);
    let prev = lastOn[k];
    for (let f = firmPointer[k]; ; f++) {
      const setup = setupAfter(prev, i, k, x);
      const placed = placeOnCalendar(
        p.machineCalendar[k],
        t,
        setup + p.modeDuration[x],
        p.fitInShift[i] ? 'fit' : 'span',
      );
      if (!placed) return Number.POSITIVE_INFINITY;
      const firm = firmQueue[k][f];
      if (firm === undefined || placed.end <= p.firmStart[firm]) return placed.end;
      t = Math.max(t, firmEnd(firm));
      prev = firm;
    }
  }

  function commitFirmBefore(k: number, i: number, x: number) {
    while (firmPointer[k] < firmQueue[k].length) {
      const firm = firmQueue[k][firmPointer[k]];
      const setup = setupAfter(lastOn[k], i, k, x);
      const placed = placeOnCalendar(
        p.machineCalendar[k],
        Math.max(readyAt[i], freeAt[k]),
        setup + p.modeDuration[x],
        p.fitInShift[i] ? 'fit' : 'span',
      );
      if (placed && placed.end <= p.firmStart[firm]) return;
      solution.sequences[k].push(firm);
      lastOn[k] = firm;
      freeAt[k] = Math.max(freeAt[k], firmEnd(firm));
      firmPointer[k]++;
    }
  }

  function setupAfter(prev: number, i: number, _k: number, x: number) {
    const saved = solution.mode[i];
    solution.mode[i] = x;
    const s = solution.setupMinutes(prev, i);
    solution.mode[i] = saved;
    return s;
  }
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, k) => a + k);
}

/** The best of the priority rules' schedules. */
export function construct(p: CompiledProblem): Solution | undefined {
  const tail = tails(p);
  let best: Solution | undefined;
  for (const rule of priorityRules(p, tail)) {
    const candidate = listSchedule(p, rule);
    if (candidate && (!best || candidate.compare(best.value) < 0)) best = candidate;
  }
  return best;
}
