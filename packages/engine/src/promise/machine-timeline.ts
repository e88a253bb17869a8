/**
 * The busy time of one machine in a fixed plan, for inserting new work without moving any:
 * sorted, disjoint busy intervals [setup start, end) with the family and setup of the operation
 * in each, and a max segment tree over the working minutes of the gaps between them.
 *
 * Gap search (findSlot): binary search for the gap at the ready time, then the segment tree jumps
 * to the next gap with at least the operation's run minutes of working time, skipping every gap
 * too small to matter; each candidate is checked exactly with placeOnCalendar (shift rule, setup
 * after the previous operation, and the next operation's setup, which must not grow). O(log n)
 * per skipped run of small gaps instead of O(n) for a linear scan. Built once per plan in O(n);
 * inserting copies the machine's arrays (O(n) for that machine only), so the plan's own timeline
 * stays shared and untouched across requests.
 */
import { placeOnCalendar, workingMinutesBetween } from '../calendar/working-time';
import type { Minutes } from '../common/time';
import type { SetupMatrix, WorkingIntervals } from '../schedule/types';
import { setupMinutes } from '../simulate/setup-minutes';

export interface BusyOperation {
  operationId: string;
  setupStart: Minutes;
  end: Minutes;
  family: string | undefined;
  /** setup minutes it has in the plan after its predecessor */
  setupMinutes: Minutes;
  /** its mode's fixed setup (used when the setup matrix does not apply) */
  modeSetup: Minutes;
}

export interface MachineTimeline {
  calendar: WorkingIntervals | undefined;
  matrix: SetupMatrix | undefined;
  busy: BusyOperation[];
  /** working minutes of gap g, before busy[g] (g = busy.length: the open end, Infinity) */
  gapWork: Float64Array;
  /** max segment tree over gapWork; leaves at [leaves, 2·leaves) */
  tree: Float64Array;
  leaves: number;
}

export interface Slot {
  /** insert before busy[position] */
  position: number;
  setupStart: Minutes;
  start: Minutes;
  end: Minutes;
  setupMinutes: Minutes;
  /** when the machine became free for this operation: the end of the busy interval before the slot */
  freeAt: Minutes;
}

export type GapSearch = 'indexed' | 'linear';

export interface SlotRequest {
  ready: Minutes;
  duration: Minutes;
  modeSetup: Minutes;
  family: string | undefined;
  rule: 'span' | 'fit';
}

export function buildTimeline(
  calendar: WorkingIntervals | undefined,
  matrix: SetupMatrix | undefined,
  busy: BusyOperation[],
  gapWork?: Float64Array,
): MachineTimeline {
  const work = gapWork ?? new Float64Array(busy.length + 1);
  if (!gapWork) for (let g = 0; g <= busy.length; g++) work[g] = gapWorkingMinutes(calendar, busy, g);
  let leaves = 1;
  while (leaves < work.length) leaves *= 2;
  const tree = new Float64Array(2 * leaves).fill(-1);
  tree.set(work, leaves);
  for (let x = leaves - 1; x >= 1; x--) tree[x] = Math.max(tree[2 * x], tree[2 * x + 1]);
  return { calendar, matrix, busy, gapWork: work, tree, leaves };
}

function gapWorkingMinutes(calendar: WorkingIntervals | undefined, busy: BusyOperation[], g: number): number {
  if (g === busy.length) return Number.POSITIVE_INFINITY;
  const from = g === 0 ? Math.min(0, busy[0].setupStart) : busy[g - 1].end;
  return workingMinutesBetween(calendar, from, busy[g].setupStart);
}

/** A copy of the timeline with one more busy operation before busy[position]. */
export function insertBusy(t: MachineTimeline, position: number, op: BusyOperation): MachineTimeline {
  const busy = [...t.busy.slice(0, position), op, ...t.busy.slice(position)];
  const work = new Float64Array(busy.length + 1);
  work.set(t.gapWork.subarray(0, position), 0);
  work.set(t.gapWork.subarray(position + 1), position + 2);
  work[position] = gapWorkingMinutes(t.calendar, busy, position);
  work[position + 1] = gapWorkingMinutes(t.calendar, busy, position + 1);
  return buildTimeline(t.calendar, t.matrix, busy, work);
}

/** Index of the first gap at or after `from` whose working minutes reach `need`; busy.length at worst. */
function nextGapWith(t: MachineTimeline, from: number, need: number): number {
  const last = t.busy.length;
  if (from >= last) return last;
  // climb from the leaf until a right sibling subtree holds a big enough gap, then descend
  let x = t.leaves + from;
  if (t.tree[x] >= need) return from;
  for (;;) {
    while (x & 1) x >>= 1; // a right child: its parent's right part is already covered
    if (x === 0) return last;
    x += 1; // the right sibling
    if (t.tree[x] >= need) break;
  }
  while (x < t.leaves) x = t.tree[2 * x] >= need ? 2 * x : 2 * x + 1;
  return Math.min(x - t.leaves, last);
}

/** First busy index whose end is after t (binary search; ends ascend since intervals are disjoint). */
function firstBusyEndingAfter(busy: BusyOperation[], t: Minutes): number {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (busy[mid].end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Earliest slot for the operation on this machine at or after `ready` that leaves every busy
 * interval where it is. null when the calendar's horizon ends first.
 */
export function findSlot(t: MachineTimeline, r: SlotRequest, search: GapSearch = 'indexed'): Slot | null {
  const { busy, calendar, matrix } = t;
  const last = busy.length;
  let g = search === 'indexed' ? firstBusyEndingAfter(busy, r.ready) : 0;
  while (g <= last) {
    const prev = g > 0 ? busy[g - 1] : undefined;
    const next = g < last ? busy[g] : undefined;
    const from = prev ? Math.max(r.ready, prev.end) : r.ready;
    if (!next || next.setupStart - from >= r.duration) {
      const setup = setupMinutes(matrix, prev ? prev.family : null, r.family, r.modeSetup);
      const placed = placeOnCalendar(calendar, from, setup + r.duration, r.rule);
      // later gaps start later still: without even a setup, the horizon is over for this machine
      if (!placed && !placeOnCalendar(calendar, from, r.duration, r.rule)) return null;
      if (
        placed &&
        (!next ||
          (placed.end <= next.setupStart &&
            setupMinutes(matrix, r.family, next.family, next.modeSetup) <= next.setupMinutes))
      ) {
        const start =
          setup === 0 ? placed.start : placeOnCalendar(calendar, placed.start, setup, 'span')!.end;
        return {
          position: g,
          setupStart: placed.start,
          start,
          end: placed.end,
          setupMinutes: setup,
          freeAt: prev ? prev.end : r.ready,
        };
      }
    }
    g = search === 'indexed' ? nextGapWith(t, g + 1, r.duration) : g + 1;
  }
  return null;
}
