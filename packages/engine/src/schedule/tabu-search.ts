/**
 * Improvement: a time-boxed, anytime tabu search on the disjunctive graph — the general one, for
 * problems with calendars, setups, firm work or the plant's lexicographic objective (pure makespan
 * problems go to disjunctive-search.ts, which schedule() picks).
 *
 * Neighbourhood (Nowicki & Smutnicki 1996, "N5"): along the critical chain of the solution —
 * the chain of operations whose starts bind one another up to the last operation (makespan) or
 * up to a late job's last operation (tardiness) — swap the first two and the last two
 * operations of every block of consecutive operations on one machine. For operations with
 * alternatives, also move a critical operation to another machine at the position its current
 * start suggests (Mastrolilli & Gambardella 2000, simplified). Every move is evaluated exactly
 * by re-timing the schedule (O(n + m)), so calendars, setups, lags, release and material dates
 * are always honoured; no approximate move estimate is used yet (the next step for speed).
 *
 * Tabu list: the reversed swap is forbidden for a tenure of about 10 + n/m iterations unless it
 * would beat the best schedule (aspiration). After a stretch without improvement, the search
 * restarts from the best schedule with a few random swaps (perturbation). Deterministic for a
 * seed and an iteration limit.
 */
import { Random } from '../common/random';
import { Binding, type Solution } from './solution';

export interface SearchOptions {
  deadline: number;
  maxIterations: number;
  seed: number;
  targetValue?: number;
  clock: () => number;
  shouldStop?: () => boolean;
  onImprovement?: (best: Solution) => void;
}

type Move =
  | { kind: 'swap'; k: number; x: number }
  | { kind: 'reassign'; op: number; mode: number; position: number };

export function tabuSearch(
  initial: Solution,
  options: SearchOptions,
): { best: Solution; iterations: number } {
  const p = initial.p;
  const random = new Random(options.seed);
  let current = initial.clone();
  let best = initial.clone();
  const tabuUntil = new Map<number, number>();
  const tenure = 10 + Math.round(p.n / Math.max(1, p.m));
  const patience = 2_000 + 10 * p.n;
  let sinceImprovement = 0;
  let iteration = 0;
  // For makespan, swaps are ranked by the classic head/tail estimate (Taillard 1994; Balas &
  // Vazacopoulos 1998) and only the chosen move is re-timed exactly: many times more iterations.
  const estimateSwaps = p.objective === 'makespan';
  const tails = new Float64Array(p.n);

  while (iteration < options.maxIterations) {
    if ((iteration & 15) === 0 && (options.clock() >= options.deadline || options.shouldStop?.())) break;
    if (options.targetValue !== undefined && best.primaryValue() <= options.targetValue) break;
    iteration++;
    const moves = neighbourhood(current, random);
    let chosen: Move | undefined;
    let chosenValue: Solution['value'] | undefined;
    if (estimateSwaps) {
      current.computeTails(tails);
      // swaps are ranked by the head/tail estimate (no re-timing); moves to another machine exactly
      let bestEstimate = Number.POSITIVE_INFINITY;
      for (const move of moves) {
        if (move.kind !== 'swap') continue;
        const estimate = swapEstimate(current, move, tails);
        const tabu = (tabuUntil.get(swapKey(current, move)) ?? 0) > iteration;
        if ((!tabu || estimate < best.value.makespan) && estimate < bestEstimate) {
          bestEstimate = estimate;
          chosen = move;
        }
      }
      if (chosen) chosenValue = { ...current.value, makespan: bestEstimate };
    }
    for (const move of moves) {
      if (estimateSwaps && move.kind === 'swap') continue;
      const tabu = move.kind === 'swap' && (tabuUntil.get(swapKey(current, move)) ?? 0) > iteration;
      const undo = apply(current, move);
      const feasible = current.evaluate();
      if (feasible) {
        const beatsBest = current.compare(best.value) < 0;
        if ((!tabu || beatsBest) && (!chosenValue || current.compare(chosenValue) < 0)) {
          chosen = move;
          chosenValue = { ...current.value };
        }
      }
      undo();
    }
    if (!chosen) {
      current = perturb(best.clone(), random, 3);
      continue;
    }
    if (chosen.kind === 'swap') {
      const seq = current.sequences[chosen.k];
      // forbid putting these two back in their old order
      tabuUntil.set(seq[chosen.x + 1] * p.n + seq[chosen.x], iteration + tenure + random.int(tenure));
    }
    const undoChosen = apply(current, chosen);
    if (!current.evaluate()) {
      // an estimated swap can close a cycle through a lag path: skip it
      undoChosen();
      current.evaluate();
      tabuUntil.set(swapKey(current, chosen as { k: number; x: number }), iteration + tenure);
      continue;
    }
    if (current.compare(best.value) < 0) {
      best = current.clone();
      sinceImprovement = 0;
      options.onImprovement?.(best);
    } else if (++sinceImprovement > patience) {
      current = perturb(best.clone(), random, 2 + random.int(4));
      sinceImprovement = 0;
      tabuUntil.clear();
    }
  }
  return { best, iterations: iteration };
}

/**
 * Makespan estimate after swapping the adjacent operations u, v at positions x, x+1 of machine
 * k, from heads (current starts) and tails, without re-timing: the longer of the two new
 * paths through v then u. Exact for job shops without calendars and setups, a ranking otherwise.
 */
function swapEstimate(s: Solution, move: { k: number; x: number }, tail: Float64Array): number {
  const p = s.p;
  const seq = s.sequences[move.k];
  const u = seq[move.x];
  const v = seq[move.x + 1];
  const occupation = (i: number) => s.end[i] - s.setupStart[i];
  const jobHead = (i: number) => {
    let r = p.release[i];
    for (let e = p.predStart[i]; e < p.predStart[i + 1]; e++)
      r = Math.max(r, s.end[p.predOp[e]] + p.predLag[e]);
    return r;
  };
  const jobTail = (i: number) => {
    let q = 0;
    for (let e = p.succStart[i]; e < p.succStart[i + 1]; e++)
      q = Math.max(q, p.succLag[e] + occupation(p.succOp[e]) + tail[p.succOp[e]]);
    return q;
  };
  const before = move.x > 0 ? seq[move.x - 1] : -1;
  const after = move.x + 2 < seq.length ? seq[move.x + 2] : -1;
  const headV = Math.max(jobHead(v), before >= 0 ? s.end[before] : 0);
  const headU = Math.max(jobHead(u), headV + occupation(v));
  const tailU = Math.max(jobTail(u), after >= 0 ? occupation(after) + tail[after] : 0);
  const tailV = Math.max(jobTail(v), occupation(u) + tailU);
  return Math.max(headV + occupation(v) + tailV, headU + occupation(u) + tailU);
}

/** Key of the pair a swap at x would order (a before b becomes b before a). */
function swapKey(s: Solution, move: { k: number; x: number }): number {
  const seq = s.sequences[move.k];
  return seq[move.x] * s.p.n + seq[move.x + 1];
}

/** The operation whose binding chain the search works on. */
function targetOperation(s: Solution, random: Random): number {
  const p = s.p;
  let last = 0;
  for (let i = 1; i < p.n; i++) if (s.end[i] > s.end[last]) last = i;
  if (p.objective === 'makespan') return last;
  // tardiness: the last operation of a late job, weighted by how much it costs
  const jobLast = new Int32Array(p.jobIds.length).fill(-1);
  for (let i = 0; i < p.n; i++)
    if (jobLast[p.opJob[i]] < 0 || s.end[i] > s.end[jobLast[p.opJob[i]]]) jobLast[p.opJob[i]] = i;
  let total = 0;
  const late: [number, number][] = [];
  for (let j = 0; j < jobLast.length; j++) {
    const due = p.jobDue[j];
    const i = jobLast[j];
    if (i >= 0 && !Number.isNaN(due) && s.end[i] > due) {
      const cost = p.jobWeight[j] * (s.end[i] - due);
      total += cost;
      late.push([i, total]);
    }
  }
  if (late.length === 0) return last;
  const pick = random.next() * total;
  return late.find(([, cumulative]) => cumulative >= pick)![0];
}

function neighbourhood(s: Solution, random: Random): Move[] {
  const p = s.p;
  const chain = s.criticalChain(targetOperation(s, random));
  const position = (i: number) => s.sequences[s.machineOf(i)].indexOf(i);
  const moves: Move[] = [];
  // blocks: maximal runs of chain operations bound by their machine predecessor
  const blocks: number[][] = [];
  for (const i of chain) {
    if (blocks.length > 0 && s.binding[i] === Binding.Machine) blocks[blocks.length - 1].push(i);
    else blocks.push([i]);
  }
  blocks.forEach((block, b) => {
    if (block.length < 2) return;
    const k = s.machineOf(block[0]);
    const swaps = new Set<number>();
    if (b > 0 || p.objective !== 'makespan') swaps.add(position(block[0]));
    if (b < blocks.length - 1 || p.objective !== 'makespan') swaps.add(position(block[block.length - 2]));
    for (const x of swaps) {
      const seq = s.sequences[k];
      if (p.firmMachine[seq[x]] < 0 && p.firmMachine[seq[x + 1]] < 0) moves.push({ kind: 'swap', k, x });
    }
  });
  for (const i of chain) {
    if (p.firmMachine[i] >= 0 || p.modeStart[i + 1] - p.modeStart[i] < 2) continue;
    for (let x = p.modeStart[i]; x < p.modeStart[i + 1]; x++) {
      if (x === s.mode[i]) continue;
      const seq = s.sequences[p.modeMachine[x]];
      let at = 0;
      while (at < seq.length && s.start[seq[at]] <= s.start[i]) at++;
      moves.push({ kind: 'reassign', op: i, mode: x, position: at });
      if (at > 0) moves.push({ kind: 'reassign', op: i, mode: x, position: at - 1 });
    }
  }
  // shuffle so equal moves are tried in a seed-dependent order
  for (let a = moves.length - 1; a > 0; a--) {
    const b = random.int(a + 1);
    [moves[a], moves[b]] = [moves[b], moves[a]];
  }
  return moves;
}

/** Applies a move in place and returns its undo. */
function apply(s: Solution, move: Move): () => void {
  if (move.kind === 'swap') {
    const seq = s.sequences[move.k];
    [seq[move.x], seq[move.x + 1]] = [seq[move.x + 1], seq[move.x]];
    return () => {
      [seq[move.x], seq[move.x + 1]] = [seq[move.x + 1], seq[move.x]];
    };
  }
  const oldMode = s.mode[move.op];
  const oldSeq = s.sequences[s.p.modeMachine[oldMode]];
  const oldAt = oldSeq.indexOf(move.op);
  oldSeq.splice(oldAt, 1);
  const newSeq = s.sequences[s.p.modeMachine[move.mode]];
  newSeq.splice(move.position, 0, move.op);
  s.mode[move.op] = move.mode;
  return () => {
    newSeq.splice(move.position, 1);
    oldSeq.splice(oldAt, 0, move.op);
    s.mode[move.op] = oldMode;
  };
}

/** A few random adjacent swaps that keep the schedule feasible. */
function perturb(s: Solution, random: Random, swaps: number): Solution {
  for (let t = 0; t < swaps; t++) {
    const k = random.int(s.p.m);
    const seq = s.sequences[k];
    if (seq.length < 2) continue;
    const x = random.int(seq.length - 1);
    if (s.p.firmMachine[seq[x]] >= 0 || s.p.firmMachine[seq[x + 1]] >= 0) continue;
    const undo = apply(s, { kind: 'swap', k, x });
    if (!s.evaluate()) undo();
  }
  s.evaluate();
  return s;
}
