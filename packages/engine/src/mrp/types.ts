/**
 * The MRP model: plain data in and out. Quantities are in the item's base unit; times are
 * engine minutes since the plan's origin.
 */
import type { Minutes } from '../common/time';

export type Strategy = 'MTS' | 'ATO' | 'MTO' | 'ETO';

export interface LotSizing {
  rule: 'lot-for-lot' | 'fixed' | 'minimum' | 'multiple' | 'period';
  /** fixed lot, minimum, multiple; for 'period' the number of working days one order covers */
  quantity?: number;
}

export interface MrpItem {
  id: string;
  kind: 'make' | 'buy' | 'phantom';
  strategy: Strategy;
  /** production or purchase lead time in working days */
  leadTimeDays: number;
  lotSizing?: LotSizing;
  safetyStock?: number;
  /** MTS: reorder when the projected stock falls below this */
  reorderPoint?: number;
  /** yield loss of the item's own production: 0.05 makes 5 % more */
  scrapFactor?: number;
}

export interface MrpBomLine {
  parentId: string;
  childId: string;
  quantityPer: number;
  /** loss of the component in the parent's production */
  scrapFactor?: number;
  /** routing operation of the parent that consumes the child */
  operationId?: string;
}

export interface MrpDemand {
  id: string;
  /** a sales order line, or a forecast (MTS items and ATO components) */
  kind: 'order' | 'forecast';
  itemId: string;
  quantity: number;
  due: Minutes;
  priority?: number;
  /** configured / engineered order: BOM lines replacing the standard BOM of these parents, for this line only */
  bom?: MrpBomLine[];
}

/** What an open job still needs of one of its components. */
export interface MrpJobComponent {
  itemId: string;
  /** still to be issued to the job (the caller nets what was issued already), in the component's base unit */
  quantity: number;
  /** when the job needs it: when the consuming operation is scheduled to start */
  need: Minutes;
}

/** Existing supply: open production jobs and purchase orders. */
export interface MrpSupply {
  id: string;
  kind: 'job' | 'purchase';
  itemId: string;
  quantity: number;
  due: Minutes;
  /** pegged to a sales order line (MTO): only that line may use it */
  orderLineId?: string;
  /**
   * A job's remaining component requirement (read for kind 'job' only). MRP explodes planned
   * orders through the BOM; an open job's material is given here instead (its BOM revision or
   * the line's frozen structure, phantoms dissolved, less what was issued). Each becomes
   * dependent demand on the component, pooled as the job is: a job of an order line needs an
   * MTO/ETO component in that line's pool, and an MTS component from the shared pool, where
   * supply dedicated to the line (its reserved stock, its purchase orders) is taken first.
   * Its pegs are the job's: see `Peg`.
   */
  components?: MrpJobComponent[];
  /**
   * What the supply was bought or made for (the pegging it was committed with, e.g. when a
   * previous plan created it): a shared supply's quantity pegged to an order line, or to an open
   * job (`job:<id>`), is taken by that line's or job's requirements before they take any other
   * supply and before any other requirement may take it; what they do not need is free. Pegs to
   * stock policies (`stock:`, `safety-stock:`, `reorder-point:`, `surplus:`) commit nothing.
   */
  pegs?: Peg[];
}

export interface MrpInput {
  now: Minutes;
  /** start minute of each working day, ascending, covering the planning horizon and some past */
  workingDays: Minutes[];
  items: MrpItem[];
  bom: MrpBomLine[];
  demands: MrpDemand[];
  supplies?: MrpSupply[];
  onHand?: { itemId: string; quantity: number }[];
  /** stock already reserved for a sales order line */
  reservations?: { itemId: string; orderLineId: string; quantity: number }[];
  /** open supply due this many working days or more before it is needed gets a defer message (default 5) */
  deferThresholdDays?: number;
}

/**
 * Which top-level demand (sales order line or forecast) a quantity serves. Besides demand ids a
 * peg may name the plan's own needs: `safety-stock:<item>`, `reorder-point:<item>`,
 * `surplus:<item>` (a lot beyond the need), and `job:<supply id>`: what an open job needs of its
 * components serves the demands the job serves in this plan (its pegging links, scaled by the
 * component's quantity per remaining unit); the part of the job no demand of this plan takes
 * (all of it, for a job that serves none) is pegged to `job:<its id>`.
 */
export interface Peg {
  demandId: string;
  quantity: number;
}

export interface PlannedOrder {
  id: string;
  itemId: string;
  kind: 'make' | 'buy';
  quantity: number;
  start: Minutes;
  due: Minutes;
  /** the sales order line the order is dedicated to (MTO/ETO), if any */
  orderLineId?: string;
  /** the top-level demands it serves, adding up to its quantity */
  pegging: Peg[];
}

/** A supply serving a demand: stock, an open job or purchase order, or a planned order. */
export interface PeggingLink {
  demandId: string;
  itemId: string;
  supplyKind: 'stock' | 'job' | 'purchase' | 'planned';
  supplyId: string;
  quantity: number;
  /** when that supply is due (stock: now) */
  due: Minutes;
  /** the quantity is needed by then */
  needed: Minutes;
  /** the open job whose component need this link covers (`MrpSupply.components`), if it is one */
  jobId?: string;
}

export type ExceptionKind = 'late' | 'expedite' | 'defer' | 'cancel' | 'shortage';

export interface MrpException {
  kind: ExceptionKind;
  itemId: string;
  quantity: number;
  /** late/shortage: the earliest date possible; expedite/defer: the date needed; cancel: the supply's due date */
  date: Minutes;
  supplyId?: string;
  demandIds: string[];
  /** late, shortage, expedite: the open jobs whose component need it is (`MrpSupply.components`) */
  jobIds?: string[];
  message: string;
}

export interface MrpPlan {
  plannedOrders: PlannedOrder[];
  pegging: PeggingLink[];
  exceptions: MrpException[];
  lowLevelCodes: Record<string, number>;
}
