/**
 * Makespan search on the disjunctive graph, for problems whose timing is pure heads and tails:
 * makespan objective, machines always available (no calendars), no setups, no firm work. Release
 * and material dates, precedence lags and any precedence graph (not only chains) are allowed.
 * Benchmark job shops and flexible job shops are such problems, and so are many plants planned
 * for makespan. Everything else goes to the general search (tabu-search.ts), which re-times
 * every candidate exactly.
 *
 * Here a schedule is its machine assignment and sequences; heads (earliest starts) and tails
 * (longest path from an operation's end to the end of the plan) are one topological pass each,
 * O(n + m) per iteration, and moves are ranked by estimates from heads and tails without
 * re-timing (Taillard 1994; Balas & Vazacopoulos 1998; Dell'Amico & Trubian 1993):
 * - N7 insertions inside the blocks of one critical path (Zhang, Li, Guan & Rao 2007): the first
 *   or last operation of a block moves to any other place in the block, an inner one to the
 *   block's front or back; this includes the N5 swaps (Nowicki & Smutnicki 1996). A move is
 *   offered only when heads and tails prove it cannot close a cycle.
 * - reassignment of a critical operation to another of its machines, at the insertion position
 *   that minimises the estimated longest path through it, among the positions heads and tails
 *   prove acyclic (Mastrolilli & Gambardella 2000).
 *
 * Tabu search: a move that recreates a machine arc reversed within the tenure, or sends an
 * operation back to a machine it left within the tenure, is tabu unless its estimate beats the
 * best makespan (aspiration). The chosen move is re-timed exactly; the best schedule is always
 * an exactly timed one. After a stretch without improvement the search jumps back to one of the
 * best schedules found (an elite set) and perturbs it with a few random critical moves.
 * Deterministic for a seed and an iteration limit.
 */
import { Random } from '../common/random';
import { type CompiledProblem, NO_FAMILY } from './compile-problem';
import { Solution } from './solution';

/** True when the problem's timing is heads and tails only (see the file comment). */
export function isPureMakespan(p: CompiledProblem): boolean {
  if (p.objective !== 'makespan') return false;
  for (let k = 0; k < p.m; k++) if (p.machineCalendar[k] !== undefined) return false;
  for (let x = 0; x < p.modeSetup.length; x++) if (p.modeSetup[x] !== 0) return false;
  let families = false;
  for (let i = 0; i < p.n; i++) {
    if (p.firmMachine[i] >= 0) return false;
    if (p.family[i] !== NO_FAMILY) families = true;
  }
  if (families) for (let k = 0; k < p.m; k++) if (p.machineSetups[k]) return false;
  return true;
}

/** Machine assignment and sequences with heads and tails: the state the search works on. */
export class DisjunctiveGraph {
  readonly n: number;
  readonly m: number;
  readonly mode: Int32Array;
  readonly machine: Int32Array;
  readonly duration: Float64Array;
  sequences: number[][];
  readonly position: Int32Array;
  readonly machinePrev: Int32Array;
  readonly machineNext: Int32Array;
  readonly head: Float64Array;
  readonly tail: Float64Array;
  /** the topological order of the last successful timing */
  readonly order: Int32Array;
  /** position of each operation in `order` */
  readonly rank: Int32Array;
  /** the latest end among order[0..x] */
  readonly prefixEnd: Float64Array;
  private readonly indegree: Int32Array;
  private readonly queue: Int32Array;
  /** tails are stale for order[0..tailsStaleTo] (a prefix of a topological order holds every ancestor) */
  tailsStaleTo: number;
  makespan = 0;

  constructor(
    readonly p: CompiledProblem,
    mode: Int32Array,
    sequences: number[][],
  ) {
    this.n = p.n;
    this.m = p.m;
    this.mode = Int32Array.from(mode);
    this.machine = new Int32Array(p.n);
    this.duration = new Float64Array(p.n);
    for (let i = 0; i < p.n; i++) {
      this.machine[i] = p.modeMachine[mode[i]];
      this.duration[i] = p.modeDuration[mode[i]];
    }
    this.sequences = sequences.map((s) => [...s]);
    this.position = new Int32Array(p.n);
    this.machinePrev = new Int32Array(p.n);
    this.machineNext = new Int32Array(p.n);
    this.head = new Float64Array(p.n);
    this.tail = new Float64Array(p.n);
    this.order = new Int32Array(p.n);
    this.rank = new Int32Array(p.n);
    this.prefixEnd = new Float64Array(p.n);
    this.indegree = new Int32Array(p.n);
    this.queue = new Int32Array(p.n);
    this.tailsStaleTo = p.n - 1;
    for (let k = 0; k < p.m; k++) this.relink(k);
  }

  static fromSolution(s: Solution): DisjunctiveGraph {
    return new DisjunctiveGraph(s.p, s.mode, s.sequences);
  }

  /** The same assignment and sequences as a Solution, timed by Solution.evaluate(). */
  toSolution(): Solution {
    const s = new Solution(this.p, this.mode, this.sequences);
    s.evaluate();
    return s;
  }

  /** Positions and machine neighbours of machine k's sequence. */
  relink(k: number): void {
    const seq = this.sequences[k];
    for (let x = 0; x < seq.length; x++) {
      const i = seq[x];
      this.position[i] = x;
      this.machinePrev[i] = x > 0 ? seq[x - 1] : -1;
      this.machineNext[i] = x + 1 < seq.length ? seq[x + 1] : -1;
    }
  }

  /** Heads in topological order and the makespan; false when the graph has a cycle. */
  time(): boolean {
    const { predStart, succStart, succOp, succLag, release } = this.p;
    const { head, duration, indegree, order, machinePrev, machineNext } = this;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      indegree[i] = predStart[i + 1] - predStart[i] + (machinePrev[i] >= 0 ? 1 : 0);
      head[i] = release[i];
    }
    let tailAt = 0;
    for (let i = 0; i < n; i++) if (indegree[i] === 0) order[tailAt++] = i;
    let makespan = 0;
    for (let h = 0; h < tailAt; h++) {
      const i = order[h];
      const end = head[i] + duration[i];
      if (end > makespan) makespan = end;
      for (let e = succStart[i], stop = succStart[i + 1]; e < stop; e++) {
        const s = succOp[e];
        const t = end + succLag[e];
        if (t > head[s]) head[s] = t;
        if (--indegree[s] === 0) order[tailAt++] = s;
      }
      const next = machineNext[i];
      if (next >= 0) {
        if (end > head[next]) head[next] = end;
        if (--indegree[next] === 0) order[tailAt++] = next;
      }
    }
    this.tailsStaleTo = n - 1;
    if (tailAt !== n) return false;
    let latest = 0;
    for (let x = 0; x < n; x++) {
      const i = order[x];
      this.rank[i] = x;
      const end = head[i] + duration[i];
      if (end > latest) latest = end;
      this.prefixEnd[x] = latest;
    }
    this.makespan = makespan;
    return true;
  }

  /**
   * Re-times only order[from..]: valid when every operation whose predecessors changed since the
   * last successful timing is there (the suffix of a topological order is closed under
   * descendants, and the new arcs of a shift or reassignment point into it). False on a cycle;
   * then the timing arrays are stale until the move is undone and time() runs.
   */
  timeFrom(from: number): boolean {
    if (from <= 0) return this.time();
    const { predStart, predOp, predLag, succStart, succOp, succLag, release } = this.p;
    const { head, duration, indegree, order, rank, queue, machinePrev, machineNext, prefixEnd } = this;
    const n = this.n;
    let zero = 0;
    for (let x = from; x < n; x++) {
      const i = order[x];
      let r = release[i];
      let degree = 0;
      for (let e = predStart[i], stop = predStart[i + 1]; e < stop; e++) {
        const a = predOp[e];
        if (rank[a] >= from) degree++;
        else {
          const t = head[a] + duration[a] + predLag[e];
          if (t > r) r = t;
        }
      }
      const prev = machinePrev[i];
      if (prev >= 0) {
        if (rank[prev] >= from) degree++;
        else {
          const t = head[prev] + duration[prev];
          if (t > r) r = t;
        }
      }
      indegree[i] = degree;
      head[i] = r;
      if (degree === 0) queue[zero++] = i;
    }
    let tailAt = zero;
    for (let h = 0; h < tailAt; h++) {
      const i = queue[h];
      const end = head[i] + duration[i];
      for (let e = succStart[i], stop = succStart[i + 1]; e < stop; e++) {
        const s = succOp[e];
        const t = end + succLag[e];
        if (t > head[s]) head[s] = t;
        if (--indegree[s] === 0) queue[tailAt++] = s;
      }
      const next = machineNext[i];
      if (next >= 0) {
        if (end > head[next]) head[next] = end;
        if (--indegree[next] === 0) queue[tailAt++] = next;
      }
    }
    if (tailAt !== n - from) return false;
    let latest = prefixEnd[from - 1];
    for (let h = 0; h < tailAt; h++) {
      const i = queue[h];
      const x = from + h;
      order[x] = i;
      rank[i] = x;
      const end = head[i] + duration[i];
      if (end > latest) latest = end;
      prefixEnd[x] = latest;
    }
    this.makespan = latest;
    return true;
  }

  /** Where re-timing must start after a shift a → b on machine k (call before shifting). */
  shiftFrom(k: number, a: number, b: number): number {
    return this.rank[this.sequences[k][Math.min(a, b)]];
  }

  /** Where re-timing must start after reassigning v to machine k at index t (call before). */
  reassignFrom(v: number, k: number, t: number): number {
    const seq = this.sequences[k];
    const z = t < seq.length ? seq[t] : -1;
    const r = this.rank[v];
    return z >= 0 && this.rank[z] < r ? this.rank[z] : r;
  }

  /** Marks the tails of op i and its ancestors stale (after its successors changed). */
  staleTail(i: number): void {
    if (i >= 0 && this.rank[i] > this.tailsStaleTo) this.tailsStaleTo = this.rank[i];
  }

  /** Tails over the order of the last successful timing, for the stale prefix of the order. */
  computeTails(): void {
    const { succStart, succOp, succLag } = this.p;
    const { tail, duration, order, machineNext } = this;
    const from = Math.min(this.tailsStaleTo, this.n - 1);
    this.tailsStaleTo = -1;
    for (let x = from; x >= 0; x--) {
      const i = order[x];
      let q = 0;
      for (let e = succStart[i], stop = succStart[i + 1]; e < stop; e++) {
        const s = succOp[e];
        const v = succLag[e] + duration[s] + tail[s];
        if (v > q) q = v;
      }
      const next = machineNext[i];
      if (next >= 0) {
        const v = duration[next] + tail[next];
        if (v > q) q = v;
      }
      tail[i] = q;
    }
  }

  /** Earliest start of op i from its release and its precedence predecessors' current heads. */
  jobHead(i: number): number {
    const p = this.p;
    let r = p.release[i];
    for (let e = p.predStart[i]; e < p.predStart[i + 1]; e++) {
      const a = p.predOp[e];
      const t = this.head[a] + this.duration[a] + p.predLag[e];
      if (t > r) r = t;
    }
    return r;
  }

  /** Longest path from the end of op i through its precedence successors, current tails. */
  jobTail(i: number): number {
    const p = this.p;
    let q = 0;
    for (let e = p.succStart[i]; e < p.succStart[i + 1]; e++) {
      const s = p.succOp[e];
      const t = p.succLag[e] + this.duration[s] + this.tail[s];
      if (t > q) q = t;
    }
    return q;
  }

  /** Moves op u on its machine from sequence position a to position b (the others keep their order). */
  shift(k: number, a: number, b: number): void {
    const seq = this.sequences[k];
    const u = seq[a];
    if (a < b) for (let x = a; x < b; x++) seq[x] = seq[x + 1];
    else for (let x = a; x > b; x--) seq[x] = seq[x - 1];
    seq[b] = u;
    const lo = Math.max(0, Math.min(a, b) - 1);
    const hi = Math.min(seq.length - 1, Math.max(a, b) + 1);
    for (let x = lo; x <= hi; x++) {
      const i = seq[x];
      this.position[i] = x;
      this.machinePrev[i] = x > 0 ? seq[x - 1] : -1;
      this.machineNext[i] = x + 1 < seq.length ? seq[x + 1] : -1;
    }
  }

  /** Moves op v to mode x (another machine), inserted at position t of that machine's sequence. */
  reassign(v: number, x: number, t: number): void {
    const from = this.machine[v];
    this.sequences[from].splice(this.position[v], 1);
    this.relink(from);
    const to = this.p.modeMachine[x];
    this.sequences[to].splice(t, 0, v);
    this.mode[v] = x;
    this.machine[v] = to;
    this.duration[v] = this.p.modeDuration[x];
    this.relink(to);
  }

  snapshot(): Snapshot {
    return { mode: Int32Array.from(this.mode), sequences: this.sequences.map((s) => s.slice()) };
  }

  restore(s: Snapshot): void {
    const p = this.p;
    this.mode.set(s.mode);
    for (let i = 0; i < this.n; i++) {
      this.machine[i] = p.modeMachine[s.mode[i]];
      this.duration[i] = p.modeDuration[s.mode[i]];
    }
    this.sequences = s.sequences.map((q) => q.slice());
    for (let k = 0; k < this.m; k++) this.relink(k);
  }
}

export interface Snapshot {
  mode: Int32Array;
  sequences: number[][];
}

/** A candidate move: a shift inside machine k's sequence (a → b) or a reassignment (op, mode, at). */
export type DisjunctiveMove =
  | { kind: 'shift'; k: number; a: number; b: number; estimate: number }
  | { kind: 'reassign'; op: number; mode: number; at: number; estimate: number };

/**
 * The critical path the neighbourhood works on: from an operation that ends at the makespan back
 * along binding arcs (a machine predecessor preferred over a precedence one, so blocks are long).
 * Valid after time() and computeTails(). Written into `path`; returns its length.
 */
export function criticalPath(g: DisjunctiveGraph, path: Int32Array, random: Random): number {
  const p = g.p;
  const { head, duration } = g;
  let last = -1;
  let ties = 0;
  for (let i = 0; i < g.n; i++) {
    if (head[i] + duration[i] === g.makespan && random.int(++ties) === 0) last = i;
  }
  let length = 0;
  for (let i = last; i >= 0; ) {
    path[length++] = i;
    const prev = g.machinePrev[i];
    if (prev >= 0 && head[prev] + duration[prev] === head[i]) {
      i = prev;
      continue;
    }
    let binder = -1;
    for (let e = p.predStart[i]; e < p.predStart[i + 1]; e++) {
      const a = p.predOp[e];
      if (head[a] + duration[a] + p.predLag[e] === head[i]) {
        binder = a;
        break;
      }
    }
    i = binder;
  }
  path.subarray(0, length).reverse();
  return length;
}

/**
 * Whether moving the op at position a of machine k's sequence to position b provably keeps the
 * graph acyclic (heads and tails of the current, timed graph; Balas & Vazacopoulos 1998, with the
 * equal cases that zero durations or two operations of one job on one machine allow excluded).
 */
export function shiftIsSafe(g: DisjunctiveGraph, k: number, a: number, b: number): boolean {
  const p = g.p;
  const seq = g.sequences[k];
  const u = seq[a];
  const v = seq[b];
  const { head, tail, duration } = g;
  if (a < b) {
    // u goes after v: no precedence successor of u may reach an operation it jumps over
    const reach = duration[v] + tail[v];
    for (let e = p.succStart[u]; e < p.succStart[u + 1]; e++) {
      const s = p.succOp[e];
      const q = duration[s] + tail[s];
      if (q > reach) return false;
      if (q === reach) {
        const inside = g.machine[s] === k && g.position[s] > a && g.position[s] <= b;
        if (inside || duration[s] === 0) return false;
      }
    }
    return true;
  }
  // u goes before v: no operation it jumps over may reach a precedence predecessor of u
  const reach = head[v] + duration[v];
  for (let e = p.predStart[u]; e < p.predStart[u + 1]; e++) {
    const s = p.predOp[e];
    const r = head[s] + duration[s];
    if (r > reach) return false;
    if (r === reach) {
      const inside = g.machine[s] === k && g.position[s] >= b && g.position[s] < a;
      if (inside || duration[s] === 0) return false;
    }
  }
  return true;
}

/**
 * Estimated makespan after shifting position a to b on machine k: the longest path through the
 * operations between a and b with their heads recomputed forward and tails backward in the new
 * order, every other head and tail unchanged. For the swap of two adjacent critical operations of
 * a job shop this is exactly the longest path through them in the new graph.
 */
export function shiftEstimate(g: DisjunctiveGraph, k: number, a: number, b: number, scratch: Float64Array) {
  const seq = g.sequences[k];
  const { head, tail, duration } = g;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const u = seq[a];
  // the operation at position x after the shift: seq[x + 1] or seq[x - 1] for those between, u at b
  const offset = a < b ? 1 : -1;
  let end = 0;
  if (lo > 0) {
    const prev = seq[lo - 1];
    end = head[prev] + duration[prev];
  }
  for (let x = lo; x <= hi; x++) {
    const i = x === b ? u : seq[x + offset];
    const jh = g.jobHead(i);
    const r = Math.max(jh, end);
    scratch[x - lo] = r;
    end = r + duration[i];
  }
  let after = 0;
  if (hi + 1 < seq.length) {
    const next = seq[hi + 1];
    after = duration[next] + tail[next];
  }
  let estimate = 0;
  for (let x = hi; x >= lo; x--) {
    const i = x === b ? u : seq[x + offset];
    const jt = g.jobTail(i);
    const q = Math.max(jt, after);
    const through = scratch[x - lo] + duration[i] + q;
    if (through > estimate) estimate = through;
    after = duration[i] + q;
  }
  return estimate;
}

/**
 * The positions of machine k's sequence where op v (on another machine now) can be inserted
 * without a cycle, as heads and tails prove it: after every possible ancestor of v and before
 * every possible descendant. Returns [first, last] insertion indices (empty when first > last).
 */
export function insertionWindow(g: DisjunctiveGraph, v: number, k: number): [number, number] {
  const seq = g.sequences[k];
  const { head, tail, duration } = g;
  const ancestor = duration[v] + tail[v];
  const descendant = head[v] + duration[v];
  // zero-duration operations can tie with v itself: heads and tails prove nothing for them
  if (duration[v] === 0) return [1, 0];
  // tails fall and heads rise along a machine sequence: binary searches
  let lo = 0;
  let hi = seq.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tail[seq[mid]] >= ancestor) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  lo = 0;
  hi = seq.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (head[seq[mid]] >= descendant) hi = mid;
    else lo = mid + 1;
  }
  return [first, lo];
}

/** Every move of the neighbourhood of the critical path (for tests and perturbation). */
export function neighbourhoodMoves(g: DisjunctiveGraph, path: Int32Array, length: number): DisjunctiveMove[] {
  const moves: DisjunctiveMove[] = [];
  const scratch = new Float64Array(g.n + 1);
  forEachMove(g, path, length, scratch, (move) => moves.push({ ...move }));
  return moves;
}

/**
 * Calls visit for every move of the neighbourhood with its estimate. The move object is reused
 * between calls (no allocation in the search's inner loop).
 */
function forEachMove(
  g: DisjunctiveGraph,
  path: Int32Array,
  length: number,
  scratch: Float64Array,
  visit: (move: DisjunctiveMove) => void,
): void {
  const p = g.p;
  const shift = { kind: 'shift' as const, k: 0, a: 0, b: 0, estimate: 0 };
  const offer = (k: number, a: number, b: number) => {
    if (!shiftIsSafe(g, k, a, b)) return;
    shift.k = k;
    shift.a = a;
    shift.b = b;
    shift.estimate = shiftEstimate(g, k, a, b, scratch);
    visit(shift);
  };
  for (let s = 0; s < length; ) {
    let e = s;
    while (e + 1 < length && g.machineNext[path[e]] === path[e + 1]) e++;
    if (e > s) {
      const k = g.machine[path[s]];
      const lo = g.position[path[s]];
      const hi = g.position[path[e]];
      for (let b = lo + 1; b <= hi; b++) offer(k, lo, b); // first op later
      for (let b = lo; b < hi; b++) if (!(b === lo && hi === lo + 1)) offer(k, hi, b); // last op earlier
      for (let a = lo + 1; a < hi; a++) {
        if (a !== lo + 1) offer(k, a, lo); // inner op to the front (lo+1 → lo is the swap above)
        if (a !== hi - 1) offer(k, a, hi); // inner op to the back
      }
    }
    s = e + 1;
  }
  const reassign = { kind: 'reassign' as const, op: 0, mode: 0, at: 0, estimate: 0 };
  const { head, tail, duration } = g;
  for (let c = 0; c < length; c++) {
    const v = path[c];
    if (p.modeStart[v + 1] - p.modeStart[v] < 2) continue;
    const jobHead = g.jobHead(v);
    const jobTail = g.jobTail(v);
    for (let x = p.modeStart[v]; x < p.modeStart[v + 1]; x++) {
      const k = p.modeMachine[x];
      if (k === g.machine[v]) continue;
      const [first, last] = insertionWindow(g, v, k);
      // the longest path through v at index t: v's precedence head (or the end of the operation
      // before t), its duration on k, its precedence tail (or the operation at t and its tail)
      const seq = g.sequences[k];
      const d = p.modeDuration[x];
      let bestAt = -1;
      let best = Number.POSITIVE_INFINITY;
      for (let t = first; t <= last; t++) {
        let r = jobHead;
        if (t > 0) {
          const y = seq[t - 1];
          const e = head[y] + duration[y];
          if (e > r) r = e;
        }
        let q = jobTail;
        if (t < seq.length) {
          const z = seq[t];
          const e = duration[z] + tail[z];
          if (e > q) q = e;
        }
        const estimate = r + d + q;
        if (estimate < best) {
          best = estimate;
          bestAt = t;
        }
      }
      if (bestAt < 0) continue;
      reassign.op = v;
      reassign.mode = x;
      reassign.at = bestAt;
      reassign.estimate = best;
      visit(reassign);
    }
  }
}

/** Applies a move; returns false (and leaves the graph unchanged and re-timed) when it closes a cycle. */
export function applyMove(g: DisjunctiveGraph, move: DisjunctiveMove): boolean {
  if (move.kind === 'shift') {
    const from = g.shiftFrom(move.k, move.a, move.b);
    g.shift(move.k, move.a, move.b);
    if (g.timeFrom(from)) {
      // successors changed for the operations of the shifted stretch and the one before it
      const seq = g.sequences[move.k];
      const lo = Math.min(move.a, move.b);
      for (let x = lo > 0 ? lo - 1 : 0, hi = Math.max(move.a, move.b); x <= hi; x++) g.staleTail(seq[x]);
      return true;
    }
    g.shift(move.k, move.b, move.a);
  } else {
    const v = move.op;
    const oldMode = g.mode[v];
    const oldAt = g.position[v];
    const oldPrev = g.machinePrev[v];
    const from = g.reassignFrom(v, g.p.modeMachine[move.mode], move.at);
    g.reassign(v, move.mode, move.at);
    if (g.timeFrom(from)) {
      g.staleTail(oldPrev);
      g.staleTail(v);
      g.staleTail(g.machinePrev[v]);
      return true;
    }
    g.reassign(v, oldMode, oldAt);
  }
  g.time();
  return false;
}

/** Machine-arc and machine-return tabu lists with tenures in iterations. */
class TabuList {
  private readonly arcs: Int32Array | null;
  private readonly arcMap: Map<number, number> | null;
  private readonly machines: Map<number, number> = new Map();

  constructor(
    private readonly n: number,
    private readonly m: number,
  ) {
    this.arcs = n <= 2048 ? new Int32Array(n * n) : null;
    this.arcMap = this.arcs ? null : new Map();
  }

  arcUntil(a: number, b: number): number {
    return this.arcs ? this.arcs[a * this.n + b] : (this.arcMap!.get(a * this.n + b) ?? 0);
  }

  forbidArc(a: number, b: number, until: number): void {
    if (this.arcs) this.arcs[a * this.n + b] = until;
    else this.arcMap!.set(a * this.n + b, until);
  }

  machineUntil(op: number, k: number): number {
    return this.machines.get(op * this.m + k) ?? 0;
  }

  forbidMachine(op: number, k: number, until: number): void {
    this.machines.set(op * this.m + k, until);
  }

  clear(): void {
    this.arcs?.fill(0);
    this.arcMap?.clear();
    this.machines.clear();
  }
}

export interface DisjunctiveSearchOptions {
  deadline: number;
  maxIterations: number;
  seed: number;
  targetValue?: number;
  clock: () => number;
  shouldStop?: () => boolean;
  onImprovement?: (makespan: number) => void;
}

/** A move remembered by value (the visitor's move object is reused). */
class Pick {
  kind: 0 | 1 | 2 = 0; // none, shift, reassign
  a = 0;
  b = 0;
  c = 0;
  estimate = Number.POSITIVE_INFINITY;
  /** tie count (choice among equal estimates) or the iteration its tabu ends (fallback) */
  rank = 0;

  reset(): void {
    this.kind = 0;
    this.estimate = Number.POSITIVE_INFINITY;
    this.rank = 0;
  }

  take(move: DisjunctiveMove): void {
    if (move.kind === 'shift') {
      this.kind = 1;
      this.a = move.k;
      this.b = move.a;
      this.c = move.b;
    } else {
      this.kind = 2;
      this.a = move.op;
      this.b = move.mode;
      this.c = move.at;
    }
    this.estimate = move.estimate;
  }

  move(): DisjunctiveMove {
    return this.kind === 1
      ? { kind: 'shift', k: this.a, a: this.b, b: this.c, estimate: this.estimate }
      : { kind: 'reassign', op: this.a, mode: this.b, at: this.c, estimate: this.estimate };
  }
}

/** The tabu search; `initial` must be an evaluated solution of a problem isPureMakespan accepts. */
export function disjunctiveSearch(
  initial: Solution,
  options: DisjunctiveSearchOptions,
): { best: Solution; iterations: number } {
  const p = initial.p;
  const random = new Random(options.seed);
  const g = DisjunctiveGraph.fromSolution(initial);
  if (!g.time()) return { best: initial, iterations: 0 };
  const tabu = new TabuList(p.n, p.m);
  const jobs = Math.max(1, p.jobIds.length);
  const baseTenure = 10 + Math.floor(jobs / Math.max(1, p.m));
  const flexible = p.modeMachine.length > p.n;
  const patience = Math.max(2_500, Math.min(20_000, 15 * p.n));
  const path = new Int32Array(p.n);
  const scratch = new Float64Array(p.n + 1);
  let best = g.snapshot();
  let bestValue = g.makespan;
  const elite: { snapshot: Snapshot; value: number }[] = [{ snapshot: best, value: bestValue }];
  let sinceImprovement = 0;
  let iteration = 0;
  const chosen = new Pick(); // best non-tabu move by estimate
  const aspiring = new Pick(); // best tabu move whose estimate beats the best makespan
  const fallback = new Pick(); // the tabu move whose tabu ends first

  /** The iteration the move stops being tabu, 0 when it is not tabu. */
  const tabuUntil = (move: DisjunctiveMove): number => {
    if (move.kind === 'reassign') {
      const until = tabu.machineUntil(move.op, p.modeMachine[move.mode]);
      return until > iteration ? until : 0;
    }
    const seq = g.sequences[move.k];
    const u = seq[move.a];
    let until = 0;
    if (move.a < move.b) {
      for (let x = move.a + 1; x <= move.b; x++) {
        const t = tabu.arcUntil(seq[x], u);
        if (t > until) until = t;
      }
    } else {
      for (let x = move.b; x < move.a; x++) {
        const t = tabu.arcUntil(u, seq[x]);
        if (t > until) until = t;
      }
    }
    return until > iteration ? until : 0;
  };

  const visit = (move: DisjunctiveMove) => {
    const until = tabuUntil(move);
    if (until === 0) {
      if (move.estimate < chosen.estimate) {
        chosen.take(move);
        chosen.rank = 1;
      } else if (move.estimate === chosen.estimate && random.int(++chosen.rank) === 0) {
        chosen.take(move);
      }
    } else if (move.estimate < bestValue && move.estimate < aspiring.estimate) {
      aspiring.take(move);
    } else if (chosen.kind === 0 && (fallback.kind === 0 || until < fallback.rank)) {
      fallback.take(move);
      fallback.rank = until;
    }
  };

  /** The exact makespan after a move (the graph is left as it was, heads re-timed). */
  const savedHead = new Float64Array(p.n);
  const savedOrder = new Int32Array(p.n);
  const savedEnd = new Float64Array(p.n);
  const exactly = (move: DisjunctiveMove): number => {
    const oldMode = move.kind === 'reassign' ? g.mode[move.op] : 0;
    const oldAt = move.kind === 'reassign' ? g.position[move.op] : 0;
    const oldMakespan = g.makespan;
    const from =
      move.kind === 'shift'
        ? g.shiftFrom(move.k, move.a, move.b)
        : g.reassignFrom(move.op, p.modeMachine[move.mode], move.at);
    savedHead.set(g.head);
    savedOrder.set(g.order);
    savedEnd.set(g.prefixEnd);
    if (move.kind === 'shift') g.shift(move.k, move.a, move.b);
    else g.reassign(move.op, move.mode, move.at);
    const value = g.timeFrom(from) ? g.makespan : Number.POSITIVE_INFINITY;
    if (move.kind === 'shift') g.shift(move.k, move.b, move.a);
    else g.reassign(move.op, oldMode, oldAt);
    g.head.set(savedHead);
    g.order.set(savedOrder);
    g.prefixEnd.set(savedEnd);
    for (let x = from; x < p.n; x++) g.rank[g.order[x]] = x;
    g.makespan = oldMakespan;
    return value;
  };

  const tenure = () => baseTenure + random.int(Math.max(2, Math.round(baseTenure * 0.5)));

  while (iteration < options.maxIterations) {
    if ((iteration & 15) === 0 && (options.clock() >= options.deadline || options.shouldStop?.())) break;
    if (options.targetValue !== undefined && bestValue <= options.targetValue) break;
    iteration++;
    g.computeTails();
    const length = criticalPath(g, path, random);
    chosen.reset();
    aspiring.reset();
    fallback.reset();
    forEachMove(g, path, length, scratch, visit);
    // aspiration: a tabu move is taken only when it really beats the best (estimates are optimistic)
    let pick = chosen.kind !== 0 ? chosen : fallback;
    if (aspiring.kind !== 0 && exactly(aspiring.move()) < bestValue) pick = aspiring;
    if (pick.kind === 0) {
      if (aspiring.kind !== 0) pick = aspiring;
      // no move on the critical path: it is one chain of fixed operations, a lower bound
      else break;
    }
    const move = pick.move();
    let applied: boolean;
    if (move.kind === 'shift') {
      const seq = g.sequences[move.k];
      const u = seq[move.a];
      const until = iteration + tenure();
      const jumped = move.a < move.b ? seq.slice(move.a + 1, move.b + 1) : seq.slice(move.b, move.a);
      applied = applyMove(g, move);
      // forbid restoring the arcs the move reversed (or, when it closed a cycle, making them)
      const later = move.a < move.b === applied;
      for (const w of jumped) {
        if (later) tabu.forbidArc(u, w, until);
        else tabu.forbidArc(w, u, until);
      }
    } else {
      const from = g.machine[move.op];
      applied = applyMove(g, move);
      tabu.forbidMachine(move.op, applied ? from : p.modeMachine[move.mode], iteration + tenure());
    }
    if (!applied) continue;
    if (g.makespan < bestValue) {
      bestValue = g.makespan;
      best = g.snapshot();
      sinceImprovement = 0;
      remember(elite, best, bestValue);
      options.onImprovement?.(bestValue);
    } else if (++sinceImprovement > patience) {
      // jump back to an elite schedule and shake it
      const from = elite[random.int(elite.length)];
      g.restore(from.snapshot);
      g.time();
      tabu.clear();
      const kicks = 2 + random.int(flexible ? 6 : 4);
      for (let t = 0; t < kicks; t++) {
        g.computeTails();
        const moves = neighbourhoodMoves(g, path, criticalPath(g, path, random));
        if (moves.length === 0) break;
        applyMove(g, moves[random.int(moves.length)]);
      }
      sinceImprovement = 0;
    }
  }
  g.restore(best);
  const solution = g.toSolution();
  return { best: solution, iterations: iteration };
}

const ELITE = 8;

/** Keeps the ELITE best schedules found (each new best is better than the ones before). */
function remember(elite: { snapshot: Snapshot; value: number }[], snapshot: Snapshot, value: number) {
  elite.push({ snapshot, value });
  elite.sort((a, b) => a.value - b.value);
  if (elite.length > ELITE) elite.length = ELITE;
}
