/**
 * The stock side of the demo history: what was bought, received and moved. Every part the jobs
 * drew and every shipment came from the ledger:
 *   bought material  received as a lot on a purchase order line into receiving, put away into
 *                    stores, issued to the jobs oldest lot first
 *   made parts       put into stores by the job that made them, issued to the parent job
 *   finished goods   put into stores by the line's job, shipped on the delivery note
 * Each receipt is sized to the issues it served (bar stock by delivered weight), so every lot
 * and every item nets to zero: the history leaves today's stock exactly as it was. The buyer
 * ordered a supplier's lead time before the need; most deliveries came on the due date, some a
 * day early, about one in eight late by a few working days. A job still on the floor at the end
 * of the history has made nothing yet and has drawn what its started operations took, and (kitted
 * at its release, `kittedAt`) what the others will take. Pure and
 * deterministic for a seeded Random; stocks are summed in thousandths, so decimals add up exactly.
 */
import { randomUUID } from 'node:crypto';
import type { Random } from '@takt/engine';
import type { PlanningItem } from '../modules/catalog/plant-structure';
import { priceFor } from '../modules/purchasing/supply-pricing';
import type { HistoryJob } from './demo-history-orders';
import { localInstant } from './demo-history-shifts';
import type { DoneOperation } from './demo-history-shop-floor';

const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface SupplyTerm {
  supplierId: string;
  leadTimeDays: number;
  priceBreaks: { fromQuantity: number; unitPrice: number }[];
  currency: string;
}

export interface Move {
  id: string;
  at: number;
  kind: 'receipt' | 'issue' | 'transfer' | 'production' | 'shipment';
  item: PlanningItem;
  location: 'stores' | 'receiving';
  lot: Lot | null;
  /** thousandths of the item's unit, signed */
  milli: number;
  transferId: string | null;
  job: HistoryJob | null;
  poLine: PoLine | null;
  /** the shipped line's job (the line's own) */
  shipped: HistoryJob | null;
}

export interface Lot {
  id: string;
  item: PlanningItem;
  poLine: PoLine;
  at: number;
  number: string;
}

export interface PoLine {
  id: string;
  item: PlanningItem;
  milli: number;
  unitPrice: number;
  dueAt: number;
  receivedAt: number;
  /** working days from order to receipt */
  leadTimeDays: number;
  po: PurchaseOrder;
  lineNo: number;
}

export interface PurchaseOrder {
  id: string;
  supplierId: string;
  currency: string;
  createdAt: number;
  orderedAt: number;
  lines: PoLine[];
  number: string;
}

export interface Ledger {
  moves: Move[];
  lots: Lot[];
  purchaseOrders: PurchaseOrder[];
}

export interface LedgerInput {
  jobs: HistoryJob[];
  operationsOf: (job: HistoryJob) => DoneOperation[];
  jobEnd: (job: HistoryJob) => number;
  /** the end of the history: what happens later is not in the ledger (yet) */
  until: number;
  /**
   * When a job of an order still open today was kitted (its release): what its operations not
   * started by the end take (bought material, its children's parts once made) is issued to it
   * then, so nothing of it waits in stores
   */
  kittedAt?: (job: HistoryJob) => number | undefined;
  /** the line jobs and when they shipped */
  shipments: { job: HistoryJob; at: number }[];
  termsOf: (item: PlanningItem) => SupplyTerm;
  timeZone: string;
  /** the plant's working dates, sorted, reaching far enough back for the longest lead time (and a few days past the end) */
  workingDates: string[];
}

export const toMilli = (quantity: number) => Math.round(quantity * 1000);
/** minutes from a made part's end to its parent's kit: it is put away first (within 30 minutes) */
export const KIT_MINUTES = 30;

export function buildLedger(rng: Random, input: LedgerInput): Ledger {
  const moves: Move[] = [];
  const move = (m: Omit<Move, 'id' | 'transferId' | 'lot' | 'poLine' | 'shipped'> & Partial<Move>) =>
    moves.push({ id: randomUUID(), transferId: null, lot: null, poLine: null, shipped: null, ...m });

  // what the jobs made and drew
  const issues: { at: number; item: PlanningItem; milli: number; job: HistoryJob }[] = [];
  for (const job of input.jobs) {
    const ops = input.operationsOf(job);
    const startOf = (number: string) => (ops.find((o) => o.op.number === number) ?? ops[0]).setupStart;
    const kit = input.kittedAt?.(job);
    // picked and brought to the machine before the setup starts (for an operation not started by the end: the kit's)
    const picked = (number: string) => {
      const at = startOf(number) - (5 + rng.int(20)) * MINUTE;
      return at >= input.until && kit !== undefined ? kit : at;
    };
    // (a job still running today has made nothing yet; an operation not started has drawn nothing)
    const made = input.jobEnd(job) + (5 + rng.int(25)) * MINUTE;
    if (made < input.until)
      move({
        at: made,
        kind: 'production',
        item: job.item,
        location: 'stores',
        milli: toMilli(job.quantity),
        job,
      });
    for (const child of job.children) {
      // into the kit once made and put away (after its production move: up to half an hour after its end)
      const at =
        kit === undefined
          ? picked(child.parentOperation)
          : Math.max(picked(child.parentOperation), input.jobEnd(child) + KIT_MINUTES * MINUTE);
      if (at < input.until)
        move({
          at,
          kind: 'issue',
          item: child.item,
          location: 'stores',
          milli: -toMilli(child.quantity),
          job,
        });
    }
    for (const m of job.materials) {
      const at = picked(m.operationNumber);
      if (at < input.until) issues.push({ at, item: m.item, milli: toMilli(m.quantity), job });
    }
  }
  for (const s of input.shipments)
    move({
      at: s.at,
      kind: 'shipment',
      item: s.job.item,
      location: 'stores',
      milli: -toMilli(s.job.quantity),
      job: null,
      shipped: s.job,
    });

  // bought material: a receipt before each batch of issues, sized to it
  const dates = input.workingDates;
  const dateIndex = new Map(dates.map((d, x) => [d, x]));
  const localDate = new Intl.DateTimeFormat('en-CA', {
    timeZone: input.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const workingIndexOnOrBefore = (ms: number) => {
    const d = localDate.format(new Date(ms));
    let x = dateIndex.get(d);
    if (x === undefined) {
      x = dates.findIndex((w) => w > d) - 1;
      if (x < -1) x = dates.length - 1;
    }
    return x;
  };
  const at = (x: number, minutes: number) => {
    if (x < 0) throw new Error('demo history: the working dates do not reach back far enough');
    return localInstant(input.timeZone, dates[x], minutes);
  };
  const byItem = new Map<string, typeof issues>();
  for (const i of issues) byItem.set(i.item.id, [...(byItem.get(i.item.id) ?? []), i]);
  interface Receipt {
    item: PlanningItem;
    at: number;
    x: number;
    milli: number;
  }
  const receipts: Receipt[] = [];
  for (const list of byItem.values()) {
    list.sort((a, b) => a.at - b.at);
    const item = list[0].item;
    // bar stock by the week, bought parts every fortnight
    const period = (item.uom === 'kg' ? 7 : 14) * 86_400_000;
    let batch: typeof issues = [];
    const close = () => {
      if (batch.length === 0) return;
      const first = batch[0].at;
      // one to three working days before the first issue, in the morning
      const x = workingIndexOnOrBefore(first - HOUR) - (1 + rng.int(3));
      const when = at(x, 7 * 60 + 30 + rng.int(240));
      receipts.push({ item, at: when, x, milli: batch.reduce((s, i) => s + i.milli, 0) });
      batch = [];
    };
    for (const i of list) {
      if (batch.length > 0 && i.at >= batch[0].at + period) close();
      batch.push(i);
    }
    close();
  }

  // purchase orders: a supplier's lead time before the due date, one order per supplier and day
  const orders = new Map<string, PurchaseOrder>();
  const poLines: PoLine[] = [];
  for (const r of receipts.sort((a, b) => a.at - b.at)) {
    const term = input.termsOf(r.item);
    const roll = rng.next();
    // working days the delivery came after its due date (negative: early)
    const late = roll < 0.12 ? 2 + rng.int(4) : roll < 0.22 ? -1 - rng.int(2) : roll < 0.45 ? -1 : 0;
    const dueX = r.x - late;
    const orderX = dueX - Math.round(term.leadTimeDays);
    const key = `${term.supplierId}|${orderX}`;
    let po = orders.get(key);
    if (!po) {
      const orderedAt = at(orderX, 9 * 60 + rng.int(360));
      po = {
        id: randomUUID(),
        supplierId: term.supplierId,
        currency: term.currency,
        orderedAt,
        createdAt: orderedAt - (10 + rng.int(100)) * MINUTE,
        lines: [],
        number: '',
      };
      orders.set(key, po);
    }
    const quantity = r.milli / 1000;
    const line: PoLine = {
      id: randomUUID(),
      item: r.item,
      milli: r.milli,
      unitPrice: priceFor(term.priceBreaks, quantity),
      dueAt: at(dueX, 12 * 60),
      receivedAt: r.at,
      leadTimeDays: r.x - orderX,
      po,
      lineNo: (po.lines.length + 1) * 10,
    };
    po.lines.push(line);
    poLines.push(line);
  }

  // receipts into receiving as lots, put away into stores, issued oldest lot first
  const lots: Lot[] = [];
  const openLots = new Map<string, { lot: Lot; left: number }[]>();
  for (const line of poLines) {
    const lot: Lot = { id: randomUUID(), item: line.item, poLine: line, at: line.receivedAt, number: '' };
    lots.push(lot);
    openLots.set(line.item.id, [...(openLots.get(line.item.id) ?? []), { lot, left: line.milli }]);
    const base = { item: line.item, lot, poLine: line, job: null };
    move({ ...base, at: line.receivedAt, kind: 'receipt', location: 'receiving', milli: line.milli });
    const transferId = randomUUID();
    const putAway = line.receivedAt + (45 + rng.int(120)) * MINUTE;
    move({ ...base, at: putAway, kind: 'transfer', location: 'receiving', milli: -line.milli, transferId });
    move({ ...base, at: putAway, kind: 'transfer', location: 'stores', milli: line.milli, transferId });
  }
  for (const i of issues.sort((a, b) => a.at - b.at)) {
    let need = i.milli;
    for (const open of openLots.get(i.item.id) ?? []) {
      if (need === 0) break;
      const take = Math.min(need, open.left);
      if (take === 0) continue;
      open.left -= take;
      need -= take;
      move({
        at: i.at,
        kind: 'issue',
        item: i.item,
        location: 'stores',
        lot: open.lot,
        milli: -take,
        job: i.job,
      });
    }
    if (need !== 0) throw new Error(`demo history: no lot left for ${i.item.number}`);
  }
  moves.sort((a, b) => a.at - b.at || b.milli - a.milli);
  const purchaseOrders = [...orders.values()].sort((a, b) => a.orderedAt - b.orderedAt);
  checkLedger(moves);
  return { moves, lots: lots.sort((a, b) => a.at - b.at), purchaseOrders };
}

/**
 * The ledger's invariant, checked on what was generated: in time order no bucket (item,
 * location, lot) ever goes below zero, and every one ends at zero.
 */
export function checkLedger(moves: Move[]): void {
  const stock = new Map<string, number>();
  for (const m of moves) {
    const key = `${m.item.id}|${m.location}|${m.lot?.id ?? ''}`;
    const left = (stock.get(key) ?? 0) + m.milli;
    if (left < 0)
      throw new Error(
        `demo history: ${m.item.number} goes below zero in ${m.location} at ${new Date(m.at).toISOString()}`,
      );
    stock.set(key, left);
  }
  for (const [key, left] of stock)
    if (left !== 0) throw new Error(`demo history: ${key} ends at ${left / 1000}, not 0`);
}
