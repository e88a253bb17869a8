/**
 * The supply tree of an order: per line, every peg (stock, job, requisition, purchase order
 * line) with the document's number, read from planning's pegs and named by their owners in a
 * fixed number of queries.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { NotFoundError } from '../../platform/errors';
import { items } from '../catalog/tables/items';
import type { PlanningService } from '../planning/planning-service';
import type { ProductionService } from '../production/service';
import type { PurchaseOrderService } from '../purchasing/purchase-order-service';
import type { RequisitionService } from '../purchasing/requisition-service';
import { salesOrderLines, salesOrders } from './tables';

export class OrderSupplyService {
  constructor(
    private readonly db: Db,
    private readonly planning: PlanningService,
    private readonly production: ProductionService,
    private readonly requisitions: RequisitionService,
    private readonly purchaseOrders: PurchaseOrderService,
  ) {}

  async ofOrder(orderId: string) {
    const [order] = await this.db
      .select({ id: salesOrders.id })
      .from(salesOrders)
      .where(eq(salesOrders.id, orderId));
    if (!order) throw new NotFoundError('sales order', orderId);
    const lines = await this.db
      .select({ id: salesOrderLines.id, lineNo: salesOrderLines.lineNo })
      .from(salesOrderLines)
      .where(eq(salesOrderLines.orderId, orderId))
      .orderBy(salesOrderLines.lineNo);
    const pegs = await this.planning.pegsOfLines(lines.map((l) => l.id));
    const described = await this.describe(pegs);
    return {
      lines: lines.map((line) => ({
        lineId: line.id,
        lineNo: line.lineNo,
        pegs: described.filter((p) => p.salesOrderLineId === line.id).map(({ view }) => view),
      })),
    };
  }

  /**
   * Pegs named by their documents' owners in a fixed number of queries: the job, requisition or
   * purchase order (number, status, link) and the item; a job is due when the schedule ends it.
   * Shared with planning's pegging view.
   */
  async describe(pegs: Awaited<ReturnType<PlanningService['pegsOfLines']>>) {
    const ids = (kind: string) => [
      ...new Set(pegs.filter((p) => p.supplyKind === kind && p.supplyId).map((p) => p.supplyId!)),
    ];
    const jobIds = ids('job');
    const reqIds = ids('purchase-requisition');
    const itemIds = [...new Set(pegs.map((p) => p.itemId))];
    const [jobs, reqs, poOfLine, itemRows] = await Promise.all([
      this.production.summaries(jobIds),
      reqIds.length ? this.requisitions.list({ limit: 500, offset: 0, ids: reqIds }) : { items: [] },
      this.purchaseOrders.ordersOfLines(ids('purchase-order-line')),
      itemIds.length
        ? this.db
            .select({ id: items.id, number: items.number, name: items.name })
            .from(items)
            .where(inArray(items.id, itemIds))
        : [],
    ]);
    const numberOf = new Map<string, string>([
      ...jobs.map((j) => [j.id, j.number] as const),
      ...reqs.items.map((r) => [r.id, r.number] as const),
    ]);
    const itemOf = new Map(itemRows.map((i) => [i.id, i]));
    const jobOf = new Map(jobs.map((j) => [j.id, j]));
    const reqStatusOf = new Map(reqs.items.map((r) => [r.id, r.status]));
    /** the document a peg points to: the job, the requisition, or the purchase order of the line */
    const documentOf = (kind: string, id: string | null) => {
      if (!id) return { number: null, documentId: null };
      if (kind === 'purchase-order-line') {
        const po = poOfLine.get(id);
        return po
          ? { number: `${po.number}/${po.lineNo}`, documentId: po.purchaseOrderId }
          : { number: null, documentId: null };
      }
      return { number: numberOf.get(id) ?? null, documentId: id };
    };
    return pegs.map((p) => {
      const document = documentOf(p.supplyKind, p.supplyId);
      return {
        pegId: p.id,
        salesOrderLineId: p.salesOrderLineId,
        demandId: p.demandId,
        status:
          p.supplyKind === 'job' && p.supplyId
            ? (jobOf.get(p.supplyId)?.status ?? null)
            : p.supplyKind === 'purchase-order-line' && p.supplyId
              ? (poOfLine.get(p.supplyId)?.status ?? null)
              : p.supplyKind === 'purchase-requisition' && p.supplyId
                ? (reqStatusOf.get(p.supplyId) ?? null)
                : null,
        view: {
          itemId: p.itemId,
          itemNumber: itemOf.get(p.itemId)?.number ?? '',
          itemName: itemOf.get(p.itemId)?.name ?? '',
          supplyKind: p.supplyKind,
          supplyId: p.supplyId,
          supplyNumber: document.number,
          documentId: document.documentId,
          quantity: Number(p.quantity),
          neededAt: p.neededAt.toISOString(),
          // a job is there when the schedule finishes it, not when MRP wanted it
          dueAt:
            p.supplyKind === 'job' && p.supplyId
              ? (jobOf.get(p.supplyId)?.plannedEnd ?? p.dueAt.toISOString())
              : p.dueAt.toISOString(),
        },
      };
    });
  }
}
