/**
 * The demo history's facts as the rows the modules' services would have written for them: the
 * sales orders and lines with their promises, the jobs and operations with the operators'
 * bookings and sessions, the connected machines' state and count messages with the stops they
 * opened (and the operators' reasons), the purchase orders, receipts, lots and stock moves, the
 * pegs that tie the jobs to their lines, and the audit trail of orders and purchase orders.
 * Pure: ids are random, everything else follows from the plan and the plant.
 *
 * Shop-floor conventions, as the terminal books them: an operator clocks on with setup or run and
 * off with pause (at the end of a shift: the next shift's operator takes over a second later)
 * or finish; the good and scrap parts of a shift are reported just before its operator clocks
 * off. A connected machine reports its state changes and, once an hour while it runs, the
 * cycles (and rejects) since its last count.
 */
import { randomUUID } from 'node:crypto';
import type { Random } from '@takt/engine';
import { type CostStructure, estimateCost } from '../modules/costing/estimate-cost';
import type { lots, stockMoves } from '../modules/inventory/tables';
import type { machineEvents, machineStates, machineStops } from '../modules/machine-data/tables';
import type { supplyPegs } from '../modules/planning/tables';
import type {
  jobOperations,
  operationBookings,
  operatorSessions,
  productionJobs,
} from '../modules/production/tables';
import type { purchaseOrderLines, purchaseOrders, purchaseReceipts } from '../modules/purchasing/tables';
import type { customers, salesOrderLines, salesOrders } from '../modules/sales/tables';
import type { auditLog } from '../platform/tables';
import type { HistoryJob } from './demo-history-orders';
import type { HistoryPlan } from './demo-history-plan';
import { localInstant, type Shift } from './demo-history-shifts';
import type { DoneOperation, FloorStop } from './demo-history-shop-floor';

const MINUTE = 60_000;
const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** the name the history's own postings carry (stock moves, receipts, audit) */
export const HISTORY_ACTOR = 'demo history';

export interface RowContext {
  timeZone: string;
  customers: Map<string, typeof customers.$inferSelect>;
  /** the demo's operators, in badge order */
  operators: { id: string; name: string }[];
  /** `stop:CODE` / `scrap:CODE` → reason code id */
  reasonIds: Map<string, string>;
  locations: { stores: string; receiving: string };
  costs: CostStructure;
  /** numbers per series, as many as asked for, in order */
  numbers: { SO: string[]; JOB: string[]; PO: string[]; LOT: string[]; DN: string[] };
}

export interface HistoryRows {
  salesOrders: (typeof salesOrders.$inferInsert)[];
  salesOrderLines: (typeof salesOrderLines.$inferInsert)[];
  productionJobs: (typeof productionJobs.$inferInsert)[];
  jobOperations: (typeof jobOperations.$inferInsert)[];
  operationBookings: (typeof operationBookings.$inferInsert)[];
  operatorSessions: (typeof operatorSessions.$inferInsert)[];
  supplyPegs: (typeof supplyPegs.$inferInsert)[];
  purchaseOrders: (typeof purchaseOrders.$inferInsert)[];
  purchaseOrderLines: (typeof purchaseOrderLines.$inferInsert)[];
  purchaseReceipts: (typeof purchaseReceipts.$inferInsert)[];
  lots: (typeof lots.$inferInsert)[];
  stockMoves: (typeof stockMoves.$inferInsert)[];
  machineEvents: (typeof machineEvents.$inferInsert)[];
  machineStops: (typeof machineStops.$inferInsert)[];
  machineStates: (typeof machineStates.$inferInsert)[];
  auditLog: (typeof auditLog.$inferInsert)[];
}

/** How many numbers of each series the plan needs. */
export function numbersNeeded(plan: HistoryPlan) {
  return {
    SO: plan.orders.length,
    JOB: plan.jobs.length,
    PO: plan.ledger.purchaseOrders.length,
    LOT: plan.ledger.lots.length,
    DN: plan.deliveries.length,
  };
}

/** Who was on a shift: two crews of two, early and late swapping weekly; forge and finishing vs. machining. */
const FORGE_SIDE = new Set(['SAW', 'FP16', 'FP40', 'HT', 'SHOT', 'PAINT', 'PACK']);
function operatorOf(ctx: RowContext, shift: Shift, wcCode: string): string {
  const ops = ctx.operators;
  const week = Math.floor(
    (Date.parse(`${shift.date}T00:00:00Z`) - Date.parse('2026-01-05T00:00:00Z')) / (7 * DAY),
  );
  const early = week % 2 === 0 ? [0, 1] : [2, 3];
  const late = week % 2 === 0 ? [2, 3] : [0, 1];
  const crew = shift.index === 0 ? early : late;
  const who = crew[FORGE_SIDE.has(wcCode) ? 0 : 1] % ops.length;
  return ops[who].id;
}

export function historyRows(rng: Random, plan: HistoryPlan, ctx: RowContext): HistoryRows {
  const rows: HistoryRows = {
    salesOrders: [],
    salesOrderLines: [],
    productionJobs: [],
    jobOperations: [],
    operationBookings: [],
    operatorSessions: [],
    supplyPegs: [],
    purchaseOrders: [],
    purchaseOrderLines: [],
    purchaseReceipts: [],
    lots: [],
    stockMoves: [],
    machineEvents: [],
    machineStops: [],
    machineStates: [],
    auditLog: [],
  };
  const audit = (at: number, entity: string, entityId: string, action: string, after: unknown) =>
    rows.auditLog.push({
      at: new Date(at),
      actorId: null,
      actorName: HISTORY_ACTOR,
      entity,
      entityId,
      action,
      before: null,
      after,
    });
  const date = (ms: number) => new Date(ms);
  const dayEnd = (localDate: string) => localInstant(ctx.timeZone, localDate, 23 * 60 + 59);

  // numbers in time order
  const orders = [...plan.orders].sort((a, b) => a.confirmedAt - b.confirmedAt);
  const orderNumber = new Map(orders.map((o, x) => [o.key, ctx.numbers.SO[x]]));
  const jobNumber = new Map(
    [...plan.jobs]
      .sort((a, b) => a.order.confirmedAt - b.order.confirmedAt || a.key - b.key)
      .map((j, x) => [j.key, ctx.numbers.JOB[x]]),
  );
  plan.ledger.purchaseOrders.forEach((po, x) => {
    po.number = ctx.numbers.PO[x];
  });
  plan.ledger.lots.forEach((lot, x) => {
    lot.number = ctx.numbers.LOT[x];
  });
  plan.deliveries.forEach((d, x) => {
    d.number = ctx.numbers.DN[x];
  });

  // ids
  const orderId = new Map(plan.orders.map((o) => [o.key, randomUUID()]));
  const lineId = new Map(plan.orders.flatMap((o) => o.lines.map((l) => [l.key, randomUUID()] as const)));
  const jobId = new Map(plan.jobs.map((j) => [j.key, randomUUID()]));
  const opId = new Map(plan.floor.operations.map((o) => [o.key, randomUUID()]));
  const opsOf = new Map<number, DoneOperation[]>();
  for (const o of plan.floor.operations) opsOf.set(o.job.key, [...(opsOf.get(o.job.key) ?? []), o]);

  // -- production: jobs, operations, sessions, bookings ----------------------------------------
  const plannedOf = new Map<number, { setupStart: number; start: number; end: number }>();
  const jobOffset = new Map(plan.jobs.map((j) => [j.key, (rng.next() * 6 + 0.5) * HOUR]));
  for (const o of plan.floor.operations) {
    // the plan at release was a little ahead of what happened (of what will, for work not done)
    const whole = o.full ?? o;
    const setupStart = o.machine.walker.next(whole.setupStart - jobOffset.get(o.job.key)!);
    const start = o.machine.walker.walk(setupStart, o.plannedSetup).end;
    plannedOf.set(o.key, { setupStart, start, end: o.machine.walker.walk(start, o.plannedRun).end });
  }
  feasibleOpenPlan(plan.floor.operations, plannedOf);
  const cyclesOf = new Map<number, { cycles: number; rejects: number }>();
  const events = machineMessages(plan, opId, cyclesOf);
  for (const o of plan.floor.operations) {
    const id = opId.get(o.key)!;
    const job = o.job;
    const bookingsBefore = rows.operationBookings.length;
    const sessions: { activity: 'setup' | 'run'; start: number; end: number; operator: string }[] = [];
    const pieces = [
      ...o.setupPieces.map((p) => ({ ...p, activity: 'setup' as const, net: 0 })),
      ...o.runPieces.map((p) => ({ ...p, activity: 'run' as const })),
    ];
    pieces.forEach((p, x) => {
      const prev = pieces[x - 1];
      // a handover at the shift change: the next operator clocks on a second later
      const start = prev && prev.end === p.start && prev.activity === p.activity ? p.start + SECOND : p.start;
      sessions.push({
        activity: p.activity,
        start,
        end: p.end,
        operator: operatorOf(ctx, p.shift, o.wc.code),
      });
    });
    // parts per run session, by the minutes the machine made parts in it; the scrap in one session
    const runSessions = sessions.filter((s) => s.activity === 'run');
    const totalNet = o.runPieces.reduce((s, p) => s + p.net, 0) || 1;
    let cum = 0;
    let madeBefore = 0;
    const scrapSession = o.scrap > 0 ? (o.scrapReason === 'SETUP' ? 0 : rng.int(runSessions.length)) : -1;
    const made = o.runPieces.map((p, x) => {
      cum += p.net;
      const upTo = x === o.runPieces.length - 1 ? o.processed : Math.floor((o.processed * cum) / totalNet);
      const n = upTo - madeBefore;
      madeBefore = upTo;
      return n;
    });
    // the scrap belongs to a session that made at least that many parts
    let scrapAt = scrapSession;
    if (scrapAt >= 0 && made[scrapAt] < o.scrap) scrapAt = made.findIndex((n) => n >= o.scrap);
    if (scrapAt < 0 && o.scrap > 0) scrapAt = made.length - 1;

    const book = (
      kind: 'setup' | 'run' | 'pause' | 'finish' | 'quantity',
      at: number,
      operator: string,
      good = 0,
      scrap = 0,
    ) =>
      rows.operationBookings.push({
        clientEventId: `demo-history-${rows.operationBookings.length + 1}`,
        jobOperationId: id,
        operatorId: operator,
        kind,
        at: date(at),
        machineIndex: kind === 'quantity' ? null : o.machine.index,
        goodQuantity: String(good),
        scrapQuantity: String(scrap),
        scrapReasonId: scrap > 0 ? (ctx.reasonIds.get(`scrap:${o.scrapReason}`) ?? null) : null,
        note: null,
      });
    let runX = 0;
    sessions.forEach((s, x) => {
      const next = sessions[x + 1];
      book(s.activity, s.start, s.operator);
      if (s.activity === 'run') {
        const n = made[runX];
        const scrap = runX === scrapAt ? o.scrap : 0;
        if (n > 0) book('quantity', s.end - 20 * SECOND, s.operator, n - scrap, scrap);
        runX++;
      }
      rows.operatorSessions.push({
        jobOperationId: id,
        operatorId: s.operator,
        activity: s.activity,
        startedAt: date(s.start),
        endedAt: date(s.end),
      });
      // the last session: finished, or (still going on today) clocked off at the end of its shift
      if (!next) book(o.state === 'done' ? 'finish' : 'pause', s.end, s.operator);
      // the setup done, the same operator starts the run: the run booking clocks the setup off
      else if (!(s.activity === 'setup' && next.activity === 'run' && next.start === s.end))
        book('pause', s.end, s.operator);
    });
    const minutes = (activity: 'setup' | 'run') =>
      Math.round(
        sessions.filter((s) => s.activity === activity).reduce((t, s) => t + (s.end - s.start), 0) / 600,
      ) / 100;
    const planned = plannedOf.get(o.key)!;
    rows.jobOperations.push({
      id,
      jobId: jobId.get(job.key)!,
      number: o.op.number,
      name: o.op.name,
      predecessors: predecessorsOf(o),
      workCenterId: o.wc.id,
      machineIndex: o.machine.index,
      setupMinutes: String(o.plannedSetup),
      runMinutes: String(o.plannedRun),
      queueMinutes: String(o.op.queueMinutes),
      shiftRule: o.op.shiftRule,
      family: job.item.family,
      plannedSetupStart: date(planned.setupStart),
      plannedStart: date(planned.start),
      plannedEnd: date(planned.end),
      status: o.state,
      instructions: o.op.instructions,
      drawingUrl: o.op.drawingUrl,
      actualSetupStart: o.state === 'released' ? null : date(o.setupPieces[0]?.start ?? o.runStart),
      actualStart: o.runPieces.length > 0 ? date(o.runStart) : null,
      actualEnd: o.state === 'done' ? date(o.end) : null,
      actualSetupMinutes: String(minutes('setup')),
      actualRunMinutes: String(minutes('run')),
      actualMachineIndex: o.machine.index,
      goodQuantity: String(o.processed - o.scrap),
      scrapQuantity: String(o.scrap),
      machineCycles: cyclesOf.get(o.key)?.cycles ?? 0,
      rework: false,
      quantity: null,
      version: 2 + (rows.operationBookings.length - bookingsBefore),
    });
  }
  for (const job of plan.jobs) {
    const ops = opsOf.get(job.key) ?? [];
    const times = plan.floor.jobTimes.get(job.key)!;
    const planned = ops.map((o) => plannedOf.get(o.key)!);
    const top = topOf(job);
    const outcome = plan.outcomes.get(top.line.key)!;
    const done = ops.every((o) => o.state === 'done');
    const started = ops.some((o) => o.state !== 'released');
    rows.productionJobs.push({
      id: jobId.get(job.key)!,
      number: jobNumber.get(job.key)!,
      itemId: job.item.id,
      quantity: String(job.quantity),
      status: done ? 'done' : started ? 'in-progress' : 'released',
      salesOrderLineId: lineId.get(job.line.key)!,
      routingId: job.routingId,
      bomId: job.bomId,
      externalReference: null,
      due: date(
        job.parent
          ? Math.min(...(opsOf.get(job.parent.key) ?? []).map((o) => plannedOf.get(o.key)!.setupStart))
          : dayEnd(outcome.promisedDate),
      ),
      plannedStart: date(Math.min(...planned.map((p) => p.setupStart))),
      plannedEnd: date(Math.max(...planned.map((p) => p.end))),
      completedQuantity: String(done ? job.quantity : 0),
      scrapQuantity: String(ops.reduce((s, o) => s + o.scrap, 0)),
      releasedAt: date(plan.releasedAt.get(job.key)!),
      actualStart: started ? date(times.start) : null,
      actualEnd: done ? date(times.end) : null,
      createdAt: date(job.order.confirmedAt),
      version: done ? 4 : started ? 3 : 2,
    });
  }
  rows.machineEvents.push(...events.events);
  rows.machineStates.push(...events.states);
  rows.machineStops.push(...plan.floor.stops.map((s) => stopRow(ctx, s, events.openedBy, opId)));

  // -- sales: orders, lines, pegs --------------------------------------------------------------
  const jobsOfLine = new Map<string, HistoryJob[]>();
  for (const j of plan.jobs) jobsOfLine.set(j.line.key, [...(jobsOfLine.get(j.line.key) ?? []), j]);
  for (const order of orders) {
    const customer = ctx.customers.get(order.customerNumber);
    if (!customer) throw new Error(`demo history: the demo plant has no customer ${order.customerNumber}`);
    const invoiced = plan.invoicedAt.get(order.key);
    const open = plan.open.has(order.key);
    const id = orderId.get(order.key)!;
    const number = orderNumber.get(order.key)!;
    const discount = { 'C-0002': 2, 'C-0004': 3 }[order.customerNumber] ?? 0;
    rows.salesOrders.push({
      id,
      number,
      customerId: customer.id,
      customerReference: order.reference,
      status: open ? 'in-production' : invoiced ? 'invoiced' : 'shipped',
      currency: 'EUR',
      deliveryAddress:
        customer.deliveryAddresses.find((a) => a.isDefault) ?? customer.deliveryAddresses[0] ?? null,
      quoteId: null,
      createdAt: date(order.createdAt),
      confirmedAt: date(order.confirmedAt),
      version: open ? 3 : invoiced ? 6 : 5,
    });
    audit(order.createdAt, 'sales-order', id, 'create', { number, status: 'draft' });
    audit(order.confirmedAt, 'sales-order', id, 'confirm', { number, status: 'confirmed' });
    if (invoiced) audit(invoiced, 'sales-order', id, 'invoice', { status: 'invoiced' });
    for (const line of order.lines) {
      const lid = lineId.get(line.key)!;
      const outcome = plan.outcomes.get(line.key)!;
      const cost = estimateCost(ctx.costs, line.item.id, line.quantity);
      // priced at cost plus the customer's margin, in whole euros
      const margin = 1.24 + ((order.customerNumber.charCodeAt(5) * 7 + line.item.number.length) % 13) / 100;
      const unitPrice = Math.round(((cost.total / line.quantity) * margin) / 100) * 100;
      const jobs = jobsOfLine.get(line.key) ?? [];
      const own = jobs.find((j) => !j.parent)!;
      rows.salesOrderLines.push({
        id: lid,
        orderId: id,
        lineNo: line.lineNo,
        itemId: line.item.id,
        quantity: String(line.quantity),
        requestedDate: outcome.requestedDate,
        configuration: null,
        unitPrice,
        discountPercent: String(discount),
        frozenStructure: {
          configuration: null,
          bomId: own.bomId,
          routingId: own.routingId,
          jobIds: jobs.map((j) => jobId.get(j.key)!),
          requisitionIds: [],
        },
        promise: outcome.promise,
        promisedDate: outcome.promisedDate,
        shippedQuantity: String(open ? 0 : line.quantity),
        costEstimate: { ...cost, currency: 'EUR', computedAt: new Date(order.createdAt).toISOString() },
      });
      // what serves the line: its jobs, and the bought material it took from stock
      const stockNeed = new Map<string, { milli: number; at: number }>();
      for (const j of jobs) {
        const planned = (opsOf.get(j.key) ?? []).map((o) => plannedOf.get(o.key)!);
        const start = Math.min(...planned.map((p) => p.setupStart));
        rows.supplyPegs.push({
          demandId: lid,
          salesOrderLineId: lid,
          itemId: j.item.id,
          supplyKind: 'job',
          supplyId: jobId.get(j.key)!,
          quantity: String(j.quantity),
          neededAt: date(
            j.parent
              ? Math.min(...(opsOf.get(j.parent.key) ?? []).map((o) => plannedOf.get(o.key)!.setupStart))
              : dayEnd(outcome.promisedDate),
          ),
          dueAt: date(Math.max(...planned.map((p) => p.end))),
        });
        for (const m of j.materials) {
          const e = stockNeed.get(m.item.id) ?? { milli: 0, at: start };
          e.milli += Math.round(m.quantity * 1000);
          e.at = Math.min(e.at, start);
          stockNeed.set(m.item.id, e);
        }
      }
      for (const [itemId, need] of stockNeed)
        rows.supplyPegs.push({
          demandId: lid,
          salesOrderLineId: lid,
          itemId,
          supplyKind: 'stock',
          supplyId: null,
          quantity: String(need.milli / 1000),
          neededAt: date(need.at),
          dueAt: date(need.at),
        });
    }
  }
  for (const d of plan.deliveries)
    audit(d.at, 'sales-order', orderId.get(d.order.key)!, 'ship', {
      deliveryNote: d.number,
      lines: d.jobs.map((j) => ({ lineId: lineId.get(j.line.key)!, quantity: j.quantity })),
    });

  // -- purchasing and stock ---------------------------------------------------------------------
  for (const po of plan.ledger.purchaseOrders) {
    rows.purchaseOrders.push({
      id: po.id,
      number: po.number,
      supplierId: po.supplierId,
      status: 'received',
      currency: po.currency,
      orderedAt: date(po.orderedAt),
      createdAt: date(po.createdAt),
      version: 2 + po.lines.length,
    });
    audit(po.createdAt, 'purchase-order', po.id, 'create', { number: po.number });
    audit(po.orderedAt, 'purchase-order', po.id, 'send', { status: 'sent' });
    for (const line of po.lines) {
      const quantity = String(line.milli / 1000);
      rows.purchaseOrderLines.push({
        id: line.id,
        purchaseOrderId: po.id,
        lineNo: line.lineNo,
        itemId: line.item.id,
        quantity,
        receivedQuantity: quantity,
        unitPrice: line.unitPrice,
        dueAt: date(line.dueAt),
        confirmedAt: null,
        lateSince: null,
        salesOrderLineId: null,
      });
      audit(line.receivedAt, 'purchase-order', po.id, 'receive', {
        line: line.lineNo,
        quantity: line.milli / 1000,
        complete: true,
      });
    }
  }
  const lotOf = new Map(plan.ledger.lots.map((l) => [l.poLine.id, l]));
  for (const lot of plan.ledger.lots)
    rows.lots.push({
      id: lot.id,
      number: lot.number,
      itemId: lot.item.id,
      purchaseOrderLineId: lot.poLine.id,
      jobId: null,
      createdAt: date(lot.at),
    });
  for (const po of plan.ledger.purchaseOrders)
    for (const line of po.lines)
      rows.purchaseReceipts.push({
        purchaseOrderLineId: line.id,
        supplierId: po.supplierId,
        quantity: String(line.milli / 1000),
        receivedAt: date(line.receivedAt),
        dueAt: date(line.dueAt),
        leadTimeDays: String(line.leadTimeDays),
        lotId: lotOf.get(line.id)!.id,
        actorName: HISTORY_ACTOR,
      });
  const deliveryOf = new Map(
    plan.deliveries.flatMap((d) => d.jobs.map((j) => [j.line.key, d.number] as const)),
  );
  for (const m of plan.ledger.moves)
    rows.stockMoves.push({
      id: m.id,
      at: date(m.at),
      kind: m.kind,
      itemId: m.item.id,
      locationId: m.location === 'stores' ? ctx.locations.stores : ctx.locations.receiving,
      lotId: m.lot?.id ?? null,
      quantity: String(m.milli / 1000),
      transferId: m.transferId,
      reference: m.poLine
        ? m.poLine.po.number
        : m.shipped
          ? deliveryOf.get(m.shipped.line.key)!
          : m.job
            ? jobNumber.get(m.job.key)!
            : null,
      purchaseOrderLineId: m.poLine?.id ?? null,
      jobId: m.job ? jobId.get(m.job.key)! : null,
      salesOrderLineId: m.shipped ? lineId.get(m.shipped.line.key)! : null,
      actorName: HISTORY_ACTOR,
      note: m.kind === 'transfer' ? 'put away after incoming inspection' : null,
    });
  return rows;
}

const topOf = (job: HistoryJob) => {
  let top = job;
  while (top.parent) top = top.parent;
  return top;
};

/** A stop as machine data (or the operator) recorded it, with the reason the shift gave it. */
function stopRow(
  ctx: RowContext,
  s: FloorStop,
  openedBy: Map<FloorStop, string>,
  opId: Map<number, string>,
): typeof machineStops.$inferInsert {
  const fromMachine = s.machine.connected && !s.planned;
  const shift = s.machine.walker.shiftAt(s.start) ?? s.machine.walker.shiftAt(s.start - 1);
  const who = shift ? operatorOf(ctx, shift, s.machine.wc.code) : ctx.operators[0].id;
  const reasonId = s.reason ? (ctx.reasonIds.get(`stop:${s.reason}`) ?? null) : null;
  return {
    machineCode: s.machine.code,
    workCenterId: s.machine.wc.id,
    machineIndex: s.machine.index,
    jobOperationId: s.operation ? opId.get(s.operation.key)! : null,
    startedAt: new Date(s.start),
    endedAt: s.end === null ? null : new Date(s.end),
    reasonId,
    micro: s.micro,
    source: fromMachine ? 'machine' : 'operator',
    openedByEventId: fromMachine ? (openedBy.get(s) ?? null) : null,
    reasonSetBy: reasonId ? who : null,
    version: reasonId ? 2 : 1,
  };
}

/**
 * The connected machines' messages: a state event at every change (setup, running, down or idle
 * in a stop, idle after the work), a count every hour of running with the cycles since the last
 * one. Also the machines' latest state and totals, and which event opened which stop.
 */
function machineMessages(
  plan: HistoryPlan,
  opId: Map<number, string>,
  cyclesOf: Map<number, { cycles: number; rejects: number }>,
) {
  const events: (typeof machineEvents.$inferInsert)[] = [];
  const states: (typeof machineStates.$inferInsert)[] = [];
  const openedBy = new Map<FloorStop, string>();
  const byMachine = new Map<string, DoneOperation[]>();
  for (const o of plan.floor.operations)
    if (o.machine.connected) byMachine.set(o.machine.code, [...(byMachine.get(o.machine.code) ?? []), o]);
  for (const [code, ops] of byMachine) {
    const machine = ops[0].machine;
    let n = 0;
    let cycles = 0;
    let last = '';
    const out: (typeof machineEvents.$inferInsert)[] = [];
    const message = (
      at: number,
      fields: { kind: 'state'; state: MachineState } | { kind: 'count'; cycles: number; rejects: number },
      operation: string | null,
    ) => {
      const eventId = `history-${++n}`;
      out.push({
        machineCode: code,
        eventId,
        kind: fields.kind,
        state: fields.kind === 'state' ? fields.state : null,
        cycles: fields.kind === 'count' ? fields.cycles : null,
        rejects: fields.kind === 'count' ? fields.rejects : null,
        machineAt: new Date(at),
        receivedAt: new Date(at + 150),
        jobOperationId: operation,
      });
      return eventId;
    };
    for (const o of ops.sort((a, b) => a.setupStart - b.setupStart)) {
      const id = opId.get(o.key)!;
      // an operation's stops all ended (only a machine's last "no order" is still open)
      const stops = (o.stops as ClosedStop[]).slice().sort((a, b) => a.start - b.start);
      // the state just after t, and the stop starting at t
      const within = (t: number, list: { start: number; end: number }[]) =>
        list.some((p) => p.start <= t && t < p.end);
      const stateAfter = (t: number): MachineState => {
        const st = stops.find((x) => x.start <= t && t < x.end);
        if (st) return stopState(st);
        if (within(t, o.setupPieces)) return 'setup';
        if (within(t, o.runPieces)) return 'running';
        return 'idle';
      };
      const times = [
        ...new Set([...o.setupPieces, ...o.runPieces, ...stops].flatMap((p) => [p.start, p.end])),
      ].sort((a, b) => a - b);
      for (const t of times) {
        const starting = stops.find((x) => x.start === t);
        const s = stateAfter(t);
        // a stop always has the event that opened it, even right after another stop
        if (s === last && !starting) continue;
        const eventId = message(t, { kind: 'state', state: s }, t >= o.end ? null : id);
        if (starting) openedBy.set(starting, eventId);
        last = s;
      }

      // counts: once an hour while running, the cycles made since the last count
      const totalNet = o.runPieces.reduce((sum, p) => sum + p.net, 0) || 1;
      const hard = stops.filter((x) => !x.micro);
      let netSoFar = 0;
      let counted = 0;
      const slots: { at: number; cycles: number }[] = [];
      for (const p of o.runPieces)
        for (let t = p.start; t < p.end; ) {
          const slotEnd = Math.min(p.end, (Math.floor(t / HOUR) + 1) * HOUR);
          const stopped = hard.reduce(
            (sum, x) => sum + Math.max(0, Math.min(slotEnd, x.end) - Math.max(t, x.start)),
            0,
          );
          netSoFar += Math.max(0, slotEnd - t - stopped) / MINUTE;
          const upTo = Math.min(o.processed, Math.floor((o.processed * netSoFar) / totalNet + 1e-9));
          slots.push({ at: slotEnd - SECOND, cycles: upTo - counted });
          counted = upTo;
          t = slotEnd;
        }
      if (slots.length > 0) slots[slots.length - 1].cycles += o.processed - counted;
      // the machines count cycles only: the operators book the scrap with its reason (a machine
      // reporting rejects as well would count the same parts twice in the scrap Pareto)
      slots.forEach((slot) => {
        if (slot.cycles > 0) message(slot.at, { kind: 'count', cycles: slot.cycles, rejects: 0 }, id);
      });
      cycles += o.processed;
      cyclesOf.set(o.key, { cycles: o.processed, rejects: 0 });
    }
    out.sort((a, b) => (a.machineAt as Date).getTime() - (b.machineAt as Date).getTime());
    const lastAt = out.length > 0 ? (out[out.length - 1].machineAt as Date) : null;
    events.push(...out);
    states.push({
      machineCode: code,
      workCenterId: machine.wc.id,
      machineIndex: machine.index,
      state: 'idle',
      since: lastAt,
      lastEventAt: lastAt,
      totalCycles: cycles,
      totalRejects: 0,
      events: out.length,
    });
  }
  return { events, states, openedBy };
}

type MachineState = 'running' | 'idle' | 'down' | 'setup';
type ClosedStop = FloorStop & { end: number };
/** a machine waiting (material, an operator) is idle while its operation runs; otherwise it is down */
const stopState = (s: FloorStop): MachineState =>
  s.micro || s.reason === 'MATERIAL' || s.reason === 'NO-OPERATOR' ? 'idle' : 'down';

/**
 * The work not done at the end of the history is today's plan, so it must be one the planning
 * engine accepts: one operation at a time on a machine, each after its job's operations before
 * it. The plan at release was drawn ahead of what happened by a different offset per job, which
 * can put two jobs' open operations on one machine at once; in the order the floor will run
 * them, each is moved to after its machine's previous one and its predecessors (with the planned
 * setup and run on the machine's shifts). Done operations keep the plan they had.
 */
function feasibleOpenPlan(
  operations: DoneOperation[],
  plannedOf: Map<number, { setupStart: number; start: number; end: number }>,
): void {
  const open = operations
    .filter((o) => o.state !== 'done')
    .sort((a, b) => plannedOf.get(a.key)!.setupStart - plannedOf.get(b.key)!.setupStart);
  const machineFree = new Map<object, number>();
  const endOf = new Map<string, number>();
  const key = (o: DoneOperation, number: string) => `${o.job.key}\u0000${number}`;
  for (const o of open) {
    const planned = plannedOf.get(o.key)!;
    const before = predecessorsOf(o);
    const ready = Math.max(
      planned.setupStart,
      machineFree.get(o.machine) ?? Number.NEGATIVE_INFINITY,
      ...before.map((n) => endOf.get(key(o, n)) ?? Number.NEGATIVE_INFINITY),
    );
    if (ready > planned.setupStart) {
      const setupStart = o.machine.walker.next(ready);
      const start = o.machine.walker.walk(setupStart, o.plannedSetup).end;
      plannedOf.set(o.key, { setupStart, start, end: o.machine.walker.walk(start, o.plannedRun).end });
    }
    const end = plannedOf.get(o.key)!.end;
    machineFree.set(o.machine, end);
    endOf.set(key(o, o.op.number), end);
  }
}

/** The operations of its job an operation follows: its routing's, else the one before it. */
function predecessorsOf(o: DoneOperation): string[] {
  if (o.op.predecessors.length > 0) return o.op.predecessors;
  const x = o.job.operations.findIndex((p) => p.number === o.op.number);
  return x > 0 ? [o.job.operations[x - 1].number] : [];
}
