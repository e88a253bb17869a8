/**
 * Capable-to-promise: the words. A *promise request* is a new sales order line or quote line,
 * already turned into jobs and operations (a configured item's BOM and routing exploded by the
 * caller), with its precedences, material and the customer's requested date. A *delivery
 * promise* is the earliest date the plant can complete it without moving any planned work, the
 * operations that make that date true, and the constraint the date hangs on.
 */
import type { Minutes } from '../common/time';
import type { Precedence, ScheduledOperation, ScheduleJob, ScheduleOperation } from '../schedule/types';

export interface PromiseRequest {
  /** The sales order line or quote line; its jobs' orderId defaults to this. */
  orderId: string;
  jobs: ScheduleJob[];
  /** New operations; ids must not clash with the plan's. Firm operations are not accepted here. */
  operations: ScheduleOperation[];
  /** Between new operations, or from an existing (planned) operation to a new one. */
  precedences: Precedence[];
  /** The customer's requested delivery date. */
  requestedDate?: Minutes;
}

export interface CapableToPromiseOptions {
  /** Nothing new starts before now. Default 0 (the plan's origin). */
  now?: Minutes;
  /**
   * 'indexed' (default): binary search plus a segment tree over the gaps; 'linear': scan every
   * gap from the first (the naive baseline the benchmark compares against; same answers).
   */
  gapSearch?: 'indexed' | 'linear';
  /** Skip naming the binding constraint (one placement instead of one per candidate). */
  explain?: boolean;
}

/**
 * What the delivery date hangs on, with `delay`: how many minutes earlier the delivery would be
 * if this constraint alone were lifted (the work center's planned work removed, the material on
 * hand now, the release date now).
 */
export type BindingConstraint =
  | {
      kind: 'capacity';
      workCenterId: string;
      machineId: string;
      /** the new operation that waited longest for this work center */
      operationId: string;
      /** the work center is full until then: the machine became free for that operation */
      freeAt: Minutes;
      /** minutes that operation waited for the machine */
      waited: Minutes;
      delay: Minutes;
    }
  | { kind: 'material'; itemId: string; operationId: string; availableAt: Minutes; delay: Minutes }
  | { kind: 'release'; jobId: string; releaseDate: Minutes; delay: Minutes }
  /** free capacity: the date is the work content on the calendars */
  | { kind: 'none' };

export interface PromisedOperation extends ScheduledOperation {
  workCenterId: string;
  /** when precedences, release and material allowed it to start */
  readyAt: Minutes;
  /** minutes it waited for its machine (beyond what the calendar alone imposes) */
  waitedForMachine: Minutes;
}

export interface DeliveryPromise {
  orderId: string;
  /** Earliest completion of all the request's jobs. */
  delivery: Minutes;
  requestedDate?: Minutes;
  /** Minutes the delivery is past the requested date (0 when on time). */
  lateBy?: Minutes;
  /** The delivery if no planned work occupied any machine (material and calendars still hold). */
  freeCapacityDelivery: Minutes;
  binding: BindingConstraint;
  /** Every constraint that delays the delivery, largest delay first (binding is the first). */
  constraints: BindingConstraint[];
  jobs: { jobId: string; completion: Minutes }[];
  operations: PromisedOperation[];
  /** New sequences of the machines the request uses (planned and promised operations in order). */
  sequences: Record<string, string[]>;
}
