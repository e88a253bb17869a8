/**
 * Late purchases as the planner meets them: the late purchase order lines with the order lines
 * they hit (the exceptions page), and the supplier confirming a new date for a line. That is one
 * transaction under planning's lock: the date is written (purchasing), the plan is re-planned
 * from progress with the line's material expected at the new date (the consuming operations
 * wait for it, `late-purchase-holds.ts`; the jobs it feeds go in again where they fit, so moving
 * a date back brings the work back), every line in the plan is re-promised (P50/P90), lines whose
 * P90 passes their promised date raise `order.line.at-risk`, and a line that is late raises
 * `purchase-order.late` (once when it becomes late, again when a late line's date moves).
 */
import type { LatePurchases, SupplierDateResult } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { plantTimeZone } from '../catalog/plant-structure';
import { recordIntegrationEvents } from '../integration/outbox';
import type { ProductionService } from '../production/service';
import { latePurchaseLines } from '../purchasing/late-lines';
import type { PurchaseOrderService } from '../purchasing/purchase-order-service';
import type { SalesOrderService } from '../sales/order-service';
import { readPurchaseConsumers } from './late-purchase-holds';
import { latePurchaseEvent, type ProgressReplanService } from './progress-replan';

const DAY_MS = 86_400_000;

export interface LatePurchaseDeps {
  production: (db: Db | Tx) => ProductionService;
  purchaseOrders: (db: Db | Tx) => PurchaseOrderService;
  orders: (db: Db | Tx) => SalesOrderService;
  replan: (db: Db | Tx) => ProgressReplanService;
}

export class LatePurchaseService {
  constructor(
    private readonly db: Db,
    private readonly deps: LatePurchaseDeps,
  ) {}

  /** The late lines, latest expected first within a day, with what they hold and the lines they hit. */
  async list(db: Db | Tx = this.db, now = new Date()): Promise<LatePurchases> {
    const late = await latePurchaseLines(db, now);
    if (late.length === 0) return { computedAt: now.toISOString(), lines: [] };
    const { scheduled, progress } = await this.planState(db);
    const consumers = await readPurchaseConsumers(db, late, scheduled, progress);
    const lineIds = [...new Set([...consumers.values()].flatMap((c) => c.lineIds))];
    const orders = this.deps.orders(db);
    const [refs, promises] = await Promise.all([
      orders.lineReferences(lineIds, db),
      orders.openLinePromises(lineIds, db),
    ]);
    const promiseOf = new Map(promises.map((p) => [p.lineId, p]));
    const dayEnd = (date: string) => Date.parse(`${date}T23:59:59Z`);
    return {
      computedAt: now.toISOString(),
      lines: late.map((l) => {
        const c = consumers.get(l.id);
        const until = l.confirmedLater ? l.expectedAt.getTime() : now.getTime();
        return {
          purchaseOrderLineId: l.id,
          purchaseOrderId: l.purchaseOrderId,
          purchaseOrderNumber: l.number,
          lineNo: l.lineNo,
          version: l.version,
          itemId: l.itemId,
          itemNumber: l.itemNumber,
          itemName: l.itemName,
          supplierId: l.supplierId,
          supplierName: l.supplierName,
          openQuantity: l.openQuantity,
          dueAt: l.dueAt.toISOString(),
          confirmedAt: l.confirmedAt?.toISOString() ?? null,
          expectedAt: l.expectedAt.toISOString(),
          lateSince: l.lateSince?.toISOString() ?? null,
          reason: l.confirmedLater ? ('confirmed-later' as const) : ('overdue' as const),
          daysLate: Math.max(0, Math.round(((until - l.dueAt.getTime()) / DAY_MS) * 10) / 10),
          heldOperations: c?.operationIds.length ?? 0,
          lines: (c?.lineIds ?? []).flatMap((id) => {
            const ref = refs.get(id);
            const p = promiseOf.get(id);
            if (!ref || !p) return [];
            const p90At = p.promise?.p90At ?? null;
            return [
              {
                ...ref,
                p90At,
                plannedAt: p.promise?.plannedAt ?? null,
                atRisk:
                  p90At !== null && p.promisedDate !== null && Date.parse(p90At) > dayEnd(p.promisedDate),
              },
            ];
          }),
        };
      }),
    };
  }

  /**
   * The supplier confirms a date for an open purchase order line (null takes a confirmation
   * back): written, re-planned and re-promised in one transaction (see the file's header).
   */
  async confirmSupplierDate(
    actor: Actor,
    input: {
      purchaseOrderId: string;
      purchaseOrderLineId: string;
      confirmedDate: string | null;
      version: number;
    },
  ): Promise<SupplierDateResult> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
      const timeZone = await plantTimeZone(tx);
      const purchaseOrders = this.deps.purchaseOrders(tx);
      const changed = await purchaseOrders.confirmLineDate(tx, actor, input, timeZone);
      const { scheduled, progress } = await this.planState(tx);
      const consumers = (
        await readPurchaseConsumers(
          tx,
          [
            {
              id: input.purchaseOrderLineId,
              itemId: changed.itemId,
              salesOrderLineId: changed.salesOrderLineId,
            },
          ],
          scheduled,
          progress,
        )
      ).get(input.purchaseOrderLineId) ?? { operationIds: [], jobIds: [], lineIds: [] };
      const orders = this.deps.orders(tx);
      const before = await orders.openLinePromises(consumers.lineIds, tx);
      const moved = (changed.from?.getTime() ?? null) !== (changed.to?.getTime() ?? null);
      const now = new Date();
      const replanned = moved
        ? await this.deps.replan(tx).replan(actor, now, {
            // only what the new date demands moves, the same way every time
            searchMs: 0,
            releaseJobs: consumers.jobIds,
            reason: `re-promised after the supplier confirmed ${changed.number}/${changed.lineNo} for ${input.confirmedDate ?? 'its due date'}`,
          })
        : null;
      const after = new Map((await orders.openLinePromises(consumers.lineIds, tx)).map((l) => [l.lineId, l]));
      const [late] = (await latePurchaseLines(tx, now)).filter((l) => l.id === input.purchaseOrderLineId);
      // a line that became late was reported by the re-plan; one already late reports its new date
      if (late && moved && changed.wasLate)
        await recordIntegrationEvents(tx, [latePurchaseEvent(late, consumers.lineIds)]);
      const expected =
        changed.to && changed.to.getTime() > changed.dueAt.getTime() ? changed.to : changed.dueAt;
      return {
        purchaseOrder: await purchaseOrders.get(input.purchaseOrderId, tx),
        late: late !== undefined,
        expectedAt: expected.toISOString(),
        promises: before.map((b) => {
          const a = after.get(b.lineId);
          return {
            lineId: b.lineId,
            orderNumber: b.orderNumber,
            lineNo: b.lineNo,
            p90Before: b.promise?.p90At ?? null,
            p90After: a?.promise?.p90At ?? null,
            plannedBefore: b.promise?.plannedAt ?? null,
            plannedAfter: a?.promise?.plannedAt ?? null,
          };
        }),
        atRisk: replanned?.atRisk.map((r) => r.lineId) ?? [],
        moved: replanned?.moved ?? 0,
      };
    });
  }

  private async planState(db: Db | Tx) {
    const production = this.deps.production(db);
    const scheduled = await production.scheduledOperations(db);
    const progress = await production.operationProgress(
      scheduled.map((o) => o.id),
      db,
    );
    return { scheduled, progress };
  }
}
