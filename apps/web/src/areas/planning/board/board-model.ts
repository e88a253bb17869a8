/**
 * The planning board as the canvas draws it, built once per payload: rows (a header per work
 * center, then its machines) with their tops, and every operation as an index into typed
 * arrays (times in ms, row, colours), each row's bars sorted by setup start. Finding the bars
 * of a row in the visible time window is a binary search on the starts, widened by the row's
 * longest bar, then a walk while bars start before the window's end: O(log n + visible).
 */
import type { BoardOperation, PlanningBoard } from '@takt/contracts';

export type ColorMode = 'order' | 'status' | 'late';

export interface BoardRow {
  kind: 'work-center' | 'machine';
  workCenterId: string;
  /** index into the payload's work centers */
  workCenter: number;
  label: string;
  detail: string;
  /** machines: the 0-based machine index */
  machine: number;
  top: number;
  height: number;
}

export interface BoardModel {
  timeZone: string;
  fromMs: number;
  toMs: number;
  nowMs: number;
  rows: BoardRow[];
  /** height of all rows together */
  contentHeight: number;
  operations: BoardOperation[];
  /** machine code of each operation */
  machineOf: string[];
  setupStart: Float64Array;
  start: Float64Array;
  end: Float64Array;
  rowOf: Int32Array;
  late: Uint8Array;
  /** bars of row r: rowBars[rowOffset[r] .. rowOffset[r + 1]), by setup start */
  rowOffset: Int32Array;
  rowBars: Int32Array;
  /** longest bar of each row (ms), to widen the search to bars that start before the window */
  rowLongest: Float64Array;
  /** fill of each bar per colour mode, and the lighter fill of its setup */
  colors: Record<ColorMode, { fill: string[]; setup: string[] }>;
  /** non-working time per work center: [start, end, start, end, ...] in ms */
  nonWorking: Float64Array[];
  indexOf: Map<string, number>;
}

export const HEADER_ROW_HEIGHT = 22;
export const MACHINE_ROW_HEIGHT = 30;

export const statusColors: Record<BoardOperation['status'], string> = {
  planned: '#4d7fb8',
  released: '#5c5fc7',
  setup: '#e8590c',
  running: '#2f9e44',
  paused: '#f08c00',
  done: '#868e96',
};

/** A stable colour per order (or per job, for work serving no order): golden-angle hues. */
export function orderColor(key: string): { fill: string; setup: string } {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const hue = Math.round((hash % 360) * 137.508) % 360;
  const sat = 48 + ((hash >>> 9) % 18);
  const light = 46 + ((hash >>> 17) % 12);
  return { fill: `hsl(${hue} ${sat}% ${light}%)`, setup: `hsl(${hue} ${sat}% ${Math.min(light + 26, 86)}%)` };
}

const lighter: Record<string, string> = {};
function setupOf(color: string): string {
  lighter[color] ??= `${color}88`;
  return lighter[color];
}

export function buildBoardModel(board: PlanningBoard): BoardModel {
  const rows: BoardRow[] = [];
  let top = 0;
  const rowIndex = new Map<string, number>();
  board.workCenters.forEach((wc, w) => {
    rows.push({
      kind: 'work-center',
      workCenterId: wc.id,
      workCenter: w,
      label: wc.code,
      detail: wc.name,
      machine: -1,
      top,
      height: HEADER_ROW_HEIGHT,
    });
    top += HEADER_ROW_HEIGHT;
    for (const m of wc.machines) {
      rowIndex.set(`${wc.id}#${m.index}`, rows.length);
      rows.push({
        kind: 'machine',
        workCenterId: wc.id,
        workCenter: w,
        label: m.code,
        detail: '',
        machine: m.index,
        top,
        height: MACHINE_ROW_HEIGHT,
      });
      top += MACHINE_ROW_HEIGHT;
    }
  });
  let count = 0;
  for (const wc of board.workCenters) for (const m of wc.machines) count += m.operations.length;
  const operations: BoardOperation[] = new Array(count);
  const machineOf: string[] = new Array(count);
  const setupStart = new Float64Array(count);
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const rowOf = new Int32Array(count);
  const late = new Uint8Array(count);
  const rowOffset = new Int32Array(rows.length + 1);
  const rowBars = new Int32Array(count);
  const rowLongest = new Float64Array(rows.length);
  const colors: BoardModel['colors'] = {
    order: { fill: new Array(count), setup: new Array(count) },
    status: { fill: new Array(count), setup: new Array(count) },
    late: { fill: new Array(count), setup: new Array(count) },
  };
  const byOrder = new Map<string, { fill: string; setup: string }>();
  const indexOf = new Map<string, number>();
  let i = 0;
  for (let r = 0; r < rows.length; r++) {
    rowOffset[r] = i;
    const row = rows[r];
    if (row.kind !== 'machine') continue;
    const machine = board.workCenters[row.workCenter].machines.find((m) => m.index === row.machine)!;
    const first = i;
    for (const op of machine.operations) {
      operations[i] = op;
      machineOf[i] = machine.code;
      setupStart[i] = Date.parse(op.plannedSetupStart);
      start[i] = Date.parse(op.plannedStart);
      end[i] = Date.parse(op.plannedEnd);
      rowOf[i] = r;
      late[i] = op.late ? 1 : 0;
      indexOf.set(op.id, i);
      const key = op.salesOrderId ?? op.jobId;
      let c = byOrder.get(key);
      if (!c) {
        c = orderColor(key);
        byOrder.set(key, c);
      }
      colors.order.fill[i] = c.fill;
      colors.order.setup[i] = c.setup;
      const s = statusColors[op.status];
      colors.status.fill[i] = s;
      colors.status.setup[i] = setupOf(s);
      const l = op.late ? '#e03131' : '#5c7cfa';
      colors.late.fill[i] = l;
      colors.late.setup[i] = setupOf(l);
      i++;
    }
    // the server sends each machine's operations by setup start; keep that order, sorted to be sure
    const ids = Array.from({ length: i - first }, (_, k) => first + k).sort(
      (a, b) => setupStart[a] - setupStart[b] || a - b,
    );
    let longest = 0;
    ids.forEach((id, k) => {
      rowBars[first + k] = id;
      longest = Math.max(longest, end[id] - setupStart[id]);
    });
    rowLongest[r] = longest;
  }
  rowOffset[rows.length] = i;
  const nonWorking = board.workCenters.map((wc) => {
    const a = new Float64Array(wc.nonWorking.length * 2);
    wc.nonWorking.forEach((g, k) => {
      a[2 * k] = Date.parse(g.start);
      a[2 * k + 1] = Date.parse(g.end);
    });
    return a;
  });
  return {
    timeZone: board.timeZone,
    fromMs: Date.parse(board.from),
    toMs: Date.parse(board.to),
    nowMs: Date.parse(board.now),
    rows,
    contentHeight: top,
    operations,
    machineOf,
    setupStart,
    start,
    end,
    rowOf,
    late,
    rowOffset,
    rowBars,
    rowLongest,
    colors,
    nonWorking,
    indexOf,
  };
}

/** Position in rowBars of the first bar of row r that may reach into [t0, ...). */
export function firstBarFrom(model: BoardModel, r: number, t0: number): number {
  let lo = model.rowOffset[r];
  let hi = model.rowOffset[r + 1];
  const from = t0 - model.rowLongest[r];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (model.setupStart[model.rowBars[mid]] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bars of row r intersecting [t0, t1), calling back with each bar's index. */
export function forEachBarIn(
  model: BoardModel,
  r: number,
  t0: number,
  t1: number,
  visit: (bar: number) => void,
): void {
  const stop = model.rowOffset[r + 1];
  for (let k = firstBarFrom(model, r, t0); k < stop; k++) {
    const bar = model.rowBars[k];
    if (model.setupStart[bar] >= t1) break;
    if (model.end[bar] > t0) visit(bar);
  }
}

/** Index of the first row whose bottom is below y (rows sorted by top). */
export function rowAt(model: BoardModel, y: number): number {
  let lo = 0;
  let hi = model.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const row = model.rows[mid];
    if (row.top + row.height <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The operations of an order or job number (case-insensitive, a whole number or its start):
 * what the search box jumps to. Exact matches win over prefixes.
 */
export function findOperations(model: BoardModel, text: string): number[] {
  const q = text.trim().toUpperCase();
  if (!q) return [];
  const exact: number[] = [];
  const prefix: number[] = [];
  for (let i = 0; i < model.operations.length; i++) {
    const op = model.operations[i];
    const order = op.orderNumber?.toUpperCase() ?? '';
    const job = op.jobNumber.toUpperCase();
    if (order === q || job === q) exact.push(i);
    else if (order.startsWith(q) || job.startsWith(q) || order.endsWith(q) || job.endsWith(q)) prefix.push(i);
  }
  const found = exact.length > 0 ? exact : prefix;
  return found.sort((a, b) => model.setupStart[a] - model.setupStart[b]);
}
