/**
 * Demand forecasts: the only writer of demand_forecasts. Saving one is one transaction: the row,
 * its audit, and its supply. What the forecast asks for after consumption (`forecast-demands.ts`)
 * goes through the same MRP and capable-to-promise path as an order line (`planDemand` with every
 * open demand, `commit`): an ATO item's components are requisitioned (and made, for made
 * components) before any order comes, an MTS item itself. Changing or deleting a forecast first
 * takes out the supply that serves it alone and is not ordered or started (open requisitions,
 * planned jobs) and its pegs, then plans what is left.
 *
 * Rules (422 naming the field): an active ATO or MTS item (an MTO/ETO item is made for its order
 * alone); an ATO item with a BOM whose components are MTS (see forecast-demands.ts); a period
 * that has not ended; no two forecasts of an item for overlapping periods (an order would consume
 * both). Edits check the version (409).
 */
import type { Forecast, ForecastChange, ForecastInput, UpdateForecastBody } from '@takt/contracts';
import { type Minutes, type PeggingLink, toInstant } from '@takt/engine';
import { and, asc, count, eq, gte, like, ne, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import {
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import { roundQuantity } from '../../platform/quantity';
import {
  effectiveBomLines,
  localDateIn,
  type PlanningBomLine,
  planningItems,
  plantTimeZone,
} from '../catalog/plant-structure';
import { items } from '../catalog/tables/items';
import type { ProductionService } from '../production/service';
import type { RequisitionService } from '../purchasing/requisition-service';
import type { SalesOrderService } from '../sales/order-service';
import { atoComponents, forecastDemandPrefix } from './forecast-demands';
import type { PlanningService } from './planning-service';
import { demandForecasts, supplyPegs } from './tables';

export interface ForecastDeps {
  planning: PlanningService;
  orders: (db: Db | Tx) => SalesOrderService;
  requisitions: (db: Db | Tx) => RequisitionService;
  production: (db: Db | Tx) => ProductionService;
}

type Row = typeof demandForecasts.$inferSelect & {
  itemNumber: string;
  itemName: string;
  uom: string;
  strategy: Forecast['strategy'];
};

const noSupply = { createdRequisitions: [], createdJobs: [], cancelledRequisitions: [], cancelledJobs: [] };

export class ForecastService {
  constructor(
    private readonly db: Db,
    private readonly deps: ForecastDeps,
  ) {}

  async list(query: { limit: number; offset: number; itemId?: string; past?: boolean }) {
    const today = localDateIn(await plantTimeZone(this.db));
    const where = and(
      query.itemId ? eq(demandForecasts.itemId, query.itemId) : undefined,
      query.past ? undefined : gte(demandForecasts.periodEnd, today),
    );
    const [rows, [{ total }]] = await Promise.all([
      this.rows(this.db, where, query),
      this.db.select({ total: count() }).from(demandForecasts).where(where),
    ]);
    return { items: await this.views(this.db, rows, today), total, limit: query.limit, offset: query.offset };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<Forecast> {
    const [row] = await this.rows(db, eq(demandForecasts.id, id));
    if (!row) throw new NotFoundError('forecast', id);
    const [view] = await this.views(db, [row], localDateIn(await plantTimeZone(db)));
    return view;
  }

  async create(actor: Actor, input: ForecastInput): Promise<ForecastChange> {
    return this.db.transaction(async (tx) => {
      await this.check(tx, { ...input, id: null });
      const [created] = await tx
        .insert(demandForecasts)
        .values({
          itemId: input.itemId,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          quantity: String(input.quantity),
          note: input.note,
        })
        .returning();
      await recordAudit(tx, actor, {
        entity: 'forecast',
        entityId: created.id,
        action: 'create',
        after: created,
      });
      const planned = await this.plan(tx, actor, created.id);
      return { forecast: await this.get(created.id, tx), ...noSupply, ...planned };
    });
  }

  async update(actor: Actor, id: string, version: number, patch: Omit<UpdateForecastBody, 'version'>) {
    return this.db.transaction(async (tx): Promise<ForecastChange> => {
      const before = await this.lock(tx, id, version);
      const next = {
        id,
        itemId: before.itemId,
        periodStart: patch.periodStart ?? before.periodStart,
        periodEnd: patch.periodEnd ?? before.periodEnd,
        quantity: patch.quantity ?? Number(before.quantity),
        note: patch.note ?? before.note,
      };
      if (next.periodEnd < next.periodStart)
        throw ruleViolation('periodEnd', 'after-start', 'the period ends before it starts');
      await this.check(tx, next);
      const unplanned = await this.unplan(tx, actor, id);
      await tx
        .update(demandForecasts)
        .set({
          periodStart: next.periodStart,
          periodEnd: next.periodEnd,
          quantity: String(next.quantity),
          note: next.note,
          version: sql`${demandForecasts.version} + 1`,
        })
        .where(eq(demandForecasts.id, id));
      await recordAudit(tx, actor, {
        entity: 'forecast',
        entityId: id,
        action: 'update',
        before,
        after: next,
      });
      const planned = await this.plan(tx, actor, id);
      return { forecast: await this.get(id, tx), ...unplanned, ...planned };
    });
  }

  async remove(actor: Actor, id: string, version?: number): Promise<ForecastChange> {
    return this.db.transaction(async (tx) => {
      const before = await this.lock(tx, id, version);
      const unplanned = await this.unplan(tx, actor, id);
      await tx.delete(demandForecasts).where(eq(demandForecasts.id, id));
      await recordAudit(tx, actor, { entity: 'forecast', entityId: id, action: 'delete', before });
      return { forecast: null, ...noSupply, ...unplanned };
    });
  }

  /** Plans what the forecast still asks for: MRP and CTP over every open demand, supply written. */
  private async plan(tx: Tx, actor: Actor, id: string) {
    const open = await this.deps.orders(tx).openDemands(tx);
    const mine = open.filter((d) => d.id.startsWith(forecastDemandPrefix(id)));
    if (mine.length === 0) return { createdRequisitions: [], createdJobs: [] };
    // one run plans every demand without supply, so each of the forecast's items gets its orders;
    // `commit` pegs the first item and all new supply, the others' pegs to what exists go in here
    const plan = await this.deps.planning.planDemand(mine[0], open, tx);
    const written = await this.deps.planning.commit(tx, actor, plan);
    const others = new Set(mine.slice(1).map((d) => d.id));
    const at = (t: Minutes) => toInstant(plan.model.originMs, t);
    const kindOf = (l: PeggingLink) =>
      l.supplyKind === 'purchase'
        ? (plan.purchaseKinds.get(l.supplyId) ?? ('purchase-order-line' as const))
        : l.supplyKind === 'stock'
          ? ('stock' as const)
          : ('job' as const);
    const pegs = plan.mrp.pegging
      .filter((l) => others.has(l.demandId) && l.supplyKind !== 'planned' && roundQuantity(l.quantity) > 0)
      .map((l) => ({
        demandId: l.demandId,
        salesOrderLineId: null,
        itemId: l.itemId,
        supplyKind: kindOf(l),
        supplyId: l.supplyKind === 'stock' ? null : l.supplyId,
        quantity: String(roundQuantity(l.quantity)),
        neededAt: at(l.needed),
        dueAt: at(l.supplyKind === 'stock' ? plan.model.now : l.due),
      }));
    if (pegs.length > 0) await tx.insert(supplyPegs).values(pegs);
    return { createdRequisitions: written.requisitionNumbers, createdJobs: written.jobNumbers };
  }

  /**
   * Takes out the supply that serves this forecast alone and is still only planned (open
   * requisitions, planned jobs), and the forecast's pegs. Two queries and the owners' writes.
   */
  private async unplan(tx: Tx, actor: Actor, id: string) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
    const prefix = `${forecastDemandPrefix(id)}%`;
    const exclusive = await queryRows<{ supply_kind: string; supply_id: string }>(
      tx,
      sql`select supply_kind, supply_id::text as supply_id from supply_pegs
          where supply_kind in ('job', 'purchase-requisition') and supply_id in (
            select supply_id from supply_pegs where demand_id like ${prefix} and supply_id is not null)
          group by supply_kind, supply_id
          having bool_and(demand_id like ${prefix} or demand_id like 'surplus:%')`,
    );
    const ids = (kind: string) => exclusive.filter((r) => r.supply_kind === kind).map((r) => r.supply_id);
    const [cancelledRequisitions, cancelledJobs] = [
      await this.deps.requisitions(tx).cancelOpen(tx, actor, ids('purchase-requisition')),
      await this.deps.production(tx).cancelJobs(tx, actor, ids('job'), ['planned']),
    ];
    await tx.delete(supplyPegs).where(like(supplyPegs.demandId, prefix));
    return { cancelledRequisitions, cancelledJobs: cancelledJobs.map((j) => j.number) };
  }

  /** The rules of the header; 422 naming the field broken. */
  private async check(
    tx: Tx,
    f: { id: string | null; itemId: string; periodStart: string; periodEnd: string },
  ): Promise<void> {
    const timeZone = await plantTimeZone(tx);
    const today = localDateIn(timeZone, new Date());
    const [item] = await tx.select().from(items).where(eq(items.id, f.itemId));
    if (!item?.active) throw ruleViolation('itemId', 'exists', 'no active item with this id');
    if (item.kind === 'phantom' || (item.strategy !== 'ATO' && item.strategy !== 'MTS'))
      throw ruleViolation(
        'itemId',
        'forecastable',
        `${item.number} is ${item.kind === 'phantom' ? 'a phantom' : item.strategy}: forecasts are for assemble-to-order (ATO) and make-to-stock (MTS) items; an MTO or ETO item is made for its order alone`,
      );
    if (item.strategy === 'ATO') {
      const [catalogItems, bom] = await Promise.all([planningItems(tx), effectiveBomLines(tx, today)]);
      const byParent = new Map<string, PlanningBomLine[]>();
      for (const l of bom) byParent.set(l.parentItemId, [...(byParent.get(l.parentItemId) ?? []), l]);
      const components = atoComponents(item.id, new Map(catalogItems.map((i) => [i.id, i])), byParent);
      if (components.planned.length === 0 && components.refused.length === 0)
        throw ruleViolation(
          'itemId',
          'has-bom',
          `${item.number} has no released BOM: an ATO item's forecast plans its components`,
        );
      if (components.refused.length > 0)
        throw new RuleViolationError(
          `${components.refused.map((c) => `${c.number} (${c.strategy})`).join(', ')} cannot be planned to a forecast of ${item.number}: an order of it would plan them again for itself; make the components of an ATO item MTS`,
          components.refused.map((c) => ({
            field: 'itemId',
            rule: 'ato-components-mts',
            message: `component ${c.number} is ${c.strategy}: an order would plan it again; an ATO item's components are MTS`,
          })),
        );
    }
    if (f.periodEnd < today)
      throw ruleViolation('periodEnd', 'not-past', `the period ended ${f.periodEnd}: forecast from today on`);
    const [overlap] = await tx
      .select({
        id: demandForecasts.id,
        periodStart: demandForecasts.periodStart,
        periodEnd: demandForecasts.periodEnd,
      })
      .from(demandForecasts)
      .where(
        and(
          eq(demandForecasts.itemId, f.itemId),
          f.id ? ne(demandForecasts.id, f.id) : undefined,
          sql`${demandForecasts.periodStart} <= ${f.periodEnd}::date`,
          sql`${demandForecasts.periodEnd} >= ${f.periodStart}::date`,
        ),
      )
      .limit(1);
    if (overlap)
      throw ruleViolation(
        'periodStart',
        'no-overlap',
        `${item.number} has a forecast for ${overlap.periodStart} – ${overlap.periodEnd} already: an order would consume both`,
      );
  }

  private async lock(tx: Tx, id: string, version?: number) {
    const [row] = await tx.select().from(demandForecasts).where(eq(demandForecasts.id, id)).for('update');
    if (!row) throw new NotFoundError('forecast', id);
    if (version !== undefined && row.version !== version)
      throw new VersionConflictError('forecast', id, version, row.version);
    return row;
  }

  private rows(
    db: Db | Tx,
    where: ReturnType<typeof and>,
    page: { limit: number; offset: number } = { limit: 1, offset: 0 },
  ): Promise<Row[]> {
    return db
      .select({
        forecast: demandForecasts,
        itemNumber: items.number,
        itemName: items.name,
        uom: items.uom,
        strategy: items.strategy,
      })
      .from(demandForecasts)
      .innerJoin(items, eq(items.id, demandForecasts.itemId))
      .where(where)
      .orderBy(asc(demandForecasts.periodStart), asc(items.number))
      .limit(page.limit)
      .offset(page.offset)
      .then((rows) => rows.map(({ forecast, ...item }) => ({ ...forecast, ...item })));
  }

  /** Rows with what orders consumed of them: one query for all. */
  private async views(db: Db | Tx, rows: Row[], today: string): Promise<Forecast[]> {
    const consumed = await this.deps.orders(db).orderedInPeriods(
      rows.map((r) => ({
        id: r.id,
        itemId: r.itemId,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        quantity: Number(r.quantity),
      })),
      {},
      db,
    );
    return rows.map((r) => {
      const quantity = Number(r.quantity);
      const ordered = consumed.get(r.id) ?? 0;
      const past = r.periodEnd < today;
      return {
        id: r.id,
        itemId: r.itemId,
        itemNumber: r.itemNumber,
        itemName: r.itemName,
        uom: r.uom,
        strategy: r.strategy,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        quantity,
        consumedQuantity: ordered,
        remainingQuantity: past ? 0 : Math.max(0, quantity - ordered),
        past,
        note: r.note,
        version: r.version,
      };
    });
  }
}
