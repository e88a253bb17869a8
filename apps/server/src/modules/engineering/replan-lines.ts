/**
 * Re-planning order lines after their structure changed (an ECO, a partial release), in the
 * caller's transaction, through the paths an order change takes: planning's `unplanLines`
 * takes the lines' not-started supply out, `SalesOrderService.planLine` plans and promises each
 * again around the plan as it stands. Other orders never move.
 */
import type { Actor } from '../../platform/audit';
import type { Tx } from '../../platform/db/database';
import { whereUsed } from '../catalog/bom-structure';
import type { PlanningService } from '../planning/planning-service';
import type { SalesOrderService } from '../sales/order-service';

const DAY = 86_400_000;
const days = (a: string | null, b: string | null) =>
  a && b ? Math.round((Date.parse(b) - Date.parse(a)) / DAY) : null;

/**
 * Open order lines whose structure contains the item: lines of the item itself and of every
 * assembly that uses it (today's effective structure). A configured line was frozen to its own
 * structure and is left out, and so are forecasts (they are not order lines). Two queries.
 */
export async function linesUsing(tx: Tx, orders: SalesOrderService, itemId: string, today: string) {
  const [open, parents] = await Promise.all([orders.openDemands(tx), whereUsed(tx, itemId, today)]);
  const items = new Set([itemId, ...parents.map((p) => p.itemId)]);
  return open.filter((d) => d.salesOrderLineId !== null && !d.configured && items.has(d.itemId));
}

export async function replanLines(
  tx: Tx,
  actor: Actor,
  lineIds: string[],
  deps: { planning: PlanningService; orders: SalesOrderService },
) {
  const { planning, orders } = deps;
  const refs = await orders.openLinePromises(lineIds, tx);
  const rows = (await orders.linesOf(tx, [...new Set(refs.map((r) => r.orderId))])).filter((l) =>
    lineIds.includes(l.id),
  );
  const unplanned = await planning.unplanLines(tx, actor, lineIds, ['planned']);
  const pending = (await orders.openDemands(tx)).filter((d) => !lineIds.includes(d.id));
  const createdJobs: string[] = [];
  const createdRequisitions: string[] = [];
  for (const line of rows) {
    const { demand, written } = await orders.planLine(tx, actor, line, pending);
    pending.push(demand);
    createdJobs.push(...written.jobNumbers);
    createdRequisitions.push(...written.requisitionNumbers);
  }
  const after = new Map((await orders.openLinePromises(lineIds, tx)).map((r) => [r.lineId, r]));
  return {
    lines: refs.map((r) => {
      const row = rows.find((l) => l.id === r.lineId)!;
      const now = after.get(r.lineId);
      return {
        salesOrderLineId: r.lineId,
        orderNumber: r.orderNumber,
        lineNo: r.lineNo,
        itemNumber: row.itemNumber,
        quantity: Number(row.quantity) - Number(row.shippedQuantity),
        before: { promisedDate: r.promisedDate, p90At: r.promise?.p90At ?? null },
        after: { promisedDate: now?.promisedDate ?? null, p90At: now?.promise?.p90At ?? null },
        promiseDeltaDays: days(r.promisedDate, now?.promisedDate ?? null),
      };
    }),
    cancelledJobs: unplanned.cancelledJobs.map((j) => ({
      number: j.number,
      itemNumber: j.itemNumber,
      status: j.status,
    })),
    keptJobs: unplanned.remainingJobs
      .filter((j) => !createdJobs.includes(j.number))
      .map((j) => ({ number: j.number, itemNumber: j.itemNumber, status: j.status })),
    createdJobs,
    cancelledRequisitions: unplanned.cancelledRequisitions,
    createdRequisitions,
    orderedPurchases: unplanned.orderedPurchases,
    releasedReservedQuantity: unplanned.releasedQuantity,
  };
}

export type ReplanResult = Awaited<ReturnType<typeof replanLines>>;
