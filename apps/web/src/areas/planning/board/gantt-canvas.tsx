/**
 * The planning board's resource timeline, drawn on one canvas (free Gantt libraries draw one
 * task per row; a plant needs many operations per machine). Rows are machines grouped under
 * their work center; bars are operations, the setup drawn as a lighter hatched lead; the
 * calendars' non-working time is shaded and a red line marks now.
 *
 * Only what is visible is drawn: the rows inside the scrolled band (binary search on the row
 * tops) and, per row, the bars intersecting the time window (binary search on the bars' starts,
 * see board-model.ts). Drawing happens in a requestAnimationFrame, only after the view or the
 * data changed, at the screen's devicePixelRatio. The view (time origin, zoom, scroll) lives in
 * a ref, not React state, so panning never re-renders React.
 *
 * Gestures: drag pans (time and rows), the wheel zooms around the cursor (shift + wheel or a
 * horizontal wheel pans time; the wheel over the machine names scrolls rows), arrow keys and
 * +/- do the same from the keyboard. A click selects. Dragging a bar that `canDrag` allows moves
 * a ghost of it in time and to any machine row (kept in a ref and drawn in the same animation
 * frame, so a drag re-renders nothing): the rows of the alternative work centers its routing
 * names are tinted, and over a work center that is not one the ghost turns red (a drop there is
 * sent all the same, and the server's refusal is what the move panel shows); on release
 * `onBarDrop` gets the place, Escape cancels. `onBarPointerDown` may still take a gesture over:
 * return true. A pinned operation (re-plans keep it) carries a pin at its top left.
 */
import type { BoardOperation } from '@takt/contracts';
import {
  type CSSProperties,
  type Ref,
  useCallback,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import { type BoardModel, type ColorMode, forEachBarIn, rowAt } from './board-model';
import { axisLevels, formatPlantTime, type PlantClock, plantClock, tickLabel, ticks } from './plant-clock';

export const GUTTER_WIDTH = 168;
export const AXIS_HEIGHT = 44;
const MIN_MS_PER_PX = 20_000; // an hour is 180 px
const MAX_MS_PER_PX = 8 * 3_600_000; // a year is about 1100 px
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface GanttView {
  startMs: number;
  msPerPx: number;
  scrollTop: number;
}

export interface GanttHandle {
  /** zoom by a factor around the middle of the window (> 1 zooms out) */
  zoom(factor: number): void;
  /** show [fromMs, toMs) across the width */
  showRange(fromMs: number, toMs: number): void;
  /** bring these operations into view (time and rows) */
  reveal(operationIds: readonly string[]): void;
  /** the visible time window */
  visibleRange(): { fromMs: number; toMs: number };
}

/** What the browser tests and the benchmark read (window.__taktBoard). */
export interface BoardTestHook {
  drawnBars: number;
  totalBars: number;
  visibleFrom: string;
  visibleTo: string;
  visibleRows: number;
  frames: number;
  /** ms since navigation start of the first frame that drew the plan */
  firstPaintMs: number | null;
  /** how long the draw of that first frame took (ms) */
  firstPaintDrawMs: number | null;
  /** how long the last draws took (ms), newest last */
  drawMs: number[];
  /** page coordinates of the middle of an operation's bar, if it is drawn */
  locate(operationId: string): { x: number; y: number } | null;
  /** page coordinates of an instant on a machine row (work center id, 0-based machine), if visible */
  pointAt?(workCenterId: string, machineIndex: number, utcMs: number): { x: number; y: number } | null;
  /** the ghost being drawn (a drag, or a move awaiting apply), if any */
  ghost?: GanttGhost | null;
  reveal(operationIds: string[]): void;
}

declare global {
  interface Window {
    __taktBoard?: BoardTestHook;
  }
}

/** A bar drawn where an operation would go: while dragging, and while its move is previewed. */
export interface GanttGhost {
  operationId: string;
  workCenterId: string;
  machineIndex: number;
  setupStartMs: number;
  endMs: number;
}

/** Where a dragged bar was dropped: its machine and where its setup would begin. */
export interface BarDrop {
  workCenterId: string;
  machineIndex: number;
  setupStartMs: number;
}

/** Drops snap to this grid (ms). */
const SNAP_MS = 5 * 60_000;

export interface GanttCanvasProps {
  model: BoardModel | null;
  colorMode: ColorMode;
  selectedId: string | null;
  /** operations to stand out (a search); the others are drawn faint */
  highlightedIds: ReadonlySet<string> | null;
  onSelect(operation: BoardOperation | null): void;
  /** the visible window after the user stopped moving it (debounced) */
  onViewChange?(range: { fromMs: number; toMs: number }): void;
  /** extension point for drag-and-drop replanning: return true to take over the gesture */
  onBarPointerDown?(operation: BoardOperation, event: PointerEvent): boolean;
  /** whether a bar may be dragged to another time or machine (default: none may) */
  canDrag?(operation: BoardOperation): boolean;
  /** a dragged bar was released at a new place */
  onBarDrop?(operation: BoardOperation, drop: BarDrop): void;
  /** a ghost to draw when no drag is going on (a previewed move) */
  ghost?: GanttGhost | null;
  initialRange: { fromMs: number; toMs: number };
  height: number | string;
  handleRef?: Ref<GanttHandle>;
}

interface Hover {
  bar: number;
  x: number;
  y: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

interface CanvasSize {
  width: number;
  height: number;
  dpr: number;
}

const bodyWidthOf = (size: CanvasSize) => Math.max(1, size.width - GUTTER_WIDTH);
const bodyHeightOf = (size: CanvasSize) => Math.max(1, size.height - AXIS_HEIGHT);

/** Keeps the rows' scroll inside the content. */
function clampScroll(view: GanttView, model: BoardModel | null, size: CanvasSize) {
  const max = Math.max(0, (model?.contentHeight ?? 0) - bodyHeightOf(size));
  view.scrollTop = clamp(view.scrollTop, 0, max);
}

/** A pushpin stuck into a bar's top edge at (x, y): the operation is pinned. */
function drawPin(ctx: CanvasRenderingContext2D, x: number, y: number) {
  ctx.fillStyle = '#1c2633';
  ctx.fillRect(x - 0.75, y, 1.5, 6);
  ctx.beginPath();
  ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1.25;
  ctx.stroke();
}

function hatchPattern(ctx: CanvasRenderingContext2D): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.strokeStyle = 'rgba(20, 30, 45, 0.35)';
  t.lineWidth = 1;
  t.beginPath();
  t.moveTo(0, 6);
  t.lineTo(6, 0);
  t.moveTo(-1, 1);
  t.lineTo(1, -1);
  t.moveTo(5, 7);
  t.lineTo(7, 5);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}

export function GanttCanvas(props: GanttCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const view = useRef<GanttView>({
    startMs: props.initialRange.fromMs,
    msPerPx: (props.initialRange.toMs - props.initialRange.fromMs) / 1200,
    scrollTop: 0,
  });
  const size = useRef<CanvasSize>({ width: 0, height: 0, dpr: 1 });
  const frame = useRef(0);
  const fitted = useRef(false);
  const stats = useRef({
    drawn: 0,
    frames: 0,
    firstPaintMs: null as number | null,
    firstPaintDrawMs: null as number | null,
    drawMs: [] as number[],
  });
  const masks = useRef<{
    model: BoardModel | null;
    ids: ReadonlySet<string> | null;
    mask: Uint8Array | null;
  }>({
    model: null,
    ids: null,
    mask: null,
  });
  const clock = useRef<PlantClock | null>(null);
  const pattern = useRef<CanvasPattern | null>(null);
  const viewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [hover, setHover] = useState<Hover | null>(null);
  /** the ghost of a bar being dragged */
  const dragGhost = useRef<GanttGhost | null>(null);

  const draw = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const began = performance.now();
    const { model, colorMode, selectedId, highlightedIds } = propsRef.current;
    const { width, height, dpr } = size.current;
    const v = view.current;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    if (width === 0 || !model) return;
    if (clock.current?.timeZone !== model.timeZone) clock.current = plantClock(model.timeZone);
    const zone = clock.current;
    pattern.current ??= hatchPattern(ctx);
    clampScroll(view.current, propsRef.current.model, size.current);
    const bw = bodyWidthOf(size.current);
    const bh = bodyHeightOf(size.current);
    const t0 = v.startMs;
    const t1 = t0 + bw * v.msPerPx;
    const xOf = (t: number) => GUTTER_WIDTH + (t - t0) / v.msPerPx;
    const yOf = (top: number) => AXIS_HEIGHT + top - v.scrollTop;
    const firstRow = rowAt(model, v.scrollTop);
    let lastRow = firstRow;
    while (lastRow < model.rows.length && model.rows[lastRow].top < v.scrollTop + bh) lastRow++;
    const { minor, major } = axisLevels(v.msPerPx);
    const minorTicks = ticks(zone, t0, t1, minor);
    const majorTicks = ticks(zone, t0, t1, major);

    // highlight mask for the current model and search
    const m = masks.current;
    if (m.model !== model || m.ids !== highlightedIds) {
      m.model = model;
      m.ids = highlightedIds;
      m.mask = null;
      if (highlightedIds && highlightedIds.size > 0) {
        m.mask = new Uint8Array(model.operations.length);
        for (const id of highlightedIds) {
          const i = model.indexOf.get(id);
          if (i !== undefined) m.mask[i] = 1;
        }
      }
    }
    const mask = m.mask;

    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER_WIDTH, AXIS_HEIGHT, bw, bh);
    ctx.clip();
    // non-working time: one band per work center over its visible rows
    ctx.fillStyle = '#eceff3';
    for (let r = firstRow; r < lastRow; ) {
      const w = model.rows[r].workCenter;
      let e = r;
      while (e < lastRow && model.rows[e].workCenter === w) e++;
      const top = yOf(model.rows[r].top);
      const bottom = yOf(model.rows[e - 1].top + model.rows[e - 1].height);
      const gaps = model.nonWorking[w];
      let lo = 0;
      let hi = gaps.length / 2;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (gaps[2 * mid + 1] <= t0) lo = mid + 1;
        else hi = mid;
      }
      for (let g = lo; g < gaps.length / 2 && gaps[2 * g] < t1; g++) {
        const a = xOf(gaps[2 * g]);
        ctx.fillRect(a, top, xOf(gaps[2 * g + 1]) - a, bottom - top);
      }
      r = e;
    }
    // work center header rows
    for (let r = firstRow; r < lastRow; r++) {
      const row = model.rows[r];
      if (row.kind !== 'work-center') continue;
      ctx.fillStyle = 'rgba(233, 236, 239, 0.8)';
      ctx.fillRect(GUTTER_WIDTH, yOf(row.top), bw, row.height);
    }
    // grid: minor and major ticks, row separators
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#f1f3f5';
    ctx.beginPath();
    for (const t of minorTicks) {
      const x = Math.round(xOf(t.utcMs)) + 0.5;
      ctx.moveTo(x, AXIS_HEIGHT);
      ctx.lineTo(x, AXIS_HEIGHT + bh);
    }
    ctx.stroke();
    ctx.strokeStyle = '#d5dae0';
    ctx.beginPath();
    for (const t of majorTicks) {
      const x = Math.round(xOf(t.utcMs)) + 0.5;
      ctx.moveTo(x, AXIS_HEIGHT);
      ctx.lineTo(x, AXIS_HEIGHT + bh);
    }
    for (let r = firstRow; r < lastRow; r++) {
      const y = Math.round(yOf(model.rows[r].top + model.rows[r].height)) - 0.5;
      ctx.moveTo(GUTTER_WIDTH, y);
      ctx.lineTo(GUTTER_WIDTH + bw, y);
    }
    ctx.stroke();

    // while a bar is dragged: the rows it may go to besides its own work center's
    const dragging = dragGhost.current ? model.indexOf.get(dragGhost.current.operationId) : undefined;
    if (dragging !== undefined) {
      const alternatives = new Set(model.operations[dragging].alternativeWorkCenterIds);
      ctx.fillStyle = 'rgba(18, 184, 134, 0.10)';
      for (let r = firstRow; r < lastRow; r++) {
        const row = model.rows[r];
        if (row.kind === 'machine' && alternatives.has(row.workCenterId))
          ctx.fillRect(GUTTER_WIDTH, yOf(row.top), bw, row.height);
      }
    }

    // bars
    const fills = model.colors[colorMode].fill;
    const setups = model.colors[colorMode].setup;
    ctx.font = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
    ctx.textBaseline = 'middle';
    const charWidth = 6.1;
    let drawn = 0;
    let selectedBar = -1;
    const outlined: number[] = [];
    for (let r = firstRow; r < lastRow; r++) {
      const row = model.rows[r];
      if (row.kind !== 'machine') continue;
      const y = yOf(row.top) + 4;
      const h = row.height - 9;
      forEachBarIn(model, r, t0, t1, (bar) => {
        const op = model.operations[bar];
        const xs = xOf(model.setupStart[bar]);
        const xr = xOf(model.start[bar]);
        const xe = Math.max(xOf(model.end[bar]), xs + 1);
        const faint = mask !== null && mask[bar] === 0;
        ctx.globalAlpha = faint ? 0.18 : op.status === 'done' ? 0.5 : 1;
        if (xr - xs >= 1) {
          ctx.fillStyle = setups[bar];
          ctx.fillRect(xs, y, xr - xs, h);
          if (xr - xs >= 4 && pattern.current) {
            ctx.fillStyle = pattern.current;
            ctx.fillRect(xs, y, xr - xs, h);
          }
        }
        ctx.fillStyle = fills[bar];
        ctx.fillRect(Math.max(xr, xs), y, Math.max(1, xe - Math.max(xr, xs)), h);
        if (op.status === 'running' || op.status === 'setup' || op.status === 'paused') {
          ctx.fillStyle = 'rgba(0, 0, 0, 0.45)';
          ctx.fillRect(xs, y + h - 3, xe - xs, 3);
        }
        const w = xe - xs;
        if (w > 48 && !faint) {
          const text = `${op.jobNumber} · ${op.operationNumber} ${op.name}`;
          const left = Math.max(xr, GUTTER_WIDTH) + 4;
          const room = xe - left - 4;
          const fit = Math.floor(room / charWidth);
          if (fit >= 4) {
            ctx.fillStyle = '#ffffff';
            ctx.fillText(fit >= text.length ? text : `${text.slice(0, fit - 1)}…`, left, y + h / 2);
          }
        }
        ctx.globalAlpha = 1;
        if (model.late[bar] && colorMode !== 'late') {
          ctx.strokeStyle = '#e03131';
          ctx.lineWidth = 2;
          ctx.strokeRect(xs + 1, y + 1, Math.max(0, w - 2), h - 2);
        }
        if (op.pinnedAt !== null && !faint) drawPin(ctx, xs + 5, y + 1);
        if (mask?.[bar]) outlined.push(bar);
        if (selectedId !== null && op.id === selectedId) selectedBar = bar;
        drawn++;
      });
    }
    // the ghost of a dragged or previewed move
    const ghost = dragGhost.current ?? propsRef.current.ghost ?? null;
    if (ghost) {
      const r = model.rows.findIndex(
        (row) =>
          row.kind === 'machine' &&
          row.workCenterId === ghost.workCenterId &&
          row.machine === ghost.machineIndex,
      );
      if (r >= 0) {
        const row = model.rows[r];
        const xs = xOf(ghost.setupStartMs);
        const xe = Math.max(xOf(ghost.endMs), xs + 2);
        const gy = yOf(row.top) + 3;
        const gh = row.height - 7;
        const bar = model.indexOf.get(ghost.operationId);
        // over a work center its routing does not name: red, the drop will be refused
        const refused =
          bar !== undefined &&
          ghost.workCenterId !== model.rows[model.rowOf[bar]].workCenterId &&
          !model.operations[bar].alternativeWorkCenterIds.includes(ghost.workCenterId);
        const ink = refused ? '#c92a2a' : '#1c2633';
        ctx.globalAlpha = 0.55;
        ctx.fillStyle = refused ? '#ffc9c9' : bar !== undefined ? fills[bar] : '#1c2633';
        ctx.fillRect(xs, gy, xe - xs, gh);
        ctx.globalAlpha = 1;
        ctx.setLineDash([5, 3]);
        ctx.strokeStyle = ink;
        ctx.lineWidth = 2;
        ctx.strokeRect(xs, gy, xe - xs, gh);
        ctx.setLineDash([]);
        const time = formatPlantTime(zone, ghost.setupStartMs);
        const label = refused ? `${time} · not an alternative work center` : time;
        const lw = ctx.measureText(label).width + 10;
        const ly = gy - 17 < AXIS_HEIGHT ? gy + gh + 2 : gy - 17;
        const lx = Math.max(GUTTER_WIDTH, Math.min(xs, GUTTER_WIDTH + bw - lw));
        ctx.fillStyle = ink;
        ctx.fillRect(lx, ly, lw, 15);
        ctx.fillStyle = '#ffffff';
        ctx.fillText(label, lx + 5, ly + 8);
      }
    }
    // search hits and the selection on top
    for (const bar of outlined) outline(bar, '#f59f00', 2.5);
    if (selectedBar >= 0) {
      outline(selectedBar, '#ffffff', 4);
      outline(selectedBar, '#1c2633', 2);
    }
    function outline(bar: number, color: string, lineWidth: number) {
      if (!model || !ctx) return;
      const row = model.rows[model.rowOf[bar]];
      const xs = xOf(model.setupStart[bar]);
      const xe = Math.max(xOf(model.end[bar]), xs + 1);
      ctx.strokeStyle = color;
      ctx.lineWidth = lineWidth;
      ctx.strokeRect(xs - 1, yOf(row.top) + 3, xe - xs + 2, row.height - 7);
    }
    // now
    const xNow = xOf(model.nowMs);
    if (xNow >= GUTTER_WIDTH && xNow <= GUTTER_WIDTH + bw) {
      ctx.fillStyle = '#fa5252';
      ctx.fillRect(Math.round(xNow) - 1, AXIS_HEIGHT, 2, bh);
    }
    ctx.restore();

    // machine names
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, AXIS_HEIGHT, GUTTER_WIDTH, bh);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, AXIS_HEIGHT, GUTTER_WIDTH, bh);
    ctx.clip();
    for (let r = firstRow; r < lastRow; r++) {
      const row = model.rows[r];
      const y = yOf(row.top);
      if (row.kind === 'work-center') {
        ctx.fillStyle = '#e9ecef';
        ctx.fillRect(0, y, GUTTER_WIDTH, row.height);
        ctx.fillStyle = '#1c2633';
        ctx.font = '600 11.5px system-ui, -apple-system, "Segoe UI", sans-serif';
        ctx.fillText(row.label, 8, y + row.height / 2);
        const codeWidth = ctx.measureText(row.label).width;
        ctx.fillStyle = '#5c6670';
        ctx.font = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
        const room = Math.floor((GUTTER_WIDTH - 20 - codeWidth) / 5.8);
        const name = row.detail.length > room ? `${row.detail.slice(0, Math.max(0, room - 1))}…` : row.detail;
        ctx.fillText(name, 14 + codeWidth, y + row.height / 2);
      } else {
        ctx.fillStyle = '#343a40';
        ctx.font = '12px ui-monospace, SFMono-Regular, Menlo, monospace';
        ctx.fillText(row.label, 18, y + row.height / 2);
        ctx.fillStyle = '#f1f3f5';
        ctx.fillRect(0, y + row.height - 1, GUTTER_WIDTH, 1);
      }
    }
    ctx.restore();
    ctx.fillStyle = '#ced4da';
    ctx.fillRect(GUTTER_WIDTH - 1, 0, 1, height);

    // time axis: the coarse row above, the fine one below
    ctx.fillStyle = '#f8f9fa';
    ctx.fillRect(0, 0, width, AXIS_HEIGHT);
    ctx.fillStyle = '#ced4da';
    ctx.fillRect(0, AXIS_HEIGHT - 1, width, 1);
    ctx.fillRect(GUTTER_WIDTH, AXIS_HEIGHT / 2, bw, 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER_WIDTH, 0, bw, AXIS_HEIGHT);
    ctx.clip();
    ctx.textBaseline = 'middle';
    ctx.font = '600 11.5px system-ui, -apple-system, "Segoe UI", sans-serif';
    majorTicks.forEach((t, k) => {
      const x = xOf(t.utcMs);
      const next = k + 1 < majorTicks.length ? xOf(majorTicks[k + 1].utcMs) : GUTTER_WIDTH + bw;
      ctx.fillStyle = '#ced4da';
      ctx.fillRect(Math.round(x), 0, 1, AXIS_HEIGHT / 2);
      const label = tickLabel(t.localMs, major, 'major');
      // the label sticks to the left edge while its span is on screen, and yields to the next
      const labelWidth = ctx.measureText(label).width;
      const left = Math.min(Math.max(x, GUTTER_WIDTH) + 6, next - labelWidth - 6);
      if (left >= x + 6 - 0.5 || (x < GUTTER_WIDTH && left >= GUTTER_WIDTH + 2)) {
        ctx.fillStyle = '#1c2633';
        ctx.fillText(label, left, AXIS_HEIGHT / 4 + 1);
      }
    });
    ctx.font = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
    minorTicks.forEach((t, k) => {
      const x = xOf(t.utcMs);
      const next = k + 1 < minorTicks.length ? xOf(minorTicks[k + 1].utcMs) : x + 200;
      ctx.fillStyle = '#dee2e6';
      ctx.fillRect(Math.round(x), AXIS_HEIGHT / 2, 1, AXIS_HEIGHT / 2);
      const label = tickLabel(t.localMs, minor, 'minor');
      const labelWidth = ctx.measureText(label).width;
      const cell = next - x;
      if (labelWidth + 6 <= cell && x >= GUTTER_WIDTH - 1) {
        ctx.fillStyle = '#495057';
        ctx.fillText(label, x + Math.min(4, (cell - labelWidth) / 2), (AXIS_HEIGHT * 3) / 4);
      }
    });
    if (xNow >= GUTTER_WIDTH && xNow <= GUTTER_WIDTH + bw) {
      ctx.fillStyle = '#fa5252';
      ctx.fillRect(Math.round(xNow) - 1, AXIS_HEIGHT / 2, 2, AXIS_HEIGHT / 2);
      ctx.beginPath();
      ctx.moveTo(xNow - 5, AXIS_HEIGHT / 2);
      ctx.lineTo(xNow + 5, AXIS_HEIGHT / 2);
      ctx.lineTo(xNow, AXIS_HEIGHT / 2 + 6);
      ctx.fill();
    }
    ctx.restore();
    ctx.fillStyle = '#495057';
    ctx.font = '600 11px system-ui, -apple-system, "Segoe UI", sans-serif';
    ctx.fillText('Machine', 8, AXIS_HEIGHT / 4 + 1);
    ctx.fillStyle = '#868e96';
    ctx.font = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
    ctx.fillText(zone.timeZone, 8, (AXIS_HEIGHT * 3) / 4);

    // a scroll thumb when the rows do not fit
    if (model.contentHeight > bh) {
      const thumb = Math.max(24, (bh * bh) / model.contentHeight);
      const top = AXIS_HEIGHT + (v.scrollTop / (model.contentHeight - bh)) * (bh - thumb);
      ctx.fillStyle = 'rgba(73, 80, 87, 0.35)';
      ctx.fillRect(width - 6, top, 4, thumb);
    }

    // what tests and the benchmark read
    const s = stats.current;
    s.drawn = drawn;
    s.frames++;
    const took = performance.now() - began;
    s.drawMs.push(took);
    if (s.drawMs.length > 2000) s.drawMs.splice(0, s.drawMs.length - 2000);
    if (s.firstPaintMs === null && model.operations.length > 0) {
      s.firstPaintMs = performance.now();
      s.firstPaintDrawMs = took;
      performance.mark('takt-board:first-paint', { detail: { bars: drawn } });
    }
    const container = containerRef.current;
    if (container) {
      container.dataset.drawnBars = String(drawn);
      container.dataset.totalBars = String(model.operations.length);
      container.dataset.visibleFrom = new Date(t0).toISOString();
      container.dataset.visibleTo = new Date(t1).toISOString();
    }
    const hook = window.__taktBoard;
    if (hook) {
      hook.drawnBars = drawn;
      hook.totalBars = model.operations.length;
      hook.visibleFrom = new Date(t0).toISOString();
      hook.visibleTo = new Date(t1).toISOString();
      hook.visibleRows = lastRow - firstRow;
      hook.frames = s.frames;
      hook.firstPaintMs = s.firstPaintMs;
      hook.firstPaintDrawMs = s.firstPaintDrawMs;
      hook.drawMs = s.drawMs;
    }
  }, []);

  const invalidate = useCallback(() => {
    if (frame.current === 0) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  /** The view moved: redraw, and tell the page once the user stops. */
  const moved = useCallback(() => {
    invalidate();
    clearTimeout(viewTimer.current);
    viewTimer.current = setTimeout(() => {
      const v = view.current;
      propsRef.current.onViewChange?.({
        fromMs: v.startMs,
        toMs: v.startMs + bodyWidthOf(size.current) * v.msPerPx,
      });
    }, 250);
  }, [invalidate]);

  const zoomAt = useCallback(
    (factor: number, px: number) => {
      const v = view.current;
      const at = v.startMs + px * v.msPerPx;
      v.msPerPx = clamp(v.msPerPx * factor, MIN_MS_PER_PX, MAX_MS_PER_PX);
      v.startMs = at - px * v.msPerPx;
      moved();
    },
    [moved],
  );

  const showRange = useCallback(
    (fromMs: number, toMs: number) => {
      const v = view.current;
      v.msPerPx = clamp((toMs - fromMs) / bodyWidthOf(size.current), MIN_MS_PER_PX, MAX_MS_PER_PX);
      v.startMs = (fromMs + toMs) / 2 - (bodyWidthOf(size.current) / 2) * v.msPerPx;
      moved();
    },
    [moved],
  );

  const reveal = useCallback(
    (ids: readonly string[]) => {
      const model = propsRef.current.model;
      if (!model) return;
      const bars = ids.map((id) => model.indexOf.get(id)).filter((i): i is number => i !== undefined);
      if (bars.length === 0) return;
      let from = Number.POSITIVE_INFINITY;
      let to = Number.NEGATIVE_INFINITY;
      let topRow = Number.POSITIVE_INFINITY;
      for (const b of bars) {
        from = Math.min(from, model.setupStart[b]);
        to = Math.max(to, model.end[b]);
        topRow = Math.min(topRow, model.rowOf[b]);
      }
      const v = view.current;
      const span = bodyWidthOf(size.current) * v.msPerPx;
      const pad = Math.max((to - from) * 0.15, 2 * HOUR_MS);
      // keep the zoom when everything fits, else zoom out until it does
      if (to - from + 2 * pad > span) showRange(from - pad, to + pad);
      else v.startMs = (from + to) / 2 - span / 2;
      const row = model.rows[topRow];
      v.scrollTop = row.top - Math.min(bodyHeightOf(size.current) / 3, 90);
      // near the last rows the scroll stops at the end: where the bars are until the next frame too
      clampScroll(v, model, size.current);
      moved();
    },
    [moved, showRange],
  );

  const visibleRange = useCallback(() => {
    const v = view.current;
    return { fromMs: v.startMs, toMs: v.startMs + bodyWidthOf(size.current) * v.msPerPx };
  }, []);

  useImperativeHandle(
    props.handleRef,
    () => ({ zoom: (f) => zoomAt(f, bodyWidthOf(size.current) / 2), showRange, reveal, visibleRange }),
    [zoomAt, showRange, reveal, visibleRange],
  );

  /** The bar under a point of the canvas, or -1. */
  const barAt = useCallback((x: number, y: number): number => {
    const model = propsRef.current.model;
    if (!model || x < GUTTER_WIDTH || y < AXIS_HEIGHT) return -1;
    const v = view.current;
    const contentY = y - AXIS_HEIGHT + v.scrollTop;
    const r = rowAt(model, contentY);
    const row = model.rows[r];
    if (row?.kind !== 'machine' || contentY < row.top) return -1;
    const t = v.startMs + (x - GUTTER_WIDTH) * v.msPerPx;
    const tolerance = 3 * v.msPerPx;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    forEachBarIn(model, r, t - tolerance, t + tolerance, (bar) => {
      const a = model.setupStart[bar];
      const b = Math.max(model.end[bar], a + v.msPerPx);
      const distance = t < a ? a - t : t > b ? t - b : 0;
      if (distance < bestDistance) {
        best = bar;
        bestDistance = distance;
      }
    });
    return best;
  }, []);

  // size: CSS pixels × devicePixelRatio, again on resize and when the screen's ratio changes
  useEffect(() => {
    const container = containerRef.current;
    const canvas = canvasRef.current;
    if (!container || !canvas) return;
    let media: MediaQueryList | null = null;
    const resize = () => {
      const dpr = window.devicePixelRatio || 1;
      const rect = container.getBoundingClientRect();
      const width = Math.floor(rect.width);
      const height = Math.floor(rect.height);
      size.current = { width, height, dpr };
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      if (!fitted.current && width > GUTTER_WIDTH) {
        // the initial range across the width the canvas really has
        fitted.current = true;
        const { fromMs, toMs } = propsRef.current.initialRange;
        view.current.msPerPx = clamp((toMs - fromMs) / (width - GUTTER_WIDTH), MIN_MS_PER_PX, MAX_MS_PER_PX);
        view.current.startMs = fromMs;
      }
      media?.removeEventListener('change', resize);
      media = window.matchMedia(`(resolution: ${dpr}dppx)`);
      media.addEventListener('change', resize);
      invalidate();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(container);
    resize();
    return () => {
      observer.disconnect();
      media?.removeEventListener('change', resize);
    };
  }, [invalidate]);

  // redraw when what is drawn changes
  // biome-ignore lint/correctness/useExhaustiveDependencies: these props are read through propsRef at draw time
  useEffect(() => {
    invalidate();
  }, [props.model, props.colorMode, props.selectedId, props.highlightedIds, props.ghost, invalidate]);

  // gestures
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let drag: {
      x: number;
      y: number;
      startMs: number;
      scrollTop: number;
      moved: boolean;
      id: number;
      /** dragging a bar (a move), not the view */
      bar: number;
      /** ms between the pointer and the bar's setup start when it was grabbed */
      grab: number;
      /** the machine row the ghost is on */
      row: number;
    } | null = null;
    /** the machine row under a content y (over a work center's header: the row it was on) */
    const machineRowNear = (model: BoardModel, y: number, previous: number) => {
      const contentY = y - AXIS_HEIGHT + view.current.scrollTop;
      const r = rowAt(model, contentY);
      return model.rows[r]?.kind === 'machine' ? r : previous;
    };
    const local = (e: MouseEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };
    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      const p = local(e);
      const bar = barAt(p.x, p.y);
      const model = propsRef.current.model;
      if (bar >= 0 && model && propsRef.current.onBarPointerDown?.(model.operations[bar], e)) return;
      const draggable =
        bar >= 0 && model && propsRef.current.onBarDrop && propsRef.current.canDrag?.(model.operations[bar]);
      canvas.setPointerCapture(e.pointerId);
      canvas.focus({ preventScroll: true });
      drag = {
        ...p,
        startMs: view.current.startMs,
        scrollTop: view.current.scrollTop,
        moved: false,
        id: e.pointerId,
        bar: draggable ? bar : -1,
        row: draggable && model ? model.rowOf[bar] : -1,
        grab:
          draggable && model
            ? view.current.startMs + (p.x - GUTTER_WIDTH) * view.current.msPerPx - model.setupStart[bar]
            : 0,
      };
      canvas.style.cursor = draggable ? 'move' : 'grabbing';
    };
    const move = (e: PointerEvent) => {
      const p = local(e);
      if (drag) {
        const dx = p.x - drag.x;
        const dy = p.y - drag.y;
        if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
        drag.moved = true;
        const model = propsRef.current.model;
        if (drag.bar >= 0 && model) {
          // a ghost follows the pointer: snapped in time, held to the work center's machine rows
          const bar = drag.bar;
          const r = machineRowNear(model, p.y, drag.row);
          drag.row = r;
          const t = view.current.startMs + (p.x - GUTTER_WIDTH) * view.current.msPerPx - drag.grab;
          const setupStartMs = Math.round(t / SNAP_MS) * SNAP_MS;
          dragGhost.current = {
            operationId: model.operations[bar].id,
            workCenterId: model.rows[r].workCenterId,
            machineIndex: model.rows[r].machine,
            setupStartMs,
            endMs: setupStartMs + (model.end[bar] - model.setupStart[bar]),
          };
          setHover(null);
          invalidate();
          return;
        }
        view.current.startMs = drag.startMs - dx * view.current.msPerPx;
        view.current.scrollTop = drag.scrollTop - dy;
        clampScroll(view.current, propsRef.current.model, size.current);
        setHover(null);
        moved();
        return;
      }
      const bar = barAt(p.x, p.y);
      canvas.style.cursor = bar >= 0 ? 'pointer' : 'grab';
      setHover((h) => (bar < 0 ? null : h?.bar === bar ? h : { bar, x: p.x, y: p.y }));
    };
    const up = (e: PointerEvent) => {
      if (!drag) return;
      const wasClick = !drag.moved;
      if (canvas.hasPointerCapture(drag.id)) canvas.releasePointerCapture(drag.id);
      const bar = drag.bar;
      drag = null;
      canvas.style.cursor = 'grab';
      const ghost = dragGhost.current;
      if (bar >= 0 && ghost) {
        dragGhost.current = null;
        const model = propsRef.current.model;
        if (e.type === 'pointerup' && model)
          propsRef.current.onBarDrop?.(model.operations[bar], {
            workCenterId: ghost.workCenterId,
            machineIndex: ghost.machineIndex,
            setupStartMs: ghost.setupStartMs,
          });
        invalidate();
        return;
      }
      if (wasClick) {
        const p = local(e);
        const bar = barAt(p.x, p.y);
        const model = propsRef.current.model;
        propsRef.current.onSelect(bar >= 0 && model ? model.operations[bar] : null);
      }
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const p = local(e);
      const delta = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      if (p.x < GUTTER_WIDTH) {
        view.current.scrollTop += e.deltaY * delta;
        clampScroll(view.current, propsRef.current.model, size.current);
        moved();
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        view.current.startMs +=
          (Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY) * delta * view.current.msPerPx;
        moved();
      } else {
        zoomAt(Math.exp(clamp(e.deltaY * delta, -300, 300) * 0.0015), p.x - GUTTER_WIDTH);
      }
      setHover(null);
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && drag?.bar !== undefined && drag.bar >= 0 && dragGhost.current) {
        // cancel the drag: nothing is dropped
        if (canvas.hasPointerCapture(drag.id)) canvas.releasePointerCapture(drag.id);
        drag = null;
        dragGhost.current = null;
        canvas.style.cursor = 'grab';
        invalidate();
        return;
      }
      const step = bodyWidthOf(size.current) * 0.15 * view.current.msPerPx;
      if (e.key === 'ArrowLeft') view.current.startMs -= step;
      else if (e.key === 'ArrowRight') view.current.startMs += step;
      else if (e.key === 'ArrowUp') view.current.scrollTop -= 60;
      else if (e.key === 'ArrowDown') view.current.scrollTop += 60;
      else if (e.key === '+' || e.key === '=') return zoomAt(1 / 1.5, bodyWidthOf(size.current) / 2);
      else if (e.key === '-') return zoomAt(1.5, bodyWidthOf(size.current) / 2);
      else return;
      e.preventDefault();
      clampScroll(view.current, propsRef.current.model, size.current);
      moved();
    };
    const leave = () => setHover(null);
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    canvas.addEventListener('pointerleave', leave);
    canvas.addEventListener('wheel', wheel, { passive: false });
    canvas.addEventListener('keydown', key);
    return () => {
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
      canvas.removeEventListener('pointerleave', leave);
      canvas.removeEventListener('wheel', wheel);
      canvas.removeEventListener('keydown', key);
    };
  }, [barAt, moved, zoomAt, invalidate]);

  // the test hook
  useEffect(() => {
    const hook: BoardTestHook = {
      drawnBars: 0,
      totalBars: 0,
      visibleFrom: '',
      visibleTo: '',
      visibleRows: 0,
      frames: 0,
      firstPaintMs: null,
      firstPaintDrawMs: null,
      drawMs: [],
      locate(id) {
        const model = propsRef.current.model;
        const canvas = canvasRef.current;
        const bar = model?.indexOf.get(id);
        if (!model || !canvas || bar === undefined) return null;
        const v = view.current;
        const row = model.rows[model.rowOf[bar]];
        const a = Math.max(model.setupStart[bar], v.startMs);
        const b = Math.min(model.end[bar], v.startMs + bodyWidthOf(size.current) * v.msPerPx);
        const y = AXIS_HEIGHT + row.top - v.scrollTop + row.height / 2;
        if (b <= a || y < AXIS_HEIGHT || y > AXIS_HEIGHT + bodyHeightOf(size.current)) return null;
        const rect = canvas.getBoundingClientRect();
        return { x: rect.left + GUTTER_WIDTH + ((a + b) / 2 - v.startMs) / v.msPerPx, y: rect.top + y };
      },
      pointAt(workCenterId, machineIndex, utcMs) {
        const model = propsRef.current.model;
        const canvas = canvasRef.current;
        if (!model || !canvas) return null;
        const row = model.rows.find(
          (r) => r.kind === 'machine' && r.workCenterId === workCenterId && r.machine === machineIndex,
        );
        if (!row) return null;
        const v = view.current;
        const x = GUTTER_WIDTH + (utcMs - v.startMs) / v.msPerPx;
        const y = AXIS_HEIGHT + row.top - v.scrollTop + row.height / 2;
        if (x < GUTTER_WIDTH || x > size.current.width || y < AXIS_HEIGHT || y > size.current.height)
          return null;
        const rect = canvas.getBoundingClientRect();
        return { x: rect.left + x, y: rect.top + y };
      },
      get ghost() {
        return dragGhost.current ?? propsRef.current.ghost ?? null;
      },
      reveal: (ids) => reveal(ids),
    };
    window.__taktBoard = hook;
    invalidate();
    return () => {
      if (window.__taktBoard === hook) delete window.__taktBoard;
      cancelAnimationFrame(frame.current);
      frame.current = 0;
      clearTimeout(viewTimer.current);
    };
  }, [reveal, invalidate]);

  const model = props.model;
  const hovered = hover && model ? model.operations[hover.bar] : null;
  const zone = model
    ? clock.current?.timeZone === model.timeZone
      ? clock.current
      : plantClock(model.timeZone)
    : null;
  const containerStyle: CSSProperties = {
    position: 'relative',
    height: props.height,
    overflow: 'hidden',
    userSelect: 'none',
    border: '1px solid var(--mantine-color-gray-3)',
    borderRadius: 4,
    background: '#fff',
  };
  return (
    <div ref={containerRef} style={containerStyle} data-testid="planning-gantt">
      <canvas
        ref={canvasRef}
        tabIndex={0}
        aria-label="Planning board: operations on machines over time"
        style={{ display: 'block', cursor: 'grab', touchAction: 'none', outline: 'none' }}
      />
      {hovered && hover && zone && (
        <BarTooltip
          op={hovered}
          machine={model!.machineOf[hover.bar]}
          clock={zone}
          x={hover.x}
          y={hover.y}
          width={size.current.width}
        />
      )}
    </div>
  );
}

function BarTooltip({
  op,
  machine,
  clock,
  x,
  y,
  width,
}: {
  op: BoardOperation;
  machine: string;
  clock: PlantClock;
  x: number;
  y: number;
  width: number;
}) {
  const left = x + 14 + 300 > width ? Math.max(0, x - 300 - 14) : x + 14;
  const t = (iso: string) => formatPlantTime(clock, Date.parse(iso));
  const hours = (Date.parse(op.plannedEnd) - Date.parse(op.plannedSetupStart)) / HOUR_MS;
  return (
    <div
      data-testid="gantt-tooltip"
      style={{
        position: 'absolute',
        left,
        top: y + 16,
        width: 300,
        pointerEvents: 'none',
        background: '#1c2633',
        color: '#fff',
        borderRadius: 4,
        padding: '8px 10px',
        fontSize: 12,
        lineHeight: 1.45,
        boxShadow: '0 4px 14px rgba(0,0,0,0.25)',
        zIndex: 5,
      }}
    >
      <div style={{ fontWeight: 600 }}>
        {op.jobNumber} · op {op.operationNumber} {op.name}
        {op.late && <span style={{ color: '#ff8787', marginLeft: 6 }}>late</span>}
      </div>
      <div>{op.orderNumber ? `${op.orderNumber} · ${op.customerName}` : 'no sales order (stock)'}</div>
      <div style={{ color: '#ced4da' }}>
        {op.itemNumber} {op.itemName} × {op.quantity}
      </div>
      <div style={{ marginTop: 4, display: 'grid', gridTemplateColumns: '54px 1fr', columnGap: 8 }}>
        <span style={{ color: '#adb5bd' }}>setup</span>
        <span>{t(op.plannedSetupStart)}</span>
        <span style={{ color: '#adb5bd' }}>start</span>
        <span>{t(op.plannedStart)}</span>
        <span style={{ color: '#adb5bd' }}>end</span>
        <span>{t(op.plannedEnd)}</span>
      </div>
      <div style={{ color: '#adb5bd', marginTop: 2 }}>
        {machine} · {op.status} · {hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`} ·{' '}
        {clock.timeZone}
      </div>
    </div>
  );
}

/** A default window: from half a day before now, `days` long. */
export function rangeAround(nowMs: number, days: number): { fromMs: number; toMs: number } {
  return { fromMs: nowMs - 12 * HOUR_MS, toMs: nowMs - 12 * HOUR_MS + days * DAY_MS };
}
