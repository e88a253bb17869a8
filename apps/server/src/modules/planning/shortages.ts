/**
 * Material shortages: what open jobs (and order lines of bought items) need that stock, jobs and
 * purchase orders do not cover in time. MRP runs over the plant as it stands with requisitions
 * left out of the supply (`runCurrentMrp`, orderedOnly): a need of a bought item that MRP covers
 * with a planned order is not covered at all, one covered by a purchase order due after the
 * need is covered late. Per item: the shortfall and its first date, the jobs and the order lines
 * it hits (through the jobs' pegs), and what could solve it: the item's open purchase order
 * lines (in time, or by how many working days each would have to be expedited), its open
 * requisitions, and its suppliers by lead time (ordered today). Writes nothing.
 */
import type { ServedLine, Shortage, Shortages } from '@takt/contracts';
import { addWorkingDays, type Minutes, toInstant } from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import type { ProductionService } from '../production/service';
import type { PurchaseOrderService } from '../purchasing/purchase-order-service';
import type { RequisitionService } from '../purchasing/requisition-service';
import type { SupplierService } from '../purchasing/service';
import { type CurrentMrpDeps, jobOfDemand, runCurrentMrp } from './current-mrp';
import type { ServedLineLookup } from './pegging';
import type { PlantModel } from './plant-model';

const EPS = 1e-6;

/** What shortages and exceptions read besides MRP, each built on the caller's handle. */
export interface InsightDeps extends CurrentMrpDeps {
  lines: (db: Db | Tx) => ServedLineLookup;
  production: (db: Db | Tx) => ProductionService;
  purchaseOrders: (db: Db | Tx) => PurchaseOrderService;
  requisitions: (db: Db | Tx) => RequisitionService;
  suppliers: (db: Db | Tx) => SupplierService;
}

/** Working days from `a` to `b` on the model's working days (0 when b is not after a). */
export function workingDaysBetween(model: PlantModel, a: Minutes, b: Minutes): number {
  if (b <= a) return 0;
  let n = 0;
  for (const day of model.workingDays) if (day > a && day <= b) n++;
  return Math.max(1, n);
}

/** Order lines served by jobs, through the jobs' pegs: one query. */
export async function linesOfJobs(db: Db | Tx, jobIds: string[]): Promise<Map<string, string[]>> {
  if (jobIds.length === 0) return new Map();
  const rows = await queryRows<{ supply_id: string; sales_order_line_id: string }>(
    db,
    sql`select distinct supply_id, sales_order_line_id from supply_pegs
        where supply_kind = 'job' and sales_order_line_id is not null
          and supply_id in (select jsonb_array_elements_text(${JSON.stringify(jobIds)}::jsonb)::uuid)`,
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.supply_id, [...(out.get(r.supply_id) ?? []), r.sales_order_line_id]);
  return out;
}

export class ShortageService {
  constructor(
    private readonly db: Db,
    private readonly deps: InsightDeps,
  ) {}

  async shortages(now = Date.now()): Promise<Shortages> {
    const db = this.db;
    const mrp = await runCurrentMrp(this.deps, db, { orderedOnly: true, now });
    const { model, plant, plan } = mrp;
    const itemOf = new Map(plant.items.map((i) => [i.id, i]));
    const lineIds = new Set(mrp.demands.map((d) => d.id));
    const at = (t: Minutes) => toInstant(model.originMs, t).toISOString();

    interface Short {
      itemId: string;
      late: number;
      uncovered: number;
      need: Minutes;
      jobs: Map<string, { quantity: number; need: Minutes }>;
      lines: Set<string>;
    }
    const byItem = new Map<string, Short>();
    for (const link of plan.pegging) {
      if (itemOf.get(link.itemId)?.kind !== 'buy') continue;
      // a job's own material names the job; below a job's made component, the peg does
      const jobId = link.jobId ?? jobOfDemand(link.demandId);
      if (!jobId && !lineIds.has(link.demandId)) continue; // stock policy (safety stock, reorder point)
      const uncovered = link.supplyKind === 'planned';
      const late = !uncovered && link.supplyKind !== 'stock' && link.due > link.needed;
      if (!uncovered && !late) continue;
      const s = byItem.get(link.itemId) ?? {
        itemId: link.itemId,
        late: 0,
        uncovered: 0,
        need: link.needed,
        jobs: new Map(),
        lines: new Set<string>(),
      };
      if (uncovered) s.uncovered += link.quantity;
      else s.late += link.quantity;
      s.need = Math.min(s.need, link.needed);
      if (jobId) {
        const j = s.jobs.get(jobId) ?? { quantity: 0, need: link.needed };
        j.quantity += link.quantity;
        j.need = Math.min(j.need, link.needed);
        s.jobs.set(jobId, j);
      }
      if (lineIds.has(link.demandId)) s.lines.add(link.demandId);
      byItem.set(link.itemId, s);
    }
    const shorts = [...byItem.values()].filter((s) => s.late + s.uncovered > EPS);
    const itemIds = shorts.map((s) => s.itemId);
    const jobIds = [...new Set(shorts.flatMap((s) => [...s.jobs.keys()]))];
    const short = new Set(itemIds);
    const purchases = plant.purchases.filter((p) => short.has(p.itemId));
    const poLineIds = purchases.filter((p) => p.kind === 'purchase-order-line').map((p) => p.id);
    const reqIds = purchases.filter((p) => p.kind === 'purchase-requisition').map((p) => p.id);
    const [jobs, jobLines, poOf, reqs, terms] = await Promise.all([
      this.deps.production(db).summaries(jobIds, db),
      linesOfJobs(db, jobIds),
      this.deps.purchaseOrders(db).ordersOfLines(poLineIds, db),
      reqIds.length
        ? this.deps.requisitions(db).list({ limit: 1000, offset: 0, ids: reqIds })
        : Promise.resolve({ items: [] }),
      this.deps.suppliers(db).termsOfItems(itemIds),
    ]);
    for (const s of shorts)
      for (const jobId of s.jobs.keys()) for (const l of jobLines.get(jobId) ?? []) s.lines.add(l);
    const served = await this.deps
      .lines(db)
      .lineReferences([...new Set(shorts.flatMap((s) => [...s.lines]))], db);
    const jobOf = new Map(jobs.map((j) => [j.id, j]));
    const reqOf = new Map(reqs.items.map((r) => [r.id, r]));
    const m = (iso: string | Date) => Math.round((new Date(iso).getTime() - model.originMs) / 60_000);

    const result: Shortage[] = shorts.map((s) => {
      const item = itemOf.get(s.itemId)!;
      const solution = (arrives: Minutes) => ({
        arrivesAt: at(arrives),
        inTime: arrives <= s.need,
        expediteDays: workingDaysBetween(model, s.need, arrives),
      });
      const solutions: Shortage['solutions'] = [
        ...purchases
          .filter((p) => p.itemId === s.itemId && p.kind === 'purchase-order-line')
          .flatMap((p) => {
            const po = poOf.get(p.id);
            return po
              ? [
                  {
                    kind: 'purchase-order-line' as const,
                    id: p.id,
                    label: `${po.number}/${po.lineNo}`,
                    documentId: po.purchaseOrderId,
                    quantity: p.quantity,
                    ...solution(m(p.due)),
                  },
                ]
              : [];
          }),
        ...purchases
          .filter((p) => p.itemId === s.itemId && p.kind === 'purchase-requisition')
          .flatMap((p) => {
            const r = reqOf.get(p.id);
            return r
              ? [
                  {
                    kind: 'purchase-requisition' as const,
                    id: p.id,
                    label: r.number,
                    documentId: null,
                    quantity: p.quantity,
                    ...solution(m(p.due)),
                  },
                ]
              : [];
          }),
        ...terms
          .filter((t) => t.itemId === s.itemId)
          .map((t) => ({
            kind: 'supplier' as const,
            id: t.supplierId,
            label: `${t.supplierName} (${t.leadTimeDays} days)`,
            documentId: null,
            quantity: null,
            // ordered today, it arrives after the supplier's lead time in working days
            ...solution(addWorkingDays(model.workingDays, model.now, Math.ceil(Number(t.leadTimeDays)))),
          })),
      ].sort((a, b) => Number(b.inTime) - Number(a.inTime) || a.arrivesAt.localeCompare(b.arrivesAt));
      const lines = [...s.lines].flatMap((id) => {
        const l = served.get(id);
        return l ? [l] : [];
      }) as ServedLine[];
      return {
        itemId: s.itemId,
        itemNumber: item.number,
        itemName: item.name,
        uom: item.uom,
        shortQuantity: round(s.late + s.uncovered),
        neededAt: at(s.need),
        lateQuantity: round(s.late),
        uncoveredQuantity: round(s.uncovered),
        jobs: [...s.jobs].flatMap(([id, j]) => {
          const job = jobOf.get(id);
          return job ? [{ id, number: job.number, quantity: round(j.quantity), neededAt: at(j.need) }] : [];
        }),
        lines: lines.sort((a, b) => a.orderNumber.localeCompare(b.orderNumber) || a.lineNo - b.lineNo),
        solutions,
      };
    });
    return {
      computedAt: new Date(now).toISOString(),
      shortages: result.sort(
        (a, b) => a.neededAt.localeCompare(b.neededAt) || a.itemNumber.localeCompare(b.itemNumber),
      ),
    };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
