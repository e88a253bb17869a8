/**
 * The demo history's orders: which customer ordered what and when, and the jobs each order line
 * took (one job per made item of its BOM tree, dedicated to the line as MTO planning does), with
 * the bought material every job drew. Pure and deterministic for a seeded Random.
 *
 * Quantities follow the plant: forged blanks by the hundred, machined parts by the dozen,
 * assemblies by the few. A job starts a little more than it delivers where its material allows
 * (the BOM's scrap factors: a spare billet from the bar, a spare blank per hundred machined
 * parts); what it starts beyond its quantity is scrapped on the way, so every job delivers
 * exactly its quantity and the stock of its parts nets out.
 */
import type { Random } from '@takt/engine';
import type { PlanningBomLine, PlanningItem, PlanningOperation } from '../modules/catalog/plant-structure';

export interface HistoryCatalog {
  items: Map<string, PlanningItem>;
  byNumber: Map<string, PlanningItem>;
  bomByParent: Map<string, (PlanningBomLine & { bomId: string })[]>;
  operationsByItem: Map<string, PlanningOperation[]>;
}

export interface HistoryLine {
  key: string;
  lineNo: number;
  item: PlanningItem;
  quantity: number;
}

export interface HistoryOrder {
  key: number;
  customerNumber: string;
  reference: string;
  /** entered as a draft */
  createdAt: number;
  confirmedAt: number;
  /** the delivery date the customer asked for (an instant on that day) */
  requestedAt: number;
  lines: HistoryLine[];
}

export interface HistoryMaterial {
  item: PlanningItem;
  quantity: number;
  /** the operation it is issued at */
  operationNumber: string;
}

export interface HistoryJob {
  key: number;
  line: HistoryLine;
  order: HistoryOrder;
  item: PlanningItem;
  quantity: number;
  /** parts started: the quantity and the spares its material allows */
  started: number;
  parent: HistoryJob | null;
  /** the operation of the parent that takes this job's parts */
  parentOperation: string;
  children: HistoryJob[];
  bomId: string | null;
  routingId: string | null;
  operations: PlanningOperation[];
  materials: HistoryMaterial[];
}

/**
 * What each customer buys, how many at a time (step: the quantities they order in), and the
 * lead time they ask for (calendar days from order to the requested date).
 */
interface Offer {
  item: string;
  min: number;
  max: number;
  step: number;
}
const PROGRAM: Record<string, Offer[]> = {
  'C-0001': [
    { item: 'AS-CYLROD-060', min: 12, max: 28, step: 4 },
    { item: 'MP-ROD-060', min: 30, max: 60, step: 10 },
    { item: 'MP-PISTON-100', min: 40, max: 80, step: 10 },
    { item: 'FG-ROD-060', min: 150, max: 300, step: 50 },
  ],
  'C-0002': [
    { item: 'AS-DRIVE-080', min: 3, max: 6, step: 1 },
    { item: 'AS-GEARSHAFT-080', min: 4, max: 10, step: 2 },
    { item: 'AS-COUPLING-200', min: 8, max: 16, step: 2 },
    { item: 'MP-SHAFT-080', min: 30, max: 50, step: 5 },
  ],
  'C-0003': [
    { item: 'AS-COUPLING-200', min: 10, max: 24, step: 2 },
    { item: 'MP-FLANGE-200', min: 30, max: 60, step: 10 },
    { item: 'MP-HUB-180', min: 30, max: 60, step: 10 },
    { item: 'FG-FLANGE-200', min: 150, max: 300, step: 50 },
    { item: 'FG-HUB-180', min: 150, max: 300, step: 50 },
  ],
  'C-0004': [
    { item: 'MP-SHAFT-080', min: 25, max: 50, step: 5 },
    { item: 'MP-GEAR-250', min: 10, max: 20, step: 2 },
    { item: 'FG-GEAR-250', min: 80, max: 160, step: 20 },
    { item: 'FG-SHAFT-080', min: 150, max: 300, step: 50 },
    { item: 'AS-GEARSHAFT-080', min: 4, max: 8, step: 2 },
  ],
};
/** how often each customer orders */
const CUSTOMER_WEIGHTS: [string, number][] = [
  ['C-0001', 3],
  ['C-0002', 2],
  ['C-0003', 3],
  ['C-0004', 3],
];

/** Their order references, as their purchasing systems number them. */
const reference = (customer: string, n: number) =>
  ({
    'C-0001': `NWH-${45_100 + n * 7}`,
    'C-0002': `4500${String(318_200 + n * 13).padStart(6, '0')}`,
    'C-0003': `MC/PO/26-${String(400 + n * 3).padStart(4, '0')}`,
    'C-0004': `SME/2026/${String(1_200 + n * 11).padStart(5, '0')}`,
  })[customer] ?? `PO ${n}`;

/** How deep an item's tree goes: drive units need weeks, blanks days. */
export const depthOf = (number: string) =>
  number.startsWith('AS-DRIVE') ? 3 : number.startsWith('AS-') ? 2 : number.startsWith('MP-') ? 1 : 0;
/** the lead time customers ask for by depth, calendar days [shortest, longest] */
const ASKED_DAYS: [number, number][] = [
  [10, 21],
  [15, 28],
  [21, 35],
  [28, 42],
];
const DAY_MS = 86_400_000;

export interface OrderPlanInput {
  /** requested delivery instants, spread over the window like a running plant's (in time order) */
  requested: number[];
  /** orders are confirmed within this range */
  firstConfirmation: number;
  lastConfirmation: number;
  /** a confirmation instant moved onto a working day in office hours */
  officeHours: (ms: number) => number;
  catalog: HistoryCatalog;
}

/**
 * The orders: one per requested date, confirmed as long before it as the customer's lead time
 * says (within the confirmation range), a second line on some.
 */
export function planOrders(rng: Random, input: OrderPlanInput): HistoryOrder[] {
  const weights = CUSTOMER_WEIGHTS.flatMap(([c, w]) => Array.from({ length: w }, () => c));
  const orders: HistoryOrder[] = [];
  const count = new Map<string, number>();
  input.requested.forEach((requestedAt, key) => {
    const shortestLead = (requestedAt - input.lastConfirmation) / DAY_MS;
    const longestLead = (requestedAt - input.firstConfirmation) / DAY_MS;
    const fits = (p: Offer) => {
      const [lo, hi] = ASKED_DAYS[depthOf(p.item)];
      return lo <= longestLead && hi >= shortestLead;
    };
    // a customer who buys something with a lead time that fits
    const candidates = weights.filter((c) => PROGRAM[c].some(fits));
    if (candidates.length === 0) return;
    const customerNumber = candidates[rng.int(candidates.length)];
    const allowed = PROGRAM[customerNumber].filter(fits);
    const lineCount = allowed.length > 1 && rng.next() < 0.3 ? 2 : 1;
    const picked: Offer[] = [];
    while (picked.length < lineCount) {
      const p = allowed[rng.int(allowed.length)];
      if (!picked.includes(p)) picked.push(p);
    }
    const deepest = Math.max(...picked.map((p) => depthOf(p.item)));
    const lo = Math.max(ASKED_DAYS[deepest][0], shortestLead);
    const hi = Math.min(ASKED_DAYS[deepest][1], longestLead);
    const asked = lo + rng.next() * Math.max(0, hi - lo);
    const confirmedAt = input.officeHours(requestedAt - asked * DAY_MS);
    const n = (count.get(customerNumber) ?? 0) + 1;
    count.set(customerNumber, n);
    const order: HistoryOrder = {
      key,
      customerNumber,
      reference: reference(customerNumber, n),
      // entered a few hours to two days before it was confirmed
      createdAt: confirmedAt - Math.round((2 + rng.next() * 40) * 3_600_000),
      confirmedAt,
      requestedAt,
      lines: [],
    };
    picked.forEach((p, x) => {
      const item = input.catalog.byNumber.get(p.item);
      if (!item) throw new Error(`demo history: the demo plant has no item ${p.item}`);
      const steps = Math.floor((p.max - p.min) / p.step);
      order.lines.push({
        key: `${key}-${x}`,
        lineNo: (x + 1) * 10,
        item,
        quantity: p.min + rng.int(steps + 1) * p.step,
      });
    });
    orders.push(order);
  });
  return orders;
}

const roundUp = (item: PlanningItem, quantity: number) =>
  item.uom === 'pcs' ? Math.ceil(quantity - 1e-9) : Math.ceil(quantity * 10 - 1e-9) / 10;

/** The jobs of an order line's tree, the line's own job first, then depth first. */
export function explodeLine(
  rng: Random,
  catalog: HistoryCatalog,
  order: HistoryOrder,
  line: HistoryLine,
  nextKey: () => number,
): HistoryJob[] {
  const jobs: HistoryJob[] = [];
  const visit = (
    item: PlanningItem,
    quantity: number,
    parent: HistoryJob | null,
    parentOperation: string,
  ): HistoryJob => {
    const operations = catalog.operationsByItem.get(item.id) ?? [];
    if (operations.length === 0) throw new Error(`demo history: ${item.number} has no routing`);
    const lines = catalog.bomByParent.get(item.id) ?? [];
    const first = operations[0].number;
    const opOf = (l: PlanningBomLine) =>
      l.operationNumber && operations.some((o) => o.number === l.operationNumber) ? l.operationNumber : first;
    const fromBar = lines.some((l) => catalog.items.get(l.childItemId)?.uom === 'kg');
    const job: HistoryJob = {
      key: nextKey(),
      line,
      order,
      item,
      quantity,
      started: quantity,
      parent,
      parentOperation,
      children: [],
      bomId: lines[0]?.bomId ?? null,
      routingId: operations[0].routingId,
      operations,
      materials: [],
    };
    jobs.push(job);
    let spares = 0;
    for (const l of lines) {
      const child = catalog.items.get(l.childItemId);
      if (!child) continue;
      const needed = roundUp(child, quantity * l.quantityPer * (1 + l.scrapFactor));
      if (child.kind === 'buy') {
        job.materials.push({ item: child, quantity: needed, operationNumber: opOf(l) });
        continue;
      }
      const made = visit(child, needed, job, opOf(l));
      job.children.push(made);
      // one made part per parent part: its spares are parts this job starts more
      if (l.quantityPer === 1) spares = Math.max(spares, needed - quantity);
    }
    // from bar stock: the bar's scrap allowance covers a spare billet or two per hundred
    if (fromBar) spares = Math.round(quantity * rng.next() * 0.025);
    job.started = quantity + spares;
    return job;
  };
  visit(line.item, line.quantity, null, '');
  return jobs;
}
