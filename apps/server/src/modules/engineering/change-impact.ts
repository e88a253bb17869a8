/**
 * The impact of a structure change, computed by running it: the BOM difference, the re-plan of
 * every open order line that uses the item (jobs and purchases cancelled, kept and created,
 * promise moves), the stock of components taken out (obsolete, or still used elsewhere) and
 * put in, open purchase orders of components taken out, and the cost delta from the costing
 * roll-up before and after. Runs in the caller's transaction; the caller rolls it back for a
 * preview, so the preview is what implementing does.
 */
import type { EngineeringChangeImpact } from '@takt/contracts';
import type { Actor } from '../../platform/audit';
import type { Tx } from '../../platform/db/database';
import { BomService } from '../catalog/bom-service';
import { whereUsed } from '../catalog/bom-structure';
import { RoutingService } from '../catalog/routing-service';
import { estimateCost } from '../costing/estimate-cost';
import { InventoryService } from '../inventory/service';
import { loadPlanningCatalog } from '../planning/planning-catalog';
import type { PlanningService } from '../planning/planning-service';
import { RequisitionService } from '../purchasing/requisition-service';
import type { SalesOrderService } from '../sales/order-service';
import { diffRevisions, type RevisionLine } from './bom-line-changes';
import { linesUsing, replanLines } from './replan-lines';

const utcToday = () => new Date().toISOString().slice(0, 10);

export interface StructureChange {
  itemId: string;
  /** the released revision now in force (null: the item has none yet) */
  currentBomId: string | null;
  proposedBomId: string;
  proposedRoutingId: string | null;
  /** the customer's order line a customer change is priced on */
  customerLineId: string | null;
}

/** Rolled-up cost of each demand (item, quantity) on the structure in force today. */
async function costsOf(tx: Tx, demands: { itemId: string; quantity: number }[], date: string) {
  const { catalog, ratesByWorkCenter } = await loadPlanningCatalog(tx, date);
  const structure = { ...catalog, ratesByWorkCenter };
  return {
    currency: (id: string) => catalog.items.get(id)?.currency ?? 'EUR',
    totals: demands.map((d) => estimateCost(structure, d.itemId, d.quantity).total),
  };
}

export async function runStructureChange(
  tx: Tx,
  actor: Actor,
  change: StructureChange,
  deps: { planning: PlanningService; orders: SalesOrderService },
): Promise<EngineeringChangeImpact> {
  const today = utcToday();
  const boms = new BomService(tx);
  const [current, proposed] = await Promise.all([
    change.currentBomId ? boms.get(change.currentBomId, tx) : null,
    boms.get(change.proposedBomId, tx),
  ]);
  const affected = await linesUsing(tx, deps.orders, change.itemId, today);
  const demands = [{ itemId: change.itemId, quantity: 1 }, ...affected];
  const before = await costsOf(tx, demands, today);

  // activate: the proposed revision (and routing) in force from today
  await boms.release(actor, proposed.id, proposed.version, today);
  if (change.proposedRoutingId) {
    const routings = new RoutingService(tx);
    const routing = await routings.get(change.proposedRoutingId, tx);
    await routings.release(actor, routing.id, routing.version, today);
  }
  const replanned = await replanLines(
    tx,
    actor,
    affected.map((d) => d.id),
    deps,
  );
  const after = await costsOf(tx, demands, today);

  const bomChanges = diffRevisions(
    (current?.lines ?? []) as RevisionLine[],
    proposed.lines as RevisionLine[],
  );
  const takenOut = [
    ...new Set(bomChanges.filter((d) => d.change === 'removed').map((d) => d.childItemId)),
  ].filter((id) => !proposed.lines.some((l) => l.childItemId === id));
  const putIn = [...new Set(bomChanges.filter((d) => d.change === 'added').map((d) => d.childItemId))];
  const [onHand, purchases, ...uses] = await Promise.all([
    new InventoryService(tx).onHandByItem([...takenOut, ...putIn]),
    new RequisitionService(tx).orderedForItems(takenOut, tx),
    ...takenOut.map((id) => whereUsed(tx, id, today)),
  ]);
  const nameOf = new Map(
    bomChanges.map((d) => [d.childItemId, { number: d.childNumber, name: d.childName }]),
  );
  const stock: EngineeringChangeImpact['stock'] = [
    ...takenOut.map((id, x) => {
      const usedIn = [...new Set(uses[x].filter((u) => u.level === 1).map((u) => u.number))];
      return {
        itemNumber: nameOf.get(id)!.number,
        itemName: nameOf.get(id)!.name,
        onHand: onHand.get(id) ?? 0,
        status: usedIn.length > 0 ? ('usable-elsewhere' as const) : ('obsolete' as const),
        usedIn,
      };
    }),
    ...putIn.map((id) => ({
      itemNumber: nameOf.get(id)!.number,
      itemName: nameOf.get(id)!.name,
      onHand: onHand.get(id) ?? 0,
      status: 'usable' as const,
      usedIn: [],
    })),
  ].filter((s) => s.onHand > 0);
  const delta = (x: number) => after.totals[x] - before.totals[x];
  const customerIndex = affected.findIndex((d) => d.id === change.customerLineId);
  return {
    computedAt: new Date().toISOString(),
    bomChanges: bomChanges.map(({ childItemId: _, ...d }) => d),
    ...replanned,
    stock,
    purchasesOfRemovedItems: purchases,
    cost: {
      currency: before.currency(change.itemId),
      unitBefore: before.totals[0],
      unitAfter: after.totals[0],
      unitDelta: delta(0),
      linesDelta: affected.reduce((sum, _d, x) => sum + delta(x + 1), 0),
      customerLineDelta: customerIndex >= 0 ? delta(customerIndex + 1) : null,
    },
  };
}
