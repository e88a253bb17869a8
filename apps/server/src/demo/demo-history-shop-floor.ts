/**
 * What the shop floor did with the demo history's jobs: a dispatch simulation, not a plan. Each
 * operation, once its predecessors (and, for a job's first operations, its child jobs) are done
 * and its queue time has passed, goes to the machine of its work center (or of an alternative)
 * that finishes it first, in the order operations became ready (first come, first served, no
 * back-filling). On the machine it takes its setup and its run on the machine's shifts:
 *   run time = planned run × parts started ÷ parts planned ÷ performance (80–95 %, some slower)
 * interrupted by stops drawn per reason as Poisson processes over the run time (tool changes,
 * breakdowns, waiting for material or an operator, quality checks, a setup problem now and then),
 * plus micro-stops within the run, which cost performance, not availability. A stop ends at the
 * latest with its shift (the next shift starts the machine again).
 *
 * Connected machines (saws, presses, lathes, machining centers, the grinder) report states and
 * counts; the others' stops are reported by their operators. Machines get planned maintenance
 * every three weeks; idle stretches of an hour or more are booked as "no order" by the shift.
 * Pure and deterministic for a seeded Random; O(operations × candidate machines) walks.
 */
import type { Random } from '@takt/engine';
import type { PlanningOperation } from '../modules/catalog/plant-structure';
import type { HistoryJob } from './demo-history-orders';
import { type Piece, type Shift, ShiftWalker, withoutIntervals } from './demo-history-shifts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export type StopReason =
  | 'BREAKDOWN'
  | 'TOOL'
  | 'MATERIAL'
  | 'QUALITY'
  | 'NO-OPERATOR'
  | 'SETUP-ISSUE'
  | 'PM'
  | 'NO-ORDER';
export type ScrapReason = 'DIM' | 'SURFACE' | 'CRACK' | 'MATERIAL' | 'SETUP' | 'HANDLING';
export type MachineClass = 'forge' | 'machining' | 'furnace' | 'blast' | 'manual';

export interface SetupMatrix {
  defaultChangeover: number;
  sameFamily: number;
  initial: number;
  entries: { from: string; to: string; minutes: number }[];
}

export interface FloorWorkCenter {
  id: string;
  code: string;
  efficiency: number;
  machineCount: number;
  matrix: SetupMatrix | null;
  shifts: Shift[];
}

export interface FloorMachine {
  code: string;
  index: number;
  wc: FloorWorkCenter;
  cls: MachineClass;
  /** reports states and counts over MQTT */
  connected: boolean;
  walker: ShiftWalker;
  maintenance: { start: number; end: number }[];
  freeAt: number;
  lastFamily: string | null | undefined;
}

export interface FloorStop {
  machine: FloorMachine;
  start: number;
  /** null: still open (a machine without an order since its last job) */
  end: number | null;
  reason: StopReason | null;
  micro: boolean;
  planned: boolean;
  operation: DoneOperation | null;
}

export interface RunPiece extends Piece {
  /** minutes of the piece the machine made parts (the piece less its stops) */
  net: number;
}

export interface DoneOperation {
  key: number;
  /** as of the end of the history: done, paused in the middle (it goes on today), or not started */
  state: 'done' | 'paused' | 'released';
  /** the whole operation as the floor will run it (its plan, for one that is not done) */
  full: DoneOperation | null;
  job: HistoryJob;
  op: PlanningOperation;
  wc: FloorWorkCenter;
  machine: FloorMachine;
  plannedSetup: number;
  plannedRun: number;
  /** parts in and out */
  processed: number;
  scrap: number;
  scrapReason: ScrapReason | null;
  setupPieces: Piece[];
  runPieces: RunPiece[];
  stops: FloorStop[];
  setupStart: number;
  runStart: number;
  end: number;
  ready: number;
}

export interface FloorHistory {
  operations: DoneOperation[];
  /** per job: when its first operation started and its last ended */
  jobTimes: Map<number, { start: number; end: number }>;
  stops: FloorStop[];
  machines: FloorMachine[];
}

const CONNECTED = new Set(['SAW', 'FP16', 'FP40', 'LATHE', 'MILL', 'GRIND']);
const CLASS_OF: Record<string, MachineClass> = {
  SAW: 'forge',
  FP16: 'forge',
  FP40: 'forge',
  HT: 'furnace',
  SHOT: 'blast',
  LATHE: 'machining',
  MILL: 'machining',
  GRIND: 'machining',
};

/** Performance of each work center when it runs (planned ÷ actual run time), its median. */
const PERFORMANCE: Record<string, number> = {
  SAW: 0.92,
  FP16: 0.86,
  FP40: 0.83,
  HT: 0.95,
  SHOT: 0.9,
  LATHE: 0.9,
  MILL: 0.87,
  GRIND: 0.85,
  INSP: 0.9,
  ASSY: 0.88,
  PAINT: 0.9,
  PACK: 0.92,
};

interface StopKind {
  reason: StopReason;
  /** mean run minutes between two */
  every: number;
  median: number;
  sigma: number;
  min: number;
  max: number;
}
const STOPS: Record<MachineClass, StopKind[]> = {
  forge: [
    { reason: 'TOOL', every: 540, median: 18, sigma: 0.4, min: 6, max: 60 },
    { reason: 'BREAKDOWN', every: 2_400, median: 55, sigma: 0.7, min: 15, max: 240 },
    { reason: 'MATERIAL', every: 1_100, median: 22, sigma: 0.5, min: 8, max: 75 },
    { reason: 'QUALITY', every: 1_800, median: 20, sigma: 0.5, min: 8, max: 60 },
    { reason: 'NO-OPERATOR', every: 2_600, median: 25, sigma: 0.5, min: 10, max: 75 },
  ],
  machining: [
    { reason: 'TOOL', every: 420, median: 14, sigma: 0.45, min: 5, max: 50 },
    { reason: 'BREAKDOWN', every: 3_000, median: 50, sigma: 0.7, min: 15, max: 240 },
    { reason: 'MATERIAL', every: 1_500, median: 25, sigma: 0.5, min: 8, max: 75 },
    { reason: 'QUALITY', every: 1_200, median: 18, sigma: 0.5, min: 6, max: 60 },
    { reason: 'NO-OPERATOR', every: 2_200, median: 25, sigma: 0.5, min: 10, max: 75 },
  ],
  furnace: [
    { reason: 'BREAKDOWN', every: 5_000, median: 60, sigma: 0.6, min: 20, max: 240 },
    { reason: 'MATERIAL', every: 2_500, median: 30, sigma: 0.5, min: 10, max: 90 },
  ],
  blast: [
    { reason: 'BREAKDOWN', every: 3_500, median: 45, sigma: 0.6, min: 15, max: 180 },
    { reason: 'MATERIAL', every: 1_600, median: 20, sigma: 0.5, min: 8, max: 60 },
    { reason: 'QUALITY', every: 2_000, median: 20, sigma: 0.5, min: 8, max: 60 },
  ],
  manual: [
    { reason: 'MATERIAL', every: 900, median: 25, sigma: 0.5, min: 8, max: 90 },
    { reason: 'NO-OPERATOR', every: 1_400, median: 30, sigma: 0.5, min: 10, max: 90 },
    { reason: 'QUALITY', every: 1_800, median: 20, sigma: 0.5, min: 8, max: 60 },
  ],
};
/** micro-stops (connected machines): mean run minutes between two */
const MICRO_EVERY = 150;
/** idle stretches at least this long are booked as "no order" */
const NO_ORDER_MINUTES = 60;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export interface FloorInput {
  jobs: HistoryJob[];
  /** when each job may start (released, material in the house) */
  releaseOf: (job: HistoryJob) => number;
  workCenters: FloorWorkCenter[];
  /** the window: maintenance and "no order" are booked within it */
  from: number;
  to: number;
}

export function simulateFloor(rng: Random, input: FloorInput): FloorHistory {
  const wcById = new Map(input.workCenters.map((w) => [w.id, w]));
  const machines: FloorMachine[] = [];
  const machinesOf = new Map<string, FloorMachine[]>();
  for (const wc of input.workCenters) {
    const list: FloorMachine[] = [];
    for (let i = 0; i < wc.machineCount; i++) {
      const cls = CLASS_OF[wc.code] ?? 'manual';
      const connected = CONNECTED.has(wc.code);
      const maintenance =
        cls === 'manual' ? [] : maintenanceOf(wc.shifts, input.from, input.to, machines.length, cls);
      const m: FloorMachine = {
        code: `${wc.code}-${i + 1}`,
        index: i,
        wc,
        cls,
        connected,
        maintenance,
        walker: new ShiftWalker(withoutIntervals(wc.shifts, maintenance)),
        freeAt: input.from,
        lastFamily: undefined,
      };
      list.push(m);
      machines.push(m);
    }
    machinesOf.set(wc.id, list);
  }

  // operations whose predecessors are done, waiting for a machine
  interface Pending {
    job: HistoryJob;
    op: PlanningOperation;
    ready: number;
    /** MTO due date: the line's requested date, earlier for the parts deeper in its tree */
    due: number;
    seq: number;
    machines: { m: FloorMachine; speed: number }[];
  }
  const pending: Pending[] = [];
  const levelOf = (job: HistoryJob): number => (job.parent ? 1 + levelOf(job.parent) : 0);
  const push = (p: Omit<Pending, 'due' | 'machines'>) => {
    const machines = [
      { wcId: p.op.workCenterId, speed: 1 },
      ...p.op.alternatives.map((a) => ({ wcId: a.workCenterId, speed: a.speedFactor })),
    ].flatMap((c) => (machinesOf.get(c.wcId) ?? []).map((m) => ({ m, speed: c.speed })));
    if (machines.length === 0)
      throw new Error(`demo history: no machine for ${p.job.item.number} ${p.op.number}`);
    pending.push({ ...p, machines, due: p.job.order.requestedAt - levelOf(p.job) * 4 * DAY });
  };
  /**
   * Non-delay dispatching by due date: the machine that can start something first takes, of the
   * operations waiting for it by then, the one due first (ties: the one ready first).
   */
  const next = (): Pending => {
    let first = Number.POSITIVE_INFINITY;
    let machine: FloorMachine | null = null;
    for (const p of pending)
      for (const { m } of p.machines) {
        const start = m.walker.next(Math.max(p.ready, m.freeAt));
        if (start < first) {
          first = start;
          machine = m;
        }
      }
    let chosen = -1;
    pending.forEach((p, x) => {
      if (!p.machines.some((c) => c.m === machine)) return;
      if (machine!.walker.next(Math.max(p.ready, machine!.freeAt)) > first) return;
      const c = pending[chosen];
      if (chosen < 0 || p.due < c.due || (p.due === c.due && p.seq < c.seq)) chosen = x;
    });
    return pending.splice(chosen, 1)[0];
  };
  let seq = 0;

  const predecessorsOf = (job: HistoryJob, op: PlanningOperation): string[] => {
    if (op.predecessors.length > 0) return op.predecessors;
    const x = job.operations.findIndex((o) => o.number === op.number);
    return x > 0 ? [job.operations[x - 1].number] : [];
  };
  const scrapPlan = new Map<number, Map<string, { n: number; reason: ScrapReason }>>();
  for (const job of input.jobs)
    scrapPlan.set(
      job.key,
      scrapOf(rng, job, (id) => wcById.get(id)?.code ?? ''),
    );

  const done = new Map<string, DoneOperation>();
  const key = (job: HistoryJob, number: string) => `${job.key}|${number}`;
  const waitingChildren = new Map(input.jobs.map((j) => [j.key, j.children.length]));
  const childrenDoneAt = new Map<number, number>();
  const jobTimes = new Map<number, { start: number; end: number }>();
  const operations: DoneOperation[] = [];
  const stops: FloorStop[] = [];
  const startJob = (job: HistoryJob, at: number) => {
    for (const op of job.operations)
      if (predecessorsOf(job, op).length === 0)
        push({ job, op, ready: at + op.queueMinutes * MINUTE, seq: seq++ });
  };
  for (const job of input.jobs) if (job.children.length === 0) startJob(job, input.releaseOf(job));

  while (pending.length > 0) {
    const { job, op, ready, machines: candidates } = next();
    const processed =
      job.started -
      job.operations
        .filter((o) => o.number < op.number)
        .reduce((sum, o) => sum + (scrapPlan.get(job.key)!.get(o.number)?.n ?? 0), 0);
    const scrap = scrapPlan.get(job.key)!.get(op.number);
    const family = job.item.family;
    // the machine that finishes it first, on its work center or an alternative
    let best: {
      m: FloorMachine;
      speed: number;
      start: number;
      setup: number;
      run: number;
      end: number;
    } | null = null;
    for (const { m, speed } of candidates) {
      const start = m.walker.next(Math.max(ready, m.freeAt));
      const setup = setupMinutes(m, op, family);
      const run = Math.ceil((op.runMinutesPerUnit * job.quantity) / (m.wc.efficiency * speed) - 1e-9);
      // the alternative (another work center) only when it finishes a shift earlier
      const end = m.walker.walk(start, setup + run).end + (m.wc.id === op.workCenterId ? 0 : 8 * HOUR);
      if (!best || end < best.end) best = { m, speed, start, setup, run, end };
    }
    const { m, setup, run } = best!;

    // the setup as it went, then the run with its stops
    const actualSetup = setup > 0 ? clamp(rng.lognormal(setup * 1.05, 0.22), setup * 0.6, setup * 2.2) : 0;
    const setupWalk = m.walker.walk(best!.start, actualSetup);
    const base = PERFORMANCE[m.wc.code] ?? 0.88;
    const slow = rng.next() < 0.1;
    const performance = slow
      ? clamp(base * (0.72 + rng.next() * 0.14), 0.55, 0.9)
      : clamp(rng.lognormal(base, 0.05), 0.78, 0.97);
    const net = ((run * processed) / Math.max(1, job.quantity)) * (1 / performance);
    const done_: DoneOperation = {
      key: operations.length,
      state: 'done',
      full: null,
      job,
      op,
      wc: m.wc,
      machine: m,
      plannedSetup: setup,
      plannedRun: run,
      processed,
      scrap: scrap?.n ?? 0,
      scrapReason: scrap?.reason ?? null,
      setupPieces: setupWalk.pieces,
      runPieces: [],
      stops: [],
      setupStart: setupWalk.pieces[0]?.start ?? setupWalk.end,
      runStart: 0,
      end: 0,
      ready,
    };
    const setupIssue = setup > 0 && m.cls !== 'manual' && rng.next() < 0.1;
    runOperation(rng, done_, setupWalk.end, net, setupIssue);
    operations.push(done_);
    stops.push(...done_.stops);
    m.freeAt = done_.end;
    m.lastFamily = family;
    done.set(key(job, op.number), done_);

    // successors of the job, or the job is done and its parent may start
    const successors = job.operations.filter((o) => predecessorsOf(job, o).includes(op.number));
    for (const s of successors) {
      const preds = predecessorsOf(job, s).map((n) => done.get(key(job, n)));
      if (preds.some((p) => !p)) continue;
      const at = Math.max(
        ...preds.map(
          (p) => p!.end + (job.operations.find((o) => o.number === p!.op.number)?.moveMinutes ?? 0) * MINUTE,
        ),
      );
      push({ job, op: s, ready: at + s.queueMinutes * MINUTE, seq: seq++ });
    }
    if (job.operations.every((o) => done.has(key(job, o.number)))) {
      const mine = job.operations.map((o) => done.get(key(job, o.number))!);
      const times = {
        start: Math.min(...mine.map((o) => o.setupStart)),
        end: Math.max(...mine.map((o) => o.end)),
      };
      jobTimes.set(job.key, times);
      const parent = job.parent;
      if (parent) {
        const left = waitingChildren.get(parent.key)! - 1;
        waitingChildren.set(parent.key, left);
        childrenDoneAt.set(parent.key, Math.max(childrenDoneAt.get(parent.key) ?? 0, times.end));
        // an hour to put the parts away and kit them for the parent
        if (left === 0)
          startJob(parent, Math.max(childrenDoneAt.get(parent.key)! + HOUR, input.releaseOf(parent)));
      }
    }
  }
  if (operations.length !== input.jobs.reduce((s, j) => s + j.operations.length, 0))
    throw new Error('demo history: some operations never became ready');

  stops.push(...plannedStops(rng, machines, operations, input.from, input.to));
  stops.sort((a, b) => a.start - b.start || a.machine.code.localeCompare(b.machine.code));
  return { operations, jobTimes, stops, machines };
}

/** Planned setup: the work center's setup matrix by family (the forge dies, furnace recipes), else the routing's. */
function setupMinutes(m: FloorMachine, op: PlanningOperation, family: string | null): number {
  const matrix = m.wc.matrix;
  if (!matrix) return op.setupMinutes;
  if (m.lastFamily === undefined) return matrix.initial;
  if (family && m.lastFamily === family) return matrix.sameFamily;
  const entry = matrix.entries.find((e) => e.from === m.lastFamily && e.to === family);
  return entry ? entry.minutes : matrix.defaultChangeover;
}

/**
 * Where a job's started-but-not-delivered parts were scrapped, and why: a forging's at the crack
 * test (or a lap from the press), a machined part's as the first part of the setup, at the
 * grinder or at the measuring machine.
 */
function scrapOf(
  rng: Random,
  job: HistoryJob,
  codeOf: (workCenterId: string) => string,
): Map<string, { n: number; reason: ScrapReason }> {
  const out = new Map<string, { n: number; reason: ScrapReason }>();
  const on = (...codes: string[]) => job.operations.find((o) => codes.includes(codeOf(o.workCenterId)));
  for (let i = 0; i < job.started - job.quantity; i++) {
    const roll = rng.next();
    const [op, reason]: [PlanningOperation | undefined, ScrapReason] = on('FP16', 'FP40')
      ? roll < 0.7
        ? [on('SHOT'), 'CRACK']
        : [on('FP16', 'FP40'), 'MATERIAL']
      : on('GRIND') && roll > 0.75
        ? [on('GRIND'), 'SURFACE']
        : on('INSP') && roll > 0.45
          ? [on('INSP'), 'DIM']
          : [job.operations[0], roll < 0.2 ? 'DIM' : 'SETUP'];
    const at = op ?? job.operations[0];
    const e = out.get(at.number) ?? { n: 0, reason };
    e.n++;
    out.set(at.number, e);
  }
  return out;
}

/** Lays the run onto the machine's shifts, with stops and micro-stops drawn over it. */
function runOperation(rng: Random, o: DoneOperation, from: number, netMinutes: number, setupIssue: boolean) {
  const m = o.machine;
  const kinds = STOPS[m.cls];
  const rate = kinds.reduce((s, k) => s + 1 / k.every, 0);
  const draw = () => rng.exponential(1 / rate) * MINUTE;
  const drawMicro = () => rng.exponential(MICRO_EVERY) * MINUTE;
  const kindOf = () => {
    let u = rng.next() * rate;
    for (const k of kinds) {
      u -= 1 / k.every;
      if (u <= 0) return k;
    }
    return kinds[kinds.length - 1];
  };
  const duration = (k: { median: number; sigma: number; min: number; max: number }) =>
    clamp(rng.lognormal(k.median, k.sigma), k.min, k.max) * MINUTE;

  let left = netMinutes * MINUTE;
  let toStop = draw();
  let toMicro = m.connected ? drawMicro() : Number.POSITIVE_INFINITY;
  let cursor = m.walker.next(from);
  let pendingSetupIssue = setupIssue;
  o.runStart = cursor;
  while (left > 0) {
    const shift = m.walker.shiftAt(cursor);
    if (!shift) {
      cursor = m.walker.next(cursor);
      if (!Number.isFinite(cursor)) throw new Error('demo history: the run goes past the window');
      continue;
    }
    const pieceStart = cursor;
    let net = 0;
    while (cursor < shift.end && left > 0) {
      if (pendingSetupIssue) {
        pendingSetupIssue = false;
        const end = Math.min(shift.end, cursor + duration({ median: 25, sigma: 0.5, min: 10, max: 75 }));
        o.stops.push(stop(o, cursor, end, 'SETUP-ISSUE', false));
        cursor = end;
        continue;
      }
      const step = Math.min(left, toStop, toMicro, shift.end - cursor);
      cursor += step;
      left -= step;
      net += step;
      toStop -= step;
      toMicro -= step;
      if (left <= 0 || cursor >= shift.end) break;
      if (toMicro <= 0) {
        const end = Math.min(shift.end, cursor + (15 + rng.next() * 95) * 1000);
        o.stops.push(stop(o, cursor, end, null, true));
        // the next stop waits until the machine runs again
        toStop = Math.max(toStop, end - cursor);
        toMicro = drawMicro();
        continue;
      }
      if (toStop <= 0) {
        const k = kindOf();
        const end = Math.min(shift.end, cursor + duration(k));
        o.stops.push(stop(o, cursor, end, k.reason, false));
        cursor = end;
        toStop = draw();
      }
    }
    o.runPieces.push({ start: pieceStart, end: cursor, shift, net: net / MINUTE });
    if (left > 0) cursor = m.walker.next(cursor);
  }
  o.end = cursor;
}

const stop = (
  o: DoneOperation,
  start: number,
  end: number,
  reason: StopReason | null,
  micro: boolean,
): FloorStop => ({
  machine: o.machine,
  start,
  end,
  reason,
  micro,
  planned: false,
  operation: o,
});

/** Every third week a few hours at the start of an early shift, staggered over the machines. */
function maintenanceOf(shifts: Shift[], from: number, to: number, n: number, cls: MachineClass) {
  const out: { start: number; end: number }[] = [];
  const hours = cls === 'furnace' ? 4 : 3;
  const firsts = shifts.filter((s) => s.index === 0 && s.start >= from && s.end <= to);
  // every 15th early shift (three weeks of five), the machines a day apart
  for (let x = (n * 2 + 3) % 15; x < firsts.length; x += 15) {
    const s = firsts[x];
    out.push({ start: s.start, end: Math.min(s.end, s.start + hours * HOUR) });
  }
  return out;
}

/** Planned maintenance and the stretches without an order, as the shift booked them. */
function plannedStops(
  rng: Random,
  machines: FloorMachine[],
  operations: DoneOperation[],
  from: number,
  to: number,
): FloorStop[] {
  const out: FloorStop[] = [];
  const busyOf = new Map<string, { start: number; end: number }[]>();
  for (const o of operations)
    for (const p of [...o.setupPieces, ...o.runPieces])
      busyOf.set(o.machine.code, [...(busyOf.get(o.machine.code) ?? []), { start: p.start, end: p.end }]);
  for (const m of machines) {
    for (const pm of m.maintenance)
      out.push({
        machine: m,
        start: pm.start,
        end: pm.end,
        reason: 'PM',
        micro: false,
        planned: true,
        operation: null,
      });
    const busy = (busyOf.get(m.code) ?? []).sort((a, b) => a.start - b.start);
    let b = 0;
    for (const s of m.walker.shifts) {
      if (s.end <= from || s.start >= to) continue;
      let cursor = Math.max(s.start, from);
      const end = Math.min(s.end, to);
      while (b < busy.length && busy[b].end <= cursor) b++;
      let x = b;
      const gap = (a: number, z: number) => {
        // booked a few minutes after the machine fell idle, until work arrived
        const start = a + Math.round(rng.next() * 6) * MINUTE;
        if (z - start >= NO_ORDER_MINUTES * MINUTE)
          out.push({
            machine: m,
            start,
            end: z,
            reason: 'NO-ORDER',
            micro: false,
            planned: true,
            operation: null,
          });
      };
      while (x < busy.length && busy[x].start < end) {
        if (busy[x].start > cursor) gap(cursor, busy[x].start);
        cursor = Math.max(cursor, busy[x].end);
        x++;
      }
      if (cursor < end) gap(cursor, end);
    }
    // the machine's last idle stretch is still open today: no order since its last job
    const lastBusy = busy.length > 0 ? busy[busy.length - 1].end : from;
    const tail = out.filter((s) => s.machine === m && s.reason === 'NO-ORDER' && s.start >= lastBusy);
    if (tail.length > 0) {
      // (maintenance in that stretch would count twice against planned time: it is left out)
      const covered = out.filter(
        (s) => s.machine === m && (s.reason === 'NO-ORDER' || s.reason === 'PM') && s.start >= tail[0].start,
      );
      for (const s of covered) out.splice(out.indexOf(s), 1);
      out.push({ ...tail[0], end: null });
    }
  }
  return out;
}

/**
 * An operation as it stood at `at` (the end of the history): done before it, not started (only
 * planned), or paused in between with the parts it made so far (its scrap is found later).
 */
export function asOf(o: DoneOperation, at: number): DoneOperation {
  if (o.end <= at) return o;
  if (o.setupStart >= at)
    return {
      ...o,
      state: 'released',
      full: o,
      setupPieces: [],
      runPieces: [],
      stops: [],
      processed: 0,
      scrap: 0,
    };
  const cut = <P extends Piece>(pieces: P[]) =>
    pieces.filter((p) => p.start < at).map((p) => (p.end <= at ? p : { ...p, end: at }));
  const runPieces = o.runPieces
    .filter((p) => p.start < at)
    .map((p) => (p.end <= at ? p : { ...p, end: at, net: (p.net * (at - p.start)) / (p.end - p.start) }));
  const totalNet = o.runPieces.reduce((sum, p) => sum + p.net, 0) || 1;
  const keptNet = runPieces.reduce((sum, p) => sum + p.net, 0);
  const kept = { ...o, state: 'paused' as const, full: o };
  return Object.assign(kept, {
    setupPieces: cut(o.setupPieces),
    runPieces,
    // the stops until then, as they belong to the operation as it stood
    stops: o.stops
      .filter((st) => st.start < at)
      .map((st) => ({ ...st, end: Math.min(st.end ?? at, at), operation: kept })),
    processed: Math.floor((o.processed * keptNet) / totalNet),
    scrap: 0,
    scrapReason: null,
    runStart: runPieces.length > 0 ? o.runStart : at,
    end: Math.max(
      ...[...o.setupPieces, ...runPieces].filter((p) => p.start < at).map((p) => Math.min(p.end, at)),
    ),
  });
}
