/**
 * Warm start: the previous schedule's machine sequences, repaired for a changed problem, as the
 * first feasible solution of a re-scheduling run.
 *
 * 1. Keep: every operation that still exists stays on its previous machine, if that is still one
 *    of its modes, in its previous order; removed operations drop out and their neighbours close
 *    up. Firm operations go to their firm machine, at the place their start takes among the
 *    kept operations' previous starts.
 * 2. Repair: the kept sequences are timed semi-actively on the new calendars (operations still to
 *    insert are timed as if their machine were free). An operation that runs into firm work or
 *    past the end of its calendar leaves its place and joins the operations to insert.
 * 3. Insert: new and displaced operations go in one at a time, the one ready first first (its
 *    predecessors before it), into the gap of one of its modes' machines where it finishes
 *    earliest without moving any planned work (the gap search of capable-to-promise, run on the
 *    solution's own arrays). When that gap would make the job late, placing it at its ready time
 *    and pushing the machine's later work is evaluated as well, and the better schedule is kept.
 *
 * Why it stays acyclic: every arc of the kept graph goes forward in the previous schedule's time,
 * and an operation is inserted after everything that must precede it (their ends are at or before
 * its ready time), so no path leads back to it.
 *
 * Why a quiet insertion needs no re-timing: it fills a gap without delaying the next operation or
 * growing its setup, so the times in the arrays stay an upper bound of the semi-active times, and
 * the final evaluation can only move work earlier. Only an insertion that pushes planned work, or
 * that feeds a kept operation, is followed by a re-timing, O(n + m).
 *
 * Cost: O(n + m) to keep and time, plus per inserted operation a scan of its modes' machines and,
 * when it pushes or feeds planned work, one re-timing; an unchanged plan costs one evaluation.
 */
import { placeOnCalendar } from '../calendar/working-time';
import type { CompiledProblem } from './compile-problem';
import { tails } from './construct';
import { Solution } from './solution';
import type { ScheduleResult } from './types';

export interface WarmStart {
  solution: Solution;
  /** operations that stayed on their machine in their previous order */
  kept: number;
  /** operations that were not in the previous schedule */
  inserted: number[];
  /** operations of the previous schedule that left their place and were inserted again */
  moved: number[];
}

/**
 * How many insertions may weigh pushing planned work against the quiet gap by full evaluations
 * (each O(n + m) per candidate): enough for a new order or two, while a machine going down (hundreds
 * of displaced operations) fills gaps and leaves the trade-offs to the search.
 */
const COMPARED_INSERTIONS = 8;

interface Gap {
  position: number;
  setupStart: number;
  start: number;
  end: number;
  setup: number;
}

/** The repaired previous schedule, evaluated; undefined when it cannot be repaired (then construct anew). */
export function warmStart(p: CompiledProblem, previous: ScheduleResult): WarmStart | undefined {
  const opIndex = new Map(p.opIds.map((id, i) => [id, i]));
  const machineIndex = new Map(p.machineIds.map((id, k) => [id, k]));
  const previousStart = new Map(previous.operations.map((o) => [o.operationId, o.setupStart]));
  const s = new Solution(p);
  const modeOn = (i: number, k: number) => {
    for (let x = p.modeStart[i]; x < p.modeStart[i + 1]; x++) if (p.modeMachine[x] === k) return x;
    return -1;
  };
  for (let i = 0; i < p.n; i++)
    s.mode[i] = p.firmMachine[i] >= 0 ? modeOn(i, p.firmMachine[i]) : p.modeStart[i];

  // 1. keep
  const inSequence = new Uint8Array(p.n);
  const wasPlanned = new Uint8Array(p.n);
  const moved: number[] = [];
  for (const [machineId, sequence] of Object.entries(previous.sequences)) {
    const k = machineIndex.get(machineId);
    for (const id of sequence) {
      const i = opIndex.get(id);
      if (i === undefined || wasPlanned[i]) continue;
      wasPlanned[i] = 1;
      if (p.firmMachine[i] >= 0) continue;
      const x = k === undefined ? -1 : modeOn(i, k);
      if (x < 0) {
        moved.push(i);
        continue;
      }
      s.mode[i] = x;
      s.sequences[k!].push(i);
      inSequence[i] = 1;
    }
  }
  const inserted: number[] = [];
  for (let i = 0; i < p.n; i++) if (!wasPlanned[i]) inserted.push(i);
  const firm: number[] = [];
  for (let i = 0; i < p.n; i++) if (p.firmMachine[i] >= 0) firm.push(i);
  firm.sort((a, b) => p.firmStart[a] - p.firmStart[b]);
  const key = (i: number) =>
    p.firmMachine[i] >= 0 ? p.firmStart[i] : (previousStart.get(p.opIds[i]) ?? Number.NEGATIVE_INFINITY);
  for (const f of firm) {
    const seq = s.sequences[p.firmMachine[f]];
    let at = 0;
    while (at < seq.length && key(seq[at]) < p.firmStart[f]) at++;
    seq.splice(at, 0, f);
    inSequence[f] = 1;
  }

  const pending = new Set<number>();
  for (const i of [...moved, ...inserted]) if (!inSequence[i]) pending.add(i);
  const isMoved = new Uint8Array(p.n);
  for (const i of moved) isMoved[i] = 1;
  const rank = new Int32Array(p.n);
  p.topological.forEach((i, r) => {
    rank[i] = r;
  });
  const tail = tails(p);
  const shortest = (i: number) => {
    let d = Number.POSITIVE_INFINITY;
    for (let x = p.modeStart[i]; x < p.modeStart[i + 1]; x++) d = Math.min(d, p.modeDuration[x]);
    return d;
  };

  let compared = 0;
  const seen = new Uint32Array(p.n);
  let epoch = 0;

  // 2. repair and 3. insert, until every operation is in a sequence and the timing holds
  let needsTiming = true;
  let fresh = false;
  let repairs = 0;
  for (;;) {
    if (needsTiming) {
      if (!s.evaluate()) {
        const f = s.failedAt;
        if (f < 0 || ++repairs > p.n) return undefined;
        const victim = p.firmMachine[f] >= 0 ? s.machinePrev[f] : f;
        if (victim < 0 || p.firmMachine[victim] >= 0) return undefined; // firm work overlaps firm work
        const seq = s.sequences[s.machineOf(victim)];
        seq.splice(seq.indexOf(victim), 1);
        inSequence[victim] = 0;
        pending.add(victim);
        if (wasPlanned[victim] && !isMoved[victim]) {
          isMoved[victim] = 1;
          moved.push(victim);
        }
        continue;
      }
      needsTiming = false;
      fresh = true;
    }
    const i = nextPending();
    if (i < 0) {
      if (fresh) break;
      needsTiming = true;
      continue;
    }
    pending.delete(i);
    const outcome = insert(i);
    if (outcome === 'none') return undefined;
    fresh = false;
    if (outcome === 'pushed') needsTiming = true;
  }
  return { solution: s, kept: p.n - inserted.length - moved.length, inserted, moved };

  function readyAt(i: number): number {
    let r = p.release[i];
    for (let e = p.predStart[i]; e < p.predStart[i + 1]; e++)
      r = Math.max(r, s.end[p.predOp[e]] + p.predLag[e]);
    return r;
  }

  /** The pending operation with no pending predecessor that is ready first (ties: topological order). */
  function nextPending(): number {
    let best = -1;
    let bestReady = Number.POSITIVE_INFINITY;
    for (const i of pending) {
      let blocked = false;
      for (let e = p.predStart[i]; e < p.predStart[i + 1] && !blocked; e++)
        blocked = pending.has(p.predOp[e]);
      if (blocked) continue;
      const r = readyAt(i);
      if (r < bestReady || (r === bestReady && rank[i] < rank[best])) {
        best = i;
        bestReady = r;
      }
    }
    return best;
  }

  /** The earliest-finishing gap on machine k for op i in mode x (s.mode[i] === x) that delays no one. */
  function findGap(k: number, i: number, x: number, ready: number, limit: number): Gap | undefined {
    const seq = s.sequences[k];
    const calendar = p.machineCalendar[k];
    const duration = p.modeDuration[x];
    const rule = p.fitInShift[i] ? 'fit' : 'span';
    let lo = 0;
    let hi = seq.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s.end[seq[mid]] <= ready) lo = mid + 1;
      else hi = mid;
    }
    for (let g = lo; g <= Math.min(limit, seq.length); g++) {
      const prev = g > 0 ? seq[g - 1] : -1;
      const next = g < seq.length ? seq[g] : -1;
      const from = prev >= 0 ? Math.max(ready, s.end[prev]) : ready;
      if (next >= 0 && s.setupStart[next] - from < duration) continue;
      const setup = s.setupMinutes(prev, i);
      const placed = placeOnCalendar(calendar, from, setup + duration, rule);
      if (!placed) {
        // later gaps start later still: without even a setup, this machine's horizon is over
        if (!placeOnCalendar(calendar, from, duration, rule)) return undefined;
        continue;
      }
      if (next >= 0 && (placed.end > s.setupStart[next] || s.setupMinutes(i, next) > s.setup[next])) continue;
      const start = setup === 0 ? placed.start : placeOnCalendar(calendar, placed.start, setup, 'span')!.end;
      return { position: g, setupStart: placed.start, start, end: placed.end, setup };
    }
    return undefined;
  }

  /**
   * The first operation of machine k before `position` that depends on op i (over precedence and
   * machine arcs), or -1: i may not be inserted after it. Arcs go forward in the arrays' times, so
   * the search stops at operations that start after the last one that matters.
   */
  function firstDescendantBefore(k: number, i: number, position: number): number {
    const seq = s.sequences[k];
    if (position === 0) return -1;
    const horizon = s.setupStart[seq[position - 1]];
    epoch++;
    const stack = [i];
    seen[i] = epoch;
    while (stack.length > 0) {
      const a = stack.pop()!;
      const next = s.nextOnMachine[a];
      for (let e = p.succStart[a]; e <= p.succStart[a + 1]; e++) {
        const b = e < p.succStart[a + 1] ? p.succOp[e] : next;
        if (b < 0 || seen[b] === epoch || s.setupStart[b] > horizon) continue;
        seen[b] = epoch;
        stack.push(b);
      }
    }
    for (let x = 0; x < position; x++) if (seen[seq[x]] === epoch) return x;
    return -1;
  }

  /**
   * Re-times what depends on op i after it was placed (incremental evaluation): operations are
   * re-timed in order of their start, and only while their times change, so the cost is the part
   * of the plan the insertion actually delays. False when that delay runs into firm work or past a
   * calendar's end (a full evaluation then names the operation to repair).
   */
  function propagate(i: number): boolean {
    const queue = new StartHeap(s.setupStart);
    const pushSuccessors = (a: number) => {
      for (let e = p.succStart[a]; e < p.succStart[a + 1]; e++) queue.push(p.succOp[e]);
      if (inSequence[a] && s.nextOnMachine[a] >= 0) queue.push(s.nextOnMachine[a]);
    };
    pushSuccessors(i);
    while (queue.size > 0) {
      const b = queue.pop();
      const prev = inSequence[b] ? s.machinePrev[b] : -1;
      if (p.firmMachine[b] >= 0) {
        if (prev >= 0 && s.end[prev] > p.firmStart[b]) return false;
        continue;
      }
      let ready = readyAt(b);
      if (prev >= 0) ready = Math.max(ready, s.end[prev]);
      const k = s.machineOf(b);
      const calendar = p.machineCalendar[k];
      const setup = s.setupMinutes(prev, b);
      const placed = placeOnCalendar(
        calendar,
        ready,
        setup + p.modeDuration[s.mode[b]],
        p.fitInShift[b] ? 'fit' : 'span',
      );
      if (!placed) return false;
      if (placed.start === s.setupStart[b] && placed.end === s.end[b] && setup === s.setup[b]) continue;
      s.setupStart[b] = placed.start;
      s.start[b] = setup === 0 ? placed.start : placeOnCalendar(calendar, placed.start, setup, 'span')!.end;
      s.end[b] = placed.end;
      s.setup[b] = setup;
      pushSuccessors(b);
    }
    return true;
  }

  function insert(i: number): 'none' | 'quiet' | 'pushed' {
    const ready = readyAt(i);
    let gap: Gap | undefined;
    let gapMode = -1;
    for (let x = p.modeStart[i]; x < p.modeStart[i + 1]; x++) {
      s.mode[i] = x;
      const k = p.modeMachine[x];
      let found = findGap(k, i, x, ready, Number.POSITIVE_INFINITY);
      const before = found ? firstDescendantBefore(k, i, found.position) : -1;
      if (before >= 0) found = findGap(k, i, x, ready, before);
      if (found && (!gap || found.end < gap.end)) [gap, gapMode] = [found, x];
    }
    let feedsKept = false;
    for (let e = p.succStart[i]; e < p.succStart[i + 1] && !feedsKept; e++)
      feedsKept = inSequence[p.succOp[e]] === 1;
    const due = p.jobDue[p.opJob[i]];
    const late = !Number.isNaN(due) && (!gap || gap.end + tail[i] - shortest(i) > due);
    if (gap && (!late || compared >= COMPARED_INSERTIONS)) {
      s.mode[i] = gapMode;
      s.sequences[p.modeMachine[gapMode]].splice(gap.position, 0, i);
      inSequence[i] = 1;
      s.setupStart[i] = gap.setupStart;
      s.start[i] = gap.start;
      s.end[i] = gap.end;
      s.setup[i] = gap.setup;
      const seq = s.sequences[p.modeMachine[gapMode]];
      const prev = gap.position > 0 ? seq[gap.position - 1] : -1;
      const next = gap.position + 1 < seq.length ? seq[gap.position + 1] : -1;
      if (prev >= 0) s.nextOnMachine[prev] = i;
      s.nextOnMachine[i] = next;
      s.machinePrev[i] = prev;
      if (next >= 0) s.machinePrev[next] = i;
      return !feedsKept || propagate(i) ? 'quiet' : 'pushed';
    }
    // the gap makes the job late (or there is none): compare with pushing later work, by the objective
    compared++;
    const candidates: [number, number][] = gap ? [[gapMode, gap.position]] : [];
    for (let x = p.modeStart[i]; x < p.modeStart[i + 1]; x++) {
      const seq = s.sequences[p.modeMachine[x]];
      let busyAt = 0;
      while (busyAt < seq.length && s.end[seq[busyAt]] <= ready) busyAt++;
      let after = busyAt;
      while (after < seq.length && s.setupStart[seq[after]] < ready) after++;
      for (const position of new Set([busyAt, after]))
        if (!candidates.some(([cx, cp]) => cx === x && cp === position)) candidates.push([x, position]);
    }
    let chosen: [number, number] | undefined;
    let chosenValue: Solution['value'] | undefined;
    for (const [x, position] of candidates) {
      const seq = s.sequences[p.modeMachine[x]];
      s.mode[i] = x;
      seq.splice(position, 0, i);
      if (s.evaluate() && (!chosenValue || s.compare(chosenValue) < 0)) {
        chosen = [x, position];
        chosenValue = { ...s.value };
      }
      seq.splice(position, 1);
    }
    if (!chosen) return 'none';
    s.mode[i] = chosen[0];
    s.sequences[p.modeMachine[chosen[0]]].splice(chosen[1], 0, i);
    inSequence[i] = 1;
    return 'pushed';
  }
}

/** A binary min-heap of operations by their setup start when pushed (duplicates allowed). */
class StartHeap {
  private readonly items: number[] = [];
  private readonly keys: number[] = [];
  constructor(private readonly start: Int32Array) {}
  get size() {
    return this.items.length;
  }
  push(i: number) {
    const { items, keys } = this;
    let c = items.length;
    items.push(i);
    keys.push(this.start[i]);
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (keys[parent] <= keys[c]) break;
      [items[parent], items[c]] = [items[c], items[parent]];
      [keys[parent], keys[c]] = [keys[c], keys[parent]];
      c = parent;
    }
  }
  pop(): number {
    const { items, keys } = this;
    const top = items[0];
    const lastItem = items.pop()!;
    const lastKey = keys.pop()!;
    if (items.length > 0) {
      items[0] = lastItem;
      keys[0] = lastKey;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < items.length && keys[l] < keys[m]) m = l;
        if (r < items.length && keys[r] < keys[m]) m = r;
        if (m === c) break;
        [items[m], items[c]] = [items[c], items[m]];
        [keys[m], keys[c]] = [keys[c], keys[m]];
        c = m;
      }
    }
    return top;
  }
}
