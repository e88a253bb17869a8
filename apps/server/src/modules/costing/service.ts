/**
 * Cost per order line at three stages (preliminary, committed, actual) with the margin against
 * the price at each, for one order or across orders. Reads what serves each line through the
 * owners' services in a fixed number of queries, whatever the number of lines; writes nothing.
 */
import type { SalesOrder } from '@takt/contracts';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { groupBy } from '../../platform/group-by';
import { items } from '../catalog/tables/items';
import type { InventoryService } from '../inventory/service';
import type { PlanningService } from '../planning/planning-service';
import type { ProductionService } from '../production/service';
import type { PurchaseOrderService } from '../purchasing/purchase-order-service';
import { nonConformanceCostOfJobs } from '../quality/non-conformance-cost';
import { netAmount } from '../sales/line-amount';
import type { SalesOrderService } from '../sales/order-service';
import { costStages, type LineCostStages, marginPercent, type StageCost } from './cost-stages';

export interface LineCost extends LineCostStages {
  lineId: string;
  lineNo: number;
  itemNumber: string;
  itemName: string;
  quantity: number;
  netAmount: number;
}

export interface OrderCost {
  orderId: string;
  orderNumber: string;
  customerName: string;
  status: SalesOrder['status'];
  currency: string;
  netAmount: number;
  preliminary: StageCost | null;
  committed: StageCost;
  actual: StageCost;
  lines: LineCost[];
}

const sumStages = (net: number, stages: StageCost[]): StageCost => {
  const material = stages.reduce((s, c) => s + c.material, 0);
  const work = stages.reduce((s, c) => s + c.work, 0);
  const total = material + work;
  return { material, work, total, marginPercent: total > 0 ? marginPercent(net, total) : null };
};

export class CostingService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      orders: SalesOrderService;
      planning: PlanningService;
      production: ProductionService;
      purchaseOrders: PurchaseOrderService;
      /** the stock ledger: material issued to the lines' jobs */
      stock: InventoryService;
    },
  ) {}

  async ofOrder(orderId: string): Promise<OrderCost> {
    const order = await this.deps.orders.get(orderId);
    const [cost] = await this.ofOrders([
      {
        id: order.id,
        number: order.number,
        customerName: order.customerName,
        status: order.status,
        currency: order.currency,
      },
    ]);
    return cost;
  }

  /** Orders of the margin report: the newest first, paged like every list. */
  async report(query: { limit: number; offset: number; q?: string; status?: string; customerId?: string }) {
    const page = await this.deps.orders.list(query);
    return { ...page, items: await this.ofOrders(page.items) };
  }

  /** The cost of these orders (the projects module reads its lines' stages through this). */
  async ofOrders(
    orders: {
      id: string;
      number: string;
      customerName: string;
      status: SalesOrder['status'];
      currency: string;
    }[],
  ): Promise<OrderCost[]> {
    if (orders.length === 0) return [];
    const lines = await this.deps.orders.linesOf(
      this.db,
      orders.map((o) => o.id),
    );
    const pegs = await this.deps.planning.pegsOfLines(lines.map((l) => l.id));
    const ids = (kind: string) => [
      ...new Set(pegs.filter((p) => p.supplyKind === kind && p.supplyId).map((p) => p.supplyId as string)),
    ];
    const [purchaseLines, jobs, issuedRows, nonConformance] = await Promise.all([
      this.deps.purchaseOrders.lineTerms(ids('purchase-order-line')),
      this.deps.production.workCostOfJobs(ids('job')),
      this.deps.stock.issuedToJobs(ids('job')),
      nonConformanceCostOfJobs(this.db, ids('job')),
    ]);
    const issued = new Map<string, Map<string, number>>();
    for (const r of issuedRows)
      issued.set(r.jobId, (issued.get(r.jobId) ?? new Map()).set(r.itemId, r.quantity));
    // stock set aside and issued material are valued at standard cost
    const costItems = [
      ...new Set([
        ...pegs.filter((p) => p.supplyKind === 'stock').map((p) => p.itemId),
        ...issuedRows.map((r) => r.itemId),
      ]),
    ];
    const costRows = costItems.length
      ? await this.db
          .select({ id: items.id, cost: items.standardCostAmount })
          .from(items)
          .where(inArray(items.id, costItems))
      : [];
    const sources = {
      purchaseLines,
      jobs,
      standardCost: new Map(costRows.map((r) => [r.id, r.cost])),
      issued,
    };
    const pegsByLine = groupBy(pegs, (p) => p.salesOrderLineId);
    return orders.map((order) => {
      const own = lines
        .filter((l) => l.orderId === order.id)
        .map((l): LineCost => {
          const net = netAmount(Number(l.quantity), l.unitPrice, Number(l.discountPercent));
          const stages = costStages(
            { netAmount: net, preliminary: l.costEstimate },
            (pegsByLine.get(l.id) ?? []).map((p) => ({
              supplyKind: p.supplyKind,
              supplyId: p.supplyId,
              itemId: p.itemId,
              quantity: Number(p.quantity),
            })),
            sources,
          );
          return {
            lineId: l.id,
            lineNo: l.lineNo,
            itemNumber: l.itemNumber,
            itemName: l.itemName,
            quantity: Number(l.quantity),
            netAmount: net,
            ...stages,
            actual: withScrappedMaterial(
              stages.actual,
              net,
              pegsByLine.get(l.id) ?? [],
              jobs,
              nonConformance,
              issued,
            ),
          };
        });
      const net = own.reduce((s, l) => s + l.netAmount, 0);
      const preliminary = own.every((l) => l.preliminary)
        ? sumStages(
            net,
            own.map((l) => l.preliminary as StageCost),
          )
        : null;
      return {
        orderId: order.id,
        orderNumber: order.number,
        customerName: order.customerName,
        status: order.status,
        currency: order.currency,
        netAmount: net,
        preliminary,
        committed: sumStages(
          net,
          own.map((l) => l.committed),
        ),
        actual: sumStages(
          net,
          own.map((l) => l.actual),
        ),
        lines: own,
      };
    });
  }
}

/**
 * Quality: the material of a line's scrapped parts (its pegged share of its jobs' scrap
 * non-conformances) joins the actual stage; the work on them, and rework, are booked work there
 * already (quality/non-conformance-cost.ts). A job with material issued to it has its material
 * in the ledger, scrapped parts' included (backflush counts good and scrap parts; a replacement
 * is issued again): its non-conformances add nothing more.
 */
function withScrappedMaterial(
  actual: StageCost,
  net: number,
  pegs: { supplyKind: string; supplyId: string | null; quantity: string | number }[],
  jobs: Map<string, { quantity: number }>,
  nonConformance: Map<string, { scrappedMaterial: number }>,
  issued: Map<string, unknown>,
): StageCost {
  let scrapped = 0;
  for (const peg of pegs) {
    const job = peg.supplyKind === 'job' && peg.supplyId ? jobs.get(peg.supplyId) : undefined;
    const lost = peg.supplyId ? nonConformance.get(peg.supplyId)?.scrappedMaterial : undefined;
    if (!job || !lost || job.quantity <= 0 || issued.has(peg.supplyId as string)) continue;
    scrapped += lost * Math.min(1, Number(peg.quantity) / job.quantity);
  }
  if (scrapped === 0) return actual;
  const material = actual.material + Math.round(scrapped);
  const total = material + actual.work;
  return { material, work: actual.work, total, marginPercent: marginPercent(net, total) };
}
