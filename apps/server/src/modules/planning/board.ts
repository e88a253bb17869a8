/**
 * The planning board: the whole plan of a time window as the planner looks at it. Every active
 * work center with its machines and the operations scheduled on each (job, item, the order and
 * customer the work serves), the non-working time of its calendar, and the capacity load per
 * day or week with the bottleneck named. Read set-based: the plant's resources (three
 * queries) and time zone (one), the window's operations (one), the pegs of shared jobs (one),
 * the order lines they serve (one, through the sales service) and the work centers the
 * operations' routings allow (one), whatever the window's size. Each operation says whether a
 * planner pinned it and which other work centers it may be dragged to.
 */
import type {
  BoardOperation,
  BoardWorkCenter,
  CapacityLoad,
  LoadBucket,
  PlanningBoard,
  PlanningBoardQuery,
} from '@takt/contracts';
import { localToUtc, type WorkingIntervals } from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import {
  localDateIn,
  type PlanningResources,
  planningResources,
  plantTimeZone,
} from '../catalog/plant-structure';
import { type RoutingOperationOptions, routingOperationOptions } from '../catalog/routing-operation-options';
import { calendarWorkingIntervals } from '../catalog/working-intervals';
import { machineCode } from '../production/machines';
import { scheduledOperationsInWindow, type WindowOperation } from '../production/scheduled-in-window';
import type { OrderLineReference } from '../sales/order-service';
import { capacityLoad, type LoadWorkCenter, loadBuckets, nonWorkingIntervals } from './capacity-load';
import { workCenterOptionsOf } from './work-center-options';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Longest window one request may ask for. */
export const MAX_BOARD_DAYS = 400;
/** Window when none is asked for: from the start of yesterday, four weeks. */
const DEFAULT_DAYS = 28;

/** The order lines pegged work serves, as the sales module tells them. */
export interface OrderLineLookup {
  lineReferences(lineIds: string[], db?: Db | Tx): Promise<Map<string, OrderLineReference>>;
}

interface Window {
  fromMs: number;
  toMs: number;
  timeZone: string;
  resources: PlanningResources;
  workCenters: PlanningResources['workCenters'];
  /** calendar id -> working intervals in minutes since fromMs */
  intervals: Map<string, WorkingIntervals>;
}

export class PlanningBoardService {
  constructor(
    private readonly db: Db,
    private readonly deps: { orderLines: OrderLineLookup },
  ) {}

  /** The board of a window: machines, their operations, non-working time, load. */
  async board(query: PlanningBoardQuery, now: Date = new Date()): Promise<PlanningBoard> {
    const window = await this.window(query, now);
    const operations = await scheduledOperationsInWindow(this.db, {
      from: new Date(window.fromMs),
      to: new Date(window.toMs),
      workCenterIds: window.workCenters.map((w) => w.id),
    });
    const [orders, options] = await Promise.all([
      this.ordersServed(operations),
      this.workCenterOptions(operations),
    ]);
    const active = new Set(window.resources.workCenters.map((w) => w.id));
    const alternativesOf = (op: WindowOperation) =>
      op.status === 'planned' || op.status === 'released'
        ? workCenterOptionsOf(op, options)
            .map((o) => o.workCenterId)
            .filter((id) => id !== op.workCenterId && active.has(id))
        : [];
    const byMachine = new Map<string, BoardOperation[]>();
    const machinesOf = new Map(window.workCenters.map((w) => [w.id, w.machines]));
    for (const op of operations) {
      const machines = machinesOf.get(op.workCenterId);
      if (!machines) continue;
      const key = `${op.workCenterId}#${op.machineIndex % machines}`;
      let list = byMachine.get(key);
      if (!list) {
        list = [];
        byMachine.set(key, list);
      }
      list.push(toBoardOperation(op, orders.get(op.jobId), alternativesOf(op)));
    }
    const horizon = (window.toMs - window.fromMs) / MINUTE_MS;
    const at = (t: number) => new Date(window.fromMs + t * MINUTE_MS).toISOString();
    const calendarsById = new Map(window.resources.calendars.map((c) => [c.id, c]));
    const workCenters: BoardWorkCenter[] = window.workCenters.map((wc) => ({
      id: wc.id,
      code: wc.code,
      name: wc.name,
      efficiency: Number(wc.efficiency),
      calendarId: wc.calendarId,
      timeZone: calendarsById.get(wc.calendarId)?.timeZone ?? window.timeZone,
      machines: Array.from({ length: wc.machines }, (_, index) => ({
        index,
        code: machineCode(wc.code, index),
        operations: (byMachine.get(`${wc.id}#${index}`) ?? []).sort(
          (a, b) => a.plannedSetupStart.localeCompare(b.plannedSetupStart) || a.id.localeCompare(b.id),
        ),
      })),
      nonWorking: nonWorkingIntervals(window.intervals.get(wc.calendarId) ?? [], horizon).map(([a, b]) => ({
        start: at(a),
        end: at(b),
      })),
    }));
    return {
      from: new Date(window.fromMs).toISOString(),
      to: new Date(window.toMs).toISOString(),
      now: now.toISOString(),
      timeZone: window.timeZone,
      workCenters,
      capacity: this.capacity(window, operations, query.bucket),
    };
  }

  /** The capacity load alone (no operations sent): for the load view. */
  async load(query: PlanningBoardQuery, now: Date = new Date()): Promise<CapacityLoad> {
    const window = await this.window(query, now);
    const operations = await scheduledOperationsInWindow(this.db, {
      from: new Date(window.fromMs),
      to: new Date(window.toMs),
      workCenterIds: window.workCenters.map((w) => w.id),
    });
    return this.capacity(window, operations, query.bucket);
  }

  private async window(query: PlanningBoardQuery, now: Date): Promise<Window> {
    const [resources, timeZone] = await Promise.all([planningResources(this.db), plantTimeZone(this.db)]);
    const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
    const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
    const fromMs = floorMinute(
      query.from ? Date.parse(query.from) : startOfLocalDay(timeZone, now.getTime() - DAY_MS),
    );
    const toMs = ceilMinute(query.to ? Date.parse(query.to) : fromMs + DEFAULT_DAYS * DAY_MS);
    if (toMs <= fromMs) throw ruleViolation('to', 'after-from', 'to must be after from');
    if (toMs - fromMs > MAX_BOARD_DAYS * DAY_MS)
      throw ruleViolation('to', 'max-range', `ask for at most ${MAX_BOARD_DAYS} days at a time`);
    const wanted = query.workCenterIds ? new Set(query.workCenterIds) : null;
    const workCenters = resources.workCenters.filter((w) => !wanted || wanted.has(w.id));
    const intervals = new Map<string, WorkingIntervals>();
    for (const id of new Set(workCenters.map((w) => w.calendarId))) {
      const cal = resources.calendars.find((c) => c.id === id);
      if (!cal) continue;
      intervals.set(id, calendarWorkingIntervals(cal, fromMs, toMs));
    }
    return { fromMs, toMs, timeZone, resources, workCenters, intervals };
  }

  private capacity(window: Window, operations: WindowOperation[], bucket: LoadBucket): CapacityLoad {
    const buckets = loadBuckets(window.fromMs, window.toMs, window.timeZone, bucket);
    const minutes = (d: Date) => (d.getTime() - window.fromMs) / MINUTE_MS;
    const opsOf = new Map<string, { start: number; end: number }[]>();
    for (const op of operations) {
      let list = opsOf.get(op.workCenterId);
      if (!list) {
        list = [];
        opsOf.set(op.workCenterId, list);
      }
      list.push({ start: minutes(op.plannedSetupStart), end: minutes(op.plannedEnd) });
    }
    const input: LoadWorkCenter[] = window.workCenters.map((wc) => ({
      id: wc.id,
      machines: wc.machines,
      efficiency: Number(wc.efficiency),
      intervals: window.intervals.get(wc.calendarId) ?? [],
      operations: opsOf.get(wc.id) ?? [],
    }));
    const load = capacityLoad(buckets, input);
    const at = (t: number) => new Date(window.fromMs + t * MINUTE_MS).toISOString();
    return {
      bucket,
      timeZone: window.timeZone,
      buckets: buckets.map((b) => ({ date: b.date, start: at(b.start), end: at(b.end) })),
      workCenters: window.workCenters.map((wc, x) => ({
        workCenterId: wc.id,
        code: wc.code,
        name: wc.name,
        machines: wc.machines,
        cells: load.workCenters[x].cells,
        total: load.workCenters[x].total,
        bottleneck: load.workCenters[x].bottleneck,
      })),
      bottleneckWorkCenterId: load.bottleneckId,
    };
  }

  /** Where the movable operations' routings let them run (one query). */
  private async workCenterOptions(
    operations: WindowOperation[],
  ): Promise<Map<string, RoutingOperationOptions>> {
    const keys = new Map<string, { routingId: string; number: string }>();
    for (const op of operations)
      if (op.routingId && (op.status === 'planned' || op.status === 'released'))
        keys.set(`${op.routingId}|${op.number}`, { routingId: op.routingId, number: op.number });
    return routingOperationOptions(this.db, [...keys.values()]);
  }

  /**
   * The order line each job serves: its own (MTO), else the earliest-needed sales order line
   * pegged to it (shared supply); then those lines' orders and customers from sales.
   */
  private async ordersServed(operations: WindowOperation[]): Promise<Map<string, OrderLineReference>> {
    const lineOfJob = new Map<string, string>();
    const shared = new Set<string>();
    for (const op of operations) {
      if (op.salesOrderLineId) lineOfJob.set(op.jobId, op.salesOrderLineId);
      else shared.add(op.jobId);
    }
    if (shared.size > 0) {
      const pegs = await queryRows<{ supply_id: string; sales_order_line_id: string }>(
        this.db,
        sql`select distinct on (supply_id) supply_id, sales_order_line_id from supply_pegs
            where supply_kind = 'job' and sales_order_line_id is not null
              and supply_id in (select (jsonb_array_elements_text(${JSON.stringify([...shared])}::jsonb))::uuid)
            order by supply_id, needed_at, demand_id`,
      );
      for (const p of pegs) lineOfJob.set(p.supply_id, p.sales_order_line_id);
    }
    const lines = await this.deps.orderLines.lineReferences([...new Set(lineOfJob.values())], this.db);
    const byJob = new Map<string, OrderLineReference>();
    for (const [jobId, lineId] of lineOfJob) {
      const line = lines.get(lineId);
      if (line) byJob.set(jobId, line);
    }
    return byJob;
  }
}

function toBoardOperation(
  op: WindowOperation,
  order: OrderLineReference | undefined,
  alternativeWorkCenterIds: string[],
): BoardOperation {
  return {
    id: op.id,
    jobId: op.jobId,
    jobNumber: op.jobNumber,
    jobStatus: op.jobStatus,
    jobDue: op.jobDue.toISOString(),
    quantity: op.quantity,
    salesOrderId: order?.orderId ?? null,
    orderNumber: order?.orderNumber ?? null,
    orderLineNo: order?.lineNo ?? null,
    customerName: order?.customerName ?? null,
    itemId: op.itemId,
    itemNumber: op.itemNumber,
    itemName: op.itemName,
    operationNumber: op.number,
    name: op.name,
    setupMinutes: op.setupMinutes,
    runMinutes: op.runMinutes,
    plannedSetupStart: op.plannedSetupStart.toISOString(),
    plannedStart: op.plannedStart.toISOString(),
    plannedEnd: op.plannedEnd.toISOString(),
    status: op.status,
    late: op.jobPlannedEnd !== null && op.jobPlannedEnd > op.jobDue,
    family: op.family,
    pinnedAt: op.pinnedAt?.toISOString() ?? null,
    pinnedBy: op.pinnedByName,
    alternativeWorkCenterIds,
  };
}

/** The UTC instant at which the plant-local day holding `ms` begins. */
function startOfLocalDay(timeZone: string, ms: number): number {
  return localToUtc(timeZone, Date.parse(`${localDateIn(timeZone, new Date(ms))}T00:00:00Z`));
}
